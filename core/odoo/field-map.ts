/**
 * Version adapters, driven by `fields_get`: the single place that knows which field names differ between
 * Odoo 16–19 (spec table "(ii) Fields per model"). The app asks for logical fields; each logical field
 * lists the server fields that can supply it, in order of preference, and the first one the server
 * actually has wins. A field no alternative can supply reads as its `missing` value instead of failing
 * the call, so a read never breaks because a version dropped a field. Rules are chosen by what
 * `fields_get` reports, not by version number, so SaaS builds and OCA modules that restore a field
 * (e.g. `partner_mobile` on 19) are handled too.
 */
import { AppError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { Domain, DomainLeaf, DomainTerm, FieldsGetResult, OdooRecord } from './types';

export type Alternative = {
  /** The server's field name. */
  field: string;
  /** Server value → logical value. Absent: a plain rename. */
  read?: (value: unknown) => unknown;
  /** Logical value → server value. Absent on a transformed alternative: the field cannot be written this way. */
  write?: (value: unknown) => unknown;
  /** Translates a domain leaf on the logical field. Absent on a transformed alternative: cannot be filtered on. */
  leaf?: (op: string, value: unknown) => DomainLeaf;
};

export type LogicalField = { alternatives: Alternative[]; missing: unknown };

// Domain constants that every engine understands (ids are positive).
export const TRUE_LEAF: DomainLeaf = ['id', '>', 0];
export const FALSE_LEAF: DomainLeaf = ['id', '<', 0];

const direct = (field: string): Alternative => ({ field });

/** Booleans whose meaning flipped with the rename (to_check ↔ checked, deprecated ↔ active). */
const inverted = (field: string): Alternative => ({
  field,
  read: (v) => v !== true,
  write: (v) => !v,
  leaf: (op, v) => {
    if ((op === '=' || op === '!=') && typeof v === 'boolean') return [field, op, !v];
    throw new AppError('odoo/protocol', `Filtering on ${field} with "${op}" cannot be translated for this Odoo version.`, { field, op });
  },
});

const m2oToIds = (v: unknown): number[] => (Array.isArray(v) && typeof v[0] === 'number' ? [v[0]] : typeof v === 'number' ? [v] : []);

const one = (field: string, missing: unknown = false): LogicalField => ({ alternatives: [direct(field)], missing });

/** Per model: logical field → how to get it. `*` applies to every model. */
export const FIELD_RULES: Record<string, Record<string, LogicalField>> = {
  '*': {
    // removed in 16.1; write_date carries the same information
    __last_update: { alternatives: [direct('__last_update'), direct('write_date')], missing: false },
  },
  'res.partner': {
    // gone in 18.2 SaaS and 19 (OCA partner_mobile restores it)
    mobile: one('mobile'),
  },
  'crm.lead': { mobile: one('mobile') },
  'account.account': {
    // 18 made accounts shareable between companies: company_id (m2o) → company_ids (m2m)
    company_ids: {
      alternatives: [direct('company_ids'), { field: 'company_id', read: m2oToIds, write: (v) => (Array.isArray(v) ? (v[0] ?? false) : v), leaf: (op, v) => ['company_id', op, v] }],
      missing: [],
    },
    company_id: {
      alternatives: [
        direct('company_id'),
        {
          field: 'company_ids',
          // The m2m read gives bare ids; the first is the company the account was created for. No name is
          // available without another read, so the display part is empty.
          read: (v) => (Array.isArray(v) && typeof v[0] === 'number' ? [v[0], ''] : false),
          write: (v) => (typeof v === 'number' ? [[6, 0, [v]]] : [[5, 0, 0]]),
          leaf: (op, v) => ['company_ids', op, v],
        },
      ],
      missing: false,
    },
    // 19 replaced `deprecated` by `active` (inverse meaning)
    deprecated: { alternatives: [direct('deprecated'), inverted('active')], missing: false },
    active: { alternatives: [direct('active'), inverted('deprecated')], missing: true },
  },
  // 18 renamed to_check → checked with the inverse meaning (statement lines inherit it from the move)
  'account.move': reviewRules(),
  'account.bank.statement.line': reviewRules(),
  'account.payment': {
    // 18 renamed ref → memo, and dropped internal transfers
    memo: { alternatives: [direct('memo'), direct('ref')], missing: false },
    ref: { alternatives: [direct('ref'), direct('memo')], missing: false },
    is_internal_transfer: one('is_internal_transfer'),
    destination_journal_id: one('destination_journal_id'),
  },
  'account.reconcile.model': {
    // 19 removed the matching knobs and added `trigger`
    rule_type: one('rule_type'),
    matching_order: one('matching_order'),
    past_months_limit: one('past_months_limit'),
    allow_payment_tolerance: one('allow_payment_tolerance'),
    payment_tolerance_param: one('payment_tolerance_param'),
    payment_tolerance_type: one('payment_tolerance_type'),
    trigger: {
      alternatives: [
        direct('trigger'),
        {
          field: 'auto_reconcile',
          read: (v) => (v === true ? 'auto_reconcile' : 'manual'),
          write: (v) => v === 'auto_reconcile',
          leaf: (op, v) => ['auto_reconcile', op === '!=' ? '!=' : '=', v === 'auto_reconcile'],
        },
      ],
      missing: 'manual',
    },
    auto_reconcile: {
      alternatives: [direct('auto_reconcile'), { field: 'trigger', read: (v) => v === 'auto_reconcile', write: (v) => (v === true ? 'auto_reconcile' : 'manual'), leaf: (op, v) => ['trigger', op, v === true ? 'auto_reconcile' : 'manual'] }],
      missing: false,
    },
  },
  'sale.order': {
    // 17 replaced state 'done' by a `locked` flag
    locked: {
      alternatives: [direct('locked'), { field: 'state', read: (v) => v === 'done', leaf: (op, v) => ['state', (op === '=') === (v === true) ? '=' : '!=', 'done'] }],
      missing: false,
    },
  },
  'product.product': productRules(),
  'product.template': productRules(),
};

function reviewRules(): Record<string, LogicalField> {
  return {
    checked: { alternatives: [direct('checked'), inverted('to_check')], missing: true },
    to_check: { alternatives: [direct('to_check'), inverted('checked')], missing: false },
  };
}

function productRules(): Record<string, LogicalField> {
  return {
    // 18 replaced type 'product' (storable) by `is_storable`
    is_storable: {
      alternatives: [direct('is_storable'), { field: 'type', read: (v) => v === 'product', leaf: (op, v) => ['type', (op === '=') === (v === true) ? '=' : '!=', 'product'] }],
      missing: false,
    },
    detailed_type: { alternatives: [direct('detailed_type'), direct('type')], missing: false },
  };
}

export function ruleFor(model: string, field: string): LogicalField | undefined {
  return FIELD_RULES[model]?.[field] ?? FIELD_RULES['*']?.[field];
}

export type Resolution =
  | { kind: 'server'; alt: Alternative; renamed: boolean }
  /** No alternative exists on this server: the logical field reads as `value`. */
  | { kind: 'missing'; value: unknown; known: boolean };

export type ReadPlan = {
  /** Undefined: all fields (nothing to translate). Never empty: an empty list means "all" to Odoo. */
  serverFields: string[] | undefined;
  project(raw: Record<string, unknown>): OdooRecord;
};

export type ModelAdapter = {
  readonly model: string;
  readonly fields: FieldsGetResult;
  has(field: string): boolean;
  resolve(field: string): Resolution;
  readPlan(fields: string[] | undefined): ReadPlan;
  translateDomain(domain: Domain): Domain;
  translateOrder(order: string | undefined): string | undefined;
  translateVals(vals: Record<string, unknown>): Record<string, unknown>;
  /** `date:month` → server spec, or undefined when the field does not exist here. */
  translateSpec(spec: string): string | undefined;
};

export function createModelAdapter(model: string, fields: FieldsGetResult, logger?: Logger): ModelAdapter {
  const has = (f: string) => f === 'id' || Object.hasOwn(fields, f);
  const warned = new Set<string>();
  const note = (field: string, what: string) => {
    if (warned.has(field + what)) return;
    warned.add(field + what);
    logger?.debug('odoo field not on this server', { model, field, what });
  };
  const cache = new Map<string, Resolution>();

  const resolve = (field: string): Resolution => {
    const hit = cache.get(field);
    if (hit !== undefined) return hit;
    const rule = ruleFor(model, field);
    let r: Resolution;
    if (rule === undefined) {
      r = has(field) ? { kind: 'server', alt: direct(field), renamed: false } : { kind: 'missing', value: false, known: false };
    } else {
      const alt = rule.alternatives.find((a) => has(a.field));
      r = alt !== undefined ? { kind: 'server', alt, renamed: alt.field !== field } : { kind: 'missing', value: rule.missing, known: true };
    }
    cache.set(field, r);
    return r;
  };

  const translateLeaf = (leaf: DomainLeaf): DomainTerm => {
    const [path, op, value] = leaf;
    const dot = path.indexOf('.');
    const head = dot < 0 ? path : path.slice(0, dot);
    const rest = dot < 0 ? '' : path.slice(dot);
    const r = resolve(head);
    if (r.kind === 'server') {
      if (!r.renamed) return leaf;
      if (r.alt.read === undefined) return [r.alt.field + rest, op, value];
      if (rest === '' && r.alt.leaf !== undefined) return r.alt.leaf(op, value);
      throw new AppError('odoo/protocol', `Filtering on ${model}.${path} cannot be translated for this Odoo version.`, { model, field: path, op });
    }
    if (!r.known) return leaf; // not ours to hide: let Odoo report an unknown field
    note(head, 'domain');
    // The field reads as a constant here, so the leaf is constant too.
    return constantLeafValue(op, r.value, value) ? TRUE_LEAF : FALSE_LEAF;
  };

  return {
    model,
    fields,
    has,
    resolve,
    readPlan(wanted) {
      if (wanted === undefined || wanted.length === 0) return { serverFields: undefined, project: (raw) => raw as OdooRecord };
      const server = new Set<string>(['id']);
      const plan: Array<[string, Resolution]> = [];
      for (const f of wanted) {
        const r = resolve(f);
        plan.push([f, r]);
        if (r.kind === 'server') server.add(r.alt.field);
        else note(f, 'read');
      }
      return {
        serverFields: [...server],
        project(raw) {
          const out: Record<string, unknown> = { id: raw['id'] };
          for (const [f, r] of plan) {
            if (r.kind === 'missing') out[f] = r.value;
            else {
              const v = raw[r.alt.field];
              out[f] = r.alt.read !== undefined ? r.alt.read(v) : v === undefined ? false : v;
            }
          }
          return out as OdooRecord;
        },
      };
    },
    translateDomain(domain) {
      return domain.map((t) => (Array.isArray(t) && t.length === 3 && typeof t[0] === 'string' ? translateLeaf(t) : t));
    },
    translateOrder(order) {
      if (order === undefined) return undefined;
      const parts = order
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '')
        .flatMap((p) => {
          const [f = '', ...dir] = p.split(/\s+/);
          const r = resolve(f);
          if (r.kind === 'missing') return r.known ? [] : [p];
          if (r.alt.read !== undefined && r.renamed) return []; // a transformed field has no faithful sort
          return [[r.alt.field, ...dir].join(' ')];
        });
      return parts.length > 0 ? parts.join(', ') : undefined;
    },
    translateVals(vals) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(vals)) {
        const r = resolve(k);
        if (r.kind === 'missing') {
          if (!r.known) out[k] = v; // unknown to us: let Odoo say what is wrong
          else logger?.warn('odoo field dropped from write: not on this server', { model, field: k });
          continue;
        }
        if (!r.renamed || r.alt.read === undefined) out[r.alt.field] = v;
        else if (r.alt.write !== undefined) out[r.alt.field] = r.alt.write(v);
        else logger?.warn('odoo field dropped from write: derived on this server', { model, field: k, from: r.alt.field });
      }
      return out;
    },
    translateSpec(spec) {
      const [f = '', ...tail] = spec.split(':');
      if (f === '__count') return spec;
      const r = resolve(f);
      if (r.kind === 'missing') return r.known ? undefined : spec;
      if (r.renamed && r.alt.read !== undefined) return undefined;
      return [r.alt.field, ...tail].join(':');
    },
  };
}

/** Evaluates `constant op value` for a field that does not exist on the server (so it reads as `constant`). */
export function constantLeafValue(op: string, constant: unknown, value: unknown): boolean {
  const eq = (a: unknown, b: unknown) => a === b || ((a === false || a === null) && (b === false || b === null));
  switch (op) {
    case '=':
    case '=?':
      return eq(constant, value) || (op === '=?' && (value === false || value === null));
    case '!=':
      return !eq(constant, value);
    case 'in':
      return Array.isArray(value) && value.some((x) => eq(constant, x));
    case 'not in':
      return !(Array.isArray(value) && value.some((x) => eq(constant, x)));
    case 'not like':
    case 'not ilike':
    case 'not any':
      return true;
    default:
      return false;
  }
}

export type FieldMap = {
  /** The adapter for a model, loading `fields_get` on first use (once per connection, concurrent callers share it). */
  ensure(model: string, signal?: AbortSignal): Promise<ModelAdapter>;
  peek(model: string): ModelAdapter | undefined;
  models(): string[];
  clear(): void;
};

export function createFieldMap(loadFields: (model: string, signal?: AbortSignal) => Promise<FieldsGetResult>, logger?: Logger): FieldMap {
  const ready = new Map<string, ModelAdapter>();
  const pending = new Map<string, Promise<ModelAdapter>>();
  return {
    ensure(model, signal) {
      const have = ready.get(model);
      if (have !== undefined) return Promise.resolve(have);
      let p = pending.get(model);
      if (p === undefined) {
        p = loadFields(model, signal)
          .then((fields) => {
            const a = createModelAdapter(model, fields, logger);
            ready.set(model, a);
            return a;
          })
          .finally(() => pending.delete(model));
        pending.set(model, p);
      }
      return p;
    },
    peek: (model) => ready.get(model),
    models: () => [...ready.keys()],
    clear() {
      ready.clear();
      pending.clear();
    },
  };
}
