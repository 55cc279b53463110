import { describe, expect, it } from 'vitest';
import { periodBalances } from './index';

describe('statement balance per month', () => {
  const lines = [
    { date: '2026-01-05', amount: 100.1 },
    { date: '2026-01-20', amount: -40.05 },
    { date: '2026-02-03', amount: 10 },
    { date: '2026-03-31', amount: 0.2 },
  ];
  it('opening + movements = closing, month after month, in cents', () => {
    const p = periodBalances(lines, [], 1000);
    expect(p.map((x) => [x.period, x.opening, x.movements, x.closing, x.lines, x.ok])).toEqual([
      ['2026-01', 1000, 60.05, 1060.05, 2, true],
      ['2026-02', 1060.05, 10, 1070.05, 1, true],
      ['2026-03', 1070.05, 0.2, 1070.25, 1, true],
    ]);
  });
  it('compares the bank’s declared closing with the books at that date, and shows the difference', () => {
    const p = periodBalances(lines, [{ date: '2026-01-10', amount: 1100.1 }, { date: '2026-02-28', amount: 1070 }], 1000);
    expect(p[0]).toMatchObject({ statementClosing: 1100.1, difference: 0, ok: true });
    expect(p[1]).toMatchObject({ statementClosing: 1070, difference: -0.05, ok: false });
    expect(p[2]).toMatchObject({ ok: true, difference: 0 });
    expect(p[2]!.statementClosing).toBeUndefined();
  });
  it('no lines, no periods', () => {
    expect(periodBalances([], [{ date: '2026-01-01', amount: 5 }])).toEqual([]);
  });
});
