/**
 * Deterministic demo company for the Odoo simulator: `generateDemoCompany({size, seed})` returns the
 * raw records (Odoo 17 field names) and the ground truth the reconciliation, dedup and PO-matching
 * features are scored against. Same seed + size + today → byte-identical output.
 */
import type { DemoGroundTruth, SimDataset } from '../types';
import { genChart, genJournalsAndTerms, genTaxes } from './accounting';
import { type BankStats, genBank } from './bank';
import { datasetUsers, genBanks, genCompanies, genCompanyBankAccounts, genCountriesAndCurrencies } from './base';
import { type Ctx, SIZES, type Size } from './context';
import { genCrm } from './crm';
import { addMonths, firstOfMonth, fmtDay, parseDay } from './dates';
import { createDb } from './db';
import { genPartners } from './partners';
import { genVendorBills } from './purchases';
import { createRng } from './rng';
import { genCustomerInvoices, genOpenSaleOrders } from './sales';
import { genProducts, genStock } from './stock';

export { groundTruthPathFor, readGroundTruth, writeGroundTruth } from './ground-truth';

export const DEFAULT_DEMO_TODAY = '2026-11-15';

export type DemoOptions = { size: Size; seed: number; today?: string };

export type DemoStats = {
  records: Record<string, number>;
  bank: BankStats;
  duplicates: { clusters: number; partners: number };
  sales: { invoices: number; customerRefunds: number; fromSaleOrders: number; ordersToInvoice: number; quotations: number; cancelledOrders: number };
  purchases: { bills: number; vendorRefunds: number; billsWithPurchaseOrder: number; openPurchaseOrders: number };
  stock: { belowMinimum: number; orderpoints: number; quants: number };
  crm: { won: number; lost: number; open: number };
  customersOverCreditLimit: number;
};

export type DemoCompany = { dataset: SimDataset; groundTruth: DemoGroundTruth; stats: DemoStats };

export function generateDemoCompany(opts: DemoOptions): DemoCompany {
  const today = parseDay(opts.today ?? DEFAULT_DEMO_TODAY);
  const cfg = SIZES[opts.size];
  const start = firstOfMonth(addMonths(today, -cfg.months));
  const ctx: Ctx = {
    rng: createRng(opts.seed),
    db: createDb(),
    size: opts.size,
    cfg,
    seed: opts.seed,
    today,
    start,
    cutoff: today - 60,
    companyId: 0,
    company2Id: 0,
    companyPartnerId: 0,
    currency: { EUR: 0, USD: 0, GBP: 0 },
    countryIds: { BE: 0, NL: 0, DE: 0, FR: 0, LU: 0, AT: 0, IT: 0, DK: 0, GB: 0, US: 0 },
    acc: {} as Ctx['acc'],
    tax: {} as Ctx['tax'],
    taxRate: {} as Ctx['taxRate'],
    journal: {} as Ctx['journal'],
    journalCode: {} as Ctx['journalCode'],
    paymentMethodLine: { inEur: 0, outEur: 0, inUsd: 0, outUsd: 0 },
    terms: [],
    usdRates: [],
    gbpRates: [],
    // purchase orders may predate the first invoice by a few weeks
    rateStart: start - 45,
    userIds: { admin: 0, accountant: 0, readonly: 0, sales: 0 },
    customers: [],
    vendors: [],
    partnerInfo: new Map(),
    products: [],
    seq: new Map(),
  };

  genCountriesAndCurrencies(ctx);
  genCompanies(ctx);
  const banks = genBanks(ctx);
  const companyBanks = genCompanyBankAccounts(ctx, banks);
  genChart(ctx);
  genTaxes(ctx);
  genJournalsAndTerms(ctx, companyBanks);
  const duplicatePartners = genPartners(ctx, banks);
  genProducts(ctx);
  const stock = genStock(ctx);
  const crm = genCrm(ctx);
  const sales = genCustomerInvoices(ctx);
  const openSales = genOpenSaleOrders(ctx);
  const purchases = genVendorBills(ctx);
  const bank = genBank(ctx, sales.invoices, purchases.bills);

  // open receivable per commercial partner vs its credit limit (what the credit dashboard flags)
  const openByPartner = new Map<number, number>();
  for (const inv of sales.invoices) if (inv.moveType === 'out_invoice') openByPartner.set(inv.partner.id, (openByPartner.get(inv.partner.id) ?? 0) + inv.resC);
  let over = 0;
  for (const c of ctx.customers) {
    const limit = Number(ctx.db.get('res.partner', c.id).credit_limit ?? 0);
    if (limit > 0 && (openByPartner.get(c.id) ?? 0) > limit * 100) over++;
  }

  const records: Record<string, number> = {};
  for (const model of Object.keys(ctx.db.records).sort()) records[model] = ctx.db.records[model]?.length ?? 0;

  const dataset: SimDataset = {
    meta: { seed: opts.seed, size: opts.size, today: fmtDay(today), companyCurrency: 'EUR' },
    records: ctx.db.records,
    users: datasetUsers(ctx),
  };
  const groundTruth: DemoGroundTruth = {
    seed: opts.seed,
    size: opts.size,
    statementLines: bank.gt,
    duplicatePartners,
    billPurchaseOrders: purchases.billPurchaseOrders,
  };
  const stats: DemoStats = {
    records,
    bank: bank.stats,
    duplicates: { clusters: duplicatePartners.length, partners: duplicatePartners.reduce((s, c) => s + c.length - 1, 0) },
    sales: {
      invoices: sales.invoices.filter((i) => i.moveType === 'out_invoice').length, customerRefunds: sales.refunds, fromSaleOrders: sales.saleOrders,
      ordersToInvoice: openSales.toInvoice, quotations: openSales.quotations, cancelledOrders: openSales.cancelled,
    },
    purchases: { bills: purchases.bills.length, vendorRefunds: purchases.refunds, billsWithPurchaseOrder: purchases.billPurchaseOrders.length, openPurchaseOrders: purchases.openPurchaseOrders },
    stock,
    crm,
    customersOverCreditLimit: over,
  };
  return { dataset, groundTruth, stats };
}
