import type { OdooVersion, SimAccessGroup } from '../types';
import type { DomainField, DomainSchema } from './domain';
import { keyError } from './errors';
import type { FieldDef, Row } from './fields';
import { f } from './fields';
import type { Store } from './store';

/** Which access rule family a model belongs to (see access.ts). */
export type AccessCategory = 'accounting' | 'sales' | 'purchase' | 'stock' | 'crm' | 'partner' | 'base' | 'mail' | 'config' | 'system';

export type AuthUser = {
  id: number;
  login: string;
  password: string;
  groups: SimAccessGroup[];
  totp: boolean;
};

export type Env = {
  core: EngineCore;
  uid: number;
  user: AuthUser;
  context: Record<string, unknown>;
  /** env.company: first allowed company (or the user's default). */
  companyId: number;
  /** env.companies: allowed_company_ids, or all of the user's companies. */
  companyIds: number[];
  /** Internal operations (recomputes, accounting flows) skip access checks like sudo(). */
  su: boolean;
  names: Map<string, Map<number, string>>;
  schema?: DomainSchema;
};

export type MethodImpl = (env: Env, model: string, ids: number[], p: Record<string, unknown>) => unknown;

export type MethodSpec = {
  /** Python parameter names after self; `[name, default]` for optional ones. */
  params: Array<string | [string, unknown]>;
  /** Record methods take ids first (args[0] over RPC, `ids` over JSON-2). */
  record: boolean;
  varKw?: boolean;
  versions?: readonly OdooVersion[];
  /** Access needed on the model before running. */
  access?: 'read' | 'write' | 'create' | 'unlink' | 'none';
  impl: MethodImpl;
};

export type ModelHooks = {
  /** Canonical vals before insert: defaults that depend on other values, derived fields. */
  prepareCreate?: (env: Env, vals: Record<string, unknown>) => Record<string, unknown>;
  /** After the row (and its x2many children) exists. `vals` are the original canonical vals. */
  afterCreate?: (env: Env, id: number, vals: Record<string, unknown>) => void;
  /** Before applying a write; may throw (posted-move rules) or rewrite vals. */
  prepareWrite?: (env: Env, ids: number[], vals: Record<string, unknown>) => Record<string, unknown>;
  afterWrite?: (env: Env, ids: number[], vals: Record<string, unknown>) => void;
  beforeUnlink?: (env: Env, ids: number[]) => void;
};

export type ModelDef = {
  name: string;
  description: string;
  fields: FieldDef[];
  order?: string;
  recName?: (row: Row, env: Env) => string;
  parentField?: string;
  access: AccessCategory;
  mailThread?: boolean;
  transient?: boolean;
  methods?: Record<string, MethodSpec>;
  hooks?: ModelHooks;
  /** create() parameters that are not fields; passed to afterCreate's vals. */
  createOnly?: string[];
  /** Checked after create/write for the touched ids (Python constraints). */
  constrain?: (env: Env, ids: number[]) => void;
};

/** A field as one version exposes it: a canonical field, or an alias derived from canonical ones. */
export type ExtField = {
  name: string;
  def: FieldDef;
  get(row: Row, env: Env): unknown;
  /** Canonical patch for a written value; absent means the canonical field of the same name. */
  set?: (value: unknown, env: Env) => Record<string, unknown>;
};

export type CompiledModel = {
  name: string;
  def: ModelDef;
  fields: Map<string, FieldDef>;
  ext: Map<string, ExtField>;
  hasCompany: boolean;
  activeField: boolean;
};

export type EngineCore = {
  version: OdooVersion;
  dbName: string;
  store: Store;
  models: Map<string, CompiledModel>;
  users: Map<number, AuthUser>;
  /** Transaction time: one value per call, seconds precision, never going backwards. */
  now(): string;
  today(): string;
};

export const MAGIC_FIELDS: FieldDef[] = [
  f.int('id', 'ID', { readonly: true }),
  f.char('display_name', 'Display Name', { readonly: true, store: false }),
  f.datetime('create_date', 'Created on', { readonly: true }),
  f.m2o('create_uid', 'Created by', 'res.users', { readonly: true }),
  f.datetime('write_date', 'Last Updated on', { readonly: true }),
  f.m2o('write_uid', 'Last Updated by', 'res.users', { readonly: true }),
];

export function getModel(core: EngineCore, name: string): CompiledModel {
  const m = core.models.get(name);
  if (!m) throw keyError(name);
  return m;
}

export function displayName(env: Env, model: string, row: Row): string {
  let cache = env.names.get(model);
  if (!cache) env.names.set(model, (cache = new Map()));
  const hit = cache.get(row.id);
  if (hit !== undefined) return hit;
  const m = env.core.models.get(model);
  let name: string;
  if (m?.def.recName) name = m.def.recName(row, env);
  else if (typeof row.name === 'string' && row.name) name = row.name;
  else name = `${model},${row.id}`;
  cache.set(row.id, name);
  return name;
}

/** The domain evaluator's view of the versioned schema, bound to one environment. */
export function domainSchema(env: Env): DomainSchema {
  if (env.schema) return env.schema;
  const fieldCache = new Map<string, DomainField | undefined>();
  const schema: DomainSchema = {
    version: env.core.version,
    field(model, name) {
      const key = `${model}\u0000${name}`;
      if (fieldCache.has(key)) return fieldCache.get(key);
      const ext = env.core.models.get(model)?.ext.get(name);
      const df: DomainField | undefined = ext && {
        name,
        type: ext.def.type,
        ...(ext.def.relation ? { relation: ext.def.relation } : {}),
        get: (r: Row) => ext.get(r, env),
      };
      fieldCache.set(key, df);
      return df;
    },
    row: (model, id) => env.core.store.get(model, id),
    ids: (model) => env.core.store.ids(model),
    displayName: (model, row) => displayName(env, model, row),
    parentField: (model) => env.core.models.get(model)?.def.parentField,
  };
  env.schema = schema;
  return schema;
}

/** Reads a canonical field of a row, applying compute / one2many lookups. */
export function canonicalGet(env: Env, model: string, fd: FieldDef, row: Row): unknown {
  if (fd.compute) return fd.compute(row, env);
  if (fd.type === 'one2many') {
    const ids = env.core.store.children(fd.relation!, fd.relationField!, row.id);
    if (!fd.o2mFilter) return ids;
    const filter = fd.o2mFilter;
    return ids.filter((id) => {
      const c = env.core.store.get(fd.relation!, id);
      return c ? filter(c) : false;
    });
  }
  if (fd.name === 'id') return row.id;
  return row[fd.name];
}
