/**
 * Indexes over the open items, built once per run: by amount (cents, sorted, per currency), by
 * commercial partner, and by canonical reference key. A statement line only ever looks at the few
 * items these return, never at all items.
 */
import { itemKeys, type ItemKey, type KeyStrength } from './references';
import type { CandidateItem } from './types';

export type PreparedItem = {
  idx: number;
  item: CandidateItem;
  /** company-currency residual, signed cents */
  cents: number;
  /** item-currency residual, signed cents */
  curCents: number;
  partner: number | undefined;
  keys: ItemKey[];
  /** its bare sequence number ("42" of INV/2026/00042): not indexed, only checked against a candidate's label */
  weakKey?: string;
  /** strong keys without separators, for near-miss checks */
  flatKeys: string[];
  /** how many of its partner's open items (itself included) have the same company-currency residual */
  samePartnerAmount: number;
  day: number;
  dueDay: number;
};

export const toCents = (v: number): number => Math.round(v * 100);
/** 'YYYY-MM-DD' → days since 1970-01-01 (civil-from-days arithmetic: Date.parse is slow at 50k items). */
export function dayOf(iso: string | undefined): number {
  if (!iso || iso.length < 10) return Number.NaN;
  let y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  if (!(y > 0 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return Number.NaN;
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const STRENGTH_CODE: Readonly<Record<KeyStrength, number>> = { weak: 1, medium: 2, strong: 3 };

type SortedAmounts = { cents: Float64Array; idx: Int32Array };

export type CandidateIndex = {
  items: PreparedItem[];
  /** items whose residual (in `currency`; the company currency covers every item) lies in [lo, hi] cents, nearest to `near` first */
  amountRange(currency: string, lo: number, hi: number, near: number, limit: number): number[];
  /** how many items have exactly this residual in `currency` */
  amountCount(currency: string, cents: number): number;
  byPartner: Map<number, number[]>;
  /** how many of a partner's items have exactly this company-currency residual */
  partnerAmountCount(partner: number, cents: number): number;
  /** reference key → packed (idx × 16 + key position × 4 + strength code) */
  byKey: Map<string, number[]>;
};

export function buildCandidateIndex(candidates: readonly CandidateItem[], companyCurrency: string, commercialOf: (id: number | undefined) => number | undefined): CandidateIndex {
  const items: PreparedItem[] = candidates.map((item, idx) => ({
    idx,
    item,
    cents: toCents(item.amountResidual),
    curCents: toCents(item.amountResidualCurrency),
    partner: commercialOf(item.partnerId),
    keys: [],
    flatKeys: [],
    samePartnerAmount: 1,
    day: dayOf(item.date),
    dueDay: dayOf(item.dateMaturity ?? item.date),
  }));

  for (const p of items) {
    p.keys = itemKeys(p.item.moveName, p.item.paymentReference, p.item.ref);
    p.flatKeys = p.keys.map((k) => (k.strength === 'strong' ? k.key.replace(/\|/g, '') : ''));
  }

  const sorted = new Map<string, SortedAmounts>();
  const build = (currency: string, pick: (p: PreparedItem) => number | undefined) => {
    const pairs: Array<[number, number]> = [];
    for (const p of items) {
      const v = pick(p);
      if (v !== undefined && v !== 0) pairs.push([v, p.idx]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    sorted.set(currency, { cents: Float64Array.from(pairs, (x) => x[0]), idx: Int32Array.from(pairs, (x) => x[1]) });
  };
  build(companyCurrency, (p) => p.cents);
  const currencies = new Set(items.map((p) => p.item.currency).filter((c) => c !== companyCurrency));
  for (const c of currencies) build(c, (p) => (p.item.currency === c ? p.curCents : undefined));

  const lowerBound = (arr: Float64Array, v: number) => {
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((arr[mid] ?? 0) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const amountRange = (currency: string, lo: number, hi: number, near: number, limit: number): number[] => {
    const s = sorted.get(currency);
    if (!s || hi < lo) return [];
    const start = lowerBound(s.cents, lo);
    const end = lowerBound(s.cents, hi + 0.5);
    if (end - start <= limit) return Array.from(s.idx.subarray(start, end));
    // too many: the ones nearest to `near`, expanding outwards from it
    let r = Math.min(Math.max(lowerBound(s.cents, near), start), end);
    let l = r - 1;
    const out: number[] = [];
    while (out.length < limit && (l >= start || r < end)) {
      const dl = l >= start ? Math.abs((s.cents[l] ?? 0) - near) : Infinity;
      const dr = r < end ? Math.abs((s.cents[r] ?? 0) - near) : Infinity;
      if (dl <= dr) out.push(s.idx[l--] ?? 0);
      else out.push(s.idx[r++] ?? 0);
    }
    return out;
  };

  const amountCount = (currency: string, cents: number): number => {
    const s = sorted.get(currency);
    if (!s) return 0;
    return lowerBound(s.cents, cents + 0.5) - lowerBound(s.cents, cents - 0.5);
  };

  const byPartner = new Map<number, number[]>();
  for (const p of items) {
    if (p.partner === undefined) continue;
    const list = byPartner.get(p.partner) ?? [];
    list.push(p.idx);
    byPartner.set(p.partner, list);
  }
  for (const list of byPartner.values()) list.sort((a, b) => (items[a]?.dueDay ?? 0) - (items[b]?.dueDay ?? 0));

  const partnerAmounts = new Map<number, Map<number, number>>();
  for (const p of items) {
    if (p.partner === undefined) continue;
    let m = partnerAmounts.get(p.partner);
    if (!m) partnerAmounts.set(p.partner, (m = new Map()));
    m.set(p.cents, (m.get(p.cents) ?? 0) + 1);
  }
  const partnerAmountCount = (partner: number, cents: number) => partnerAmounts.get(partner)?.get(cents) ?? 0;
  for (const p of items) if (p.partner !== undefined) p.samePartnerAmount = partnerAmountCount(p.partner, p.cents);

  const byKey = new Map<string, number[]>();
  for (const p of items) {
    p.keys.slice(0, 4).forEach((k, pos) => {
      if (k.strength === 'weak') {
        p.weakKey = k.key;
        return;
      }
      let list = byKey.get(k.key);
      if (!list) byKey.set(k.key, (list = []));
      list.push(p.idx * 16 + pos * 4 + STRENGTH_CODE[k.strength]);
    });
  }
  return { items, amountRange, amountCount, byPartner, partnerAmountCount, byKey };
}
