import type { Env } from '../core';
import { userError, validationError } from '../errors';
import type { Row } from '../fields';
import { createRecords, setComputed, sudo, unlinkRecords, type Vals } from '../orm';
import {
  accountOfType,
  companyCurrency,
  defaultJournal,
  INBOUND_TYPES,
  isInvoice,
  isSaleType,
  isZero,
  moveLines,
  num,
  partnerAccount,
  round2,
} from './util';

const DRAFT_LABEL: Record<string, string> = {
  out_invoice: 'Draft Invoice',
  out_refund: 'Draft Credit Note',
  in_invoice: 'Draft Bill',
  in_refund: 'Draft Vendor Credit Note',
  out_receipt: 'Draft Sales Receipt',
  in_receipt: 'Draft Purchase Receipt',
  entry: 'Draft Entry',
};

export function moveDisplayName(row: Row): string {
  if (row.state === 'draft' && (!row.name || row.name === '/')) return `${DRAFT_LABEL[String(row.move_type)] ?? 'Draft Entry'} (* ${row.id})`;
  return typeof row.name === 'string' && row.name ? row.name : '/';
}

export function prepareMoveCreate(env: Env, vals: Vals): Vals {
  const type = String(vals.move_type ?? 'entry');
  vals.move_type = type;
  if (!vals.journal_id) {
    const jt = type.startsWith('out_') ? 'sale' : type.startsWith('in_') ? 'purchase' : 'general';
    const ctxJournal = env.context.default_journal_id;
    const j = typeof ctxJournal === 'number' ? env.core.store.get('account.journal', ctxJournal) : defaultJournal(env, jt, env.companyId);
    if (!j) throw userError(`No journal could be found in company ${env.companyId} for any of those types: ${jt}`);
    vals.journal_id = j.id;
  }
  const journal = env.core.store.get('account.journal', vals.journal_id as number)!;
  if (!vals.company_id) vals.company_id = journal.company_id ?? env.companyId;
  if (!vals.currency_id) vals.currency_id = journal.currency_id || companyCurrency(env, vals.company_id);
  if (!vals.date) vals.date = (vals.invoice_date as string) || env.core.today();
  if (!vals.state) vals.state = 'draft';
  if (vals.name === undefined) vals.name = env.core.version >= 18 ? false : '/';
  if (isInvoice(vals as Row) && !vals.invoice_date_due && vals.invoice_date) vals.invoice_date_due = vals.invoice_date;
  if (vals.payment_state === undefined) vals.payment_state = 'not_paid';
  return vals;
}

const POSTED_READONLY = ['line_ids', 'invoice_line_ids', 'journal_id', 'partner_id', 'currency_id', 'move_type', 'date', 'invoice_date', 'company_id', 'amount_total', 'amount_untaxed'];

export function checkMoveWrite(env: Env, ids: number[], vals: Vals): Vals {
  if (env.context.skip_readonly_check) return vals;
  const s = env.core.store;
  for (const id of ids) {
    const m = s.get('account.move', id)!;
    if (m.state !== 'posted') continue;
    const bad = POSTED_READONLY.filter((k) => k in vals && !(k === 'date' && vals.date === m.date) && !(k === 'partner_id' && vals.partner_id === m.partner_id));
    if (bad.length) {
      const cm = env.core.models.get('account.move')!;
      throw userError(`You cannot modify the following readonly fields on a posted move: ${bad.map((b) => cm.fields.get(b)?.string ?? b).join(', ')}`);
    }
  }
  return vals;
}

/** Line defaults copied from the move (Odoo's related stored fields) and amount normalisation. */
export function prepareLineCreate(env: Env, vals: Vals): Vals {
  // tax_line_id is Odoo's related field tax_repartition_line_id.tax_id
  if (typeof vals.tax_repartition_line_id === 'number' && !vals.tax_line_id) {
    const rep = env.core.store.get('account.tax.repartition.line', vals.tax_repartition_line_id);
    if (typeof rep?.tax_id === 'number') vals.tax_line_id = rep.tax_id;
  }
  const move = typeof vals.move_id === 'number' ? env.core.store.get('account.move', vals.move_id) : undefined;
  if (move) {
    vals.date = move.date;
    vals.journal_id = move.journal_id;
    vals.company_id = move.company_id;
    vals.parent_state = move.state;
    vals.move_name = move.name;
    if (!vals.currency_id) vals.currency_id = move.currency_id;
    if (!vals.display_type) {
      const acc = typeof vals.account_id === 'number' ? env.core.store.get('account.account', vals.account_id) : undefined;
      if (vals.tax_line_id) vals.display_type = 'tax';
      else if (isInvoice(move) && (acc?.account_type === 'asset_receivable' || acc?.account_type === 'liability_payable')) vals.display_type = 'payment_term';
      else vals.display_type = 'product';
    }
    if (!vals.account_id && vals.display_type === 'product') vals.account_id = productAccount(env, move, vals.product_id);
  }
  normalizeAmounts(vals, true);
  if (vals.quantity === undefined) vals.quantity = 1;
  return vals;
}

/** Keeps debit/credit/balance/amount_currency consistent whichever of them was given. */
export function normalizeAmounts(vals: Vals, creating: boolean, current?: Row): void {
  const has = (k: string) => k in vals;
  if (has('balance') && !has('debit') && !has('credit')) {
    const b = num(vals.balance);
    vals.debit = b > 0 ? round2(b) : 0;
    vals.credit = b < 0 ? round2(-b) : 0;
  } else if (has('debit') || has('credit') || creating) {
    const d = has('debit') ? num(vals.debit) : num(current?.debit);
    const c = has('credit') ? num(vals.credit) : num(current?.credit);
    vals.debit = d;
    vals.credit = c;
    vals.balance = round2(d - c);
  }
  if ('balance' in vals && !has('amount_currency')) {
    const sameCurrency = !current || current.amount_currency === current.balance || current.amount_currency === undefined;
    if (creating || sameCurrency) vals.amount_currency = vals.balance;
  }
}

function productAccount(env: Env, move: Row, productId: unknown): number | false {
  const sale = isSaleType(move.move_type);
  const p = typeof productId === 'number' ? env.core.store.get('product.product', productId) : undefined;
  const tmpl = typeof p?.product_tmpl_id === 'number' ? env.core.store.get('product.template', p.product_tmpl_id) : undefined;
  const fromProduct = (sale ? p?.property_account_income_id ?? tmpl?.property_account_income_id : p?.property_account_expense_id ?? tmpl?.property_account_expense_id) ?? false;
  if (typeof fromProduct === 'number') return fromProduct;
  const j = env.core.store.get('account.journal', move.journal_id as number);
  if (typeof j?.default_account_id === 'number') return j.default_account_id;
  const acc = accountOfType(env, [sale ? 'income' : 'expense'], move.company_id);
  return acc ? acc.id : false;
}

function taxAccount(env: Env, tax: Row): number | false {
  const sale = tax.type_tax_use !== 'purchase';
  const types = sale ? ['liability_current'] : ['asset_current'];
  const acc =
    accountOfType(env, types, tax.company_id, (a) => /tax|vat|btw|tva/i.test(String(a.name))) ??
    accountOfType(env, types, tax.company_id) ??
    accountOfType(env, ['liability_current', 'asset_current'], tax.company_id);
  return acc ? acc.id : false;
}

/** Computes a tax on a base; returns [untaxed, tax] for price_include handling. */
function computeTax(tax: Row, base: number, qty: number): { untaxed: number; tax: number } {
  const amount = num(tax.amount);
  if (tax.amount_type === 'fixed') return { untaxed: base, tax: round2(amount * qty) };
  if (tax.price_include === true) {
    const untaxed = round2(base / (1 + amount / 100));
    return { untaxed, tax: round2(base - untaxed) };
  }
  return { untaxed: base, tax: round2((base * amount) / 100) };
}

/**
 * Draft invoices: product lines drive everything else (Odoo's dynamic lines): balances from
 * quantity × price, one tax line per tax, one payment-term line balancing the move.
 */
export function syncInvoice(env: Env, moveId: number): void {
  const s = env.core.store;
  const move = s.get('account.move', moveId);
  if (!move || move.state !== 'draft' || !isInvoice(move)) return;
  const su = sudo(env);
  const inbound = INBOUND_TYPES.has(String(move.move_type));
  const lines = moveLines(env, moveId);
  const taxTotals = new Map<number, { amount: number; base: number }>();
  for (const l of lines) {
    if (l.display_type !== 'product') continue;
    const qty = l.quantity === undefined ? 1 : num(l.quantity);
    const gross = round2(qty * num(l.price_unit) * (1 - num(l.discount) / 100));
    let sub = gross;
    let taxSum = 0;
    for (const tid of (l.tax_ids as number[]) ?? []) {
      const tax = s.get('account.tax', tid);
      if (!tax) continue;
      const r = computeTax(tax, gross, qty);
      sub = Math.min(sub, r.untaxed);
      taxSum += r.tax;
      const t = taxTotals.get(tid) ?? { amount: 0, base: 0 };
      t.amount += r.tax;
      t.base += r.untaxed;
      taxTotals.set(tid, t);
    }
    const balance = round2(inbound ? -sub : sub);
    setComputed(su, 'account.move.line', l.id, {
      price_subtotal: round2(sub),
      price_total: round2(sub + taxSum),
      balance,
      debit: balance > 0 ? balance : 0,
      credit: balance < 0 ? -balance : 0,
      amount_currency: balance,
    });
  }
  // Tax lines: update in place, create missing, drop stale ones.
  const existingTax = lines.filter((l) => l.display_type === 'tax');
  for (const [tid, t] of taxTotals) {
    const tax = s.get('account.tax', tid)!;
    const balance = round2(inbound ? -t.amount : t.amount);
    const vals = { balance, debit: balance > 0 ? balance : 0, credit: balance < 0 ? -balance : 0, amount_currency: balance, tax_base_amount: round2(t.base) };
    const found = existingTax.find((l) => l.tax_line_id === tid);
    if (found) setComputed(su, 'account.move.line', found.id, vals);
    else
      createRecords(su, 'account.move.line', [
        { move_id: moveId, name: tax.name, tax_line_id: tid, account_id: taxAccount(env, tax), display_type: 'tax', partner_id: move.partner_id ?? false, ...vals },
      ]);
  }
  const stale = existingTax.filter((l) => !taxTotals.has(l.tax_line_id as number)).map((l) => l.id);
  if (stale.length) unlinkRecords(su, 'account.move.line', stale);
  // Payment-term line balances the rest.
  const others = moveLines(env, moveId).filter((l) => l.display_type !== 'payment_term');
  const rest = round2(-others.reduce((acc, l) => acc + num(l.balance), 0));
  const pt = moveLines(env, moveId).filter((l) => l.display_type === 'payment_term');
  const kind = isSaleType(move.move_type) ? 'receivable' : 'payable';
  const ptVals = {
    balance: rest,
    debit: rest > 0 ? rest : 0,
    credit: rest < 0 ? -rest : 0,
    amount_currency: rest,
    partner_id: move.partner_id ?? false,
    date_maturity: move.invoice_date_due || move.invoice_date || move.date,
    name: move.payment_reference || '',
  };
  const first = pt[0];
  if (first) {
    setComputed(su, 'account.move.line', first.id, ptVals);
    if (pt.length > 1) unlinkRecords(su, 'account.move.line', pt.slice(1).map((l) => l.id));
  } else if (others.length) {
    const acc = partnerAccount(env, move.partner_id, kind, move.company_id);
    if (!acc) throw userError(`Cannot find a ${kind} account for the invoice: configure the chart of accounts.`);
    createRecords(su, 'account.move.line', [{ move_id: moveId, account_id: acc, display_type: 'payment_term', ...ptVals }]);
  }
}

/** Stored totals of a move from its lines (both invoices and entries). */
export function moveTotals(env: Env, move: Row): Vals {
  const lines = moveLines(env, move.id);
  const inbound = INBOUND_TYPES.has(String(move.move_type));
  if (!isInvoice(move)) {
    const total = round2(lines.reduce((a, l) => a + num(l.debit), 0));
    return {
      amount_untaxed: total,
      amount_tax: 0,
      amount_total: total,
      amount_residual: 0,
      amount_untaxed_signed: total,
      amount_tax_signed: 0,
      amount_total_signed: total,
      amount_residual_signed: 0,
    };
  }
  let prod = 0;
  let tax = 0;
  let residual = 0;
  for (const l of lines) {
    if (l.display_type === 'product') prod += num(l.balance);
    else if (l.display_type === 'tax') tax += num(l.balance);
    else if (l.display_type === 'payment_term') residual += num(l.amount_residual);
  }
  const sign = inbound ? -1 : 1;
  const untaxed = round2(sign * prod);
  const taxAmt = round2(sign * tax);
  const total = round2(untaxed + taxAmt);
  const res = round2(-sign * residual);
  const sgn = inbound ? 1 : -1;
  return {
    amount_untaxed: untaxed,
    amount_tax: taxAmt,
    amount_total: total,
    amount_residual: res,
    amount_untaxed_signed: round2(sgn * untaxed),
    amount_tax_signed: round2(sgn * taxAmt),
    amount_total_signed: round2(sgn * total),
    amount_residual_signed: round2(sgn * res),
  };
}

export function checkBalanced(env: Env, moveId: number): void {
  const lines = moveLines(env, moveId);
  if (!lines.length) return;
  let d = 0;
  let c = 0;
  for (const l of lines) {
    d += num(l.debit);
    c += num(l.credit);
  }
  if (!isZero(d - c)) {
    const move = env.core.store.get('account.move', moveId)!;
    const journal = env.core.store.get('account.journal', move.journal_id as number);
    throw userError(
      `The move (${moveDisplayName(move)}) is not balanced. The total of debits equals ${round2(d).toFixed(2)} and the total of credits equals ${round2(c).toFixed(2)}.\n` +
        `You might want to specify a default account on journal "${String(journal?.name ?? '')}" to automatically balance each move.`,
    );
  }
}

function sequencePrefix(env: Env, move: Row, payment: boolean): string {
  const j = env.core.store.get('account.journal', move.journal_id as number);
  const code = String(j?.code ?? 'MISC');
  const year = String(move.date ?? env.core.today()).slice(0, 4);
  const refund = move.move_type === 'out_refund' || move.move_type === 'in_refund';
  return `${refund ? 'R' : payment ? 'P' : ''}${code}/${year}/`;
}

export function nextMoveName(env: Env, move: Row, payment = false): string {
  const s = env.core.store;
  const prefix = sequencePrefix(env, move, payment);
  const key = `seq:${String(move.journal_id)}:${prefix}`;
  let n = Number(s.meta.get(key) ?? NaN);
  if (Number.isNaN(n)) {
    n = 0;
    for (const id of s.children('account.move', 'journal_id', move.journal_id as number)) {
      const name = s.get('account.move', id)?.name;
      if (typeof name === 'string' && name.startsWith(prefix)) {
        const k = Number(name.slice(prefix.length));
        if (Number.isFinite(k) && k > n) n = k;
      }
    }
  }
  n += 1;
  s.meta.set(key, String(n));
  return `${prefix}${String(n).padStart(5, '0')}`;
}

export function postMoves(env: Env, ids: number[]): false {
  const s = env.core.store;
  const su = sudo(env);
  for (const id of ids) {
    const move = s.get('account.move', id)!;
    if (move.state === 'posted') throw userError('The entry ' + moveDisplayName(move) + ' (id ' + id + ') is already posted.');
    if (isInvoice(move)) {
      if (!move.partner_id) {
        const label = isSaleType(move.move_type) ? 'Customer' : 'Vendor';
        throw userError(`The field '${label}' is required, please complete it to validate the ${move.move_type === 'in_invoice' ? 'Vendor Bill' : 'Customer Invoice'}.`);
      }
      if (!move.invoice_date && String(move.move_type).startsWith('in_')) throw userError('The Bill/Refund date is required to validate this document.');
      syncInvoice(env, id);
    }
    const lines = moveLines(env, id);
    if (!lines.length) throw userError('You need to add a line before posting.');
    if (isInvoice(move) && !lines.some((l) => l.display_type === 'product')) throw userError('You need to add a line before posting.');
    checkBalanced(env, id);
    const cur = s.get('account.move', id)!;
    const patch: Vals = { state: 'posted', posted_before: true };
    if (isInvoice(cur) && !cur.invoice_date) patch.invoice_date = env.core.today();
    if (!cur.name || cur.name === '/') patch.name = nextMoveName(env, { ...cur, ...patch }, Boolean(cur.payment_id));
    setComputed(su, 'account.move', id, patch);
    syncLineRelated(env, id);
  }
  return false;
}

export function draftMoves(env: Env, ids: number[]): false {
  const s = env.core.store;
  for (const id of ids) {
    const m = s.get('account.move', id)!;
    if (m.state === 'draft') continue;
    // Odoo's button_draft unreconciles the entry's items before resetting it.
    const partials = new Set<number>();
    for (const l of moveLines(env, id)) {
      for (const p of s.children('account.partial.reconcile', 'debit_move_id', l.id)) partials.add(p);
      for (const p of s.children('account.partial.reconcile', 'credit_move_id', l.id)) partials.add(p);
    }
    if (partials.size) unlinkRecords(sudo(env), 'account.partial.reconcile', [...partials]);
    setComputed(sudo(env), 'account.move', id, { state: 'draft' });
    syncLineRelated(env, id);
  }
  return false;
}

export function cancelMoves(env: Env, ids: number[]): false {
  for (const id of ids) {
    const m = env.core.store.get('account.move', id)!;
    if (m.state === 'posted') throw userError('You can only cancel draft entries; reset this entry to draft first.');
    setComputed(sudo(env), 'account.move', id, { state: 'cancel' });
    syncLineRelated(env, id);
  }
  return false;
}

export function checkMoveUnlink(env: Env, ids: number[]): void {
  for (const id of ids) {
    const m = env.core.store.get('account.move', id)!;
    if (m.state === 'posted' || (m.posted_before === true && !env.context.force_delete)) {
      throw userError('You cannot delete an entry which has been posted once.');
    }
  }
}

export function checkLineWrite(env: Env, ids: number[], vals: Vals): Vals {
  const s = env.core.store;
  for (const id of ids) {
    const l = s.get('account.move.line', id)!;
    if (l.parent_state === 'posted' && ('tax_ids' in vals || 'tax_line_id' in vals)) {
      throw userError('You cannot modify the taxes related to a posted journal item, you should reset the journal entry to draft to do so.');
    }
    const partials = s.children('account.partial.reconcile', 'debit_move_id', id).length + s.children('account.partial.reconcile', 'credit_move_id', id).length;
    if (partials && ['account_id', 'debit', 'credit', 'balance', 'amount_currency', 'currency_id'].some((k) => k in vals && vals[k] !== l[k])) {
      throw userError(
        `You cannot do this modification on a reconciled journal entry. You can just change some non legal fields or you must unreconcile first.\nJournal Entry (id): ${String(l.move_name)} (${String(l.move_id)})`,
      );
    }
    if ('move_id' in vals && vals.move_id !== l.move_id) throw validationError('You cannot move a journal item to another journal entry.');
  }
  if ('debit' in vals || 'credit' in vals || 'balance' in vals) {
    const cur = s.get('account.move.line', ids[0]!);
    normalizeAmounts(vals, false, cur);
  }
  return vals;
}


/** Copies the move's related stored fields onto its lines. */
export function syncLineRelated(env: Env, moveId: number): void {
  const s = env.core.store;
  const move = s.get('account.move', moveId);
  if (!move) return;
  const su = sudo(env);
  for (const l of moveLines(env, moveId)) {
    if (l.date === move.date && l.parent_state === move.state && l.move_name === move.name && l.journal_id === move.journal_id && l.company_id === move.company_id) continue;
    setComputed(su, 'account.move.line', l.id, { date: move.date, parent_state: move.state, move_name: move.name, journal_id: move.journal_id, company_id: move.company_id });
  }
}

