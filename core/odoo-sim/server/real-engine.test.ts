import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../engine';
import type { OdooVersion, SimEngine } from '../types';
import type { SimServer } from './server';
import { startSimServer } from './server';
import { errorOf, executeKw, post, rpc, sessionLogin } from './testing/http-client';

/** The wire layer over the real engine (no demo data): what the fake engine tests cannot prove. */

describe.each([16, 17, 18, 19] as OdooVersion[])('Odoo %i over the wire', (version) => {
  let engine: SimEngine;
  let sim: SimServer;
  beforeAll(async () => {
    engine = createEngine({ version, dbName: 'demo', adminPassword: 'admin' });
    sim = await startSimServer({ engine });
  });
  afterAll(async () => {
    await sim.close();
    engine.close();
  });

  it('version, login, session info with company names, call_kw', async () => {
    const v = await rpc(sim.url, '/jsonrpc', { service: 'common', method: 'version', args: [] });
    expect(v.body.result).toMatchObject({ server_version_info: [version, 0, 0, 'final', 0, ''], protocol_version: 1 });
    expect((await rpc(sim.url, '/jsonrpc', { service: 'common', method: 'login', args: ['demo', 'admin', 'admin'] })).body.result).toBe(2);
    const auth = await rpc(sim.url, '/web/session/authenticate', { db: 'demo', login: 'admin', password: 'admin' });
    const info = auth.body.result as Record<string, unknown>;
    expect(info).toMatchObject({ uid: 2, db: 'demo', username: 'admin', is_admin: true, server_version: `${version}.0` });
    const companies = (info.user_companies as { current_company: number; allowed_companies: Record<string, { name: string }> });
    expect(companies.allowed_companies[String(companies.current_company)]?.name).toEqual(expect.any(String));
    const cookie = (auth.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const r = await rpc(sim.url, '/web/dataset/call_kw/res.partner/search_read', { model: 'res.partner', method: 'search_read', args: [[['id', '=', 3]], ['name']], kwargs: {} }, { cookie });
    expect(r.body.result).toEqual([{ id: 3, name: expect.any(String) as unknown }]);
  });

  it('errors: code per version, ValidationError text, rollback of a half-done multi-create', async () => {
    const e = errorOf((await executeKw(sim.url, 'res.partner', 'create', [[{ name: 'Half A' }, { email: 'no-name@x' }]])).body);
    expect(e.code).toBe(version >= 19 ? 0 : 200);
    expect(e.data.name).toBe('odoo.exceptions.ValidationError');
    const n = await executeKw(sim.url, 'res.partner', 'search_count', [[['name', '=', 'Half A']]]);
    expect(n.body.result).toBe(0);
    expect(errorOf((await executeKw(sim.url, 'res.partner', 'write', [[987654], { name: 'x' }])).body).data.name).toBe('odoo.exceptions.MissingError');
  });

  it('a concurrent edit between read and write (hook on the real engine)', async () => {
    const id = (await executeKw(sim.url, 'res.partner', 'create', [{ name: `Race ${version}` }])).body.result as number;
    sim.faults.onceBeforeNextCall(
      (eng) => {
        eng.execute({ uid: 2, model: 'res.partner', method: 'write', args: [[id], { email: 'other-user@example.com' }], kwargs: {}, style: 'rpc' });
      },
      { writesOnly: true, models: ['res.partner'] },
    );
    await executeKw(sim.url, 'res.partner', 'write', [[id], { name: `Race ${version} (ours)` }]);
    const row = (await executeKw(sim.url, 'res.partner', 'read', [[id], ['name', 'email']])).body.result;
    expect(row).toEqual([{ id, name: `Race ${version} (ours)`, email: 'other-user@example.com' }]);
  });

  it('drop after commit: the record exists though the client saw no answer', async () => {
    sim.faults.set({ dropAfterCommit: { rate: 1, times: 1, scope: { methods: ['create'] } } });
    await expect(executeKw(sim.url, 'res.partner', 'create', [{ name: `Dropped ${version}` }])).rejects.toThrow();
    sim.faults.clear();
    expect((await executeKw(sim.url, 'res.partner', 'search_count', [[['name', '=', `Dropped ${version}`]]])).body.result).toBe(1);
  });

  it('session expiry fault, then a fresh login works', async () => {
    const c = await sessionLogin(sim.url);
    sim.faults.expireNextSessionCalls(1);
    const call = (cookie: string) => rpc(sim.url, '/web/dataset/call_kw', { model: 'res.partner', method: 'search_count', args: [[]], kwargs: {} }, { cookie });
    expect(errorOf((await call(c)).body).code).toBe(100);
    expect(typeof (await call(await sessionLogin(sim.url))).body.result).toBe('number');
  });
});

describe('Odoo 19 JSON-2 over the real engine', () => {
  let engine: SimEngine;
  let sim: SimServer;
  let key: string;
  beforeAll(async () => {
    engine = createEngine({ version: 19, dbName: 'demo', adminPassword: 'admin' });
    sim = await startSimServer({ engine });
    key = engine.createApiKey('admin');
  });
  afterAll(async () => {
    await sim.close();
    engine.close();
  });
  const j2 = (p: string, body: unknown) => post(`${sim.url}/json/2/${p}`, JSON.stringify(body), { authorization: `bearer ${key}`, 'x-odoo-database': 'demo' });

  it('success bodies and statuses 401/404/422', async () => {
    const c = await j2('res.partner/create', { vals_list: [{ name: 'J2 Co' }] });
    expect(c.status).toBe(200);
    expect(c.json).toEqual([expect.any(Number)]);
    const ctx = await j2('res.users/context_get', {});
    expect(ctx.json).toMatchObject({ uid: 2, lang: 'en_US' });
    expect((await j2('no.model/search', {})).status).toBe(404);
    expect((await j2('res.partner/nope', {})).status).toBe(404);
    expect((await j2('res.partner/search', { ids: [1], domain: [] })).status).toBe(422);
    expect((await j2('res.partner/search', { bogus: 1, domain: [] })).status).toBe(422);
    expect((await j2('res.partner/create', { vals_list: [{ email: 'x' }] })).status).toBe(422);
    expect((await post(`${sim.url}/json/2/res.partner/search`, '{}', { authorization: 'bearer wrong' })).status).toBe(401);
    // a session-style API key login is refused (interactive), but common.authenticate accepts it
    expect(errorOf((await rpc(sim.url, '/web/session/authenticate', { db: 'demo', login: 'admin', password: key })).body).data.name).toBe('odoo.exceptions.AccessDenied');
    expect((await rpc(sim.url, '/jsonrpc', { service: 'common', method: 'authenticate', args: ['demo', 'admin', key, {}] })).body.result).toBe(2);
  });
});
