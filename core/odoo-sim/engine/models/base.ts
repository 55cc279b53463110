import { createHash } from 'node:crypto';
import { checkAccess } from '../access';
import type { Env, ModelDef } from '../core';
import { displayName, getModel } from '../core';
import { userError, validationError, valueError } from '../errors';
import type { Row } from '../fields';
import { f } from '../fields';
import { existing, sudo, unlinkRecords, writeRecords } from '../orm';

const ACCOUNTING_GROUPS = ['accountant', 'readonly'] as const;

function partnerName(row: Row, env: Env): string {
  const own = typeof row.name === 'string' ? row.name : '';
  const typeLabel: Record<string, string> = { invoice: 'Invoice Address', delivery: 'Delivery Address', other: 'Other Address' };
  if (typeof row.parent_id === 'number' && !row.is_company) {
    const parent = env.core.store.get('res.partner', row.parent_id);
    const label = own || typeLabel[String(row.type)] || '';
    if (parent) return `${displayName(env, 'res.partner', parent)}, ${label}`;
  }
  return own;
}

function commercialPartner(env: Env, row: Row): number {
  let cur: Row | undefined = row;
  const seen = new Set<number>();
  while (cur && !cur.is_company && typeof cur.parent_id === 'number' && !seen.has(cur.id)) {
    seen.add(cur.id);
    const parent = env.core.store.get('res.partner', cur.parent_id);
    if (!parent) break;
    cur = parent;
  }
  return cur?.id ?? row.id;
}

/** Sum of open receivable (or payable) residuals for the commercial entity; non-stored like Odoo. */
function partnerBalance(env: Env, row: Row, type: 'asset_receivable' | 'liability_payable'): number {
  const store = env.core.store;
  const cp = commercialPartner(env, row);
  const partners = new Set([cp, ...store.children('res.partner', 'parent_id', cp)]);
  let total = 0;
  for (const pid of partners) {
    for (const lid of store.children('account.move.line', 'partner_id', pid)) {
      const l = store.get('account.move.line', lid)!;
      if (l.parent_state !== 'posted') continue;
      const acc = typeof l.account_id === 'number' ? store.get('account.account', l.account_id) : undefined;
      if (acc?.account_type !== type) continue;
      total += typeof l.amount_residual === 'number' ? l.amount_residual : 0;
    }
  }
  return Math.round((type === 'asset_receivable' ? total : -total) * 100) / 100;
}

export const partnerModel: ModelDef = {
  name: 'res.partner',
  description: 'Contact',
  access: 'partner',
  mailThread: true,
  order: 'complete_name asc, id desc',
  parentField: 'parent_id',
  recName: partnerName,
  fields: [
    f.char('name', 'Name', { index: true }),
    f.char('complete_name', 'Complete Name', { compute: (r, env) => partnerName(r, env), store: true }),
    f.char('email', 'Email'),
    f.char('phone', 'Phone'),
    f.char('mobile', 'Mobile'),
    f.char('vat', 'Tax ID'),
    f.char('company_registry', 'Company ID'),
    f.bool('is_company', 'Is a Company', { default: false }),
    f.m2o('parent_id', 'Related Company', 'res.partner', { index: true }),
    f.o2m('child_ids', 'Contact', 'res.partner', 'parent_id'),
    f.m2o('commercial_partner_id', 'Commercial Entity', 'res.partner', { compute: (r, env) => commercialPartner(env, r), store: true, readonly: true }),
    f.char('ref', 'Reference'),
    f.sel('type', 'Address Type', [
      ['contact', 'Contact'],
      ['invoice', 'Invoice'],
      ['delivery', 'Delivery'],
      ['other', 'Other'],
    ], { default: 'contact' }),
    f.char('street', 'Street'),
    f.char('street2', 'Street2'),
    f.char('zip', 'Zip'),
    f.char('city', 'City'),
    f.m2o('country_id', 'Country', 'res.country'),
    f.char('website', 'Website Link'),
    f.html('comment', 'Notes'),
    f.char('lang', 'Language', { default: 'en_US' }),
    f.bool('active', 'Active', { default: true }),
    f.m2o('company_id', 'Company', 'res.company', { index: true }),
    f.m2m('category_id', 'Tags', 'res.partner.category'),
    f.o2m('bank_ids', 'Banks', 'res.partner.bank', 'partner_id'),
    f.m2o('user_id', 'Salesperson', 'res.users'),
    f.int('customer_rank', 'Customer Rank', { default: 0 }),
    f.int('supplier_rank', 'Supplier Rank', { default: 0 }),
    f.money('credit', 'Total Receivable', {
      compute: (r, env) => partnerBalance(env, r, 'asset_receivable'),
      store: false,
      groups: ACCOUNTING_GROUPS,
      currencyField: undefined,
    }),
    f.money('debit', 'Total Payable', { compute: (r, env) => partnerBalance(env, r, 'liability_payable'), store: false, groups: ACCOUNTING_GROUPS, currencyField: undefined }),
    f.float('credit_limit', 'Credit Limit', { groups: ACCOUNTING_GROUPS, companyDependent: true }),
    f.bool('use_partner_credit_limit', 'Partner Limit'),
    f.m2o('property_account_receivable_id', 'Account Receivable', 'account.account', { companyDependent: true }),
    f.m2o('property_account_payable_id', 'Account Payable', 'account.account', { companyDependent: true }),
    f.m2o('property_payment_term_id', 'Customer Payment Terms', 'account.payment.term', { companyDependent: true }),
    f.m2o('property_supplier_payment_term_id', 'Vendor Payment Terms', 'account.payment.term', { companyDependent: true }),
    f.m2o('property_product_pricelist', 'Pricelist', 'product.pricelist', { companyDependent: true }),
    f.char('function', 'Job Position'),
  ],
  constrain(env, ids) {
    for (const id of ids) {
      const r = env.core.store.get('res.partner', id);
      if (r && (r.type ?? 'contact') === 'contact' && !r.name) throw validationError('The operation cannot be completed: Contacts require a name');
    }
  },
};

export const partnerCategoryModel: ModelDef = {
  name: 'res.partner.category',
  description: 'Partner Tags',
  access: 'partner',
  order: 'name',
  fields: [f.char('name', 'Tag Name', { required: true }), f.int('color', 'Color'), f.m2o('parent_id', 'Parent Category', 'res.partner.category'), f.bool('active', 'Active', { default: true })],
  parentField: 'parent_id',
};

export const partnerBankModel: ModelDef = {
  name: 'res.partner.bank',
  description: 'Bank Accounts',
  access: 'partner',
  order: 'sequence, id',
  recName: (r) => String(r.acc_number ?? ''),
  fields: [
    f.char('acc_number', 'Account Number', { required: true }),
    f.char('sanitized_acc_number', 'Sanitized Account Number', { compute: (r) => String(r.acc_number ?? '').replace(/\W+/g, '').toUpperCase(), store: true }),
    f.char('acc_holder_name', 'Account Holder Name'),
    f.m2o('partner_id', 'Account Holder', 'res.partner', { required: true, index: true, ondelete: 'cascade' }),
    f.m2o('bank_id', 'Bank', 'res.bank'),
    f.char('bank_name', 'Bank Name'),
    f.char('bank_bic', 'Bank Identifier Code'),
    f.int('sequence', 'Sequence', { default: 10 }),
    f.m2o('currency_id', 'Currency', 'res.currency'),
    f.m2o('company_id', 'Company', 'res.company'),
    f.bool('active', 'Active', { default: true }),
    f.bool('allow_out_payment', 'Send Money'),
  ],
};

export const companyModel: ModelDef = {
  name: 'res.company',
  description: 'Companies',
  access: 'config',
  order: 'sequence, name',
  parentField: 'parent_id',
  fields: [
    f.char('name', 'Company Name', { required: true }),
    f.m2o('currency_id', 'Currency', 'res.currency', { required: true }),
    f.m2o('partner_id', 'Partner', 'res.partner', { required: true }),
    f.m2o('country_id', 'Country', 'res.country'),
    f.char('vat', 'Tax ID'),
    f.char('email', 'Email'),
    f.char('phone', 'Phone'),
    f.char('street', 'Street'),
    f.char('zip', 'Zip'),
    f.char('city', 'City'),
    f.m2o('currency_exchange_journal_id', 'Exchange Gain or Loss Journal', 'account.journal'),
    f.m2o('income_currency_exchange_account_id', 'Gain Exchange Rate Account', 'account.account'),
    f.m2o('expense_currency_exchange_account_id', 'Loss Exchange Rate Account', 'account.account'),
    f.m2o('account_journal_payment_debit_account_id', 'Journal Outstanding Receipts', 'account.account'),
    f.m2o('account_journal_payment_credit_account_id', 'Journal Outstanding Payments', 'account.account'),
    f.int('sequence', 'Sequence', { default: 10 }),
    f.m2o('parent_id', 'Parent Company', 'res.company'),
    f.o2m('child_ids', 'Branches', 'res.company', 'parent_id'),
    f.bool('active', 'Active', { default: true }),
    f.bool('account_use_credit_limit', 'Sales Credit Limit'),
    f.float('account_default_credit_limit', 'Default Credit Limit'),
    f.date('fiscalyear_lock_date', 'Lock Date'),
    f.date('tax_lock_date', 'Tax Lock Date'),
    f.date('period_lock_date', 'Journals Entries Lock Date'),
    f.m2o('account_journal_suspense_account_id', 'Journal Suspense Account', 'account.account'),
  ],
};

export const usersModel: ModelDef = {
  name: 'res.users',
  description: 'User',
  access: 'config',
  order: 'name, login',
  fields: [
    f.char('name', 'Name', { required: true }),
    f.char('login', 'Login', { required: true }),
    f.m2o('partner_id', 'Related Partner', 'res.partner', { required: true }),
    f.m2o('company_id', 'Company', 'res.company', { required: true }),
    f.m2m('company_ids', 'Companies', 'res.company'),
    f.char('email', 'Email'),
    f.char('lang', 'Language', { default: 'en_US' }),
    f.char('tz', 'Timezone', { default: 'Europe/Brussels' }),
    f.bool('share', 'Share User', { default: false }),
    f.bool('active', 'Active', { default: true }),
    f.bool('totp_enabled', 'Two-factor authentication', { store: false, compute: (r, env) => env.core.users.get(r.id)?.totp ?? false }),
  ],
  methods: {
    context_get: {
      params: [],
      record: false,
      access: 'none',
      impl: (env) => {
        const u = env.core.store.get('res.users', env.uid);
        return { lang: u?.lang || 'en_US', tz: u?.tz || 'Europe/Brussels', uid: env.uid };
      },
    },
  },
};

export const currencyModel: ModelDef = {
  name: 'res.currency',
  description: 'Currency',
  access: 'config',
  order: 'active desc, name',
  fields: [
    f.char('name', 'Currency', { required: true }),
    f.char('full_name', 'Name'),
    f.char('currency_unit_label', 'Currency Unit'),
    f.char('currency_subunit_label', 'Currency Subunit'),
    f.char('symbol', 'Symbol', { required: true }),
    f.float('rate', 'Current Rate', {
      store: false,
      compute: (r, env) => {
        let best: Row | undefined;
        for (const id of env.core.store.children('res.currency.rate', 'currency_id', r.id)) {
          const rate = env.core.store.get('res.currency.rate', id)!;
          if (typeof rate.company_id === 'number' && rate.company_id !== env.companyId) continue;
          if (!best || String(rate.name) > String(best.name)) best = rate;
        }
        return typeof best?.rate === 'number' ? best.rate : 1;
      },
    }),
    f.o2m('rate_ids', 'Rates', 'res.currency.rate', 'currency_id'),
    f.float('rounding', 'Rounding Factor', { default: 0.01 }),
    f.int('decimal_places', 'Decimal Places', { compute: (r) => Math.max(0, Math.round(-Math.log10(typeof r.rounding === 'number' && r.rounding > 0 ? r.rounding : 0.01))), store: true }),
    f.bool('active', 'Active', { default: true }),
    f.sel('position', 'Symbol Position', [
      ['after', 'After Amount'],
      ['before', 'Before Amount'],
    ], { default: 'after' }),
  ],
};

export const currencyRateModel: ModelDef = {
  name: 'res.currency.rate',
  description: 'Currency Rate',
  access: 'accounting',
  order: 'name desc',
  recName: (r) => String(r.name ?? ''),
  fields: [
    f.date('name', 'Date', { required: true }),
    f.float('rate', 'Technical Rate', { default: 1 }),
    f.m2o('currency_id', 'Currency', 'res.currency', { required: true, index: true, ondelete: 'cascade' }),
    f.m2o('company_id', 'Company', 'res.company'),
  ],
};

export const countryModel: ModelDef = {
  name: 'res.country',
  description: 'Country',
  access: 'config',
  order: 'name',
  fields: [f.char('name', 'Country Name', { required: true }), f.char('code', 'Country Code'), f.m2o('currency_id', 'Currency', 'res.currency'), f.int('phone_code', 'Country Calling Code')],
};

export const paymentTermModel: ModelDef = {
  name: 'account.payment.term',
  description: 'Payment Terms',
  access: 'accounting',
  order: 'sequence, id',
  fields: [
    f.char('name', 'Payment Terms', { required: true }),
    f.int('sequence', 'Sequence', { default: 10 }),
    f.bool('active', 'Active', { default: true }),
    f.m2o('company_id', 'Company', 'res.company'),
    f.html('note', 'Description on the Invoice'),
    f.o2m('line_ids', 'Terms', 'account.payment.term.line', 'payment_id'),
  ],
};

export const irModelModel: ModelDef = {
  name: 'ir.model',
  description: 'Models',
  access: 'system',
  order: 'model',
  fields: [
    f.char('name', 'Model Description', { required: true }),
    f.char('model', 'Model', { required: true }),
    f.sel('state', 'Type', [
      ['manual', 'Custom Object'],
      ['base', 'Base Object'],
    ], { default: 'base' }),
    f.bool('transient', 'Transient Model'),
    f.char('modules', 'In Apps'),
  ],
};

export const irModelDataModel: ModelDef = {
  name: 'ir.model.data',
  description: 'Model Data',
  access: 'system',
  order: 'module, model, name',
  recName: (r) => `${String(r.module)}.${String(r.name)}`,
  fields: [
    f.char('name', 'External Identifier', { required: true }),
    f.char('module', 'Module', { required: true }),
    f.char('model', 'Model Name', { required: true }),
    f.int('res_id', 'Record ID'),
    f.char('complete_name', 'Complete ID', { compute: (r) => `${String(r.module)}.${String(r.name)}` }),
    f.bool('noupdate', 'Non Updatable'),
  ],
  methods: {
    check_object_reference: {
      params: ['module', 'xml_id', ['raise_on_access_error', false]],
      record: false,
      access: 'read',
      impl: (env, _m, _ids, p) => {
        const s = env.core.store;
        const hit = s
          .ids('ir.model.data')
          .map((id) => s.get('ir.model.data', id)!)
          .find((r) => r.module === p.module && r.name === p.xml_id);
        if (!hit || !s.get(String(hit.model), hit.res_id as number)) throw valueError(`External ID not found in the system: ${String(p.module)}.${String(p.xml_id)}`);
        return [hit.model, hit.res_id];
      },
    },
  },
};

function attachmentCheck(env: Env, vals: Record<string, unknown>): void {
  if (typeof vals.res_model === 'string' && vals.res_model) {
    const target = getModel(env.core, vals.res_model);
    checkAccess(env, target, 'write');
    if (typeof vals.res_id === 'number' && vals.res_id) existing(env, target, [vals.res_id]);
  }
}

export const attachmentModel: ModelDef = {
  name: 'ir.attachment',
  description: 'Attachment',
  access: 'mail',
  order: 'id desc',
  fields: [
    f.char('name', 'Name', { required: true }),
    f.text('description', 'Description'),
    f.char('res_model', 'Resource Model'),
    f.char('res_field', 'Resource Field'),
    f.int('res_id', 'Resource ID'),
    f.char('res_name', 'Resource Name', {
      compute: (r, env) => {
        if (typeof r.res_model !== 'string' || typeof r.res_id !== 'number') return false;
        const t = env.core.store.get(r.res_model, r.res_id);
        return t ? displayName(env, r.res_model, t) : false;
      },
    }),
    f.m2o('company_id', 'Company', 'res.company'),
    f.sel('type', 'Type', [
      ['url', 'URL'],
      ['binary', 'File'],
    ], { default: 'binary', required: true }),
    f.char('url', 'Url'),
    f.bool('public', 'Is public document'),
    f.binary('datas', 'File Content (base64)'),
    f.int('file_size', 'File Size', { compute: (r) => (typeof r.datas === 'string' ? Math.floor((r.datas.replace(/=+$/, '').length * 3) / 4) : 0), store: true }),
    f.char('checksum', 'Checksum/SHA1', {
      compute: (r) => (typeof r.datas === 'string' ? createHash('sha1').update(Buffer.from(r.datas, 'base64')).digest('hex') : false),
      store: true,
    }),
    f.char('mimetype', 'Mime Type'),
  ],
  hooks: {
    prepareCreate(env, vals) {
      attachmentCheck(env, vals);
      if (!vals.mimetype && typeof vals.name === 'string') {
        const ext = vals.name.split('.').pop()?.toLowerCase();
        const types: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', xml: 'application/xml', txt: 'text/plain', csv: 'text/csv' };
        vals.mimetype = (ext && types[ext]) || 'application/octet-stream';
      }
      return vals;
    },
    prepareWrite(env, _ids, vals) {
      attachmentCheck(env, vals);
      return vals;
    },
  },
};

export const subtypeModel: ModelDef = {
  name: 'mail.message.subtype',
  description: 'Message subtypes',
  access: 'config',
  order: 'sequence, id',
  fields: [f.char('name', 'Message Type', { required: true }), f.bool('internal', 'Internal Only'), f.int('sequence', 'Sequence', { default: 1 })],
};

export const messageModel: ModelDef = {
  name: 'mail.message',
  description: 'Message',
  access: 'mail',
  order: 'id desc',
  recName: (r) => (typeof r.subject === 'string' && r.subject ? r.subject : String(r.record_name || `mail.message,${r.id}`)),
  fields: [
    f.char('subject', 'Subject'),
    f.html('body', 'Contents', { default: '' }),
    f.char('model', 'Related Document Model', { index: true }),
    f.int('res_id', 'Related Document ID'),
    f.char('record_name', 'Message Record Name'),
    f.sel('message_type', 'Type', [
      ['email', 'Incoming Email'],
      ['comment', 'Comment'],
      ['email_outgoing', 'Outgoing Email'],
      ['notification', 'System notification'],
      ['auto_comment', 'Automated Targeted Notification'],
      ['user_notification', 'User Specific Notification'],
    ], { default: 'comment', required: true }),
    f.m2o('subtype_id', 'Subtype', 'mail.message.subtype'),
    f.m2o('author_id', 'Author', 'res.partner'),
    f.datetime('date', 'Date', { default: (env: Env) => env.core.now() }),
    f.m2m('attachment_ids', 'Attachments', 'ir.attachment'),
    f.m2m('partner_ids', 'Recipients', 'res.partner'),
  ],
};

export const mergeWizardModel: ModelDef = {
  name: 'base.partner.merge.automatic.wizard',
  description: 'Merge Partner Wizard',
  access: 'partner',
  transient: true,
  fields: [
    f.sel('state', 'State', [
      ['option', 'Option'],
      ['selection', 'Selection'],
      ['finished', 'Finished'],
    ], { default: 'selection' }),
    f.m2m('partner_ids', 'Contacts', 'res.partner'),
    f.m2o('dst_partner_id', 'Destination Contact', 'res.partner'),
  ],
  hooks: {
    prepareCreate(env, vals) {
      const active = env.context.active_model === 'res.partner' && Array.isArray(env.context.active_ids) ? (env.context.active_ids as number[]) : [];
      if ((!Array.isArray(vals.partner_ids) || !vals.partner_ids.length) && active.length) vals.partner_ids = active;
      return vals;
    },
    afterCreate(env, id) {
      const row = env.core.store.get('base.partner.merge.automatic.wizard', id)!;
      const ids = (row.partner_ids as number[]) ?? [];
      if (!row.dst_partner_id && ids.length) {
        const dst = [...ids].sort((a, b) => a - b)[0]!;
        env.core.store.put('base.partner.merge.automatic.wizard', { ...row, dst_partner_id: dst });
      }
    },
  },
  methods: {
    action_merge: {
      params: [],
      record: true,
      access: 'write',
      impl: (env, _m, ids) => {
        for (const id of ids) mergePartners(env, id);
        return true;
      },
    },
  },
};

/** base.partner.merge: repoint every reference to the source partners, then delete them. */
function mergePartners(env: Env, wizardId: number): void {
  const s = env.core.store;
  const wiz = s.get('base.partner.merge.automatic.wizard', wizardId);
  if (!wiz) return;
  const dst = wiz.dst_partner_id as number;
  const all = ((wiz.partner_ids as number[]) ?? []).filter((x) => x !== dst);
  if (!dst) throw userError('Please select a destination contact.');
  if (all.length + 1 < 2) throw userError('Please select at least two contacts to merge.');
  if (all.length + 1 > 3 && !env.user.groups.includes('admin')) {
    throw userError('For safety reasons, you cannot merge more than 3 contacts together. You can re-open the wizard several times if needed.');
  }
  const dstRow = s.get('res.partner', dst)!;
  let parent: number = dst;
  while (true) {
    const p = s.get('res.partner', parent)?.parent_id;
    if (typeof p !== 'number') break;
    if (all.includes(p)) throw userError('You cannot merge a contact with one of his parent.');
    parent = p;
  }
  const src = new Set(all);
  const su = sudo(env);
  for (const cm of env.core.models.values()) {
    if (cm.def.transient) continue;
    for (const fd of cm.fields.values()) {
      if (fd.compute || fd.relation !== 'res.partner' || (fd.type !== 'many2one' && fd.type !== 'many2many')) continue;
      for (const id of s.ids(cm.name)) {
        const row = s.get(cm.name, id)!;
        const v = row[fd.name];
        if (fd.type === 'many2one' && typeof v === 'number' && src.has(v)) s.put(cm.name, { ...row, [fd.name]: dst, write_uid: env.uid, write_date: env.core.now() });
        else if (Array.isArray(v) && v.some((x) => src.has(x as number))) {
          const next = [...new Set(v.map((x) => (src.has(x as number) ? dst : x)))];
          s.put(cm.name, { ...row, [fd.name]: next, write_uid: env.uid, write_date: env.core.now() });
        }
      }
    }
  }
  for (const mid of s.ids('mail.message')) {
    const m = s.get('mail.message', mid)!;
    if (m.model === 'res.partner' && src.has(m.res_id as number)) s.put('mail.message', { ...m, res_id: dst });
  }
  // Keep the empty values of the destination filled from the merged contacts (Odoo's _update_values).
  const patch: Record<string, unknown> = {};
  for (const sid of all) {
    const r = s.get('res.partner', sid)!;
    for (const k of ['email', 'phone', 'mobile', 'vat', 'ref', 'street', 'city', 'zip', 'country_id', 'website']) {
      if ((dstRow[k] === undefined || dstRow[k] === false) && r[k] !== undefined && r[k] !== false && !(k in patch)) patch[k] = r[k];
    }
  }
  if (Object.keys(patch).length) writeRecords(su, 'res.partner', [dst], patch);
  unlinkRecords(su, 'res.partner', all);
  s.put('base.partner.merge.automatic.wizard', { ...s.get('base.partner.merge.automatic.wizard', wizardId)!, state: 'finished', partner_ids: [dst] });
}

export const BASE_MODELS: ModelDef[] = [
  partnerModel,
  partnerCategoryModel,
  partnerBankModel,
  companyModel,
  usersModel,
  currencyModel,
  currencyRateModel,
  countryModel,
  paymentTermModel,
  irModelModel,
  irModelDataModel,
  attachmentModel,
  subtypeModel,
  messageModel,
  mergeWizardModel,
];
