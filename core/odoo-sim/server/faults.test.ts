import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestDescriptor } from './faults';
import { createFaultEngine, scopeMatches } from './faults';
import type { SimServer } from './server';
import { startSimServer } from './server';
import type { FakeEngine } from './testing/fake-engine';
import { createFakeEngine } from './testing/fake-engine';
import { errorOf, executeKw, post, rpc, sessionLogin } from './testing/http-client';

let engine: FakeEngine;
let sim: SimServer;
let base: string;

beforeEach(async () => {
  engine = createFakeEngine({ version: 17 });
  sim = await startSimServer({ engine });
  base = sim.url;
});
afterEach(async () => {
  await sim.close();
});

const partnerName = (id: number) => engine.rows('res.partner').find((p) => p.id === id)?.name;
const version = () => rpc(base, '/jsonrpc', { service: 'common', method: 'version', args: [] });

describe('latency', () => {
  it('delays answers by ms + jitter and counts them', async () => {
    sim.faults.set({ latency: { ms: 60, jitterMs: 20 } });
    const t0 = performance.now();
    await version();
    const took = performance.now() - t0;
    expect(took).toBeGreaterThanOrEqual(55);
    const c = sim.faults.counts();
    expect(c.latency).toBe(1);
    expect(c.latencyMsTotal).toBeGreaterThanOrEqual(60);
    expect(c.latencyMsTotal).toBeLessThanOrEqual(80);
  });

  it('jitter is deterministic for a seed', () => {
    const d: RequestDescriptor = { route: 'jsonrpc', path: '/jsonrpc', orm: false, write: false };
    const a = createFaultEngine({ seed: 7, latency: { ms: 10, jitterMs: 100 } });
    const b = createFaultEngine({ seed: 7, latency: { ms: 10, jitterMs: 100 } });
    const seqA = Array.from({ length: 10 }, () => a.latencyFor(d));
    const seqB = Array.from({ length: 10 }, () => b.latencyFor(d));
    expect(seqA).toEqual(seqB);
    expect(new Set(seqA).size).toBeGreaterThan(1);
  });
});

describe('gateway errors (5xx)', () => {
  it('before the call: the engine never ran; `times` limits the count', async () => {
    sim.faults.set({ http5xx: { rate: 1, statuses: [503], times: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await executeKw(base, 'res.partner', 'create', [{ name: `Try ${i}` }])).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(engine.rows('res.partner').filter((p) => String(p.name).startsWith('Try '))).toHaveLength(1);
    expect(sim.faults.counts().http5xx).toBe(2);
  });

  it('the status is drawn from the configured list; the body is the proxy HTML page', async () => {
    sim.faults.set({ seed: 3, http5xx: { rate: 1, statuses: [502, 504] } });
    const seen = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const r = await version();
      seen.add(r.status);
      expect(r.text).toContain('nginx');
    }
    expect([...seen].sort()).toEqual([502, 504]);
  });

  it("when: 'after' — the write committed, then the gateway answered 504", async () => {
    sim.faults.set({ http5xx: { rate: 1, statuses: [504], when: 'after', scope: { writesOnly: true } } });
    const r = await executeKw(base, 'res.partner', 'write', [[7], { name: 'Committed anyway' }]);
    expect(r.status).toBe(504);
    expect(partnerName(7)).toBe('Committed anyway');
    // reads are out of scope
    expect((await executeKw(base, 'res.partner', 'read', [[7], ['name']])).status).toBe(200);
  });
});

describe('rate limiting (429)', () => {
  it('answers 429 with Retry-After and does not run the call', async () => {
    sim.faults.set({ http429: { rate: 1, retryAfterSeconds: 7, times: 1 } });
    const r = await executeKw(base, 'res.partner', 'write', [[7], { name: 'Throttled' }]);
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(partnerName(7)).toBe('Agrolait');
    expect((await executeKw(base, 'res.partner', 'write', [[7], { name: 'Second try' }])).status).toBe(200);
    expect(partnerName(7)).toBe('Second try');
    expect(sim.faults.counts().http429).toBe(1);
  });
});

describe('connection dropped after commit', () => {
  it('the write commits, the socket dies without a response', async () => {
    sim.faults.set({ dropAfterCommit: { rate: 1, times: 1 } });
    await expect(executeKw(base, 'res.partner', 'create', [{ name: 'Ghost write' }])).rejects.toThrow();
    expect(engine.rows('res.partner').filter((p) => p.name === 'Ghost write')).toHaveLength(1);
    expect(sim.faults.counts().dropAfterCommit).toBe(1);
    // the server is fine afterwards and the budget is spent
    expect((await executeKw(base, 'res.partner', 'search', [[['name', '=', 'Ghost write']]])).body.result).toHaveLength(1);
  });

  it('only calls that succeeded are dropped (a failed call committed nothing)', async () => {
    sim.faults.set({ dropAfterCommit: { rate: 1 } });
    const r = await executeKw(base, 'res.partner', 'create', [{ email: 'no-name' }]);
    expect(errorOf(r.body).data.name).toBe('odoo.exceptions.ValidationError');
    expect(sim.faults.counts().dropAfterCommit).toBe(0);
  });

  it('also on JSON-2 (19)', async () => {
    const e19 = createFakeEngine({ version: 19 });
    const s19 = await startSimServer({ engine: e19, faults: { dropAfterCommit: { rate: 1, scope: { routes: ['json2'] } } } });
    try {
      const key = e19.createApiKey('admin');
      await expect(post(`${s19.url}/json/2/res.partner/create`, JSON.stringify({ vals_list: [{ name: 'J2 ghost' }] }), { authorization: `bearer ${key}` })).rejects.toThrow();
      expect(e19.rows('res.partner').some((p) => p.name === 'J2 ghost')).toBe(true);
      // /jsonrpc is out of scope
      expect((await executeKw(s19.url, 'res.partner', 'create', [{ name: 'rpc ok' }])).status).toBe(200);
    } finally {
      await s19.close();
    }
  });
});

describe('session expiry', () => {
  const callKw = (cookie: string) => rpc(base, '/web/dataset/call_kw', { model: 'res.partner', method: 'search', args: [[]], kwargs: {} }, { cookie });

  it('the next N session calls get code 100 and their session is gone', async () => {
    const c1 = await sessionLogin(base);
    sim.faults.expireNextSessionCalls(2);
    expect(errorOf((await callKw(c1)).body).code).toBe(100);
    // the session really is gone, so re-authenticating is the only way back
    const c2 = await sessionLogin(base);
    expect(errorOf((await callKw(c2)).body).code).toBe(100);
    const c3 = await sessionLogin(base);
    expect((await callKw(c3)).body.result).toBeDefined();
    expect(sim.faults.counts().sessionExpiry).toBe(2);
  });

  it('stateless /jsonrpc calls are not affected', async () => {
    sim.faults.expireNextSessionCalls(1);
    expect((await executeKw(base, 'res.partner', 'search', [[]])).body.result).toBeDefined();
    expect(sim.faults.counts().sessionExpiry).toBe(0);
  });

  it('expireAllSessions invalidates every open session', async () => {
    const a = await sessionLogin(base);
    const b = await sessionLogin(base);
    expect(sim.faults.expireAllSessions()).toBe(2);
    expect(errorOf((await callKw(a)).body).code).toBe(100);
    expect(errorOf((await callKw(b)).body).code).toBe(100);
  });

  it('nextCalls in the start config, and a rate', async () => {
    await sim.close();
    sim = await startSimServer({ engine, faults: { sessionExpiry: { nextCalls: 1 } } });
    base = sim.url;
    expect(errorOf((await callKw(await sessionLogin(base))).body).code).toBe(100);
    expect((await callKw(await sessionLogin(base))).body.result).toBeDefined();
    sim.faults.set({ sessionExpiry: { rate: 1 } });
    expect(errorOf((await callKw(await sessionLogin(base))).body).code).toBe(100);
  });
});

describe('concurrent modification between two calls', () => {
  it('the hook runs once, right before the next matching call, and sees the engine', async () => {
    const before = await executeKw(base, 'res.partner', 'read', [[7], ['name', 'email']]);
    expect(before.body.result).toEqual([{ id: 7, name: 'Agrolait', email: false }]);
    let ran = 0;
    sim.faults.onceBeforeNextCall(
      (eng, call) => {
        ran += 1;
        expect(call.method).toBe('write');
        // another user edits the same record between our read and our write
        eng.execute({ uid: 2, model: 'res.partner', method: 'write', args: [[7], { email: 'theirs@example.com' }], kwargs: {}, style: 'rpc' });
      },
      { models: ['res.partner'], writesOnly: true },
    );
    expect(sim.faults.pendingHooks()).toBe(1);
    await executeKw(base, 'res.partner', 'search', [[]]); // a read: out of scope, hook stays pending
    expect(ran).toBe(0);
    await executeKw(base, 'res.partner', 'write', [[7], { name: 'Ours' }]);
    await executeKw(base, 'res.partner', 'write', [[7], { name: 'Ours again' }]);
    expect(ran).toBe(1);
    const after = await executeKw(base, 'res.partner', 'read', [[7], ['name', 'email']]);
    expect(after.body.result).toEqual([{ id: 7, name: 'Ours again', email: 'theirs@example.com' }]);
    expect(sim.faults.counts().hook).toBe(1);
    expect(sim.faults.pendingHooks()).toBe(0);
  });

  it('async hooks are awaited; a throwing hook surfaces as a server error', async () => {
    sim.faults.onceBeforeNextCall(async (eng) => {
      await new Promise((r) => setTimeout(r, 5));
      eng.execute({ uid: 2, model: 'res.partner', method: 'write', args: [[12], { name: 'Async edit' }], kwargs: {}, style: 'rpc' });
    });
    await executeKw(base, 'res.partner', 'search', [[]]);
    expect(partnerName(12)).toBe('Async edit');
    sim.faults.onceBeforeNextCall(() => {
      throw new Error('bad hook');
    });
    const r = await executeKw(base, 'res.partner', 'search', [[]]);
    expect(String(errorOf(r.body).data.message)).toContain('bad hook');
  });
});

describe('controller', () => {
  it('scopes: route, model, method, writesOnly', () => {
    const w: RequestDescriptor = { route: 'jsonrpc', path: '/jsonrpc', model: 'res.partner', method: 'write', orm: true, write: true };
    const r: RequestDescriptor = { ...w, method: 'read', write: false };
    expect(scopeMatches({ writesOnly: true }, w)).toBe(true);
    expect(scopeMatches({ writesOnly: true }, r)).toBe(false);
    expect(scopeMatches({ routes: ['json2'] }, w)).toBe(false);
    expect(scopeMatches({ models: ['account.move'] }, w)).toBe(false);
    expect(scopeMatches({ methods: ['read'] }, r)).toBe(true);
    expect(scopeMatches({ models: ['res.partner'] }, { route: 'version', path: '/web/version', orm: false, write: false })).toBe(false);
  });

  it('the same seed and request sequence give the same faults', async () => {
    const run = async () => {
      const e = createFakeEngine();
      const s = await startSimServer({ engine: e, faults: { seed: 42, http5xx: { rate: 0.5, statuses: [503] } } });
      const out: number[] = [];
      for (let i = 0; i < 16; i++) out.push((await rpc(s.url, '/jsonrpc', { service: 'common', method: 'version', args: [] })).status);
      await s.close();
      return out;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a).toContain(503);
    expect(a).toContain(200);
  });

  it('update merges, null removes, clear drops everything; counts and events are kept until reset', async () => {
    sim.faults.set({ http429: { rate: 1 }, latency: { ms: 1 } });
    sim.faults.update({ latency: null });
    expect(sim.faults.get()).toEqual({ http429: { rate: 1 } });
    expect((await version()).status).toBe(429);
    sim.faults.clear();
    expect(sim.faults.get()).toEqual({});
    expect((await version()).status).toBe(200);
    expect(sim.faults.counts().http429).toBe(1);
    expect(sim.faults.events()).toMatchObject([{ kind: 'http429', route: 'jsonrpc', method: 'version', status: 429 }]);
    sim.faults.resetCounts();
    expect(sim.faults.counts().http429).toBe(0);
    expect(sim.faults.events()).toEqual([]);
  });

  it('rejects nonsense rates', () => {
    expect(() => sim.faults.set({ http5xx: { rate: 2 } })).toThrow(RangeError);
    expect(() => createFaultEngine({ dropAfterCommit: { rate: -1 } })).toThrow(RangeError);
  });
});
