/**
 * Belgian-style chart of accounts (PCMN codes), VAT taxes, journals, payment terms, and the two
 * builders every other module posts through: postMove (balanced by construction, in cents) and
 * postInvoice (product/tax/payment_term lines like Odoo 17's invoice engine would store them).
 */
import type { AccountKey, Ctx, JournalKey, PartnerInfo, TaxKey } from './context';
import { nextName, toCompany } from './context';
import { type Day, fmtDay, monthOf, yearOf } from './dates';
import { amt } from './db';
import { makeBelgianStructuredRef } from '../../shared/iban';

const CHART: ReadonlyArray<[AccountKey, string, string, string, boolean]> = [
  ['capital', '100000', 'Share capital', 'equity', false],
  ['loan', '174000', 'Bank loans', 'liability_non_current', false],
  ['equipment', '230000', 'Office equipment', 'asset_fixed', false],
  ['inventory', '340000', 'Goods for resale', 'asset_current', false],
  ['receivable', '400000', 'Customers', 'asset_receivable', true],
  ['vat_deductible', '411000', 'VAT recoverable', 'asset_current', false],
  ['payable', '440000', 'Suppliers', 'liability_payable', true],
  ['vat_due', '451000', 'VAT payable', 'liability_current', false],
  ['social_payable', '454000', 'Social security payable', 'liability_current', false],
  ['salaries_payable', '455000', 'Remuneration payable', 'liability_current', false],
  ['suspense', '499000', 'Bank Suspense Account', 'asset_current', false],
  ['outstanding_in', '499001', 'Outstanding Receipts', 'asset_current', true],
  ['outstanding_out', '499002', 'Outstanding Payments', 'asset_current', true],
  ['bank_eur', '550001', 'KBC Bank EUR', 'asset_cash', false],
  ['bank_usd', '550002', 'KBC Bank USD', 'asset_cash', false],
  ['purchases', '604000', 'Purchases of goods for resale', 'expense_direct_cost', false],
  ['rent', '610000', 'Rent', 'expense', false],
  ['utilities', '610300', 'Energy and utilities', 'expense', false],
  ['fuel', '611400', 'Fuel', 'expense', false],
  ['telecom', '612300', 'Telephone and internet', 'expense', false],
  ['software', '612500', 'Software and subscriptions', 'expense', false],
  ['freight', '613300', 'Transport and freight', 'expense', false],
  ['fees', '613400', 'Accounting and legal fees', 'expense', false],
  ['marketing', '615000', 'Advertising', 'expense', false],
  ['salaries', '620200', 'Salaries employees', 'expense', false],
  ['social', '621000', 'Employer social security', 'expense', false],
  ['interest', '650000', 'Interest charges', 'expense', false],
  ['cash_discount', '653000', 'Cash discounts granted', 'expense', false],
  ['fx_loss', '654000', 'Foreign exchange losses', 'expense', false],
  ['bank_fees', '657000', 'Bank charges', 'expense', false],
  ['writeoff', '658000', 'Payment differences', 'expense', false],
  ['income_goods', '700000', 'Sales of goods', 'income', false],
  ['income_services', '705000', 'Sales of services', 'income', false],
  ['income_other', '743000', 'Other operating income', 'income_other', false],
  ['fx_gain', '754000', 'Foreign exchange gains', 'income_other', false],
  ['unaffected', '999999', 'Undistributed profits/losses', 'equity_unaffected', false],
];

export function genChart(ctx: Ctx): void {
  const { db } = ctx;
  for (const [key, code, name, type, reconcile] of CHART) {
    ctx.acc[key] = db.add('account.account', {
      code, name, account_type: type, reconcile, currency_id: key === 'bank_usd' ? ctx.currency.USD : false,
      company_id: ctx.companyId, deprecated: false, group_id: false, tag_ids: [], internal_group: internalGroup(type),
    });
  }
  // the small German subsidiary keeps its own minimal SKR03-style ledger (multi-company demo)
  for (const [code, name, type, reconcile] of [
    ['1400', 'Forderungen aus Lieferungen und Leistungen', 'asset_receivable', true],
    ['1600', 'Verbindlichkeiten aus Lieferungen und Leistungen', 'liability_payable', true],
    ['1200', 'Bank', 'asset_cash', false],
    ['1590', 'Durchlaufende Posten', 'asset_current', false],
    ['8400', 'Erlöse 19 % USt', 'income', false],
    ['3400', 'Wareneingang 19 % Vorsteuer', 'expense_direct_cost', false],
  ] as const) {
    db.add('account.account', { code, name, account_type: type, reconcile, currency_id: false, company_id: ctx.company2Id, deprecated: false, group_id: false, tag_ids: [], internal_group: internalGroup(type) });
  }
}

function internalGroup(type: string): string {
  if (type.startsWith('asset')) return 'asset';
  if (type.startsWith('liability')) return 'liability';
  if (type.startsWith('equity')) return 'equity';
  if (type.startsWith('income')) return 'income';
  return 'expense';
}

const TAXES: ReadonlyArray<[TaxKey, string, 'sale' | 'purchase', number, string]> = [
  ['S21', '21%', 'sale', 21, 'VAT 21%'],
  ['S6', '6%', 'sale', 6, 'VAT 6%'],
  ['S0EU', '0% EU', 'sale', 0, 'VAT 0%'],
  ['S0X', '0% EX', 'sale', 0, 'VAT 0%'],
  ['P21', '21% G', 'purchase', 21, 'VAT 21%'],
  ['P6', '6% G', 'purchase', 6, 'VAT 6%'],
  ['P0EU', '0% EU G', 'purchase', 0, 'VAT 0%'],
  ['P0X', '0% EX G', 'purchase', 0, 'VAT 0%'],
];

export function genTaxes(ctx: Ctx): void {
  const { db } = ctx;
  const groups = new Map<string, number>();
  for (const g of ['VAT 21%', 'VAT 6%', 'VAT 0%']) groups.set(g, db.add('account.tax.group', { name: g, company_id: ctx.companyId, sequence: groups.size + 1 }));
  for (const [key, name, use, rate, group] of TAXES) {
    const taxId = db.nextId('account.tax');
    const account = use === 'sale' ? ctx.acc.vat_due : ctx.acc.vat_deductible;
    const rep = (doc: 'invoice' | 'refund') => [
      db.add('account.tax.repartition.line', { tax_id: taxId, document_type: doc, repartition_type: 'base', factor_percent: 100, account_id: false, company_id: ctx.companyId, sequence: 1 }),
      db.add('account.tax.repartition.line', { tax_id: taxId, document_type: doc, repartition_type: 'tax', factor_percent: 100, account_id: rate === 0 ? false : account, company_id: ctx.companyId, sequence: 2 }),
    ];
    const inv = rep('invoice');
    const ref = rep('refund');
    ctx.tax[key] = db.add('account.tax', {
      name, description: name, type_tax_use: use, amount_type: 'percent', amount: rate, price_include: false, include_base_amount: false,
      active: true, company_id: ctx.companyId, tax_group_id: groups.get(group) ?? false, country_id: ctx.countryIds.BE,
      invoice_repartition_line_ids: inv, refund_repartition_line_ids: ref, sequence: ctx.db.count('account.tax') + 1,
    });
    ctx.taxRate[key] = rate;
  }
}

export function genJournalsAndTerms(ctx: Ctx, companyBanks: { eur: number; usd: number }): void {
  const { db, acc } = ctx;
  const journal = (key: JournalKey, vals: Record<string, unknown>) => {
    ctx.journal[key] = db.add('account.journal', { company_id: ctx.companyId, active: true, currency_id: false, bank_account_id: false, suspense_account_id: false, profit_account_id: false, loss_account_id: false, ...vals });
    ctx.journalCode[key] = String(vals.code);
  };
  journal('sale', { name: 'Customer Invoices', code: 'INV', type: 'sale', default_account_id: acc.income_goods, sequence: 5 });
  journal('purchase', { name: 'Vendor Bills', code: 'BILL', type: 'purchase', default_account_id: acc.purchases, sequence: 6 });
  journal('misc', { name: 'Miscellaneous Operations', code: 'MISC', type: 'general', default_account_id: false, sequence: 9 });
  journal('exch', { name: 'Exchange Difference', code: 'EXCH', type: 'general', default_account_id: false, sequence: 10 });
  journal('bank_eur', {
    name: 'KBC Bank EUR', code: 'BNK1', type: 'bank', default_account_id: acc.bank_eur, suspense_account_id: acc.suspense,
    bank_account_id: companyBanks.eur, profit_account_id: acc.income_other, loss_account_id: acc.writeoff, sequence: 11,
  });
  journal('bank_usd', {
    name: 'KBC Bank USD', code: 'BNK2', type: 'bank', default_account_id: acc.bank_usd, suspense_account_id: acc.suspense,
    bank_account_id: companyBanks.usd, currency_id: ctx.currency.USD, profit_account_id: acc.income_other, loss_account_id: acc.writeoff, sequence: 12,
  });
  db.add('account.journal', { name: 'Rechnungen', code: 'RE', type: 'sale', company_id: ctx.company2Id, active: true, currency_id: false, default_account_id: false, bank_account_id: false, suspense_account_id: false, profit_account_id: false, loss_account_id: false, sequence: 5 });

  const company = db.get('res.company', ctx.companyId);
  company.currency_exchange_journal_id = ctx.journal.exch;
  company.income_currency_exchange_account_id = acc.fx_gain;
  company.expense_currency_exchange_account_id = acc.fx_loss;
  company.account_journal_suspense_account_id = acc.suspense;
  company.account_journal_payment_debit_account_id = acc.outstanding_in;
  company.account_journal_payment_credit_account_id = acc.outstanding_out;

  const inMethod = db.add('account.payment.method', { name: 'Manual', code: 'manual', payment_type: 'inbound' });
  const outMethod = db.add('account.payment.method', { name: 'Manual', code: 'manual', payment_type: 'outbound' });
  const line = (method: number, j: JournalKey, account: number) =>
    db.add('account.payment.method.line', { name: 'Manual', payment_method_id: method, journal_id: ctx.journal[j], payment_account_id: account, sequence: 10 });
  ctx.paymentMethodLine = {
    inEur: line(inMethod, 'bank_eur', acc.outstanding_in),
    outEur: line(outMethod, 'bank_eur', acc.outstanding_out),
    inUsd: line(inMethod, 'bank_usd', acc.outstanding_in),
    outUsd: line(outMethod, 'bank_usd', acc.outstanding_out),
  };
  db.get('account.journal', ctx.journal.bank_eur).inbound_payment_method_line_ids = [ctx.paymentMethodLine.inEur];
  db.get('account.journal', ctx.journal.bank_eur).outbound_payment_method_line_ids = [ctx.paymentMethodLine.outEur];
  db.get('account.journal', ctx.journal.bank_usd).inbound_payment_method_line_ids = [ctx.paymentMethodLine.inUsd];
  db.get('account.journal', ctx.journal.bank_usd).outbound_payment_method_line_ids = [ctx.paymentMethodLine.outUsd];

  for (const [name, days] of [['Immediate Payment', 0], ['15 Days', 15], ['30 Days', 30], ['45 Days', 45], ['60 Days', 60]] as const) {
    const termId = db.nextId('account.payment.term');
    const lineId = db.add('account.payment.term.line', { payment_id: termId, value: 'percent', value_amount: 100, nb_days: days, delay_type: 'days_after' });
    db.add('account.payment.term', { name, active: true, company_id: false, line_ids: [lineId], note: `Payment terms: ${name}` });
    ctx.terms.push({ id: termId, days });
  }
}

export type LineSpec = {
  account: number;
  partnerId: number | false;
  name: string;
  /** company-currency cents, + = debit */
  balance: number;
  /** document-currency cents (same sign as balance) */
  amountCurrency: number;
  currencyId: number;
  displayType?: string;
  dateMaturity?: Day | false;
  extra?: Record<string, unknown>;
};

export type MoveHead = {
  journal: JournalKey;
  name: string;
  day: Day;
  moveType: string;
  partnerId: number | false;
  currencyId: number;
  ref?: string | false;
  extra?: Record<string, unknown>;
};

/** Posts a move; throws when it does not balance (a generator bug, never data). */
export function postMove(ctx: Ctx, head: MoveHead, lines: LineSpec[]): { moveId: number; lineIds: number[] } {
  const { db } = ctx;
  let sum = 0;
  for (const l of lines) sum += l.balance;
  if (sum !== 0) throw new Error(`unbalanced move ${head.name}: ${sum}`);
  const moveId = db.nextId('account.move');
  const date = fmtDay(head.day);
  const journalId = ctx.journal[head.journal];
  const lineIds: number[] = [];
  for (const l of lines) {
    lineIds.push(
      db.add('account.move.line', {
        move_id: moveId, move_name: head.name, journal_id: journalId, company_id: ctx.companyId, account_id: l.account,
        partner_id: l.partnerId, name: l.name, date, date_maturity: l.dateMaturity ? fmtDay(l.dateMaturity) : false,
        debit: l.balance > 0 ? amt(l.balance) : 0, credit: l.balance < 0 ? amt(-l.balance) : 0, balance: amt(l.balance),
        amount_currency: amt(l.amountCurrency), currency_id: l.currencyId, display_type: l.displayType ?? 'product',
        ...l.extra,
      }),
    );
  }
  db.add('account.move', {
    name: head.name, move_type: head.moveType, state: 'posted', date, journal_id: journalId, company_id: ctx.companyId,
    partner_id: head.partnerId, currency_id: head.currencyId, ref: head.ref ?? false, line_ids: lineIds,
    create_date: `${date} 08:00:00`, write_date: `${date} 08:00:00`, to_check: false,
    ...head.extra,
  });
  return { moveId, lineIds };
}

export type InvoiceLineInput = {
  productId: number | false;
  name: string;
  qty: number;
  /** unit price in document currency cents */
  priceCents: number;
  taxKey: TaxKey;
  accountKey: AccountKey;
  uomId?: number | false;
  extra?: Record<string, unknown>;
};

export type InvoiceInput = {
  moveType: 'out_invoice' | 'out_refund' | 'in_invoice' | 'in_refund';
  partner: PartnerInfo;
  day: Day;
  dueDay: Day;
  currency: 'EUR' | 'USD';
  lines: InvoiceLineInput[];
  ref?: string | false;
  origin?: string | false;
  reversedEntryId?: number | false;
  termId?: number | false;
};

export type PostedInvoice = {
  moveId: number;
  termLineId: number;
  name: string;
  /** company currency cents, positive */
  totalCents: number;
  /** document currency cents, positive */
  totalCur: number;
  currency: 'EUR' | 'USD';
  paymentReference: string;
  ref: string | false;
  day: Day;
  dueDay: Day;
  partner: PartnerInfo;
  moveType: InvoiceInput['moveType'];
  /** open amount after refunds and history, company cents / document cents (mutated by later steps) */
  resC: number;
  resCur: number;
};

const PREFIX: Record<InvoiceInput['moveType'], string> = { out_invoice: 'INV', out_refund: 'RINV', in_invoice: 'BILL', in_refund: 'RBILL' };

export function postInvoice(ctx: Ctx, inv: InvoiceInput): PostedInvoice {
  const year = yearOf(inv.day);
  const isBill = inv.moveType === 'in_invoice' || inv.moveType === 'in_refund';
  // bills number per month, like Odoo 16+ purchase journals
  const prefix = isBill ? `${PREFIX[inv.moveType]}/${year}/${String(monthOf(inv.day)).padStart(2, '0')}` : `${PREFIX[inv.moveType]}/${year}`;
  const { name, n } = nextName(ctx, prefix, isBill ? 4 : 5);
  // sign of revenue-side lines: an invoice credits income, a bill debits expense
  const s = inv.moveType === 'out_invoice' || inv.moveType === 'in_refund' ? -1 : 1;
  const currencyId = ctx.currency[inv.currency];
  const partnerId = inv.partner.id;
  const lines: LineSpec[] = [];
  const baseByTax = new Map<TaxKey, number>();
  let untaxedCur = 0;
  for (const l of inv.lines) {
    const subtotal = Math.round(l.qty * l.priceCents);
    untaxedCur += subtotal;
    baseByTax.set(l.taxKey, (baseByTax.get(l.taxKey) ?? 0) + subtotal);
    const taxCur = Math.round((subtotal * ctx.taxRate[l.taxKey]) / 100);
    lines.push({
      account: ctx.acc[l.accountKey], partnerId, name: l.name, balance: s * toCompany(ctx, inv.currency, subtotal, inv.day), amountCurrency: s * subtotal, currencyId,
      displayType: 'product',
      extra: {
        product_id: l.productId, quantity: l.qty, price_unit: amt(l.priceCents), discount: 0, tax_ids: [ctx.tax[l.taxKey]], tax_line_id: false,
        price_subtotal: amt(subtotal), price_total: amt(subtotal + taxCur), product_uom_id: l.uomId ?? false, ...l.extra,
      },
    });
  }
  let taxCurTotal = 0;
  for (const [key, base] of baseByTax) {
    const taxCur = Math.round((base * ctx.taxRate[key]) / 100);
    if (taxCur === 0) continue;
    taxCurTotal += taxCur;
    lines.push({
      account: isBill ? ctx.acc.vat_deductible : ctx.acc.vat_due, partnerId, name: `VAT ${ctx.taxRate[key]}%`, balance: s * toCompany(ctx, inv.currency, taxCur, inv.day),
      amountCurrency: s * taxCur, currencyId, displayType: 'tax',
      extra: { product_id: false, quantity: 1, price_unit: 0, tax_ids: [], tax_line_id: ctx.tax[key], tax_base_amount: amt(toCompany(ctx, inv.currency, base, inv.day)), price_subtotal: 0, price_total: 0 },
    });
  }
  let sumBal = 0;
  let sumCur = 0;
  for (const l of lines) {
    sumBal += l.balance;
    sumCur += l.amountCurrency;
  }
  const paymentReference = isBill ? (inv.ref || name) : inv.moveType === 'out_invoice' ? makeBelgianStructuredRef(year * 1_000_000 + n) : name;
  lines.push({
    account: isBill ? ctx.acc.payable : ctx.acc.receivable, partnerId, name: paymentReference, balance: -sumBal, amountCurrency: -sumCur, currencyId,
    displayType: 'payment_term', dateMaturity: inv.dueDay,
    extra: { product_id: false, quantity: 1, price_unit: 0, tax_ids: [], tax_line_id: false, price_subtotal: 0, price_total: 0 },
  });
  const totalCur = untaxedCur + taxCurTotal;
  const { moveId, lineIds } = postMove(
    ctx,
    {
      journal: isBill ? 'purchase' : 'sale', name, day: inv.day, moveType: inv.moveType, partnerId, currencyId, ref: inv.ref ?? false,
      extra: {
        invoice_date: fmtDay(inv.day), invoice_date_due: fmtDay(inv.dueDay), payment_reference: paymentReference,
        invoice_origin: inv.origin ?? false, invoice_payment_term_id: inv.termId ?? false, reversed_entry_id: inv.reversedEntryId ?? false,
        amount_untaxed: amt(untaxedCur), amount_tax: amt(taxCurTotal), amount_total: amt(totalCur), invoice_user_id: ctx.userIds.sales,
        statement_line_id: false, payment_id: false, commercial_partner_id: partnerId, fiscal_position_id: false,
      },
    },
    lines,
  );
  const termLineId = lineIds[lineIds.length - 1] ?? 0;
  return {
    moveId, termLineId, name, totalCents: Math.abs(sumBal), totalCur, currency: inv.currency, paymentReference, ref: inv.ref ?? false,
    day: inv.day, dueDay: inv.dueDay, partner: inv.partner, moveType: inv.moveType, resC: Math.abs(sumBal), resCur: totalCur,
  };
}

/** One account.partial.reconcile; `amount` is company cents, the currency amounts in each side's currency. */
export function addPartial(ctx: Ctx, debitLine: number, creditLine: number, cents: number, debitCur: number, creditCur: number, day: Day, extra?: Record<string, unknown>): number {
  const d = ctx.db.get('account.move.line', debitLine);
  const c = ctx.db.get('account.move.line', creditLine);
  return ctx.db.add('account.partial.reconcile', {
    debit_move_id: debitLine, credit_move_id: creditLine, amount: amt(cents), debit_amount_currency: amt(debitCur), credit_amount_currency: amt(creditCur),
    debit_currency_id: d.currency_id, credit_currency_id: c.currency_id, company_id: ctx.companyId, max_date: fmtDay(day), full_reconcile_id: false, exchange_move_id: false,
    ...extra,
  });
}
