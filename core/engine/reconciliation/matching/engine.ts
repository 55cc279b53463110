/**
 * The matching engine: per statement line, gathers candidate items through the indexes (reference keys
 * in the label, the partner's open items, same amount, amount within the write-off tolerance), builds
 * proposals (one item, several items by bounded subset-sum, a partial payment, or just the partner),
 * scores each on explainable features and turns the score into a calibrated confidence.
 */
import { buildCandidateIndex, type CandidateIndex, dayOf, type PreparedItem, toCents } from './candidate-index';
import { calibrationFeatures, dot, sigmoid } from './calibration';
import { FITTED_MODEL } from './coefficients';
import { emptyFeatures, FEATURE_NAMES, type FeatureVector, PRIOR_CALIBRATION, PRIOR_RANK_WEIGHTS, setFeature } from './features';
import { buildPartnerIndex, type PartnerEvidence, type PartnerIndex, partnerStrength } from './partners';
import { fuzzyRefHit, isStructuredKey, type ItemKey, type LabelRefs, labelRefs, structuredDisplay } from './references';
import { subsetSum } from './subset-sum';
import { isValidIban, normalizeIban } from '../../../shared/iban';
import type { JournalSettings, LineResult, MatchingInput, MatchOptions, Proposal, ProposalKind, StatementLineInput, WriteOff } from './types';

export type PreparedMatching = {
  input: MatchingInput;
  partners: PartnerIndex;
  index: CandidateIndex;
  rank: readonly number[];
  calib: readonly number[];
};

/** A proposal with its feature vector kept (fitting, diagnostics). */
export type ScoredProposal = Proposal & { features: FeatureVector };

const DEFAULT_TOLERANCE = { percent: 0, fixed: 30 };
/** an item in another currency paid in company currency: the bank's rate may differ this much from the book rate */
const FX_APPROX_SHARE = 0.03;

function defaultModel(): { rank: number[]; calib: number[] } {
  if (FITTED_MODEL && FITTED_MODEL.featureNames.length === FEATURE_NAMES.length && FITTED_MODEL.featureNames.every((n, i) => n === FEATURE_NAMES[i])) {
    return { rank: [...FITTED_MODEL.rank], calib: [...FITTED_MODEL.calib] };
  }
  return { rank: FEATURE_NAMES.map((n) => PRIOR_RANK_WEIGHTS[n]), calib: [...PRIOR_CALIBRATION] };
}

export function prepareMatching(input: MatchingInput, model?: { rank: number[]; calib: number[] }): PreparedMatching {
  const partners = buildPartnerIndex(input.partners, input.learned ?? []);
  const index = buildCandidateIndex(input.candidates, input.companyCurrency, partners.commercialOf);
  const m = model ?? defaultModel();
  return { input, partners, index, rank: m.rank, calib: m.calib };
}

/** Matches every statement line; results in input order. */
export function matchStatementLines(input: MatchingInput, opts: MatchOptions = {}): LineResult[] {
  const prep = prepareMatching(input, opts.model);
  return input.lines.map((line) => matchLine(prep, line, opts));
}

// ───────────── per line ─────────────

type Target = { currency: string; cents: number; foreign: boolean };

type Cand = { exact: number; key?: ItemKey; fuzzy?: ItemKey };

type AmountClass = 'exact' | 'fee' | 'fx' | 'rounding' | 'partial' | 'over';

type AmountEval = { cls: AmountClass; /** company cents the line is short of the items (> 0: paid less) */ d: number; /** in the target currency */ dTarget: number };

type Draft = { idxs: number[]; kind: ProposalKind; partner: number | undefined; amount?: AmountEval; solutions?: number };

type LineCtx = {
  prep: PreparedMatching;
  line: StatementLineInput;
  T: number;
  sign: 1 | -1;
  lineDay: number;
  target: Target;
  companyT: number | undefined;
  feeTol: number;
  refs: LabelRefs;
  ev: Map<number, PartnerEvidence>;
  cands: Map<number, Cand>;
  /** same-sign items the label names with a strong or medium key */
  labelHits: Set<number>;
  /** the line's account number belongs to some partner */
  accountKnown: boolean;
  settings: JournalSettings;
};

/** 1234567 → "12,345.67" (toLocaleString builds a formatter per call: far too slow for 10k lines) */
export function fmt(cents: number): string {
  const neg = cents < 0;
  const abs = Math.abs(Math.round(cents));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

export function matchLine(prep: PreparedMatching, line: StatementLineInput, opts: MatchOptions = {}): LineResult {
  const { ctx, scored } = scoreAll(prep, line, opts);
  const maxProposals = opts.maxProposals ?? 5;
  const minConfidence = opts.minConfidence ?? 0.05;
  const proposals: Proposal[] = [];
  for (const s of scored) {
    if (proposals.length >= maxProposals) break;
    if (s.p.confidence < minConfidence) break;
    // explanations are written only for what is returned: most drafts are scored and dropped
    const explained = ctx ? scoreDraft(ctx, s.d, true) : s.p;
    const out: ScoredProposal = { ...explained, confidence: s.p.confidence };
    if (opts.withFeatures) proposals.push(out);
    else {
      const { features: _f, ...rest } = out;
      proposals.push(rest);
    }
  }
  return { statementLineId: line.id, proposals };
}

/** All proposals for a line, best first, with their features (no cut-off, no explanations unless asked). */
export function scoreLine(prep: PreparedMatching, line: StatementLineInput, opts: MatchOptions & { explain?: boolean } = {}): ScoredProposal[] {
  const { ctx, scored } = scoreAll(prep, line, { ...opts, withFeatures: true });
  return scored.map((s) => (opts.explain && ctx ? { ...scoreDraft(ctx, s.d, true), confidence: s.p.confidence } : s.p));
}

/** What every scorer needs to know about a line: its amount in cents, the currency to compare in, the tolerance, its label's references and partner evidence. */
function lineContext(prep: PreparedMatching, line: StatementLineInput): LineCtx | undefined {
  const T = toCents(line.amount);
  if (T === 0) return undefined;
  const input = prep.input;
  const company = input.companyCurrency;
  const settings = input.journals?.[line.journalId] ?? {};
  const tol = settings.amountTolerance ?? DEFAULT_TOLERANCE;
  const feeTol = Math.max(toCents(tol.fixed ?? 0), Math.round((Math.abs(T) * (tol.percent ?? 0)) / 100));
  const foreignCents = line.foreignCurrency && line.amountCurrency ? toCents(line.amountCurrency) : 0;
  // compare in the currency the payment was made in: the bank's original amount, else the journal's
  const target: Target =
    line.foreignCurrency && foreignCents !== 0 && line.foreignCurrency !== company
      ? { currency: line.foreignCurrency, cents: foreignCents, foreign: true }
      : line.currency !== company
        ? { currency: line.currency, cents: T, foreign: true }
        : { currency: company, cents: T, foreign: false };
  const companyT = line.amountCompany !== undefined ? toCents(line.amountCompany) : line.currency === company ? T : undefined;
  return {
    prep, line, T, sign: T > 0 ? 1 : -1, lineDay: dayOf(line.date), target, companyT, feeTol, refs: labelRefs(line.label),
    ev: prep.partners.resolve(line), cands: new Map(), labelHits: new Set(), settings, accountKnown: accountKnown(prep, line),
  };
}

function scoreAll(prep: PreparedMatching, line: StatementLineInput, opts: MatchOptions): { ctx: LineCtx | undefined; scored: Array<{ p: ScoredProposal; d: Draft }> } {
  const ctx = lineContext(prep, line);
  if (!ctx) return { ctx: undefined, scored: [] };
  gatherCandidates(ctx);
  const drafts = buildDrafts(ctx, opts);
  const scored = drafts.map((d) => ({ p: scoreDraft(ctx, d, false, opts.withFeatures === true), d }));
  scored.sort((a, b) => b.p.score - a.p.score);
  for (let i = 0; i < scored.length; i++) {
    const p = scored[i]?.p;
    if (!p) continue;
    const other = i === 0 ? scored[1]?.p.score : scored[0]?.p.score;
    const margin = other === undefined ? 0 : p.score - other;
    p.confidence = sigmoid(dot(prep.calib, calibrationFeatures(p.score, margin, scored.length === 1)));
  }
  return { ctx, scored };
}

const accountKnown = (prep: PreparedMatching, line: StatementLineInput): boolean =>
  line.accountNumber !== undefined && (prep.partners.byAccount.get(normalizeIban(line.accountNumber))?.length ?? 0) > 0;

const sameSign = (ctx: LineCtx, p: PreparedItem): boolean => {
  const v = ctx.target.foreign && p.item.currency === ctx.target.currency ? p.curCents : p.cents;
  return Math.sign(v) === ctx.sign;
};

function addCand(ctx: LineCtx, idx: number): Cand {
  let c = ctx.cands.get(idx);
  if (!c) {
    c = { exact: 0 };
    ctx.cands.set(idx, c);
  }
  return c;
}

function gatherCandidates(ctx: LineCtx): void {
  const { index } = ctx.prep;
  // 1. references in the label
  for (const w of ctx.refs.windows) {
    const hits = index.byKey.get(w);
    if (!hits) continue;
    for (const packed of hits) {
      const strength = packed & 3;
      const idx = packed >> 4;
      const p = index.items[idx];
      if (!p || !sameSign(ctx, p)) continue;
      ctx.labelHits.add(idx);
      const c = addCand(ctx, idx);
      if (strength > c.exact) {
        c.exact = strength;
        c.key = p.keys[(packed >> 2) & 3];
      }
    }
  }
  // 2. the likely partners' open items that a single-item proposal could use beyond what the amount index
  // finds: items in another currency (exchange difference), and larger items when the label says "partial"
  // (items the label names are in already; several items are the subset-sum's business)
  const hyps = partnerHypotheses(ctx, 4);
  const company = ctx.prep.input.companyCurrency;
  for (const e of hyps) {
    const list = index.byPartner.get(e.partnerId) ?? [];
    let n = 0;
    for (const idx of nearestByDue(ctx, list)) {
      const p = index.items[idx];
      if (!p || !sameSign(ctx, p)) continue;
      const useful = p.item.currency !== company || (ctx.refs.partialHint && Math.abs(p.cents) > Math.abs(ctx.T));
      if (!useful) continue;
      addCand(ctx, idx);
      if (++n >= 40) break;
    }
  }
  // 3. the same amount, and amounts a bank fee away
  const t = ctx.target;
  for (const idx of index.amountRange(t.currency, t.cents, t.cents, t.cents, 25)) addCand(ctx, idx);
  if (!t.foreign) {
    const lo = ctx.sign > 0 ? ctx.T : ctx.T - ctx.feeTol;
    const hi = ctx.sign > 0 ? ctx.T + ctx.feeTol : ctx.T;
    for (const idx of index.amountRange(t.currency, lo, hi, ctx.T, 10)) addCand(ctx, idx);
  }
  // weak keys (bare numbers) count for candidates that came in another way: checked from the candidate side,
  // since a bare number like "12" is the key of thousands of items
  if (ctx.cands.size > 0) {
    const windows = new Set(ctx.refs.windows);
    for (const [idx, c] of ctx.cands) {
      if (c.exact !== 0) continue;
      const p = index.items[idx];
      if (p?.weakKey !== undefined && windows.has(p.weakKey)) {
        c.exact = 1;
        c.key = p.keys.find((x) => x.strength === 'weak');
      }
    }
  }
  // 4. near misses (typos) for candidates without an exact reference
  let checked = 0;
  for (const [idx, c] of ctx.cands) {
    if (c.exact >= 2 || checked >= 16) continue;
    const p = index.items[idx];
    if (!p) continue;
    checked++;
    const hit = fuzzyRefHit(p.keys, ctx.refs, p.flatKeys);
    if (hit) c.fuzzy = hit;
  }
}

/**
 * The partners worth looking at: some evidence (strength ≥ 0.9), and not far behind the best one — a
 * partner the bank named or a known account makes name look-alikes irrelevant.
 */
function partnerHypotheses(ctx: LineCtx, max: number): PartnerEvidence[] {
  const all = [...ctx.ev.values()].map((e) => ({ e, s: partnerStrength(e) })).filter((x) => x.s >= 0.9);
  all.sort((a, b) => b.s - a.s);
  const best = all[0]?.s ?? 0;
  return all.filter((x) => x.s >= best - 2).slice(0, max).map((x) => x.e);
}

/** A partner's items, those due closest to the payment date first. */
function nearestByDue(ctx: LineCtx, list: readonly number[]): number[] {
  if (list.length <= 40) return [...list];
  const items = ctx.prep.index.items;
  return [...list].sort((a, b) => Math.abs((items[a]?.dueDay ?? 0) - ctx.lineDay) - Math.abs((items[b]?.dueDay ?? 0) - ctx.lineDay));
}

function evalAmount(ctx: LineCtx, idxs: readonly number[]): AmountEval {
  const items = ctx.prep.index.items;
  const t = ctx.target;
  let sumC = 0;
  let sumCur = 0;
  let allTargetCur = true;
  let anyForeign = false;
  for (const i of idxs) {
    const p = items[i];
    if (!p) continue;
    sumC += p.cents;
    sumCur += p.curCents;
    if (p.item.currency !== t.currency) allTargetCur = false;
    if (p.item.currency !== ctx.prep.input.companyCurrency) anyForeign = true;
  }
  const s = ctx.sign;
  if (t.foreign && allTargetCur) {
    const dTarget = s * (sumCur - t.cents);
    const d = ctx.companyT !== undefined ? s * (sumC - ctx.companyT) : 0;
    if (dTarget === 0) return { cls: d === 0 ? 'exact' : 'fx', d, dTarget };
    if (dTarget > 0 && dTarget <= ctx.feeTol) return { cls: 'fee', d, dTarget };
    return { cls: dTarget > 0 ? 'partial' : 'over', d, dTarget };
  }
  const base = ctx.companyT ?? ctx.T;
  const d = s * (sumC - base);
  if (d === 0) return { cls: 'exact', d, dTarget: d };
  if (anyForeign && Math.abs(d) <= Math.abs(base) * FX_APPROX_SHARE) return { cls: 'fx', d, dTarget: d };
  if (d > 0 && d <= ctx.feeTol) return { cls: 'fee', d, dTarget: d };
  if (d < 0 && d >= -1) return { cls: 'rounding', d, dTarget: d };
  return { cls: d > 0 ? 'partial' : 'over', d, dTarget: d };
}

function buildDrafts(ctx: LineCtx, opts: MatchOptions): Draft[] {
  const { index } = ctx.prep;
  const drafts = new Map<string, Draft>();
  const put = (d: Draft) => {
    const key = d.idxs.length === 0 ? `p${d.partner ?? ''}` : [...d.idxs].sort((a, b) => a - b).join(',');
    if (!drafts.has(key)) drafts.set(key, d);
  };
  const strongPartner = (pid: number | undefined) => {
    const e = pid === undefined ? undefined : ctx.ev.get(pid);
    return e ? partnerStrength(e) : 0;
  };
  // single items
  for (const [idx, c] of ctx.cands) {
    const p = index.items[idx];
    if (!p) continue;
    const a = evalAmount(ctx, [idx]);
    if (a.cls === 'over') continue;
    if (a.cls === 'partial') {
      // a partial payment needs a reason to think of this item: it is named, or it is the known partner's
      // (a reference shared by many items names none of them in particular)
      const named = (c.exact >= 2 || c.fuzzy !== undefined) && (ctx.labelHits.size <= 3 || strongPartner(p.partner) >= 0.9);
      if (!named && strongPartner(p.partner) < 2) continue;
      put({ idxs: [idx], kind: 'partial', partner: p.partner, amount: a });
      continue;
    }
    put({ idxs: [idx], kind: 'full', partner: p.partner, amount: a });
  }
  // several items: the ones the label names, and the likely partners' open items
  const maxItems = opts.maxSubsetItems ?? 25;
  const maxPicks = opts.maxSubsetPicks ?? 5;
  const absT = Math.abs(ctx.target.foreign ? ctx.target.cents : (ctx.companyT ?? ctx.T));
  const valueOf = (p: PreparedItem) => Math.abs(ctx.target.foreign ? p.curCents : p.cents);
  const eligible = (p: PreparedItem) => (ctx.target.foreign ? p.item.currency === ctx.target.currency : p.item.currency === ctx.prep.input.companyCurrency) && valueOf(p) > 0 && valueOf(p) <= absT + ctx.feeTol;
  const runSubset = (pool: number[]) => {
    if (pool.length < 2) return;
    const values = pool.map((i) => valueOf(index.items[i] as PreparedItem));
    const sols = subsetSum(values, absT, absT + ctx.feeTol, { maxItems, maxPicks, minPicks: 2, maxSolutions: 6, target: absT });
    const exactCount = sols.filter((s) => s.sum === absT).length;
    for (const s of sols.slice(0, 4)) {
      const idxs = s.picks.map((k) => pool[k] ?? -1).filter((i) => i >= 0);
      const a = evalAmount(ctx, idxs);
      if (a.cls === 'over' || a.cls === 'partial') continue;
      const first = index.items[idxs[0] ?? -1];
      put({ idxs, kind: 'full', partner: first?.partner, amount: a, solutions: s.sum === absT ? exactCount : sols.length });
    }
  };
  const named = [...ctx.labelHits].filter((i) => {
    const p = index.items[i];
    return p !== undefined && eligible(p);
  });
  if (named.length >= 2) runSubset(named.slice(0, maxItems));
  const hyps = partnerHypotheses(ctx, 2);
  for (const e of hyps) {
    const list = index.byPartner.get(e.partnerId) ?? [];
    const pool = list.filter((i) => {
      const p = index.items[i];
      return p !== undefined && sameSign(ctx, p) && eligible(p);
    });
    if (pool.length < 2) continue;
    // named items first, then those due nearest the payment date
    pool.sort((a, b) => Number(ctx.labelHits.has(b)) - Number(ctx.labelHits.has(a)) || Math.abs((index.items[a]?.dueDay ?? 0) - ctx.lineDay) - Math.abs((index.items[b]?.dueDay ?? 0) - ctx.lineDay));
    runSubset(pool.slice(0, maxItems));
  }
  // just the partner, when nothing fits
  const best = [...ctx.ev.values()].sort((a, b) => partnerStrength(b) - partnerStrength(a))[0];
  if (best && partnerStrength(best) >= 1.5) put({ idxs: [], kind: 'partner-only', partner: best.partnerId });
  return [...drafts.values()];
}

/** reused for drafts that are scored and dropped: most of them (saves the garbage collector 10k × 20 arrays) */
const SCRATCH = emptyFeatures();

function scoreDraft(ctx: LineCtx, d: Draft, explain: boolean, keepFeatures = true): ScoredProposal {
  const { index, partners, rank } = ctx.prep;
  let x: FeatureVector;
  if (keepFeatures) x = emptyFeatures();
  else {
    x = SCRATCH;
    x.fill(0);
    x[0] = 1;
  }
  const why: string[] = [];
  const E = explain;
  const items = d.idxs.map((i) => index.items[i]).filter((p): p is PreparedItem => p !== undefined);
  const names = E ? items.map((p) => p.item.moveName) : [];
  const cur = ctx.target.currency;
  const e = d.partner !== undefined ? ctx.ev.get(d.partner) : undefined;
  const pname = E && d.partner !== undefined ? partners.nameOf(d.partner) : undefined;
  let writeOff: WriteOff | undefined;

  // amount
  const a = d.amount;
  if (a) {
    const subject = !E ? '' : items.length === 1 ? `residual of ${names[0]}` : `the sum of ${items.length} open items (${names.join(', ')})`;
    setFeature(x, 'amountRelError', Math.min(1, Math.abs(a.dTarget) / Math.max(1, Math.abs(ctx.target.cents))));
    switch (a.cls) {
      case 'exact':
      case 'rounding':
        setFeature(x, 'amountExact', 1);
        if (E) why.push(`amount ${ctx.target.foreign ? `${cur} ` : ''}${fmt(Math.abs(ctx.target.cents))} equals ${subject}`);
        if (a.cls === 'rounding') writeOff = makeWriteOff(ctx, a.d, 'rounding');
        break;
      case 'fee':
        setFeature(x, 'amountFee', 1);
        if (a.dTarget % 250 === 0) setFeature(x, 'feeRound', 1);
        if (ctx.refs.amounts.includes(a.dTarget)) setFeature(x, 'feeInLabel', 1);
        if (E) why.push(`amount is ${fmt(a.dTarget)} short of ${subject}: bank charges written off`);
        writeOff = makeWriteOff(ctx, ctx.target.foreign ? a.d : a.dTarget, 'bank-fee');
        break;
      case 'fx':
        if (ctx.target.foreign && a.dTarget === 0) {
          setFeature(x, 'amountFxExact', 1);
          if (E) why.push(`${cur} ${fmt(Math.abs(ctx.target.cents))} equals ${subject}; exchange difference ${fmt(Math.abs(a.d))} ${ctx.prep.input.companyCurrency}`);
        } else {
          setFeature(x, 'amountFxApprox', 1);
          if (E) why.push(`amount within ${(FX_APPROX_SHARE * 100).toFixed(0)}% of ${subject} in ${ctx.prep.input.companyCurrency}: exchange difference ${fmt(Math.abs(a.d))}`);
        }
        if (a.d !== 0) writeOff = makeWriteOff(ctx, a.d, 'fx');
        break;
      case 'partial': {
        setFeature(x, 'amountPartial', 1);
        if (ctx.refs.partialHint) setFeature(x, 'partialHintOnPartial', 1);
        const open = Math.abs(items.reduce((s, p) => s + (ctx.target.foreign ? p.curCents : p.cents), 0));
        if (E) why.push(`partial payment: ${fmt(Math.abs(ctx.target.cents))} of ${fmt(open)} open on ${names.join(', ')}; the rest stays open`);
        break;
      }
      case 'over':
        break;
    }
    if (a.cls !== 'partial' && ctx.refs.partialHint) setFeature(x, 'partialHintOnFull', 1);
    const labelAmounts = ctx.refs.amounts;
    if (labelAmounts.length > 0 && items.some((p) => labelAmounts.includes(Math.abs(p.curCents)))) setFeature(x, 'amountInLabel', 1);
  }

  // references
  if (items.length > 0) {
    let strong = 0;
    let medium = 0;
    let weak = 0;
    let fuzzy = 0;
    let structured = false;
    for (const p of items) {
      const c = ctx.cands.get(p.idx);
      const label = (k: ItemKey) => (!E ? '' : isStructuredKey(k.key) ? `structured reference ${structuredDisplay(k.key)}` : k.source === 'ref' ? `reference ${p.item.ref ?? ''}` : k.source === 'payment-reference' ? `payment reference ${p.item.paymentReference ?? ''}` : p.item.moveName);
      if (c?.exact === 3 && c.key) {
        strong++;
        if (isStructuredKey(c.key.key) || ctx.refs.rf.some((r) => r.valid && r.key === c.key?.key)) structured = true;
        if (E) why.push(`${label(c.key)} in label`);
      } else if (c?.exact === 2 && c.key) {
        medium++;
        if (E) why.push(`number ${c.key.key.split('|').join('/')} of ${p.item.moveName} in label`);
      } else if (c?.fuzzy) {
        fuzzy++;
        if (E) why.push(`label has a near miss of ${label(c.fuzzy)} (one typo)`);
      } else if (c?.exact === 1) {
        weak++;
        if (E) why.push(`number ${c.key?.key ?? ''} in label matches ${p.item.moveName}`);
      }
    }
    const n = items.length;
    setFeature(x, 'refStrong', strong / n);
    setFeature(x, 'refMedium', medium / n);
    setFeature(x, 'refWeak', weak / n);
    setFeature(x, 'refFuzzy', fuzzy / n);
    if (structured) setFeature(x, 'refStructured', 1);
    let named = 0;
    for (const i of d.idxs) if (ctx.labelHits.has(i)) named++;
    if (ctx.labelHits.size > named) {
      const others = E ? [...ctx.labelHits].filter((i) => !d.idxs.includes(i)) : [];
      setFeature(x, 'refOtherItem', 1);
      if (E) why.push(`label also names ${others.slice(0, 3).map((i) => index.items[i]?.item.moveName ?? '').join(', ')}`);
    }
  }
  if (ctx.labelHits.size === 0) setFeature(x, 'refNoneInLabel', 1);
  setFeature(x, 'labelRefCount', Math.min(5, ctx.labelHits.size));

  // partner
  const lineParty = ctx.prep.partners.commercialOf(ctx.line.partnerId);
  if (e?.line) {
    setFeature(x, 'partnerOnLine', 1);
    if (E) why.push(`partner ${pname} set on the statement line`);
  } else if (lineParty !== undefined && d.partner !== undefined && lineParty !== d.partner) {
    setFeature(x, 'partnerLineConflict', 1);
    if (E) why.push(`the statement line names another partner (${partners.nameOf(lineParty)})`);
  }
  const acc = ctx.line.accountNumber;
  if (e?.iban && acc) {
    setFeature(x, 'partnerIban', e.ibanShared > 1 ? 0.6 : 1);
    if (E) why.push(`${isValidIban(acc) ? 'IBAN' : 'account'} ${shortAccount(acc)} known for ${pname}${e.ibanShared > 1 ? ` (and ${e.ibanShared - 1} other partner${e.ibanShared > 2 ? 's' : ''})` : ''}`);
  } else if (acc && d.partner !== undefined && ctx.accountKnown) {
    setFeature(x, 'partnerIbanConflict', 1);
    if (E) why.push(`account ${shortAccount(acc)} belongs to another partner`);
  }
  if (e?.learned) {
    setFeature(x, 'partnerLearned', 1);
    if (E) why.push(`learned: "${e.learned}" is ${pname}`);
  }
  if (e && e.nameSim > 0) {
    setFeature(x, 'partnerNameSim', e.nameSim);
    if (!e.line && !e.iban && e.nameSim >= 0.45 && E) why.push(`counterparty "${ctx.line.partnerName ?? ''}" resembles ${pname} (${e.nameSim.toFixed(2)})`);
  }
  if (e && e.labelSim > 0) {
    setFeature(x, 'partnerLabelSim', e.labelSim);
    if (E) why.push(`name ${pname} in label`);
  }
  if (!e || (!e.line && !e.iban && !e.learned && e.nameSim < 0.45 && e.labelSim < 0.6)) setFeature(x, 'partnerNoEvidence', 1);

  // shape, ambiguity, dates
  setFeature(x, 'extraItems', Math.max(0, items.length - 1));
  if (d.solutions !== undefined) {
    setFeature(x, 'subsetAmbiguity', Math.log1p(Math.max(0, d.solutions - 1)));
    if (d.solutions > 1 && E) why.push(`${d.solutions} combinations of this partner's items give this amount`);
  } else if (items.length === 1 && d.partner !== undefined && a && (a.cls === 'exact' || a.cls === 'fee')) {
    const same = (items[0] as PreparedItem).samePartnerAmount;
    setFeature(x, 'subsetAmbiguity', Math.log1p(Math.max(0, same - 1)));
    if (same > 1 && E) why.push(`${same} open items of ${pname} have this amount`);
  }
  if (items.length === 1 && a?.cls === 'exact') {
    const n = index.amountCount(ctx.target.currency, ctx.target.cents);
    setFeature(x, 'sameAmountItems', Math.log1p(Math.max(0, n - 1)));
  }
  if (items.length > 0) {
    const maxDue = Math.max(...items.map((p) => p.dueDay));
    const past = (ctx.lineDay - maxDue) / 30;
    if (Number.isFinite(past)) setFeature(x, 'monthsPastDue', Math.max(-3, Math.min(12, past)));
    if (items.some((p) => p.day > ctx.lineDay)) {
      setFeature(x, 'itemAfterLine', 1);
      if (E) why.push('an item is dated after the payment');
    }
    const due = items.length === 1 ? items[0]?.item.dateMaturity : undefined;
    if (due && Number.isFinite(past) && E) why.push(`due ${due}, paid ${Math.round(Math.abs(past * 30))} days ${past >= 0 ? 'after' : 'before'}`);
    if (items.some((p) => p.item.isPayment)) setFeature(x, 'isPayment', 1);
  } else {
    setFeature(x, 'partnerOnly', 1);
    if (E) why.unshift(`no open item fits; partner ${pname}`);
  }
  if (ctx.sign < 0) setFeature(x, 'outgoing', 1);

  const score = dot(rank, x);
  const proposal: ScoredProposal = {
    moveLineIds: items.map((p) => p.item.id),
    kind: d.kind,
    confidence: 0,
    explanation: why,
    score,
    features: x,
  };
  if (d.partner !== undefined) proposal.partnerId = d.partner;
  if (writeOff) proposal.writeOff = writeOff;
  return proposal;
}

function makeWriteOff(ctx: LineCtx, cents: number, reason: WriteOff['reason']): WriteOff {
  const s = ctx.settings;
  // the line paid less than the items (cents > 0): a loss on a receivable, a gain on a payable
  const loss = cents > 0 === ctx.sign > 0;
  const accountId = reason === 'bank-fee' ? s.feeAccountId : reason === 'fx' || reason === 'rounding' ? (loss ? s.fxLossAccountId : s.fxGainAccountId) : s.discountAccountId;
  const w: WriteOff = { amount: cents / 100, amountCents: cents, reason };
  if (accountId !== undefined) w.accountId = accountId;
  return w;
}

function shortAccount(acc: string): string {
  const a = acc.replace(/\s/g, '');
  return a.length > 8 ? `${a.slice(0, 4)}…${a.slice(-4)}` : a;
}

/**
 * The naive reference scorer for the benchmark: every statement line against every open item, one item
 * per proposal, the same features and model as the engine (no indexes, no subset-sum). Returns the best
 * proposal per line.
 */
export function matchAllPairsNaive(input: MatchingInput): Array<{ statementLineId: number; best?: ScoredProposal }> {
  const prep = prepareMatching(input);
  const { index } = prep;
  return input.lines.map((line) => {
    const ctx = lineContext(prep, line);
    if (!ctx) return { statementLineId: line.id };
    const windows = new Set(ctx.refs.windows);
    const codes = { weak: 1, medium: 2, strong: 3 } as const;
    // every item: its reference evidence, checked key by key
    for (const p of index.items) {
      if (!sameSign(ctx, p)) continue;
      const c: Cand = { exact: 0 };
      for (const k of p.keys) {
        if (windows.has(k.key) && codes[k.strength] > c.exact) {
          c.exact = codes[k.strength];
          c.key = k;
        }
      }
      if (c.exact >= 2) ctx.labelHits.add(p.idx);
      if (c.exact < 2) {
        const hit = fuzzyRefHit(p.keys, ctx.refs, p.flatKeys);
        if (hit) c.fuzzy = hit;
      }
      ctx.cands.set(p.idx, c);
    }
    let best: ScoredProposal | undefined;
    for (const [idx, c] of ctx.cands) {
      const p = index.items[idx];
      if (!p) continue;
      const a = evalAmount(ctx, [idx]);
      if (a.cls === 'over' || (a.cls === 'partial' && c.exact < 2 && !c.fuzzy)) continue;
      const sp = scoreDraft(ctx, { idxs: [idx], kind: a.cls === 'partial' ? 'partial' : 'full', partner: p.partner, amount: a }, false);
      if (!best || sp.score > best.score) best = sp;
    }
    return best ? { statementLineId: line.id, best } : { statementLineId: line.id };
  });
}
