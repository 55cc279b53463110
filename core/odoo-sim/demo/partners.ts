/**
 * Customers, vendors, their contacts and bank accounts, and planted duplicates. Every VAT number and
 * IBAN passes its checksum (duplicates only vary the *formatting*, so normalisation recovers them).
 */
import { makeVat } from '../../shared/vat';
import { addPartnerBank, ibanFor } from './base';
import type { Ctx, Habit, PartnerInfo } from './context';
import { LEGAL_FORM_VARIANTS, TLD, type CountryCode, address, companyName, personName, phone, slug, EXPENSE_KINDS } from './names';
import type { Rng } from './rng';

const CUSTOMER_COUNTRIES: readonly CountryCode[] = ['BE', 'NL', 'DE', 'FR', 'LU', 'AT', 'IT', 'DK', 'GB', 'US'];
const CUSTOMER_WEIGHTS: readonly number[] = [55, 14, 10, 7, 5, 1.5, 1.5, 1, 2, 3];
const VENDOR_WEIGHTS: readonly number[] = [48, 12, 16, 8, 3, 2, 2, 1, 3, 5];

const HABITS: readonly Habit[] = ['punctual', 'late', 'very-late', 'installments', 'batch', 'fee-payer'];
const HABIT_WEIGHTS: readonly number[] = [44, 25, 8, 8, 11, 4];

type BankMap = Map<CountryCode, Array<{ id: number; code: string; bic: string }>>;

export function genPartners(ctx: Ctx, banks: BankMap): number[][] {
  const rng = ctx.rng.fork('partners');
  const used = new Set<string>();
  let accountNo = 1000;
  const make = (role: 'customer' | 'vendor', index: number): PartnerInfo => {
    const drawn = rng.weighted(CUSTOMER_COUNTRIES, role === 'customer' ? CUSTOMER_WEIGHTS : VENDOR_WEIGHTS);
    // a few fixed slots guarantee USD business even in the small dataset
    const country: CountryCode = (role === 'customer' && (index === 3 || index === 17 || index === 40)) || (role === 'vendor' && index === 5) ? 'US' : drawn;
    const { base, name } = companyName(rng, country, used);
    const addr = address(rng, country);
    const domain = `${slug(base).slice(0, 24)}.${TLD[country]}`;
    const vat = country === 'US' ? false : rng.chance(role === 'vendor' ? 1 : country === 'BE' ? 0.92 : 0.8) ? makeVat(country, String(rng.int(1_000_000, 99_999_999))) : false;
    const bankList = banks.get(country);
    const bank = bankList ? rng.pick(bankList) : undefined;
    accountNo += rng.int(1, 5000);
    const iban = bank ? ibanFor(ctx, country, bank.code, accountNo) : false;
    const term = role === 'vendor' ? rng.weighted(ctx.terms, [5, 15, 45, 20, 15]) : rng.weighted(ctx.terms, [8, 20, 55, 12, 5]);
    const currency = country === 'US' ? 'USD' : 'EUR';
    let habit: Habit = rng.weighted(HABITS, HABIT_WEIGHTS);
    if (country === 'GB' || country === 'DK' || country === 'US') habit = rng.chance(0.6) ? 'fee-payer' : 'punctual';
    if (currency === 'USD') habit = rng.chance(0.7) ? 'punctual' : 'late';
    const weight = Math.exp(rng.gauss() * 0.9) * (habit === 'batch' ? 2.5 : 1);
    const creditLimit = role === 'customer' && rng.chance(0.45) ? rng.pick([2500, 5000, 7500, 10000, 15000, 25000, 50000]) : 0;
    const id = ctx.db.add('res.partner', {
      name, display_name: name, is_company: true, type: 'contact', street: addr.street, zip: addr.zip, city: addr.city,
      country_id: ctx.countryIds[country], vat, email: `${rng.pick(['info', 'contact', 'office', 'hello', 'admin'])}@${domain}`,
      phone: phone(rng, country), mobile: false, website: `https://www.${domain}`, lang: langFor(country),
      customer_rank: role === 'customer' ? 1 : 0, supplier_rank: role === 'vendor' ? 1 : 0, company_id: false, parent_id: false,
      ref: role === 'customer' ? `C${String(index + 1).padStart(5, '0')}` : `V${String(index + 1).padStart(5, '0')}`,
      property_account_receivable_id: ctx.acc.receivable, property_account_payable_id: ctx.acc.payable,
      property_payment_term_id: role === 'customer' ? term.id : false, property_supplier_payment_term_id: role === 'vendor' ? term.id : false,
      property_product_pricelist: false, credit_limit: creditLimit, use_partner_credit_limit: creditLimit > 0,
      user_id: role === 'customer' ? ctx.userIds.sales : false, bank_ids: [], child_ids: [], category_id: [], active: true,
      comment: false, create_date: '2024-01-01 09:00:00', write_date: '2024-01-01 09:00:00',
    });
    ctx.db.get('res.partner', id).commercial_partner_id = id;
    const info: PartnerInfo = {
      id, name, base, country, currency, isCustomer: role === 'customer', isVendor: role === 'vendor', habit, iban: iban || false, vat, weight,
      termDays: term.days, termId: term.id, vendorKind: rng.chance(0.35) ? 'goods' : 'expense', expenseIndex: rng.int(0, EXPENSE_KINDS.length - 1),
      refStyle: rng.int(0, 9), refCounter: rng.int(10, 4000), duplicateOf: false,
    };
    if (iban) {
      const bankId = addPartnerBank(ctx, id, iban, bank?.id ?? false);
      ctx.db.get('res.partner', id).bank_ids = [bankId];
    }
    return info;
  };

  for (let i = 0; i < ctx.cfg.customers; i++) ctx.customers.push(make('customer', i));
  for (let i = 0; i < ctx.cfg.vendors; i++) ctx.vendors.push(make('vendor', i));
  // a handful of partners are both (a customer that also sells us services)
  for (let i = 0; i < Math.max(2, Math.floor(ctx.cfg.customers / 100)); i++) {
    const c = ctx.customers[i * 7];
    if (c && c.currency === 'EUR' && c.vat) {
      ctx.db.get('res.partner', c.id).supplier_rank = 1;
    }
  }
  for (const p of [...ctx.customers, ...ctx.vendors]) ctx.partnerInfo.set(p.id, p);

  // contacts: people at the companies, some flagged as invoice addresses
  for (const p of [...ctx.customers, ...ctx.vendors]) {
    if (!rng.chance(ctx.cfg.contactShare)) continue;
    const n = rng.int(1, 3);
    const children: number[] = [];
    const parent = ctx.db.get('res.partner', p.id);
    const domain = String(parent.email).split('@')[1] ?? 'example.com';
    for (let k = 0; k < n; k++) {
      const person = personName(rng);
      const type = k === 0 && rng.chance(0.3) ? 'invoice' : 'contact';
      children.push(
        ctx.db.add('res.partner', {
          name: `${person.first} ${person.last}`, is_company: false, type, parent_id: p.id, commercial_partner_id: p.id,
          email: `${slug(person.first)}.${slug(person.last)}@${domain}`, phone: phone(rng, p.country), mobile: rng.chance(0.5) ? phone(rng, p.country) : false,
          function: rng.pick(['Accounts Payable', 'CFO', 'Office Manager', 'Purchasing', 'CEO', 'Bookkeeper', 'Facility Manager']),
          country_id: parent.country_id, street: parent.street, zip: parent.zip, city: parent.city, lang: parent.lang, vat: false,
          customer_rank: 0, supplier_rank: 0, company_id: false, active: true, bank_ids: [], child_ids: [], category_id: [],
          credit_limit: 0, use_partner_credit_limit: false,
        }),
      );
    }
    parent.child_ids = children;
  }

  return plantDuplicates(ctx, rng);
}

function langFor(country: CountryCode): string {
  return ({ BE: 'nl_BE', NL: 'nl_NL', DE: 'de_DE', FR: 'fr_FR', LU: 'fr_FR', AT: 'de_DE', IT: 'it_IT', DK: 'da_DK', GB: 'en_GB', US: 'en_US' } as const)[country];
}

/** The ways people re-key a company that already exists. Exported for tests. */
export function nameVariant(rng: Rng, name: string): string {
  let out = name;
  const ops = rng.int(1, 2);
  for (let i = 0; i < ops; i++) {
    const op = rng.int(0, 6);
    if (op === 0) {
      // legal form spelled differently
      for (const [form, variants] of Object.entries(LEGAL_FORM_VARIANTS)) {
        if (out.endsWith(` ${form}`)) {
          out = `${out.slice(0, -form.length)}${rng.pick(variants)}`.trim();
          break;
        }
      }
    } else if (op === 1) {
      out = out.toUpperCase();
    } else if (op === 2) {
      out = typo(rng, out);
    } else if (op === 3) {
      out = out.replace(' & ', rng.pick([' en ', ' and ', ' + ', ' & ']));
    } else if (op === 4) {
      out = out.replace(/^Van den /, 'V.d. ').replace(/^De /, 'de ').replace(/ Services/, ' Svcs').replace(/ Solutions/, ' Sol.');
    } else if (op === 5) {
      out = `${out},`.replace(/ (\S+),$/, ', $1');
    } else {
      out = out.replace(/ü/g, 'ue').replace(/ö/g, 'oe').replace(/ä/g, 'ae').replace(/é/g, 'e').replace(/è/g, 'e');
    }
  }
  return out === name ? typo(rng, name) : out;
}

function typo(rng: Rng, s: string): string {
  const letters = [...s].map((c, i) => ({ c, i })).filter((x) => /[a-z]/.test(x.c));
  if (letters.length < 3) return `${s}.`;
  const at = rng.pick(letters.slice(1)).i;
  const kind = rng.int(0, 2);
  if (kind === 0) return s.slice(0, at) + s.slice(at + 1); // dropped letter
  if (kind === 1) return s.slice(0, at) + (s[at] ?? '') + s.slice(at); // doubled letter
  const swapped = s.slice(0, at - 1) + (s[at] ?? '') + (s[at - 1] ?? '') + s.slice(at + 1); // swapped pair
  return swapped === s ? s.slice(0, at) + s.slice(at + 1) : swapped;
}

function vatVariant(rng: Rng, vat: string): string {
  const cc = vat.slice(0, 2);
  const num = vat.slice(2);
  const style = rng.int(0, 4);
  if (style === 0) return num; // country prefix missing
  if (style === 1) return `${cc} ${num.replace(/(\d{4})(\d{3})(\d{3})$/, '$1.$2.$3')}`;
  if (style === 2) return `${cc.toLowerCase()}${num}`;
  if (style === 3) return `${cc} ${num.replace(/(\d{3})(?=\d)/g, '$1 ')}`.trim();
  return `${cc}-${num}`;
}

function phoneVariant(p: string): string {
  if (p.startsWith('+')) return p.replace(/^\+/, '00').replace(/\s/g, '');
  return p.replace(/\s/g, '-');
}

function plantDuplicates(ctx: Ctx, rng: Rng): number[][] {
  const clusters: number[][] = [];
  const pool = [...ctx.customers, ...ctx.vendors];
  const count = Math.max(3, Math.round(pool.length * ctx.cfg.duplicateShare));
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(rng.int(0, pool.length - 1));
  for (const idx of [...chosen].sort((a, b) => a - b)) {
    const orig = pool[idx];
    if (!orig) continue;
    const src = ctx.db.get('res.partner', orig.id);
    const cluster = [orig.id];
    const copies = rng.chance(0.2) ? 2 : 1;
    for (let k = 0; k < copies; k++) {
      const name = nameVariant(rng, orig.name);
      const email = String(src.email);
      const dupVat = orig.vat && rng.chance(0.75) ? vatVariant(rng, orig.vat) : false;
      const id = ctx.db.add('res.partner', {
        ...stripIdentity(src),
        name, display_name: name,
        vat: dupVat,
        email: rng.chance(0.5) ? email.toUpperCase() : rng.chance(0.5) ? email.replace(/^[^@]+/, 'accounting') : email,
        phone: rng.chance(0.6) ? phoneVariant(String(src.phone)) : src.phone,
        street: rng.chance(0.4) ? String(src.street).replace('straat', 'str.').replace('straße', 'str.').replace('Rue', 'R.') : src.street,
        ref: false, bank_ids: [], child_ids: [], credit_limit: 0, use_partner_credit_limit: false,
        create_date: '2025-03-01 10:00:00', write_date: '2025-03-01 10:00:00',
      });
      ctx.db.get('res.partner', id).commercial_partner_id = id;
      if (orig.iban && rng.chance(0.5)) ctx.db.get('res.partner', id).bank_ids = [addPartnerBank(ctx, id, orig.iban, false)];
      const info: PartnerInfo = { ...orig, id, name, vat: dupVat || false, weight: orig.weight * 0.15, duplicateOf: orig.id };
      ctx.partnerInfo.set(id, info);
      if (orig.isCustomer) ctx.customers.push(info);
      else ctx.vendors.push(info);
      cluster.push(id);
    }
    clusters.push(cluster);
  }
  return clusters;
}

function stripIdentity(rec: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = rec;
  return rest;
}
