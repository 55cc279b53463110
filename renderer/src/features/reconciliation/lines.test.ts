import { describe, expect, test } from 'vitest';
import { bandOf, filterLines, formatAmount, lineStatus, matchesServerFilters, openProposals, proposalKey, rejectedProposals } from './lines';
import type { Proposal, StatementLine } from './reconciliation.api';

const proposal = (confidence: number, moveLineId = 1, extra: Partial<Proposal> = {}): Proposal => ({
  moveLineIds: [moveLineId],
  kind: 'full',
  confidence,
  explanation: ['x'],
  items: [{ moveLineId, moveName: `INV/${moveLineId}`, date: '2026-08-01', residual: 10, currency: 'EUR', accountType: 'receivable' }],
  ...extra,
});
const line = (id: number, amount: number, label: string, ...confidences: number[]): StatementLine => ({
  statementLineId: id,
  journalId: 1,
  date: '2026-09-01',
  amount,
  currency: 'EUR',
  label,
  proposals: confidences.map((c, i) => proposal(c, 100 * id + i)),
});
const none = { rejected: {}, queued: {} };
const all = { query: '', band: 'all', sign: 'all', status: 'all' } as const;

describe('bandOf', () => {
  test('bands by the thresholds', () => {
    expect([1, 0.995, 0.99, 0.9, 0.89, 0.5, 0.49, undefined].map(bandOf)).toEqual(['auto', 'auto', 'high', 'high', 'medium', 'medium', 'none', 'none']);
  });
});

describe('openProposals', () => {
  test('leaves out the ones rejected here (by identity, not index) and keeps the core index', () => {
    const l = line(1, 10, 'a', 1, 0.6);
    expect(openProposals(l, [proposalKey(l.proposals[0]!)]).map((p) => p.index)).toEqual([1]);
  });
  test('leaves out the ones the core marks rejected, and lists them apart', () => {
    const l: StatementLine = { ...line(1, 10, 'a'), proposals: [proposal(0.8, 7), proposal(0.99, 8, { rejected: true })] };
    expect(openProposals(l).map((p) => p.index)).toEqual([0]);
    expect(rejectedProposals(l).map((p) => p.index)).toEqual([1]);
    expect(lineStatus(l, none)).toBe('skipped');
  });
});

describe('filterLines', () => {
  const lines = [line(1, 10, 'PAY 1', 1), line(2, -5, 'Bank fee', 0.95), line(3, 7, 'PAY 3'), line(4, 3, 'pay 4', 0.6)];

  test('counts per band among the text and sign matches, lists the chosen band', () => {
    const r = filterLines(lines, none, { ...all, query: 'pay' });
    expect(r.counts).toEqual({ auto: 1, high: 0, medium: 1, none: 1 });
    expect(r.visible.map((l) => l.statementLineId)).toEqual([1, 3, 4]);
    expect(filterLines(lines, none, { ...all, band: 'high' }).visible.map((l) => l.statementLineId)).toEqual([2]);
    expect(filterLines(lines, none, { ...all, sign: 'out' }).visible.map((l) => l.statementLineId)).toEqual([2]);
  });

  test('searches partner and invoice names too', () => {
    expect(filterLines(lines, none, { ...all, query: 'INV/300' }).visible.map((l) => l.statementLineId)).toEqual([]);
    expect(filterLines(lines, none, { ...all, query: 'inv/400' }).visible.map((l) => l.statementLineId)).toEqual([4]);
  });

  test('a rejected best proposal moves the line to its next band', () => {
    const key = proposalKey(lines[0]!.proposals[0]!);
    expect(filterLines(lines, { rejected: { 1: [key] }, queued: {} }, { ...all, band: 'none', sign: 'in' }).visible.map((l) => l.statementLineId)).toEqual([1, 3]);
  });

  test('status: queued, rejected, to review', () => {
    const key = proposalKey(lines[3]!.proposals[0]!);
    const st = { rejected: { 4: [key] }, queued: { 2: 99 } };
    expect(filterLines(lines, st, { ...all, status: 'queued' }).visible.map((l) => l.statementLineId)).toEqual([2]);
    expect(filterLines(lines, st, { ...all, status: 'skipped' }).visible.map((l) => l.statementLineId)).toEqual([4]);
    expect(filterLines(lines, st, { ...all, status: 'open' }).visible.map((l) => l.statementLineId)).toEqual([1, 3]);
  });
});

test('matchesServerFilters: journal, period and the absolute amount', () => {
  const l = line(1, -50, 'x');
  expect(matchesServerFilters(l, {})).toBe(true);
  expect(matchesServerFilters(l, { journalId: 2 })).toBe(false);
  expect(matchesServerFilters(l, { dateFrom: '2026-09-01', dateTo: '2026-09-30' })).toBe(true);
  expect(matchesServerFilters(l, { dateFrom: '2026-09-02' })).toBe(false);
  expect(matchesServerFilters(l, { amountMin: 40, amountMax: 60 })).toBe(true);
  expect(matchesServerFilters(l, { amountMin: 51 })).toBe(false);
});

test('formatAmount signs both ways', () => {
  expect(formatAmount(1892.06, 'en-US')).toBe('+1,892.06');
  expect(formatAmount(-5, 'en-US')).toBe('-5.00');
});
