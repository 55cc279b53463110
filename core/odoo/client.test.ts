import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors';
import { createLogger, type LogLevel } from '../shared/logger';
import { createOdooClient, isMaybeCommitted, type OdooClientConfig } from './index';
import { FAKE_API_KEY, FAKE_LOGIN, FAKE_PASSWORD, odooError, rpcErrorBody, startFakeOdoo, type FakeOdoo, type FakeOdooOptions } from './test-support/fake-odoo';

const fakes: FakeOdoo[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function fake(opts: FakeOdooOptions): Promise<FakeOdoo> {
  const f = await startFakeOdoo(opts);
  fakes.push(f);
  return f;
}

const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 };

function clientFor(f: FakeOdoo, extra: Partial<OdooClientConfig> = {}) {
  return createOdooClient({ url: f.url, db: 'demo', login: FAKE_LOGIN, secret: FAKE_PASSWORD, retry: FAST_RETRY, ...extra });
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

const ormCalls = (f: FakeOdoo, method: string) => f.requests.filter((r) => JSON.stringify(r.body ?? '').includes(`"${method}"`) || r.path.endsWith(`/${method}`));

describe('connect', () => {
  it('detects 17, picks JSON-RPC, authenticates and reads the user', async () => {
    const f = await fake({ version: 17 });
    const c = createOdooClient({ url: `${f.url}/odoo/action-12`, login: FAKE_LOGIN, secret: FAKE_PASSWORD });
    const info = await c.connect();
    expect(info).toMatchObject({ serverVersion: '17.0', major: 17, protocol: 'jsonrpc', uid: 2, userName: 'Mitchell Admin', companyIds: [1, 2], currentCompanyId: 1, db: 'demo', databases: ['demo'] });
    // authenticate is stateless common.authenticate with an empty user_agent_env
    const auth = f.requests.find((r) => JSON.stringify(r.body).includes('"authenticate"'));
    expect((auth?.body as { params: { args: unknown[] } }).params.args).toEqual(['demo', FAKE_LOGIN, FAKE_PASSWORD, {}]);
  });

  it('uses JSON-2 on 19 with an API key, and the uid from context_get', async () => {
    const f = await fake({ version: 19 });
    const info = await clientFor(f, { secret: FAKE_API_KEY }).connect();
    expect(info.protocol).toBe('json2');
    expect(info.uid).toBe(2);
    const ctx = f.requests.find((r) => r.path === '/json/2/res.users/context_get');
    expect(ctx?.headers['authorization']).toBe(`bearer ${FAKE_API_KEY}`);
    expect(ctx?.headers['x-odoo-database']).toBe('demo');
  });

  it('falls back to JSON-RPC on 19 when given a password, and says why an API key is better', async () => {
    const f = await fake({ version: 19 });
    const info = await clientFor(f).connect();
    expect(info.protocol).toBe('jsonrpc');
    expect(info.warnings.join(' ')).toMatch(/API key/);
  });

  it('forcing json2 on 16 is an unsupported-version error', async () => {
    const f = await fake({ version: 16 });
    expect((await rejection(clientFor(f, { protocol: 'json2' }).connect())).code).toBe('odoo/unsupported-version');
  });

  it('falls back to /web/webclient/version_info, then GET /web/version', async () => {
    const f = await fake({ version: 18 });
    f.intercept((r) => (r.path === '/jsonrpc' && JSON.stringify(r.body).includes('"version"') ? { status: 404, text: '<html>nope</html>', headers: { 'content-type': 'text/html' } } : undefined));
    expect((await clientFor(f).connect()).major).toBe(18);
    const f2 = await fake({ version: 19 });
    f2.intercept((r) =>
      (r.path === '/jsonrpc' && JSON.stringify(r.body).includes('"version"')) || r.path === '/web/webclient/version_info' ? { status: 404, text: 'no', headers: { 'content-type': 'text/html' } } : undefined,
    );
    expect((await clientFor(f2, { secret: FAKE_API_KEY }).connect()).major).toBe(19);
    expect(f2.requests.some((r) => r.method === 'GET' && r.path === '/web/version')).toBe(true);
  });

  it('explains a URL that is not Odoo', async () => {
    const f = await fake({ version: 17 });
    f.intercept(() => ({ status: 200, text: '<!doctype html><h1>Welcome to nginx</h1>', headers: { 'content-type': 'text/html' } }));
    const e = await rejection(clientFor(f).connect());
    expect(e.code).toBe('odoo/bad-url');
    expect(e.message).toMatch(/does not look like an Odoo server/);
  });

  it('explains refused connections, unknown hosts and TLS failures', async () => {
    const f = await fake({ version: 17 });
    const url = f.url;
    await f.close();
    fakes.splice(fakes.indexOf(f), 1);
    const refused = await rejection(createOdooClient({ url, db: 'demo', login: 'a', secret: 'b', retry: { maxAttempts: 1 } }).connect());
    expect(refused.code).toBe('odoo/unreachable');
    const failing = (code: string): typeof fetch => () => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) }));
    expect((await rejection(createOdooClient({ url: 'https://nowhere.example', login: 'a', secret: 'b', fetch: failing('ENOTFOUND') }).connect())).code).toBe('odoo/bad-url');
    const tls = await rejection(createOdooClient({ url: 'https://self-signed.example', login: 'a', secret: 'b', fetch: failing('DEPTH_ZERO_SELF_SIGNED_CERT') }).connect());
    expect(tls.code).toBe('odoo/tls');
    expect(tls.message).toMatch(/certificate/);
  });

  it('rejects Odoo 15 and unrecognisable versions', async () => {
    const f = await fake({ version: 17 });
    f.intercept((r) =>
      r.path === '/jsonrpc' && JSON.stringify(r.body).includes('"version"')
        ? { json: { jsonrpc: '2.0', id: 1, result: { server_version: '15.0', server_version_info: [15, 0, 0, 'final', 0, ''] } } }
        : undefined,
    );
    const e = await rejection(clientFor(f).connect());
    expect(e.code).toBe('odoo/unsupported-version');
    expect(e.message).toMatch(/Odoo 15\.0/);
    f.intercept((r) => (r.path === '/jsonrpc' || r.path === '/web/webclient/version_info' ? { json: { jsonrpc: '2.0', id: 1, result: { hello: 'world' } } } : r.path === '/web/version' ? { status: 404, text: 'x' } : undefined));
    expect((await rejection(clientFor(f).connect())).code).toBe('odoo/unsupported-version');
  });

  it('reads saas and enterprise version strings', async () => {
    const { parseVersion } = await import('./version');
    expect(parseVersion({ server_version: 'saas~17.2+e', server_version_info: ['saas~17', 2, 0, 'final', 0, 'e'] }, '/jsonrpc')).toMatchObject({ major: 17, minor: 2, edition: 'enterprise' });
  });

  it('names the databases when the one asked for does not exist', async () => {
    const f = await fake({ version: 17 });
    const e = await rejection(clientFor(f, { db: 'prod' }).connect());
    expect(e.code).toBe('odoo/unknown-database');
    expect(e.message).toMatch(/"prod".*demo/);
    // the server hides its list: authenticate's psycopg2 error still says which problem it is
    f.intercept((r) => (JSON.stringify(r.body).includes('"list"') ? { json: rpcErrorBody(1, 'odoo.exceptions.AccessDenied', 'Access Denied') } : undefined));
    expect((await rejection(clientFor(f, { db: 'prod' }).connect())).code).toBe('odoo/unknown-database');
  });

  it('distinguishes bad credentials from a 2FA user who needs an API key', async () => {
    const f = await fake({ version: 17, totpLogin: 'totp-user' });
    const bad = await rejection(clientFor(f, { secret: 'wrong' }).connect());
    expect(bad.code).toBe('odoo/auth-failed');
    const mfa = await rejection(clientFor(f, { login: 'totp-user' }).connect());
    expect(mfa.code).toBe('odoo/api-key-required');
    expect(mfa.message).toMatch(/Preferences → Account Security/);
    // and the API key works for that user
    expect((await clientFor(f, { secret: FAKE_API_KEY }).connect()).uid).toBe(2);
  });

  it('checks access to the models the app needs and names the one it cannot read', async () => {
    const f = await fake({ version: 17 });
    f.intercept((r) =>
      JSON.stringify(r.body).includes('"search_count"')
        ? { json: rpcErrorBody(1, 'odoo.exceptions.AccessError', "You are not allowed to access 'Contact' (res.partner) records.") }
        : undefined,
    );
    const e = await rejection(clientFor(f, { requiredModels: ['res.partner'] }).connect());
    expect(e.code).toBe('odoo/access-error');
    expect(e.details?.['model']).toBe('res.partner');
    expect(e.message).toMatch(/res\.partner/);
  });

  it('testConnection reports instead of throwing', async () => {
    const f = await fake({ version: 17 });
    const r = await clientFor(f, { secret: 'nope' }).testConnection();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('odoo/auth-failed');
  });
});

describe('envelopes and calls', () => {
  it('sends execute_kw with positional args, named kwargs and allowed_company_ids', async () => {
    const f = await fake({ version: 17 });
    const c = clientFor(f, { companyIds: [2, 1] });
    await c.searchRead('res.partner', [['is_company', '=', true]], { fields: ['name'], limit: 3, order: 'name asc' });
    const sr = f.calls.find((x) => x.method === 'search_read');
    expect(sr?.args).toEqual([[['is_company', '=', true]]]);
    expect(sr?.kwargs).toMatchObject({ fields: ['id', 'name'], limit: 3, order: 'name asc', context: { allowed_company_ids: [2, 1] } });
  });

  it('creates one (id) or many (ids) in both protocols', async () => {
    for (const [version, secret] of [[17, FAKE_PASSWORD], [19, FAKE_API_KEY]] as const) {
      const f = await fake({ version });
      const c = clientFor(f, { secret });
      const one = await c.create('res.partner', { name: 'Solo' });
      expect(typeof one).toBe('number');
      const many = await c.create('res.partner', [{ name: 'A' }, { name: 'B' }]);
      expect(many).toHaveLength(2);
      expect(f.partners.get(one)?.['name']).toBe('Solo');
      const createCalls = f.calls.filter((x) => x.method === 'create');
      if (version === 19) expect(createCalls[0]?.kwargs).toMatchObject({ vals_list: [{ name: 'Solo' }] });
      else expect(createCalls[0]?.args).toEqual([{ name: 'Solo' }]);
    }
  });

  it('uses named parameters on JSON-2 and ids for record methods', async () => {
    const f = await fake({ version: 19 });
    const c = clientFor(f, { secret: FAKE_API_KEY });
    await c.write('res.partner', [1], { email: 'x@y.test' });
    await c.read('res.partner', [1], ['email']);
    await c.searchCount('res.partner', [], { limit: 5 });
    const bodies = f.requests.filter((r) => r.path.startsWith('/json/2/res.partner/')).map((r) => [r.path, r.body]);
    expect(bodies).toContainEqual(['/json/2/res.partner/write', { ids: [1], vals: { email: 'x@y.test' } }]);
    expect(bodies).toContainEqual(['/json/2/res.partner/read', { ids: [1], fields: ['id', 'email'] }]);
    expect(bodies).toContainEqual(['/json/2/res.partner/search_count', { domain: [], limit: 5 }]);
  });

  it('treats a missing result key (None) as null', async () => {
    const f = await fake({ version: 17 });
    const c = clientFor(f);
    await c.connect();
    f.intercept((r) => (JSON.stringify(r.body).includes('"reconcile"') ? { json: { jsonrpc: '2.0', id: 9 } } : undefined));
    expect(await c.call('account.move.line', 'reconcile', [[501, 502]])).toBeNull();
  });

  it('normalises read_group / formatted_read_group, name_search and message_post per version', async () => {
    for (const [version, secret] of [[17, FAKE_PASSWORD], [19, FAKE_API_KEY]] as const) {
      const f = await fake({ version, partners: 4 });
      const c = clientFor(f, { secret });
      const groups = await c.readGroup('res.partner', [], ['is_company'], ['id:sum', '__count']);
      expect(groups).toEqual(
        expect.arrayContaining([
          { group: { is_company: true }, count: 2, aggregates: { 'id:sum': 6, __count: 2 } },
          { group: { is_company: false }, count: 2, aggregates: { 'id:sum': 4, __count: 2 } },
        ]),
      );
      expect(f.calls.some((x) => x.method === (version >= 19 ? 'formatted_read_group' : 'read_group'))).toBe(true);
      expect(await c.nameSearch('res.partner', 'partner 3', { domain: [['is_company', '=', false]] })).toEqual([[3, 'Partner 3']]);
      const ns = f.calls.find((x) => x.method === 'name_search');
      expect(Object.keys(ns?.kwargs ?? {})).toContain(version >= 18 ? 'domain' : 'args');
      expect(typeof (await c.messagePost('res.partner', 1, 'hello'))).toBe('number');
    }
  });

  it('name_search sends domain from 18', async () => {
    const f = await fake({ version: 18 });
    await clientFor(f).nameSearch('res.partner', 'x', { domain: [] });
    expect(f.calls.find((x) => x.method === 'name_search')?.kwargs).toHaveProperty('domain');
  });

  it('generic call: positional on JSON-RPC, named on JSON-2, and refuses unnamed positional args on JSON-2', async () => {
    const f = await fake({ version: 19 });
    const c = clientFor(f, { secret: FAKE_API_KEY });
    expect(await c.call('res.partner', 'search_count', [[['id', '<', 3]]])).toBe(2);
    expect(await c.call('res.partner', 'read', { ids: [1], fields: ['name'] })).toEqual([{ id: 1, name: 'Partner 1' }]);
    const e = await rejection(c.call('res.partner', 'do_magic', [1, 2, 3]));
    expect(e.code).toBe('odoo/protocol');
  });
});

describe('keyset pagination', () => {
  it('pages by id and resumes after an id', async () => {
    const f = await fake({ version: 17, partners: 25 });
    const c = clientFor(f);
    const pages = [];
    for await (const p of c.searchReadPages('res.partner', [], { fields: ['name'], batchSize: 10 })) pages.push(p);
    expect(pages.map((p) => p.records.length)).toEqual([10, 10, 5]);
    expect(pages.map((p) => p.lastId)).toEqual([10, 20, 25]);
    const domains = f.calls.filter((x) => x.method === 'search_read').map((x) => x.args[0]);
    expect(domains).toEqual([[['id', '>', 0]], [['id', '>', 10]], [['id', '>', 20]]]);
    expect(f.calls.filter((x) => x.method === 'search_read').every((x) => x.kwargs['order'] === 'id asc')).toBe(true);
    const rest = await c.readAll('res.partner', [], { fields: ['name'], batchSize: 10, afterId: 20 });
    expect(rest.map((r) => r.id)).toEqual([21, 22, 23, 24, 25]);
  });
});

describe('error mapping', () => {
  const jsonrpcCases: Array<[string, string, string]> = [
    ['odoo.exceptions.AccessError', "You are not allowed to access 'Journal Entry' (account.move) records.", 'odoo/access-error'],
    ['odoo.exceptions.ValidationError', 'The operation cannot be completed: Contacts require a name', 'odoo/validation'],
    ['odoo.exceptions.UserError', 'You cannot delete a posted entry.', 'odoo/user-error'],
    ['odoo.exceptions.MissingError', 'Record does not exist or has been deleted.', 'odoo/missing-record'],
    ['odoo.exceptions.AccessDenied', 'Access Denied', 'odoo/access-denied'],
    ['werkzeug.exceptions.NotFound', '404: Not Found', 'odoo/not-found'],
    ['builtins.ValueError', 'Invalid field foo', 'odoo/server-error'],
  ];
  it.each(jsonrpcCases)('JSON-RPC %s → code, with name and message in details, whatever error.code says', async (name, message, code) => {
    const f = await fake({ version: 17 });
    const c = clientFor(f);
    await c.connect();
    f.intercept((r) => {
      if (!JSON.stringify(r.body).includes('"unlink"')) return undefined;
      const body = rpcErrorBody(1, name, message) as { error: { code: number } };
      body.error.code = 12345; // never branched on
      return { json: body };
    });
    const e = await rejection(c.unlink('account.move', [1]));
    expect(e.code).toBe(code);
    expect(e.details).toMatchObject({ odooName: name, odooMessage: message });
    expect(e.message.split(/(?<=[.;])\s/).length).toBeLessThanOrEqual(3);
    if (code === 'odoo/access-error') expect(e.details?.['model']).toBe('account.move');
  });

  const json2Cases: Array<[number, unknown, string]> = [
    [401, odooError('werkzeug.exceptions.Unauthorized', 'Invalid apikey'), 'odoo/auth-failed'],
    [403, odooError('odoo.exceptions.AccessError', 'nope (res.partner)'), 'odoo/access-error'],
    [404, odooError('werkzeug.exceptions.NotFound', 'no'), 'odoo/not-found'],
    [404, odooError('odoo.exceptions.MissingError', 'gone'), 'odoo/missing-record'],
    [409, odooError('odoo.exceptions.LockError', 'locked'), 'odoo/conflict'],
    [422, odooError('odoo.exceptions.ValidationError', 'bad'), 'odoo/validation'],
    [422, odooError('werkzeug.exceptions.UnprocessableEntity', 'ids on an @api.model method'), 'odoo/protocol'],
    [500, odooError('builtins.KeyError', 'x'), 'odoo/server-error'],
    [418, { weird: true }, 'odoo/protocol'],
  ];
  it.each(json2Cases)('JSON-2 HTTP %i → code', async (status, body, code) => {
    const f = await fake({ version: 19 });
    const c = clientFor(f, { secret: FAKE_API_KEY, retry: { maxAttempts: 1 } });
    await c.connect();
    f.intercept((r) => (r.path === '/json/2/res.partner/unlink' ? { status, json: body } : undefined));
    expect((await rejection(c.unlink('res.partner', [1]))).code).toBe(code);
  });
});

describe('retry policy', () => {
  it('retries an idempotent read after 503 and a dropped connection', async () => {
    const f = await fake({ version: 17 });
    const c = clientFor(f);
    await c.connect();
    let n = 0;
    f.intercept((r) => {
      if (!JSON.stringify(r.body).includes('"search_read"')) return undefined;
      n++;
      return n === 1 ? { status: 503, text: '<html>503</html>', headers: { 'content-type': 'text/html' } } : n === 2 ? 'drop' : undefined;
    });
    expect(await c.searchRead('res.partner', [], { fields: ['name'], limit: 2 })).toHaveLength(2);
    expect(n).toBe(3);
  });

  it('never repeats a create whose outcome is unknown: maybeCommitted', async () => {
    const f = await fake({ version: 17 });
    const c = clientFor(f);
    await c.connect();
    for (const answer of ['drop', { status: 504, text: 'gw', headers: { 'content-type': 'text/html' } }] as const) {
      let n = 0;
      f.intercept((r) => {
        if (!JSON.stringify(r.body).includes('"create"')) return undefined;
        n++;
        return answer;
      });
      const e = await rejection(c.create('res.partner', { name: 'Once' }));
      expect(n).toBe(1);
      expect(isMaybeCommitted(e)).toBe(true);
      expect(e.message).toMatch(/may or may not have been saved/);
    }
    // the caller may declare it idempotent (e.g. it carries its own idempotency key)
    let m = 0;
    f.intercept((r) => (JSON.stringify(r.body).includes('"create"') && ++m === 1 ? 'drop' : undefined));
    expect(typeof (await c.create('res.partner', { name: 'Keyed' }, { idempotent: true }))).toBe('number');
  });

  it('repeats a create after 429 (never processed) and after a serialization failure (rolled back)', async () => {
    const f = await fake({ version: 17 });
    const c = clientFor(f);
    await c.connect();
    let n = 0;
    const started = Date.now();
    f.intercept((r) => {
      if (!JSON.stringify(r.body).includes('"create"')) return undefined;
      n++;
      if (n === 1) return { status: 429, text: 'slow down', headers: { 'retry-after': '0.2', 'content-type': 'text/html' } };
      if (n === 2) return { json: rpcErrorBody(1, 'psycopg2.errors.SerializationFailure', 'could not serialize access due to concurrent update') };
      return undefined;
    });
    expect(typeof (await c.create('res.partner', { name: 'Retried' }))).toBe('number');
    expect(n).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190); // Retry-After respected
  });

  it('gives up after maxAttempts, and at once on a Retry-After beyond the limit', async () => {
    const f = await fake({ version: 19 });
    const c = clientFor(f, { secret: FAKE_API_KEY, retry: { ...FAST_RETRY, maxAttempts: 3, maxRetryAfterMs: 1000 } });
    await c.connect();
    let n = 0;
    f.intercept((r) => (r.path.endsWith('/search_read') ? (n++, { status: 502, text: 'bad gateway', headers: { 'content-type': 'text/html' } }) : undefined));
    const e = await rejection(c.searchRead('res.partner'));
    expect([e.code, n, e.details?.['attempts']]).toEqual(['odoo/server-error', 3, 3]);
    n = 0;
    f.intercept((r) => (r.path.endsWith('/search_read') ? (n++, { status: 429, json: {}, headers: { 'retry-after': '120' } }) : undefined));
    expect((await rejection(c.searchRead('res.partner'))).code).toBe('odoo/rate-limited');
    expect(n).toBe(1);
  });

  it('does not retry business errors', async () => {
    const f = await fake({ version: 17 });
    const c = clientFor(f);
    const e = await rejection(c.create('res.partner', { name: '' }));
    expect(e.code).toBe('odoo/validation');
    expect(f.calls.filter((x) => x.method === 'create')).toHaveLength(1);
    expect(isMaybeCommitted(e)).toBe(false);
  });

  it('re-authenticates once when the session expired', async () => {
    const f = await fake({ version: 17 });
    const c = clientFor(f);
    await c.connect();
    const authsBefore = ormCalls(f, 'authenticate').length;
    let n = 0;
    const expired = { json: { jsonrpc: '2.0', id: 1, error: { code: 100, message: 'Odoo Session Expired', data: odooError('odoo.http.SessionExpiredException', 'Session expired') } } };
    f.intercept((r) => (JSON.stringify(r.body).includes('"search_count"') && ++n === 1 ? expired : undefined));
    expect(await c.searchCount('res.partner')).toBe(25);
    expect(ormCalls(f, 'authenticate').length).toBe(authsBefore + 1);
    f.intercept((r) => (JSON.stringify(r.body).includes('"search_count"') ? expired : undefined));
    expect((await rejection(c.searchCount('res.partner'))).code).toBe('odoo/session-expired');
  });
});

describe('timeouts, cancellation, concurrency', () => {
  it('times out per attempt; a timed-out create is maybeCommitted, a read is retried', async () => {
    const f = await fake({ version: 17 });
    const c = clientFor(f, { timeoutMs: 150, retry: { ...FAST_RETRY, maxAttempts: 2 } });
    await c.connect();
    f.intercept((r) => (/"(create|search_read)"/.test(JSON.stringify(r.body)) ? 'hang' : undefined));
    const e = await rejection(c.create('res.partner', { name: 'Slow' }));
    expect([e.code, isMaybeCommitted(e)]).toEqual(['odoo/timeout', true]);
    const before = f.requests.length;
    const r = await rejection(c.searchRead('res.partner', [], { timeoutMs: 100 }));
    expect(r.code).toBe('odoo/timeout');
    expect(f.requests.length - before).toBe(2);
  });

  it('aborts an in-flight call and a backoff wait with app/cancelled', async () => {
    const f = await fake({ version: 17 });
    const c = clientFor(f, { retry: { maxAttempts: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 }, random: () => 1 });
    await c.connect();
    f.intercept((r) => (JSON.stringify(r.body).includes('"search_read"') ? 'hang' : undefined));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const t0 = Date.now();
    expect((await rejection(c.searchRead('res.partner', [], { signal: ac.signal }))).code).toBe('app/cancelled');
    f.intercept((r) => (JSON.stringify(r.body).includes('"search_read"') ? { status: 503, text: 'x' } : undefined));
    const ac2 = new AbortController();
    setTimeout(() => ac2.abort(), 100);
    expect((await rejection(c.searchRead('res.partner', [], { signal: ac2.signal }))).code).toBe('app/cancelled');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('keeps at most maxConcurrency requests in flight', async () => {
    for (const max of [2, 4]) {
      const f = await fake({ version: 17 });
      const c = clientFor(f, { maxConcurrency: max });
      await c.connect();
      f.intercept(async () => {
        await new Promise((r) => setTimeout(r, 30));
        return undefined;
      });
      await Promise.all(Array.from({ length: 12 }, () => c.searchCount('res.partner')));
      expect(f.maxInFlight()).toBe(max);
    }
  });

  it('shares the bound between clients of the same server', async () => {
    const f = await fake({ version: 17 });
    const a = clientFor(f);
    const b = clientFor(f);
    await Promise.all([a.connect(), b.connect()]);
    f.intercept(async () => {
      await new Promise((r) => setTimeout(r, 30));
      return undefined;
    });
    await Promise.all([...Array.from({ length: 6 }, () => a.searchCount('res.partner')), ...Array.from({ length: 6 }, () => b.searchCount('res.partner'))]);
    expect(f.maxInFlight()).toBe(2);
  });
});

describe('field adapters over the wire', () => {
  it('mobile reads as false on 19 without asking the server for it, and as the value on 17', async () => {
    const f19 = await fake({ version: 19 });
    const c19 = clientFor(f19, { secret: FAKE_API_KEY });
    const [p19] = await c19.read('res.partner', [1], ['name', 'mobile']);
    expect(p19).toEqual({ id: 1, name: 'Partner 1', mobile: false });
    expect(f19.requests.find((r) => r.path === '/json/2/res.partner/read')?.body).toEqual({ ids: [1], fields: ['id', 'name'] });
    // a filter on the missing field becomes a constant: nobody has a mobile
    expect(await c19.searchCount('res.partner', [['mobile', '!=', false]])).toBe(0);
    await c19.write('res.partner', [1], { mobile: '+32 1' }); // dropped, not an error
    const f17 = await fake({ version: 17 });
    const [p17] = await clientFor(f17).read('res.partner', [1], ['mobile']);
    expect(p17?.['mobile']).toMatch(/^\+32/);
    // fields_get once per model per connection
    const c17 = clientFor(f17);
    await c17.searchRead('res.partner', [], { fields: ['name'], limit: 1 });
    await c17.searchRead('res.partner', [], { fields: ['email'], limit: 1 });
    await c17.fieldsGet('res.partner');
    expect(f17.calls.filter((x) => x.method === 'fields_get')).toHaveLength(2); // one per client
  });
});

describe('logging', () => {
  it('never logs the secret', async () => {
    const lines: string[] = [];
    const logger = createLogger((e) => lines.push(JSON.stringify(e)), 'debug' as LogLevel);
    const f = await fake({ version: 17 });
    const c = clientFor(f, { logger });
    await c.searchRead('res.partner', [], { limit: 1 });
    f.intercept((r) => (JSON.stringify(r.body).includes('"search_read"') ? { status: 503, text: 'x' } : undefined));
    await rejection(c.searchRead('res.partner', [], { limit: 1 }));
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.join('\n')).not.toContain(FAKE_PASSWORD);
  });
});
