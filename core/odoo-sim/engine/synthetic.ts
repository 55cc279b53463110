import type { SimDataset } from '../types';

/**
 * A deterministic synthetic SimDataset for the engine's own tests and load benchmarks (the real demo
 * company comes from demo/). Invoices are posted with product/tax/receivable lines; statement lines come
 * with their moves: a third settle an invoice fully, a third half of one (partial), a third stay open.
 */
export function syntheticDataset(size: { partners: number; invoices: number; statementLines: number }): SimDataset {
  const records: SimDataset['records'] = {};
  const add = (model: string, row: Record<string, unknown> & { id: number }) => (records[model] ??= []).push(row);
  const ACC = { receivable: 1, payable: 2, bank: 3, suspense: 4, income: 5, expense: 6, tax: 7 };
  const accounts: Array<[number, string, string, string, boolean]> = [
    [1, '400000', 'Trade Receivable', 'asset_receivable', true],
    [2, '440000', 'Trade Payable', 'liability_payable', true],
    [3, '550001', 'Bank', 'asset_cash', false],
    [4, '499000', 'Bank Suspense', 'asset_current', false],
    [5, '700000', 'Sales', 'income', false],
    [6, '600000', 'Purchases', 'expense', false],
    [7, '451000', 'VAT Payable', 'liability_current', false],
  ];
  for (const [id, code, name, account_type, reconcile] of accounts) add('account.account', { id, code, name, account_type, reconcile, company_id: 1 });
  add('account.journal', { id: 1, name: 'Bank', code: 'BNK1', type: 'bank', default_account_id: ACC.bank, suspense_account_id: ACC.suspense, company_id: 1 });
  add('account.journal', { id: 2, name: 'Customer Invoices', code: 'INV', type: 'sale', default_account_id: ACC.income, company_id: 1 });
  add('account.journal', { id: 3, name: 'Vendor Bills', code: 'BILL', type: 'purchase', default_account_id: ACC.expense, company_id: 1 });
  add('account.tax', { id: 1, name: '21%', amount: 21, amount_type: 'percent', type_tax_use: 'sale', company_id: 1, active: true });
  const firstPartner = 100;
  for (let i = 0; i < size.partners; i++) {
    add('res.partner', {
      id: firstPartner + i,
      name: `Partner ${String(i).padStart(6, '0')}`,
      is_company: i % 5 !== 0,
      email: i % 3 === 0 ? false : `p${i}@example.test`,
      country_id: i % 2 ? 21 : 75,
      customer_rank: 1,
      active: true,
      type: 'contact',
      company_id: false,
    });
  }
  let moveId = 1;
  let lineId = 1;
  let partialId = 1;
  const invoiceReceivable: Array<{ line: number; amount: number; partner: number; date: string }> = [];
  for (let i = 0; i < size.invoices; i++) {
    const partner = firstPartner + (i % Math.max(1, size.partners));
    const untaxed = 100 + (i % 97) * 10;
    const tax = Math.round(untaxed * 21) / 100;
    const total = Math.round((untaxed + tax) * 100) / 100;
    const month = String((i % 12) + 1).padStart(2, '0');
    const date = `2024-${month}-${String((i % 27) + 1).padStart(2, '0')}`;
    const id = moveId++;
    add('account.move', {
      id,
      name: `INV/2024/${String(i + 1).padStart(5, '0')}`,
      move_type: 'out_invoice',
      state: 'posted',
      journal_id: 2,
      company_id: 1,
      currency_id: 1,
      partner_id: partner,
      date,
      invoice_date: date,
      invoice_date_due: date,
      posted_before: true,
    });
    const base = { move_id: id, partner_id: partner, currency_id: 1 };
    add('account.move.line', { id: lineId++, ...base, account_id: ACC.income, name: 'Service', debit: 0, credit: untaxed, display_type: 'product', quantity: 1, price_unit: untaxed, tax_ids: [1] });
    add('account.move.line', { id: lineId++, ...base, account_id: ACC.tax, name: '21%', debit: 0, credit: tax, display_type: 'tax', tax_line_id: 1 });
    const recv = lineId++;
    add('account.move.line', { id: recv, ...base, account_id: ACC.receivable, name: '', debit: total, credit: 0, display_type: 'payment_term', date_maturity: date });
    invoiceReceivable.push({ line: recv, amount: total, partner, date });
  }
  for (let i = 0; i < size.statementLines; i++) {
    const inv = invoiceReceivable[i % Math.max(1, invoiceReceivable.length)];
    const kind = i % 3; // 0 exact, 1 partial, 2 open
    const amount = inv ? (kind === 1 ? Math.round(inv.amount * 50) / 100 : inv.amount) : 50;
    const date = inv?.date ?? '2024-06-01';
    const stId = i + 1;
    const id = moveId++;
    add('account.move', { id, name: `BNK1/2024/${String(i + 1).padStart(5, '0')}`, move_type: 'entry', state: 'posted', journal_id: 1, company_id: 1, currency_id: 1, partner_id: inv?.partner ?? false, date, statement_line_id: stId, posted_before: true });
    add('account.bank.statement.line', { id: stId, move_id: id, journal_id: 1, company_id: 1, currency_id: 1, date, amount, payment_ref: `Payment ${i}`, partner_id: inv?.partner ?? false, sequence: 1 });
    add('account.move.line', { id: lineId++, move_id: id, account_id: ACC.bank, partner_id: inv?.partner ?? false, currency_id: 1, name: `Payment ${i}`, debit: amount, credit: 0, display_type: 'product' });
    const counterpart = lineId++;
    const reconcile = kind !== 2 && inv && i < invoiceReceivable.length;
    add('account.move.line', {
      id: counterpart,
      move_id: id,
      account_id: reconcile ? ACC.receivable : ACC.suspense,
      partner_id: inv?.partner ?? false,
      currency_id: 1,
      name: `Payment ${i}`,
      debit: 0,
      credit: amount,
      display_type: 'product',
    });
    if (reconcile && inv) add('account.partial.reconcile', { id: partialId++, debit_move_id: inv.line, credit_move_id: counterpart, amount, debit_amount_currency: amount, credit_amount_currency: amount, company_id: 1, max_date: date });
  }
  return {
    meta: { seed: 1, size: size.partners > 10000 ? 'L' : size.partners > 1000 ? 'M' : 'S', today: '2024-12-31', companyCurrency: 'EUR' },
    records,
    users: [{ id: 100, login: 'demo.accountant', password: 'pw', name: 'Demo Accountant', groups: ['accountant'], apiKeys: ['demo-key-accountant'] }],
  };
}
