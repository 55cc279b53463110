import { describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../../core/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/constants';

// The preload runs inside Electron's sandbox; here `electron` is a recording fake.
type IpcListener = (event: unknown, ...args: unknown[]) => void;
const exposed: Array<[string, unknown]> = [];
const ipcListeners = new Map<string, IpcListener[]>();
const ipcRenderer = {
  invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'answer' })),
  on: vi.fn((channel: string, listener: IpcListener) => {
    ipcListeners.set(channel, [...(ipcListeners.get(channel) ?? []), listener]);
    return ipcRenderer;
  }),
  send: vi.fn(),
  sendSync: vi.fn(),
  removeAllListeners: vi.fn(),
};
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push([key, api]) },
  ipcRenderer,
}));

await import('./index');

const bridge = () => {
  expect(exposed).toHaveLength(1);
  return exposed[0]![1] as Bridge;
};
/** What main does: `webContents.send(EVENT_CHANNEL, message)`; the renderer-side IpcRendererEvent carries `sender`. */
const push = (message: unknown) => {
  const fakeEvent = { sender: ipcRenderer, senderId: 0 };
  for (const l of ipcListeners.get(EVENT_CHANNEL) ?? []) l(fakeEvent, message);
};

describe('preload bridge', () => {
  it('exposes exactly window.smartOdoo = { invoke, on } and nothing else', () => {
    expect(exposed.map(([k]) => k)).toEqual(['smartOdoo']);
    const api = bridge() as unknown as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(typeof api.invoke).toBe('function');
    expect(typeof api.on).toBe('function');
    expect(Object.values(api)).not.toContain(ipcRenderer);
  });

  it('invoke goes through the single invoke channel and returns main’s Result', async () => {
    const r = await bridge().invoke('app:info', {});
    expect(r).toEqual({ ok: true, value: 'answer' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(INVOKE_CHANNEL, 'app:info', {});
    expect(ipcRenderer.send).not.toHaveBeenCalled();
    expect(ipcRenderer.sendSync).not.toHaveBeenCalled();
  });

  it('on accepts contract events only', () => {
    expect(() => bridge().on('ipc:anything', () => {})).toThrow(/not an event of the contract/);
    expect(() => bridge().on('__proto__', () => {})).toThrow(TypeError);
    expect(() => bridge().on('jobs:progress', 'nope' as unknown as () => void)).toThrow(TypeError);
    // it never subscribes ipcRenderer to a channel the renderer named
    expect([...ipcListeners.keys()]).toEqual([EVENT_CHANNEL]);
  });

  it('delivers the payload only (never the IPC event or ipcRenderer), and unsubscribes', () => {
    const received: unknown[][] = [];
    const off = bridge().on('jobs:progress', (...args: unknown[]) => received.push(args));
    push({ event: 'jobs:progress', payload: { id: 'j1' } });
    push({ event: 'other:event', payload: { id: 'x' } });
    push('garbage');
    expect(received).toEqual([[{ id: 'j1' }]]);
    off();
    push({ event: 'jobs:progress', payload: { id: 'j2' } });
    expect(received).toHaveLength(1);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = vi.fn();
    const offBad = bridge().on('jobs:progress', () => {
      throw new Error('boom');
    });
    const offGood = bridge().on('jobs:progress', good);
    push({ event: 'jobs:progress', payload: 1 });
    expect(good).toHaveBeenCalledWith(1);
    offBad();
    offGood();
    error.mockRestore();
  });
});
