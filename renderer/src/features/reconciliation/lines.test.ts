import { describe, expect, test } from 'vitest';
import { bandOf, filterLines, formatAmount, openProposals } from './lines';
import type { Proposal, StatementLine } from './reconciliation.api';

const proposal = (confidence: number): Proposal => ({ moveLineIds: [1], kind: 'full', confidence, explanation: ['x'] });
const line = (id: number, amount: number, label: string, ...confidences: number[]): StatementLine => ({
  statementLineId: id,
  date: '2026-09-01',
  amount,
  label,
  proposals: confidences.map(proposal),
});

describe('bandOf', () => {
  test('bands by the thresholds', () => {
    expect([1, 0.995, 0.99, 0.9, 0.89, 0.5, 0.49, undefined].map(bandOf)).toEqual(['auto', 'auto', 'high', 'high', 'medium', 'medium', 'none', 'none']);
  });
});

describe('openProposals', () => {
  test('leaves out rejected ones and keeps the core index', () => {
    expect(openProposals(line(1, 10, 'a', 1, 0.6), [0]).map((p) => p.index)).toEqual([1]);
  });
});

describe('filterLines', () => {
  const lines = [line(1, 10, 'INV/1', 1), line(2, -5, 'Bank fee', 0.95), line(3, 7, 'INV/3'), line(4, 3, 'inv/4', 0.6)];

  test('counts per band among the text and sign matches, lists the chosen band', () => {
    const r = filterLines(lines, {}, { query: 'inv', band: 'all', sign: 'all' });
    expect(r.counts).toEqual({ auto: 1, high: 0, medium: 1, none: 1 });
    expect(r.visible.map((l) => l.statementLineId)).toEqual([1, 3, 4]);
    expect(filterLines(lines, {}, { query: '', band: 'high', sign: 'all' }).visible.map((l) => l.statementLineId)).toEqual([2]);
    expect(filterLines(lines, {}, { query: '', band: 'all', sign: 'out' }).visible.map((l) => l.statementLineId)).toEqual([2]);
  });

  test('a rejected best proposal moves the line to its next band', () => {
    expect(filterLines(lines, { 1: [0] }, { query: '', band: 'none', sign: 'in' }).visible.map((l) => l.statementLineId)).toEqual([1, 3]);
  });
});

test('formatAmount signs both ways', () => {
  expect(formatAmount(1892.06, 'en-US')).toBe('+1,892.06');
  expect(formatAmount(-5, 'en-US')).toBe('-5.00');
});
