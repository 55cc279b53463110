/**
 * Confidence bands: the measured precision of the engine's top proposal per confidence range, from past
 * decisions (a decision counts as correct when the top proposal was taken as proposed), and the largest
 * auto-accept threshold a journal can use at a wanted precision.
 */
export const BAND_EDGES: ReadonlyArray<readonly [number, number]> = [
  [0.995, 1],
  [0.98, 0.995],
  [0.95, 0.98],
  [0.9, 0.95],
  [0.8, 0.9],
  [0, 0.8],
];

export type BandDecision = { confidence: number; correct: boolean; source: 'history' | 'user' };

export type Band = {
  min: number;
  max: number;
  decisions: number;
  correct: number;
  precision: number | null;
  bySource: { history: number; user: number };
  openLines: number;
};

/** [min, max): the top band includes 1. */
export const inBand = (c: number, min: number, max: number): boolean => c >= min && (max >= 1 ? c <= 1 : c < max);

export function computeBands(decisions: readonly BandDecision[], openConfidences: readonly number[]): Band[] {
  return BAND_EDGES.map(([min, max]) => {
    const sel = decisions.filter((d) => inBand(d.confidence, min, max));
    const correct = sel.filter((d) => d.correct).length;
    return {
      min,
      max,
      decisions: sel.length,
      correct,
      precision: sel.length ? correct / sel.length : null,
      bySource: { history: sel.filter((d) => d.source === 'history').length, user: sel.filter((d) => d.source === 'user').length },
      openLines: openConfidences.filter((c) => inBand(c, min, max)).length,
    };
  });
}

/** Precision of all decisions at or above a threshold (what enabling it would have given); null without decisions. */
export function precisionAtOrAbove(decisions: readonly BandDecision[], threshold: number): { n: number; precision: number | null } {
  const sel = decisions.filter((d) => d.confidence >= threshold);
  return { n: sel.length, precision: sel.length ? sel.filter((d) => d.correct).length / sel.length : null };
}
