import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimServer } from './server';
import { startSimServer } from './server';
import type { FakeEngine } from './testing/fake-engine';
import { createFakeEngine } from './testing/fake-engine';
import { errorOf, executeKw, post, rpc, sessionLogin } from './testing/http-client';

let engine: FakeEngine;
let sim: SimServer;
let base: string;

beforeAll(async () => {
  engine = createFakeEngine({ version: 17 });
  sim = await startSimServer({ engine });
  base = sim.url;
});
afterAll(async () => {
  await sim.close();
});

describe('/jsonrpc common', () => {
  it('binds to loopback on an ephemeral port', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.port).toBeGreaterThan(0);
  });

  it('version: exact envelope, id echoed, JSON content type', async () => {
    const r = await rpc(base, '/jsonrpc', { service: 'common', method: 'version', args: [] }, { id: 42 });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.body).toEqual({
      jsonrpc: '2.0',
      id: 42,
      result: { server_version: '17.0', server_version_info: [17, 0, 0, 'final', 0, ''], server_serie: '17.0', protocol_version: 1 },
    });
  });

  it('echoes string ids and null ids', async () => {
    expect((await rpc(base, '/jsonrpc', { service: 'common', method: 'version', args: [] }, { id: 'abc' })).body.id).toBe('abc');
    expect((await rpc(base, '/jsonrpc', { service: 'common', method: 'version', args: [] }, { id: null })).body.id).toBeNull();
  });

  it('login and authenticate: uid, or false (not an error) on bad credentials', async () => {
    const ok = await rpc(base, '/jsonrpc', { service: 'common', method: 'login', args: ['demo', 'admin', 'admin'] });
    expect(ok.body.result).toBe(2);
    const bad = await rpc(base, '/jsonrpc', { service: 'common', method: 'authenticate', args: ['demo', 'admin', 'nope', {}] });
    expect(bad.body).toEqual({ jsonrpc: '2.0', id: bad.body.id, result: false });
  });

  it('authenticate accepts an API key (non-interactive)', async () => {
    const key = engine.createApiKey('admin');
    const r = await rpc(base, '/jsonrpc', { service: 'common', method: 'authenticate', args: ['demo', 'admin', key, {}] });
    expect(r.body.result).toBe(2);
  });

  it('unknown database → psycopg2.OperationalError envelope', async () => {
    const r = await rpc(base, '/jsonrpc', { service: 'common', method: 'login', args: ['nodb', 'admin', 'admin'] });
    expect(errorOf(r.body).data.name).toBe('psycopg2.OperationalError');
  });

  it('missing positional arguments → builtins.TypeError like Python', async () => {
    const r = await rpc(base, '/jsonrpc', { service: 'common', method: 'login', args: ['demo'] });
    const e = errorOf(r.body);
    expect(e.data.name).toBe('builtins.TypeError');
    expect(e.data.message).toBe("exp_login() missing 2 required positional arguments: 'login' and 'password'");
  });

  it('unknown service and unknown common method → KeyError envelopes', async () => {
    expect(errorOf((await rpc(base, '/jsonrpc', { service: 'nope', method: 'x', args: [] })).body).data.name).toBe('builtins.KeyError');
    expect(errorOf((await rpc(base, '/jsonrpc', { service: 'common', method: 'x', args: [] })).body).data.message).toBe("'exp_x'");
  });

  it('about', async () => {
    expect((await rpc(base, '/jsonrpc', { service: 'common', method: 'about', args: [] })).body.result).toBe('See http://openerp.com');
  });
});

describe('/jsonrpc db', () => {
  it('list and server_version', async () => {
    expect((await rpc(base, '/jsonrpc', { service: 'db', method: 'list', args: [] })).body.result).toEqual(['demo']);
    expect((await rpc(base, '/jsonrpc', { service: 'db', method: 'server_version', args: [] })).body.result).toBe('17.0');
  });
  it('master-password operations are refused', async () => {
    const r = await rpc(base, '/jsonrpc', { service: 'db', method: 'drop', args: ['x', 'demo'] });
    expect(errorOf(r.body).data.name).toBe('odoo.exceptions.AccessDenied');
  });
});

describe('/jsonrpc object', () => {
  it('execute_kw search_read with kwargs and a context', async () => {
    const r = await executeKw(base, 'res.partner', 'search_read', [[['is_company', '=', true]]], {
      fields: ['name', 'country_id', 'email'],
      limit: 2,
      context: { lang: 'en_US' },
    });
    expect(r.body.result).toEqual([
      { id: 7, name: 'Agrolait', country_id: [21, 'Belgium'], email: false },
      { id: 12, name: 'Bank Wealthy', country_id: false, email: 'info@bw.example' },
    ]);
  });

  it('the context reaches the engine through kwargs.context (active_test)', async () => {
    const r = await executeKw(base, 'res.partner', 'search', [[['is_company', '=', true]]], { context: { active_test: false } });
    expect(r.body.result).toEqual([7, 12, 13]);
  });

  it('execute: positional-only (fields_get as odoorpc sends it)', async () => {
    const r = await rpc(base, '/jsonrpc', { service: 'object', method: 'execute', args: ['demo', 2, 'admin', 'res.partner', 'fields_get'] });
    const fields = r.body.result as Record<string, Record<string, unknown>>;
    expect(fields.name?.type).toBe('char');
    expect(fields.country_id?.relation).toBe('res.country');
    const r2 = await rpc(base, '/jsonrpc', { service: 'object', method: 'execute', args: ['demo', 2, 'admin', 'res.partner', 'search', [['id', '=', 7]]] });
    expect(r2.body.result).toEqual([7]);
  });

  it('create returns an int for a dict and a list for a list; write returns true', async () => {
    const one = await executeKw(base, 'res.partner', 'create', [{ name: 'New Co', country_id: 21 }], { context: {} });
    expect(typeof one.body.result).toBe('number');
    const many = await executeKw(base, 'res.partner', 'create', [[{ name: 'A' }, { name: 'B' }]]);
    expect(Array.isArray(many.body.result)).toBe(true);
    const w = await executeKw(base, 'res.partner', 'write', [[one.body.result], { email: 'x@y.test' }]);
    expect(w.body.result).toBe(true);
  });

  it('a method returning None omits `result` entirely', async () => {
    const r = await executeKw(base, 'res.partner', 'action_noop', [[7]], {}, undefined);
    expect(r.body).toEqual({ jsonrpc: '2.0', id: r.body.id });
    expect('result' in r.body).toBe(false);
    expect(r.text).not.toContain('result');
  });

  it('false is a result (kept), not an omission', async () => {
    const r = await executeKw(base, 'res.partner', 'action_false', [[7]]);
    expect(r.body).toEqual({ jsonrpc: '2.0', id: r.body.id, result: false });
  });

  it('bad password or uid on execute_kw → AccessDenied with a short debug', async () => {
    const r = await executeKw(base, 'res.partner', 'search', [[]], {}, ['demo', 2, 'wrong']);
    expect(r.status).toBe(200);
    const e = errorOf(r.body);
    expect(e.code).toBe(200);
    expect(e.message).toBe('Odoo Server Error');
    expect(e.data).toEqual({
      name: 'odoo.exceptions.AccessDenied',
      message: 'Access Denied',
      arguments: ['Access Denied'],
      context: {},
      debug: 'odoo.exceptions.AccessDenied: Access Denied\n',
    });
    const r2 = await executeKw(base, 'res.partner', 'search', [[]], {}, ['demo', 99, 'admin']);
    expect(errorOf(r2.body).data.name).toBe('odoo.exceptions.AccessDenied');
  });

  it('translates the engine errors: ValidationError, MissingError, UserError (unknown model), unknown method', async () => {
    const v = errorOf((await executeKw(base, 'res.partner', 'create', [{ email: 'no-name@x' }])).body);
    expect(v.data.name).toBe('odoo.exceptions.ValidationError');
    expect(v.data.message).toBe('The operation cannot be completed: Contacts require a name');
    expect(v.data.arguments).toEqual([v.data.message]);
    expect(String(v.data.debug)).toMatch(/^Traceback \(most recent call last\):\n[\s\S]*odoo\.exceptions\.ValidationError: The operation/);

    const m = errorOf((await executeKw(base, 'res.partner', 'write', [[9999], { name: 'x' }])).body);
    expect(m.data.name).toBe('odoo.exceptions.MissingError');

    const u = errorOf((await executeKw(base, 'no.such.model', 'search', [[]])).body);
    expect(u.data.name).toBe('odoo.exceptions.UserError');
    expect(u.data.message).toBe("Object no.such.model doesn't exist");

    const a = errorOf((await executeKw(base, 'res.partner', 'no_such_method', [[]])).body);
    expect(a.data.name).toBe('builtins.AttributeError');
  });

  it('private methods are refused before reaching the engine', async () => {
    const e = errorOf((await executeKw(base, 'res.partner', '_compute_x', [[7]])).body);
    expect(e.data.name).toBe('odoo.exceptions.AccessError');
    expect(e.data.message).toContain('cannot be called remotely');
  });

  it('a plain engine exception becomes a server error envelope and the transaction is rolled back', async () => {
    const r = await executeKw(base, 'res.partner', 'boom_after_write', [[7]]);
    expect(r.status).toBe(200);
    const e = errorOf(r.body);
    expect(e.code).toBe(200);
    expect(e.data.message).toBe('simulated engine bug');
    expect(engine.rows('res.partner').find((p) => p.id === 7)?.name).toBe('Agrolait');
    // and the server still answers
    expect((await rpc(base, '/jsonrpc', { service: 'common', method: 'version', args: [] })).body.result).toBeTruthy();
  });

  it('bad argument types: args not a list, kwargs not a mapping, uid not an int, too few args, unknown object method', async () => {
    const notList = errorOf((await rpc(base, '/jsonrpc', { service: 'object', method: 'execute_kw', args: ['demo', 2, 'admin', 'res.partner', 'search', { a: 1 }] })).body);
    expect(notList.data.name).toBe('builtins.TypeError');
    const notMap = errorOf((await rpc(base, '/jsonrpc', { service: 'object', method: 'execute_kw', args: ['demo', 2, 'admin', 'res.partner', 'search', [[]], [1]] })).body);
    expect(notMap.data.name).toBe('builtins.TypeError');
    const badUid = errorOf((await rpc(base, '/jsonrpc', { service: 'object', method: 'execute_kw', args: ['demo', 'two', 'admin', 'res.partner', 'search', [[]]] })).body);
    expect(badUid.data.name).toBe('builtins.ValueError');
    const few = errorOf((await rpc(base, '/jsonrpc', { service: 'object', method: 'execute_kw', args: ['demo'] })).body);
    expect(few.data.name).toBe('builtins.IndexError');
    const noArgs = errorOf((await rpc(base, '/jsonrpc', { service: 'object', method: 'execute_kw', args: ['demo', 2, 'admin', 'res.partner', 'search'] })).body);
    expect(noArgs.data.message).toBe("execute_kw() missing 1 required positional argument: 'args'");
    const other = errorOf((await rpc(base, '/jsonrpc', { service: 'object', method: 'frobnicate', args: ['demo', 2, 'admin'] })).body);
    expect(other.data.name).toBe('builtins.NameError');
    const argsMissing = errorOf((await rpc(base, '/jsonrpc', { service: 'object', method: 'execute_kw' })).body);
    expect(argsMissing.data.message).toBe("jsonrpc() missing 1 required positional argument: 'args'");
  });
});

describe('malformed requests and routing', () => {
  it('a body that is not JSON → HTTP 400 "Invalid JSON data" (plain text)', async () => {
    const r = await post(`${base}/jsonrpc`, '{"jsonrpc": "2.0", ');
    expect(r.status).toBe(400);
    expect(r.text).toBe('Invalid JSON data');
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('params that are not an object → an error envelope (HTTP 200), id echoed', async () => {
    for (const params of [[1, 2], 'x', 3, null]) {
      const r = await post(`${base}/jsonrpc`, JSON.stringify({ jsonrpc: '2.0', method: 'call', params, id: 5 }));
      expect(r.status).toBe(200);
      const body = r.json as Record<string, unknown>;
      expect(body.id).toBe(5);
      expect(errorOf(body).data.name).toBe('builtins.TypeError');
    }
  });

  it('a JSON body that is not an object → error envelope with id null', async () => {
    const r = await post(`${base}/jsonrpc`, '[1,2]');
    expect(r.status).toBe(200);
    expect((r.json as Record<string, unknown>).id).toBeNull();
    expect(errorOf(r.json as Record<string, unknown>).data.name).toBe('builtins.AttributeError');
  });

  it('a wrong Content-Type on a JSON route → 400 with the dispatcher message', async () => {
    const r = await post(`${base}/jsonrpc`, '{}', { 'content-type': 'text/plain' });
    expect(r.status).toBe(400);
    expect(r.text).toContain("is type='json'");
  });

  it('GET on a JSON-RPC route → 405', async () => {
    const r = await fetch(`${base}/jsonrpc`);
    expect(r.status).toBe(405);
  });

  it('unknown JSON route → 404 envelope (code 404, werkzeug NotFound) at HTTP 200', async () => {
    const r = await rpc(base, '/web/dataset/nope', {}, { id: 9 });
    expect(r.status).toBe(200);
    const e = errorOf(r.body);
    expect(r.body.id).toBe(9);
    expect(e.code).toBe(404);
    expect(e.message).toBe('404: Not Found');
    expect(e.data.name).toBe('werkzeug.exceptions.NotFound');
    expect(typeof e.data.message).toBe('string');
  });

  it('unknown non-JSON route → HTTP 404 page', async () => {
    const r = await fetch(`${base}/odoo/nothing`);
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('/json/2 does not exist before 19', async () => {
    const key = engine.createApiKey('admin');
    const r = await post(`${base}/json/2/res.partner/search_read`, '{}', { authorization: `bearer ${key}` });
    expect(r.status).toBe(404);
  });

  it('version_info and GET /web/version', async () => {
    const r = await rpc(base, '/web/webclient/version_info', {});
    expect((r.body.result as Record<string, unknown>).server_version).toBe('17.0');
    const v = await fetch(`${base}/web/version`);
    expect(v.status).toBe(200);
    expect(await v.json()).toEqual({ version_info: [17, 0, 0, 'final', 0, ''], version: '17.0' });
  });
});

describe('web sessions', () => {
  it('authenticate sets an HttpOnly session cookie and returns session info', async () => {
    const r = await rpc(base, '/web/session/authenticate', { db: 'demo', login: 'admin', password: 'admin' });
    expect(r.headers.get('set-cookie')).toMatch(/^session_id=[0-9a-f]{40}; .*HttpOnly; Path=\//);
    const info = r.body.result as Record<string, unknown>;
    expect(info).toMatchObject({
      uid: 2,
      user_context: { lang: 'en_US', tz: 'Europe/Brussels', uid: 2 },
      db: 'demo',
      server_version: '17.0',
      server_version_info: [17, 0, 0, 'final', 0, ''],
      name: 'Mitchell Admin',
      username: 'admin',
      partner_id: 3,
      is_admin: true,
      is_system: true,
      user_companies: { current_company: 1, allowed_companies: { '1': { id: 1, name: 'YourCompany' } } },
    });
    expect('session_id' in info).toBe(false);
  });

  it('bad password → AccessDenied envelope; API keys are refused (interactive); unknown db → AccessError', async () => {
    const bad = await rpc(base, '/web/session/authenticate', { db: 'demo', login: 'admin', password: 'bad' });
    expect(errorOf(bad.body).data).toMatchObject({ name: 'odoo.exceptions.AccessDenied', message: 'Access Denied' });
    expect(bad.headers.get('set-cookie')).toBeNull();
    const key = engine.createApiKey('admin');
    const withKey = await rpc(base, '/web/session/authenticate', { db: 'demo', login: 'admin', password: key });
    expect(errorOf(withKey.body).data.name).toBe('odoo.exceptions.AccessDenied');
    const noDb = await rpc(base, '/web/session/authenticate', { db: 'other', login: 'admin', password: 'admin' });
    expect(errorOf(noDb.body).data.name).toBe('odoo.exceptions.AccessError');
  });

  it('call_kw with the cookie (both path forms); the header form of the session id works too', async () => {
    const cookie = await sessionLogin(base);
    const a = await rpc(base, '/web/dataset/call_kw', { model: 'res.partner', method: 'search_read', args: [[['id', '=', 7]], ['name']], kwargs: {} }, { cookie });
    expect(a.body.result).toEqual([{ id: 7, name: 'Agrolait' }]);
    const b = await rpc(base, '/web/dataset/call_kw/res.partner/read', { model: 'res.partner', method: 'read', args: [[12], ['name']], kwargs: {} }, { cookie });
    expect(b.body.result).toEqual([{ id: 12, name: 'Bank Wealthy' }]);
    const sid = cookie.split('=')[1] ?? '';
    const c = await post(`${base}/web/dataset/call_kw`, JSON.stringify({ jsonrpc: '2.0', id: 1, params: { model: 'res.partner', method: 'search_count', args: [[['id', '=', 7]]], kwargs: {} } }), {
      'x-openerp-session-id': sid,
    });
    expect((c.json as Record<string, unknown>).result).toBe(1);
  });

  it('call_kw without a session, or with an unknown one → code 100 Session Expired', async () => {
    for (const cookie of [undefined, 'session_id=deadbeef']) {
      const r = await rpc(base, '/web/dataset/call_kw', { model: 'res.partner', method: 'search', args: [[]], kwargs: {} }, cookie ? { cookie } : {});
      expect(r.status).toBe(200);
      const e = errorOf(r.body);
      expect(e.code).toBe(100);
      expect(e.message).toBe('Odoo Session Expired');
      expect(e.data.name).toBe('odoo.http.SessionExpiredException');
    }
  });

  it('call_kw requires kwargs (Python signature) and refuses private methods', async () => {
    const cookie = await sessionLogin(base);
    const r = await rpc(base, '/web/dataset/call_kw', { model: 'res.partner', method: 'search', args: [[]] }, { cookie });
    expect(errorOf(r.body).data.message).toBe("call_kw() missing 1 required positional argument: 'kwargs'");
    const p = await rpc(base, '/web/dataset/call_kw', { model: 'res.partner', method: '_private', args: [[]], kwargs: {} }, { cookie });
    expect(errorOf(p.body).data.name).toBe('odoo.exceptions.AccessError');
  });

  it('get_session_info with a session, destroy ends it (result omitted)', async () => {
    const cookie = await sessionLogin(base);
    const info = await rpc(base, '/web/session/get_session_info', {}, { cookie });
    expect((info.body.result as Record<string, unknown>).uid).toBe(2);
    const d = await rpc(base, '/web/session/destroy', {}, { cookie });
    expect(d.body).toEqual({ jsonrpc: '2.0', id: d.body.id });
    const after = await rpc(base, '/web/session/get_session_info', {}, { cookie });
    expect(errorOf(after.body).code).toBe(100);
  });

  it('sessions idle past their lifetime expire', async () => {
    const short = await startSimServer({ engine, sessionLifetimeMs: 30 });
    try {
      const cookie = await sessionLogin(short.url);
      await new Promise((r) => setTimeout(r, 60));
      const r = await rpc(short.url, '/web/session/get_session_info', {}, { cookie });
      expect(errorOf(r.body).code).toBe(100);
    } finally {
      await short.close();
    }
  });
});

describe('Odoo 19 specifics', () => {
  let e19: FakeEngine;
  let s19: SimServer;
  let key: string;
  beforeAll(async () => {
    e19 = createFakeEngine({ version: 19 });
    s19 = await startSimServer({ engine: e19 });
    key = e19.createApiKey('admin');
  });
  afterAll(async () => {
    await s19.close();
  });

  const j2 = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    post(`${s19.url}/json/2/${path}`, JSON.stringify(body), { authorization: `bearer ${key}`, 'x-odoo-database': 'demo', ...headers });

  it('JSON-RPC error code is 0 in 19 (100 and 404 unchanged)', async () => {
    const r = await executeKw(s19.url, 'res.partner', 'create', [{ email: 'x' }]);
    expect(errorOf(r.body).code).toBe(0);
    expect(errorOf((await rpc(s19.url, '/web/dataset/call_kw', { model: 'res.partner', method: 'search', args: [[]], kwargs: {} })).body).code).toBe(100);
    expect(errorOf((await rpc(s19.url, '/nope', {})).body).code).toBe(404);
  });

  it('GET /web/version', async () => {
    const r = await fetch(`${s19.url}/web/version`);
    expect(await r.json()).toEqual({ version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' });
  });

  it('JSON-2 success: bare bodies (search_read, create → [id], write → true, None → null)', async () => {
    const sr = await j2('res.partner/search_read', { domain: [['is_company', '=', true]], fields: ['name', 'country_id'], limit: 1, context: { lang: 'en_US' } });
    expect(sr.status).toBe(200);
    expect(sr.json).toEqual([{ id: 7, name: 'Agrolait', country_id: [21, 'Belgium'] }]);
    const c = await j2('res.partner/create', { vals_list: [{ name: 'X' }] });
    expect(c.status).toBe(200);
    const ids = c.json as number[];
    expect(ids).toHaveLength(1);
    const w = await j2('res.partner/write', { ids, vals: { email: 'x@y.test' } });
    expect(w.json).toBe(true);
    const n = await j2('res.partner/action_noop', { ids });
    expect(n.status).toBe(200);
    expect(n.text).toBe('null');
  });

  it('JSON-2 401 for a missing or wrong key', async () => {
    for (const auth of [undefined, 'bearer nope', 'Basic abc']) {
      const r = await post(`${s19.url}/json/2/res.partner/search`, '{}', auth ? { authorization: auth } : {});
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ name: 'werkzeug.exceptions.Unauthorized', message: 'Invalid apikey', arguments: ['Invalid apikey'], context: {} });
      expect(typeof (r.json as Record<string, unknown>).debug).toBe('string');
    }
  });

  it('JSON-2 statuses: 404 unknown model/method/private/missing record, 422 validation/bad ids, 500 engine bug, 400 bad JSON', async () => {
    expect((await j2('no.model/search', {})).status).toBe(404);
    expect((await j2('res.partner/nope', {})).status).toBe(404);
    expect((await j2('res.partner/_private', {})).status).toBe(404);
    const missing = await j2('res.partner/write', { ids: [9999], vals: { name: 'x' } });
    expect(missing.status).toBe(404);
    expect((missing.json as Record<string, unknown>).name).toBe('odoo.exceptions.MissingError');
    const val = await j2('res.partner/create', { vals_list: [{ email: 'x' }] });
    expect(val.status).toBe(422);
    expect((val.json as Record<string, unknown>).name).toBe('odoo.exceptions.ValidationError');
    expect((await j2('res.partner/read', { ids: ['a'] })).status).toBe(422);
    expect((await j2('res.partner/read', { ids: [7], context: 3 })).status).toBe(422);
    expect((await j2('res.partner/boom_after_write', { ids: [7] })).status).toBe(500);
    expect(e19.rows('res.partner').find((p) => p.id === 7)?.name).toBe('Agrolait');
    const bad = await post(`${s19.url}/json/2/res.partner/search`, '{nope', { authorization: `bearer ${key}` });
    expect(bad.status).toBe(400);
    expect((bad.json as Record<string, unknown>).message).toBe('Invalid JSON data');
    expect((await j2('res.partner/search', {}, { 'x-odoo-database': 'other' })).status).toBe(404);
  });

  it('JSON-2 403 for AccessError/AccessDenied, 409 for LockError (status table)', async () => {
    const { json2Status } = await import('./envelopes');
    expect(json2Status('odoo.exceptions.AccessError')).toBe(403);
    expect(json2Status('odoo.exceptions.AccessDenied')).toBe(403);
    expect(json2Status('odoo.exceptions.LockError')).toBe(409);
    expect(json2Status('odoo.exceptions.UserError')).toBe(422);
    expect(json2Status('psycopg2.errors.SerializationFailure')).toBe(500);
  });

  it('a revoked key stops working at once', async () => {
    const k2 = e19.createApiKey('admin');
    expect((await post(`${s19.url}/json/2/res.partner/search_count`, '{}', { authorization: `Bearer ${k2}` })).status).toBe(200);
    e19.revokeApiKey(k2);
    expect((await post(`${s19.url}/json/2/res.partner/search_count`, '{}', { authorization: `Bearer ${k2}` })).status).toBe(401);
  });
});

describe('in-process dispatch', () => {
  it('the handler answers without a socket', async () => {
    const { createSimHandler } = await import('./handler');
    const h = createSimHandler({ engine });
    const r = await h.dispatch({
      method: 'POST',
      url: '/jsonrpc',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, params: { service: 'common', method: 'version', args: [] } }),
    });
    expect(r.kind).toBe('response');
    if (r.kind === 'response') expect(JSON.parse(r.body)).toMatchObject({ id: 1, result: { server_serie: '17.0' } });
    expect(h.stats().requests).toBe(1);
  });
});
