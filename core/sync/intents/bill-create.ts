import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { IntentHandler } from './types';
import { findCreatedVendor } from './vendor-create';

const id = z.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const Line = z.object({
  name: z.string().min(1).max(2000),
  quantity: z.number(),
  priceUnit: z.number(),
  taxIds: z.array(id).max(10),
  accountId: id.optional(),
  purchaseLineId: id.optional(),
});

const Payload = z
  .object({
    moveType: z.enum(['in_invoice', 'in_refund']),
    /** the vendor; or `vendorKey`: the idempotency key of the vendor:create intent queued before this one */
    partnerId: id.optional(),
    vendorKey: z.string().min(1).max(200).optional(),
    /** the vendor's invoice number */
    ref: z.string().max(200).optional(),
    invoiceDate: isoDate.optional(),
    invoiceDateDue: isoDate.optional(),
    currencyId: id.optional(),
    journalId: id.optional(),
    lines: z.array(Line).min(1).max(1000),
    /** the original file, attached to the bill; its bytes are read from the document store at push time */
    attachment: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), name: z.string().min(1).max(500), mimetype: z.string().min(1).max(200) }).optional(),
    /** the queue document the bill comes from */
    documentId: z.number().int().optional(),
  })
  .refine((p) => p.partnerId !== undefined || p.vendorKey !== undefined, { message: 'A bill needs a vendor (partnerId) or the vendor to be created (vendorKey).' });
export type BillCreatePayload = z.infer<typeof Payload>;

/** The visible reference on the bill that lets a later push find it again. */
export const billMarker = (key: string) => `Smart Odoo ref ${key}`;

/**
 * Where queued bills find their files: the document stores (`<dataDir>/documents`) of the services in this
 * process. Files are content-addressed and checked against their hash, so any registered store will do.
 */
const FILE_DIRS = new Set<string>();
export function registerDocumentFileDir(dir: string): () => void {
  FILE_DIRS.add(dir);
  return () => FILE_DIRS.delete(dir);
}
function readDocumentFile(sha: string): Buffer | null {
  for (const dir of FILE_DIRS) {
    const file = path.join(dir, sha);
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    if (createHash('sha256').update(bytes).digest('hex') === sha) return bytes;
  }
  return null;
}

type Client = Parameters<IntentHandler<unknown>['apply']>[0];

async function findBill(client: Client, key: string, signal?: AbortSignal): Promise<number | null> {
  const ids = await client.search('account.move', [['move_type', 'in', ['in_invoice', 'in_refund']], ['narration', 'ilike', billMarker(key)]], { signal, limit: 1 });
  return ids[0] ?? null;
}

async function findAttachment(client: Client, moveId: number, name: string, signal?: AbortSignal): Promise<number | null> {
  const ids = await client.search(
    'ir.attachment',
    [
      ['res_model', '=', 'account.move'],
      ['res_id', '=', moveId],
      ['name', '=', name],
    ],
    { signal, limit: 1 },
  );
  return ids[0] ?? null;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A draft vendor bill (or refund) with its lines, taxes and purchase-order links, created in one call, then
 * the original file attached. Found again by the marker in its narration; a push interrupted between the
 * two steps finds the bill and only attaches the file.
 */
export const billCreateIntent: IntentHandler<BillCreatePayload> = {
  kind: 'bill:create',
  schema: Payload as unknown as z.ZodType<BillCreatePayload>,
  targets: () => [],
  conflictFields: () => [],
  touched: (p) => [{ model: 'purchase.order.line', ids: p.lines.flatMap((l) => (l.purchaseLineId ? [l.purchaseLineId] : [])) }],
  async isApplied(client, p, key, signal) {
    const moveId = await findBill(client, key, signal);
    if (moveId === null) return false;
    return !p.attachment || (await findAttachment(client, moveId, p.attachment.name, signal)) !== null;
  },
  async apply(client, p, key, signal) {
    let moveId = await findBill(client, key, signal);
    let partnerId = p.partnerId;
    if (partnerId === undefined) {
      const created = await findCreatedVendor(client, p.vendorKey!, signal);
      if (created === null) {
        throw new AppError('documents/vendor-required', 'The vendor of this bill was not created in Odoo (its change failed or was discarded): choose the vendor and create the bill again.');
      }
      partnerId = created;
    }
    if (moveId === null) {
      const vals: Record<string, unknown> = {
        move_type: p.moveType,
        partner_id: partnerId,
        narration: `<p>${escapeHtml(billMarker(key))}</p>`,
        invoice_line_ids: p.lines.map((l) => {
          const line: Record<string, unknown> = { name: l.name, quantity: l.quantity, price_unit: l.priceUnit, tax_ids: [[6, 0, l.taxIds]] };
          if (l.accountId !== undefined) line.account_id = l.accountId;
          if (l.purchaseLineId !== undefined) line.purchase_line_id = l.purchaseLineId;
          return [0, 0, line];
        }),
      };
      if (p.ref) vals.ref = p.ref;
      if (p.invoiceDate) vals.invoice_date = p.invoiceDate;
      if (p.invoiceDateDue) vals.invoice_date_due = p.invoiceDateDue;
      if (p.currencyId !== undefined) vals.currency_id = p.currencyId;
      if (p.journalId !== undefined) vals.journal_id = p.journalId;
      moveId = await client.create('account.move', vals, { signal });
    }
    let attachmentId: number | null = null;
    if (p.attachment) {
      attachmentId = await findAttachment(client, moveId, p.attachment.name, signal);
      if (attachmentId === null) {
        const bytes = readDocumentFile(p.attachment.sha256);
        if (!bytes) throw new AppError('app/not-found', `The file “${p.attachment.name}” of this bill is no longer in the document store; the bill was created without it.`);
        attachmentId = await client.create(
          'ir.attachment',
          { name: p.attachment.name, res_model: 'account.move', res_id: moveId, datas: bytes.toString('base64'), mimetype: p.attachment.mimetype, type: 'binary' },
          { signal },
        );
      }
    }
    return describeBill(client, moveId, attachmentId, signal);
  },
  async appliedResult(client, p, key, signal) {
    const moveId = await findBill(client, key, signal);
    if (moveId === null) return null;
    return describeBill(client, moveId, p.attachment ? await findAttachment(client, moveId, p.attachment.name, signal) : null, signal);
  },
};

/** The result of a bill in Odoo: its ids (the document shows them) and the records to refresh in the cache. */
async function describeBill(client: Client, moveId: number, attachmentId: number | null, signal?: AbortSignal) {
  const [move] = await client.read('account.move', [moveId], ['line_ids', 'name', 'partner_id'], { signal });
  const lineIds = Array.isArray(move?.line_ids) ? (move.line_ids as number[]) : [];
  const partnerId = Array.isArray(move?.partner_id) ? (move.partner_id[0] as number) : typeof move?.partner_id === 'number' ? move.partner_id : null;
  return {
    result: { moveId, attachmentId, partnerId, moveName: typeof move?.name === 'string' ? move.name : null },
    touched: [
      { model: 'account.move', ids: [moveId] },
      { model: 'account.move.line', ids: lineIds },
    ],
  };
}
