import type { SimAccessGroup } from '../types';
import { saveUsers } from './auth';
import type { EngineCore } from './core';
import type { Row } from './fields';

/**
 * Base data every database has (ids fixed, documented in README.md): company 1 and its partner 1,
 * currencies, a few countries, users 1–7, message subtypes, ir.model rows and external ids.
 */
export const SEED_USERS: Array<{ id: number; login: string; name: string; partnerId: number; groups: SimAccessGroup[]; totp?: boolean; password?: string; active?: boolean }> = [
  { id: 1, login: '__system__', name: 'OdooBot', partnerId: 2, groups: ['admin'], active: false },
  { id: 2, login: 'admin', name: 'Mitchell Admin', partnerId: 3, groups: ['admin'] },
  { id: 3, login: 'accountant', name: 'Anita Accountant', partnerId: 4, groups: ['accountant'], password: 'accountant' },
  { id: 4, login: 'readonly', name: 'Rita Readonly', partnerId: 5, groups: ['readonly'], password: 'readonly' },
  { id: 5, login: 'totp', name: 'Tom Twofactor', partnerId: 6, groups: ['accountant'], password: 'totp', totp: true },
  { id: 6, login: 'sales', name: 'Sam Sales', partnerId: 7, groups: ['sales'], password: 'sales' },
  { id: 7, login: 'stock', name: 'Stan Stock', partnerId: 8, groups: ['stock'], password: 'stock' },
];

const COUNTRIES: Array<[number, string, string, number | false]> = [
  [21, 'Belgium', 'BE', 1],
  [57, 'Germany', 'DE', 1],
  [75, 'France', 'FR', 1],
  [165, 'Netherlands', 'NL', 1],
  [222, 'United Kingdom', 'GB', 3],
  [233, 'United States', 'US', 2],
];

export function seed(core: EngineCore, adminPassword: string): void {
  const s = core.store;
  const now = core.now();
  const put = (model: string, row: Record<string, unknown> & { id: number }) =>
    s.put(model, { create_uid: 1, create_date: now, write_uid: 1, write_date: now, ...row } as Row);
  put('res.currency', { id: 1, name: 'EUR', full_name: 'Euro', symbol: '€', rounding: 0.01, active: true, position: 'after' });
  put('res.currency', { id: 2, name: 'USD', full_name: 'United States dollar', symbol: '$', rounding: 0.01, active: true, position: 'before' });
  put('res.currency', { id: 3, name: 'GBP', full_name: 'Pound sterling', symbol: '£', rounding: 0.01, active: true, position: 'before' });
  for (const [id, name, code, cur] of COUNTRIES) put('res.country', { id, name, code, currency_id: cur });
  put('res.partner', { id: 1, name: 'My Company', is_company: true, company_id: 1, country_id: 21, active: true, type: 'contact', email: 'info@yourcompany.example.com' });
  put('res.company', { id: 1, name: 'My Company', currency_id: 1, partner_id: 1, country_id: 21, sequence: 10, active: true });
  for (const u of SEED_USERS) {
    put('res.partner', { id: u.partnerId, name: u.name, is_company: false, company_id: 1, active: u.active ?? true, type: 'contact', email: `${u.login.replace(/_/g, '')}@example.com` });
    put('res.users', { id: u.id, name: u.name, login: u.login, partner_id: u.partnerId, company_id: 1, company_ids: [1], active: u.active ?? true, share: false, lang: 'en_US', tz: 'Europe/Brussels' });
    core.users.set(u.id, { id: u.id, login: u.login, password: u.id === 2 ? adminPassword : (u.password ?? `${u.login}-disabled`), groups: u.groups, totp: u.totp ?? false });
  }
  put('mail.message.subtype', { id: 1, name: 'Discussions', internal: false, sequence: 0 });
  put('mail.message.subtype', { id: 2, name: 'Note', internal: true, sequence: 100 });
  put('uom.uom', { id: 1, name: 'Units', factor: 1, active: true });
  let mid = 1;
  for (const cm of core.models.values()) put('ir.model', { id: mid++, name: cm.def.description, model: cm.name, state: 'base', transient: cm.def.transient ?? false });
  let xid = 1;
  const xml = (module: string, name: string, model: string, resId: number) => put('ir.model.data', { id: xid++, module, name, model, res_id: resId, noupdate: true });
  xml('base', 'main_company', 'res.company', 1);
  xml('base', 'main_partner', 'res.partner', 1);
  xml('base', 'partner_root', 'res.partner', 2);
  xml('base', 'partner_admin', 'res.partner', 3);
  xml('base', 'user_root', 'res.users', 1);
  xml('base', 'user_admin', 'res.users', 2);
  xml('base', 'EUR', 'res.currency', 1);
  xml('base', 'USD', 'res.currency', 2);
  xml('base', 'GBP', 'res.currency', 3);
  for (const [id, , code] of COUNTRIES) xml('base', code.toLowerCase(), 'res.country', id);
  xml('mail', 'mt_comment', 'mail.message.subtype', 1);
  xml('mail', 'mt_note', 'mail.message.subtype', 2);
  xml('uom', 'product_uom_unit', 'uom.uom', 1);
  saveUsers(core);
}
