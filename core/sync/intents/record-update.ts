import { z } from 'zod';
import type { IntentHandler } from './types';

/** Fields the app may change on a record directly. Anything else goes through a purpose-made kind. */
const WRITABLE: Record<string, readonly string[]> = {
  'res.partner': ['name', 'email', 'phone', 'mobile', 'vat', 'ref', 'credit_limit', 'comment'],
  'account.move': ['ref', 'payment_reference', 'narration'],
  'account.bank.statement.line': ['partner_id'],
};

const Payload = z
  .object({
    model: z.string(),
    id: z.number().int().positive(),
    values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  })
  .superRefine((p, ctx) => {
    const allowed = WRITABLE[p.model];
    if (!allowed) ctx.addIssue({ code: 'custom', message: `Records of ${p.model} cannot be updated directly.` });
    for (const k of Object.keys(p.values)) {
      if (allowed && !allowed.includes(k)) ctx.addIssue({ code: 'custom', message: `Field ${k} of ${p.model} cannot be updated directly.` });
    }
    if (Object.keys(p.values).length === 0) ctx.addIssue({ code: 'custom', message: 'Nothing to update.' });
  });
export type RecordUpdatePayload = z.infer<typeof Payload>;

const same = (a: unknown, b: unknown): boolean => {
  const norm = (v: unknown) => (Array.isArray(v) ? v[0] : v === null ? false : v);
  return norm(a) === norm(b);
};

/** Writes field values on one record. Naturally idempotent: applied once the server holds the values. */
export const recordUpdateIntent: IntentHandler<RecordUpdatePayload> = {
  kind: 'record:update',
  schema: Payload,
  targets: (p) => [{ model: p.model, id: p.id }],
  conflictFields: (p) => Object.keys(p.values),
  touched: (p) => [{ model: p.model, ids: [p.id] }],
  async isApplied(client, p, _key, signal) {
    const [rec] = await client.read(p.model, [p.id], Object.keys(p.values), { signal });
    return rec !== undefined && Object.entries(p.values).every(([k, v]) => same(rec[k], v === null ? false : v));
  },
  async apply(client, p, _key, signal) {
    const vals = Object.fromEntries(Object.entries(p.values).map(([k, v]) => [k, v === null ? false : v]));
    await client.write(p.model, [p.id], vals, { signal });
    return { result: { model: p.model, id: p.id }, touched: [{ model: p.model, ids: [p.id] }] };
  },
};
