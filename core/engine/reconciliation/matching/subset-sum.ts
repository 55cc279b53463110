/**
 * Bounded subset-sum on integer cents, meet-in-the-middle: which ≤ maxPicks of ≤ maxItems positive
 * amounts add up to a value in [lo, hi]? Each half enumerates only subsets of ≤ maxPicks items whose sum
 * stays ≤ hi (amounts are positive, so a subset over hi never comes back), the other half is sorted and
 * binary-searched. 25 items, 5 picks: at most 2 × 2,380 partial subsets per call.
 */

export type SubsetSumOptions = {
  /** only the first maxItems values are used (default 25); the caller orders them by relevance */
  maxItems?: number;
  /** most items in one solution (default 5) */
  maxPicks?: number;
  /** fewest items in one solution (default 2: single items are matched elsewhere) */
  minPicks?: number;
  /** solutions returned, closest to `target` first (default 8) */
  maxSolutions?: number;
  /** preferred sum (default hi): solutions are ordered by distance to it, then by fewer picks */
  target?: number;
};

export type SubsetSolution = { picks: number[]; sum: number };

type Half = { sums: number[]; masks: number[]; counts: number[] };

function enumerate(values: readonly number[], offset: number, n: number, maxPicks: number, hi: number): Half {
  const half: Half = { sums: [0], masks: [0], counts: [0] };
  const walk = (start: number, sum: number, mask: number, count: number) => {
    if (count === maxPicks) return;
    for (let i = start; i < n; i++) {
      const s = sum + (values[offset + i] ?? 0);
      if (s > hi) continue;
      const m = mask | (1 << i);
      half.sums.push(s);
      half.masks.push(m);
      half.counts.push(count + 1);
      walk(i + 1, s, m, count + 1);
    }
  };
  walk(0, 0, 0, 0);
  return half;
}

export function subsetSum(values: readonly number[], lo: number, hi: number, opts: SubsetSumOptions = {}): SubsetSolution[] {
  const maxItems = opts.maxItems ?? 25;
  const maxPicks = opts.maxPicks ?? 5;
  const minPicks = opts.minPicks ?? 2;
  const maxSolutions = opts.maxSolutions ?? 8;
  const target = opts.target ?? hi;
  const n = Math.min(values.length, maxItems);
  if (n === 0 || hi < lo || hi <= 0) return [];
  for (let i = 0; i < n; i++) if (!((values[i] ?? 0) > 0)) throw new RangeError('subsetSum: values must be positive cents');
  const na = n >> 1;
  const nb = n - na;
  const a = enumerate(values, 0, na, maxPicks, hi);
  const b = enumerate(values, na, nb, maxPicks, hi);
  const order = b.sums.map((_, i) => i).sort((x, y) => (b.sums[x] ?? 0) - (b.sums[y] ?? 0));
  const bSums = order.map((i) => b.sums[i] ?? 0);
  const found: Array<{ ma: number; mb: number; sum: number; count: number }> = [];
  const cap = Math.max(maxSolutions * 8, 64);
  for (let i = 0; i < a.sums.length && found.length < cap; i++) {
    const sa = a.sums[i] ?? 0;
    const ca = a.counts[i] ?? 0;
    let l = 0;
    let h = bSums.length;
    const want = lo - sa;
    while (l < h) {
      const mid = (l + h) >> 1;
      if ((bSums[mid] ?? 0) < want) l = mid + 1;
      else h = mid;
    }
    for (let j = l; j < bSums.length && found.length < cap; j++) {
      const s = sa + (bSums[j] ?? 0);
      if (s > hi) break;
      const bi = order[j] ?? 0;
      const count = ca + (b.counts[bi] ?? 0);
      if (count < minPicks || count > maxPicks) continue;
      found.push({ ma: a.masks[i] ?? 0, mb: b.masks[bi] ?? 0, sum: s, count });
    }
  }
  found.sort((x, y) => Math.abs(x.sum - target) - Math.abs(y.sum - target) || x.count - y.count);
  return found.slice(0, maxSolutions).map((f) => {
    const picks: number[] = [];
    for (let i = 0; i < na; i++) if (f.ma & (1 << i)) picks.push(i);
    for (let i = 0; i < nb; i++) if (f.mb & (1 << i)) picks.push(na + i);
    return { picks, sum: f.sum };
  });
}
