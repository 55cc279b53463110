import { beforeAll, describe, expect, it } from 'vitest';
import type { OdooVersion, SimEngine } from '../types';
import { OdooServerError } from '../types';
import { parseDomain } from './domain';
import { caller, memoryEngine } from './test-fixtures';

/**
 * Table-driven domain tests against a small partner tree:
 *   A Agrolait (company, BE, VIP) ── B Michel Fletcher ── F Jane Doe
 *   C Bank Wealthy (company, US, VIP+Prospect)   D Camptocamp (company, FR, archived)
 *   E Deco Addict (company, no country, Prospect, ref 100_%x)   G lowercase co (company, BE)
 */
type Names = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G';
const NAME: Record<Names, string> = { A: 'Agrolait', B: 'Michel Fletcher', C: 'Bank Wealthy', D: 'Camptocamp', E: 'Deco Addict', F: 'Jane Doe', G: 'lowercase co' };

const engines = new Map<OdooVersion, { engine: SimEngine; ids: Record<Names, number>; tags: { vip: number; prospect: number } }>();

function build(version: OdooVersion) {
  const engine = memoryEngine(version);
  const call = caller(engine);
  const vip = call('res.partner.category', 'create', [{ name: 'VIP' }]) as number;
  const prospect = call('res.partner.category', 'create', [{ name: 'Prospect' }]) as number;
  const c = (vals: Record<string, unknown>) => call('res.partner', 'create', [vals]) as number;
  const A = c({ name: NAME.A, is_company: true, country_id: 21, email: 'info@agrolait.example', customer_rank: 5, ref: 'AGR', category_id: [[6, 0, [vip]]] });
  const B = c({ name: NAME.B, parent_id: A, phone: '+32 1' });
  const C = c({ name: NAME.C, is_company: true, country_id: 233, email: 'info@bw.example', supplier_rank: 2, category_id: [[4, vip], [4, prospect]] });
  const D = c({ name: NAME.D, is_company: true, country_id: 75, active: false });
  const E = c({ name: NAME.E, is_company: true, ref: '100_%x', category_id: [[6, 0, [prospect]]] });
  const F = c({ name: NAME.F, parent_id: B });
  const G = c({ name: NAME.G, is_company: true, country_id: 21 });
  engines.set(version, { engine, ids: { A, B, C, D, E, F, G }, tags: { vip, prospect } });
}

type Ctx = { ids: Record<Names, number>; tags: { vip: number; prospect: number } };
type Case = {
  name: string;
  domain: (c: Ctx) => unknown;
  expect: Names[] | RegExp;
  version?: OdooVersion;
  context?: Record<string, unknown>;
};

const ALL_ACTIVE: Names[] = ['A', 'B', 'C', 'E', 'F', 'G'];
const but = (...xs: Names[]) => ALL_ACTIVE.filter((n) => !xs.includes(n));

const CASES: Case[] = [
  { name: 'empty domain', domain: () => [], expect: ALL_ACTIVE },
  { name: '= char', domain: () => [['name', '=', 'Agrolait']], expect: ['A'] },
  { name: '!= char (includes unset)', domain: () => [['name', '!=', 'Agrolait']], expect: but('A') },
  { name: '= False is "not set"', domain: () => [['email', '=', false]], expect: ['B', 'E', 'F', 'G'] },
  { name: '!= False is "set"', domain: () => [['email', '!=', false]], expect: ['A', 'C'] },
  { name: 'boolean = False matches false/unset', domain: () => [['is_company', '=', false]], expect: ['B', 'F'] },
  { name: 'boolean != True', domain: () => [['is_company', '!=', true]], expect: ['B', 'F'] },
  { name: 'boolean = True', domain: () => [['is_company', '=', true]], expect: ['A', 'C', 'E', 'G'] },
  { name: 'integer >', domain: () => [['customer_rank', '>', 0]], expect: ['A'] },
  { name: 'integer >=', domain: () => [['customer_rank', '>=', 0]], expect: ALL_ACTIVE },
  { name: 'integer <', domain: () => [['supplier_rank', '<', 1]], expect: but('C') },
  { name: 'integer <=', domain: () => [['supplier_rank', '<=', 2]], expect: ALL_ACTIVE },
  { name: 'like is case sensitive', domain: () => [['name', 'like', 'Agro']], expect: ['A'] },
  { name: 'like lower-case misses', domain: () => [['name', 'like', 'agro']], expect: [] },
  { name: 'ilike', domain: () => [['name', 'ilike', 'agro']], expect: ['A'] },
  { name: 'not ilike', domain: () => [['name', 'not ilike', 'agro']], expect: but('A') },
  { name: '=like anchored pattern', domain: () => [['name', '=like', 'A%']], expect: ['A'] },
  { name: '=ilike anchored pattern', domain: () => [['name', '=ilike', 'a%']], expect: ['A'] },
  { name: '=like suffix', domain: () => [['name', '=like', '%co']], expect: ['G'] },
  { name: 'ilike % matches all set', domain: () => [['name', 'ilike', '%']], expect: ALL_ACTIVE },
  { name: 'like keeps _ and % as wildcards', domain: () => [['ref', 'like', '100_%']], expect: ['E'] },
  { name: 'in list', domain: () => [['name', 'in', ['Agrolait', 'Bank Wealthy']]], expect: ['A', 'C'] },
  { name: 'not in list', domain: () => [['name', 'not in', ['Agrolait']]], expect: but('A') },
  { name: 'm2o in with False', domain: () => [['country_id', 'in', [21, false]]], expect: ['A', 'B', 'E', 'F', 'G'] },
  { name: 'm2o = False', domain: () => [['country_id', '=', false]], expect: ['B', 'E', 'F'] },
  { name: 'm2o != False', domain: () => [['country_id', '!=', false]], expect: ['A', 'C', 'G'] },
  { name: 'm2o = id', domain: () => [['country_id', '=', 21]], expect: ['A', 'G'] },
  { name: 'm2o != id includes unset', domain: () => [['country_id', '!=', 21]], expect: ['B', 'C', 'E', 'F'] },
  { name: 'm2o not in', domain: () => [['country_id', 'not in', [21]]], expect: ['B', 'C', 'E', 'F'] },
  { name: 'm2o ilike searches display_name', domain: () => [['country_id', 'ilike', 'belg']], expect: ['A', 'G'] },
  { name: 'm2o not ilike includes unset', domain: () => [['country_id', 'not ilike', 'belg']], expect: ['B', 'C', 'E', 'F'] },
  { name: 'm2o = name (archived hidden)', domain: () => [['country_id', '=', 'France']], expect: [] },
  { name: 'active_test false shows archived', domain: () => [['country_id', '=', 'France']], context: { active_test: false }, expect: ['D'] },
  { name: 'dotted path through m2o', domain: () => [['country_id.code', '=', 'BE']], expect: ['A', 'G'] },
  { name: 'dotted path with in', domain: () => [['country_id.code', 'in', ['BE', 'US']]], expect: ['A', 'C', 'G'] },
  { name: 'dotted parent name', domain: () => [['parent_id.name', '=', 'Agrolait']], expect: ['B'] },
  { name: 'two-level dotted path', domain: () => [['parent_id.parent_id.name', '=', 'Agrolait']], expect: ['F'] },
  { name: 'three-level dotted path', domain: () => [['parent_id.country_id.code', '=', 'BE']], expect: ['B'] },
  { name: 'o2m != False', domain: () => [['child_ids', '!=', false]], expect: ['A', 'B'] },
  { name: 'o2m = False', domain: () => [['child_ids', '=', false]], expect: ['C', 'E', 'F', 'G'] },
  { name: 'o2m dotted path', domain: () => [['child_ids.name', '=', 'Michel Fletcher']], expect: ['A'] },
  { name: 'o2m dotted negative is "none matches"', domain: () => [['child_ids.name', '!=', 'Michel Fletcher']], expect: but('A') },
  { name: 'm2m in', domain: (c) => [['category_id', 'in', [c.tags.vip]]], expect: ['A', 'C'] },
  { name: 'm2m not in', domain: (c) => [['category_id', 'not in', [c.tags.vip]]], expect: ['B', 'E', 'F', 'G'] },
  { name: 'm2m = False', domain: () => [['category_id', '=', false]], expect: ['B', 'F', 'G'] },
  { name: 'm2m dotted', domain: () => [['category_id.name', '=', 'Prospect']], expect: ['C', 'E'] },
  { name: 'm2m ilike on names', domain: () => [['category_id', 'ilike', 'vip']], expect: ['A', 'C'] },
  { name: 'child_of on id', domain: (c) => [['id', 'child_of', c.ids.A]], expect: ['A', 'B', 'F'] },
  { name: 'child_of on m2o', domain: (c) => [['parent_id', 'child_of', c.ids.A]], expect: ['B', 'F'] },
  { name: 'parent_of', domain: (c) => [['id', 'parent_of', c.ids.F]], expect: ['A', 'B', 'F'] },
  { name: 'child_of list without children', domain: (c) => [['id', 'child_of', [c.ids.C, c.ids.E]]], expect: ['C', 'E'] },
  { name: 'child_of by name', domain: () => [['id', 'child_of', 'Agrolait']], expect: ['A', 'B', 'F'] },
  { name: '| of two leaves', domain: () => ['|', ['name', '=', 'Agrolait'], ['name', '=', 'Bank Wealthy']], expect: ['A', 'C'] },
  { name: '! negation', domain: () => ['!', ['name', '=', 'Agrolait']], expect: but('A') },
  { name: 'explicit &', domain: () => ['&', ['is_company', '=', true], ['country_id', '=', 21]], expect: ['A', 'G'] },
  { name: 'nested | &', domain: () => ['|', '&', ['is_company', '=', true], ['country_id', '=', 21], ['name', '=', 'Jane Doe']], expect: ['A', 'F', 'G'] },
  { name: '! over |', domain: () => ['!', '|', ['name', '=', 'Agrolait'], ['name', '=', 'Jane Doe']], expect: ['B', 'C', 'E', 'G'] },
  { name: 'implicit and with |', domain: () => [['is_company', '=', true], '|', ['country_id', '=', 75], ['country_id', '=', 233]], expect: ['C'] },
  { name: 'double negation', domain: () => ['!', '!', ['name', '=', 'Agrolait']], expect: ['A'] },
  { name: 'domain mentioning active disables active_test', domain: () => [['active', '=', false]], expect: ['D'] },
  { name: 'active in [True, False]', domain: () => [['active', 'in', [true, false]]], expect: [...ALL_ACTIVE, 'D'] },
  { name: '=? with False is always true', domain: () => [['name', '=?', false]], expect: ALL_ACTIVE },
  { name: '=? with a value is =', domain: () => [['name', '=?', 'Agrolait']], expect: ['A'] },
  { name: 'any on m2o (17+)', domain: () => [['parent_id', 'any', [['name', 'ilike', 'agro']]]], expect: ['B'] },
  { name: 'not any on o2m', domain: () => [['child_ids', 'not any', [['name', 'ilike', 'jane']]]], expect: but('B') },
  { name: 'any on m2m', domain: () => [['category_id', 'any', [['name', '=', 'VIP']]]], expect: ['A', 'C'] },
  { name: 'any in 16 is refused', version: 16, domain: () => [['parent_id', 'any', [['name', '=', 'x']]]], expect: /Invalid operator 'any'/ },
  { name: 'TRUE leaf', domain: () => [[1, '=', 1]], expect: ALL_ACTIVE },
  { name: 'FALSE leaf', domain: () => [[0, '=', 1]], expect: [] },
  { name: 'missing operand', domain: () => ['&', ['name', '=', 'x']], expect: /syntactically not correct/ },
  { name: 'short leaf', domain: () => [['name', '=']], expect: /Invalid leaf/ },
  { name: 'unknown operator', domain: () => [['name', 'bogus', 'x']], expect: /Invalid operator 'bogus'/ },
  { name: 'unknown field (17 wording)', domain: () => [['nope', '=', 1]], expect: /Invalid field res\.partner\.nope in leaf \('nope', '=', 1\)/ },
  { name: 'unknown field (18 wording)', version: 18, domain: () => [['nope', '=', 1]], expect: /Invalid field res\.partner\.nope in condition/ },
  { name: 'path on a non-relational field', domain: () => [['name.foo', '=', 1]], expect: /Invalid field res\.partner\.name\.foo/ },
  { name: 'domain that is not a list', domain: () => 'name = x', expect: /Invalid domain/ },
  { name: 'stray token', domain: () => ['name'], expect: /syntactically not correct/ },
  { name: 'field hidden in 19 (mobile)', version: 19, domain: () => [['mobile', '=', 'x']], expect: /Invalid field res\.partner\.mobile/ },
  { name: 'datetime compared with a date', domain: () => [['create_date', '>=', '2024-01-01']], expect: ALL_ACTIVE },
  { name: 'datetime after today', domain: () => [['create_date', '>', '2024-05-01 10:00:00']], expect: [] },
  { name: 'id in []', domain: () => [['id', 'in', []]], expect: [] },
  { name: 'id not in []', domain: () => [['id', 'not in', []]], expect: ALL_ACTIVE },
  { name: 'display_name ilike (children carry the parent name)', domain: () => [['display_name', 'ilike', 'fletcher']], expect: ['B', 'F'] },
  { name: 'commercial_partner_id', domain: (c) => [['commercial_partner_id', '=', c.ids.A]], expect: ['A', 'B', 'F'] },
  { name: 'keyset id >', domain: (c) => [['id', '>', c.ids.E]], expect: ['F', 'G'] },
  { name: 'keyset id > and <=', domain: (c) => [['id', '>', c.ids.A], ['id', '<=', c.ids.C]], expect: ['B', 'C'] },
];

describe('domain evaluation (res.partner)', () => {
  beforeAll(() => {
    for (const v of [16, 17, 18, 19] as const) build(v);
  });
  it('has at least 60 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(60));
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const { engine, ids, tags } = engines.get(c.version ?? 17)!;
    const ours = new Map(Object.entries(ids).map(([k, v]) => [v, k as Names]));
    const run = () =>
      engine.execute({ uid: 2, model: 'res.partner', method: 'search', args: [c.domain({ ids, tags })], kwargs: { context: c.context ?? {} }, style: 'rpc' }) as number[];
    if (c.expect instanceof RegExp) {
      let err: unknown;
      try {
        run();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(OdooServerError);
      expect((err as OdooServerError).odooName).toBe('builtins.ValueError');
      expect((err as OdooServerError).message).toMatch(c.expect);
      return;
    }
    const got = run()
      .map((id) => ours.get(id))
      .filter((x): x is Names => x !== undefined)
      .sort();
    expect(got).toEqual([...c.expect].sort());
  });
});

describe('parseDomain', () => {
  it('inserts implicit &', () => {
    expect(parseDomain([['a', '=', 1], ['b', '=', 2], ['c', '=', 3]], 17)).toMatchObject({ op: '&', children: [{ op: 'leaf' }, { op: 'leaf' }, { op: 'leaf' }] });
  });
  it('normalises operators to lower case and <> to !=', () => {
    expect(parseDomain([['a', 'ILIKE', 'x']], 17)).toEqual({ op: 'leaf', leaf: ['a', 'ilike', 'x'] });
    expect(parseDomain([['a', '<>', 'x']], 17)).toEqual({ op: 'leaf', leaf: ['a', '!=', 'x'] });
  });
  it('treats False/None as the empty domain', () => {
    expect(parseDomain(false, 17)).toEqual({ op: 'true' });
    expect(parseDomain(null, 17)).toEqual({ op: 'true' });
  });
});
