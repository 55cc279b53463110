/**
 * The client against a flaky Odoo: the simulator injects (seeded) gateway 5xx on 20% of requests and
 * drops 5% of connections after the call committed. A 10k-record keyset read must still return every
 * record exactly once, and a create must never be applied twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOdooClient, isMaybeCommitted, type OdooProtocol } from '../../core/odoo';
import { createEngine } from '../../core/odoo-sim/engine';
import { startSimServer, type FaultConfig, type SimServer } from '../../core/odoo-sim/server';
import type { OdooVersion, SimEngine } from '../../core/odoo-sim/types';
import { AppError } from '../../core/shared/errors';

const RECORDS = 10_000;
const FAULTS: FaultConfig = {
  seed: 4242,
  http5xx: { rate: 0.2, statuses: [502, 503, 504] },
  dropAfterCommit: { rate: 0.05 },
};

describe.each([
  { version: 17 as OdooVersion, protocol: 'jsonrpc' as OdooProtocol },
  { version: 19 as OdooVersion, protocol: 'json2' as OdooProtocol },
])('Odoo $version over $protocol with faults', ({ version, protocol }) => {
  let engine: SimEngine;
  let server: SimServer;
  let apiKey = '';
  let expected: number[] = [];

  beforeAll(async () => {
    engine = createEngine({ version });
    apiKey = engine.createApiKey('admin');
    // Seed in process (no faults there); tag the rows so the read can ignore the engine's own partners.
    const vals = Array.from({ length: RECORDS }, (_, i) => ({ name: `Fault test ${i}`, ref: 'FAULTS', email: `f${i}@example.test` }));
    const ids = engine.execute({ uid: 2, model: 'res.partner', method: 'create', args: [vals], kwargs: {}, style: 'rpc' });
    expected = (ids as number[]).slice().sort((a, b) => a - b);
    server = await startSimServer({ engine, faults: FAULTS });
  });

  afterAll(async () => {
    await server?.close();
    engine?.close();
  });

  const client = () =>
    createOdooClient({
      url: server.url,
      db: engine.dbName,
      login: 'admin',
      secret: protocol === 'json2' ? apiKey : 'admin',
      protocol,
      // 25% of attempts fail: 10 attempts make a page that never gets through a 1-in-10^6 event
      retry: { maxAttempts: 10, baseDelayMs: 2, maxDelayMs: 20 },
      timeoutMs: 10_000,
    });

  it('reads 10k records by keyset exactly once despite 5xx and dropped responses', async () => {
    const c = client();
    const before = server.faults.counts();
    const seen: number[] = [];
    for await (const page of c.searchReadPages('res.partner', [['ref', '=', 'FAULTS']], { fields: ['name', 'email'], batchSize: 250 })) {
      seen.push(...page.records.map((r) => r.id));
    }
    expect(seen).toHaveLength(RECORDS);
    expect(new Set(seen).size).toBe(RECORDS);
    expect(seen).toEqual(expected);
    const after = server.faults.counts();
    // the faults really happened (seeded, so the same ones on every run)
    expect(after.http5xx - before.http5xx).toBeGreaterThan(0);
    expect(after.dropAfterCommit - before.dropAfterCommit).toBeGreaterThan(0);
    c.close();
  });

  it('never applies a create twice: failures after sending surface as maybeCommitted', async () => {
    const c = client();
    await c.connect();
    let ok = 0;
    let maybe = 0;
    for (let i = 0; i < 40; i++) {
      try {
        await c.create('res.partner', { name: `Once ${protocol} ${i}`, ref: 'ONCE' });
        ok++;
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect(isMaybeCommitted(e)).toBe(true);
        maybe++;
      }
    }
    server.faults.clear();
    const rows = await c.searchRead('res.partner', [['ref', '=', 'ONCE'], ['name', 'ilike', `Once ${protocol} `]], { fields: ['name'] });
    const perName = new Map<string, number>();
    for (const r of rows) perName.set(String(r['name']), (perName.get(String(r['name'])) ?? 0) + 1);
    expect([...perName.values()].every((n) => n === 1)).toBe(true);
    expect(rows.length).toBeGreaterThanOrEqual(ok);
    expect(rows.length).toBeLessThanOrEqual(ok + maybe);
    expect(maybe).toBeGreaterThan(0);
    server.faults.set(FAULTS);
    c.close();
  });
});

describe('web session routes: expiry', () => {
  let engine: SimEngine;
  let server: SimServer;

  beforeAll(async () => {
    engine = createEngine({ version: 17 });
    server = await startSimServer({ engine });
  });

  afterAll(async () => {
    await server?.close();
    engine?.close();
  });

  it('signs in again once when the session expired, and reports a second expiry', async () => {
    const c = createOdooClient({ url: server.url, db: engine.dbName, login: 'admin', secret: 'admin', protocol: 'web-session', retry: { maxAttempts: 2, baseDelayMs: 1 } });
    expect((await c.connect()).protocol).toBe('web-session');
    const total = await c.searchCount('res.partner');
    const before = server.faults.counts().sessionExpiry;
    server.faults.expireNextSessionCalls(1);
    expect(await c.searchCount('res.partner')).toBe(total);
    expect(server.faults.counts().sessionExpiry).toBe(before + 1);
    server.faults.expireNextSessionCalls(2);
    const e = await c.searchCount('res.partner').catch((x: unknown) => x);
    expect(e instanceof AppError && e.code).toBe('odoo/session-expired');
    c.close();
  });
});
