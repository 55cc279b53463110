import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../core/shared/errors';
import { createLogger, silentLogger } from '../../core/shared/logger';
import { createMemoryVault, type CredentialVault } from '../../core/vault/types';
import { ok, type Result } from '../../core/shared/result';
import type { CoreRequest, CoreVaultReply, ToCore } from '../../core/host/utility-entry';
import { backoffDelay, createCoreProcess, type CoreChild, type CoreProcessOptions } from './core-process';

/** A stand-in for Electron's UtilityProcess: records what main posts, lets the test answer or crash. */
class FakeChild extends EventEmitter {
  posted: ToCore[] = [];
  killed = false;
  postMessage(m: ToCore) {
    this.posted.push(m);
  }
  kill() {
    this.killed = true;
    this.emit('exit', 15);
    return true;
  }
  ready() {
    this.emit('message', { ready: true, pid: 1234 });
  }
  requests(): CoreRequest[] {
    return this.posted.filter((m): m is CoreRequest => 'id' in m);
  }
  vaultReplies(): CoreVaultReply['vaultReply'][] {
    return this.posted.filter((m): m is CoreVaultReply => 'vaultReply' in m).map((m) => m.vaultReply);
  }
  answer(id: number, result: Result<unknown>) {
    this.emit('message', { id, result });
  }
  crash(code = 134) {
    this.emit('exit', code);
  }
}

let children: FakeChild[];
let events: Array<[string, unknown]>;
let clock: number;

function make(over: Partial<CoreProcessOptions> = {}) {
  const core = createCoreProcess({
    fork: () => {
      const c = new FakeChild();
      children.push(c);
      return c as unknown as CoreChild;
    },
    logger: silentLogger,
    onEvent: (e, p) => events.push([e, p]),
    timeoutMs: 1000,
    backoff: { initialMs: 100, maxMs: 1000, stableMs: 10_000, maxCrashes: 3 },
    now: () => clock,
    ...over,
  });
  core.start();
  return core;
}
const last = () => children[children.length - 1]!;

beforeEach(() => {
  vi.useFakeTimers();
  children = [];
  events = [];
  clock = 0;
});
afterEach(() => vi.useRealTimers());

describe('core process: requests and responses', () => {
  it('queues calls until the core says ready, then correlates answers by id (out of order)', async () => {
    const core = make();
    const a = core.invoke('app:info', {});
    const b = core.invoke('settings:get', {});
    expect(last().requests()).toHaveLength(0);
    last().ready();
    const [ra, rb] = last().requests();
    expect(ra).toMatchObject({ channel: 'app:info', input: {} });
    expect(rb).toMatchObject({ channel: 'settings:get' });
    last().answer(rb!.id, ok('B'));
    last().answer(ra!.id, ok('A'));
    expect(await a).toEqual(ok('A'));
    expect(await b).toEqual(ok('B'));
  });

  it('forwards contract events and ignores anything else the child sends', () => {
    make();
    last().ready();
    last().emit('message', { event: 'jobs:progress', payload: { id: 'j1' } });
    last().emit('message', { event: 'not:an-event', payload: {} });
    last().emit('message', 'garbage');
    last().emit('message', { id: 999, result: ok(1) }); // unknown id: dropped
    expect(events).toEqual([['jobs:progress', { id: 'j1' }]]);
  });

  it('fails a call that gets no answer in time with a typed timeout, and ignores the late answer', async () => {
    const core = make();
    last().ready();
    const p = core.invoke('app:info', {});
    vi.advanceTimersByTime(1001);
    expect(await p).toMatchObject({ ok: false, error: { code: 'host/core-timeout', details: { reason: 'core-timeout' } } });
    last().answer(last().requests()[0]!.id, ok('late'));
    expect(core.state).toBe('ready');
  });
});

describe('core process: crashes', () => {
  it('fails the calls a crash interrupted with a typed error and restarts after a backoff', async () => {
    const core = make();
    last().ready();
    const inFlight = core.invoke('jobs:list', {});
    last().crash();
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'host/core-crashed', details: { reason: 'core-crashed' } } });
    expect(core.state).toBe('restarting');
    expect(children).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(children).toHaveLength(2);
  });

  it('keeps calls made while restarting and sends them to the new process', async () => {
    const core = make();
    last().ready();
    last().crash();
    const queued = core.invoke('app:info', {});
    vi.advanceTimersByTime(100);
    expect(last().requests()).toHaveLength(0);
    last().ready();
    const [req] = last().requests();
    last().answer(req!.id, ok('from the new core'));
    expect(await queued).toEqual(ok('from the new core'));
  });

  it('backs off exponentially and gives up after too many consecutive crashes', async () => {
    const core = make();
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = children.length;
      last().crash();
      let waited = 0;
      while (children.length === before) {
        vi.advanceTimersByTime(50);
        waited += 50;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([100, 200, 400]);
    last().crash();
    expect(core.state).toBe('unavailable');
    vi.advanceTimersByTime(60_000);
    expect(children).toHaveLength(4);
    expect(await core.invoke('app:info', {})).toMatchObject({ ok: false, error: { details: { reason: 'core-unavailable' } } });
  });

  it('resets the crash count after a process that ran long enough', () => {
    make();
    last().crash();
    vi.advanceTimersByTime(100);
    last().crash();
    vi.advanceTimersByTime(200);
    clock += 10_000; // this one was stable
    last().crash();
    const before = children.length;
    vi.advanceTimersByTime(100);
    expect(children.length).toBe(before + 1);
  });

  it('ignores the exit of a process that was already replaced', () => {
    const core = make();
    const first = last();
    first.crash();
    vi.advanceTimersByTime(100);
    last().ready();
    first.crash(); // a stray duplicate exit event
    expect(core.state).toBe('ready');
  });

  it('computes capped exponential delays', () => {
    const b = { initialMs: 500, maxMs: 30_000, stableMs: 60_000, maxCrashes: 6 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, b))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});

describe('core process: stop', () => {
  it('asks the core to shut down, fails pending calls, and does not restart it', async () => {
    const core = make();
    last().ready();
    const pending = core.invoke('app:info', {});
    const child = last();
    const stopped = core.stop();
    expect(await pending).toMatchObject({ ok: false, error: { details: { reason: 'core-stopped' } } });
    expect(child.posted).toContainEqual({ shutdown: true });
    child.emit('exit', 0);
    await stopped;
    expect(child.killed).toBe(false);
    vi.advanceTimersByTime(60_000);
    expect(children).toHaveLength(1);
    expect(core.state).toBe('stopped');
  });

  it('kills a core that does not exit within the grace period', async () => {
    const core = make({ shutdownGraceMs: 500 });
    last().ready();
    const stopped = core.stop();
    await vi.advanceTimersByTimeAsync(501);
    await stopped;
    expect(last().killed).toBe(true);
  });
});

describe('core process: vault requests from the core', () => {
  const flush = () => vi.advanceTimersByTimeAsync(0);

  it('runs each operation on main’s vault and answers with the result and the vault status', async () => {
    const vault = createMemoryVault();
    make({ vault });
    last().ready();
    last().emit('message', { vaultRequest: { id: 1, op: 'set', key: 'odoo:c1', secret: 'k-123' } });
    await flush();
    expect(await vault.get('odoo:c1')).toBe('k-123');
    last().emit('message', { vaultRequest: { id: 2, op: 'get', key: 'odoo:c1' } });
    last().emit('message', { vaultRequest: { id: 3, op: 'has', key: 'odoo:c1' } });
    last().emit('message', { vaultRequest: { id: 4, op: 'delete', key: 'odoo:c1' } });
    await flush();
    expect(last().vaultReplies()).toEqual([
      { id: 1, result: ok(null), info: vault.info() },
      { id: 2, result: ok('k-123'), info: vault.info() },
      { id: 3, result: ok(true), info: vault.info() },
      { id: 4, result: ok(null), info: vault.info() },
    ]);
    expect(await vault.has('odoo:c1')).toBe(false);
  });

  it('passes the vault’s refusal back as a typed error, and never logs the secret', async () => {
    const lines: string[] = [];
    const refusing: CredentialVault = {
      ...createMemoryVault(),
      info: () => ({ backend: 'safe-storage', secure: false, warning: 'No keyring.' }),
      set: async () => {
        throw new AppError('vault/insecure-backend', 'No keyring.');
      },
    };
    make({ vault: refusing, logger: createLogger((e) => lines.push(JSON.stringify(e)), 'debug') });
    last().ready();
    last().emit('message', { vaultRequest: { id: 1, op: 'set', key: 'odoo:c1', secret: 'TOP-SECRET-KEY' } });
    await flush();
    expect(last().vaultReplies()).toEqual([
      { id: 1, result: { ok: false, error: { code: 'vault/insecure-backend', message: 'No keyring.' } }, info: refusing.info() },
    ]);
    expect(lines.join('\n')).not.toContain('TOP-SECRET-KEY');
  });

  it('answers vault/unavailable when main has no vault, and ignores malformed requests', async () => {
    make();
    last().ready();
    for (const bad of [
      { vaultRequest: { id: 1, op: 'drop-table', key: 'k' } },
      { vaultRequest: { id: 2, op: 'set', key: 7 } },
      { vaultRequest: { id: 3, op: 'set', key: 'k', secret: { not: 'a string' } } },
      { vaultRequest: 'x' },
    ]) {
      last().emit('message', bad);
    }
    last().emit('message', { vaultRequest: { id: 5, op: 'get', key: 'k' } });
    await flush();
    expect(last().vaultReplies()).toEqual([{ id: 5, result: { ok: false, error: expect.objectContaining({ code: 'vault/unavailable' }) }, info: expect.any(Object) }]);
  });

  it('does not answer a process that was replaced meanwhile', async () => {
    let release: (v: string | null) => void = () => {};
    const slow: CredentialVault = { ...createMemoryVault(), get: () => new Promise((r) => (release = r)) };
    make({ vault: slow });
    const first = last();
    first.ready();
    first.emit('message', { vaultRequest: { id: 1, op: 'get', key: 'k' } });
    first.crash();
    release('late');
    await flush();
    expect(first.vaultReplies()).toEqual([]);
  });
});
