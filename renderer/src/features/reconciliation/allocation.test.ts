import { describe, expect, test } from 'vitest';
import { addItems, allocationProblems, balancingWriteOff, manualDecision, unallocated } from './allocation';
import type { ProposalItem } from './reconciliation.api';

const item = (moveLineId: number, residual: number, partnerId?: number): ProposalItem => ({
  moveLineId,
  moveName: `INV/2026/${moveLineId}`,
  date: '2026-08-01',
  residual,
  currency: 'EUR',
  accountType: residual >= 0 ? 'receivable' : 'payable',
  ...(partnerId !== undefined ? { partnerId } : {}),
});

describe('split allocation', () => {
  test('items are prefilled with their residual, once each', () => {
    const rows = addItems(addItems([], [item(1, 100), item(2, 50)]), [item(2, 50), item(3, 20)]);
    expect(rows.map((r) => [r.item.moveLineId, r.amount])).toEqual([
      [1, 100],
      [2, 50],
      [3, 20],
    ]);
  });

  test('one payment for two invoices balances without a write-off', () => {
    const rows = addItems([], [item(1, 100.1), item(2, 49.9)]);
    expect(unallocated(150, rows, 0)).toBe(0);
    expect(allocationProblems(150, rows, null)).toEqual([]);
  });

  test('a short payment needs a write-off that closes the gap: line = settled + write-off (cents exact)', () => {
    const rows = addItems([], [item(1, 100)]);
    expect(unallocated(97.65, rows, 0)).toBe(-2.35);
    expect(balancingWriteOff(97.65, rows)).toBe(-2.35);
    expect(unallocated(97.65, rows, -2.35)).toBe(0);
    expect(allocationProblems(97.65, rows, null).map((p) => p.message)).toEqual([expect.stringContaining('-2.35 of the line is not allocated')]);
    const wo = { amount: -2.35, accountId: null, taxId: null, label: '' };
    expect(allocationProblems(97.65, rows, wo).map((p) => p.message)).toEqual(['Choose the account of the write-off.']);
    expect(allocationProblems(97.65, rows, { ...wo, accountId: 640 })).toEqual([]);
  });

  test('refuses more than an item is open for, a wrong sign, and nothing at all', () => {
    expect(allocationProblems(120, [{ item: item(1, 100), amount: 120 }], null)[0]!.message).toContain('more than its open balance');
    expect(allocationProblems(-50, [{ item: item(1, -50), amount: 50 }], { amount: -100, accountId: 1, taxId: null, label: '' })[0]!.message).toContain('sign');
    expect(allocationProblems(10, [], null)[0]!.message).toContain('Add an item');
  });

  test('manualDecision: allocations in cents, the partner of the items, the write-off with account, tax and label', () => {
    const rows = addItems([], [item(1, 60, 7), item(2, 40, 7)]);
    rows[1]!.amount = 35.004;
    expect(manualDecision(rows, { amount: 5, accountId: 640, taxId: 3, label: ' Bank fees ' })).toEqual({
      partnerId: 7,
      allocations: [
        { moveLineId: 1, amount: 60 },
        { moveLineId: 2, amount: 35 },
      ],
      writeOff: { amount: 5, accountId: 640, taxId: 3, label: 'Bank fees' },
    });
    expect(manualDecision(rows, { amount: 0, accountId: 640, taxId: null, label: '' }, 9)).toEqual({
      partnerId: 9,
      allocations: [
        { moveLineId: 1, amount: 60 },
        { moveLineId: 2, amount: 35 },
      ],
    });
  });
});
