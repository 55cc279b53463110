import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, Connection, OutboxItem } from '../../core/contract';
import { createService, type Service } from '../../core/host/service';
import type { DemoSim } from '../../core/odoo-sim/server/sim-command';
import { silentLogger } from '../../core/shared/logger';
import { createMemoryVault } from '../../core/vault';
import { startTestSim } from '../helpers/sim';
import { makeTempDir } from '../helpers/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
let service: Service;
let remote: DemoSim;

const call = async <T>(channel: string, input: unknown = {}): Promise<T> => {
  const r = await service.invoke(channel, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as T;
};
const failure = async (channel: string, input: unknown) => {
  const r = await service.invoke(channel, input);
  if (r.ok) throw new Error(`${channel} unexpectedly succeeded`);
  return r.error;
};
const waitJob = async (jobId: string) => service.jobs.wait(jobId);

beforeAll(async () => {
  tmp = makeTempDir();
  service = createService({
    dataDir: path.join(tmp.dir, 'data'),
    host: 'test',
    logger: silentLogger,
    vault: createMemoryVault(),
    demo: { size: 'S', seed: 3, version: 17 },
    background: false,
    checkOutputs: true,
    clientOverrides: { timeoutMs: 3000, retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 } },
  });
  ({ sim: remote } = await startTestSim({ dir: tmp.dir, size: 'S', version: 18, seed: 9 }));
}, 180_000);

afterAll(async () => {
  await service?.close();
  await remote?.close();
  tmp?.cleanup();
});

describe('connections, demo company and sync through the service', () => {
  it('starts on the demo company and syncs it', async () => {
    const { connections } = await call<{ connections: Connection[] }>('connections:list');
    expect(connections).toHaveLength(1);
    expect(connections[0]).toMatchObject({ kind: 'demo', active: true, hasCredential: true });
    const info = await call<AppInfo>('app:info');
    expect(info.connection).toEqual({ kind: 'demo', label: 'Demo company' });
    const progress: number[] = [];
    const off = service.subscribe((e, p) => {
      if (e === 'sync:progress') progress.push((p as { done: number }).done);
    });
    const { jobId } = await call<{ jobId: string }>('sync:run', {});
    const job = await waitJob(jobId);
    off();
    expect(job.state).toBe('succeeded');
    expect(progress.length).toBeGreaterThan(5);
    const status = await call<{ models: Array<{ model: string; cached: number; phase: string }> }>('sync:status');
    expect(status.models.find((m) => m.model === 'res.partner')).toMatchObject({ phase: 'incremental', cached: expect.any(Number) });
    expect(status.models.find((m) => m.model === 'res.partner')!.cached).toBeGreaterThan(100);
    const log = await call<Array<{ status: string }>>('sync:log', { limit: 50 });
    expect(log.length).toBeGreaterThan(10);
  }, 180_000);

  it('explains what is wrong with a connection, specifically', async () => {
    const base = { url: remote.url, db: remote.db, login: 'admin', protocol: 'auto' };
    expect((await failure('connections:test', { ...base, secret: 'wrong' })).code).toBe('odoo/auth-failed');
    expect((await failure('connections:test', { ...base, db: 'nope', secret: remote.apiKey })).code).toBe('odoo/unknown-database');
    expect((await failure('connections:test', { ...base, url: 'http://127.0.0.1:1', secret: 'x' })).code).toBe('odoo/unreachable');
    expect((await failure('connections:test', { ...base, url: 'not a url', secret: 'x' })).code).toBe('contract/invalid-input');
    const ok = await call<{ serverVersion: string; major: number }>('connections:test', { ...base, secret: remote.apiKey });
    expect(ok.major).toBe(18);
  }, 60_000);

  it('saves a connection without ever returning its secret, syncs it, and keeps changes queued while offline', async () => {
    const saved = await call<Connection>('connections:save', { label: 'Remote 18', url: remote.url, db: remote.db, login: 'admin', secret: remote.apiKey, protocol: 'auto', activate: true });
    expect(saved).toMatchObject({ kind: 'odoo', active: true, hasCredential: true });
    expect(JSON.stringify(await call('connections:list'))).not.toContain(remote.apiKey);
    const { jobId } = await call<{ jobId: string }>('sync:run', { models: ['res.partner'] });
    expect((await waitJob(jobId)).state).toBe('succeeded');

    const pid = (remote.engine.execute({ uid: 2, style: 'rpc', model: 'res.partner', method: 'search', args: [[]], kwargs: { limit: 1 } }) as number[])[0]!;
    const item = await call<OutboxItem>('outbox:enqueue', { kind: 'record:update', payload: { model: 'res.partner', id: pid, values: { ref: 'OFFLINE-1' } }, summary: 'Set reference' });
    expect(item.state).toBe('pending');
    // the server goes away: the push fails clearly and the change stays queued
    remote.faults.set({ http5xx: { rate: 1, statuses: [503] } });
    const push = await call<{ jobId: string }>('outbox:push');
    const failed = await waitJob(push.jobId);
    expect(failed.state).toBe('failed');
    expect(failed.error?.message).toMatch(/stay queued/);
    expect((await call<{ counts: Record<string, number> }>('outbox:list', {})).counts.pending).toBe(1);
    // back online
    remote.faults.clear();
    const again = await call<{ jobId: string }>('outbox:push');
    expect((await waitJob(again.jobId)).state).toBe('succeeded');
    const list = await call<{ items: OutboxItem[] }>('outbox:list', {});
    expect(list.items.find((i) => i.id === item.id)?.state).toBe('applied');
    const audit = await call<Array<{ summary: string; connection: string }>>('audit:list', {});
    expect(audit[0]).toMatchObject({ summary: 'Set reference', connection: 'Remote 18' });
  }, 120_000);

  it('refuses to discard without confirmation and to remove the demo company', async () => {
    expect((await failure('outbox:discard', { id: 1 })).code).toBe('contract/invalid-input');
    expect((await failure('connections:remove', { id: 'demo', confirm: true })).code).toBe('contract/invalid-input');
  });
});
