/** Countries, currencies with two years of daily rates, the companies, users and banks. */
import { belgianBban, formatIban, frenchRibKey, makeIban } from '../../shared/iban';
import { makeVat } from '../../shared/vat';
import type { SimDataset } from '../types';
import type { Ctx } from './context';
import { fmtDay, weekday } from './dates';
import { BANKS, COUNTRIES, type CountryCode } from './names';

export function genCountriesAndCurrencies(ctx: Ctx): void {
  const { db } = ctx;
  ctx.currency.EUR = db.add('res.currency', { name: 'EUR', full_name: 'Euro', symbol: '€', position: 'after', rounding: 0.01, decimal_places: 2, active: true, currency_unit_label: 'Euros', currency_subunit_label: 'Cents' });
  ctx.currency.USD = db.add('res.currency', { name: 'USD', full_name: 'United States dollar', symbol: '$', position: 'before', rounding: 0.01, decimal_places: 2, active: true, currency_unit_label: 'Dollars', currency_subunit_label: 'Cents' });
  ctx.currency.GBP = db.add('res.currency', { name: 'GBP', full_name: 'Pound sterling', symbol: '£', position: 'before', rounding: 0.01, decimal_places: 2, active: true, currency_unit_label: 'Pounds', currency_subunit_label: 'Pence' });
  for (const c of COUNTRIES) {
    const currency = c.code === 'US' ? ctx.currency.USD : c.code === 'GB' ? ctx.currency.GBP : c.code === 'DK' ? false : ctx.currency.EUR;
    ctx.countryIds[c.code] = db.add('res.country', { name: c.name, code: c.code, phone_code: Number(c.phone), currency_id: currency });
  }

  // Random walks around realistic levels; a rate record per business day, as the ECB publishes them.
  const rng = ctx.rng.fork('rates');
  const days = ctx.today - ctx.rateStart + 1;
  let usd = 1.08;
  let gbp = 0.855;
  ctx.usdRates = [];
  ctx.gbpRates = [];
  for (let i = 0; i < days; i++) {
    const day = ctx.rateStart + i;
    if (weekday(day) !== 0 && weekday(day) !== 6) {
      usd = Math.min(1.22, Math.max(0.98, usd + rng.gauss() * 0.0035 + (1.09 - usd) * 0.004));
      gbp = Math.min(0.92, Math.max(0.82, gbp + rng.gauss() * 0.0018 + (0.855 - gbp) * 0.004));
      usd = Math.round(usd * 1e6) / 1e6;
      gbp = Math.round(gbp * 1e6) / 1e6;
      db.add('res.currency.rate', { name: fmtDay(day), rate: usd, currency_id: ctx.currency.USD, company_id: 1 });
      db.add('res.currency.rate', { name: fmtDay(day), rate: gbp, currency_id: ctx.currency.GBP, company_id: 1 });
    }
    ctx.usdRates.push(usd);
    ctx.gbpRates.push(gbp);
  }
}

export function genCompanies(ctx: Ctx): void {
  const { db } = ctx;
  // partner ids mirror a fresh Odoo: 1 = main company, 2 = OdooBot, 3 = admin
  ctx.companyPartnerId = db.add('res.partner', {
    name: 'Brabo Office Solutions NV', is_company: true, type: 'contact', street: 'Noorderlaan 147', zip: '2030', city: 'Antwerpen',
    country_id: ctx.countryIds.BE, vat: makeVat('BE', '4718923'), email: 'info@brabo-office.be', phone: '+32 3 541 22 10',
    company_id: false, parent_id: false, active: true, customer_rank: 0, supplier_rank: 0, lang: 'nl_BE', website: 'https://www.brabo-office.be',
  });
  db.add('res.partner', { name: 'OdooBot', is_company: false, type: 'contact', email: 'odoobot@example.com', company_id: false, parent_id: false, active: false, customer_rank: 0, supplier_rank: 0 });
  const adminPartner = db.add('res.partner', { name: 'Mitchell Admin', is_company: false, type: 'contact', email: 'admin@brabo-office.be', parent_id: false, company_id: false, active: true, customer_rank: 0, supplier_rank: 0, lang: 'en_US' });
  const accPartner = db.add('res.partner', { name: 'Sofie Verbruggen', is_company: false, type: 'contact', email: 'sofie.verbruggen@brabo-office.be', parent_id: false, company_id: false, active: true, customer_rank: 0, supplier_rank: 0, lang: 'nl_BE' });
  const roPartner = db.add('res.partner', { name: 'Auditor (read-only)', is_company: false, type: 'contact', email: 'audit@brabo-office.be', parent_id: false, company_id: false, active: true, customer_rank: 0, supplier_rank: 0, lang: 'en_US' });
  const salesPartner = db.add('res.partner', { name: 'Thomas Claes', is_company: false, type: 'contact', email: 'thomas.claes@brabo-office.be', parent_id: false, company_id: false, active: true, customer_rank: 0, supplier_rank: 0, lang: 'nl_BE' });
  const c2Partner = db.add('res.partner', {
    name: 'Brabo Office Solutions GmbH', is_company: true, type: 'contact', street: 'Jülicher Straße 215', zip: '52070', city: 'Aachen',
    country_id: ctx.countryIds.DE, vat: makeVat('DE', '81234567'), email: 'info@brabo-office.de', company_id: false, parent_id: false, active: true, customer_rank: 0, supplier_rank: 0, lang: 'de_DE',
  });

  const lockYear = new Date(ctx.start * 86_400_000).getUTCFullYear();
  ctx.companyId = db.add('res.company', {
    name: 'Brabo Office Solutions NV', partner_id: ctx.companyPartnerId, currency_id: ctx.currency.EUR, country_id: ctx.countryIds.BE,
    vat: db.get('res.partner', ctx.companyPartnerId).vat, email: 'info@brabo-office.be', phone: '+32 3 541 22 10', street: 'Noorderlaan 147', zip: '2030', city: 'Antwerpen',
    parent_id: false, child_ids: [], account_use_credit_limit: true, account_default_credit_limit: 0,
    fiscalyear_lock_date: `${lockYear}-12-31`, tax_lock_date: lastClosedQuarterEnd(ctx), period_lock_date: false,
    sequence: 1, active: true,
  });
  ctx.company2Id = db.add('res.company', {
    name: 'Brabo Office Solutions GmbH', partner_id: c2Partner, currency_id: ctx.currency.EUR, country_id: ctx.countryIds.DE,
    vat: db.get('res.partner', c2Partner).vat, email: 'info@brabo-office.de', street: 'Jülicher Straße 215', zip: '52070', city: 'Aachen',
    parent_id: false, child_ids: [], account_use_credit_limit: false, account_default_credit_limit: 0,
    fiscalyear_lock_date: false, tax_lock_date: false, period_lock_date: false, sequence: 2, active: true,
  });
  db.get('res.partner', ctx.companyPartnerId).company_id = ctx.companyId;
  db.get('res.partner', c2Partner).company_id = ctx.company2Id;

  const user = (login: string, name: string, partnerId: number, companyIds: number[]) =>
    db.add('res.users', { login, name, partner_id: partnerId, company_id: ctx.companyId, company_ids: companyIds, active: true, share: false, lang: 'en_US', tz: 'Europe/Brussels' });
  // res.users ids follow Odoo: 1 is __system__ (not generated), admin is 2
  db.add('res.users', { login: '__system__', name: 'OdooBot', partner_id: 2, company_id: ctx.companyId, company_ids: [ctx.companyId], active: false, share: false, lang: 'en_US', tz: 'Europe/Brussels' });
  ctx.userIds.admin = user('admin', 'Mitchell Admin', adminPartner, [ctx.companyId, ctx.company2Id]);
  ctx.userIds.accountant = user('accountant', 'Sofie Verbruggen', accPartner, [ctx.companyId, ctx.company2Id]);
  ctx.userIds.readonly = user('auditor', 'Auditor (read-only)', roPartner, [ctx.companyId]);
  ctx.userIds.sales = user('sales', 'Thomas Claes', salesPartner, [ctx.companyId]);
}

function lastClosedQuarterEnd(ctx: Ctx): string {
  // VAT returns are filed for the quarter before the current one; lock the one before that
  const d = new Date(ctx.today * 86_400_000);
  const q = Math.floor(d.getUTCMonth() / 3);
  const end = new Date(Date.UTC(d.getUTCFullYear(), (q - 1) * 3, 0));
  return end.toISOString().slice(0, 10);
}

export function datasetUsers(ctx: Ctx): NonNullable<SimDataset['users']> {
  return [
    { id: ctx.userIds.admin, login: 'admin', password: 'admin', name: 'Mitchell Admin', groups: ['admin'] },
    { id: ctx.userIds.accountant, login: 'accountant', password: 'accountant', name: 'Sofie Verbruggen', groups: ['accountant'] },
    { id: ctx.userIds.readonly, login: 'auditor', password: 'auditor', name: 'Auditor (read-only)', groups: ['readonly'] },
    { id: ctx.userIds.sales, login: 'sales', password: 'sales', name: 'Thomas Claes', groups: ['sales', 'stock'] },
    // two-factor authentication: its password is refused over RPC, only an API key works (the simulator
    // creates its res.users record and partner on load)
    { id: ctx.userIds.sales + 1, login: 'totp', password: 'totp', name: 'Tom Twofactor', groups: ['accountant'], totp: true },
  ];
}

export function genBanks(ctx: Ctx): Map<CountryCode, Array<{ id: number; code: string; bic: string }>> {
  const out = new Map<CountryCode, Array<{ id: number; code: string; bic: string }>>();
  for (const b of BANKS) {
    const id = ctx.db.add('res.bank', { name: b.name, bic: b.bic, country: ctx.countryIds[b.country], active: true });
    const list = out.get(b.country) ?? [];
    list.push({ id, code: b.code, bic: b.bic });
    out.set(b.country, list);
  }
  return out;
}

/** A valid IBAN for a bank of `country` (the BBAN shapes follow each national standard). */
export function ibanFor(ctx: Ctx, country: CountryCode, bankCode: string, accountNo: number): string {
  const n = (k: number) => String(accountNo).padStart(k, '0').slice(-k);
  switch (country) {
    case 'BE':
      return makeIban('BE', belgianBban(bankCode, n(7)));
    case 'NL':
      return makeIban('NL', `${bankCode}${n(10)}`);
    case 'DE':
      return makeIban('DE', `${bankCode}${n(10)}`);
    case 'FR': {
      const account = n(11);
      const branch = String(10000 + (accountNo % 89999)).padStart(5, '0');
      return makeIban('FR', `${bankCode}${branch}${account}${frenchRibKey(bankCode, branch, account)}`);
    }
    case 'LU':
      return makeIban('LU', `${bankCode}${n(13)}`);
    case 'GB':
      return makeIban('GB', `${bankCode}20${n(4)}${n(8)}`);
    case 'AT':
      return makeIban('AT', `${bankCode}${n(11)}`);
    case 'IT':
      return makeIban('IT', `X${bankCode}${n(5)}${n(12)}`);
    case 'DK':
      return makeIban('DK', `${bankCode}${n(10)}`);
    case 'US':
      return '';
  }
}

export function addPartnerBank(ctx: Ctx, partnerId: number, iban: string, bankId: number | false): number {
  return ctx.db.add('res.partner.bank', {
    acc_number: formatIban(iban), sanitized_acc_number: iban, partner_id: partnerId, bank_id: bankId, company_id: false,
    currency_id: false, allow_out_payment: true, active: true, acc_holder_name: false,
  });
}

/** Company bank accounts that back the two bank journals. */
export function genCompanyBankAccounts(ctx: Ctx, banks: Map<CountryCode, Array<{ id: number; code: string }>>): { eur: number; usd: number } {
  const kbc = banks.get('BE')?.[0];
  const eur = addPartnerBank(ctx, ctx.companyPartnerId, ibanFor(ctx, 'BE', kbc?.code ?? '735', 1_234_567), kbc?.id ?? false);
  const usd = addPartnerBank(ctx, ctx.companyPartnerId, ibanFor(ctx, 'BE', kbc?.code ?? '735', 7_654_321), kbc?.id ?? false);
  ctx.db.get('res.partner.bank', usd).currency_id = ctx.currency.USD;
  ctx.db.get('res.partner.bank', eur).company_id = ctx.companyId;
  ctx.db.get('res.partner.bank', usd).company_id = ctx.companyId;
  return { eur, usd };
}
