/**
 * Scoring the engine against a demo company's ground truth, and fitting the model on it. Used by
 * scripts/eval-reconcile.ts and by the ground-truth regression test.
 */
import type { DemoGroundTruth } from '../../../odoo-sim/types';
import { calibrationFeatures, dot, fitLogistic } from './calibration';
import { type PreparedMatching, prepareMatching, scoreLine } from './engine';
import { FEATURE_COUNT, FEATURE_NAMES, PRIOR_RANK_WEIGHTS } from './features';
import type { LineResult, MatchingInput, Proposal } from './types';

export type TruthLine = DemoGroundTruth['statementLines'][number];

export const CONFIDENCE_BANDS = [0.995, 0.99, 0.95, 0.9, 0.8, 0.5] as const;

/** Right when the move line ids are exactly the truth's; for a line that settles nothing, when the partner is (or no proposal when there is none). */
export function isCorrect(p: Proposal | undefined, truth: TruthLine, commercialOf: (id: number | undefined) => number | undefined = (x) => x): boolean {
  if (truth.settles.length === 0) {
    if (truth.partnerId === false) return p === undefined || (p.moveLineIds.length === 0 && p.partnerId === undefined);
    return p !== undefined && p.moveLineIds.length === 0 && p.partnerId !== undefined && commercialOf(p.partnerId) === commercialOf(truth.partnerId);
  }
  if (!p || p.moveLineIds.length !== truth.settles.length) return false;
  const want = new Set(truth.settles);
  return p.moveLineIds.every((id) => want.has(id));
}

export type EvalReport = {
  lines: number;
  top1: number;
  /** the right proposal is among those returned */
  recall: number;
  byCase: Record<string, { n: number; top1: number }>;
  bands: Array<{ threshold: number; coverage: number; precision: number; n: number }>;
  /** lines whose top proposal has confidence ≥ 0.995, and the precision measured on them */
  autoAccept: { threshold: number; share: number; precision: number };
  /** the largest share reachable at ≥ 99.5% measured precision, and the threshold that gives it */
  bestAutoAccept: { threshold: number; share: number; precision: number };
  writeOffs: { n: number; right: number };
  /** mean confidence vs accuracy per decile of the top proposal's confidence */
  reliability: Array<{ from: number; to: number; n: number; meanConfidence: number; accuracy: number }>;
};

export function evaluate(results: readonly LineResult[], truth: readonly TruthLine[], commercialOf?: (id: number | undefined) => number | undefined): EvalReport {
  const byLine = new Map(results.map((r) => [r.statementLineId, r]));
  const byCase: EvalReport['byCase'] = {};
  const tops: Array<{ conf: number; ok: boolean }> = [];
  let top1 = 0;
  let recall = 0;
  const writeOffs = { n: 0, right: 0 };
  for (const t of truth) {
    const r = byLine.get(t.statementLineId);
    const top = r?.proposals[0];
    const ok = isCorrect(top, t, commercialOf);
    if (ok) top1++;
    if (ok || (r?.proposals ?? []).some((p) => isCorrect(p, t, commercialOf))) recall++;
    const c = (byCase[t.case] ??= { n: 0, top1: 0 });
    c.n++;
    if (ok) c.top1++;
    // a line with no proposal is never auto-accepted: confidence 0
    tops.push({ conf: top?.confidence ?? 0, ok: ok && top !== undefined });
    if (t.writeOff && ok && top) {
      writeOffs.n++;
      const reason = t.writeOff.reason === 'bank-fee' ? 'bank-fee' : t.writeOff.reason;
      if (top.writeOff && top.writeOff.reason === reason && Math.abs(top.writeOff.amount - t.writeOff.amount) < 0.005) writeOffs.right++;
    }
  }
  const n = truth.length;
  const band = (th: number) => {
    const sel = tops.filter((x) => x.conf >= th);
    const good = sel.filter((x) => x.ok).length;
    return { threshold: th, coverage: n ? sel.length / n : 0, precision: sel.length ? good / sel.length : 1, n: sel.length };
  };
  const bands = CONFIDENCE_BANDS.map(band);
  const fixed = band(0.995);
  // best threshold: walk the tops from most to least confident
  const sorted = [...tops].sort((a, b) => b.conf - a.conf);
  let good = 0;
  let best = { threshold: 1, share: 0, precision: 1 };
  sorted.forEach((x, i) => {
    if (x.ok) good++;
    const next = sorted[i + 1];
    if (next && next.conf === x.conf) return;
    const prec = good / (i + 1);
    if (prec >= 0.995 && x.conf > 0) best = { threshold: x.conf, share: (i + 1) / n, precision: prec };
  });
  const reliability: EvalReport['reliability'] = [];
  for (let k = 0; k < 10; k++) {
    const from = k / 10;
    const to = (k + 1) / 10;
    const sel = tops.filter((x) => x.conf >= from && (k === 9 ? x.conf <= to : x.conf < to));
    if (sel.length === 0) continue;
    reliability.push({ from, to, n: sel.length, meanConfidence: sel.reduce((s, x) => s + x.conf, 0) / sel.length, accuracy: sel.filter((x) => x.ok).length / sel.length });
  }
  return {
    lines: n, top1: n ? top1 / n : 0, recall: n ? recall / n : 0,
    byCase: Object.fromEntries(Object.entries(byCase).map(([k, v]) => [k, { n: v.n, top1: v.n ? v.top1 / v.n : 0 }])),
    bands, autoAccept: { threshold: 0.995, share: fixed.coverage, precision: fixed.precision }, bestAutoAccept: best, writeOffs, reliability,
  };
}

/**
 * Fits the ranker (logistic over proposal features: is this the right proposal?) and then the calibrator
 * (logistic over score and margin), on one dataset's ground truth.
 */
export function fitModel(input: MatchingInput, truth: readonly TruthLine[], opts: { l2?: number } = {}): { rank: number[]; calib: number[]; proposals: number } {
  const truthById = new Map(truth.map((t) => [t.statementLineId, t]));
  const lines = input.lines.filter((l) => truthById.has(l.id));
  // candidates and features do not depend on the weights: the prior model only orders what is kept
  const prep0 = prepareMatching(input, { rank: FEATURE_NAMES.map((n) => PRIOR_RANK_WEIGHTS[n]), calib: [0, 1, 0, 0] });
  const xs: number[][] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const line of lines) {
    const t = truthById.get(line.id) as TruthLine;
    const props = scoreLine(prep0, line).slice(0, 12);
    // each line weighs the same whatever its number of proposals
    const w = props.length > 0 ? 1 / Math.sqrt(props.length) : 1;
    for (const p of props) {
      xs.push(p.features);
      ys.push(isCorrect(p, t, prep0.partners.commercialOf) ? 1 : 0);
      ws.push(w);
    }
  }
  const rank = fitLogistic(xs, ys, { l2: opts.l2 ?? 0.3, weights: ws, iterations: 40, prior: FEATURE_NAMES.map((n) => PRIOR_RANK_WEIGHTS[n]) });
  if (rank.length !== FEATURE_COUNT) throw new Error('feature count mismatch');
  const prep1: PreparedMatching = { ...prep0, rank, calib: [0, 1, 0, 0] };
  const cx: number[][] = [];
  const cy: number[] = [];
  for (const line of lines) {
    const t = truthById.get(line.id) as TruthLine;
    const props = scoreLine(prep1, line).slice(0, 5);
    props.forEach((p, i) => {
      const other = i === 0 ? props[1]?.score : props[0]?.score;
      const margin = other === undefined ? 0 : p.score - other;
      cx.push(calibrationFeatures(dot(rank, p.features), margin, props.length === 1));
      cy.push(isCorrect(p, t, prep0.partners.commercialOf) ? 1 : 0);
    });
  }
  const calib = fitLogistic(cx, cy, { l2: 0.01, iterations: 60, nonNegative: [1, 2] });
  return { rank, calib, proposals: xs.length };
}
