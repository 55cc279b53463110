import { cents } from './lines';
import type { ManualDecision, ProposalItem } from './reconciliation.api';

/** One row of the split editor: an open item and what this bank line settles of it (the item's residual sign). */
export type AllocRow = { item: ProposalItem; amount: number };
export type WriteOffDraft = { amount: number; accountId: number | null; taxId: number | null; label: string };

/** Rows for items, each prefilled with its full residual; items already listed are skipped. */
export function addItems(rows: readonly AllocRow[], items: readonly ProposalItem[]): AllocRow[] {
  const have = new Set(rows.map((r) => r.item.moveLineId));
  const out = [...rows];
  for (const item of items) {
    if (have.has(item.moveLineId)) continue;
    have.add(item.moveLineId);
    out.push({ item, amount: item.residual });
  }
  return out;
}

/**
 * What is left of the line once the items and the write-off took their part: line = settled + write-off (the
 * contract's manual form). A customer paying 95 for a 100 invoice: write-off −5 (the bank fee taken from the line);
 * paying 100 for 95: write-off +5 (booked on, say, other income).
 */
export function unallocated(lineAmount: number, rows: readonly AllocRow[], writeOff: number): number {
  const settled = rows.reduce((s, r) => s + cents(r.amount), 0);
  return (cents(lineAmount) - settled - cents(writeOff)) / 100;
}

/** The write-off that leaves nothing unallocated. */
export const balancingWriteOff = (lineAmount: number, rows: readonly AllocRow[]): number => (cents(lineAmount) - rows.reduce((s, r) => s + cents(r.amount), 0)) / 100;

export type AllocProblem = { rowId?: number; message: string };

/** What stops the allocation from being queued, in words (empty: it can be accepted). */
export function allocationProblems(lineAmount: number, rows: readonly AllocRow[], wo: WriteOffDraft | null): AllocProblem[] {
  const out: AllocProblem[] = [];
  if (rows.length === 0 && (!wo || cents(wo.amount) === 0)) out.push({ message: 'Add an item to settle, or a write-off.' });
  for (const r of rows) {
    const a = cents(r.amount);
    const res = cents(r.item.residual);
    if (a === 0) out.push({ rowId: r.item.moveLineId, message: `${r.item.moveName}: enter the amount to settle, or remove it.` });
    else if (Math.sign(a) !== Math.sign(res)) out.push({ rowId: r.item.moveLineId, message: `${r.item.moveName}: the amount must have the sign of its open balance.` });
    else if (Math.abs(a) > Math.abs(res)) out.push({ rowId: r.item.moveLineId, message: `${r.item.moveName}: more than its open balance of ${(res / 100).toFixed(2)}.` });
  }
  if (rows.length > 50) out.push({ message: 'At most 50 items per bank line.' });
  if (wo && cents(wo.amount) !== 0 && wo.accountId === null) out.push({ message: 'Choose the account of the write-off.' });
  const left = unallocated(lineAmount, rows, wo ? wo.amount : 0);
  if (cents(left) !== 0) out.push({ message: `${left.toFixed(2)} of the line is not allocated: change an amount or write the difference off.` });
  return out;
}

/** The `manual` form of `reconcile:accept`. */
export function manualDecision(rows: readonly AllocRow[], wo: WriteOffDraft | null, partnerId?: number): ManualDecision {
  const partner = partnerId ?? rows.find((r) => r.item.partnerId !== undefined)?.item.partnerId;
  return {
    ...(partner !== undefined ? { partnerId: partner } : {}),
    allocations: rows.map((r) => ({ moveLineId: r.item.moveLineId, amount: cents(r.amount) / 100 })),
    ...(wo && cents(wo.amount) !== 0 && wo.accountId !== null
      ? { writeOff: { amount: cents(wo.amount) / 100, accountId: wo.accountId, ...(wo.taxId !== null ? { taxId: wo.taxId } : {}), ...(wo.label.trim() ? { label: wo.label.trim() } : {}) } }
      : {}),
  };
}
