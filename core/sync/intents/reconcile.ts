import { z } from 'zod';
import type { OdooClient, OdooRecord } from '../../odoo/types';
import { AppError } from '../../shared/errors';
import type { IntentHandler, Touched } from './types';

const ST = 'account.bank.statement.line';
const AML = 'account.move.line';

const Counterpart = z.object({
  moveLineId: z.number().int().positive(),
  /** company currency, sign of the item's residual: what this bank line settles of the item (default: as much as the line covers) */
  amount: z.number().optional(),
  /** the item's residual when the decision was made (what the cache showed) */
  residual: z.number().optional(),
  /** the item's own entry, refreshed after the push so its payment_state reaches the cache */
  moveId: z.number().int().positive().optional(),
  /** an item in another currency: what is settled in that currency (item sign) and the currency's id */
  amountCurrency: z.number().optional(),
  currencyId: z.number().int().positive().optional(),
});

const Payload = z.object({
  statementLineId: z.number().int().positive(),
  partnerId: z.number().int().positive().nullable().optional(),
  counterparts: z.array(Counterpart).max(50),
  /** amount: the write-off line's balance (company currency, tax included when taxId is set: Odoo's split into base and tax lines) */
  writeOff: z.object({ amount: z.number(), accountId: z.number().int().positive(), label: z.string().min(1).max(200), taxId: z.number().int().positive().optional() }).optional(),
}).refine((p) => p.counterparts.length > 0 || p.writeOff !== undefined, { message: 'a reconciliation needs at least one item or a write-off' });
export type ReconcilePayload = z.infer<typeof Payload>;

const UndoPayload = z.object({
  statementLineId: z.number().int().positive(),
  /** the items that were settled, refreshed after the undo */
  moveLineIds: z.array(z.number().int().positive()).default([]),
});
export type UnreconcilePayload = z.infer<typeof UndoPayload>;

const m2oId = (v: unknown): number | null => (Array.isArray(v) && typeof v[0] === 'number' ? v[0] : typeof v === 'number' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const cents = (v: number): number => Math.round(v * 100);
const round2 = (v: number): number => cents(v) / 100;

/**
 * Splits what the bank line covers over the items, oldest decision first: each item gets its residual until
 * the money runs out (the last one may stay partly open); money left over stays on the last counterpart (an
 * overpayment remains open on the partner's account). `covered` is in the items' sign.
 */
export function allocate(covered: number, residuals: number[]): number[] {
  let left = cents(covered);
  const out = residuals.map((r) => {
    const rc = cents(r);
    const take = Math.sign(rc) === Math.sign(left) ? (Math.abs(rc) <= Math.abs(left) ? rc : left) : 0;
    left -= take;
    return take;
  });
  if (out.length > 0) out[out.length - 1]! += left;
  return out.map((c) => c / 100);
}

type StInfo = { st: OdooRecord; moveId: number; liquidityAccount: number | null; suspenseAccount: number | null };

async function readStatementLine(client: OdooClient, id: number, signal?: AbortSignal): Promise<StInfo> {
  const [st] = await client.read(ST, [id], ['move_id', 'journal_id', 'partner_id', 'amount', 'payment_ref', 'is_reconciled'], { signal });
  if (!st) throw new AppError('odoo/missing-record', `Bank statement line ${id} no longer exists in Odoo.`);
  const moveId = m2oId(st.move_id);
  const journalId = m2oId(st.journal_id);
  if (moveId === null || journalId === null) throw new AppError('odoo/missing-record', `Bank statement line ${id} has no journal entry.`);
  const [journal] = await client.read('account.journal', [journalId], ['default_account_id', 'suspense_account_id'], { signal });
  return { st, moveId, liquidityAccount: m2oId(journal?.default_account_id), suspenseAccount: m2oId(journal?.suspense_account_id) };
}

const readMoveLines = (client: OdooClient, moveId: number, signal?: AbortSignal) =>
  client.searchRead(AML, [['move_id', '=', moveId]], { fields: ['account_id', 'balance', 'reconciled', 'amount_residual'], order: 'id', signal });

/** Pairs (item, statement-move line) already tied by a partial reconcile. */
async function linkedPairs(client: OdooClient, lineIds: number[], signal?: AbortSignal): Promise<Set<string>> {
  if (lineIds.length === 0) return new Set();
  const partials = await client.searchRead('account.partial.reconcile', ['|', ['debit_move_id', 'in', lineIds], ['credit_move_id', 'in', lineIds]], {
    fields: ['debit_move_id', 'credit_move_id'],
    signal,
  });
  const out = new Set<string>();
  for (const p of partials) {
    const d = m2oId(p.debit_move_id);
    const c = m2oId(p.credit_move_id);
    if (d !== null && c !== null) {
      out.add(`${d}:${c}`);
      out.add(`${c}:${d}`);
    }
  }
  return out;
}

/**
 * Reconciles a bank statement line with open items (protocol §4): partner first (writing it regenerates the
 * line's entry), then the suspense line becomes one counterpart per item (+ a write-off line) through the
 * statement line's own write, then each counterpart is reconciled with its item. Every step is resumable:
 * after a dropped response the next push finds the entry already rewritten and only reconciles what is not
 * yet tied, so nothing is ever reconciled twice.
 */
export const reconcileIntent: IntentHandler<ReconcilePayload> = {
  kind: 'statement-line:reconcile',
  schema: Payload,
  targets: (p) => [{ model: ST, id: p.statementLineId }],
  conflictFields: () => ['partner_id', 'amount', 'payment_ref', 'is_reconciled'],
  touched: (p) => [
    { model: ST, ids: [p.statementLineId] },
    { model: AML, ids: p.counterparts.map((c) => c.moveLineId) },
    { model: 'account.move', ids: p.counterparts.flatMap((c) => (c.moveId ? [c.moveId] : [])) },
  ],
  async isApplied(client, p, _key, signal) {
    const [st] = await client.read(ST, [p.statementLineId], ['is_reconciled', 'move_id'], { signal });
    if (!st || st.is_reconciled !== true) return false;
    const moveId = m2oId(st.move_id);
    if (moveId === null) return false;
    // tied by a partial to a line of this bank entry: the allocation happened (a partial payment leaves the item open)
    // a line booked entirely on an account: reconciled is all there is to see
    if (p.counterparts.length === 0) return true;
    const lines = (await readMoveLines(client, moveId, signal)).map((l) => l.id);
    const linked = await linkedPairs(client, lines, signal);
    return p.counterparts.every((c) => lines.some((l) => linked.has(`${c.moveLineId}:${l}`)));
  },
  async apply(client, p, _key, signal) {
    const info = await readStatementLine(client, p.statementLineId, signal);
    const items = await client.read(AML, p.counterparts.map((c) => c.moveLineId), ['account_id', 'amount_residual', 'move_id', 'partner_id'], { signal });
    const itemById = new Map(items.map((i) => [i.id, i]));
    for (const c of p.counterparts) {
      if (!itemById.has(c.moveLineId)) throw new AppError('odoo/missing-record', `Journal item ${c.moveLineId} no longer exists in Odoo.`);
    }
    let lines = await readMoveLines(client, info.moveId, signal);
    let suspense = lines.find((l) => m2oId(l.account_id) === info.suspenseAccount);
    const first = p.counterparts[0];
    const partner = p.partnerId ?? m2oId(info.st.partner_id) ?? (first ? m2oId(itemById.get(first.moveLineId)?.partner_id) : null);

    let allocs: number[] = p.counterparts.map((c) => c.amount ?? 0);
    if (suspense) {
      // 1. partner before anything else: writing it later would regenerate the lines and drop the counterparts
      if (p.partnerId && m2oId(info.st.partner_id) !== p.partnerId) {
        await client.write(ST, [p.statementLineId], { partner_id: p.partnerId }, { signal });
        lines = await readMoveLines(client, info.moveId, signal);
        suspense = lines.find((l) => m2oId(l.account_id) === info.suspenseAccount);
        if (!suspense) throw new AppError('odoo/server-error', `Bank statement line ${p.statementLineId} has no suspense line after setting its partner.`);
      }
      // 2. the suspense line becomes the counterparts; the entry stays balanced (counterparts + write-off = suspense)
      const covered = -num(suspense.balance) + (p.writeOff?.amount ?? 0);
      if (p.counterparts.some((c) => c.amount === undefined)) {
        allocs = allocate(covered, p.counterparts.map((c) => num(itemById.get(c.moveLineId)!.amount_residual)));
      }
      const gap = cents(covered) - allocs.reduce((s, a) => s + cents(a), 0);
      // amounts decided on an older residual: keep the entry balanced on the last counterpart
      if (gap !== 0 && allocs.length > 0) allocs[allocs.length - 1] = round2(allocs[allocs.length - 1]! + gap / 100);
      const label = typeof info.st.payment_ref === 'string' ? info.st.payment_ref : '';
      const vals: Array<Record<string, unknown>> = p.counterparts.map((c, i) => ({
        account_id: m2oId(itemById.get(c.moveLineId)!.account_id),
        partner_id: partner ?? false,
        name: label,
        balance: -allocs[i]!,
        // an item in another currency is settled in its currency (the exchange difference is the write-off's)
        ...(c.currencyId !== undefined && c.amountCurrency !== undefined ? { currency_id: c.currencyId, amount_currency: -c.amountCurrency } : { amount_currency: -allocs[i]! }),
      }));
      if (p.writeOff) vals.push(...(await writeOffVals(client, p.writeOff, partner ?? false, signal)));
      const cmds: unknown[] = [[1, suspense.id, vals[0]], ...vals.slice(1).map((v) => [0, 0, v])];
      // not repeatable: a retried [0, 0, …] would add the counterparts twice
      await client.write(ST, [p.statementLineId], { line_ids: cmds }, { signal, idempotent: false });
      lines = await readMoveLines(client, info.moveId, signal);
    }

    // 3. pair each item with its counterpart (same account, the allocated amount), then reconcile what is not yet tied
    const linked = await linkedPairs(client, lines.map((l) => l.id), signal);
    const free = lines.filter((l) => m2oId(l.account_id) !== info.liquidityAccount && m2oId(l.account_id) !== info.suspenseAccount);
    const used = new Set<number>();
    const pairs: Array<[number, number]> = [];
    p.counterparts.forEach((c, i) => {
      const account = m2oId(itemById.get(c.moveLineId)!.account_id);
      const onAccount = free.filter((l) => !used.has(l.id) && m2oId(l.account_id) === account);
      const already = onAccount.find((l) => linked.has(`${c.moveLineId}:${l.id}`));
      const line = already ?? onAccount.find((l) => cents(num(l.balance)) === -cents(allocs[i] ?? 0) && c.amount !== undefined) ?? onAccount[0];
      if (!line) throw new AppError('odoo/server-error', `No counterpart for journal item ${c.moveLineId} on bank statement line ${p.statementLineId}.`);
      used.add(line.id);
      if (!already) pairs.push([line.id, c.moveLineId]);
    });
    for (const pair of pairs) await client.call(AML, 'reconcile', [pair], {}, { signal });

    const moveIds = [...new Set(items.map((i) => m2oId(i.move_id)).filter((x): x is number => x !== null))];
    const touched: Touched = [
      { model: ST, ids: [p.statementLineId] },
      { model: 'account.move', ids: [info.moveId, ...moveIds] },
      { model: AML, ids: [...lines.map((l) => l.id), ...p.counterparts.map((c) => c.moveLineId)] },
    ];
    return { result: { statementLineId: p.statementLineId, reconciled: pairs.length, counterpartIds: [...used] }, touched };
  },
};

/**
 * The write-off as Odoo's bank reconciliation books it: without a tax one line; with a tax the amount is
 * tax included (as the reconciliation widget forces) and splits into a base line carrying `tax_ids` and
 * one tax line per tax repartition line (`tax_repartition_line_id`, `tax_base_amount`), on the
 * repartition's account (the base account when it has none). Refund repartition when the base goes the
 * refund way (a debit on a sales tax, a credit on a purchase tax).
 */
async function writeOffVals(client: OdooClient, w: NonNullable<ReconcilePayload['writeOff']>, partner: number | false, signal?: AbortSignal): Promise<Array<Record<string, unknown>>> {
  const base = { account_id: w.accountId, partner_id: partner, name: w.label };
  if (w.taxId === undefined) return [{ ...base, balance: w.amount, amount_currency: w.amount }];
  const [tax] = await client.read('account.tax', [w.taxId], ['name', 'amount', 'amount_type', 'type_tax_use', 'invoice_repartition_line_ids', 'refund_repartition_line_ids'], { signal });
  if (!tax) throw new AppError('odoo/missing-record', `Tax ${w.taxId} no longer exists in Odoo.`);
  const { base: baseAmount, tax: taxAmount } = splitTaxIncluded(w.amount, num(tax.amount), typeof tax.amount_type === 'string' ? tax.amount_type : 'percent');
  const refund = (tax.type_tax_use === 'sale' && baseAmount > 0) || (tax.type_tax_use === 'purchase' && baseAmount < 0);
  const repIds = (refund ? tax.refund_repartition_line_ids : tax.invoice_repartition_line_ids) as number[] | undefined;
  const reps = repIds?.length ? await client.read('account.tax.repartition.line', repIds, ['repartition_type', 'factor_percent', 'account_id', 'tag_ids'], { signal }) : [];
  const baseRep = reps.find((r) => r.repartition_type === 'base');
  const taxReps = reps.filter((r) => r.repartition_type === 'tax');
  const out: Array<Record<string, unknown>> = [
    { ...base, balance: baseAmount, amount_currency: baseAmount, tax_ids: [[6, 0, [w.taxId]]], ...(Array.isArray(baseRep?.tag_ids) && baseRep.tag_ids.length ? { tax_tag_ids: [[6, 0, baseRep.tag_ids]] } : {}) },
  ];
  let left = cents(taxAmount);
  taxReps.forEach((r, i) => {
    const share = i === taxReps.length - 1 ? left : Math.round((cents(taxAmount) * num(r.factor_percent)) / 100);
    left -= share;
    if (share === 0) return;
    out.push({
      account_id: m2oId(r.account_id) ?? w.accountId,
      partner_id: partner,
      name: typeof tax.name === 'string' ? tax.name : w.label,
      balance: share / 100,
      amount_currency: share / 100,
      tax_repartition_line_id: r.id,
      tax_base_amount: Math.abs(baseAmount),
      ...(Array.isArray(r.tag_ids) && r.tag_ids.length ? { tax_tag_ids: [[6, 0, r.tag_ids]] } : {}),
    });
  });
  // no tax repartition line: the tax stays on the base (Odoo books nothing separately)
  if (taxReps.length === 0) out[0] = { ...out[0], balance: w.amount, amount_currency: w.amount };
  return out;
}

/** Splits a tax-included amount into base and tax (percent: base = total / (1 + rate); fixed: the fixed tax; division: tax = total × rate). */
export function splitTaxIncluded(total: number, rate: number, amountType: string): { base: number; tax: number } {
  const t = cents(total);
  let tax: number;
  if (amountType === 'fixed') tax = Math.sign(t) * Math.round(Math.abs(rate) * 100);
  else if (amountType === 'division') tax = Math.round((t * rate) / 100);
  else tax = t - Math.round(t / (1 + rate / 100));
  return { base: (t - tax) / 100, tax: tax / 100 };
}

/** Undoes a pushed reconciliation: the line gets its suspense line back and the items reopen. */
export const unreconcileIntent: IntentHandler<UnreconcilePayload> = {
  kind: 'statement-line:unreconcile',
  schema: UndoPayload,
  targets: (p) => [{ model: ST, id: p.statementLineId }],
  conflictFields: () => ['is_reconciled'],
  touched: (p) => [
    { model: ST, ids: [p.statementLineId] },
    { model: AML, ids: p.moveLineIds },
  ],
  async isApplied(client, p, _key, signal) {
    const [st] = await client.read(ST, [p.statementLineId], ['is_reconciled'], { signal });
    return st !== undefined && st.is_reconciled === false;
  },
  async apply(client, p, _key, signal) {
    await client.call(ST, 'action_undo_reconciliation', [[p.statementLineId]], {}, { signal });
    const info = await readStatementLine(client, p.statementLineId, signal);
    const lines = await readMoveLines(client, info.moveId, signal);
    const items = p.moveLineIds.length ? await client.read(AML, p.moveLineIds, ['move_id'], { signal }) : [];
    return {
      result: { statementLineId: p.statementLineId },
      touched: [
        { model: 'account.move', ids: [info.moveId, ...items.flatMap((i) => (m2oId(i.move_id) !== null ? [m2oId(i.move_id)!] : []))] },
        { model: AML, ids: lines.map((l) => l.id) },
      ],
    };
  },
};
