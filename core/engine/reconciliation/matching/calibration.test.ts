import { describe, expect, it } from 'vitest';
import { calibrationFeatures, dot, fitLogistic, sigmoid } from './calibration';
import { FITTED_MODEL } from './coefficients';
import { FEATURE_NAMES, PRIOR_CALIBRATION } from './features';

/** deterministic pseudo-random numbers (tests must not flake) */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
}

describe('calibration', () => {
  it('the fitted model matches the feature list it was fitted with', () => {
    if (!FITTED_MODEL) return;
    expect(FITTED_MODEL.featureNames).toEqual(FEATURE_NAMES);
    expect(FITTED_MODEL.rank).toHaveLength(FEATURE_NAMES.length);
    expect(FITTED_MODEL.calib).toHaveLength(4);
  });

  it('confidence never falls when the score or the margin over the runner-up rises', () => {
    const calib = FITTED_MODEL?.calib ?? PRIOR_CALIBRATION;
    for (const alone of [false, true]) {
      for (let margin = -10; margin <= 10; margin += 0.5) {
        let prev = -1;
        for (let score = -15; score <= 15; score += 0.25) {
          const c = sigmoid(dot(calib, calibrationFeatures(score, margin, alone)));
          expect(c).toBeGreaterThanOrEqual(prev);
          prev = c;
        }
      }
      for (let score = -15; score <= 15; score += 1) {
        let prev = -1;
        for (let margin = -10; margin <= 10; margin += 0.25) {
          const c = sigmoid(dot(calib, calibrationFeatures(score, margin, alone)));
          expect(c).toBeGreaterThanOrEqual(prev);
          prev = c;
        }
      }
    }
  });

  it('fitLogistic recovers a known model and its probabilities are calibrated', () => {
    const rnd = lcg(7);
    const truth = [-1, 2, -3];
    const xs: number[][] = [];
    const ys: number[] = [];
    for (let i = 0; i < 6000; i++) {
      const x = [1, rnd() * 4 - 2, rnd() * 2 - 1];
      xs.push(x);
      ys.push(rnd() < sigmoid(dot(truth, x)) ? 1 : 0);
    }
    const w = fitLogistic(xs, ys, { l2: 1e-3 });
    w.forEach((v, i) => expect(Math.abs(v - (truth[i] ?? 0))).toBeLessThan(0.3));
    // reliability: in each probability decile the observed rate is close to the predicted one
    for (let k = 0; k < 10; k++) {
      const sel = xs.map((x, i) => ({ p: sigmoid(dot(w, x)), y: ys[i] ?? 0 })).filter((r) => r.p >= k / 10 && r.p < (k + 1) / 10);
      if (sel.length < 200) continue;
      const meanP = sel.reduce((s, r) => s + r.p, 0) / sel.length;
      const rate = sel.reduce((s, r) => s + r.y, 0) / sel.length;
      expect(Math.abs(meanP - rate)).toBeLessThan(0.06);
    }
  });

  it('keeps constrained coefficients non-negative', () => {
    const xs = [[1, 1], [1, 2], [1, 3], [1, 4]];
    const ys = [1, 1, 0, 0];
    const w = fitLogistic(xs, ys, { nonNegative: [1] });
    expect(w[1]).toBeGreaterThanOrEqual(0);
  });
});
