import type { OdooVersion, SimEngine } from '../types';
import { createEngine, type EngineOptions } from './index';

/** Shared helpers for the engine's tests: a small chart of accounts built through execute(). */
export type Call = (model: string, method: string, args?: unknown[], kwargs?: Record<string, unknown>, uid?: number) => unknown;

export function caller(engine: SimEngine, defaultUid = 2): Call {
  return (model, method, args = [], kwargs = {}, uid = defaultUid) => engine.execute({ uid, model, method, args, kwargs, style: 'rpc' });
}

export const FIXED_NOW = () => new Date('2024-05-01T10:00:00Z');

export function memoryEngine(version: OdooVersion = 17, extra: Partial<EngineOptions> = {}): SimEngine {
  return createEngine({ version, now: FIXED_NOW, ...extra });
}

export type Books = {
  receivable: number;
  payable: number;
  bankAccount: number;
  suspense: number;
  income: number;
  expense: number;
  taxAccount: number;
  fees: number;
  bank: number;
  sale: number;
  purchase: number;
  misc: number;
  tax21: number;
  customer: number;
  vendor: number;
};

export function setupBooks(call: Call, version: OdooVersion = 17): Books {
  const company = version >= 18 ? { company_ids: [[6, 0, [1]]] } : { company_id: 1 };
  const acc = (code: string, name: string, account_type: string, reconcile = false) =>
    call('account.account', 'create', [{ code, name, account_type, reconcile, ...company }]) as number;
  const receivable = acc('400000', 'Trade Receivable', 'asset_receivable', true);
  const payable = acc('440000', 'Trade Payable', 'liability_payable', true);
  const bankAccount = acc('550001', 'Bank', 'asset_cash');
  const suspense = acc('499000', 'Bank Suspense Account', 'asset_current');
  const income = acc('700000', 'Product Sales', 'income');
  const expense = acc('600000', 'Purchases', 'expense');
  const taxAccount = acc('451000', 'VAT Payable', 'liability_current');
  const fees = acc('656000', 'Bank Fees', 'expense');
  const journal = (name: string, code: string, type: string, extra: Record<string, unknown> = {}) =>
    call('account.journal', 'create', [{ name, code, type, ...extra }]) as number;
  const bank = journal('Bank', 'BNK1', 'bank', { default_account_id: bankAccount, suspense_account_id: suspense });
  const sale = journal('Customer Invoices', 'INV', 'sale', { default_account_id: income });
  const purchase = journal('Vendor Bills', 'BILL', 'purchase', { default_account_id: expense });
  const misc = journal('Miscellaneous Operations', 'MISC', 'general');
  const tax21 = call('account.tax', 'create', [{ name: '21%', amount: 21, type_tax_use: 'sale' }]) as number;
  const customer = call('res.partner', 'create', [{ name: 'Agrolait', is_company: true, customer_rank: 1, property_account_receivable_id: receivable, property_account_payable_id: payable }]) as number;
  const vendor = call('res.partner', 'create', [{ name: 'Wood Corner', is_company: true, supplier_rank: 1 }]) as number;
  return { receivable, payable, bankAccount, suspense, income, expense, taxAccount, fees, bank, sale, purchase, misc, tax21, customer, vendor };
}

/** A posted customer invoice of `amount` (untaxed, no tax) dated `date`. */
export function postedInvoice(call: Call, b: Books, amount: number, opts: { partner?: number; date?: string; tax?: boolean; type?: string } = {}): number {
  const id = call('account.move', 'create', [
    {
      move_type: opts.type ?? 'out_invoice',
      partner_id: opts.partner ?? b.customer,
      invoice_date: opts.date ?? '2024-04-01',
      invoice_line_ids: [[0, 0, { name: 'Service', quantity: 1, price_unit: amount, ...(opts.tax ? { tax_ids: [[6, 0, [b.tax21]]] } : {}) }]],
    },
  ]) as number;
  call('account.move', 'action_post', [[id]]);
  return id;
}
