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
});

const Payload = z.object({
  statementLineId: z.number().int().positive(),
  partnerId: z.number().int().positive().nullable().optional(),
  counterparts: z.array(Counterpart).min(1).max(50),
  writeOff: z.object({ amount: z.number(), accountId: z.number().int().positive(), label: z.string().min(1).max(200) }).optional(),
});
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
    const partner = p.partnerId ?? m2oId(info.st.partner_id) ?? m2oId(itemById.get(p.counterparts[0]!.moveLineId)?.partner_id);

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
      if (gap !== 0) allocs[allocs.length - 1] = round2(allocs[allocs.length - 1]! + gap / 100);
      const label = typeof info.st.payment_ref === 'string' ? info.st.payment_ref : '';
      const vals = p.counterparts.map((c, i) => ({
        account_id: m2oId(itemById.get(c.moveLineId)!.account_id),
        partner_id: partner ?? false,
        name: label,
        balance: -allocs[i]!,
        amount_currency: -allocs[i]!,
      }));
      const cmds: unknown[] = [[1, suspense.id, vals[0]], ...vals.slice(1).map((v) => [0, 0, v])];
      if (p.writeOff) {
        cmds.push([0, 0, { account_id: p.writeOff.accountId, partner_id: partner ?? false, name: p.writeOff.label, balance: p.writeOff.amount, amount_currency: p.writeOff.amount }]);
      }
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
