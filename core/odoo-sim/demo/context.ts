/** Shared state threaded through the generator modules. */
import type { Day } from './dates';
import type { Db } from './db';
import type { CountryCode } from './names';
import type { Rng } from './rng';

export type Size = 'S' | 'M' | 'L';

export type SizeConfig = {
  customers: number;
  vendors: number;
  /** share of company partners that get 1–3 contact persons */
  contactShare: number;
  /** share of company partners that get a planted duplicate */
  duplicateShare: number;
  invoicesPerMonth: number;
  billsPerMonth: number;
  products: number;
  leads: number;
  /** months of history */
  months: number;
  /** minimum unreconciled lines per ground-truth case (tops up rare cases for small sizes) */
  minPerCase: number;
  /** salary transfers per month (S pays one bulk transfer through its social secretariat) */
  employees: number;
  /** debit-card purchases per month (fuel, parking, webshops): bank lines with no invoice behind them */
  cardPayments: number;
};

export const SIZES: Readonly<Record<Size, SizeConfig>> = {
  S: { customers: 110, vendors: 40, contactShare: 0.25, duplicateShare: 0.05, invoicesPerMonth: 20, billsPerMonth: 8, products: 36, leads: 40, months: 12, minPerCase: 2, employees: 1, cardPayments: 3 },
  M: { customers: 1750, vendors: 480, contactShare: 0.25, duplicateShare: 0.03, invoicesPerMonth: 280, billsPerMonth: 330, products: 220, leads: 600, months: 24, minPerCase: 8, employees: 10, cardPayments: 20 },
  L: { customers: 14500, vendors: 3000, contactShare: 0.22, duplicateShare: 0.025, invoicesPerMonth: 1150, billsPerMonth: 620, products: 1200, leads: 4000, months: 24, minPerCase: 20, employees: 120, cardPayments: 60 },
};

/** How a customer pays (drives the bank history and the case mix). */
export type Habit = 'punctual' | 'late' | 'very-late' | 'installments' | 'batch' | 'fee-payer';

export type PartnerInfo = {
  id: number;
  name: string;
  /** name without legal form, for bank labels */
  base: string;
  country: CountryCode;
  currency: 'EUR' | 'USD';
  isCustomer: boolean;
  isVendor: boolean;
  habit: Habit;
  iban: string | false;
  vat: string | false;
  /** relative invoicing frequency */
  weight: number;
  termDays: number;
  termId: number;
  vendorKind: 'goods' | 'expense';
  expenseIndex: number;
  /** how this vendor numbers its invoices */
  refStyle: number;
  refCounter: number;
  /** the partner an invoice line really points at: a duplicate's invoices belong to the duplicate */
  duplicateOf: number | false;
};

export type AccountKey =
  | 'receivable' | 'payable' | 'bank_eur' | 'bank_usd' | 'suspense' | 'outstanding_in' | 'outstanding_out'
  | 'vat_due' | 'vat_deductible' | 'income_goods' | 'income_services' | 'income_other' | 'purchases'
  | 'rent' | 'utilities' | 'telecom' | 'software' | 'freight' | 'fees' | 'marketing' | 'fuel'
  | 'salaries' | 'social' | 'bank_fees' | 'fx_gain' | 'fx_loss' | 'writeoff' | 'capital' | 'unaffected'
  | 'salaries_payable' | 'social_payable' | 'loan' | 'interest' | 'inventory' | 'equipment' | 'cash_discount';

export type TaxKey = 'S21' | 'S6' | 'S0EU' | 'S0X' | 'P21' | 'P6' | 'P0EU' | 'P0X';

export type JournalKey = 'sale' | 'purchase' | 'misc' | 'exch' | 'bank_eur' | 'bank_usd';

export type ProductInfo = {
  id: number;
  name: string;
  code: string;
  kind: 'product' | 'consu' | 'service';
  listCents: number;
  costCents: number;
  uomId: number;
  incomeAccount: AccountKey;
};

export type Ctx = {
  rng: Rng;
  db: Db;
  size: Size;
  cfg: SizeConfig;
  seed: number;
  today: Day;
  /** first day of history */
  start: Day;
  /** statement lines dated after this stay unreconciled */
  cutoff: Day;
  companyId: number;
  company2Id: number;
  companyPartnerId: number;
  currency: { EUR: number; USD: number; GBP: number };
  countryIds: Record<CountryCode, number>;
  acc: Record<AccountKey, number>;
  tax: Record<TaxKey, number>;
  taxRate: Record<TaxKey, number>;
  journal: Record<JournalKey, number>;
  journalCode: Record<JournalKey, string>;
  paymentMethodLine: { inEur: number; outEur: number; inUsd: number; outUsd: number };
  terms: Array<{ id: number; days: number }>;
  /** USD per EUR by day (index = day − rateStart) */
  usdRates: number[];
  gbpRates: number[];
  rateStart: Day;
  userIds: { admin: number; accountant: number; readonly: number; sales: number };
  customers: PartnerInfo[];
  vendors: PartnerInfo[];
  partnerInfo: Map<number, PartnerInfo>;
  products: ProductInfo[];
  /** sequence counters per prefix+year, e.g. "INV/2026" → 42 */
  seq: Map<string, number>;
};

/** Next name in a journal sequence: nextName(ctx, 'INV/2026') → 'INV/2026/00042'. */
export function nextName(ctx: Ctx, prefix: string, pad = 5): { name: string; n: number } {
  const n = (ctx.seq.get(prefix) ?? 0) + 1;
  ctx.seq.set(prefix, n);
  return { name: `${prefix}/${String(n).padStart(pad, '0')}`, n };
}

/** EUR cents for an amount in `currency` cents on `day` (Odoo rate = units of currency per 1 EUR). */
export function toCompany(ctx: Ctx, currency: 'EUR' | 'USD', cents: number, day: Day): number {
  if (currency === 'EUR') return cents;
  return Math.round(cents / rateAt(ctx, day));
}

export function rateAt(ctx: Ctx, day: Day): number {
  const i = Math.min(Math.max(day - ctx.rateStart, 0), ctx.usdRates.length - 1);
  return ctx.usdRates[i] ?? 1;
}
