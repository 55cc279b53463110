import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOdooClient } from '../../core/odoo';
import type { OdooClient } from '../../core/odoo/types';
import type { DemoSim } from '../../core/odoo-sim/server/sim-command';
import type { SimCall } from '../../core/odoo-sim/types';
import { silentLogger } from '../../core/shared/logger';
import { openStore, type Store } from '../../core/store/db';
import { createCacheRepo } from '../../core/sync/cache-repo';
import { SYNC_MODELS } from '../../core/sync/models';
import { runSync } from '../../core/sync/sync-engine';
import { startTestSim } from '../helpers/sim';
import { makeTempDir } from '../helpers/temp-dir';

// The acceptance size is M (≈ 3k partners, 88k journal items); S is there for quick local runs.
const SIZE = (process.env.SMART_ODOO_SYNC_TEST_SIZE ?? 'M') as 'S' | 'M';
let tmp: ReturnType<typeof makeTempDir>;
let sim: DemoSim;
let client: OdooClient;
let store: Store;

const exec = (call: Omit<SimCall, 'uid' | 'style' | 'kwargs'> & { kwargs?: Record<string, unknown> }) =>
  sim.engine.execute({ uid: 2, style: 'rpc', kwargs: {}, ...call });

/** Every record the sim has for a model (archived included), as (id → write_date). */
async function serverIndex(model: string): Promise<Map<number, string>> {
  const rows = await client.readAll(model, [], { fields: ['write_date'], context: { active_test: false }, batchSize: 5000 });
  return new Map(rows.map((r) => [r.id, String(r.write_date)]));
}

beforeAll(async () => {
  tmp = makeTempDir();
  ({ sim } = await startTestSim({ dir: tmp.dir, size: SIZE }).then((t) => {
    client = t.client();
    return t;
  }));
  await client.connect();
  store = openStore(path.join(tmp.dir, 'cache.sqlite'));
}, 300_000);

afterAll(async () => {
  store?.close();
  client?.close();
  await sim?.close();
  tmp?.cleanup();
});

describe('sync engine against the simulator over loopback HTTP', () => {
  it(`initial sync of size ${SIZE} mirrors every model; the second run downloads nothing`, async () => {
    const report = await runSync({ db: store.db, client, logger: silentLogger, serverKey: 'test' }, { today: '2026-11-15' });
    expect(report.status).toBe('ok');
    const cache = createCacheRepo(store.db);
    for (const spec of SYNC_MODELS.filter((s) => !s.initialDomain)) {
      const server = await serverIndex(spec.model);
      expect(cache.count(spec.model), spec.model).toBe(server.size);
      for (const id of cache.ids(spec.model)) expect(cache.writeDateOf(spec.model, id), `${spec.model} ${id}`).toBe(server.get(id));
    }
    // filtered models: every open item is there
    const openLines = await client.search('account.move.line', [['reconciled', '=', false]], { context: { active_test: false } });
    for (const id of openLines) expect(cache.writeDateOf('account.move.line', id)).toBeDefined();

    const again = await runSync({ db: store.db, client, logger: silentLogger, serverKey: 'test' }, { today: '2026-11-15' });
    expect(again.status).toBe('ok');
    expect(again.models.every((m) => m.mode === 'incremental')).toBe(true);
    expect(again.models.reduce((s, m) => s + m.fetched, 0)).toBe(0);
  }, 300_000);

  it('incremental sync brings creates, writes, archives, deletes and recomputed payment_state — and nothing else', async () => {
    const cache = createCacheRepo(store.db);
    // let write_date move past the last sync (seconds precision)
    await new Promise((r) => setTimeout(r, 1100));
    const created = exec({ model: 'res.partner', method: 'create', args: [{ name: 'Brand New Customer BV', email: 'new@example.com' }] }) as number;
    const [toWrite, toArchive, toDelete] = (exec({ model: 'res.partner', method: 'search', args: [[['is_company', '=', true]]], kwargs: { limit: 3, order: 'id desc' } }) as number[]);
    exec({ model: 'res.partner', method: 'write', args: [[toWrite], { email: 'changed@example.com' }] });
    exec({ model: 'res.partner', method: 'write', args: [[toArchive], { active: false }] });
    const deletable = exec({ model: 'res.partner', method: 'create', args: [{ name: 'Short-lived Ltd' }] }) as number;
    void toDelete;

    // a payment that settles an open invoice in full: the invoice's payment_state is recomputed
    const [invoice] = exec({
      model: 'account.move',
      method: 'search_read',
      args: [[['move_type', '=', 'out_invoice'], ['state', '=', 'posted'], ['payment_state', '=', 'not_paid']]],
      kwargs: { fields: ['id', 'amount_residual', 'partner_id', 'payment_state'], limit: 1 },
    }) as Array<{ id: number; amount_residual: number }>;
    expect(invoice).toBeDefined();
    const wizard = exec({ model: 'account.payment.register', method: 'create', args: [{}], kwargs: { context: { active_model: 'account.move', active_ids: [invoice!.id] } } }) as number;
    exec({ model: 'account.payment.register', method: 'action_create_payments', args: [[wizard]], kwargs: { context: { active_model: 'account.move', active_ids: [invoice!.id] } } });

    const first = await runSync({ db: store.db, client, logger: silentLogger, serverKey: 'test' }, { today: '2026-11-15' });
    expect(first.status).toBe('ok');
    exec({ model: 'res.partner', method: 'unlink', args: [[deletable]] });
    const report = await runSync({ db: store.db, client, logger: silentLogger, serverKey: 'test' }, { today: '2026-11-15' });
    expect(report.status).toBe('ok');

    expect(cache.get('res.partner', created)?.data).toMatchObject({ name: 'Brand New Customer BV', email: 'new@example.com' });
    expect(cache.get('res.partner', toWrite!)?.data).toMatchObject({ email: 'changed@example.com' });
    expect(cache.get('res.partner', toArchive!)?.active).toBe(false);
    expect(cache.get('res.partner', deletable)).toBeUndefined();
    expect(cache.get('account.move', invoice!.id)?.data).toMatchObject({ payment_state: expect.stringMatching(/^(paid|in_payment)$/), amount_residual: 0 });

    // nothing else was downloaded: partners fetched = exactly the changed ones
    const partners = first.models.find((m) => m.model === 'res.partner')!;
    expect(partners.fetched).toBe(4);
    const moves = first.models.find((m) => m.model === 'account.move')!;
    // the invoice and the payment's entry
    expect(moves.fetched).toBeGreaterThanOrEqual(2);
    expect(moves.fetched).toBeLessThanOrEqual(3);
    expect(report.models.find((m) => m.model === 'res.partner')).toMatchObject({ deleted: 1, fetched: 0 });
  }, 120_000);

  it('resumes an interrupted initial sync where it stopped, without a half-applied page', async () => {
    const db2 = openStore(path.join(tmp.dir, 'resume.sqlite'));
    try {
      const controller = new AbortController();
      let pages = 0;
      const cancelled = await runSync(
        { db: db2.db, client, logger: silentLogger, serverKey: 'test' },
        {
          models: ['account.move.line'],
          batchSize: SIZE === 'S' ? 200 : 2000,
          signal: controller.signal,
          onProgress: (p) => {
            if (p.done > 0 && ++pages === 2) controller.abort();
          },
        },
      );
      expect(cancelled.status).toBe('cancelled');
      const cache = createCacheRepo(db2.db);
      const cursor = cache.cursor('account.move.line')!;
      expect(cursor.phase).toBe('initial');
      // the cursor and the records agree: every cached id is ≤ the cursor, and the count matches
      expect(cache.count('account.move.line')).toBe(cursor.synced_count);
      expect(Math.max(...cache.ids('account.move.line'))).toBe(cursor.last_id);
      const resumed = await runSync({ db: db2.db, client, logger: silentLogger, serverKey: 'test' }, { models: ['account.move.line'], batchSize: SIZE === 'S' ? 200 : 2000 });
      expect(resumed.status).toBe('ok');
      // the resumed run did not start over
      expect(resumed.models[0]!.fetched).toBeLessThan(cursor.total!);
      // everything the initial pass covers, plus whatever changed in Odoo meanwhile (picked up at once)
      expect(cache.count('account.move.line')).toBeGreaterThanOrEqual(cursor.total!);
      const openIds = await client.search('account.move.line', [['reconciled', '=', false]]);
      for (const id of openIds) expect(cache.writeDateOf('account.move.line', id)).toBeDefined();
    } finally {
      db2.close();
    }
  }, 120_000);

  it('skips a model the user may not read, names it, and keeps the rest consistent', async () => {
    const db3 = openStore(path.join(tmp.dir, 'access.sqlite'));
    // the sales user has no access to accounting
    const sales = createOdooClient({ url: sim.url, db: sim.db, login: 'sales', secret: 'sales', logger: silentLogger });
    try {
      await sales.connect();
      const report = await runSync({ db: db3.db, client: sales, logger: silentLogger, serverKey: 'sales' }, { models: ['res.partner', 'account.payment', 'crm.lead'] });
      expect(report.status).toBe('partial');
      expect(report.models.find((m) => m.model === 'account.payment')).toMatchObject({ status: 'skipped', message: expect.stringMatching(/No access to Payments \(account\.payment\)/) });
      expect(report.models.find((m) => m.model === 'res.partner')).toMatchObject({ status: 'ok' });
      expect(report.models.find((m) => m.model === 'crm.lead')).toMatchObject({ status: 'ok' });
      const cache = createCacheRepo(db3.db);
      expect(cache.count('account.payment')).toBe(0);
      expect(cache.count('res.partner')).toBeGreaterThan(100);
      await expect(runSync({ db: db3.db, client, logger: silentLogger, serverKey: 'test' }, { models: ['bogus.model'] })).rejects.toMatchObject({ code: 'contract/invalid-input' });
    } finally {
      sales.close();
      db3.close();
    }
  }, 60_000);
  it('a server that times out mid-page fails the sync clearly; the cache stays consistent and the next run resumes', async () => {
    const db4 = openStore(path.join(tmp.dir, 'timeout.sqlite'));
    const slow = createOdooClient({ url: sim.url, db: sim.db, login: sim.login, secret: sim.apiKey, logger: silentLogger, timeoutMs: 300, retry: { maxAttempts: 1 } });
    try {
      await slow.connect();
      let pages = 0;
      const report = await runSync(
        { db: db4.db, client: slow, logger: silentLogger, serverKey: 'test' },
        {
          models: ['account.move.line'],
          batchSize: 200,
          onProgress: (p) => {
            // from the third page on, the server takes longer than the client waits
            if (p.done > 0 && ++pages === 2) sim.faults.set({ latency: { ms: 1000, scope: { methods: ['search_read'] } } });
          },
        },
      );
      sim.faults.clear();
      expect(report.status).toBe('failed');
      expect(report.models[0]!.message).toMatch(/did not answer within 300 ms/);
      const cache = createCacheRepo(db4.db);
      const cursor = cache.cursor('account.move.line')!;
      expect(cache.count('account.move.line')).toBe(cursor.synced_count);
      expect(cursor.synced_count).toBeGreaterThan(0);
      const resumed = await runSync({ db: db4.db, client, logger: silentLogger, serverKey: 'test' }, { models: ['account.move.line'] });
      expect(resumed.status).toBe('ok');
      expect(cache.count('account.move.line')).toBeGreaterThanOrEqual(cursor.total!);
    } finally {
      sim.faults.clear();
      slow.close();
      db4.close();
    }
  }, 60_000);

  it('a revoked API key fails with a message that says so, and nothing in the cache changes', async () => {
    const key = sim.engine.createApiKey('admin', { name: 'to revoke' });
    const revoked = createOdooClient({ url: sim.url, db: sim.db, login: sim.login, secret: key, logger: silentLogger, retry: { maxAttempts: 1 } });
    try {
      await revoked.connect();
      sim.engine.revokeApiKey(key);
      const before = createCacheRepo(store.db).count('res.partner');
      const report = await runSync({ db: store.db, client: revoked, logger: silentLogger, serverKey: 'test' }, { models: ['res.partner'] });
      expect(report.status).toBe('failed');
      expect(report.models[0]!.message).toMatch(/credential|password|API key|Access Denied/i);
      expect(createCacheRepo(store.db).count('res.partner')).toBe(before);
    } finally {
      revoked.close();
    }
  }, 60_000);
});
