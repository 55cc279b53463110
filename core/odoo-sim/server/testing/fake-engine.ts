import { randomBytes } from 'node:crypto';
import type { OdooExceptionName, OdooVersion, SimCall, SimDataset, SimEngine, SimUserInfo, VersionInfo } from '../../types';
import { OdooServerError } from '../../types';

/**
 * A tiny in-memory SimEngine for the wire-layer tests: three models, the common ORM methods, snapshot/restore
 * transactions. It exists so the server can be tested without the real engine; it is not a model of Odoo.
 */

type Row = Record<string, unknown> & { id: number };
type FieldDef = { type: string; string: string; relation?: string; required?: boolean; readonly?: boolean; selection?: Array<[string, string]> };

const FIELDS: Record<string, Record<string, FieldDef>> = {
  'res.partner': {
    id: { type: 'integer', string: 'ID', readonly: true },
    name: { type: 'char', string: 'Name', required: true },
    email: { type: 'char', string: 'Email' },
    is_company: { type: 'boolean', string: 'Is a Company' },
    country_id: { type: 'many2one', string: 'Country', relation: 'res.country' },
    active: { type: 'boolean', string: 'Active' },
    type: { type: 'selection', string: 'Address Type', selection: [['contact', 'Contact'], ['invoice', 'Invoice']] },
  },
  'res.country': {
    id: { type: 'integer', string: 'ID', readonly: true },
    name: { type: 'char', string: 'Name', required: true },
    code: { type: 'char', string: 'Code' },
  },
  'res.company': {
    id: { type: 'integer', string: 'ID', readonly: true },
    name: { type: 'char', string: 'Name', required: true },
    sequence: { type: 'integer', string: 'Sequence' },
    parent_id: { type: 'many2one', string: 'Parent', relation: 'res.company' },
    child_ids: { type: 'one2many', string: 'Children', relation: 'res.company' },
  },
};

const err = (name: string, message: string) => new OdooServerError(name as OdooExceptionName, message);

export type FakeEngine = SimEngine & {
  /** direct access for assertions: the stored rows of a model */
  rows(model: string): Row[];
};

export function createFakeEngine(opts: { version?: OdooVersion; dbName?: string } = {}): FakeEngine {
  const version = opts.version ?? 17;
  const dbName = opts.dbName ?? 'demo';
  let data: Record<string, Row[]> = {
    'res.partner': [
      { id: 3, name: 'Mitchell Admin', email: 'admin@example.com', is_company: false, country_id: 21, active: true, type: 'contact' },
      { id: 7, name: 'Agrolait', email: false, is_company: true, country_id: 21, active: true, type: 'contact' },
      { id: 12, name: 'Bank Wealthy', email: 'info@bw.example', is_company: true, country_id: false, active: true, type: 'invoice' },
      { id: 13, name: 'Archived Co', email: false, is_company: true, country_id: false, active: false, type: 'contact' },
    ],
    'res.country': [{ id: 21, name: 'Belgium', code: 'BE' }],
    'res.company': [{ id: 1, name: 'YourCompany', sequence: 10, parent_id: false, child_ids: [] }],
  };
  const users = [{ uid: 2, login: 'admin', password: 'admin', name: 'Mitchell Admin', partnerId: 3 }];
  const apiKeys = new Map<string, number>();

  const table = (model: string, style: SimCall['style']): Row[] => {
    const t = data[model];
    if (!t) throw style === 'json2' ? err('werkzeug.exceptions.NotFound', `the model '${model}' does not exist`) : err('odoo.exceptions.UserError', `Object ${model} doesn't exist`);
    return t;
  };

  const display = (model: string, id: number): string => String(data[model]?.find((r) => r.id === id)?.name ?? id);

  const readRow = (model: string, row: Row, fields: string[] | undefined, load: unknown): Record<string, unknown> => {
    const defs = FIELDS[model] ?? {};
    const names = fields && fields.length > 0 ? fields : Object.keys(defs);
    const out: Record<string, unknown> = { id: row.id };
    for (const f of names) {
      const def = defs[f];
      if (!def) throw err('builtins.ValueError', `Invalid field '${f}' on model '${model}'`);
      const v = row[f] ?? false;
      if (def.type === 'many2one' && typeof v === 'number' && load !== '_classic_write') out[f] = [v, display(def.relation ?? '', v)];
      else out[f] = v;
    }
    return out;
  };

  const matches = (row: Row, domain: unknown[], activeTest: boolean): boolean => {
    if (activeTest && 'active' in row && row.active === false && !domain.some((l) => Array.isArray(l) && l[0] === 'active')) return false;
    return domain.every((leaf) => {
      if (!Array.isArray(leaf)) return true; // '&' is implicit; '|' and '!' are not needed by these tests
      const [f, op, value] = leaf as [string, string, unknown];
      const v = row[f] ?? false;
      switch (op) {
        case '=':
          return v === value;
        case '!=':
          return v !== value;
        case '>':
          return (v as number) > (value as number);
        case '<':
          return (v as number) < (value as number);
        case 'in':
          return Array.isArray(value) && value.includes(v);
        case 'ilike':
          return typeof v === 'string' && v.toLowerCase().includes(String(value).toLowerCase());
        default:
          throw err('builtins.ValueError', `Invalid leaf ${JSON.stringify(leaf)}`);
      }
    });
  };

  const search = (model: string, rows: Row[], domain: unknown, kw: Record<string, unknown>): Row[] => {
    if (!Array.isArray(domain)) throw err('builtins.ValueError', 'Invalid domain');
    const ctx = (kw.context ?? {}) as Record<string, unknown>;
    let out = rows.filter((r) => matches(r, domain, ctx.active_test !== false));
    out.sort((a, b) => a.id - b.id);
    if (typeof kw.order === 'string' && /desc/i.test(kw.order)) out.reverse();
    const offset = typeof kw.offset === 'number' ? kw.offset : 0;
    out = out.slice(offset, typeof kw.limit === 'number' ? offset + kw.limit : undefined);
    void model;
    return out;
  };

  const validate = (model: string, vals: Record<string, unknown>, creating: boolean) => {
    const defs = FIELDS[model] ?? {};
    for (const k of Object.keys(vals)) if (!defs[k] || k === 'id') throw err('builtins.ValueError', `Invalid field '${k}' on model '${model}'`);
    if ((creating && !vals.name) || (!creating && 'name' in vals && !vals.name)) {
      throw err('odoo.exceptions.ValidationError', 'The operation cannot be completed: Contacts require a name');
    }
  };

  const nextId = () => Math.max(0, ...Object.values(data).flat().map((r) => r.id)) + 1;

  const create = (model: string, rows: Row[], vals: Record<string, unknown>): number => {
    validate(model, vals, true);
    const id = nextId();
    rows.push({ active: true, ...vals, id });
    return id;
  };

  const byIds = (model: string, rows: Row[], ids: unknown): Row[] => {
    if (!Array.isArray(ids)) throw err('builtins.TypeError', 'ids must be a list');
    return ids.map((id) => {
      const r = rows.find((x) => x.id === id);
      if (!r) throw err('odoo.exceptions.MissingError', `Record does not exist or has been deleted.\n(Record: ${model}(${String(id)},), User: 2)`);
      return r;
    });
  };

  const run = (call: SimCall): unknown => {
    const { model, method, kwargs: kw, style } = call;
    const rows = table(model, style);
    const a = call.args;
    const ids = style === 'json2' ? call.ids : (a[0] as unknown);
    switch (method) {
      case 'fields_get': {
        const attrs = (style === 'json2' ? kw.attributes : (a[1] ?? kw.attributes)) as string[] | undefined;
        const out: Record<string, unknown> = {};
        for (const [f, def] of Object.entries(FIELDS[model] ?? {})) {
          const full: Record<string, unknown> = { required: false, readonly: false, store: true, ...def };
          out[f] = attrs ? Object.fromEntries(Object.entries(full).filter(([k]) => attrs.includes(k))) : full;
        }
        return out;
      }
      case 'search_read': {
        const domain = style === 'json2' ? (kw.domain ?? []) : (a[0] ?? kw.domain ?? []);
        const fields = (style === 'json2' ? kw.fields : (a[1] ?? kw.fields)) as string[] | undefined;
        return search(model, rows, domain, kw).map((r) => readRow(model, r, fields, kw.load));
      }
      case 'search':
        return search(model, rows, style === 'json2' ? (kw.domain ?? []) : (a[0] ?? kw.domain ?? []), kw).map((r) => r.id);
      case 'search_count':
        return search(model, rows, style === 'json2' ? (kw.domain ?? []) : (a[0] ?? kw.domain ?? []), {}).length;
      case 'read': {
        const fields = (style === 'json2' ? kw.fields : (a[1] ?? kw.fields)) as string[] | undefined;
        return byIds(model, rows, ids).map((r) => readRow(model, r, fields, kw.load));
      }
      case 'create': {
        if (style === 'json2') {
          const list = kw.vals_list;
          if (!Array.isArray(list)) throw err('werkzeug.exceptions.UnprocessableEntity', "missing a required argument: 'vals_list'");
          return list.map((v) => create(model, rows, v as Record<string, unknown>));
        }
        if (a.length === 0) throw err('builtins.IndexError', 'tuple index out of range');
        const v = a[0];
        return Array.isArray(v) ? v.map((x) => create(model, rows, x as Record<string, unknown>)) : create(model, rows, v as Record<string, unknown>);
      }
      case 'write': {
        const vals = (style === 'json2' ? kw.vals : a[1]) as Record<string, unknown>;
        validate(model, vals, false);
        for (const r of byIds(model, rows, ids)) Object.assign(r, vals);
        return true;
      }
      case 'unlink': {
        const doomed = new Set(byIds(model, rows, ids).map((r) => r.id));
        data[model] = rows.filter((r) => !doomed.has(r.id));
        return true;
      }
      case 'action_noop':
        // like account.move.line.reconcile: returns None
        byIds(model, rows, ids);
        return null;
      case 'action_false':
        return false;
      case 'boom_after_write':
        // a plain JS error after a write: the transaction must roll back
        for (const r of byIds(model, rows, ids)) r.name = 'CORRUPTED';
        throw new Error('simulated engine bug');
      default:
        throw style === 'json2'
          ? err('werkzeug.exceptions.NotFound', `The method '${method}' does not exist on the model '${model}'`)
          : err('builtins.AttributeError', `The method '${method}' does not exist on the model '${model}'`);
    }
  };

  const versionInfo = (): VersionInfo => ({
    server_version: `${version}.0`,
    server_version_info: [version, 0, 0, 'final', 0, ''],
    server_serie: `${version}.0`,
    protocol_version: 1,
  });

  return {
    version,
    dbName,
    versionInfo,
    authenticate(db, login, secret, { interactive }) {
      if (db !== dbName) return false;
      const u = users.find((x) => x.login === login);
      if (!u) return false;
      if (secret === u.password) return u.uid;
      if (!interactive && apiKeys.get(secret) === u.uid) return u.uid;
      return false;
    },
    checkCredentials(db, uid, secret) {
      const u = users.find((x) => x.uid === uid);
      return db === dbName && !!u && (secret === u.password || apiKeys.get(secret) === uid);
    },
    uidForApiKey: (key) => apiKeys.get(key) ?? false,
    userInfo(uid): SimUserInfo {
      const u = users.find((x) => x.uid === uid);
      if (!u) throw err('odoo.exceptions.AccessDenied', 'Access Denied');
      return { uid, login: u.login, name: u.name, partnerId: u.partnerId, companyId: 1, companyIds: [1], isAdmin: true, context: { lang: 'en_US', tz: 'Europe/Brussels', uid } };
    },
    execute(call) {
      const snapshot = structuredClone(data);
      try {
        return run(call);
      } catch (e) {
        data = snapshot;
        throw e;
      }
    },
    loadDataset(dataset: SimDataset) {
      for (const [model, rows] of Object.entries(dataset.records)) data[model] = rows.map((r) => ({ ...r }));
    },
    createApiKey(login, o) {
      const u = users.find((x) => x.login === login);
      if (!u) throw err('odoo.exceptions.UserError', `no user ${login}`);
      const key = o?.key ?? randomBytes(20).toString('hex');
      apiKeys.set(key, u.uid);
      return key;
    },
    revokeApiKey: (key) => apiKeys.delete(key),
    reset() {
      for (const model of Object.keys(data)) data[model] = [];
    },
    close() {},
    rows: (model) => data[model] ?? [],
  };
}
