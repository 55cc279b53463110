import type { OdooVersion } from '../types';
import { pyRepr, valueError } from './errors';
import type { FieldType, Row } from './fields';

/**
 * Odoo domains: parsing (normalize_domain semantics), and compilation into a row predicate.
 * The evaluator only sees a small schema interface so it can be tested on its own and so the
 * personality layer (renamed/derived fields per version) plugs in through `get`.
 */

export type DomainField = {
  name: string;
  type: FieldType;
  relation?: string;
  /** Stored-format value: m2o → id | false, x2many → ids, others as stored. */
  get(row: Row): unknown;
};

export type DomainSchema = {
  version: OdooVersion;
  field(model: string, name: string): DomainField | undefined;
  row(model: string, id: number): Row | undefined;
  ids(model: string): readonly number[];
  displayName(model: string, row: Row): string;
  /** `_parent_name` of the model, for child_of / parent_of. */
  parentField(model: string): string | undefined;
};

export type Leaf = [string | number, string, unknown];
export type DomainNode =
  | { op: '&' | '|'; children: DomainNode[] }
  | { op: '!'; child: DomainNode }
  | { op: 'leaf'; leaf: Leaf }
  | { op: 'true' }
  | { op: 'false' };

export const OPERATORS = new Set([
  '=',
  '!=',
  '<>',
  '>',
  '>=',
  '<',
  '<=',
  '=?',
  'like',
  'not like',
  'ilike',
  'not ilike',
  '=like',
  '=ilike',
  'in',
  'not in',
  'child_of',
  'parent_of',
  'any',
  'not any',
]);

const NEGATIVE: Record<string, string> = { '!=': '=', '<>': '=', 'not like': 'like', 'not ilike': 'ilike', 'not in': 'in', 'not any': 'any' };

function leafRepr(leaf: readonly unknown[]): string {
  return `(${leaf.map(pyRepr).join(', ')})`;
}

function checkLeaf(token: unknown[], version: OdooVersion): Leaf {
  if (token.length !== 3) throw valueError(`Invalid leaf ${pyRepr(token)}`);
  const [path, rawOp, value] = token as [unknown, unknown, unknown];
  if ((path === 1 || path === 0) && rawOp === '=' && value === 1) return [path, '=', 1];
  if (typeof path !== 'string' || path === '') throw valueError(`Invalid leaf ${leafRepr(token)}`);
  if (typeof rawOp !== 'string') throw valueError(`Invalid leaf ${leafRepr(token)}`);
  const op = rawOp.toLowerCase();
  if (!OPERATORS.has(op) || ((op === 'any' || op === 'not any') && version < 17)) {
    throw valueError(`Invalid operator ${pyRepr(rawOp)} in domain term ${leafRepr(token)}`);
  }
  if ((op === 'any' || op === 'not any') && !Array.isArray(value)) {
    throw valueError(`Invalid value for operator ${pyRepr(op)} in domain term ${leafRepr(token)}: expected a domain`);
  }
  return [path, op === '<>' ? '!=' : op, value];
}

/** normalize_domain + prefix parse. Throws ValueError on anything Odoo would refuse. */
export function parseDomain(domain: unknown, version: OdooVersion): DomainNode {
  if (domain === undefined || domain === null || domain === false) return { op: 'true' };
  if (!Array.isArray(domain)) throw valueError(`Invalid domain: expected a list, got ${pyRepr(domain)}`);
  const tokens: Array<'&' | '|' | '!' | Leaf> = [];
  let expected = 1;
  for (const token of domain as unknown[]) {
    if (expected === 0) {
      tokens.unshift('&');
      expected = 1;
    }
    if (Array.isArray(token)) {
      expected -= 1;
      tokens.push(checkLeaf(token, version));
    } else if (token === '&' || token === '|') {
      expected += 1;
      tokens.push(token);
    } else if (token === '!') {
      tokens.push(token);
    } else {
      throw valueError(`Domain ${pyRepr(domain)} is syntactically not correct: invalid token ${pyRepr(token)}`);
    }
  }
  if (domain.length === 0) return { op: 'true' };
  if (expected !== 0) throw valueError(`Domain ${pyRepr(domain)} is syntactically not correct.`);
  let pos = 0;
  const build = (): DomainNode => {
    const t = tokens[pos++];
    if (t === undefined) throw valueError(`Domain ${pyRepr(domain)} is syntactically not correct.`);
    if (t === '!') return { op: '!', child: build() };
    if (t === '&' || t === '|') {
      const a = build();
      const b = build();
      // Flatten chains of the same operator: long implicit-and domains become one node.
      const children: DomainNode[] = [];
      for (const c of [a, b]) {
        if (c.op === t) children.push(...c.children);
        else children.push(c);
      }
      return { op: t, children };
    }
    const [p, , v] = t;
    if (p === 1) return { op: 'true' };
    if (p === 0 && v === 1) return { op: 'false' };
    return { op: 'leaf', leaf: t };
  };
  const node = build();
  return node;
}

export function andNodes(a: DomainNode, b: DomainNode): DomainNode {
  if (a.op === 'true') return b;
  if (b.op === 'true') return a;
  const children = [...(a.op === '&' ? a.children : [a]), ...(b.op === '&' ? b.children : [b])];
  return { op: '&', children };
}

/** First path segment of every leaf (at any depth outside any/not any): used for active_test. */
export function mentionsField(node: DomainNode, name: string): boolean {
  switch (node.op) {
    case '&':
    case '|':
      return node.children.some((c) => mentionsField(c, name));
    case '!':
      return mentionsField(node.child, name);
    case 'leaf':
      return typeof node.leaf[0] === 'string' && node.leaf[0].split('.')[0] === name;
    default:
      return false;
  }
}

/** Leaves that must all hold (top-level conjunction): the search uses them to narrow candidates. */
export function requiredLeaves(node: DomainNode): Leaf[] {
  if (node.op === 'leaf') return [node.leaf];
  if (node.op === '&') return node.children.flatMap((c) => (c.op === 'leaf' ? [c.leaf] : []));
  return [];
}

const isUnset = (v: unknown) => v === false || v === null || v === undefined;

function likeRegex(pattern: string, insensitive: boolean, wrap: boolean): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(wrap ? body : `^${body}$`, insensitive ? 'is' : 's');
}

type Pred = (row: Row) => boolean;

export function compileDomain(schema: DomainSchema, model: string, node: DomainNode): Pred {
  return new Compiler(schema).node(model, node);
}

class Compiler {
  private descendantsCache = new Map<string, Map<number, number[]>>();
  constructor(private schema: DomainSchema) {}

  node(model: string, n: DomainNode): Pred {
    switch (n.op) {
      case 'true':
        return () => true;
      case 'false':
        return () => false;
      case '!': {
        const p = this.node(model, n.child);
        return (r) => !p(r);
      }
      case '&': {
        const ps = n.children.map((c) => this.node(model, c));
        return (r) => {
          for (const p of ps) if (!p(r)) return false;
          return true;
        };
      }
      case '|': {
        const ps = n.children.map((c) => this.node(model, c));
        return (r) => {
          for (const p of ps) if (p(r)) return true;
          return false;
        };
      }
      case 'leaf':
        return this.leaf(model, n.leaf, n.leaf);
    }
  }

  private invalidField(model: string, name: string, orig: Leaf): never {
    const word = this.schema.version >= 18 ? 'condition' : 'leaf';
    throw valueError(`Invalid field ${model}.${name} in ${word} ${leafRepr(orig)}`);
  }

  private leaf(model: string, leaf: Leaf, orig: Leaf): Pred {
    const [path, op, value] = leaf;
    const segs = String(path).split('.');
    const head = segs[0]!;
    const field = this.schema.field(model, head);
    if (!field) this.invalidField(model, head, orig);
    if (segs.length > 1) {
      if (!field.relation) this.invalidField(model, segs.slice(0, 2).join('.'), orig);
      const rest = segs.slice(1).join('.');
      const rel = field.relation;
      if (field.type === 'many2one') {
        const sub = this.leaf(rel, [rest, op, value], orig);
        return (r) => {
          const id = field.get(r);
          if (typeof id !== 'number') return false;
          const t = this.schema.row(rel, id);
          return t ? sub(t) : false;
        };
      }
      const neg = NEGATIVE[op];
      const sub = this.leaf(rel, [rest, neg ?? op, value], orig);
      const anyMatch = (r: Row) => {
        for (const id of (field.get(r) as number[]) ?? []) {
          const t = this.schema.row(rel, id);
          if (t && sub(t)) return true;
        }
        return false;
      };
      return neg ? (r) => !anyMatch(r) : anyMatch;
    }
    if (op === 'any' || op === 'not any') {
      if (!field.relation) throw valueError(`Cannot use ${pyRepr(op)} on non-relational field ${model}.${head}`);
      const rel = field.relation;
      const sub = this.node(rel, parseDomain(value, this.schema.version));
      const m = (r: Row) => {
        const v = field.get(r);
        const ids = typeof v === 'number' ? [v] : Array.isArray(v) ? (v as number[]) : [];
        for (const id of ids) {
          const t = this.schema.row(rel, id);
          if (t && sub(t)) return true;
        }
        return false;
      };
      return op === 'any' ? m : (r) => !m(r);
    }
    if (op === '=?') {
      if (isUnset(value)) return () => true;
      return this.leaf(model, [path, '=', value], orig);
    }
    if (op === 'child_of' || op === 'parent_of') return this.hierarchy(model, field, op, value);
    if (field.type === 'many2one') return this.m2o(field, op, value);
    if (field.type === 'one2many' || field.type === 'many2many') return this.x2many(field, op, value);
    return this.scalar(field, op, value);
  }

  private nameMatcher(model: string, op: string, value: unknown): (id: number) => boolean {
    const cache = new Map<number, boolean>();
    let test: (s: string) => boolean;
    const positive = NEGATIVE[op] ?? op;
    if (positive === 'in') {
      const set = new Set((Array.isArray(value) ? value : [value]).map(String));
      test = (s) => set.has(s);
    } else if (positive === '=') test = (s) => s === String(value);
    else {
      const re = likeRegex(String(value), positive.includes('ilike'), !positive.startsWith('='));
      test = (s) => re.test(s);
    }
    return (id) => {
      let hit = cache.get(id);
      if (hit === undefined) {
        const row = this.schema.row(model, id);
        hit = row ? test(this.schema.displayName(model, row)) : false;
        cache.set(id, hit);
      }
      return hit;
    };
  }

  private m2o(field: DomainField, op: string, value: unknown): Pred {
    const rel = field.relation!;
    const get = (r: Row) => {
      const v = field.get(r);
      return typeof v === 'number' ? v : false;
    };
    const stringy = typeof value === 'string' || (Array.isArray(value) && value.some((x) => typeof x === 'string'));
    if (op.includes('like') || stringy) {
      const match = this.nameMatcher(rel, op, value);
      if (NEGATIVE[op]) return (r) => {
        const id = get(r);
        return id === false || !match(id);
      };
      return (r) => {
        const id = get(r);
        return id !== false && match(id);
      };
    }
    if (op === 'in' || op === 'not in') {
      const list = Array.isArray(value) ? value : [value];
      const withFalse = list.some(isUnset);
      const set = new Set(list.filter((x): x is number => typeof x === 'number'));
      const m = (r: Row) => {
        const id = get(r);
        return id === false ? withFalse : set.has(id);
      };
      return op === 'in' ? m : (r) => !m(r);
    }
    if (op === '=' || op === '!=') {
      const target = isUnset(value) ? false : Array.isArray(value) ? value[0] : value;
      if (target === false) return op === '=' ? (r) => get(r) === false : (r) => get(r) !== false;
      return op === '=' ? (r) => get(r) === target : (r) => get(r) !== target;
    }
    return this.compare(get, op, value);
  }

  private x2many(field: DomainField, op: string, value: unknown): Pred {
    const rel = field.relation!;
    const get = (r: Row) => (field.get(r) as number[] | undefined) ?? [];
    const stringy = typeof value === 'string' || (Array.isArray(value) && value.some((x) => typeof x === 'string'));
    if (op.includes('like') || stringy) {
      const match = this.nameMatcher(rel, op, value);
      const anyM = (r: Row) => get(r).some(match);
      return NEGATIVE[op] ? (r) => !anyM(r) : anyM;
    }
    if (isUnset(value) || (Array.isArray(value) && value.length === 0 && (op === '=' || op === '!='))) {
      if (op === '=' || op === 'in') return (r) => get(r).length === 0;
      return (r) => get(r).length > 0;
    }
    const list = Array.isArray(value) ? value : [value];
    const withFalse = list.some(isUnset);
    const set = new Set(list.filter((x): x is number => typeof x === 'number'));
    const m = (r: Row) => {
      const ids = get(r);
      if (ids.length === 0) return withFalse;
      return ids.some((id) => set.has(id));
    };
    if (op === '=' || op === 'in') return m;
    if (op === '!=' || op === 'not in') return (r) => !m(r);
    const one = this.compare((x) => x.id, op, value);
    return (r) => get(r).some((id) => one({ id }));
  }

  private scalar(field: DomainField, op: string, value: unknown): Pred {
    const t = field.type;
    const numeric = t === 'integer' || t === 'float' || t === 'monetary';
    const getRaw = field.get.bind(field);
    const get = numeric ? (r: Row) => (isUnset(getRaw(r)) ? 0 : getRaw(r)) : getRaw;
    const norm = (v: unknown) => normalizeValue(t, v);
    if (t === 'boolean') {
      const b = (r: Row) => get(r) === true;
      if (op === '=' || op === '!=') {
        const want = value === true || value === 1 || value === 'True';
        const eq = (r: Row) => b(r) === want;
        return op === '=' ? eq : (r) => !eq(r);
      }
      if (op === 'in' || op === 'not in') {
        const list = (Array.isArray(value) ? value : [value]).map((x) => x === true || x === 1);
        const m = (r: Row) => list.includes(b(r));
        return op === 'in' ? m : (r) => !m(r);
      }
    }
    if (op === '=' || op === '!=') {
      if (isUnset(value)) return op === '=' ? (r) => isUnset(get(r)) : (r) => !isUnset(get(r));
      const want = norm(value);
      const eq = (r: Row) => {
        const v = get(r);
        return !isUnset(v) && looseEq(v, want);
      };
      // Odoo adds "OR field IS NULL" to != with a value.
      return op === '=' ? eq : (r) => !eq(r);
    }
    if (op === 'in' || op === 'not in') {
      const list = Array.isArray(value) ? value : [value];
      const withFalse = list.some(isUnset);
      const vals = list.filter((x) => !isUnset(x)).map(norm);
      const set = new Set(vals.map((x) => (typeof x === 'number' ? x : String(x))));
      const m = (r: Row) => {
        const v = get(r);
        if (isUnset(v)) return withFalse;
        return set.has(typeof v === 'number' ? v : String(v));
      };
      return op === 'in' ? m : (r) => !m(r);
    }
    if (op.includes('like')) {
      if (isUnset(value)) {
        // Odoo turns a like on False into an "is set" test.
        return NEGATIVE[op] ? (r) => isUnset(get(r)) : (r) => !isUnset(get(r));
      }
      const positive = NEGATIVE[op] ?? op;
      const re = likeRegex(String(value), positive.includes('ilike'), !positive.startsWith('='));
      const m = (r: Row) => {
        const v = get(r);
        if (isUnset(v)) return false;
        return re.test(typeof v === 'object' ? JSON.stringify(v) : String(v));
      };
      return NEGATIVE[op] ? (r) => !m(r) : m;
    }
    return this.compare(get, op, norm(value));
  }

  private compare(get: (r: Row) => unknown, op: string, value: unknown): Pred {
    if (!['<', '>', '<=', '>='].includes(op)) throw valueError(`Invalid operator ${pyRepr(op)}`);
    if (isUnset(value)) return () => false;
    return (r) => {
      const v = get(r);
      if (isUnset(v)) return false;
      const c = cmp(v, value);
      switch (op) {
        case '<':
          return c < 0;
        case '>':
          return c > 0;
        case '<=':
          return c <= 0;
        default:
          return c >= 0;
      }
    };
  }

  private hierarchy(model: string, field: DomainField, op: string, value: unknown): Pred {
    const target = field.name === 'id' ? model : field.relation;
    if (!target) throw valueError(`Operator ${pyRepr(op)} needs a relational field, got ${model}.${field.name}`);
    let roots: number[];
    if (typeof value === 'string' || (Array.isArray(value) && value.some((x) => typeof x === 'string'))) {
      const match = this.nameMatcher(target, 'ilike', Array.isArray(value) ? value[0] : value);
      roots = this.schema.ids(target).filter(match);
    } else roots = (Array.isArray(value) ? value : [value]).filter((x): x is number => typeof x === 'number');
    const parent = this.schema.parentField(target);
    let set: Set<number>;
    if (!parent) set = new Set(roots);
    else if (op === 'child_of') {
      const children = this.childrenMap(target, parent);
      set = new Set();
      const stack = [...roots];
      while (stack.length) {
        const id = stack.pop()!;
        if (set.has(id)) continue;
        set.add(id);
        for (const c of children.get(id) ?? []) stack.push(c);
      }
    } else {
      set = new Set();
      for (const root of roots) {
        let cur: number | undefined = root;
        while (cur !== undefined && !set.has(cur)) {
          set.add(cur);
          const row = this.schema.row(target, cur);
          const p: unknown = row?.[parent];
          cur = typeof p === 'number' ? p : undefined;
        }
      }
    }
    return (r) => {
      const v = field.get(r);
      if (typeof v === 'number') return set.has(v);
      if (Array.isArray(v)) return v.some((id) => set.has(id as number));
      return false;
    };
  }

  private childrenMap(model: string, parent: string): Map<number, number[]> {
    let m = this.descendantsCache.get(model);
    if (m) return m;
    m = new Map();
    for (const id of this.schema.ids(model)) {
      const p = this.schema.row(model, id)?.[parent];
      if (typeof p === 'number') {
        const list = m.get(p) ?? [];
        list.push(id);
        m.set(p, list);
      }
    }
    this.descendantsCache.set(model, m);
    return m;
  }
}

function normalizeValue(t: FieldType, v: unknown): unknown {
  if (t === 'datetime' && typeof v === 'string' && v.length === 10) return `${v} 00:00:00`;
  if (t === 'datetime' && typeof v === 'string') return v.replace('T', ' ').slice(0, 19);
  if (t === 'date' && typeof v === 'string' && v.length > 10) return v.slice(0, 10);
  if ((t === 'integer' || t === 'float' || t === 'monetary') && typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return v;
}

function looseEq(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

export function cmp(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
