import { checkAccess, fieldAccessError, fieldVisible } from './access';
import type { CompiledModel, EngineCore, Env, ExtField } from './core';
import { displayName, domainSchema, getModel } from './core';
import type { DomainNode, Leaf } from './domain';
import { andNodes, cmp, compileDomain, mentionsField, parseDomain, requiredLeaves } from './domain';
import { accessError, missingError, pyRepr, validationError, valueError } from './errors';
import type { FieldDef, Row } from './fields';
import { isX2many } from './fields';
import { aliasSetter, m2mIds } from './personality';

export type Vals = Record<string, unknown>;

export function makeEnv(core: EngineCore, uid: number, context: Record<string, unknown> = {}, su = false): Env {
  const user = core.users.get(uid);
  const urow = core.store.get('res.users', uid);
  if (!user || !urow) throw accessError(`User ${uid} does not exist`);
  const userCompanies = Array.isArray(urow.company_ids) && urow.company_ids.length ? (urow.company_ids as number[]) : [urow.company_id as number];
  let companyIds = userCompanies;
  let companyId = typeof urow.company_id === 'number' ? urow.company_id : (userCompanies[0] ?? 1);
  const allowed = context.allowed_company_ids;
  if (allowed !== undefined && allowed !== false && allowed !== null) {
    const list = Array.isArray(allowed) ? allowed : [allowed];
    if (!su && list.some((c) => typeof c !== 'number' || !userCompanies.includes(c))) {
      throw accessError('Access to unauthorized or invalid companies.');
    }
    if (list.length) {
      companyIds = list as number[];
      companyId = list[0] as number;
    }
  }
  return { core, uid, user, context, companyId, companyIds, su, names: new Map() };
}

export function sudo(env: Env): Env {
  if (env.su) return env;
  return { ...env, su: true, schema: undefined };
}

export function withContext(env: Env, extra: Record<string, unknown>): Env {
  return { ...env, context: { ...env.context, ...extra }, schema: undefined };
}

const stamp = (env: Env) => ({ write_uid: env.uid, write_date: env.core.now() });

/* ----------------------------------------------------------------- search */

export type SearchOpts = { offset?: number; limit?: number | false | null; order?: string | false | null; count?: boolean };

type OrderKey = { get: (row: Row) => unknown; desc: boolean };

function parseOrder(env: Env, cm: CompiledModel, order: string): OrderKey[] | 'id asc' | 'id desc' {
  const parts = order
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const keys: OrderKey[] = [];
  for (const part of parts) {
    const m = /^("?)([\w.:]+)\1(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?$/i.exec(part);
    if (!m) throw valueError(`Invalid "order" specified (${part}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`);
    const name = m[2]!;
    const desc = (m[3] ?? 'asc').toLowerCase() === 'desc';
    if (name === 'id') {
      keys.push({ get: (r) => r.id, desc });
      continue;
    }
    const ext = cm.ext.get(name);
    if (!ext) throw valueError(`Invalid field ${pyRepr(name)} on model ${pyRepr(cm.name)}`);
    if (ext.def.type === 'many2one') {
      const rel = ext.def.relation!;
      keys.push({
        get: (r) => {
          const id = ext.get(r, env);
          const t = typeof id === 'number' ? env.core.store.get(rel, id) : undefined;
          return t ? displayName(env, rel, t) : false;
        },
        desc,
      });
    } else keys.push({ get: (r) => ext.get(r, env), desc });
  }
  if (keys.length === 1 && parts[0]!.match(/^"?id"?/)) return keys[0]!.desc ? 'id desc' : 'id asc';
  return keys;
}

const unset = (v: unknown) => v === false || v === null || v === undefined;

function compareKeys(keys: OrderKey[], a: unknown[], b: unknown[], ida: number, idb: number): number {
  for (let i = 0; i < keys.length; i++) {
    const x = a[i];
    const y = b[i];
    const desc = keys[i]!.desc;
    // PostgreSQL: NULLS LAST ascending, NULLS FIRST descending.
    if (unset(x) || unset(y)) {
      if (unset(x) && unset(y)) continue;
      const r = unset(x) ? 1 : -1;
      return desc ? -r : r;
    }
    const c = cmp(x, y);
    if (c !== 0) return desc ? -c : c;
  }
  return ida - idb;
}

function lowerBound(arr: readonly number[], v: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Candidate ids (ascending) and a [lo, hi) window, narrowed by id bounds / id lists / indexed many2ones. */
function candidates(env: Env, cm: CompiledModel, node: DomainNode): { ids: readonly number[]; lo: number; hi: number } {
  const store = env.core.store;
  let ids: readonly number[] = store.ids(cm.name);
  let lo = 0;
  let hi = ids.length;
  let best: number[] | null = null;
  const consider = (list: number[]) => {
    if (!best || list.length < best.length) best = list;
  };
  for (const leaf of requiredLeaves(node) as Leaf[]) {
    const [path, op, value] = leaf;
    if (path === 'id') {
      if (typeof value === 'number') {
        if (op === '>') lo = Math.max(lo, lowerBound(ids, value + 1));
        else if (op === '>=') lo = Math.max(lo, lowerBound(ids, value));
        else if (op === '<') hi = Math.min(hi, lowerBound(ids, value));
        else if (op === '<=') hi = Math.min(hi, lowerBound(ids, value + 1));
        else if (op === '=') consider([value]);
      }
      if (op === 'in' && Array.isArray(value)) consider([...new Set(value.filter((x): x is number => typeof x === 'number'))].sort((a, b) => a - b));
      continue;
    }
    if (typeof path !== 'string' || path.includes('.') || (op !== '=' && op !== 'in')) continue;
    const fd = cm.fields.get(path);
    const ext = cm.ext.get(path);
    if (!fd || !ext || ext.def !== fd || fd.type !== 'many2one' || !store.hasIndex(cm.name, path)) continue;
    const vals = (Array.isArray(value) ? value : [value]).filter((x): x is number => typeof x === 'number');
    if (vals.length !== (Array.isArray(value) ? value.length : 1)) continue;
    const set = new Set<number>();
    for (const v of vals) for (const id of store.children(cm.name, path, v)) set.add(id);
    consider([...set].sort((a, b) => a - b));
  }
  if (best !== null) {
    const list: number[] = best;
    const lowId = lo > 0 ? ids[lo] ?? Infinity : -Infinity;
    const highId = hi < ids.length ? ids[hi] ?? Infinity : Infinity;
    ids = list.filter((id) => id >= lowId && id < highId);
    return { ids, lo: 0, hi: ids.length };
  }
  return { ids, lo, hi };
}

export function buildSearchDomain(env: Env, cm: CompiledModel, domain: unknown): DomainNode {
  let node = parseDomain(domain, env.core.version);
  if (env.context.active_test !== false && cm.ext.has('active') && !mentionsField(node, 'active')) {
    node = andNodes(node, { op: 'leaf', leaf: ['active', '=', true] });
  }
  return node;
}

export function companyFilter(env: Env, cm: CompiledModel): ((r: Row) => boolean) | null {
  if (env.su || !cm.hasCompany) return null;
  const allowed = new Set(env.companyIds);
  return (r) => {
    const c = r.company_id;
    return typeof c !== 'number' || allowed.has(c);
  };
}

export function search(env: Env, model: string, domain: unknown, opts: SearchOpts = {}): number[] {
  const cm = getModel(env.core, model);
  const node = buildSearchDomain(env, cm, domain);
  const pred = compileDomain(domainSchema(env), model, node);
  const comp = companyFilter(env, cm);
  const test = comp ? (r: Row) => comp(r) && pred(r) : pred;
  const offset = typeof opts.offset === 'number' && opts.offset > 0 ? opts.offset : 0;
  const limit = typeof opts.limit === 'number' && opts.limit >= 0 ? opts.limit : Infinity;
  const order = parseOrder(env, cm, (opts.order || cm.def.order || 'id') as string);
  const { ids, lo, hi } = candidates(env, cm, node);
  const store = env.core.store;
  const out: number[] = [];
  if (order === 'id asc' || order === 'id desc' || opts.count) {
    let skip = opts.count ? 0 : offset;
    const want = opts.count ? limit : limit;
    const step = order === 'id desc' && !opts.count ? -1 : 1;
    for (let i = step === 1 ? lo : hi - 1; step === 1 ? i < hi : i >= lo; i += step) {
      const row = store.get(model, ids[i]!);
      if (!row || !test(row)) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      out.push(row.id);
      if (out.length >= want) break;
    }
    return out;
  }
  const cmpEntry = (a: { row: Row; keys: unknown[] }, b: { row: Row; keys: unknown[] }) => compareKeys(order, a.keys, b.keys, a.row.id, b.row.id);
  const want = limit === Infinity ? Infinity : offset + limit;
  const matched: Array<{ row: Row; keys: unknown[] }> = [];
  if (want <= 2000) {
    // Small pages over big tables: keep only the best `want` rows (sorted buffer) instead of sorting all.
    const first = order[0]!;
    for (let i = lo; i < hi; i++) {
      const row = store.get(model, ids[i]!);
      if (!row || !test(row)) continue;
      if (matched.length >= want) {
        // Cheap rejection on the first key before building the full key tuple.
        const v = first.get(row);
        const w = matched[matched.length - 1]!.keys[0];
        let c: number;
        if (unset(v) || unset(w)) c = unset(v) && unset(w) ? 0 : (unset(v) ? 1 : -1) * (first.desc ? -1 : 1);
        else c = first.desc ? -cmp(v, w) : cmp(v, w);
        if (c > 0) continue;
      }
      const entry = { row, keys: order.map((k) => k.get(row)) };
      if (matched.length >= want && cmpEntry(entry, matched[matched.length - 1]!) >= 0) continue;
      let a = 0;
      let b = matched.length;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (cmpEntry(matched[mid]!, entry) <= 0) a = mid + 1;
        else b = mid;
      }
      matched.splice(a, 0, entry);
      if (matched.length > want) matched.pop();
    }
  } else {
    for (let i = lo; i < hi; i++) {
      const row = store.get(model, ids[i]!);
      if (row && test(row)) matched.push({ row, keys: order.map((k) => k.get(row)) });
    }
    matched.sort(cmpEntry);
  }
  const end = limit === Infinity ? matched.length : offset + limit;
  for (const m of matched.slice(offset, end)) out.push(m.row.id);
  return out;
}

export function searchCount(env: Env, model: string, domain: unknown, limit?: number | null | false): number {
  return search(env, model, domain, { count: true, ...(typeof limit === 'number' ? { limit } : {}) }).length;
}

/* ------------------------------------------------------------------- read */

export function resolveReadFields(env: Env, cm: CompiledModel, fields: unknown): ExtField[] {
  if (fields === undefined || fields === null || fields === false || (Array.isArray(fields) && fields.length === 0)) {
    return [...cm.ext.values()].filter((e) => fieldVisible(env, e.def));
  }
  if (!Array.isArray(fields)) throw valueError(`Invalid fields: expected a list, got ${pyRepr(fields)}`);
  const out: ExtField[] = [];
  const denied: FieldDef[] = [];
  for (const name of fields) {
    if (typeof name !== 'string') throw valueError(`Invalid field ${pyRepr(name)} on model ${pyRepr(cm.name)}`);
    if (name === 'id') continue;
    const ext = cm.ext.get(name.split(':')[0]!);
    if (!ext) throw valueError(`Invalid field ${pyRepr(name)} on model ${pyRepr(cm.name)}`);
    if (!fieldVisible(env, ext.def)) denied.push(ext.def);
    out.push(ext);
  }
  if (denied.length) throw fieldAccessError(env, cm, denied, 'read');
  return out;
}

function humanSize(b64: string): string {
  const bytes = Math.floor((b64.length * 3) / 4);
  const units = ['bytes', 'Kb', 'Mb', 'Gb'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(2)} ${units[i]}`;
}

export function formatValue(env: Env, ext: ExtField, row: Row, load: unknown): unknown {
  const v = ext.get(row, env);
  switch (ext.def.type) {
    case 'many2one': {
      if (typeof v !== 'number') return false;
      const rel = ext.def.relation!;
      const target = env.core.store.get(rel, v);
      if (!target) return false;
      if (load === '_classic_write' || load === null) return v;
      return [v, displayName(env, rel, target)];
    }
    case 'one2many':
    case 'many2many':
      return Array.isArray(v) ? v : [];
    case 'integer':
    case 'float':
    case 'monetary':
      return typeof v === 'number' ? v : 0;
    case 'boolean':
      return v === true;
    case 'binary':
      if (typeof v !== 'string' || !v) return false;
      return env.context.bin_size ? humanSize(v) : v;
    default:
      return v === undefined || v === null ? false : v;
  }
}

export function normalizeIds(ids: unknown): number[] {
  if (typeof ids === 'number' && Number.isInteger(ids)) return [ids];
  if (ids === false || ids === null || ids === undefined) return [];
  if (!Array.isArray(ids)) throw valueError(`Invalid ids: ${pyRepr(ids)}`);
  for (const id of ids) if (typeof id !== 'number' || !Number.isInteger(id)) throw valueError(`Invalid ids: ${pyRepr(ids)}`);
  return ids as number[];
}

export function existing(env: Env, cm: CompiledModel, ids: number[]): Row[] {
  const rows: Row[] = [];
  const missing: number[] = [];
  for (const id of ids) {
    const r = env.core.store.get(cm.name, id);
    if (r) rows.push(r);
    else missing.push(id);
  }
  if (missing.length) throw missingError(cm.name, missing, env.uid);
  const comp = companyFilter(env, cm);
  if (comp) {
    const bad = rows.filter((r) => !comp(r));
    if (bad.length) {
      throw accessError(
        `Due to security restrictions, you are not allowed to access '${cm.def.description}' (${cm.name}) records.\n\n` +
          `Records: ${bad.map((r) => `${displayName(env, cm.name, r)} (id=${r.id})`).join(', ')}\nUser: ${env.uid}\n\n` +
          'This restriction is due to the following rules:\n- multi-company rule\n\nNote: this might be a multi-company issue. Switching company may help - in Odoo, not in the sim.',
      );
    }
  }
  return rows;
}

export function read(env: Env, model: string, ids: number[], fields?: unknown, load: unknown = '_classic_read'): Vals[] {
  const cm = getModel(env.core, model);
  checkAccess(env, cm, 'read');
  const exts = resolveReadFields(env, cm, fields);
  const rows = existing(env, cm, ids);
  return rows.map((row) => readRow(env, exts, row, load));
}

export function readRow(env: Env, exts: ExtField[], row: Row, load: unknown): Vals {
  const out: Vals = { id: row.id };
  for (const ext of exts) out[ext.name] = formatValue(env, ext, row, load);
  return out;
}

export function searchRead(env: Env, model: string, domain: unknown, fields: unknown, opts: SearchOpts, load: unknown = '_classic_read'): Vals[] {
  const cm = getModel(env.core, model);
  checkAccess(env, cm, 'read');
  const exts = resolveReadFields(env, cm, fields);
  const ids = search(env, model, domain, opts);
  const store = env.core.store;
  return ids.map((id) => readRow(env, exts, store.get(model, id)!, load));
}

/* ------------------------------------------------------------ create/write */

type Converted = { plain: Vals; x2m: Array<[FieldDef, unknown]> };

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

export function convertValue(env: Env, cm: CompiledModel, fd: FieldDef, value: unknown): unknown {
  const wrong = () => valueError(`Wrong value for ${cm.name}.${fd.name}: ${pyRepr(value)}`);
  if (value === null || value === undefined) value = false;
  switch (fd.type) {
    case 'many2one': {
      if (value === false || value === 0) return false;
      let id = value;
      if (Array.isArray(value)) id = value[0];
      if (typeof id === 'string' && /^\d+$/.test(id)) id = Number(id);
      if (typeof id !== 'number' || !Number.isInteger(id)) throw wrong();
      if (!env.core.store.get(fd.relation!, id)) {
        throw validationError(
          `The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\nModel: ${cm.def.description} (${cm.name}), Field: ${fd.string} (${fd.name}) — record ${fd.relation}(${id},) does not exist.`,
        );
      }
      return id;
    }
    case 'integer': {
      if (value === false) return 0;
      const n = typeof value === 'string' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw valueError(`invalid literal for int() with base 10: ${pyRepr(value)}`);
      return Math.trunc(n);
    }
    case 'float':
    case 'monetary': {
      if (value === false) return 0;
      const n = typeof value === 'string' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw valueError(`could not convert string to float: ${pyRepr(value)}`);
      return n;
    }
    case 'boolean':
      return Boolean(value) && value !== 0;
    case 'char':
    case 'text':
    case 'html':
      if (value === false) return false;
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      throw wrong();
    case 'selection':
      if (value === false) return false;
      if (typeof value !== 'string' || (fd.selection && !fd.selection.some(([k]) => k === value))) throw wrong();
      return value;
    case 'date':
      if (value === false) return false;
      if (typeof value !== 'string' || !(DATE_RE.test(value) || DATETIME_RE.test(value))) {
        throw valueError(`time data ${pyRepr(value)} does not match format '%Y-%m-%d'`);
      }
      return value.slice(0, 10);
    case 'datetime':
      if (value === false) return false;
      if (typeof value !== 'string' || !(DATE_RE.test(value) || DATETIME_RE.test(value))) {
        throw valueError(`time data ${pyRepr(value)} does not match format '%Y-%m-%d %H:%M:%S'`);
      }
      return value.length === 10 ? `${value} 00:00:00` : value.replace('T', ' ').slice(0, 19).padEnd(19, ':00');
    case 'binary':
      if (value === false) return false;
      if (typeof value !== 'string') throw wrong();
      return value;
    default:
      return value;
  }
}

/** External (versioned) vals → canonical stored values + x2many commands. */
export function toCanonical(env: Env, cm: CompiledModel, vals: Vals): Converted {
  if (typeof vals !== 'object' || vals === null || Array.isArray(vals)) throw valueError(`Invalid values: expected a dict, got ${pyRepr(vals)}`);
  const out: Converted = { plain: {}, x2m: [] };
  for (const [key, value] of Object.entries(vals)) {
    // Internal (sudo) code speaks the canonical schema; only user-facing calls go through the personality.
    const ext = env.su && cm.fields.has(key) ? undefined : cm.ext.get(key);
    if (!ext && !(env.su && cm.fields.has(key))) throw valueError(`Invalid field ${pyRepr(key)} on model ${pyRepr(cm.name)}`);
    if (ext?.set) {
      const setter = aliasSetter(env.core.version, cm.name, key);
      const patch = setter ? setter(value, env, vals) : ext.set(value, env);
      for (const [ck, cv] of Object.entries(patch)) {
        const fd = cm.fields.get(ck);
        if (fd) out.plain[ck] = isX2many(fd.type) ? cv : convertValue(env, cm, fd, cv);
      }
      continue;
    }
    const fd = cm.fields.get(key);
    if (!fd || key === 'id' || key === '__last_update') continue;
    if (fd.compute && fd.inverse) {
      out.plain[key] = value;
      continue;
    }
    if (fd.compute || fd.name === 'display_name') continue;
    if (isX2many(fd.type)) out.x2m.push([fd, value]);
    else out.plain[key] = convertValue(env, cm, fd, value);
  }
  return out;
}

function checkRequired(env: Env, cm: CompiledModel, row: Vals): void {
  for (const fd of cm.fields.values()) {
    if (!fd.required || fd.compute || isX2many(fd.type) || fd.name === 'id') continue;
    const v = row[fd.name];
    if (v === false || v === undefined || v === null || v === '') {
      throw validationError(
        `The operation cannot be completed: Missing required value for the field '${fd.string}' (${fd.name}).\n` +
          `Model: ${cm.def.description} (${cm.name})\nField: ${fd.string} (${fd.name})`,
      );
    }
  }
}

function defaultsFor(env: Env, cm: CompiledModel, given: Vals, original: Vals): Vals {
  const out: Vals = {};
  for (const fd of cm.fields.values()) {
    if (fd.name in given || fd.name in original) continue;
    const ctxKey = `default_${fd.name}`;
    if (ctxKey in env.context && !fd.compute) {
      const v = env.context[ctxKey];
      if (isX2many(fd.type)) continue;
      out[fd.name] = convertValue(env, cm, fd, v);
      continue;
    }
    if (fd.default === undefined) continue;
    out[fd.name] = typeof fd.default === 'function' ? (fd.default as (e: Env, v: Vals) => unknown)(env, { ...given }) : fd.default;
  }
  return out;
}

export function createRecords(env: Env, model: string, valsList: Vals[]): number[] {
  const cm = getModel(env.core, model);
  checkAccess(env, cm, 'create');
  const store = env.core.store;
  const ids: number[] = [];
  for (const rawVals of valsList) {
    if (typeof rawVals !== 'object' || rawVals === null || Array.isArray(rawVals)) throw valueError(`Invalid values: expected a dict, got ${pyRepr(rawVals)}`);
    // create()-only parameters (e.g. counterpart_account_id) are not fields: hand them to the hooks.
    const createOnly: Vals = {};
    const vals: Vals = { ...rawVals };
    for (const k of cm.def.createOnly ?? []) {
      if (k in vals) {
        createOnly[k] = vals[k];
        delete vals[k];
      }
    }
    const conv = toCanonical(env, cm, vals);
    let plain: Vals = { ...defaultsFor(env, cm, conv.plain, vals), ...conv.plain };
    const x2mNames = new Set(conv.x2m.map(([fd]) => fd.name));
    for (const fd of cm.fields.values()) {
      const ctxKey = `default_${fd.name}`;
      if (isX2many(fd.type) && !x2mNames.has(fd.name) && ctxKey in env.context) conv.x2m.push([fd, env.context[ctxKey]]);
    }
    if (cm.def.hooks?.prepareCreate) plain = cm.def.hooks.prepareCreate(env, plain);
    const id = store.nextId(model);
    const now = env.core.now();
    const row: Vals = { ...plain, id, create_uid: env.uid, create_date: now, write_uid: env.uid, write_date: now };
    // m2m values go in the row before required checks (company_ids style fields can be required).
    for (const [fd, value] of conv.x2m) if (fd.type === 'many2many') row[fd.name] = applyM2m(env, fd, value, []);
    for (const k of Object.keys(row)) if (row[k] === undefined) delete row[k];
    checkRequired(env, cm, row);
    store.put(model, row as Row);
    for (const [fd, value] of conv.x2m) if (fd.type === 'one2many') applyO2m(env, fd, id, value);
    cm.def.hooks?.afterCreate?.(env, id, { ...plain, ...Object.fromEntries(conv.x2m.map(([fd, v]) => [fd.name, v])), ...createOnly });
    ids.push(id);
  }
  cm.def.constrain?.(env, ids);
  return ids;
}

function applyM2m(env: Env, fd: FieldDef, value: unknown, current: number[]): number[] {
  if (Array.isArray(value)) {
    let ids = [...current];
    if (value.every((x) => typeof x === 'number')) return [...(value as number[])];
    for (const cmd of value) {
      if (!Array.isArray(cmd)) continue;
      const [c, id, v] = cmd as [number, number, unknown];
      if (c === 0) ids.push(createRecords(env, fd.relation!, [(v ?? {}) as Vals])[0]!);
      else if (c === 1) writeRecords(env, fd.relation!, [id], (v ?? {}) as Vals);
      else if (c === 2) {
        unlinkRecords(env, fd.relation!, [id]);
        ids = ids.filter((x) => x !== id);
      } else ids = m2mIds([cmd], ids);
    }
    for (const id of ids) if (!env.core.store.get(fd.relation!, id)) throw missingError(fd.relation!, [id], env.uid);
    return [...new Set(ids)];
  }
  return m2mIds(value, current);
}

function applyO2m(env: Env, fd: FieldDef, parentId: number, value: unknown): void {
  const rel = fd.relation!;
  const inverse = fd.relationField!;
  const relModel = getModel(env.core, rel);
  const inverseDef = relModel.fields.get(inverse);
  const dropChild = (id: number) => {
    if (inverseDef?.required || inverseDef?.ondelete === 'cascade') unlinkRecords(env, rel, [id]);
    else writeRecords(env, rel, [id], { [inverse]: false });
  };
  const current = () => env.core.store.children(rel, inverse, parentId);
  let cmds: unknown[] = Array.isArray(value) ? value : [];
  if (cmds.length && cmds.every((x) => typeof x === 'number')) cmds = [[6, 0, cmds]];
  for (const cmd of cmds) {
    if (!Array.isArray(cmd)) throw valueError(`Invalid x2many command ${pyRepr(cmd)} for ${fd.name}`);
    const [c, id, v] = cmd as [number, number, unknown];
    switch (c) {
      case 0:
        createRecords(env, rel, [{ ...((v ?? {}) as Vals), [inverse]: parentId }]);
        break;
      case 1:
        writeRecords(env, rel, [id], (v ?? {}) as Vals);
        break;
      case 2:
        unlinkRecords(env, rel, [id]);
        break;
      case 3:
        dropChild(id);
        break;
      case 4:
        writeRecords(env, rel, [id], { [inverse]: parentId });
        break;
      case 5:
        for (const child of current()) dropChild(child);
        break;
      case 6: {
        const keep = new Set(Array.isArray(v) ? (v as number[]) : []);
        for (const child of current()) if (!keep.has(child)) dropChild(child);
        for (const k of keep) writeRecords(env, rel, [k], { [inverse]: parentId });
        break;
      }
      default:
        throw valueError(`Invalid x2many command ${pyRepr(cmd)} for ${fd.name}`);
    }
  }
}

export function writeRecords(env: Env, model: string, ids: number[], vals: Vals): true {
  const cm = getModel(env.core, model);
  checkAccess(env, cm, 'write');
  const rows = existing(env, cm, ids);
  const conv = toCanonical(env, cm, vals);
  let plain: Vals = { ...conv.plain, ...Object.fromEntries(conv.x2m.map(([fd, v]) => [fd.name, v])) };
  if (cm.def.hooks?.prepareWrite) plain = cm.def.hooks.prepareWrite(env, ids, plain);
  const x2m = conv.x2m.filter(([fd]) => fd.name in plain).map(([fd]) => [fd, plain[fd.name]] as [FieldDef, unknown]);
  const store = env.core.store;
  const st = stamp(env);
  for (const r of rows) {
    const cur = store.get(model, r.id)!;
    const next: Vals = { ...cur, ...st };
    for (const [k, v] of Object.entries(plain)) {
      const fd = cm.fields.get(k);
      if (!fd || isX2many(fd.type)) continue;
      next[k] = v;
    }
    for (const [fd, value] of x2m) if (fd.type === 'many2many') next[fd.name] = applyM2m(env, fd, value, (cur[fd.name] as number[]) ?? []);
    checkRequired(env, cm, next);
    store.put(model, next as Row);
    for (const [fd, value] of x2m) if (fd.type === 'one2many') applyO2m(env, fd, r.id, value);
  }
  cm.def.hooks?.afterWrite?.(env, ids, plain);
  cm.def.constrain?.(env, ids);
  return true;
}

/** Internal write of derived values: stamps write_date only when something actually changed. */
export function setComputed(env: Env, model: string, id: number, vals: Vals): boolean {
  const store = env.core.store;
  const cur = store.get(model, id);
  if (!cur) return false;
  let changed = false;
  for (const k in vals) {
    const old = cur[k];
    const v = vals[k];
    if (old === v) continue;
    if (typeof old === 'number' && typeof v === 'number' && Math.abs(old - v) < 1e-9) continue;
    if ((old === undefined || old === false || old === null) && (v === false || v === null)) continue;
    if (Array.isArray(old) && Array.isArray(v) && old.length === v.length && old.every((x, i) => x === v[i])) continue;
    changed = true;
    break;
  }
  if (!changed) return false;
  // Callers pass fresh literals: stamping into them saves an allocation per recomputed row (loadDataset).
  vals.write_uid = env.uid;
  vals.write_date = env.core.now();
  store.patch(model, id, vals);
  return true;
}

export function unlinkRecords(env: Env, model: string, ids: number[]): true {
  const cm = getModel(env.core, model);
  checkAccess(env, cm, 'unlink');
  const rows = existing(env, cm, [...new Set(ids)]);
  if (!rows.length) return true;
  cm.def.hooks?.beforeUnlink?.(env, ids);
  const store = env.core.store;
  const su = sudo(env);
  const idset = new Set(rows.map((r) => r.id));
  // Cascades and "set null" for every many2one pointing here.
  for (const other of env.core.models.values()) {
    if (store.count(other.name) === 0) continue;
    for (const fd of other.fields.values()) {
      if (fd.type !== 'many2one' || fd.relation !== model || fd.compute) continue;
      const refs: number[] = [];
      if (store.hasIndex(other.name, fd.name)) {
        for (const id of idset) refs.push(...store.children(other.name, fd.name, id));
      } else {
        for (const id of store.ids(other.name)) {
          const v = store.get(other.name, id)?.[fd.name];
          if (typeof v === 'number' && idset.has(v)) refs.push(id);
        }
      }
      const live = refs.filter((r) => store.get(other.name, r) && !(other.name === model && idset.has(r)));
      if (!live.length) continue;
      if (fd.ondelete === 'cascade') unlinkRecords(su, other.name, live);
      else if (fd.ondelete === 'restrict' || fd.required) {
        throw validationError(
          'The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\n' +
            `Model: ${other.def.description} (${other.name}), Constraint: ${other.name.replace(/\./g, '_')}_${fd.name}_fkey`,
        );
      } else for (const r of live) setComputed(su, other.name, r, { [fd.name]: false });
    }
  }
  for (const id of idset) store.delete(model, id);
  return true;
}

/* ------------------------------------------------------------ fields_get */

export function fieldsGet(env: Env, model: string, allfields: unknown, attributes: unknown): Record<string, Vals> {
  const cm = getModel(env.core, model);
  const wantFields = Array.isArray(allfields) && allfields.length ? new Set(allfields as string[]) : null;
  const wantAttrs = Array.isArray(attributes) && attributes.length ? new Set(attributes as string[]) : null;
  const out: Record<string, Vals> = {};
  for (const ext of cm.ext.values()) {
    if (wantFields && !wantFields.has(ext.name)) continue;
    if (!fieldVisible(env, ext.def)) continue;
    const d = ext.def;
    const stored = d.store ?? !(d.compute && d.type !== 'one2many');
    const desc: Vals = {
      type: d.type,
      string: d.string,
      help: d.help ?? false,
      required: d.required ?? false,
      readonly: d.readonly ?? Boolean(d.compute),
      store: d.name === 'display_name' || d.name === '__last_update' ? false : stored,
      searchable: true,
      sortable: stored && d.type !== 'one2many' && d.type !== 'many2many',
      manual: false,
      name: d.name,
      exportable: true,
      change_default: false,
      company_dependent: d.companyDependent ?? false,
      context: {},
      depends: [],
    };
    if (d.relation) {
      desc.relation = d.relation;
      desc.domain = [];
    }
    if (d.relationField) desc.relation_field = d.relationField;
    if (d.selection) desc.selection = d.selection.map(([k, v]) => [k, v]);
    if (d.currencyField) desc.currency_field = d.currencyField;
    if (d.translate) desc.translate = true;
    if (d.groups) desc.groups = d.groupsLabel ?? 'account.group_account_invoice,account.group_account_readonly';
    if (d.related) desc.related = d.related;
    if (d.type === 'float' || d.type === 'monetary') desc[env.core.version >= 18 ? 'aggregator' : 'group_operator'] = 'sum';
    if (wantAttrs) {
      const filtered: Vals = {};
      for (const a of wantAttrs) if (a in desc) filtered[a] = desc[a];
      out[ext.name] = filtered;
    } else out[ext.name] = desc;
  }
  return out;
}

/* ----------------------------------------------------------- name_search */

export function nameSearch(env: Env, model: string, name: unknown, domain: unknown, operator: unknown, limit: unknown): Array<[number, string]> {
  const cm = getModel(env.core, model);
  checkAccess(env, cm, 'read');
  const op = typeof operator === 'string' ? operator : 'ilike';
  const text = typeof name === 'string' ? name : '';
  const lim = typeof limit === 'number' ? limit : 100;
  const ids = search(env, model, domain ?? [], {});
  const out: Array<[number, string]> = [];
  const store = env.core.store;
  const positive = op.startsWith('not ') || op === '!=' ? op.replace('not ', '').replace('!=', '=') : op;
  const negative = positive !== op;
  const re =
    positive === '='
      ? null
      : new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.'), positive.includes('ilike') ? 'i' : '');
  for (const id of ids) {
    const row = store.get(model, id)!;
    const dn = displayName(env, model, row);
    const extra = [row.ref, row.email, row.vat, row.default_code, row.code, row.barcode].filter((x): x is string => typeof x === 'string');
    const hit = text === '' && !negative ? true : [dn, ...extra].some((s) => (re ? re.test(s) : s === text));
    if (hit !== negative) out.push([id, dn]);
    if (out.length >= lim) break;
  }
  return out;
}

export const fieldByName = (cm: CompiledModel, name: string) => cm.ext.get(name);
