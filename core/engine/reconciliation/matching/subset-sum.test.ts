import { describe, expect, it } from 'vitest';
import { subsetSum } from './subset-sum';

const sumOf = (values: number[], picks: number[]) => picks.reduce((s, i) => s + (values[i] ?? 0), 0);

describe('subsetSum', () => {
  it('finds the exact combination', () => {
    const values = [12_000, 3_550, 80_025, 4_410, 19_999, 7_000];
    const sols = subsetSum(values, 27_959, 27_959);
    expect(sols[0]?.sum).toBe(27_959);
    expect(sumOf(values, sols[0]?.picks ?? [])).toBe(27_959);
  });

  it('accepts a sum inside the tolerance band, closest to the target first', () => {
    const values = [10_000, 20_000, 30_010, 5_000];
    const sols = subsetSum(values, 30_000, 30_025, { target: 30_000 });
    expect(sols.map((s) => s.sum)).toEqual([30_000, 30_010, 30_010].slice(0, sols.length));
    expect(sols[0]?.picks.sort()).toEqual([0, 1]);
  });

  it('respects the pick bound', () => {
    const values = [1, 1, 1, 1, 1, 1, 1].map((x) => x * 100);
    expect(subsetSum(values, 600, 600, { maxPicks: 5 })).toEqual([]);
    expect(subsetSum(values, 500, 500, { maxPicks: 5 })[0]?.picks).toHaveLength(5);
  });

  it('only looks at the first maxItems values', () => {
    const values = [...Array.from({ length: 30 }, () => 1_000), 777];
    expect(subsetSum(values, 1_777, 1_777)).toEqual([]);
    expect(subsetSum(values, 1_777, 1_777, { maxItems: 31 })[0]?.sum).toBe(1_777);
  });

  it('needs at least minPicks items, and rejects non-positive input', () => {
    expect(subsetSum([500, 700], 500, 500)).toEqual([]);
    expect(subsetSum([500, 700], 500, 500, { minPicks: 1 })[0]?.picks).toEqual([0]);
    expect(() => subsetSum([500, 0], 500, 500)).toThrow(RangeError);
  });

  it('stays fast at the bound (25 items, 5 picks)', () => {
    const values = Array.from({ length: 25 }, (_, i) => 10_000 + i * 137);
    const t0 = performance.now();
    for (let k = 0; k < 20; k++) subsetSum(values, 1, 10_000_000);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});
