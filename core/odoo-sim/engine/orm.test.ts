import { describe, expect, it } from 'vitest';
import type { OdooVersion, SimCall } from '../types';
import { OdooServerError } from '../types';
import { createEngine } from './index';
import { caller, memoryEngine, setupBooks } from './test-fixtures';

type Rec = Record<string, unknown>;

function err(fn: () => unknown): OdooServerError {
  try {
    fn();
  } catch (e) {
    if (e instanceof OdooServerError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

function setup(version: OdooVersion = 17) {
  const engine = memoryEngine(version);
  return { engine, call: caller(engine) };
}

describe('ORM calls', () => {
  it('create returns an int for a dict and a list for a list; JSON-2 always a list', () => {
    const { engine, call } = setup(19);
    expect(typeof call('res.partner', 'create', [{ name: 'One' }])).toBe('number');
    const many = call('res.partner', 'create', [[{ name: 'A' }, { name: 'B' }]]) as number[];
    expect(many).toHaveLength(2);
    expect(many[1]).toBe(many[0]! + 1);
    const j = engine.execute({ uid: 2, model: 'res.partner', method: 'create', args: [], kwargs: { vals_list: [{ name: 'J' }] }, style: 'json2' });
    expect(Array.isArray(j)).toBe(true);
    const j1 = engine.execute({ uid: 2, model: 'res.partner', method: 'create', args: [], kwargs: { vals_list: { name: 'J1' } }, style: 'json2' });
    expect(Array.isArray(j1)).toBe(true);
    const e = err(() => engine.execute({ uid: 2, model: 'res.partner', method: 'create', args: [], kwargs: { vals_list: [{ name: 'x' }] }, style: 'rpc' }));
    expect(e.odooName).toBe('builtins.IndexError');
  });

  it('read keeps the order of ids, m2o as [id, name] or bare id with _classic_write, MissingError for missing ids', () => {
    const { call } = setup();
    const a = call('res.partner', 'create', [{ name: 'Alpha', country_id: 21 }]) as number;
    const b = call('res.partner', 'create', [{ name: 'Beta' }]) as number;
    const rows = call('res.partner', 'read', [[b, a], ['name', 'country_id', 'email', 'customer_rank', 'child_ids', 'is_company']]) as Rec[];
    expect(rows.map((r) => r.id)).toEqual([b, a]);
    expect(rows[1]).toEqual({ id: a, name: 'Alpha', country_id: [21, 'Belgium'], email: false, customer_rank: 0, child_ids: [], is_company: false });
    expect((call('res.partner', 'read', [[a], ['country_id']], { load: '_classic_write' }) as Rec[])[0]).toEqual({ id: a, country_id: 21 });
    const e = err(() => call('res.partner', 'read', [[a, 99999], ['name']]));
    expect(e.odooName).toBe('odoo.exceptions.MissingError');
    expect(e.message).toBe('Record does not exist or has been deleted.\n(Record: res.partner(99999,), User: 2)');
    const dt = (call('res.partner', 'read', [[a], ['create_date', 'write_date', 'create_uid']]) as Rec[])[0]!;
    expect(dt).toMatchObject({ create_date: '2024-05-01 10:00:00', write_date: '2024-05-01 10:00:00', create_uid: [2, 'Mitchell Admin'] });
  });

  it('search_read always includes id; search_count honours limit; order, offset and limit', () => {
    const { call } = setup();
    for (const n of ['c', 'a', 'b', 'd']) call('res.partner', 'create', [{ name: `zz-${n}`, ref: 'T' }]);
    const rows = call('res.partner', 'search_read', [[['ref', '=', 'T']], ['name']], { order: 'name desc', offset: 1, limit: 2 }) as Rec[];
    expect(rows.map((r) => r.name)).toEqual(['zz-c', 'zz-b']);
    expect(Object.keys(rows[0]!).sort()).toEqual(['id', 'name']);
    expect(call('res.partner', 'search_count', [[['ref', '=', 'T']]], { limit: 3 })).toBe(3);
    expect(call('res.partner', 'search_count', [[['ref', '=', 'T']]])).toBe(4);
    const ids = call('res.partner', 'search', [[['ref', '=', 'T']]], { order: 'id desc', limit: 2 }) as number[];
    expect(ids[0]! > ids[1]!).toBe(true);
    expect(err(() => call('res.partner', 'search', [[]], { order: 'nope asc' })).message).toBe("Invalid field 'nope' on model 'res.partner'");
    const two = call('res.partner', 'search_read', [[['ref', '=', 'T']], ['name']], { order: 'ref, name desc, id' }) as Rec[];
    expect(two.map((r) => r.name)).toEqual(['zz-d', 'zz-c', 'zz-b', 'zz-a']);
  });

  it('write returns true and stamps write_date monotonically; unlink returns true', () => {
    let t = Date.parse('2024-05-01T10:00:00Z');
    const engine = createEngine({ version: 17, now: () => new Date(t) });
    const call = caller(engine);
    const id = call('res.partner', 'create', [{ name: 'W' }]) as number;
    t += 61_000;
    expect(call('res.partner', 'write', [[id], { email: 'w@x.test' }])).toBe(true);
    expect((call('res.partner', 'read', [[id], ['write_date', 'create_date']]) as Rec[])[0]).toMatchObject({ create_date: '2024-05-01 10:00:00', write_date: '2024-05-01 10:01:01' });
    t -= 3_600_000; // the wall clock goes backwards: write_date does not
    call('res.partner', 'write', [[id], { email: 'w2@x.test' }]);
    expect((call('res.partner', 'read', [[id], ['write_date']]) as Rec[])[0]!.write_date).toBe('2024-05-01 10:01:01');
    expect(call('res.partner', 'unlink', [[id]])).toBe(true);
    expect(call('res.partner', 'search', [[['id', '=', id]]])).toEqual([]);
  });

  it('x2many commands 0-6 on create and write', () => {
    const { call } = setup();
    const t1 = call('res.partner.category', 'create', [{ name: 'T1' }]) as number;
    const t2 = call('res.partner.category', 'create', [{ name: 'T2' }]) as number;
    const p = call('res.partner', 'create', [{ name: 'Parent', is_company: true, category_id: [[6, 0, [t1]]], child_ids: [[0, 0, { name: 'Kid 1' }], [0, 0, { name: 'Kid 2' }]] }]) as number;
    const read = () => (call('res.partner', 'read', [[p], ['category_id', 'child_ids']]) as Rec[])[0]!;
    const kids = read().child_ids as number[];
    expect(kids).toHaveLength(2);
    call('res.partner', 'write', [[p], { category_id: [[4, t2, 0]], child_ids: [[1, kids[0], { name: 'Kid One' }], [3, kids[1], 0]] }]);
    expect(read()).toMatchObject({ category_id: [t1, t2], child_ids: [kids[0]] });
    expect((call('res.partner', 'read', [[kids[1]!], ['parent_id']]) as Rec[])[0]!.parent_id).toBe(false);
    call('res.partner', 'write', [[p], { category_id: [[3, t1, 0]], child_ids: [[4, kids[1], 0]] }]);
    expect(read()).toMatchObject({ category_id: [t2], child_ids: kids });
    call('res.partner', 'write', [[p], { category_id: [[5, 0, 0]], child_ids: [[2, kids[0], 0]] }]);
    expect(read()).toMatchObject({ category_id: [], child_ids: [kids[1]] });
    expect(call('res.partner', 'search', [[['id', '=', kids[0]]]], { context: { active_test: false } })).toEqual([]);
    call('res.partner', 'write', [[p], { category_id: [[0, 0, { name: 'T3' }]], child_ids: [[6, 0, []]] }]);
    const r = read();
    expect((r.category_id as number[]).length).toBe(1);
    expect(r.child_ids).toEqual([]);
  });

  it('fields_get: every value has type/string/required/readonly; attributes filter; odoorpc execute style', () => {
    const { engine } = setup();
    const all = engine.execute({ uid: 2, model: 'res.partner', method: 'fields_get', args: [], kwargs: {}, style: 'rpc' }) as Record<string, Rec>;
    for (const [, v] of Object.entries(all)) {
      expect(typeof v.type).toBe('string');
      expect(typeof v.string).toBe('string');
      expect(typeof v.required).toBe('boolean');
      expect(typeof v.readonly).toBe('boolean');
    }
    expect(all.country_id).toMatchObject({ type: 'many2one', relation: 'res.country', string: 'Country' });
    expect(all.child_ids).toMatchObject({ type: 'one2many', relation: 'res.partner', relation_field: 'parent_id' });
    expect(all.type!.selection).toEqual([
      ['contact', 'Contact'],
      ['invoice', 'Invoice'],
      ['delivery', 'Delivery'],
      ['other', 'Other'],
    ]);
    expect(all.credit).toMatchObject({ type: 'monetary', store: false, readonly: true });
    const some = engine.execute({ uid: 2, model: 'res.partner', method: 'fields_get', args: [['name']], kwargs: { attributes: ['type', 'string'] }, style: 'rpc' });
    expect(some).toEqual({ name: { type: 'char', string: 'Name' } });
  });

  it('active_test hides archived records unless the context or the domain says otherwise', () => {
    const { call } = setup();
    const id = call('res.partner', 'create', [{ name: 'Gone', active: false }]) as number;
    expect(call('res.partner', 'search', [[['name', '=', 'Gone']]])).toEqual([]);
    expect(call('res.partner', 'search', [[['name', '=', 'Gone']]], { context: { active_test: false } })).toEqual([id]);
    expect(call('res.partner', 'search', [[['name', '=', 'Gone'], ['active', '=', false]]])).toEqual([id]);
    // read still works on archived ids
    expect((call('res.partner', 'read', [[id], ['active']]) as Rec[])[0]!.active).toBe(false);
  });

  it('allowed_company_ids: unauthorized companies are refused; records of other companies are hidden', () => {
    const { call } = setup();
    const c2p = call('res.partner', 'create', [{ name: 'Second Co', is_company: true }]) as number;
    const c2 = call('res.company', 'create', [{ name: 'Second Co', currency_id: 1, partner_id: c2p }]) as number;
    const e = err(() => call('res.partner', 'search', [[]], { context: { allowed_company_ids: [c2] } }));
    expect(e.odooName).toBe('odoo.exceptions.AccessError');
    expect(e.message).toBe('Access to unauthorized or invalid companies.');
    call('res.users', 'write', [[2], { company_ids: [[4, c2, 0]] }]);
    const p2 = call('res.partner', 'create', [{ name: 'Only in 2', company_id: c2 }], { context: { allowed_company_ids: [c2] } }) as number;
    expect(call('res.partner', 'search', [[['name', '=', 'Only in 2']]], { context: { allowed_company_ids: [1] } })).toEqual([]);
    expect(call('res.partner', 'search', [[['name', '=', 'Only in 2']]], { context: { allowed_company_ids: [1, c2] } })).toEqual([p2]);
    expect(call('res.partner', 'search', [[['name', '=', 'Only in 2']]])).toEqual([p2]);
    expect(err(() => call('res.partner', 'read', [[p2], ['name']], { context: { allowed_company_ids: [1] } })).odooName).toBe('odoo.exceptions.AccessError');
  });

  it('errors: private method, unknown model, unknown method, bad arguments', () => {
    const { engine, call } = setup();
    const priv = err(() => call('res.partner', '_compute_display_name', [[]]));
    expect(priv.odooName).toBe('odoo.exceptions.AccessError');
    expect(priv.message).toBe('Private methods (such as _compute_display_name) cannot be called remotely.');
    expect(err(() => call('no.such.model', 'search', [[]]))).toMatchObject({ odooName: 'odoo.exceptions.UserError', message: "Object no.such.model doesn't exist" });
    expect(err(() => call('res.partner', 'frobnicate', [[]]))).toMatchObject({ odooName: 'builtins.AttributeError', message: "The method 'frobnicate' does not exist on the model 'res.partner'" });
    const j2 = (c: Partial<SimCall>) => err(() => engine.execute({ uid: 2, model: 'res.partner', method: 'search', args: [], kwargs: {}, style: 'json2', ...c }));
    expect(j2({ model: 'no.such.model' }).odooName).toBe('werkzeug.exceptions.NotFound');
    expect(j2({ method: 'frobnicate' }).odooName).toBe('werkzeug.exceptions.NotFound');
    expect(j2({ kwargs: { domain: [], bogus: 1 } }).odooName).toBe('werkzeug.exceptions.UnprocessableEntity');
    expect(j2({ kwargs: { domain: [] }, ids: [1] }).odooName).toBe('werkzeug.exceptions.UnprocessableEntity');
    expect(err(() => call('res.partner', 'search_read', [[]], { bogus: 1 }))).toMatchObject({ odooName: 'builtins.TypeError', message: "search_read() got an unexpected keyword argument 'bogus'" });
    expect(err(() => call('res.partner', 'write', [[3], 'not a dict'])).odooName).toBe('builtins.ValueError');
    expect(err(() => call('res.partner', 'write', [[3], { nope: 1 }]))).toMatchObject({ odooName: 'builtins.ValueError', message: "Invalid field 'nope' on model 'res.partner'" });
    expect(err(() => call('res.partner', 'create', [{ name: 'x', customer_rank: 'many' }])).message).toBe("invalid literal for int() with base 10: 'many'");
    expect(err(() => call('res.partner', 'create', [{ name: 'x', type: 'alien' }])).odooName).toBe('builtins.ValueError');
    expect(err(() => call('res.partner', 'create', [{ email: 'x' }]))).toMatchObject({ odooName: 'odoo.exceptions.ValidationError', message: 'The operation cannot be completed: Contacts require a name' });
    expect(err(() => call('res.partner', 'search', [[], 0, 10, 'id', false, 'extra'])).odooName).toBe('builtins.TypeError');
  });

  it('a failing call leaves nothing behind (transaction rollback)', () => {
    const { call } = setup();
    const probe = call('res.partner', 'create', [{ name: 'probe' }]) as number;
    const before = call('res.partner', 'search_count', [[]], { context: { active_test: false } });
    expect(() => call('res.partner', 'create', [[{ name: 'ok' }, { name: 'bad', nope: 1 }]])).toThrow();
    expect(call('res.partner', 'search_count', [[]], { context: { active_test: false } })).toBe(before);
    // the id sequence was rolled back too
    expect(call('res.partner', 'create', [{ name: 'next' }])).toBe(probe + 1);
    // a failure after writes in the same call (unbalanced entry after a partner write) undoes the writes
    const b = setupBooks(call);
    expect(() =>
      call('account.move', 'create', [{ journal_id: b.misc, partner_id: probe, line_ids: [[0, 0, { account_id: b.income, debit: 1 }]] }]),
    ).toThrow(/not balanced/);
    expect(call('account.move', 'search_count', [[]])).toBe(0);
    expect(call('account.move.line', 'search_count', [[]])).toBe(0);
  });

  it('name_search uses args (≤17) or domain (18+); name_get exists only up to 17', () => {
    for (const version of [17, 18] as const) {
      const { call } = setup(version);
      const a = call('res.partner', 'create', [{ name: 'Agrolait', is_company: true }]) as number;
      call('res.partner', 'create', [{ name: 'Agro Parts', is_company: false }]);
      const key = version >= 18 ? 'domain' : 'args';
      expect(call('res.partner', 'name_search', ['agro'], { [key]: [['is_company', '=', true]] })).toEqual([[a, 'Agrolait']]);
      const wrong = version >= 18 ? 'args' : 'domain';
      expect(err(() => call('res.partner', 'name_search', ['agro'], { [wrong]: [] })).odooName).toBe('builtins.TypeError');
      if (version === 17) expect(call('res.partner', 'name_get', [[a]])).toEqual([[a, 'Agrolait']]);
      else expect(err(() => call('res.partner', 'name_get', [[a]])).odooName).toBe('builtins.AttributeError');
    }
  });

  it('read_group (lazy and not) up to 19, formatted_read_group in 19 only', () => {
    for (const version of [17, 19] as const) {
      const { call } = setup(version);
      call('res.partner', 'create', [[{ name: 'a', country_id: 21, customer_rank: 2 }, { name: 'b', country_id: 21, customer_rank: 3 }, { name: 'c', customer_rank: 1 }]]);
      const lazy = call('res.partner', 'read_group', [[['name', 'in', ['a', 'b', 'c']]], ['customer_rank:sum'], ['country_id', 'is_company']]) as Rec[];
      expect(lazy[0]).toMatchObject({ country_id: [21, 'Belgium'], country_id_count: 2, customer_rank: 5, __domain: [['country_id', '=', 21], ['name', 'in', ['a', 'b', 'c']]], __context: { group_by: ['is_company'] } });
      expect(lazy[1]).toMatchObject({ country_id: false, country_id_count: 1, customer_rank: 1 });
      const flat = call('res.partner', 'read_group', [[['name', 'in', ['a', 'b']]], ['customer_rank'], ['country_id', 'create_date:month']], { lazy: false }) as Rec[];
      expect(flat).toEqual([
        expect.objectContaining({ country_id: [21, 'Belgium'], 'create_date:month': 'May 2024', __count: 2, customer_rank: 5 }),
      ]);
      if (version === 19) {
        const f = call('res.partner', 'formatted_read_group', [], { domain: [['name', 'in', ['a', 'b', 'c']]], groupby: ['country_id'], aggregates: ['__count', 'customer_rank:sum'] }) as Rec[];
        expect(f[0]).toEqual({ country_id: [21, 'Belgium'], __count: 2, 'customer_rank:sum': 5, __extra_domain: [['country_id', '=', 21]] });
      } else expect(err(() => call('res.partner', 'formatted_read_group', [], { groupby: ['country_id'] })).odooName).toBe('builtins.AttributeError');
    }
  });

  it('context_get, check_object_reference and ir.model search (odoorpc)', () => {
    const { engine, call } = setup(19);
    expect(engine.execute({ uid: 2, model: 'res.users', method: 'context_get', args: [], kwargs: {}, style: 'json2' })).toEqual({ lang: 'en_US', tz: 'Europe/Brussels', uid: 2 });
    expect(call('ir.model.data', 'check_object_reference', ['base', 'main_company', true])).toEqual(['res.company', 1]);
    expect(err(() => call('ir.model.data', 'check_object_reference', ['base', 'nope'])).message).toBe('External ID not found in the system: base.nope');
    expect((call('ir.model', 'search', [[['model', '=', 'account.move']]]) as number[]).length).toBe(1);
    expect(call('ir.model', 'search', [[['model', '=', 'no.model']]])).toEqual([]);
  });

  it('group-restricted fields: hidden from fields_get and refused on read for users without the group', () => {
    const { call } = setup();
    const fg = call('res.partner', 'fields_get', [], { attributes: ['type'] }, 6) as Rec;
    expect(fg.credit).toBeUndefined();
    expect((call('res.partner', 'fields_get', [], { attributes: ['type'] }, 3) as Rec).credit).toBeDefined();
    const e = err(() => call('res.partner', 'read', [[3], ['credit']], {}, 6));
    expect(e.odooName).toBe('odoo.exceptions.AccessError');
    expect(e.message).toMatch(/security restrictions/);
  });

  it('partner merge wizard reassigns references and deletes merged contacts', () => {
    const { call } = setup();
    const b = setupBooks(call);
    const dup = call('res.partner', 'create', [{ name: 'Agrolait SA', email: 'dup@agrolait.example' }]) as number;
    const move = call('account.move', 'create', [{ move_type: 'out_invoice', partner_id: dup, invoice_line_ids: [[0, 0, { name: 'x', price_unit: 5 }]] }]) as number;
    const wiz = call('base.partner.merge.automatic.wizard', 'create', [{ partner_ids: [[6, 0, [b.customer, dup]]], dst_partner_id: b.customer }]) as number;
    expect(call('base.partner.merge.automatic.wizard', 'action_merge', [[wiz]])).toBe(true);
    expect((call('account.move', 'read', [[move], ['partner_id']]) as Rec[])[0]!.partner_id).toEqual([b.customer, 'Agrolait']);
    expect(call('res.partner', 'search', [[['id', '=', dup]]], { context: { active_test: false } })).toEqual([]);
    expect((call('res.partner', 'read', [[b.customer], ['email']]) as Rec[])[0]!.email).toBe('dup@agrolait.example');
  });
});

describe('personalities', () => {
  const fields = (version: OdooVersion, model: string) => Object.keys(caller(memoryEngine(version))(model, 'fields_get', [], { attributes: ['type'] }) as Rec);

  it('res.partner.mobile and crm.lead.mobile disappear in 19', () => {
    for (const v of [16, 17, 18] as const) expect(fields(v, 'res.partner')).toContain('mobile');
    expect(fields(19, 'res.partner')).not.toContain('mobile');
    expect(fields(19, 'crm.lead')).not.toContain('mobile');
    const call = caller(memoryEngine(19));
    expect(err(() => call('res.partner', 'read', [[3], ['mobile']])).message).toBe("Invalid field 'mobile' on model 'res.partner'");
    expect(err(() => call('res.partner', 'write', [[3], { mobile: '1' }])).message).toBe("Invalid field 'mobile' on model 'res.partner'");
  });

  it('account.account company_id (≤17) vs company_ids (18+), deprecated (≤18) vs active (19)', () => {
    expect(fields(17, 'account.account')).toEqual(expect.arrayContaining(['company_id', 'deprecated']));
    expect(fields(17, 'account.account')).not.toContain('company_ids');
    expect(fields(18, 'account.account')).toEqual(expect.arrayContaining(['company_ids', 'deprecated']));
    expect(fields(18, 'account.account')).not.toContain('company_id');
    expect(fields(19, 'account.account')).toContain('active');
    expect(fields(19, 'account.account')).not.toContain('deprecated');
    const call = caller(memoryEngine(19));
    const acc = call('account.account', 'create', [{ code: '1', name: 'Old', account_type: 'income', company_ids: [[6, 0, [1]]], active: false }]) as number;
    expect(call('account.account', 'search', [[['code', '=', '1']]])).toEqual([]);
    expect((call('account.account', 'search_read', [[['code', '=', '1']], ['active', 'company_ids']], { context: { active_test: false } }) as Rec[])[0]).toEqual({ id: acc, active: false, company_ids: [1] });
    expect(call('account.account', 'search', [[['company_ids', 'in', [1]], ['active', '=', false]]])).toEqual([acc]);
  });

  it('account.move to_check (≤17) vs checked (18+, inverted)', () => {
    expect(fields(17, 'account.move')).toContain('to_check');
    expect(fields(18, 'account.move')).toContain('checked');
    expect(fields(18, 'account.move')).not.toContain('to_check');
    const call = caller(memoryEngine(18));
    const b = setupBooks(call, 18);
    const m = call('account.move', 'create', [{ journal_id: b.misc, checked: false, line_ids: [] }]) as number;
    expect(call('account.move', 'search', [[['checked', '=', false], ['id', '=', m]]])).toEqual([m]);
    expect(call('account.move', 'search', [[['checked', '=', true], ['id', '=', m]]])).toEqual([]);
  });

  it('account.payment ref/memo, is_internal_transfer, sale.order done/locked, product types, reconcile model trigger, __last_update', () => {
    expect(fields(17, 'account.payment')).toEqual(expect.arrayContaining(['ref', 'is_internal_transfer', 'destination_journal_id']));
    expect(fields(18, 'account.payment')).toContain('memo');
    expect(fields(18, 'account.payment')).not.toEqual(expect.arrayContaining(['ref']));
    expect(fields(18, 'account.payment')).not.toContain('is_internal_transfer');
    expect(fields(16, 'sale.order')).not.toContain('locked');
    expect(fields(17, 'sale.order')).toContain('locked');
    expect(fields(17, 'product.product')).toContain('detailed_type');
    expect(fields(18, 'product.product')).toEqual(expect.arrayContaining(['is_storable', 'type']));
    expect(fields(18, 'product.product')).not.toContain('detailed_type');
    expect(fields(18, 'account.reconcile.model')).toContain('rule_type');
    expect(fields(19, 'account.reconcile.model')).toContain('trigger');
    expect(fields(19, 'account.reconcile.model')).not.toContain('rule_type');
    expect(fields(16, 'res.partner')).toContain('__last_update');
    expect(fields(17, 'res.partner')).not.toContain('__last_update');

    const c16 = caller(memoryEngine(16));
    const cust = c16('res.partner', 'create', [{ name: 'C' }]) as number;
    const so = c16('sale.order', 'create', [{ partner_id: cust }]) as number;
    c16('sale.order', 'action_confirm', [[so]]);
    c16('sale.order', 'action_done', [[so]]);
    expect((c16('sale.order', 'read', [[so], ['state']]) as Rec[])[0]!.state).toBe('done');
    expect(c16('sale.order', 'search', [[['state', '=', 'done']]])).toEqual([so]);
    const c17 = caller(memoryEngine(17));
    const cust17 = c17('res.partner', 'create', [{ name: 'C' }]) as number;
    const so17 = c17('sale.order', 'create', [{ partner_id: cust17 }]) as number;
    c17('sale.order', 'action_confirm', [[so17]]);
    c17('sale.order', 'action_lock', [[so17]]);
    expect((c17('sale.order', 'read', [[so17], ['state', 'locked']]) as Rec[])[0]).toMatchObject({ state: 'sale', locked: true });
    expect(err(() => c17('sale.order', 'write', [[so17], { state: 'done' }])).odooName).toBe('builtins.ValueError');

    const c18 = caller(memoryEngine(18));
    const p = c18('product.product', 'create', [{ name: 'Desk', type: 'consu', is_storable: true }]) as number;
    expect((c18('product.product', 'read', [[p], ['type', 'is_storable']]) as Rec[])[0]).toMatchObject({ type: 'consu', is_storable: true });
    expect(c18('product.product', 'search', [[['is_storable', '=', true]]])).toEqual([p]);
    const c17p = caller(memoryEngine(17));
    const p17 = c17p('product.product', 'create', [{ name: 'Desk', detailed_type: 'product' }]) as number;
    expect((c17p('product.product', 'read', [[p17], ['type', 'detailed_type']]) as Rec[])[0]).toMatchObject({ type: 'product', detailed_type: 'product' });

    const c19 = caller(memoryEngine(19));
    const rm = c19('account.reconcile.model', 'create', [{ name: 'Auto', trigger: 'auto_reconcile' }]) as number;
    expect((c19('account.reconcile.model', 'read', [[rm], ['trigger']]) as Rec[])[0]!.trigger).toBe('auto_reconcile');
  });
});

describe('every model answers the basic calls in every version', () => {
  it.each([16, 17, 18, 19] as const)('Odoo %i', async (version) => {
    const { ALL_MODELS } = await import('./index');
    const engine = memoryEngine(version);
    const call = caller(engine);
    setupBooks(call, version);
    for (const m of ALL_MODELS) {
      const fg = call(m.name, 'fields_get', [], { attributes: ['type', 'string'] }) as Record<string, Rec>;
      expect(fg.id).toBeDefined();
      const rows = call(m.name, 'search_read', [[], []], { limit: 3 }) as Rec[];
      for (const r of rows) expect(typeof r.id).toBe('number');
      call(m.name, 'search_count', [[]]);
      call(m.name, 'name_search', [''], { limit: 2 });
    }
  });
});
