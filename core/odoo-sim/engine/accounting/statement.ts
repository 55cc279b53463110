import type { Env } from '../core';
import { displayName } from '../core';
import { userError } from '../errors';
import type { Row } from '../fields';
import { createRecords, setComputed, sudo, unlinkRecords, withContext, writeRecords, type Vals } from '../orm';
import { nextMoveName, syncLineRelated } from './moves';
import { removeMoveReconcile } from './reconcile';
import { companyCurrency, moveLines, num, round2 } from './util';

const ST = 'account.bank.statement.line';

function journalOf(env: Env, st: Row | Vals): Row {
  const j = typeof st.journal_id === 'number' ? env.core.store.get('account.journal', st.journal_id) : undefined;
  if (!j) throw userError('A statement line needs a journal.');
  return j;
}

/** Liquidity / suspense / other lines of a statement line's move (Odoo's _seek_for_lines). */
export function seekLines(env: Env, st: Row): { liquidity: Row[]; suspense: Row[]; other: Row[] } {
  const j = journalOf(env, st);
  const out = { liquidity: [] as Row[], suspense: [] as Row[], other: [] as Row[] };
  if (typeof st.move_id !== 'number') return out;
  for (const l of moveLines(env, st.move_id)) {
    if (l.account_id === j.default_account_id) out.liquidity.push(l);
    else if (l.account_id === j.suspense_account_id) out.suspense.push(l);
    else out.other.push(l);
  }
  return out;
}

function defaultLineVals(env: Env, st: Row | Vals, counterpartAccount?: unknown): Vals[] {
  const j = journalOf(env, st);
  const amount = round2(num(st.amount));
  const label = typeof st.payment_ref === 'string' && st.payment_ref ? st.payment_ref : '';
  const partner = typeof st.partner_id === 'number' ? st.partner_id : false;
  const companyCur = companyCurrency(env, j.company_id);
  const currency = typeof j.currency_id === 'number' ? j.currency_id : companyCur;
  const foreign = typeof st.foreign_currency_id === 'number' && st.foreign_currency_id !== currency ? st.foreign_currency_id : false;
  const counterpart = typeof counterpartAccount === 'number' ? counterpartAccount : j.suspense_account_id;
  return [
    {
      name: label,
      account_id: j.default_account_id,
      partner_id: partner,
      currency_id: currency,
      balance: amount,
      amount_currency: amount,
      display_type: 'product',
    },
    {
      name: label,
      account_id: counterpart,
      partner_id: partner,
      currency_id: foreign || currency,
      balance: -amount,
      amount_currency: foreign ? -round2(num(st.amount_currency)) : -amount,
      display_type: 'product',
    },
  ];
}

export function prepareStatementLineCreate(env: Env, vals: Vals): Vals {
  if (!vals.journal_id && typeof env.context.default_journal_id === 'number') vals.journal_id = env.context.default_journal_id;
  if (!vals.journal_id && typeof vals.statement_id === 'number') vals.journal_id = env.core.store.get('account.bank.statement', vals.statement_id)?.journal_id;
  const j = journalOf(env, vals);
  if (!j.suspense_account_id) {
    throw userError(`You can't create a new statement line without a suspense account set on the ${displayName(env, 'account.journal', j)} journal.`);
  }
  if (!j.default_account_id) throw userError(`You can't create a new statement line without a default account set on the ${String(j.name)} journal.`);
  if (!vals.date) vals.date = env.core.today();
  vals.company_id = j.company_id ?? env.companyId;
  vals.currency_id = j.currency_id || companyCurrency(env, vals.company_id);
  if (vals.amount === undefined) vals.amount = 0;
  if (vals.sequence === undefined) vals.sequence = 1;
  vals.is_reconciled = false;
  vals.amount_residual = -round2(num(vals.amount));
  return vals;
}

/** create(): the statement line's posted journal entry with its liquidity and counterpart lines. */
export function createStatementMove(env: Env, stId: number, counterpartAccount?: unknown): void {
  const s = env.core.store;
  const st = s.get(ST, stId)!;
  const su = withContext(sudo(env), { skip_readonly_check: true });
  const j = journalOf(env, st);
  const [moveId] = createRecords(su, 'account.move', [
    {
      move_type: 'entry',
      journal_id: j.id,
      date: st.date,
      partner_id: st.partner_id ?? false,
      ref: false,
      company_id: st.company_id,
      currency_id: st.currency_id,
      statement_line_id: stId,
      line_ids: defaultLineVals(env, st, counterpartAccount).map((v) => [0, 0, v]),
    },
  ]);
  const move = s.get('account.move', moveId!)!;
  setComputed(su, 'account.move', moveId!, { state: 'posted', posted_before: true, name: nextMoveName(env, move) });
  syncLineRelated(env, moveId!);
  s.put(ST, { ...s.get(ST, stId)!, move_id: moveId!, internal_index: internalIndex(st) });
}

export function internalIndex(st: Row | Vals): string {
  return `${String(st.date ?? '').replace(/-/g, '')}${String(num(st.sequence)).padStart(10, '0')}${String(st.id ?? 0).padStart(10, '0')}`;
}

/** Delete every line and rebuild liquidity + suspense (writing amount/partner/label, undo). */
export function regenerateLines(env: Env, stId: number): void {
  const s = env.core.store;
  const st = s.get(ST, stId)!;
  if (typeof st.move_id !== 'number') return;
  const lines = moveLines(env, st.move_id).map((l) => l.id);
  if (lines.length) removeMoveReconcile(sudo(env), lines);
  const su = withContext(sudo(env), { skip_readonly_check: true, force_delete: true });
  writeRecords(su, 'account.move', [st.move_id], {
    partner_id: st.partner_id ?? false,
    date: st.date,
    to_check: false,
    line_ids: [[5, 0, 0], ...defaultLineVals(env, st).map((v) => [0, 0, v])],
  });
}

const REGEN_FIELDS = ['amount', 'payment_ref', 'partner_id', 'foreign_currency_id', 'amount_currency', 'date', 'journal_id'];

export function prepareStatementLineWrite(env: Env, ids: number[], vals: Vals): Vals {
  if ('line_ids' in vals) {
    const cmds = vals.line_ids;
    delete vals.line_ids;
    const su = withContext(sudo(env), { skip_readonly_check: true });
    for (const id of ids) {
      const st = env.core.store.get(ST, id)!;
      writeRecords(su, 'account.move', [st.move_id as number], { line_ids: cmds });
      checkStatementMove(env, id);
    }
  }
  if ('to_check' in vals) {
    const v = vals.to_check;
    delete vals.to_check;
    for (const id of ids) {
      const st = env.core.store.get(ST, id)!;
      writeRecords(withContext(sudo(env), { skip_readonly_check: true }), 'account.move', [st.move_id as number], { to_check: v });
    }
  }
  return vals;
}

export function afterStatementLineWrite(env: Env, ids: number[], vals: Vals): void {
  if (!REGEN_FIELDS.some((k) => k in vals)) return;
  for (const id of ids) regenerateLines(env, id);
}

/** The move must keep exactly one liquidity line and at most one suspense line. */
export function checkStatementMove(env: Env, stId: number): void {
  const st = env.core.store.get(ST, stId)!;
  const { liquidity, suspense } = seekLines(env, st);
  const name = typeof st.move_id === 'number' ? String(env.core.store.get('account.move', st.move_id)?.name ?? '') : '';
  if (liquidity.length !== 1) {
    throw userError(
      `The journal entry ${name} reached an invalid state regarding its related statement line.\nTo be consistent, the journal entry must always have exactly one journal item involving the bank/cash account.`,
    );
  }
  if (suspense.length > 1) {
    throw userError(
      `The journal entry ${name} reached an invalid state regarding its related statement line.\nTo be consistent, the journal entry must always have at most one suspense line.`,
    );
  }
}

/** Stored is_reconciled / amount_residual of a statement line (Odoo's _compute_is_reconciled). */
export function refreshStatementLine(env: Env, stId: number): void {
  const s = env.core.store;
  const st = s.get(ST, stId);
  if (!st || typeof st.move_id !== 'number') return;
  const { suspense } = seekLines(env, st);
  const move = s.get('account.move', st.move_id);
  let residual: number;
  if (move?.to_check === true) residual = -num(st.foreign_currency_id ? st.amount_currency : st.amount);
  else residual = suspense.reduce((a, l) => a + num(l.amount_currency ?? l.balance), 0);
  const isReconciled = suspense.length === 0;
  setComputed(sudo(env), ST, stId, { is_reconciled: isReconciled, amount_residual: round2(residual) });
}

export function undoReconciliation(env: Env, ids: number[]): null {
  for (const id of ids) regenerateLines(env, id);
  return null;
}

export function deleteStatementMoves(env: Env, ids: number[]): void {
  const moves = ids.map((id) => env.core.store.get(ST, id)?.move_id).filter((m): m is number => typeof m === 'number');
  for (const m of moves) {
    const lines = moveLines(env, m).map((l) => l.id);
    if (lines.length) removeMoveReconcile(sudo(env), lines);
  }
  // The statement line is deleted together with its move (Odoo unlinks the move, cascading).
  const su = withContext(sudo(env), { force_delete: true, skip_readonly_check: true });
  for (const m of moves) {
    setComputed(su, 'account.move', m, { state: 'draft', posted_before: false, statement_line_id: false });
  }
  for (const id of ids) {
    const st = env.core.store.get(ST, id);
    if (st) env.core.store.put(ST, { ...st, move_id: false });
  }
  if (moves.length) unlinkRecords(su, 'account.move', moves);
}
