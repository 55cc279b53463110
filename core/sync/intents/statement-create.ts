import { z } from 'zod';
import type { IntentHandler } from './types';

const ST = 'account.bank.statement.line';

const Payload = z.object({
  journalId: z.number().int().positive(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  amount: z.number(),
  paymentRef: z.string().max(2000),
  partnerName: z.string().max(500).optional(),
  accountNumber: z.string().max(100).optional(),
  /** stable across re-imports of the same file: what makes the import (and its push) happen once */
  uniqueImportId: z.string().min(1).max(500),
  foreignCurrencyId: z.number().int().positive().optional(),
  amountCurrency: z.number().optional(),
  transactionType: z.string().max(200).optional(),
});
export type StatementLineCreatePayload = z.infer<typeof Payload>;

/** Creates an imported bank statement line. Applied once a line with its unique_import_id exists in Odoo. */
export const statementLineCreateIntent: IntentHandler<StatementLineCreatePayload> = {
  kind: 'statement-line:create',
  schema: Payload,
  targets: () => [],
  conflictFields: () => [],
  touched: () => [],
  async isApplied(client, p, _key, signal) {
    return (await client.searchCount(ST, [['unique_import_id', '=', p.uniqueImportId]], { signal })) > 0;
  },
  async apply(client, p, _key, signal) {
    const vals: Record<string, unknown> = {
      journal_id: p.journalId,
      date: p.date,
      amount: p.amount,
      payment_ref: p.paymentRef,
      unique_import_id: p.uniqueImportId,
    };
    if (p.partnerName) vals.partner_name = p.partnerName;
    if (p.accountNumber) vals.account_number = p.accountNumber;
    if (p.transactionType) vals.transaction_type = p.transactionType;
    if (p.foreignCurrencyId !== undefined && p.amountCurrency !== undefined) {
      vals.foreign_currency_id = p.foreignCurrencyId;
      vals.amount_currency = p.amountCurrency;
    }
    const id = await client.create(ST, vals, { signal });
    const [st] = await client.read(ST, [id], ['move_id', 'line_ids'], { signal });
    const moveId = Array.isArray(st?.move_id) ? (st.move_id[0] as number) : null;
    const lineIds = Array.isArray(st?.line_ids) ? (st.line_ids as number[]) : [];
    return {
      result: { statementLineId: id, uniqueImportId: p.uniqueImportId },
      touched: [
        { model: ST, ids: [id] },
        { model: 'account.move', ids: moveId ? [moveId] : [] },
        { model: 'account.move.line', ids: lineIds },
      ],
    };
  },
};
