import type { Env } from '../core';
import type { Row } from '../fields';

export const round2 = (n: number) => Math.round((n + Number.EPSILON * Math.sign(n)) * 100) / 100;
export const isZero = (n: number) => Math.abs(n) < 0.005;
export const num = (v: unknown) => (typeof v === 'number' ? v : 0);
export const idOf = (v: unknown): number | false => (typeof v === 'number' ? v : false);

export const INBOUND_TYPES = new Set(['out_invoice', 'in_refund', 'out_receipt']);
export const INVOICE_TYPES = new Set(['out_invoice', 'out_refund', 'in_invoice', 'in_refund', 'out_receipt', 'in_receipt']);
export const isInvoice = (move: Row | undefined) => Boolean(move && INVOICE_TYPES.has(String(move.move_type)));
export const isSaleType = (t: unknown) => typeof t === 'string' && t.startsWith('out_');

export function account(env: Env, id: unknown): Row | undefined {
  return typeof id === 'number' ? env.core.store.get('account.account', id) : undefined;
}

/** Odoo's residual rule: reconcilable accounts, plus liquidity accounts (bank/cash/credit card). */
export function residualTracked(acc: Row | undefined): boolean {
  if (!acc) return false;
  return acc.reconcile === true || acc.account_type === 'asset_cash' || acc.account_type === 'liability_credit_card';
}

export function moveLines(env: Env, moveId: number): Row[] {
  const s = env.core.store;
  return s.children('account.move.line', 'move_id', moveId).map((id) => s.get('account.move.line', id)!);
}

export function companyCurrency(env: Env, companyId: unknown): number | false {
  const c = typeof companyId === 'number' ? env.core.store.get('res.company', companyId) : undefined;
  return idOf(c?.currency_id);
}

/** First record of a model matching a predicate, in id order (small config tables only). */
export function findFirst(env: Env, model: string, pred: (r: Row) => boolean): Row | undefined {
  const s = env.core.store;
  for (const id of s.ids(model)) {
    const r = s.get(model, id)!;
    if (pred(r)) return r;
  }
  return undefined;
}

export function defaultJournal(env: Env, type: string, companyId: number): Row | undefined {
  return (
    findFirst(env, 'account.journal', (j) => j.type === type && j.company_id === companyId && j.active !== false) ??
    findFirst(env, 'account.journal', (j) => j.type === type && j.active !== false)
  );
}

export function accountOfType(env: Env, types: string[], companyId: unknown, pred?: (a: Row) => boolean): Row | undefined {
  return (
    findFirst(env, 'account.account', (a) => types.includes(String(a.account_type)) && a.company_id === companyId && a.deprecated !== true && (!pred || pred(a))) ??
    findFirst(env, 'account.account', (a) => types.includes(String(a.account_type)) && a.deprecated !== true && (!pred || pred(a)))
  );
}

/** Receivable / payable account of a partner, falling back to the company's first one of that type. */
export function partnerAccount(env: Env, partnerId: unknown, kind: 'receivable' | 'payable', companyId: unknown): number | false {
  const p = typeof partnerId === 'number' ? env.core.store.get('res.partner', partnerId) : undefined;
  const prop = kind === 'receivable' ? p?.property_account_receivable_id : p?.property_account_payable_id;
  if (typeof prop === 'number' && env.core.store.get('account.account', prop)) return prop;
  const acc = accountOfType(env, [kind === 'receivable' ? 'asset_receivable' : 'liability_payable'], companyId);
  return acc ? acc.id : false;
}
