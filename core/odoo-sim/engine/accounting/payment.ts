import type { Env } from '../core';
import { userError } from '../errors';
import type { Row } from '../fields';
import { createRecords, setComputed, sudo, withContext, type Vals } from '../orm';
import { nextMoveName, syncLineRelated } from './moves';
import { liveResidual, partialsOf, reconcileLines } from './reconcile';
import { account, companyCurrency, defaultJournal, isZero, moveLines, num, partnerAccount, round2 } from './util';

const PAY = 'account.payment';

export function preparePaymentCreate(env: Env, vals: Vals): Vals {
  if (!vals.journal_id) {
    const j = defaultJournal(env, 'bank', env.companyId) ?? defaultJournal(env, 'cash', env.companyId);
    if (!j) throw userError('No bank or cash journal found for the payment.');
    vals.journal_id = j.id;
  }
  const j = env.core.store.get('account.journal', vals.journal_id as number)!;
  vals.company_id = vals.company_id || j.company_id || env.companyId;
  if (!vals.currency_id) vals.currency_id = j.currency_id || companyCurrency(env, vals.company_id);
  if (!vals.date) vals.date = env.core.today();
  if (!vals.payment_type) vals.payment_type = 'inbound';
  if (!vals.partner_type) vals.partner_type = 'customer';
  if (!vals.state) vals.state = 'draft';
  if (!vals.outstanding_account_id) {
    // Odoo's outstanding receipts/payments account: the payment method line's, else the company default.
    const pml = typeof vals.payment_method_line_id === 'number' ? env.core.store.get('account.payment.method.line', vals.payment_method_line_id) : undefined;
    const company = env.core.store.get('res.company', vals.company_id as number);
    const fallback = vals.payment_type === 'outbound' ? company?.account_journal_payment_credit_account_id : company?.account_journal_payment_debit_account_id;
    vals.outstanding_account_id = pml?.payment_account_id || fallback || false;
  }
  return vals;
}

/** The payment's journal entry: liquidity line on the journal's bank account, counterpart on receivable/payable. */
function paymentMoveLines(env: Env, pay: Row): Vals[] {
  const j = env.core.store.get('account.journal', pay.journal_id as number)!;
  const amount = round2(num(pay.amount));
  const inbound = pay.payment_type === 'inbound';
  const liquidityAccount = pay.outstanding_account_id || j.default_account_id;
  const counterpart =
    pay.destination_account_id ||
    partnerAccount(env, pay.partner_id, pay.partner_type === 'supplier' ? 'payable' : 'receivable', pay.company_id);
  if (!liquidityAccount || !counterpart) throw userError('The journal or partner accounts are not configured for this payment.');
  const label = String(pay.ref || '') || (pay.partner_type === 'supplier' ? 'Vendor Payment' : 'Customer Payment');
  const sign = inbound ? 1 : -1;
  return [
    { name: label, account_id: liquidityAccount, partner_id: pay.partner_id ?? false, balance: sign * amount, currency_id: pay.currency_id, date_maturity: pay.date },
    { name: label, account_id: counterpart, partner_id: pay.partner_id ?? false, balance: -sign * amount, currency_id: pay.currency_id, date_maturity: pay.date },
  ];
}

export function postPayments(env: Env, ids: number[]): false {
  const s = env.core.store;
  const su = withContext(sudo(env), { skip_readonly_check: true });
  for (const id of ids) {
    const pay = s.get(PAY, id)!;
    if (pay.state !== 'draft') throw userError('Only a draft payment can be posted.');
    if (!(num(pay.amount) > 0)) throw userError('The payment amount must be strictly positive.');
    let moveId = typeof pay.move_id === 'number' ? pay.move_id : undefined;
    if (!moveId) {
      moveId = createRecords(su, 'account.move', [
        {
          move_type: 'entry',
          journal_id: pay.journal_id,
          date: pay.date,
          partner_id: pay.partner_id ?? false,
          currency_id: pay.currency_id,
          company_id: pay.company_id,
          ref: pay.ref ?? false,
          payment_id: id,
          line_ids: paymentMoveLines(env, pay).map((v) => [0, 0, v]),
        },
      ])[0]!;
    }
    const move = s.get('account.move', moveId)!;
    const name = nextMoveName(env, move, true);
    setComputed(su, 'account.move', moveId, { state: 'posted', posted_before: true, name });
    syncLineRelated(env, moveId);
    setComputed(su, PAY, id, { move_id: moveId, state: 'posted', name });
  }
  return false;
}

export function cancelPayments(env: Env, ids: number[]): false {
  for (const id of ids) {
    const pay = env.core.store.get(PAY, id)!;
    if (typeof pay.move_id === 'number') setComputed(withContext(sudo(env), { skip_readonly_check: true }), 'account.move', pay.move_id, { state: 'cancel' });
    setComputed(sudo(env), PAY, id, { state: 'cancel' });
  }
  return false;
}

/** Stored is_reconciled / is_matched of a payment from its move lines. */
export function refreshPayment(env: Env, id: number): boolean {
  const s = env.core.store;
  const pay = s.get(PAY, id);
  if (!pay || typeof pay.move_id !== 'number') return false;
  const j = s.get('account.journal', pay.journal_id as number);
  const lines = moveLines(env, pay.move_id);
  const liquidity = lines.filter((l) => l.account_id === (pay.outstanding_account_id || j?.default_account_id));
  const counterpart = lines.filter((l) => !liquidity.includes(l));
  // Without an outstanding account the payment hits the bank account directly: nothing left to match.
  const direct = !pay.outstanding_account_id;
  const isMatched = direct || (liquidity.length > 0 && liquidity.every((l) => l.reconciled === true || (partialsOf(env, l.id).length > 0 && isZero(num(l.amount_residual)))));
  const isReconciled = counterpart.length > 0 && counterpart.every((l) => l.reconciled === true);
  return setComputed(sudo(env), PAY, id, { is_matched: isMatched, is_reconciled: isReconciled });
}

/** Invoices reconciled with a payment (reconciled_invoice_ids / reconciled_bill_ids). */
export function reconciledMoves(env: Env, pay: Row, kind: 'invoice' | 'bill'): number[] {
  if (typeof pay.move_id !== 'number') return [];
  const s = env.core.store;
  const out = new Set<number>();
  for (const l of moveLines(env, pay.move_id)) {
    for (const p of partialsOf(env, l.id)) {
      const other = p.debit_move_id === l.id ? p.credit_move_id : p.debit_move_id;
      const ol = s.get('account.move.line', other as number);
      const m = ol ? s.get('account.move', ol.move_id as number) : undefined;
      if (!m) continue;
      const t = String(m.move_type);
      if ((kind === 'invoice' && t.startsWith('out_')) || (kind === 'bill' && t.startsWith('in_'))) out.add(m.id);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/* ------------------------------------------------------- payment register */

function activeLines(env: Env): Row[] {
  const model = env.context.active_model;
  const ids = Array.isArray(env.context.active_ids) ? (env.context.active_ids as number[]) : typeof env.context.active_id === 'number' ? [env.context.active_id] : [];
  const s = env.core.store;
  if (model !== 'account.move' && model !== 'account.move.line') {
    throw userError("The register payment wizard should only be called on account.move or account.move.line records.");
  }
  const lines: Row[] = [];
  for (const id of ids) {
    if (model === 'account.move') {
      const m = s.get('account.move', id);
      if (!m) continue;
      if (m.state !== 'posted') throw userError('You can only register payment for posted journal entries.');
      for (const l of moveLines(env, id)) {
        const acc = account(env, l.account_id);
        if (acc && (acc.account_type === 'asset_receivable' || acc.account_type === 'liability_payable') && l.reconciled !== true) lines.push(l);
      }
    } else {
      const l = s.get('account.move.line', id);
      if (l && l.reconciled !== true) lines.push(l);
    }
  }
  if (!lines.length) throw userError("You can't register a payment because there is nothing left to pay on the selected journal items.");
  return lines;
}

export function prepareRegisterCreate(env: Env, vals: Vals): Vals {
  const lines = activeLines(env);
  const s = env.core.store;
  const residual = round2(lines.reduce((a, l) => a + liveResidual(env, l).residual, 0));
  const first = lines[0]!;
  const move = s.get('account.move', first.move_id as number)!;
  if (!vals.journal_id) {
    const j = defaultJournal(env, 'bank', move.company_id as number) ?? defaultJournal(env, 'cash', move.company_id as number);
    if (!j) throw userError('No bank or cash journal found to register the payment.');
    vals.journal_id = j.id;
  }
  if (vals.amount === undefined || vals.amount === false) vals.amount = Math.abs(residual);
  if (!vals.payment_date) vals.payment_date = env.core.today();
  if (!vals.partner_id) vals.partner_id = first.partner_id ?? move.partner_id ?? false;
  vals.payment_type = residual > 0 ? 'inbound' : 'outbound';
  vals.partner_type = account(env, first.account_id)?.account_type === 'liability_payable' ? 'supplier' : 'customer';
  vals.company_id = move.company_id;
  vals.currency_id = vals.currency_id || move.currency_id;
  vals.source_amount = Math.abs(residual);
  vals.payment_difference = round2(Math.abs(residual) - num(vals.amount));
  if (!vals.payment_difference_handling) vals.payment_difference_handling = 'open';
  if (!vals.communication) {
    const names = [...new Set(lines.map((l) => s.get('account.move', l.move_id as number)).map((m) => String(m?.payment_reference || m?.ref || m?.name || '')))];
    vals.communication = names.filter(Boolean).join(' ');
  }
  vals.line_ids = lines.map((l) => l.id);
  return vals;
}

export function createPaymentsFromWizard(env: Env, ids: number[]): unknown {
  const s = env.core.store;
  const created: number[] = [];
  for (const id of ids) {
    const w = s.get('account.payment.register', id)!;
    const lines = ((w.line_ids as number[]) ?? []).map((l) => s.get('account.move.line', l)).filter((l): l is Row => Boolean(l));
    const open = lines.filter((l) => l.reconciled !== true);
    if (!open.length) throw userError("You can't register a payment because there is nothing left to pay on the selected journal items.");
    const amount = round2(num(w.amount));
    if (!(amount > 0)) throw userError('The payment amount must be strictly positive.');
    const su = sudo(env);
    const counterpartAccount = open[0]!.account_id;
    const [payId] = createRecords(su, PAY, [
      {
        payment_type: w.payment_type,
        partner_type: w.partner_type,
        amount,
        date: w.payment_date,
        journal_id: w.journal_id,
        partner_id: w.partner_id ?? false,
        currency_id: w.currency_id,
        company_id: w.company_id,
        ref: w.communication || false,
        destination_account_id: counterpartAccount,
      },
    ]);
    postPayments(env, [payId!]);
    const pay = s.get(PAY, payId!)!;
    const payLines = moveLines(env, pay.move_id as number).filter((l) => l.account_id === counterpartAccount);
    const wantWriteoff = w.payment_difference_handling === 'reconcile' && typeof w.writeoff_account_id === 'number' && !isZero(num(w.payment_difference));
    if (wantWriteoff) {
      // Write-off: move the difference from the counterpart to the write-off account inside the payment entry.
      const diff = round2(num(w.payment_difference));
      const cp = payLines[0]!;
      const sign = num(cp.balance) < 0 ? -1 : 1;
      const suw = withContext(su, { skip_readonly_check: true });
      createRecords(suw, 'account.move.line', [
        { move_id: pay.move_id, account_id: w.writeoff_account_id, partner_id: pay.partner_id ?? false, name: String(w.writeoff_label || 'Write-Off'), balance: -sign * diff },
      ]);
      setComputed(suw, 'account.move.line', cp.id, { balance: round2(num(cp.balance) + sign * diff), debit: 0, credit: 0, amount_currency: round2(num(cp.balance) + sign * diff) });
      const nb = round2(num(cp.balance) + sign * diff);
      setComputed(suw, 'account.move.line', cp.id, { debit: nb > 0 ? nb : 0, credit: nb < 0 ? -nb : 0 });
    }
    reconcileLines(su, [...open.map((l) => l.id), ...payLines.map((l) => l.id)]);
    created.push(payId!);
  }
  if (env.context.dont_redirect_to_payments) return true;
  const first = created[0];
  return {
    name: 'Payments',
    type: 'ir.actions.act_window',
    res_model: PAY,
    context: { create: false },
    ...(created.length === 1 ? { view_mode: 'form', res_id: first } : { view_mode: 'tree,form', domain: [['id', 'in', created]] }),
  };
}
