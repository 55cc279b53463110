import { describe, expect, it } from 'vitest';
import { computeBands, precisionAtOrAbove } from './index';

describe('confidence bands', () => {
  const d = (confidence: number, correct: boolean, source: 'history' | 'user' = 'history') => ({ confidence, correct, source });
  it('counts decisions per band with their precision and sources, and open lines per band', () => {
    const bands = computeBands([d(1, true), d(0.999, true, 'user'), d(0.995, false), d(0.99, true), d(0.5, false), d(0, true)], [1, 0.97, 0.2, 0.2]);
    expect(bands.map((b) => [b.min, b.max, b.decisions, b.correct, b.precision, b.openLines])).toEqual([
      [0.995, 1, 3, 2, 2 / 3, 1],
      [0.98, 0.995, 1, 1, 1, 0],
      [0.95, 0.98, 0, 0, null, 1],
      [0.9, 0.95, 0, 0, null, 0],
      [0.8, 0.9, 0, 0, null, 0],
      [0, 0.8, 2, 1, 0.5, 2],
    ]);
    expect(bands[0]!.bySource).toEqual({ history: 2, user: 1 });
  });
  it('precision at or above a threshold', () => {
    expect(precisionAtOrAbove([d(0.99, true), d(0.98, false), d(0.5, false)], 0.98)).toEqual({ n: 2, precision: 0.5 });
    expect(precisionAtOrAbove([], 0.9)).toEqual({ n: 0, precision: null });
  });
});
