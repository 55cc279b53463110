import { OdooServerError, type SimCall } from '../types';
import { checkAccess, type Operation } from './access';
import type { CompiledModel, Env, MethodSpec } from './core';
import { displayName } from './core';
import { accessError, attributeError, pyRepr, typeError, unprocessable, userError, notFound, valueError } from './errors';
import { isX2many } from './fields';
import {
  createRecords,
  existing,
  fieldsGet,
  nameSearch,
  normalizeIds,
  read,
  search,
  searchCount,
  searchRead,
  sudo,
  unlinkRecords,
  writeRecords,
  type Vals,
} from './orm';
import { METHOD_VERSIONS } from './personality';
import { formattedReadGroup, readGroup } from './read-group';

const m = (params: MethodSpec['params'], record: boolean, impl: MethodSpec['impl'], extra: Partial<MethodSpec> = {}): MethodSpec => ({ params, record, impl, ...extra });

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
}

function messagePost(env: Env, model: string, ids: number[], p: Record<string, unknown>): unknown {
  const cm = env.core.models.get(model)!;
  if (ids.length !== 1) throw valueError(`Expected singleton: ${model}(${ids.join(', ')}${ids.length === 1 ? ',' : ''})`);
  const [rec] = existing(env, cm, ids);
  const s = env.core.store;
  const rawBody = typeof p.body === 'string' ? p.body : '';
  const body = p.body_is_html === true ? rawBody : escapeHtml(rawBody).replace(/\n/g, '<br>');
  const xmlid = typeof p.subtype_xmlid === 'string' ? p.subtype_xmlid : p.message_type === 'comment' ? 'mail.mt_comment' : undefined;
  let subtype: number | false = false;
  if (xmlid) {
    const [module, name] = xmlid.split('.');
    for (const id of s.ids('ir.model.data')) {
      const d = s.get('ir.model.data', id)!;
      if (d.module === module && d.name === name) subtype = d.res_id as number;
    }
    if (subtype === false) throw valueError(`External ID not found in the system: ${xmlid}`);
  }
  const author = typeof p.author_id === 'number' ? p.author_id : (s.get('res.users', env.uid)?.partner_id as number);
  const attachments = Array.isArray(p.attachment_ids) ? (p.attachment_ids as number[]) : [];
  const su = sudo(env);
  for (const a of attachments) writeRecords(su, 'ir.attachment', [a], { res_model: model, res_id: rec!.id });
  const [msgId] = createRecords(su, 'mail.message', [
    {
      model,
      res_id: rec!.id,
      body,
      subject: typeof p.subject === 'string' ? p.subject : false,
      message_type: typeof p.message_type === 'string' ? p.message_type : 'notification',
      subtype_id: subtype,
      author_id: author ?? false,
      record_name: displayName(env, model, rec!),
      attachment_ids: [[6, 0, attachments]],
      partner_ids: [[6, 0, Array.isArray(p.partner_ids) ? p.partner_ids : []]],
    },
  ]);
  return env.core.version >= 19 ? [msgId] : msgId;
}

function copyRecord(env: Env, model: string, ids: number[], p: Record<string, unknown>): number {
  const cm = env.core.models.get(model)!;
  if (ids.length !== 1) throw valueError(`Expected singleton: ${model}(${ids.join(', ')})`);
  const [row] = existing(env, cm, ids);
  const vals: Vals = {};
  for (const ext of cm.ext.values()) {
    const fd = cm.fields.get(ext.name);
    if (!fd || fd.compute || fd.type === 'one2many' || ['id', 'display_name', 'create_date', 'create_uid', 'write_date', 'write_uid'].includes(fd.name)) continue;
    const v = row![fd.name];
    if (v === undefined) continue;
    vals[fd.name] = isX2many(fd.type) ? [[6, 0, v]] : v;
  }
  if (typeof vals.name === 'string' && !['account.move'].includes(model)) vals.name = `${vals.name} (copy)`;
  return createRecords(env, model, [{ ...vals, ...((p.default as Vals) ?? {}) }])[0]!;
}

export const GENERIC_METHODS: Record<string, MethodSpec> = {
  search: m(['domain', ['offset', 0], ['limit', null], ['order', null], ['count', false]], false, (env, model, _ids, p) => {
    if (p.count) return searchCount(env, model, p.domain, p.limit as number);
    return search(env, model, p.domain, { offset: p.offset as number, limit: p.limit as number, order: p.order as string });
  }),
  search_read: m([['domain', null], ['fields', null], ['offset', 0], ['limit', null], ['order', null]], false, (env, model, _ids, p) =>
    searchRead(env, model, p.domain ?? [], p.fields, { offset: p.offset as number, limit: p.limit as number, order: p.order as string }, env.context.load ?? '_classic_read'),
  ),
  search_count: m(['domain', ['limit', null]], false, (env, model, _ids, p) => searchCount(env, model, p.domain, p.limit as number)),
  read: m([['fields', null], ['load', '_classic_read']], true, (env, model, ids, p) => read(env, model, ids, p.fields, p.load)),
  fields_get: m([['allfields', null], ['attributes', null]], false, (env, model, _ids, p) => fieldsGet(env, model, p.allfields, p.attributes)),
  create: m(['vals_list'], false, (env, model, _ids, p) => {
    const v = p.vals_list;
    if (Array.isArray(v)) return createRecords(env, model, v as Vals[]);
    if (v && typeof v === 'object') return createRecords(env, model, [v as Vals])[0];
    throw valueError(`Invalid values for create: ${pyRepr(v)}`);
  }),
  write: m(['vals'], true, (env, model, ids, p) => {
    if (!p.vals || typeof p.vals !== 'object' || Array.isArray(p.vals)) throw valueError(`Invalid values for write: ${pyRepr(p.vals)}`);
    return writeRecords(env, model, ids, p.vals as Vals);
  }),
  unlink: m([], true, (env, model, ids) => unlinkRecords(env, model, ids)),
  name_get: m([], true, (env, model, ids) => {
    const cm = env.core.models.get(model)!;
    return existing(env, cm, ids).map((r) => [r.id, displayName(env, model, r)]);
  }),
  read_group: m(['domain', 'fields', 'groupby', ['offset', 0], ['limit', null], ['orderby', false], ['lazy', true]], false, (env, model, _ids, p) =>
    readGroup(env, model, p as Parameters<typeof readGroup>[2]),
  ),
  formatted_read_group: m([['domain', []], ['groupby', []], ['aggregates', []], ['having', []], ['offset', 0], ['limit', null], ['order', null]], false, (env, model, _ids, p) =>
    formattedReadGroup(env, model, p as Parameters<typeof formattedReadGroup>[2]),
  ),
  default_get: m(['fields_list'], false, (env, model, _ids, p) => {
    const cm = env.core.models.get(model)!;
    const out: Vals = {};
    for (const name of Array.isArray(p.fields_list) ? (p.fields_list as string[]) : []) {
      const fd = cm.fields.get(name);
      if (!cm.ext.has(name)) continue;
      const ctx = env.context[`default_${name}`];
      if (ctx !== undefined) out[name] = ctx;
      else if (fd?.default !== undefined) out[name] = typeof fd.default === 'function' ? (fd.default as (e: Env, v: Vals) => unknown)(env, {}) : fd.default;
    }
    return out;
  }),
  check_access_rights: m(['operation', ['raise_exception', true]], false, (env, model, _ids, p) => {
    const cm = env.core.models.get(model)!;
    try {
      checkAccess(env, cm, String(p.operation) as Operation);
      return true;
    } catch (e) {
      if (p.raise_exception !== false) throw e;
      return false;
    }
  }),
  exists: m([], true, (env, model, ids) => ids.filter((id) => env.core.store.get(model, id))),
  copy: m([['default', null]], true, copyRecord),
  message_post: m([], true, messagePost, { varKw: true }),
  action_archive: m([], true, (env, model, ids) => writeRecords(env, model, ids, { active: false })),
  action_unarchive: m([], true, (env, model, ids) => writeRecords(env, model, ids, { active: true })),
};

export function resolveMethod(env: Env, cm: CompiledModel, name: string, style: SimCall['style']): MethodSpec {
  if (name.startsWith('_')) throw accessError(`Private methods (such as ${name}) cannot be called remotely.`);
  const own = cm.def.methods?.[name];
  let spec = own ?? GENERIC_METHODS[name];
  const versions = own?.versions ?? METHOD_VERSIONS[name];
  if (spec && versions && !versions.includes(env.core.version)) spec = undefined;
  if (spec && name === 'message_post' && !cm.def.mailThread) spec = undefined;
  if (spec && (name === 'action_archive' || name === 'action_unarchive') && !cm.ext.has('active')) spec = undefined;
  if (!spec) {
    if (style === 'json2') throw notFound(`The method '${name}' does not exist on the model '${cm.name}'`);
    throw attributeError(`The method '${name}' does not exist on the model '${cm.name}'`);
  }
  if (name === 'name_search') return spec;
  return spec;
}

const NAME_SEARCH = (version: number): MethodSpec =>
  m([['name', ''], [version >= 18 ? 'domain' : 'args', null], ['operator', 'ilike'], ['limit', 100]], false, (env, model, _ids, p) =>
    nameSearch(env, model, p.name, version >= 18 ? p.domain : p.args, p.operator, p.limit),
  );

export function bindCall(env: Env, cm: CompiledModel, call: SimCall): { spec: MethodSpec; ids: number[]; params: Record<string, unknown> } {
  const spec = call.method === 'name_search' ? NAME_SEARCH(env.core.version) : resolveMethod(env, cm, call.method, call.style);
  if (call.method.startsWith('_')) throw accessError(`Private methods (such as ${call.method}) cannot be called remotely.`);
  const json2 = call.style === 'json2';
  const fail = (msg: string) => (json2 ? unprocessable(msg) : typeError(msg));
  const names = spec.params.map((p) => (Array.isArray(p) ? p[0] : p));
  const params: Record<string, unknown> = {};
  let ids: number[] = [];
  const given = new Set<string>();
  if (json2) {
    if (spec.record) ids = normalizeIds(call.ids ?? []);
    else if (Array.isArray(call.ids) && call.ids.length) throw unprocessable(`${cm.name}.${call.method}() is a model method: it takes no ids`);
  } else {
    const args = [...call.args];
    if (spec.record) {
      if (!args.length) throw fail(`${call.method}() missing 1 required positional argument: 'self'`);
      ids = normalizeIds(args.shift());
    } else if (call.method === 'create' && !args.length) {
      throw new OdooServerError('builtins.IndexError', 'tuple index out of range');
    }
    if (args.length > names.length && !spec.varKw) {
      throw fail(`${call.method}() takes ${names.length + 1} positional arguments but ${args.length + 1} were given`);
    }
    args.forEach((a, i) => {
      const n = names[i];
      if (n !== undefined) {
        params[n] = a;
        given.add(n);
      }
    });
  }
  for (const [k, v] of Object.entries(call.kwargs ?? {})) {
    if (k === 'context') continue;
    if (!json2 && k === 'ids') continue;
    if (names.includes(k)) {
      if (given.has(k)) throw fail(`${call.method}() got multiple values for argument '${k}'`);
      params[k] = v;
      given.add(k);
    } else if (spec.varKw) params[k] = v;
    else throw fail(`${call.method}() got an unexpected keyword argument '${k}'`);
  }
  for (const p of spec.params) {
    if (Array.isArray(p)) {
      if (!given.has(p[0])) params[p[0]] = p[1];
    } else if (!given.has(p)) {
      throw fail(`${call.method}() missing 1 required positional argument: '${p}'`);
    }
  }
  return { spec, ids, params };
}

export function dispatch(env: Env, call: SimCall): unknown {
  const cm = env.core.models.get(call.model);
  if (!cm) {
    if (call.style === 'json2') throw notFound(`Object ${call.model} doesn't exist`);
    throw userError(`Object ${call.model} doesn't exist`);
  }
  const { spec, ids, params } = bindCall(env, cm, call);
  if (spec.access && spec.access !== 'none') checkAccess(env, cm, spec.access === 'create' ? 'create' : spec.access);
  let result = spec.impl(env, call.model, ids, params);
  if (call.method === 'create' && call.style === 'json2' && typeof result === 'number') result = [result];
  return result === undefined ? null : result;
}
