import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OdooClient } from '../../core/odoo/types';
import type { DemoSim } from '../../core/odoo-sim/server/sim-command';
import type { SimCall } from '../../core/odoo-sim/types';
import { silentLogger } from '../../core/shared/logger';
import { openStore, type Store } from '../../core/store/db';
import { createAuditRepo } from '../../core/store/repos/audit-repo';
import { createCacheRepo } from '../../core/sync/cache-repo';
import { noteMarker } from '../../core/sync/intents/note-post';
import { enqueueIntent, pushOutbox } from '../../core/sync/outbox';
import { createOutboxRepo } from '../../core/sync/outbox-repo';
import { runSync } from '../../core/sync/sync-engine';
import { startTestSim } from '../helpers/sim';
import { makeTempDir } from '../helpers/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
let sim: DemoSim;
let client: OdooClient;
let store: Store;
let partnerIds: number[];

const exec = (call: Omit<SimCall, 'uid' | 'style' | 'kwargs'> & { kwargs?: Record<string, unknown> }) =>
  sim.engine.execute({ uid: 2, style: 'rpc', kwargs: {}, ...call });
const deps = () => ({ db: store.db, client, logger: silentLogger, connection: { id: 'demo', label: 'Demo company', login: 'admin' } });
const countNotes = (partnerId: number, key: string) =>
  exec({ model: 'mail.message', method: 'search_count', args: [[['model', '=', 'res.partner'], ['res_id', '=', partnerId], ['body', 'ilike', noteMarker(key)]]] }) as number;

beforeAll(async () => {
  tmp = makeTempDir();
  const t = await startTestSim({ dir: tmp.dir, size: 'S', seed: 11 });
  sim = t.sim;
  client = t.client();
  await client.connect();
  store = openStore(path.join(tmp.dir, 'cache.sqlite'));
  await runSync({ db: store.db, client, logger: silentLogger, serverKey: 'test' }, { models: ['res.partner'] });
  partnerIds = exec({ model: 'res.partner', method: 'search', args: [[['is_company', '=', true]]], kwargs: { limit: 60, order: 'id' } }) as number[];
}, 120_000);

afterAll(async () => {
  store?.close();
  client?.close();
  await sim?.close();
  tmp?.cleanup();
});

beforeEach(() => sim.faults.clear());

describe('outbox', () => {
  it('a target changed in Odoo after the decision becomes a conflict, not a write', async () => {
    const pid = partnerIds[0]!;
    const item = enqueueIntent(store.db, { kind: 'record:update', payload: { model: 'res.partner', id: pid, values: { email: 'mine@example.com' } }, summary: 'Fix e-mail' });
    await new Promise((r) => setTimeout(r, 1100));
    exec({ model: 'res.partner', method: 'write', args: [[pid], { email: 'theirs@example.com' }] });
    const report = await pushOutbox(deps());
    expect(report).toMatchObject({ conflicts: 1, applied: 0 });
    const row = createOutboxRepo(store.db).get(item.id)!;
    expect(row.state).toBe('conflict');
    expect(row.conflict).toMatchObject({ model: 'res.partner', id: pid, ours: { values: { email: 'mine@example.com' } }, theirs: { email: 'theirs@example.com' } });
    const [server] = exec({ model: 'res.partner', method: 'read', args: [[pid], ['email']] }) as Array<{ email: string }>;
    expect(server!.email).toBe('theirs@example.com');
  }, 60_000);

  it('several intents on one record apply in order without conflicting with each other', async () => {
    const pid = partnerIds[1]!;
    await runSync({ db: store.db, client, logger: silentLogger, serverKey: 'test' }, { models: ['res.partner'] });
    enqueueIntent(store.db, { kind: 'record:update', payload: { model: 'res.partner', id: pid, values: { phone: '+32 2 555 01 01' } }, summary: 'phone' });
    enqueueIntent(store.db, { kind: 'record:update', payload: { model: 'res.partner', id: pid, values: { email: 'second@example.com' } }, summary: 'email' });
    const report = await pushOutbox(deps());
    expect(report).toMatchObject({ applied: 2, conflicts: 0, failed: 0 });
    const [server] = exec({ model: 'res.partner', method: 'read', args: [[pid], ['phone', 'email']] }) as Array<{ phone: string; email: string }>;
    expect(server).toMatchObject({ phone: '+32 2 555 01 01', email: 'second@example.com' });
    // the cache shows Odoo's result, and the audit log has both
    expect(createCacheRepo(store.db).get('res.partner', pid)?.data).toMatchObject({ email: 'second@example.com' });
    expect(createAuditRepo(store.db).recent(2).map((a) => a.summary)).toEqual(['email', 'phone']);
  }, 60_000);

  it('refuses invalid intents before they are queued', () => {
    expect(() => enqueueIntent(store.db, { kind: 'record:update', payload: { model: 'account.move', id: 1, values: { state: 'posted' } }, summary: 'x' })).toThrow(/cannot be updated directly/);
    expect(() => enqueueIntent(store.db, { kind: 'nope', payload: {}, summary: 'x' })).toThrow(/Unknown change kind/);
  });

  it('applies every intent exactly once through 5xx and dropped-after-commit responses', async () => {
    const keys: Array<{ key: string; pid: number }> = [];
    for (const pid of partnerIds.slice(10, 50)) {
      const row = enqueueIntent(store.db, { kind: 'note:post', payload: { model: 'res.partner', id: pid, body: `Reminder for ${pid}` }, summary: `note ${pid}` });
      keys.push({ key: row.idempotencyKey, pid });
    }
    sim.faults.set({ seed: 99, dropAfterCommit: { rate: 0.25, scope: { writesOnly: true } }, http5xx: { rate: 0.2, when: 'after', scope: { writesOnly: true } } });
    let rounds = 0;
    let applied = 0;
    let already = 0;
    for (; rounds < 200; rounds++) {
      const r = await pushOutbox(deps());
      applied += r.applied;
      already += r.alreadyApplied;
      if (createOutboxRepo(store.db).counts().pending + createOutboxRepo(store.db).counts().applying === 0) break;
    }
    sim.faults.clear();
    const counts = sim.faults.counts();
    expect(counts.dropAfterCommit + counts.http5xx).toBeGreaterThan(5);
    expect(applied + already).toBe(keys.length);
    expect(already).toBeGreaterThan(0);
    for (const { key, pid } of keys) expect(countNotes(pid, key), `note for ${pid}`).toBe(1);
  }, 120_000);
});
