import { describe, expect, it } from 'vitest';
import { findDuplicates, invoiceKey, type CachedBill } from './duplicates';

const bills: CachedBill[] = [
  { id: 1, name: 'BILL/2026/0001', partnerId: 7, ref: 'INV-0042', invoiceDate: '2026-03-01', amountTotal: 100, state: 'posted' },
  { id: 2, name: 'BILL/2026/0002', partnerId: 7, ref: 'X-9', invoiceDate: '2026-03-05', amountTotal: 250.5, state: 'draft' },
  { id: 3, name: 'BILL/2026/0003', partnerId: 8, ref: 'INV-0042', invoiceDate: '2026-03-01', amountTotal: 100, state: 'posted' },
  { id: 4, name: 'BILL/2026/0004', partnerId: 7, ref: 'C-1', invoiceDate: '2026-03-09', amountTotal: 77, state: 'cancel' },
];

describe('duplicate bills', () => {
  it('same vendor and invoice number, compared without separators, case and leading zeros', () => {
    expect(invoiceKey('inv 42')).toBe(invoiceKey('INV-0042'));
    expect(findDuplicates({ partnerId: 7, invoiceNumber: 'inv/42' }, bills, [])).toEqual([{ kind: 'number', moveId: 1, moveName: 'BILL/2026/0001' }]);
  });
  it('same vendor, date and total', () => {
    expect(findDuplicates({ partnerId: 7, invoiceNumber: 'NEW-1', invoiceDate: '2026-03-05', amountTotal: 250.5 }, bills, [])).toEqual([{ kind: 'date-amount', moveId: 2, moveName: 'BILL/2026/0002' }]);
  });
  it('other vendors, cancelled bills, the document itself and its own bill do not count', () => {
    expect(findDuplicates({ partnerId: 9, invoiceNumber: 'INV-0042' }, bills, [])).toEqual([]);
    expect(findDuplicates({ partnerId: 7, invoiceNumber: 'C-1' }, bills, [])).toEqual([]);
    expect(findDuplicates({ partnerId: 7, invoiceNumber: 'INV-0042' }, bills, [], { moveId: 1 })).toEqual([]);
    const queue = [{ documentId: 5, partnerId: 7, invoiceNumber: 'Q-1' }];
    expect(findDuplicates({ partnerId: 7, invoiceNumber: 'Q-1' }, [], queue, { documentId: 5 })).toEqual([]);
  });
  it('finds duplicates in the queue, number evidence first', () => {
    const queue = [
      { documentId: 5, partnerId: 7, invoiceDate: '2026-04-01', amountTotal: 10 },
      { documentId: 6, partnerId: 7, invoiceNumber: 'Q-1' },
    ];
    expect(findDuplicates({ partnerId: 7, invoiceNumber: 'q1', invoiceDate: '2026-04-01', amountTotal: 10 }, [], queue)).toEqual([
      { kind: 'number', documentId: 6 },
      { kind: 'date-amount', documentId: 5 },
    ]);
  });
});
