import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { AppInfo, Job } from '../contract';
import { createLogger, type LogFields } from '../shared/logger';
import { createService, type Service } from './service';
import { isAppError } from '../shared/errors';
import { fail, ok } from '../shared/result';
import {
  connectCore,
  createVaultProxy,
  dataDirFrom,
  handleCoreMessage,
  stderrLogger,
  vaultInfoFrom,
  type CoreResponse,
  type CoreVaultRequest,
  type FromCore,
} from './utility-entry';

let tmp: ReturnType<typeof makeTempDir>;
let service: Service;
let logs: Array<{ level: string; msg: string; fields: LogFields }>;
const logger = () => createLogger((e) => logs.push(e), 'debug');

beforeEach(() => {
  tmp = makeTempDir();
  logs = [];
  service = createService({ dataDir: tmp.dir, host: 'electron', logger: logger(), electronVersion: '40.10.2', checkOutputs: true });
});
afterEach(async () => {
  await service.close();
  tmp.cleanup();
});

describe('handleCoreMessage (real service, temp data dir)', () => {
  it('answers a request with { id, result } from the service', async () => {
    const r = await handleCoreMessage(service, { id: 7, channel: 'app:info', input: {} }, logger());
    expect(r?.id).toBe(7);
    expect(r?.result.ok).toBe(true);
    if (!r?.result.ok) return;
    const info = AppInfo.parse(r.result.value);
    expect(info).toMatchObject({ host: 'electron', dataDir: tmp.dir, runtime: { electron: '40.10.2' }, store: { state: 'ok' } });
  });

  it('persists through the service: settings:set then settings:get', async () => {
    await handleCoreMessage(service, { id: 1, channel: 'settings:set', input: { theme: 'dark' } }, logger());
    const r = await handleCoreMessage(service, { id: 2, channel: 'settings:get', input: {} }, logger());
    expect(r?.result).toMatchObject({ ok: true, value: { theme: 'dark' } });
  });

  it('returns typed failures instead of throwing', async () => {
    expect(await handleCoreMessage(service, { id: 3, channel: 'no:such', input: {} }, logger())).toMatchObject({
      id: 3,
      result: { ok: false, error: { code: 'contract/unknown-channel' } },
    });
    expect(await handleCoreMessage(service, { id: 4, channel: 'settings:set', input: { theme: 7 } }, logger())).toMatchObject({
      id: 4,
      result: { ok: false, error: { code: 'contract/invalid-input' } },
    });
    expect(await handleCoreMessage(service, { id: 5, channel: 42, input: {} }, logger())).toMatchObject({
      id: 5,
      result: { ok: false, error: { code: 'contract/unknown-channel' } },
    });
  });

  it('wraps a service that throws anyway', async () => {
    const broken = {
      ...service,
      invoke: () => {
        throw new Error('boom');
      },
    } as unknown as Service;
    expect(await handleCoreMessage(broken, { id: 6, channel: 'app:info', input: {} }, logger())).toEqual({
      id: 6,
      result: { ok: false, error: { code: 'app/internal', message: 'Internal error: boom' } },
    });
  });

  it('drops messages without a usable id (nothing to answer) and logs them', async () => {
    for (const m of [null, 'x', [], { channel: 'app:info' }, { id: '1', channel: 'app:info' }, { id: 1.5, channel: 'app:info' }]) {
      expect(await handleCoreMessage(service, m, logger())).toBeNull();
    }
    expect(logs.filter((l) => l.msg === 'dropped a malformed message from main')).toHaveLength(6);
  });
});

describe('connectCore', () => {
  it('posts responses and forwards service events as { event, payload }', async () => {
    const posted: FromCore[] = [];
    const conn = connectCore(service, (m) => posted.push(m), logger());
    await conn.receive({ id: 1, channel: 'jobs:start-store-check', input: {} });
    const started = posted.find((m): m is CoreResponse => 'id' in m && m.id === 1);
    expect(started?.result.ok).toBe(true);
    // wait for the job to finish: its progress arrives as events
    const deadline = Date.now() + 10_000;
    const finished = () =>
      posted.some((m) => 'event' in m && m.event === 'jobs:progress' && Job.parse(m.payload).state === 'succeeded');
    while (!finished() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(finished()).toBe(true);
    const ev = posted.find((m) => 'event' in m);
    expect(ev).toMatchObject({ event: 'jobs:progress', payload: { kind: 'store:check' } });
    conn.dispose();
  });

  it('stops forwarding events after dispose', async () => {
    const posted: FromCore[] = [];
    const conn = connectCore(service, (m) => posted.push(m), logger());
    conn.dispose();
    await service.invoke('jobs:start-store-check', {});
    await new Promise((r) => setTimeout(r, 50));
    expect(posted.filter((m) => 'event' in m)).toHaveLength(0);
  });

  it('answers with app/internal when a result cannot be posted', async () => {
    const posted: FromCore[] = [];
    let first = true;
    const conn = connectCore(
      service,
      (m) => {
        if (first && 'id' in m) {
          first = false;
          throw new DOMException('could not be cloned', 'DataCloneError');
        }
        posted.push(m);
      },
      logger(),
    );
    await conn.receive({ id: 9, channel: 'app:info', input: {} });
    expect(posted).toEqual([{ id: 9, result: { ok: false, error: { code: 'app/internal', message: expect.any(String) } } }]);
    conn.dispose();
  });

  it('calls the shutdown hook on { shutdown: true } and answers nothing', async () => {
    const posted: FromCore[] = [];
    let shut = 0;
    const conn = connectCore(service, (m) => posted.push(m), logger(), () => shut++);
    await conn.receive({ shutdown: true });
    expect(shut).toBe(1);
    expect(posted).toEqual([]);
    conn.dispose();
  });
});

describe('dataDirFrom', () => {
  it('takes --data-dir from argv in either form', () => {
    expect(dataDirFrom(['electron', 'core.js', '--data-dir=/tmp/a b'], {})).toBe('/tmp/a b');
    expect(dataDirFrom(['--data-dir', '/tmp/c'], {})).toBe('/tmp/c');
  });
  it('falls back to SMART_ODOO_DATA_DIR, then the OS convention', () => {
    expect(dataDirFrom([], { SMART_ODOO_DATA_DIR: '/tmp/env' })).toBe(path.resolve('/tmp/env'));
    expect(dataDirFrom(['--data-dir='], { SMART_ODOO_DATA_DIR: '/tmp/env' })).toBe(path.resolve('/tmp/env'));
    expect(dataDirFrom([], { XDG_DATA_HOME: '/xdg' })).toMatch(/smart-odoo|Smart Odoo/);
  });
});

describe('stderrLogger', () => {
  it('writes one JSON line per entry, redacting secrets', () => {
    const lines: string[] = [];
    const log = stderrLogger({}, (l) => lines.push(l));
    log.info('connected', { url: 'https://odoo.example', apiKey: 'sk-live-123', nested: { password: 'hunter2' } });
    log.debug('hidden at the default level');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 'info', msg: 'connected', process: 'core', url: 'https://odoo.example', apiKey: '[redacted]' });
    expect(lines[0]).not.toContain('sk-live-123');
    expect(lines[0]).not.toContain('hunter2');
  });
  it('honours SMART_ODOO_LOG_LEVEL', () => {
    const lines: string[] = [];
    stderrLogger({ SMART_ODOO_LOG_LEVEL: 'debug' }, (l) => lines.push(l)).debug('shown');
    stderrLogger({ SMART_ODOO_LOG_LEVEL: 'bogus' }, (l) => lines.push(l)).debug('not shown');
    expect(lines).toHaveLength(1);
  });
});

describe('vault proxy (the core side of main’s safeStorage vault)', () => {
  const SECURE = { backend: 'safe-storage', secure: true } as const;

  /** A stand-in for main: answers each request from a Map, as core-process.ts does with the real vault. */
  function withFakeMain(opts: { refuse?: boolean } = {}) {
    const store = new Map<string, string>();
    const requests: CoreVaultRequest[] = [];
    // eslint-disable-next-line prefer-const
    let proxy: ReturnType<typeof createVaultProxy>;
    const post = (m: CoreVaultRequest) => {
      requests.push(m);
      const { id, op, key, secret } = m.vaultRequest;
      queueMicrotask(() => {
        if (opts.refuse) {
          proxy.receive({
            vaultReply: {
              id,
              result: fail({ code: 'vault/insecure-backend', message: 'No keyring.' }),
              info: { backend: 'safe-storage', secure: false, warning: 'No keyring.' },
            },
          });
          return;
        }
        const value = op === 'get' ? (store.get(key) ?? null) : op === 'has' ? store.has(key) : null;
        if (op === 'set') store.set(key, secret!);
        if (op === 'delete') store.delete(key);
        proxy.receive({ vaultReply: { id, result: ok(value), info: SECURE } });
      });
    };
    proxy = createVaultProxy(post, { backend: 'safe-storage', secure: false, warning: 'starting' });
    return { proxy, requests, store };
  }

  it('round-trips set/get/has/delete through messages and takes the status main reports', async () => {
    const { proxy, requests } = withFakeMain();
    const v = proxy.vault;
    expect(v.info()).toMatchObject({ secure: false });
    await v.set('odoo:c1', 'api-key-123');
    expect(v.info()).toEqual(SECURE);
    expect(await v.get('odoo:c1')).toBe('api-key-123');
    expect(await v.has('odoo:c1')).toBe(true);
    await v.delete('odoo:c1');
    expect(await v.has('odoo:c1')).toBe(false);
    expect(await v.get('odoo:c1')).toBeNull();
    expect(requests.map((r) => r.vaultRequest.op)).toEqual(['set', 'get', 'has', 'delete', 'has', 'get']);
    // the secret travels only with `set`
    expect(requests.filter((r) => JSON.stringify(r).includes('api-key-123')).map((r) => r.vaultRequest.op)).toEqual(['set']);
  });

  it('rejects with main’s typed error (the insecure-backend refusal reaches the service as an AppError)', async () => {
    const { proxy } = withFakeMain({ refuse: true });
    const error = await proxy.vault.set('odoo:c1', 'x').catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('vault/insecure-backend');
    expect(proxy.vault.info()).toMatchObject({ secure: false, warning: 'No keyring.' });
  });

  it('times out when main never answers, and ignores replies that are not for it', async () => {
    const proxy = createVaultProxy(() => {}, SECURE, 20);
    const error = await proxy.vault.get('odoo:c1').catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('vault/unavailable');
    expect(proxy.receive({ id: 1, result: ok(1) })).toBe(false);
    expect(proxy.receive({ vaultReply: { id: 999, result: ok(null), info: SECURE } })).toBe(true);
  });

  it('reads the status main passes at fork time, defaulting to "not secure"', () => {
    expect(vaultInfoFrom({ SMART_ODOO_VAULT_INFO: JSON.stringify(SECURE) })).toEqual(SECURE);
    expect(vaultInfoFrom({ SMART_ODOO_VAULT_INFO: JSON.stringify({ backend: 'safe-storage', secure: false, warning: 'w' }) })).toEqual({
      backend: 'safe-storage',
      secure: false,
      warning: 'w',
    });
    expect(vaultInfoFrom({})).toMatchObject({ secure: false });
    expect(vaultInfoFrom({ SMART_ODOO_VAULT_INFO: '{"backend":"magic","secure":true}' })).toMatchObject({ secure: false });
    expect(vaultInfoFrom({ SMART_ODOO_VAULT_INFO: 'not json' })).toMatchObject({ secure: false });
  });
});
