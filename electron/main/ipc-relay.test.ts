import { describe, expect, it, vi } from 'vitest';
import type { IpcMain } from 'electron';
import { ok, type Result } from '../../core/shared/result';
import { createLogger, silentLogger, type LogFields } from '../../core/shared/logger';
import { APP_ENTRY_URL, APP_ORIGIN, EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/constants';
import { createInvokeHandler, registerIpcRelay, sendEvent, type Forward } from './ipc-relay';

const trusted = { senderFrame: { url: APP_ENTRY_URL, parent: null } };
const subFrame = { senderFrame: { url: APP_ENTRY_URL, parent: { url: APP_ENTRY_URL, parent: null } } };
const foreign = { senderFrame: { url: 'https://evil.example/', parent: null } };

function setup(forwardImpl?: Forward) {
  const forward = vi.fn<Forward>(forwardImpl ?? (async () => ok({ forwarded: true })));
  const logs: Array<{ msg: string; fields: LogFields }> = [];
  const handler = createInvokeHandler({ trustedOrigins: [APP_ORIGIN], forward, logger: createLogger((e) => logs.push(e), 'debug') });
  return { handler, forward, logs };
}

const codeOf = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

describe('IPC relay checks, in order, before anything reaches the core', () => {
  it('1. refuses an untrusted sender first — even with an unknown channel and bad input', async () => {
    const { handler, forward } = setup();
    expect(codeOf(await handler(foreign, 'no:such-call', 'garbage'))).toBe('contract/forbidden-sender');
    expect(codeOf(await handler(subFrame, 'settings:set', { theme: 'dark' }))).toBe('contract/forbidden-sender');
    expect(codeOf(await handler({ senderFrame: null }, 'app:info', {}))).toBe('contract/forbidden-sender');
    expect(codeOf(await handler({ senderFrame: { url: 'file:///x/index.html', parent: null } }, 'app:info', {}))).toBe(
      'contract/forbidden-sender',
    );
    expect(forward).not.toHaveBeenCalled();
  });

  it('treats a senderFrame getter that throws as a missing frame', async () => {
    const { handler, forward } = setup();
    const event = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    };
    expect(codeOf(await handler(event, 'app:info', {}))).toBe('contract/forbidden-sender');
    expect(forward).not.toHaveBeenCalled();
  });

  it('2. then refuses a channel that is not in the contract — even with bad input', async () => {
    const { handler, forward } = setup();
    expect(codeOf(await handler(trusted, 'app:selfDestruct', 'garbage'))).toBe('contract/unknown-channel');
    expect(codeOf(await handler(trusted, '__proto__', {}))).toBe('contract/unknown-channel');
    expect(codeOf(await handler(trusted, 'toString', {}))).toBe('contract/unknown-channel');
    expect(codeOf(await handler(trusted, 42, {}))).toBe('contract/unknown-channel');
    expect(forward).not.toHaveBeenCalled();
  });

  it('3. then refuses input that does not parse with the call’s schema, saying where', async () => {
    const { handler, forward, logs } = setup();
    const r = await handler(trusted, 'settings:set', { theme: 'purple' });
    expect(r).toMatchObject({ ok: false, error: { code: 'contract/invalid-input', details: { issues: [{ path: 'theme' }] } } });
    expect(codeOf(await handler(trusted, 'store:rebuild', { confirm: false }))).toBe('contract/invalid-input');
    expect(codeOf(await handler(trusted, 'app:info', { extra: 1 }))).toBe('contract/invalid-input');
    expect(codeOf(await handler(trusted, 'jobs:cancel', 'not an object'))).toBe('contract/invalid-input');
    expect(forward).not.toHaveBeenCalled();
    expect(logs.some((l) => l.msg === 'invalid input')).toBe(true);
  });

  it('4. forwards a valid call (raw input) and returns the core’s Result unchanged', async () => {
    const answer = ok({ jobId: 'j1', state: 'cancelled' });
    const { handler, forward } = setup(async () => answer);
    expect(await handler(trusted, 'jobs:cancel', { jobId: 'j1' })).toBe(answer);
    expect(forward).toHaveBeenCalledWith('jobs:cancel', { jobId: 'j1' });
  });

  it('accepts a missing input for calls without parameters, like the service does', async () => {
    const { handler, forward } = setup();
    expect(codeOf(await handler(trusted, 'app:info', undefined))).toBe('ok');
    expect(forward).toHaveBeenCalledWith('app:info', undefined);
  });

  it('turns a failing forward into a Result instead of rejecting', async () => {
    const { handler } = setup(async () => {
      throw new Error('channel closed');
    });
    const r = await handler(trusted, 'app:info', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'app/internal' } });
  });
});

describe('registerIpcRelay', () => {
  it('handles exactly the invoke channel with (event, channel, input) and can be removed', async () => {
    const handlers = new Map<string, (...args: unknown[]) => unknown>();
    const ipc = {
      handle: (ch: string, fn: (...args: unknown[]) => unknown) => handlers.set(ch, fn),
      removeHandler: (ch: string) => handlers.delete(ch),
    } as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>;
    const forward = vi.fn<Forward>(async () => ok('pong'));
    const remove = registerIpcRelay(ipc, { trustedOrigins: [APP_ORIGIN], forward, logger: silentLogger });
    expect([...handlers.keys()]).toEqual([INVOKE_CHANNEL]);
    expect(await handlers.get(INVOKE_CHANNEL)!(trusted, 'app:info', {})).toEqual(ok('pong'));
    remove();
    expect(handlers.size).toBe(0);
  });
});

describe('sendEvent', () => {
  const target = (destroyed = false) => ({ send: vi.fn(), isDestroyed: () => destroyed });

  it('sends contract events to every live window on the event channel', () => {
    const a = target();
    const b = target(true);
    expect(sendEvent([a, b], 'jobs:progress', { id: 'j' })).toBe(1);
    expect(a.send).toHaveBeenCalledWith(EVENT_CHANNEL, { event: 'jobs:progress', payload: { id: 'j' } });
    expect(b.send).not.toHaveBeenCalled();
  });
  it('drops names that are not contract events', () => {
    const a = target();
    expect(sendEvent([a], 'ipc:raw', {})).toBe(0);
    expect(sendEvent([a], '__proto__', {})).toBe(0);
    expect(a.send).not.toHaveBeenCalled();
  });
});
