import type { SimAccessGroup } from '../types';
import type { Env } from './core';

export type FieldType =
  | 'char'
  | 'text'
  | 'html'
  | 'integer'
  | 'float'
  | 'monetary'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'selection'
  | 'many2one'
  | 'one2many'
  | 'many2many'
  | 'json'
  | 'binary';

/** A stored record: canonical (Odoo 17) field names, stored formats (m2o → id | false, m2m → ids). */
export type Row = Readonly<Record<string, unknown>> & { readonly id: number };

export type Selection = Array<[string, string]>;

export type FieldDef = {
  name: string;
  type: FieldType;
  string: string;
  required?: boolean;
  readonly?: boolean;
  /** What fields_get reports; computed-but-stored fields in Odoo keep `store: true` even though we derive them. */
  store?: boolean;
  relation?: string;
  relationField?: string;
  selection?: Selection;
  /** Groups allowed to see the field; others get it hidden from fields_get and an AccessError on read. */
  groups?: readonly SimAccessGroup[];
  groupsLabel?: string;
  help?: string;
  /** Derives the value on read (stored format). Fields with compute are not written from vals. */
  compute?: (row: Row, env: Env) => unknown;
  /** A computed field that still accepts writes: the raw value reaches the model's write hooks. */
  inverse?: boolean;
  default?: unknown | ((env: Env, vals: Record<string, unknown>) => unknown);
  /** one2many with a domain (e.g. invoice_line_ids ⊂ line_ids). */
  o2mFilter?: (child: Row) => boolean;
  ondelete?: 'cascade' | 'restrict' | 'set null';
  currencyField?: string;
  index?: boolean;
  related?: string;
  companyDependent?: boolean;
  translate?: boolean;
};

type Opts = Omit<FieldDef, 'name' | 'type' | 'string'>;

const mk =
  (type: FieldType) =>
  (name: string, string: string, opts: Opts = {}): FieldDef => ({ name, type, string, ...opts });

export const f = {
  char: mk('char'),
  text: mk('text'),
  html: mk('html'),
  int: mk('integer'),
  float: mk('float'),
  money: (name: string, string: string, opts: Opts = {}) => mk('monetary')(name, string, { currencyField: 'currency_id', ...opts }),
  bool: mk('boolean'),
  date: mk('date'),
  datetime: mk('datetime'),
  json: mk('json'),
  binary: mk('binary'),
  sel: (name: string, string: string, selection: Selection, opts: Opts = {}) => mk('selection')(name, string, { selection, ...opts }),
  m2o: (name: string, string: string, relation: string, opts: Opts = {}) => mk('many2one')(name, string, { relation, ...opts }),
  o2m: (name: string, string: string, relation: string, relationField: string, opts: Opts = {}) =>
    mk('one2many')(name, string, { relation, relationField, ...opts }),
  m2m: (name: string, string: string, relation: string, opts: Opts = {}) => mk('many2many')(name, string, { relation, ...opts }),
};

/** The empty stored value Odoo reads back for a field type. */
export function emptyValue(type: FieldType): unknown {
  switch (type) {
    case 'integer':
    case 'float':
    case 'monetary':
      return 0;
    case 'one2many':
    case 'many2many':
      return [];
    default:
      return false;
  }
}

export const isRelational = (t: FieldType) => t === 'many2one' || t === 'one2many' || t === 'many2many';
export const isX2many = (t: FieldType) => t === 'one2many' || t === 'many2many';
export const isNumeric = (t: FieldType) => t === 'integer' || t === 'float' || t === 'monetary';
