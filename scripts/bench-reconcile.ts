/**
 * npm run bench:reconcile — speed of the matching engine: 10,000 statement lines against 50,000 open
 * items on one core (Node runs it on one thread), and the ratio against the naive all-pairs scorer
 * (same features and model, every line × every item) on a 1,000 × 5,000 subset.
 * The demo generator's size M company is synthesised up to that size (see synthesise()), its ground truth
 * carried along, so the accuracy at that size is reported too.
 * Options: --lines N (default 10000), --items N (default 50000), --seed N (default 42), --json.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { matchAllPairsNaive, matchLine, matchStatementLines, prepareMatching } from '../core/engine/reconciliation/matching/engine';
import { matchingInputFromDataset } from '../core/engine/reconciliation/matching/from-dataset';
import type { LineResult, MatchingInput } from '../core/engine/reconciliation/matching/types';
import { evaluate } from '../core/engine/reconciliation/matching/evaluate';
import { generateDemoCompany } from '../core/odoo-sim/demo/index';
import type { DemoGroundTruth } from '../core/odoo-sim/types';
import { isValidBelgianStructuredRef, makeBelgianStructuredRef, makeRfReference } from '../core/shared/iban';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '10000' }, items: { type: 'string', default: '50000' }, seed: { type: 'string', default: '42' }, 'skip-naive': { type: 'boolean', default: false }, runs: { type: 'string', default: '3' }, json: { type: 'boolean', default: false } } });
const wantLines = Number(values.lines);
const wantItems = Number(values.items);

const COPY_WORDS = ['', 'ALDER', 'BIRCH', 'CEDAR', 'DAHLIA', 'ELM', 'FERN', 'GINKGO', 'HAZEL', 'IRIS', 'JUNIPER', 'KALE', 'LARCH', 'MAPLE', 'NETTLE', 'OAK', 'POPLAR', 'QUINCE', 'ROWAN', 'SPRUCE', 'TEAK', 'ULMUS', 'VIOLA', 'WILLOW', 'XYLO', 'YEW', 'ZINNIA'];

type Truth = DemoGroundTruth['statementLines'];

/**
 * Copy c of the company: ids offset, a distinct word in partner names, distinct bank accounts, amounts
 * × (c + 1) (exact in cents, so sums still add up), and the years in every number and label moved to a
 * range of its own (2024–2026 → 2010+3c…), with structured references and RF check digits recomputed,
 * so each copy's invoice numbers are its own, as in one big company.
 */
function synthesise(base: MatchingInput, truth: Truth, lines: number, items: number): { input: MatchingInput; truth: Truth } {
  const copies = Math.min(COPY_WORDS.length, Math.ceil(items / Math.max(1, base.candidates.length)));
  const out: MatchingInput = { companyCurrency: base.companyCurrency, lines: [], candidates: [], partners: [], journals: base.journals ?? {} };
  const outTruth: Truth = [];
  const truthById = new Map(truth.map((t) => [t.statementLineId, t]));
  const referenced = new Set<number>([...base.candidates.map((x) => x.partnerId ?? 0), ...base.lines.map((x) => x.partnerId ?? 0)]);
  for (let c = 0; c < copies; c++) {
    const k = c + 1;
    const money = (x: number) => (Math.round(x * 100) * k) / 100;
    const off = (id: number) => id + c * 10_000_000;
    const year = (y: string) => String(2010 + (Number(y) - 2024) + 3 * c);
    const retext = (text: string): string => {
      if (c === 0) return text;
      return text
        .replace(/\+\+\+(\d{3})\/(\d{4})\/(\d{5})\+\+\+/g, (_m, a: string, b: string, d: string) => ogm(`${a}${b}${d}`))
        .replace(/(?<!\d)(\d{12})(?!\d)/g, (m: string) => (isValidBelgianStructuredRef(m) ? ogm(m).replace(/[^0-9]/g, '') : m))
        .replace(/20(2[4-6])/g, (m: string) => year(m))
        .replace(/RF\d{2}([A-Z0-9]+)/g, (_m, payload: string) => makeRfReference(payload));
    };
    const ogm = (digits: string) => {
      const moved = /^202[4-6]/.test(digits) ? `${year(digits.slice(0, 4))}${digits.slice(4, 10)}` : digits.slice(0, 10);
      return makeBelgianStructuredRef(Number(moved));
    };
    const word = COPY_WORDS[c] ?? '';
    for (const p of base.partners) {
      const cp = p.commercialPartnerId;
      // contact persons nobody's items or lines point at would only inflate the partner table ×copies
      if (cp !== undefined && cp !== p.id && !referenced.has(p.id)) continue;
      out.partners.push({ id: off(p.id), name: c === 0 ? p.name : `${word} ${p.name}`, bankAccounts: p.bankAccounts.map((a) => (c === 0 ? a : `${a}X${c}`)), ...(cp !== undefined ? { commercialPartnerId: off(cp) } : {}) });
    }
    for (const it of base.candidates) {
      if (out.candidates.length >= items) break;
      out.candidates.push({
        ...it, id: off(it.id), moveId: off(it.moveId), moveName: retext(it.moveName), amountResidual: money(it.amountResidual), amountResidualCurrency: money(it.amountResidualCurrency),
        ...(it.ref ? { ref: retext(it.ref) } : {}), ...(it.paymentReference ? { paymentReference: retext(it.paymentReference) } : {}),
        ...(it.partnerId !== undefined ? { partnerId: off(it.partnerId) } : {}),
      });
    }
    for (const l of base.lines) {
      if (out.lines.length >= lines) break;
      out.lines.push({
        ...l, id: off(l.id), amount: money(l.amount), label: retext(l.label),
        ...(l.amountCurrency !== undefined ? { amountCurrency: money(l.amountCurrency) } : {}),
        ...(l.amountCompany !== undefined ? { amountCompany: money(l.amountCompany) } : {}),
        ...(l.partnerName ? { partnerName: c === 0 ? l.partnerName : `${word} ${l.partnerName}` } : {}),
        ...(l.accountNumber ? { accountNumber: c === 0 ? l.accountNumber : `${l.accountNumber}X${c}` } : {}),
        ...(l.partnerId !== undefined ? { partnerId: off(l.partnerId) } : {}),
      });
      const t = truthById.get(l.id);
      if (t) outTruth.push({ ...t, statementLineId: off(t.statementLineId), settles: t.settles.map(off), partnerId: t.partnerId === false ? false : off(t.partnerId) });
    }
  }
  return { input: out, truth: outTruth };
}

const t0 = performance.now();
const { dataset, groundTruth } = generateDemoCompany({ size: 'M', seed: Number(values.seed) });
const base = matchingInputFromDataset(dataset, { statementLineIds: groundTruth.statementLines.map((s) => s.statementLineId) });
const synth = synthesise(base, groundTruth.statementLines, wantLines, wantItems);
const big = synth.input;
const genMs = performance.now() - t0;

// warm-up on the base company (JIT), then the timed runs (the machine is shared: the best of N is reported, all are listed)
matchStatementLines(base);
const runs: Array<{ buildMs: number; matchMs: number; cpuMs: number }> = [];
let prep = prepareMatching(big);
let results: LineResult[] = [];
let proposals = 0;
for (let r = 0; r < Number(values.runs); r++) {
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  prep = prepareMatching(big);
  const t2 = performance.now();
  proposals = 0;
  results = big.lines.map((line) => {
    const res = matchLine(prep, line);
    proposals += res.proposals.length;
    return res;
  });
  const t3 = performance.now();
  const c3 = process.cpuUsage(c1);
  runs.push({ buildMs: t2 - t1, matchMs: t3 - t2, cpuMs: (c3.user + c3.system) / 1000 });
}
const bestRun = [...runs].sort((a, b) => a.buildMs + a.matchMs - (b.buildMs + b.matchMs))[0] ?? { buildMs: 0, matchMs: 0, cpuMs: 0 };
const t1 = 0;
const t2 = bestRun.buildMs;
const t3 = bestRun.buildMs + bestRun.matchMs;
const cpuMs = bestRun.cpuMs;
// items of copies beyond the item budget are missing: score only lines whose items all exist
const present = new Set(big.candidates.map((x) => x.id));
const scorable = synth.truth.filter((t) => t.settles.every((id) => present.has(id)));
const accuracy = evaluate(results, scorable, prep.partners.commercialOf);

// 1k × 5k: indexed vs naive all-pairs
const smallLines = big.lines.slice(0, 1000);
const smallItems = big.candidates.slice(0, 5000);
const keepPartners = new Set<number>([...smallLines.map((l) => l.partnerId ?? 0), ...smallItems.map((x) => x.partnerId ?? 0)]);
// the copy the lines come from keeps its whole partner table (payers are looked up among all of them)
const firstCopy = new Set(base.partners.map((p) => p.id));
const small: MatchingInput = { ...big, lines: smallLines, candidates: smallItems, partners: big.partners.filter((p) => keepPartners.has(p.id) || firstCopy.has(p.id)) };
// best of N for each (shared machine), both including their own preparation (indexes / keys / partner index)
let fast: LineResult[] = [];
let naive: ReturnType<typeof matchAllPairsNaive> = [];
let fastMs = Infinity;
let naiveMs = Infinity;
for (let r = 0; r < Number(values.runs); r++) {
  const a = performance.now();
  fast = matchStatementLines(small);
  const b = performance.now();
  fastMs = Math.min(fastMs, b - a);
  if (values['skip-naive']) continue;
  naive = matchAllPairsNaive(small);
  naiveMs = Math.min(naiveMs, performance.now() - b);
}
const s0 = 0;
const s1 = fastMs;
const s2 = fastMs + (values['skip-naive'] ? 0 : naiveMs);
let agree = 0;
fast.forEach((r, i) => {
  const a = r.proposals.find((p) => p.moveLineIds.length === 1)?.moveLineIds[0];
  const b = naive[i]?.best?.moveLineIds[0];
  if (a !== undefined && a === b) agree++;
});
// on lines that settle exactly one item (what the naive scorer can express): who gets it right?
const smallItemIds = new Set(smallItems.map((x) => x.id));
const singleTruth = new Map(synth.truth.filter((t) => t.settles.length === 1 && smallItemIds.has(t.settles[0] ?? -1)).map((t) => [t.statementLineId, t.settles[0]]));
let fastRight = 0;
let naiveRight = 0;
let singles = 0;
fast.forEach((r, i) => {
  const want = singleTruth.get(r.statementLineId);
  if (want === undefined) return;
  singles++;
  const top = r.proposals[0];
  if (top && top.moveLineIds.length === 1 && top.moveLineIds[0] === want) fastRight++;
  if (naive[i]?.best?.moveLineIds[0] === want) naiveRight++;
});

const report = {
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '?', loadavg: os.loadavg().map((x) => Number(x.toFixed(2))) },
  setup: { lines: big.lines.length, items: big.candidates.length, partners: big.partners.length, generateAndSynthesiseMs: Math.round(genMs) },
  accuracy: { lines: scorable.length, top1: Number(accuracy.top1.toFixed(4)), autoAccept995: Number(accuracy.autoAccept.share.toFixed(4)), precision995: Number(accuracy.autoAccept.precision.toFixed(4)) },
  runs: runs.map((r) => ({ buildMs: Math.round(r.buildMs), matchMs: Math.round(r.matchMs), cpuMs: Math.round(r.cpuMs) })),
  engine: { indexBuildMs: Math.round(t2 - t1), matchMs: Math.round(t3 - t2), totalMs: Math.round(t3 - t1), cpuMs: Math.round(cpuMs), perLineMs: Number(((t3 - t2) / big.lines.length).toFixed(3)), proposals },
  subset: { lines: small.lines.length, items: small.candidates.length, indexedMs: Math.round(s1 - s0), naiveMs: Math.round(s2 - s1), ratio: Number(((s2 - s1) / Math.max(1, s1 - s0)).toFixed(1)), sameBestSingleItem: agree, singleItemLines: singles, indexedRight: fastRight, naiveRight },
};
if (values.json) console.log(JSON.stringify(report, null, 1));
else {
  console.log(`machine: ${report.machine.cpus} × ${report.machine.model}, load average ${report.machine.loadavg.join(' ')} (shared: figures are upper bounds)`);
  console.log(`setup: ${report.setup.lines} statement lines × ${report.setup.items} open items, ${report.setup.partners} partners (generated + synthesised in ${report.setup.generateAndSynthesiseMs} ms)`);
  console.log(`runs (build + match, ms): ${report.runs.map((r) => `${r.buildMs}+${r.matchMs}`).join(', ')}; best:`);
  console.log(`engine (one thread): index build ${report.engine.indexBuildMs} ms + matching ${report.engine.matchMs} ms = ${report.engine.totalMs} ms wall (${report.engine.perLineMs} ms/line, ${proposals} proposals)`);
  console.log(`  process CPU time for it: ${report.engine.cpuMs} ms (user+system, includes V8's GC helper threads) — goal < 3000 ms on one core: wall ${report.engine.totalMs < 3000 ? 'MET' : 'NOT MET'}, CPU ${report.engine.cpuMs < 3000 ? 'MET' : 'NOT MET'}`);
  console.log(`accuracy on the synthesised set (${scorable.length} lines with truth): top-1 ${(accuracy.top1 * 100).toFixed(1)}%, confidence ≥ 0.995 on ${(accuracy.autoAccept.share * 100).toFixed(1)}% at ${(accuracy.autoAccept.precision * 100).toFixed(1)}% precision`);
  console.log(`1k × 5k subset: indexed ${report.subset.indexedMs} ms vs naive all-pairs ${report.subset.naiveMs} ms → ${report.subset.ratio}× faster; same best single item on ${agree}/${small.lines.length} lines; on the ${singles} lines that settle one item, right: indexed ${fastRight}, naive ${naiveRight}`);
}
