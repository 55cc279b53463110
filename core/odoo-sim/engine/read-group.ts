import { checkAccess } from './access';
import type { CompiledModel, Env, ExtField } from './core';
import { displayName, getModel } from './core';
import { cmp } from './domain';
import { pyRepr, valueError } from './errors';
import type { Row } from './fields';
import { isNumeric } from './fields';
import { search } from './orm';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

type GroupSpec = { spec: string; field: ExtField; gran?: string };
type AggSpec = { key: string; field: ExtField | null; func: string };

function parseGroupby(cm: CompiledModel, groupby: unknown): GroupSpec[] {
  const list = typeof groupby === 'string' ? [groupby] : Array.isArray(groupby) ? groupby : [];
  return list.map((spec) => {
    if (typeof spec !== 'string') throw valueError(`Invalid groupby ${pyRepr(spec)}`);
    const [name, gran] = spec.split(':') as [string, string | undefined];
    const field = cm.ext.get(name);
    if (!field) throw valueError(`Invalid field ${pyRepr(name)} on model ${pyRepr(cm.name)}`);
    const isDate = field.def.type === 'date' || field.def.type === 'datetime';
    if (gran && !isDate) throw valueError(`Invalid groupby ${pyRepr(spec)}`);
    return { spec, field, ...(isDate ? { gran: gran ?? 'month' } : {}) };
  });
}

function dateBucket(v: string, gran: string): { start: string; end: string; label: string } {
  const y = Number(v.slice(0, 4));
  const m = Number(v.slice(5, 7));
  const d = Number(v.slice(8, 10));
  const iso = (dt: Date) => dt.toISOString().slice(0, 10);
  switch (gran) {
    case 'year':
      return { start: `${y}-01-01`, end: `${y + 1}-01-01`, label: String(y) };
    case 'quarter': {
      const q = Math.floor((m - 1) / 3);
      return { start: iso(new Date(Date.UTC(y, q * 3, 1))), end: iso(new Date(Date.UTC(y, q * 3 + 3, 1))), label: `Q${q + 1} ${y}` };
    }
    case 'day': {
      const s = new Date(Date.UTC(y, m - 1, d));
      return { start: iso(s), end: iso(new Date(Date.UTC(y, m - 1, d + 1))), label: `${String(d).padStart(2, '0')} ${MONTHS[m - 1]} ${y}` };
    }
    case 'week': {
      const s = new Date(Date.UTC(y, m - 1, d));
      const dow = (s.getUTCDay() + 6) % 7;
      const start = new Date(Date.UTC(y, m - 1, d - dow));
      const end = new Date(Date.UTC(y, m - 1, d - dow + 7));
      const jan4 = new Date(Date.UTC(start.getUTCFullYear(), 0, 4));
      const week = 1 + Math.round((start.getTime() - jan4.getTime()) / 86400000 / 7 + ((jan4.getUTCDay() + 6) % 7) / 7 - 0.5);
      return { start: iso(start), end: iso(end), label: `W${week} ${start.getUTCFullYear()}` };
    }
    default:
      return { start: iso(new Date(Date.UTC(y, m - 1, 1))), end: iso(new Date(Date.UTC(y, m, 1))), label: `${MONTHS[m - 1]} ${y}` };
  }
}

type Bucket = { keyParts: unknown[]; rows: Row[]; values: unknown[]; domains: unknown[][] };

function groupKey(env: Env, g: GroupSpec, row: Row): { key: string; value: unknown; domain: unknown[]; sortKey: unknown } {
  const v = g.field.get(row, env);
  const name = g.field.name;
  if (v === false || v === undefined || v === null || (Array.isArray(v) && v.length === 0)) {
    return { key: 'false', value: false, domain: [[name, '=', false]], sortKey: false };
  }
  if (g.gran && typeof v === 'string') {
    const b = dateBucket(v, g.gran);
    const isDt = g.field.def.type === 'datetime';
    const s = isDt ? `${b.start} 00:00:00` : b.start;
    const e = isDt ? `${b.end} 00:00:00` : b.end;
    return { key: b.start, value: b, domain: ['&', [name, '>=', s], [name, '<', e]], sortKey: b.start };
  }
  if (g.field.def.type === 'many2one' && typeof v === 'number') {
    const rel = g.field.def.relation!;
    const t = env.core.store.get(rel, v);
    const dn = t ? displayName(env, rel, t) : String(v);
    return { key: String(v), value: [v, dn], domain: [[name, '=', v]], sortKey: dn };
  }
  if (Array.isArray(v)) {
    // x2many groupby: the first related id keeps it simple (Odoo explodes one group per related record).
    const id = v[0] as number;
    const rel = g.field.def.relation!;
    const t = env.core.store.get(rel, id);
    return { key: String(id), value: [id, t ? displayName(env, rel, t) : String(id)], domain: [[name, '=', id]], sortKey: id };
  }
  return { key: JSON.stringify(v), value: v, domain: [[name, '=', v]], sortKey: v };
}

function bucketize(env: Env, model: string, ids: number[], groups: GroupSpec[]): Bucket[] {
  const map = new Map<string, Bucket & { sort: unknown[] }>();
  for (const id of ids) {
    const row = env.core.store.get(model, id)!;
    const parts = groups.map((g) => groupKey(env, g, row));
    const key = parts.map((p) => p.key).join('\u0000');
    let b = map.get(key);
    if (!b) {
      b = { keyParts: parts.map((p) => p.key), rows: [], values: parts.map((p) => p.value), domains: parts.map((p) => p.domain), sort: parts.map((p) => p.sortKey) };
      map.set(key, b);
    }
    b.rows.push(row);
  }
  return [...map.values()].sort((a, b) => {
    for (let i = 0; i < a.sort.length; i++) {
      const x = a.sort[i];
      const y = b.sort[i];
      if (x === false && y !== false) return 1;
      if (y === false && x !== false) return -1;
      const c = cmp(x, y);
      if (c) return c;
    }
    return 0;
  });
}

function aggregate(env: Env, rows: Row[], a: AggSpec): unknown {
  if (a.func === 'count' && !a.field) return rows.length;
  const vals = rows.map((r) => a.field!.get(r, env));
  switch (a.func) {
    case 'sum':
      return round(vals.reduce((s: number, v) => s + (typeof v === 'number' ? v : 0), 0));
    case 'avg':
      return rows.length ? vals.reduce((s: number, v) => s + (typeof v === 'number' ? v : 0), 0) / rows.length : 0;
    case 'min':
    case 'max': {
      const present = vals.filter((v) => v !== false && v !== undefined && v !== null);
      if (!present.length) return false;
      return present.reduce((m, v) => ((a.func === 'min' ? cmp(v, m) < 0 : cmp(v, m) > 0) ? v : m));
    }
    case 'count':
      return vals.filter((v) => v !== false && v !== undefined && v !== null).length;
    case 'count_distinct':
      return new Set(vals.filter((v) => v !== false && v !== undefined).map((v) => JSON.stringify(v))).size;
    case 'bool_and':
      return vals.every((v) => v === true);
    case 'bool_or':
      return vals.some((v) => v === true);
    case 'array_agg':
      return vals;
    default:
      throw valueError(`Invalid aggregate function ${pyRepr(a.func)}`);
  }
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

function parseAggs(cm: CompiledModel, specs: unknown[], legacy: boolean, groupNames: Set<string>): AggSpec[] {
  const out: AggSpec[] = [];
  for (const s of specs) {
    if (typeof s !== 'string') throw valueError(`Invalid aggregate ${pyRepr(s)}`);
    if (s === '__count') {
      out.push({ key: '__count', field: null, func: 'count' });
      continue;
    }
    let m = /^(\w+):(\w+)\((\w+)\)$/.exec(s);
    let key: string;
    let fname: string;
    let func: string | undefined;
    if (m) [, key, func, fname] = m as unknown as [string, string, string, string];
    else {
      m = /^(\w+)(?::(\w+))?$/.exec(s);
      if (!m) throw valueError(`Invalid aggregate ${pyRepr(s)}`);
      fname = m[1]!;
      func = m[2];
      key = legacy ? fname : s;
    }
    if (legacy && groupNames.has(fname)) continue;
    const field = cm.ext.get(fname);
    if (!field) throw valueError(`Invalid field ${pyRepr(fname)} on model ${pyRepr(cm.name)}`);
    if (!func) {
      if (!isNumeric(field.def.type)) continue;
      func = 'sum';
    }
    out.push({ key, field, func });
  }
  return out;
}

export function readGroup(
  env: Env,
  model: string,
  p: { domain: unknown; fields: unknown; groupby: unknown; offset?: unknown; limit?: unknown; orderby?: unknown; lazy?: unknown },
): Array<Record<string, unknown>> {
  const cm = getModel(env.core, model);
  checkAccess(env, cm, 'read');
  const all = parseGroupby(cm, p.groupby);
  const lazy = p.lazy !== false;
  const groups = lazy ? all.slice(0, 1) : all;
  const aggs = parseAggs(cm, Array.isArray(p.fields) ? p.fields : [], true, new Set(groups.map((g) => g.field.name)));
  const ids = search(env, model, p.domain ?? [], {});
  const baseDomain = Array.isArray(p.domain) ? p.domain : [];
  if (!groups.length) {
    const out: Record<string, unknown> = { __count: ids.length };
    const rows = ids.map((id) => env.core.store.get(model, id)!);
    for (const a of aggs) out[a.key] = aggregate(env, rows, a);
    out.__domain = baseDomain;
    return [out];
  }
  let buckets = bucketize(env, model, ids, groups);
  if (typeof p.orderby === 'string' && /\bdesc\b/i.test(p.orderby)) buckets = buckets.reverse();
  const offset = typeof p.offset === 'number' ? p.offset : 0;
  buckets = buckets.slice(offset, typeof p.limit === 'number' ? offset + p.limit : undefined);
  const countKey = lazy ? `${groups[0]!.field.name}_count` : '__count';
  return buckets.map((b) => {
    const out: Record<string, unknown> = {};
    groups.forEach((g, i) => {
      const v = b.values[i];
      out[g.spec] = g.gran && v && typeof v === 'object' && 'label' in v ? (v as { label: string }).label : v;
      if (g.gran && v && typeof v === 'object' && 'start' in v) {
        const r = v as { start: string; end: string };
        out.__range = { ...((out.__range as object) ?? {}), [g.spec]: { from: r.start, to: r.end } };
      }
    });
    out[countKey] = b.rows.length;
    for (const a of aggs) out[a.key] = aggregate(env, b.rows, a);
    out.__domain = buildDomain(b.domains, baseDomain);
    if (lazy && all.length > 1) out.__context = { group_by: all.slice(1).map((g) => g.spec) };
    return out;
  });
}

function buildDomain(parts: unknown[][], base: unknown[]): unknown[] {
  const leaves: unknown[] = [];
  for (const d of parts) leaves.push(...d);
  return [...leaves, ...base];
}

export function formattedReadGroup(
  env: Env,
  model: string,
  p: { domain: unknown; groupby: unknown; aggregates: unknown; having?: unknown; offset?: unknown; limit?: unknown; order?: unknown },
): Array<Record<string, unknown>> {
  const cm = getModel(env.core, model);
  checkAccess(env, cm, 'read');
  const groups = parseGroupby(cm, p.groupby);
  const aggs = parseAggs(cm, Array.isArray(p.aggregates) ? p.aggregates : [], false, new Set());
  const ids = search(env, model, p.domain ?? [], {});
  let buckets = groups.length ? bucketize(env, model, ids, groups) : [{ keyParts: [], rows: ids.map((id) => env.core.store.get(model, id)!), values: [], domains: [] }];
  if (typeof p.order === 'string' && /\bdesc\b/i.test(p.order)) buckets = buckets.reverse();
  const offset = typeof p.offset === 'number' ? p.offset : 0;
  buckets = buckets.slice(offset, typeof p.limit === 'number' ? offset + p.limit : undefined);
  return buckets.map((b) => {
    const out: Record<string, unknown> = {};
    groups.forEach((g, i) => {
      const v = b.values[i];
      const bucket = v as { start?: string; label?: string } | false;
      out[g.spec] = g.gran && bucket && bucket.label !== undefined ? [bucket.start, bucket.label] : v;
    });
    for (const a of aggs) out[a.key] = aggregate(env, b.rows, a);
    out.__extra_domain = buildDomain(b.domains, []);
    return out;
  });
}
