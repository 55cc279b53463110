import { contextBridge, ipcRenderer, type IpcRenderer } from 'electron';
import { isEventName, type Bridge } from '../../core/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/constants';

/**
 * The only surface the renderer gets: `window.smartOdoo = { invoke, on }`. Nothing of `ipcRenderer` crosses
 * the bridge — not the object, not its events (listeners receive the payload only), not arbitrary channels.
 * Main re-checks everything; this file just keeps the surface minimal. Bundled as one CommonJS file because
 * sandboxed preloads cannot load modules.
 */

type Listener = (payload: unknown) => void;

export function createBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on'>): Bridge {
  const listeners = new Map<string, Set<Listener>>();

  ipc.on(EVENT_CHANNEL, (_event, message: unknown) => {
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string') return;
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (e) {
        // one failing listener must not starve the others
        console.error(`smartOdoo: listener for ${event} threw`, e);
      }
    }
  });

  return {
    invoke: (channel, input) => ipc.invoke(INVOKE_CHANNEL, channel, input),
    on: (event, listener) => {
      if (!isEventName(event)) throw new TypeError(`smartOdoo.on: “${String(event).slice(0, 100)}” is not an event of the contract.`);
      if (typeof listener !== 'function') throw new TypeError('smartOdoo.on: the listener must be a function.');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
}

contextBridge.exposeInMainWorld('smartOdoo', createBridge(ipcRenderer));
