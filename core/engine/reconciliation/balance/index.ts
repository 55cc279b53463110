/**
 * Statement balance check per bank journal and month: opening + movements = closing, compared with the
 * bank's declared closing balance where a statement gave one, and the sum of all statement lines compared
 * with the journal's bank account balance in the books. Works in integer cents.
 */
export type BalanceLine = { date: string; amount: number };
/** A balance the bank declared: at the end of `date` the account held `amount`. */
export type DeclaredBalance = { date: string; amount: number };

export type PeriodBalance = {
  period: string;
  opening: number;
  movements: number;
  closing: number;
  statementClosing?: number;
  difference: number;
  ok: boolean;
  lines: number;
};

const cents = (x: number): number => Math.round(x * 100);

/**
 * Months from the first line to the last: the opening of the first month is the declared opening (the
 * caller's) else 0; the last closing the bank declared inside a month is compared with the books' balance
 * at that date (difference = declared − computed; ok when equal to the cent, or when none was declared).
 */
export function periodBalances(lines: readonly BalanceLine[], declared: readonly DeclaredBalance[] = [], opening = 0): PeriodBalance[] {
  if (lines.length === 0) return [];
  const byMonth = new Map<string, { sum: number; n: number }>();
  for (const l of lines) {
    const m = l.date.slice(0, 7);
    const e = byMonth.get(m) ?? { sum: 0, n: 0 };
    e.sum += cents(l.amount);
    e.n++;
    byMonth.set(m, e);
  }
  const months = [...byMonth.keys()].sort();
  const decl = [...declared].sort((a, b) => a.date.localeCompare(b.date));
  // the books' balance at the end of each declared date: opening + every line up to that day
  const sorted = [...lines].sort((a, b) => a.date.localeCompare(b.date));
  const atDate = (date: string): number => {
    let s = cents(opening);
    for (const l of sorted) {
      if (l.date > date) break;
      s += cents(l.amount);
    }
    return s;
  };
  const out: PeriodBalance[] = [];
  let running = cents(opening);
  for (const m of months) {
    const e = byMonth.get(m)!;
    const open = running;
    running += e.sum;
    const inMonth = decl.filter((d) => d.date.slice(0, 7) === m);
    const last = inMonth[inMonth.length - 1];
    const p: PeriodBalance = { period: m, opening: open / 100, movements: e.sum / 100, closing: running / 100, difference: 0, ok: true, lines: e.n };
    if (last) {
      const computed = atDate(last.date);
      p.statementClosing = last.amount;
      p.difference = (cents(last.amount) - computed) / 100;
      p.ok = cents(last.amount) === computed;
    }
    out.push(p);
  }
  return out;
}
