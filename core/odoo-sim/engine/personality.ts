import type { OdooVersion } from '../types';
import type { CompiledModel, Env, ExtField } from './core';
import { canonicalGet } from './core';
import type { FieldDef, Row } from './fields';
import { f } from './fields';

/**
 * One table drives the per-version differences (spec table (ii)). Storage always uses the canonical
 * Odoo 17 names; each version sees canonical fields minus `hide`, plus `alias` fields derived from them.
 */

type AliasSpec = {
  model: string;
  versions: readonly OdooVersion[];
  def: FieldDef;
  get: (row: Row, env: Env) => unknown;
  set?: (value: unknown, env: Env, vals: Record<string, unknown>) => Record<string, unknown>;
};

const V18UP: OdooVersion[] = [18, 19];
const V19: OdooVersion[] = [19];

export const HIDDEN: Array<{ model: string; fields: string[]; versions: readonly OdooVersion[] }> = [
  { model: 'res.partner', fields: ['mobile'], versions: V19 },
  { model: 'crm.lead', fields: ['mobile'], versions: V19 },
  { model: 'account.account', fields: ['company_id'], versions: V18UP },
  { model: 'account.account', fields: ['deprecated'], versions: V19 },
  { model: 'account.move', fields: ['to_check'], versions: V18UP },
  { model: 'account.bank.statement.line', fields: ['to_check'], versions: V18UP },
  { model: 'account.payment', fields: ['ref', 'is_internal_transfer', 'destination_journal_id'], versions: V18UP },
  {
    model: 'account.reconcile.model',
    fields: [
      'rule_type',
      'matching_order',
      'allow_payment_tolerance',
      'payment_tolerance_param',
      'payment_tolerance_type',
      'match_text_location_label',
      'match_text_location_note',
      'match_text_location_reference',
      'past_months_limit',
    ],
    versions: V19,
  },
  { model: 'sale.order', fields: ['locked'], versions: [16] },
  { model: 'product.product', fields: ['detailed_type'], versions: V18UP },
];

/** x2many write values (commands or a bare id list) → the resulting id list. */
export function m2mIds(value: unknown, current: number[] = []): number[] {
  if (value === false || value === null || value === undefined) return [];
  if (!Array.isArray(value)) return typeof value === 'number' ? [value] : current;
  if (value.every((x) => typeof x === 'number')) return value as number[];
  let ids = [...current];
  for (const cmd of value) {
    if (!Array.isArray(cmd)) continue;
    const [c, id, v] = cmd as [number, number, unknown];
    if (c === 6) ids = Array.isArray(v) ? [...(v as number[])] : [];
    else if (c === 5) ids = [];
    else if (c === 4 && !ids.includes(id)) ids.push(id);
    else if ((c === 3 || c === 2) && ids.includes(id)) ids = ids.filter((x) => x !== id);
  }
  return ids;
}

const truthy = (v: unknown) => v === true || v === 1;

export const ALIASES: AliasSpec[] = [
  {
    model: 'account.account',
    versions: V18UP,
    def: f.m2m('company_ids', 'Companies', 'res.company', { required: true }),
    get: (r) => (typeof r.company_id === 'number' ? [r.company_id] : []),
    set: (v) => ({ company_id: m2mIds(v)[0] ?? false }),
  },
  {
    model: 'account.account',
    versions: V19,
    def: f.bool('active', 'Active', { default: true }),
    get: (r) => !truthy(r.deprecated),
    set: (v) => ({ deprecated: !truthy(v) }),
  },
  {
    model: 'account.move',
    versions: V18UP,
    def: f.bool('checked', 'Reviewed'),
    get: (r) => !truthy(r.to_check),
    set: (v) => ({ to_check: !truthy(v) }),
  },
  {
    model: 'account.bank.statement.line',
    versions: V18UP,
    def: f.bool('checked', 'Reviewed'),
    get: (r, env) => {
      const m = typeof r.move_id === 'number' ? env.core.store.get('account.move', r.move_id) : undefined;
      return !truthy(m?.to_check);
    },
    set: (v) => ({ to_check: !truthy(v) }),
  },
  {
    model: 'account.payment',
    versions: V18UP,
    def: f.char('memo', 'Memo'),
    get: (r) => r.ref ?? false,
    set: (v) => ({ ref: v }),
  },
  {
    model: 'account.payment',
    versions: V18UP,
    def: f.sel('state', 'Status', [
      ['draft', 'Draft'],
      ['in_process', 'In Process'],
      ['paid', 'Paid'],
      ['canceled', 'Canceled'],
      ['rejected', 'Rejected'],
    ], { required: true, readonly: true }),
    get: (r) => {
      if (r.state === 'cancel') return 'canceled';
      if (r.state === 'posted') return truthy(r.is_matched) ? 'paid' : 'in_process';
      return r.state ?? 'draft';
    },
    set: (v) => ({ state: v === 'canceled' || v === 'rejected' ? 'cancel' : v === 'draft' ? 'draft' : 'posted' }),
  },
  {
    model: 'account.reconcile.model',
    versions: V19,
    def: f.sel('trigger', 'Trigger', [
      ['manual', 'Manual'],
      ['auto_reconcile', 'Automated'],
    ]),
    get: (r) => (truthy(r.auto_reconcile) ? 'auto_reconcile' : 'manual'),
    set: (v) => ({ auto_reconcile: v === 'auto_reconcile' }),
  },
  {
    model: 'sale.order',
    versions: [16],
    def: f.sel('state', 'Status', [
      ['draft', 'Quotation'],
      ['sent', 'Quotation Sent'],
      ['sale', 'Sales Order'],
      ['done', 'Locked'],
      ['cancel', 'Cancelled'],
    ], { readonly: true }),
    get: (r) => (r.state === 'sale' && truthy(r.locked) ? 'done' : (r.state ?? 'draft')),
    set: (v) => (v === 'done' ? { state: 'sale', locked: true } : { state: v, locked: false }),
  },
  {
    model: 'product.product',
    versions: V18UP,
    def: f.sel('type', 'Product Type', [
      ['consu', 'Goods'],
      ['service', 'Service'],
      ['combo', 'Combo'],
    ], { required: true }),
    get: (r) => (r.type === 'product' ? 'consu' : (r.type ?? 'consu')),
    set: (v, _env, vals) => {
      const storable = truthy(vals.is_storable) && v === 'consu';
      const t = storable ? 'product' : v;
      return { type: t, detailed_type: t };
    },
  },
  {
    model: 'product.product',
    versions: V18UP,
    def: f.bool('is_storable', 'Track Inventory'),
    get: (r) => r.type === 'product' || r.detailed_type === 'product',
    set: (v, _env, vals) => {
      if (truthy(v)) return { type: 'product', detailed_type: 'product' };
      const t = vals.type === 'service' || vals.type === 'combo' ? vals.type : 'consu';
      return { type: t, detailed_type: t };
    },
  },
];

const SELECTION_OVERRIDES: Array<{ model: string; field: string; versions: readonly OdooVersion[]; add: Array<[string, string]> }> = [
  { model: 'account.move.line', field: 'display_type', versions: V19, add: [['line_subsection', 'Subsection']] },
];

/** Methods that exist only in some versions (the rest are in every version). */
export const METHOD_VERSIONS: Record<string, readonly OdooVersion[]> = {
  name_get: [16, 17],
  formatted_read_group: [19],
};

export function buildExternalFields(version: OdooVersion, cm: CompiledModel): Map<string, ExtField> {
  const hidden = new Set(HIDDEN.filter((h) => h.model === cm.name && h.versions.includes(version)).flatMap((h) => h.fields));
  const ext = new Map<string, ExtField>();
  for (const fd of cm.fields.values()) {
    if (hidden.has(fd.name)) continue;
    let def = fd;
    const over = SELECTION_OVERRIDES.find((o) => o.model === cm.name && o.field === fd.name && o.versions.includes(version));
    if (over && fd.selection) def = { ...fd, selection: [...fd.selection, ...over.add] };
    ext.set(fd.name, { name: fd.name, def, get: (row, env) => canonicalGet(env, cm.name, fd, row) });
  }
  for (const a of ALIASES) {
    if (a.model !== cm.name || !a.versions.includes(version)) continue;
    const setter = a.set;
    ext.set(a.def.name, {
      name: a.def.name,
      def: a.def,
      get: a.get,
      ...(setter ? { set: (v: unknown, env: Env) => setter(v, env, {}) } : {}),
    });
  }
  if (version === 16) {
    // 16.0 still exposed the concurrency-check field on every model.
    ext.set('__last_update', {
      name: '__last_update',
      def: f.datetime('__last_update', 'Last Modified on', { readonly: true, store: false }),
      get: (r) => r.write_date ?? r.create_date ?? false,
    });
  }
  return ext;
}

/** Alias setters that look at sibling values (product type + is_storable). */
export function aliasSetter(version: OdooVersion, model: string, name: string) {
  return ALIASES.find((a) => a.model === model && a.def.name === name && a.versions.includes(version))?.set;
}
