import { z } from 'zod';
import type { IntentHandler } from './types';

const Payload = z.object({
  name: z.string().trim().min(1).max(500),
  vat: z.string().trim().max(50).optional(),
  iban: z.string().trim().max(50).optional(),
  email: z.string().trim().max(320).optional(),
});
export type VendorCreatePayload = z.infer<typeof Payload>;

/** The note on the new partner that lets a later push (and the bill that waits for it) find it again. */
export const vendorMarker = (key: string) => `Smart Odoo vendor ref ${key}`;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Finds the partner a vendor-create intent made (archived ones too). */
export async function findCreatedVendor(client: Parameters<IntentHandler<unknown>['apply']>[0], key: string, signal?: AbortSignal): Promise<number | null> {
  const ids = await client.search('res.partner', [['comment', 'ilike', vendorMarker(key)]], { signal, limit: 1, context: { active_test: false } });
  return ids[0] ?? null;
}

/**
 * Creates a vendor (company, supplier) from an invoice, with its bank account in the same create: either
 * all of it exists in Odoo or none. Found again by the marker in its notes.
 */
export const vendorCreateIntent: IntentHandler<VendorCreatePayload> = {
  kind: 'vendor:create',
  schema: Payload,
  targets: () => [],
  conflictFields: () => [],
  touched: () => [],
  async isApplied(client, _p, key, signal) {
    return (await findCreatedVendor(client, key, signal)) !== null;
  },
  async apply(client, p, key, signal) {
    const vals: Record<string, unknown> = {
      name: p.name,
      is_company: true,
      supplier_rank: 1,
      comment: `<p>${escapeHtml(`Created from a vendor invoice. ${vendorMarker(key)}`)}</p>`,
    };
    if (p.vat) vals.vat = p.vat.replace(/\s/g, '').toUpperCase();
    if (p.email) vals.email = p.email;
    if (p.iban) vals.bank_ids = [[0, 0, { acc_number: p.iban.replace(/\s/g, '').toUpperCase() }]];
    const id = await client.create('res.partner', vals, { signal });
    return describeVendor(client, id, signal);
  },
  async appliedResult(client, _p, key, signal) {
    const id = await findCreatedVendor(client, key, signal);
    return id === null ? null : describeVendor(client, id, signal);
  },
};

async function describeVendor(client: Parameters<IntentHandler<unknown>['apply']>[0], id: number, signal?: AbortSignal) {
  const [rec] = await client.read('res.partner', [id], ['bank_ids'], { signal });
  const bankIds = Array.isArray(rec?.bank_ids) ? (rec.bank_ids as number[]) : [];
  return {
    result: { partnerId: id },
    touched: [
      { model: 'res.partner', ids: [id] },
      { model: 'res.partner.bank', ids: bankIds },
    ],
  };
}
