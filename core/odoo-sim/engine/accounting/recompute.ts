import type { Env } from '../core';
import type { Row } from '../fields';
import { setComputed, sudo } from '../orm';
import { checkBalanced, moveTotals, syncInvoice, syncLineRelated } from './moves';
import { refreshPayment } from './payment';
import { partialsOf, refreshReconciliation } from './reconcile';
import { refreshStatementLine } from './statement';
import { account, isInvoice, isZero, moveLines, num } from './util';

const AML = 'account.move.line';

/** Odoo's payment_state: not_paid / partial / in_payment / paid / reversed. */
export function paymentState(env: Env, move: Row): string {
  if (!isInvoice(move) || move.state !== 'posted') return 'not_paid';
  const s = env.core.store;
  const pt = moveLines(env, move.id).filter((l) => {
    const a = account(env, l.account_id);
    return a?.account_type === 'asset_receivable' || a?.account_type === 'liability_payable';
  });
  if (!pt.length) return 'not_paid';
  const total = pt.reduce((a, l) => a + num(l.balance), 0);
  const residual = pt.reduce((a, l) => a + num(l.amount_residual), 0);
  if (isZero(total)) return 'paid';
  if (isZero(residual)) {
    let inPayment = false;
    let reversed = true;
    for (const l of pt) {
      for (const p of partialsOf(env, l.id)) {
        const other = s.get(AML, (p.debit_move_id === l.id ? p.credit_move_id : p.debit_move_id) as number);
        const om = other ? s.get('account.move', other.move_id as number) : undefined;
        if (!om) continue;
        if (om.reversed_entry_id !== move.id) reversed = false;
        if (typeof om.payment_id === 'number') {
          const pay = s.get('account.payment', om.payment_id);
          if (pay && pay.is_matched !== true) inPayment = true;
        }
      }
    }
    if (reversed) return 'reversed';
    return inPayment ? 'in_payment' : 'paid';
  }
  if (!isZero(residual - total)) return 'partial';
  return 'not_paid';
}

function refreshMove(env: Env, moveId: number): void {
  const move = env.core.store.get('account.move', moveId);
  if (!move) return;
  const totals = moveTotals(env, move);
  totals.payment_state = paymentState(env, move);
  setComputed(sudo(env), 'account.move', moveId, totals);
}

/**
 * End-of-call recomputation of accounting's stored derived fields, driven by what the call changed:
 * invoice dynamic lines, related fields, balance check, residuals and reconciliation groups, payment
 * flags, move totals and payment_state, statement line is_reconciled / amount_residual.
 */
export function flushAccounting(env: Env): void {
  const s = env.core.store;
  const moves = new Set<number>();
  const lines = new Set<number>();
  const stLines = new Set<number>();
  const payments = new Set<number>();
  for (const c of s.pending()) {
    const cur = s.get(c.model, c.id);
    if (c.model === AML) {
      lines.add(c.id);
      for (const r of [c.before, cur]) if (r && typeof r.move_id === 'number') moves.add(r.move_id);
    } else if (c.model === 'account.move') moves.add(c.id);
    else if (c.model === 'account.partial.reconcile') {
      for (const r of [c.before, cur]) {
        if (!r) continue;
        for (const k of ['debit_move_id', 'credit_move_id']) if (typeof r[k] === 'number') lines.add(r[k]);
      }
    } else if (c.model === 'account.bank.statement.line') stLines.add(c.id);
    else if (c.model === 'account.payment') payments.add(c.id);
  }
  if (!moves.size && !lines.size && !stLines.size && !payments.size) return;
  for (const m of moves) syncInvoice(env, m);
  for (const m of moves) syncLineRelated(env, m);
  if (env.context.check_move_validity !== false) for (const m of moves) if (s.get('account.move', m)) checkBalanced(env, m);
  // Lines created by the sync above must join the residual pass.
  for (const m of moves) for (const id of s.children(AML, 'move_id', m)) lines.add(id);
  const live = [...lines].filter((id) => s.get(AML, id));
  refreshReconciliation(env, live);
  for (const id of live) {
    const l = s.get(AML, id)!;
    moves.add(l.move_id as number);
  }
  for (const m of moves) {
    const move = s.get('account.move', m);
    if (!move) continue;
    if (typeof move.payment_id === 'number') payments.add(move.payment_id);
    if (typeof move.statement_line_id === 'number') stLines.add(move.statement_line_id);
  }
  // A payment getting matched moves its invoices from in_payment to paid.
  for (const p of payments) {
    if (!refreshPayment(env, p)) continue;
    const pay = s.get('account.payment', p);
    if (!pay || typeof pay.move_id !== 'number') continue;
    for (const l of moveLines(env, pay.move_id)) {
      for (const part of partialsOf(env, l.id)) {
        for (const k of ['debit_move_id', 'credit_move_id']) {
          const ol = s.get(AML, part[k] as number);
          if (ol) moves.add(ol.move_id as number);
        }
      }
    }
  }
  for (const m of moves) refreshMove(env, m);
  for (const st of stLines) refreshStatementLine(env, st);
}

/** loadDataset: every derived stored field, in dependency order. */
export function recomputeAll(env: Env): void {
  const s = env.core.store;
  const su = sudo(env);
  for (const id of s.ids('account.move')) {
    const m = s.get('account.move', id)!;
    if (m.state === 'draft' && isInvoice(m)) syncInvoice(su, id);
  }
  refreshReconciliation(su, s.ids(AML));
  for (const id of s.ids('account.payment')) refreshPayment(su, id);
  for (const id of s.ids('account.move')) refreshMove(su, id);
  for (const id of s.ids('account.bank.statement.line')) refreshStatementLine(su, id);
}
