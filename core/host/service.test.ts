import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { AppInfo, CALL_NAMES, DEFAULT_SETTINGS, type Job } from '../contract';
import { createLogger, type LogFields } from '../shared/logger';
import { latestSchemaVersion } from '../store/db';
import { createService, storeFile, type Service } from './service';

let tmp: ReturnType<typeof makeTempDir>;
let service: Service;
let logs: Array<{ level: string; msg: string; fields: LogFields }>;
const make = () => createService({ dataDir: tmp.dir, host: 'test', logger: createLogger((e) => logs.push(e), 'debug'), checkOutputs: true });

beforeEach(() => {
  tmp = makeTempDir();
  logs = [];
  service = make();
});
afterEach(async () => {
  await service.close();
  tmp.cleanup();
});

describe('service dispatch', () => {
  it('answers app:info with a contract-valid value', async () => {
    const r = await service.invoke('app:info', {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const info = AppInfo.parse(r.value);
    expect(info.store).toMatchObject({ state: 'ok', schemaVersion: latestSchemaVersion() });
    expect(info.dataDir).toBe(tmp.dir);
    expect(info.host).toBe('test');
  });

  it('refuses an unknown channel with a typed error and logs it, without throwing', async () => {
    const r = await service.invoke('app:selfDestruct', {});
    expect(r).toEqual({ ok: false, error: { code: 'contract/unknown-channel', message: expect.stringContaining('app:selfDestruct') } });
    expect(logs.some((l) => l.msg === 'unknown channel')).toBe(true);
  });

  it('refuses input that does not parse, naming the field', async () => {
    const r = await service.invoke('settings:set', { theme: 'purple' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('contract/invalid-input');
    expect(r.error.message).toMatch(/theme/);
    const r2 = await service.invoke('settings:set', { notASetting: 1 });
    expect(r2.ok ? null : r2.error.code).toBe('contract/invalid-input');
    const r3 = await service.invoke('jobs:cancel', 'not an object');
    expect(r3.ok ? null : r3.error.code).toBe('contract/invalid-input');
  });

  it('the contract lists every channel a handler exists for', () => {
    expect(CALL_NAMES).toEqual(expect.arrayContaining(['app:info', 'settings:get', 'settings:set', 'jobs:list', 'jobs:cancel']));
  });
});

describe('settings', () => {
  it('returns defaults, persists changes across restarts', async () => {
    expect(await service.invoke('settings:get', {})).toEqual({ ok: true, value: DEFAULT_SETTINGS });
    const set = await service.invoke('settings:set', { dashboardRole: 'warehouse', theme: 'dark' });
    expect(set).toMatchObject({ ok: true, value: { dashboardRole: 'warehouse', theme: 'dark', locale: 'en-US' } });
    await service.close();
    service = make();
    expect(await service.invoke('settings:get', {})).toMatchObject({ ok: true, value: { dashboardRole: 'warehouse', theme: 'dark' } });
  });

  it('ignores a stored value that no longer validates, keeping the others', async () => {
    await service.invoke('settings:set', { dashboardRole: 'sales', syncIntervalMinutes: 5 });
    await service.close();
    const db = new Database(storeFile(tmp.dir));
    db.prepare("UPDATE settings SET value = '\"nonsense\"' WHERE key = 'dashboardRole'").run();
    db.close();
    service = make();
    expect(await service.invoke('settings:get', {})).toMatchObject({ ok: true, value: { dashboardRole: 'cfo', syncIntervalMinutes: 5 } });
  });
});

describe('jobs', () => {
  it('runs the store check as a job with progress events and history', async () => {
    const events: Job[] = [];
    service.subscribe((event, payload) => {
      if (event === 'jobs:progress') events.push(payload as Job);
    });
    const r = await service.invoke('jobs:start-store-check', {});
    if (!r.ok) throw new Error(r.error.message);
    const { jobId } = r.value as { jobId: string };
    const final = await service.jobs.wait(jobId);
    expect(final.state).toBe('succeeded');
    expect(events[0]).toMatchObject({ id: jobId, state: 'running' });
    expect(events.at(-1)).toMatchObject({ id: jobId, state: 'succeeded' });
    const list = await service.invoke('jobs:list', {});
    expect(list.ok && (list.value as Job[])[0]).toMatchObject({ id: jobId, state: 'succeeded', kind: 'store:check' });
  });

  it('cancels a running job and reports unknown ids', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const id = service.jobs.start('test:wait', 'Waiting', async (ctx) => {
      ctx.progress(1, 10);
      await gate;
      ctx.throwIfCancelled();
    });
    const active = await service.invoke('jobs:list', { activeOnly: true });
    expect(active.ok && (active.value as Job[]).map((j) => j.id)).toEqual([id]);
    expect(await service.invoke('jobs:cancel', { jobId: id })).toEqual({ ok: true, value: { jobId: id, state: 'cancelled' } });
    release();
    expect((await service.jobs.wait(id)).state).toBe('cancelled');
    const unknown = await service.invoke('jobs:cancel', { jobId: 'nope' });
    expect(unknown.ok ? null : unknown.error.code).toBe('jobs/not-found');
  });

  it('records a failing job with its error code', async () => {
    const id = service.jobs.start('test:fail', 'Failing', async () => {
      throw new Error('disk on fire');
    });
    const final = await service.jobs.wait(id);
    expect(final).toMatchObject({ state: 'failed', error: { code: 'app/internal', message: expect.stringContaining('disk on fire') } });
  });

  it('marks jobs left running by a crash as failed on the next start', async () => {
    await service.close();
    const db = new Database(storeFile(tmp.dir));
    db.prepare("INSERT INTO jobs (id, kind, title, state, done, started_at) VALUES ('x', 'sync', 'Sync', 'running', 3, '2026-01-01T00:00:00Z')").run();
    db.close();
    service = make();
    const list = await service.invoke('jobs:list', {});
    expect(list.ok && (list.value as Job[]).find((j) => j.id === 'x')).toMatchObject({ state: 'failed' });
  });
});

describe('damaged or future databases', () => {
  it('starts degraded on a corrupt file, offers a rebuild that keeps a backup', async () => {
    await service.close();
    fs.writeFileSync(storeFile(tmp.dir), 'garbage'.repeat(1000));
    service = make();
    const info = await service.invoke('app:info', {});
    expect(info.ok && (info.value as AppInfo).store).toMatchObject({ state: 'error', code: 'store/corrupt', canRebuild: true });
    const set = await service.invoke('settings:set', { theme: 'dark' });
    expect(set.ok ? null : set.error.code).toBe('store/corrupt');
    const refused = await service.invoke('store:rebuild', {});
    expect(refused.ok ? null : refused.error.code).toBe('contract/invalid-input');
    const rebuilt = await service.invoke('store:rebuild', { confirm: true });
    if (!rebuilt.ok) throw new Error(rebuilt.error.message);
    const { backupPath, store } = rebuilt.value as { backupPath: string; store: { state: string } };
    expect(store.state).toBe('ok');
    expect(fs.readFileSync(backupPath, 'utf8')).toMatch(/^garbage/);
    expect((await service.invoke('settings:set', { theme: 'dark' })).ok).toBe(true);
  });

  it('refuses a future-version database and keeps its tables', async () => {
    await service.invoke('settings:set', { theme: 'light' });
    await service.close();
    const db = new Database(storeFile(tmp.dir));
    db.pragma('user_version = 42');
    db.close();
    service = make();
    const info = await service.invoke('app:info', {});
    expect(info.ok && (info.value as AppInfo).store).toMatchObject({ state: 'error', code: 'store/future-version' });
    await service.close();
    const check = new Database(storeFile(tmp.dir));
    expect(check.prepare("SELECT value FROM settings WHERE key='theme'").pluck().get()).toBe('"light"');
    check.close();
    service = make();
  });
});
