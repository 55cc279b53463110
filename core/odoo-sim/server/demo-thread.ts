import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SimCall } from '../types';
import type { DemoSimInfo, DemoSimOptions } from './sim-command';

export type DemoSimThread = DemoSimInfo & {
  loadedDemo: boolean;
  /** one ORM call inside the simulator (tests, demo tooling) */
  execute(call: SimCall): Promise<unknown>;
  close(): Promise<void>;
};

/**
 * The worker script beside this module: the bundled .js in the app; in development the TypeScript source,
 * loaded through tsx registered inside the worker (a worker does not inherit the parent's loader hooks).
 */
function createWorker(workerData: unknown): Worker {
  const here = fileURLToPath(import.meta.url);
  const dir = path.dirname(here);
  if (!here.endsWith('.ts')) {
    // bundled: this code may sit in out/main/ or in a shared chunk below it
    const file = [path.join(dir, 'demo-worker.js'), path.join(dir, '..', 'demo-worker.js')].find((f) => existsSync(f));
    if (!file) throw new Error(`The demo simulator's worker script is missing next to ${here}; rebuild the app.`);
    return new Worker(file, { workerData });
  }
  // the ESM entry of tsx's API (require.resolve would give the CommonJS one, which cannot register here)
  const tsxApi = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const entry = pathToFileURL(path.join(dir, 'demo-worker.ts')).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * `startDemoSim` in a worker thread: the same simulator on 127.0.0.1, but its seconds of generation and its
 * synchronous ORM work run off the caller's event loop (the Node host and the Electron core stay responsive).
 */
export function startDemoSimThread(opts: Omit<DemoSimOptions, 'logger' | 'faults'>): Promise<DemoSimThread> & { abort(): void } {
  const worker = createWorker(opts);
  const started = start(worker);
  // stops a simulator still generating its company (the app is closing); the promise then rejects
  return Object.assign(started, { abort: () => void worker.terminate() });
}

function start(worker: Worker): Promise<DemoSimThread> {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let exited = false;

  return new Promise((resolve, reject) => {
    worker.on('error', (e) => {
      for (const p of pending.values()) p.reject(e);
      pending.clear();
      reject(e);
    });
    worker.on('exit', () => {
      exited = true;
      for (const p of pending.values()) p.reject(new Error('The demo simulator stopped.'));
      pending.clear();
      reject(new Error('The demo simulator stopped before it was ready.'));
    });
    worker.on('message', (m: { type: string; id?: number; info?: DemoSimInfo; loadedDemo?: boolean; message?: string; ok?: boolean; value?: unknown; error?: { message: string; name: string | null } }) => {
      if (m.type === 'failed') {
        void worker.terminate();
        reject(new Error(m.message));
        return;
      }
      if (m.type === 'ready') {
        resolve({
          ...m.info!,
          loadedDemo: m.loadedDemo ?? false,
          execute: (call) =>
            new Promise((res, rej) => {
              if (exited) return rej(new Error('The demo simulator stopped.'));
              const id = nextId++;
              pending.set(id, { resolve: res, reject: rej });
              worker.postMessage({ id, type: 'execute', call });
            }),
          close: () =>
            new Promise<void>((res) => {
              if (exited) return res();
              const id = nextId++;
              pending.set(id, { resolve: () => res(), reject: () => res() });
              worker.postMessage({ id, type: 'close' });
              // never hang a shutdown on a stuck worker
              setTimeout(() => void worker.terminate().then(() => res()), 5000).unref();
            }),
        });
        return;
      }
      const p = m.id !== undefined ? pending.get(m.id) : undefined;
      if (!p) return;
      pending.delete(m.id!);
      if (m.type === 'closed') p.resolve(undefined);
      else if (m.ok) p.resolve(m.value);
      else p.reject(Object.assign(new Error(m.error?.message ?? 'failed'), { odooName: m.error?.name }));
    });
  });
}
