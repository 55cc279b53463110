import { describe, expect, it } from 'vitest';
import { backtestRule, labelTokens, matchesPattern, mineRules, mineTolerance, patternRegex, type DecidedLine } from './index';

let id = 0;
const line = (label: string, target: DecidedLine['target'], journalId = 1): DecidedLine => ({ id: ++id, journalId, date: '2026-01-01', amount: -10, label, target });
const fees = { kind: 'account', accountId: 657 } as const;
const rent = { kind: 'account', accountId: 610, taxId: 4 } as const;

describe('label tokens', () => {
  it('keeps words, drops numbers, dates and references, folds case and accents', () => {
    expect(labelTokens('Beheerskosten rekening 01/2026 REF 0123')).toEqual(['BEHEERSKOSTEN', 'REKENING', 'REF']);
    expect(labelTokens('Loyer Société Générale')).toEqual(['LOYER', 'SOCIETE', 'GENERALE']);
    expect(matchesPattern(['A', 'STRIPE', 'PAYOUT', 'X'], ['STRIPE', 'PAYOUT'])).toBe(true);
    expect(matchesPattern(['STRIPE', 'X', 'PAYOUT'], ['STRIPE', 'PAYOUT'])).toBe(false);
  });
});

describe('mining', () => {
  const lines = [
    ...Array.from({ length: 6 }, (_, i) => line(`WORLDLINE CARD FEES ${i}/2026`, fees)),
    ...Array.from({ length: 4 }, (_, i) => line(`HUUR KANTOOR ${i} 2026`, rent)),
    line('WORLDLINE refund 12', { kind: 'items', partnerId: 9 }),
    ...Array.from({ length: 5 }, (_, i) => line(`STRIPE PAYOUT ${1000 + i}`, { kind: 'items', partnerId: 42 })),
    line('random words only once', fees),
  ];
  it('finds label → account (with its tax) and label → partner, general patterns first, nothing below the support', () => {
    const acc = mineRules(lines, 'label-account');
    // 'WORLDLINE' alone also fires on the refund (6/7 < 95%); among patterns covering the same lines the longest wins
    expect(acc.map((r) => [r.pattern, r.accountId, r.taxId, r.support])).toEqual([
      ['WORLDLINE CARD FEES', 657, undefined, 6],
      ['HUUR KANTOOR', 610, 4, 4],
    ]);
    const partner = mineRules(lines, 'label-partner');
    expect(partner).toEqual([{ journalId: 1, kind: 'label-partner', pattern: 'STRIPE PAYOUT', partnerId: 42, support: 5 }]);
  });
  it('back-tests a rule on the journal: precision and coverage', () => {
    const [rule] = mineRules(lines, 'label-account');
    expect(backtestRule(rule!, lines)).toEqual({ lines: lines.length, matched: 6, correct: 6, precision: 1, coverage: 6 / lines.length });
    const loose = { ...rule!, pattern: 'WORLDLINE' };
    expect(backtestRule({ ...rule!, pattern: 'CARD' }, lines)).toMatchObject({ matched: 6, correct: 6 });
    expect(backtestRule(loose, lines)).toMatchObject({ matched: 7, correct: 6, precision: 6 / 7 });
    expect(backtestRule({ ...rule!, journalId: 2 }, lines)).toMatchObject({ lines: 0, matched: 0, precision: null, coverage: 0 });
  });
  it('mines a fixed tolerance when short payments are about the same, a percentage when they grow', () => {
    const short = (gap: number, total: number) => line('x', { kind: 'items', partnerId: 1, gap, itemsTotal: total });
    expect(mineTolerance([short(12.5, 1000), short(15, 200), short(15, 5000), short(12.5, 700)])).toEqual({ kind: 'fixed', value: 15 });
    expect(mineTolerance([short(1, 100), short(10, 1000), short(50, 5000), short(20, 2000)])).toEqual({ kind: 'percent', value: 1 });
    expect(mineTolerance([short(1, 100)])).toBeUndefined();
  });
  it('exports a pattern as a regex Odoo can use', () => {
    expect(patternRegex('STRIPE PAYOUT')).toBe('STRIPE\\W+PAYOUT');
    expect(new RegExp(patternRegex('STRIPE PAYOUT')).test('STRIPE  PAYOUT 123')).toBe(true);
  });
});
