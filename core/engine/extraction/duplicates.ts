/**
 * Duplicate bills: the same vendor and invoice number, or the same vendor, invoice date and total — against
 * the vendor bills and refunds in the cache (not cancelled) and the other documents of the queue.
 */
import type Database from 'better-sqlite3';
import { foldText } from '../reconciliation/matching/normalize';

export type DuplicateKind = 'number' | 'date-amount';
export type Duplicate = { kind: DuplicateKind; moveId?: number; moveName?: string; documentId?: number };

export type BillKey = { partnerId: number; invoiceNumber?: string; invoiceDate?: string; amountTotal?: number };
export type CachedBill = { id: number; name: string; partnerId: number; ref?: string; invoiceDate?: string; amountTotal: number; state: string };
export type QueuedDoc = BillKey & { documentId: number };

/** Invoice numbers compare without separators, case and leading zeros ("INV-0042" = "inv 42"). */
export const invoiceKey = (s: string): string =>
  foldText(s)
    .replace(/[^A-Z0-9]/g, '')
    .replace(/(^|[A-Z])0+(?=\d)/g, '$1');

const sameAmount = (a: number | undefined, b: number | undefined) => a !== undefined && b !== undefined && Math.abs(Math.abs(a) - Math.abs(b)) < 0.005;

/**
 * Duplicates of one document. `exclude` leaves out the document itself and the bill it created.
 */
export function findDuplicates(doc: BillKey, bills: readonly CachedBill[], queue: readonly QueuedDoc[], exclude: { documentId?: number; moveId?: number } = {}): Duplicate[] {
  const out: Duplicate[] = [];
  const num = doc.invoiceNumber ? invoiceKey(doc.invoiceNumber) : '';
  const byNumber = (ref: string | undefined) => num.length > 0 && ref !== undefined && invoiceKey(ref) === num;
  const byDateAmount = (date: string | undefined, amount: number | undefined) =>
    doc.invoiceDate !== undefined && date === doc.invoiceDate && sameAmount(doc.amountTotal, amount);
  for (const b of bills) {
    if (b.partnerId !== doc.partnerId || b.id === exclude.moveId || b.state === 'cancel') continue;
    if (byNumber(b.ref)) out.push({ kind: 'number', moveId: b.id, moveName: b.name });
    else if (byDateAmount(b.invoiceDate, b.amountTotal)) out.push({ kind: 'date-amount', moveId: b.id, moveName: b.name });
  }
  for (const q of queue) {
    if (q.partnerId !== doc.partnerId || q.documentId === exclude.documentId) continue;
    if (byNumber(q.invoiceNumber)) out.push({ kind: 'number', documentId: q.documentId });
    else if (byDateAmount(q.invoiceDate, q.amountTotal)) out.push({ kind: 'date-amount', documentId: q.documentId });
  }
  // the strongest evidence first
  return out.sort((a, b) => Number(a.kind === 'date-amount') - Number(b.kind === 'date-amount'));
}

const m2oId = (v: unknown): number | undefined => (Array.isArray(v) && typeof v[0] === 'number' ? v[0] : typeof v === 'number' ? v : undefined);

/** The vendor's bills and refunds from the cache. */
export function loadVendorBills(db: Database.Database, partnerId: number): CachedBill[] {
  return db
    .prepare<[number, number], { id: number; data: string }>(
      `SELECT id, data FROM cache_records WHERE model = 'account.move' AND json_extract(data, '$.move_type') IN ('in_invoice', 'in_refund')
         AND (json_extract(data, '$.partner_id[0]') = ? OR json_extract(data, '$.partner_id') = ?)`,
    )
    .all(partnerId, partnerId)
    .map((r) => {
      const d = JSON.parse(r.data) as Record<string, unknown>;
      return {
        id: r.id,
        name: typeof d.name === 'string' ? d.name : `#${r.id}`,
        partnerId: m2oId(d.partner_id) ?? partnerId,
        ...(typeof d.ref === 'string' && d.ref ? { ref: d.ref } : {}),
        ...(typeof d.invoice_date === 'string' ? { invoiceDate: d.invoice_date } : {}),
        amountTotal: typeof d.amount_total === 'number' ? d.amount_total : 0,
        state: typeof d.state === 'string' ? d.state : 'draft',
      };
    });
}
