/**
 * A small, bounded pool of tesseract.js workers (each a worker thread running Tesseract in WebAssembly).
 *
 * - Workers are created lazily, at most `size`, each initialised for one language set; a job for another
 *   set reuses an idle worker only by replacing it.
 * - Language data comes from the npm packages (languages.ts): the first language through `langPath`
 *   (gzip, `cacheMethod: 'none'` — nothing is read from or written to the cwd, nothing is fetched), the
 *   others written into the worker's in-memory file system.
 * - A job that outlives its time limit, or whose signal aborts, terminates its worker (Tesseract cannot be
 *   interrupted); the next job gets a fresh one. Jobs wait in FIFO order for a free worker.
 */
import type { Worker as ThreadWorker } from 'node:worker_threads';
import Tesseract from 'tesseract.js';
import { AppError } from '../../../shared/errors';
import { langDir, readTrainedData } from './languages';

export class OcrTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`OCR timed out after ${Math.round(ms / 100) / 10} s`);
    this.name = 'OcrTimeoutError';
  }
}

const cancelled = (): AppError => new AppError('app/cancelled', 'The extraction was cancelled.');

type Slot = {
  id: number;
  langs: string;
  busy: boolean;
  dead: boolean;
  worker: Tesseract.Worker | null;
  ready: Promise<Tesseract.Worker>;
};

type Waiter = { langs: string; resolve: (s: Slot) => void; reject: (e: unknown) => void; signal: AbortSignal | undefined; onAbort: () => void };

export type PoolOptions = {
  size: number;
  /** Tesseract parameters set once per worker */
  params?: Record<string, string>;
  /** how long creating a worker may take before it is given up */
  spawnTimeoutMs?: number;
};

export type PoolStats = { workers: number; busy: number; queued: number; spawned: number; killed: number };

export class TesseractPool {
  private readonly slots: Slot[] = [];
  private readonly waiters: Waiter[] = [];
  private nextId = 1;
  private closed = false;
  private spawned = 0;
  private killed = 0;

  constructor(private readonly options: PoolOptions) {}

  get size(): number {
    return this.options.size;
  }

  stats(): PoolStats {
    return { workers: this.slots.length, busy: this.slots.filter((s) => s.busy).length, queued: this.waiters.length, spawned: this.spawned, killed: this.killed };
  }

  /** Starts up to `count` workers for `langs` ahead of time (first-page latency). */
  async warmUp(langs: string, count = 1): Promise<void> {
    const n = Math.min(count, this.options.size);
    const held: Slot[] = [];
    try {
      for (let i = 0; i < n; i += 1) held.push(await this.acquire(langs, undefined));
      await Promise.all(held.map((s) => s.ready));
    } finally {
      for (const s of held) this.release(s);
    }
  }

  /**
   * Runs `job` on a worker for `langs`. Rejects with OcrTimeoutError after `timeoutMs` (the worker is
   * terminated and replaced later) or with app/cancelled when `signal` aborts. Waiting for a free worker and
   * starting one do not count towards the time limit.
   */
  async run<T>(langs: string, job: (w: Tesseract.Worker) => Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<T> {
    const slot = await this.acquire(langs, signal);
    let worker: Tesseract.Worker;
    try {
      worker = await this.readyOrAbort(slot, signal);
    } catch (e) {
      // cancelled while starting, or the start failed: this worker is not usable
      this.kill(slot);
      throw e;
    }
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void, failed: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (failed) this.kill(slot);
        else this.release(slot);
        fn();
      };
      const onAbort = (): void => finish(() => reject(cancelled()), true);
      const timer = setTimeout(() => finish(() => reject(new OcrTimeoutError(timeoutMs)), true), Math.max(1, timeoutMs));
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      job(worker).then(
        (v) => finish(() => resolve(v), false),
        (e: unknown) => finish(() => reject(toError(e)), slot.dead),
      );
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) {
      w.signal?.removeEventListener('abort', w.onAbort);
      w.reject(new AppError('app/cancelled', 'OCR was shut down.'));
    }
    await Promise.all(this.slots.splice(0).map((s) => terminateSlot(s)));
  }

  private readyOrAbort(slot: Slot, signal: AbortSignal | undefined): Promise<Tesseract.Worker> {
    if (!signal) return slot.ready;
    if (signal.aborted) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(cancelled());
      signal.addEventListener('abort', onAbort, { once: true });
      slot.ready.then(
        (w) => {
          signal.removeEventListener('abort', onAbort);
          resolve(w);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(toError(e));
        },
      );
    });
  }

  private acquire(langs: string, signal: AbortSignal | undefined): Promise<Slot> {
    if (this.closed) return Promise.reject(new AppError('app/cancelled', 'OCR was shut down.'));
    if (signal?.aborted) return Promise.reject(cancelled());
    const now = this.tryAcquire(langs);
    if (now) return Promise.resolve(now);
    return new Promise<Slot>((resolve, reject) => {
      const waiter: Waiter = {
        langs,
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(cancelled());
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** An idle worker for `langs`, a new one while below the size, or an idle one of other languages replaced. */
  private tryAcquire(langs: string): Slot | null {
    const same = this.slots.find((s) => !s.busy && !s.dead && s.langs === langs);
    if (same) {
      same.busy = true;
      return same;
    }
    if (this.slots.length < this.options.size) return this.spawn(langs);
    const other = this.slots.find((s) => !s.busy);
    if (other) {
      this.remove(other);
      void terminateSlot(other);
      return this.spawn(langs);
    }
    return null;
  }

  private spawn(langs: string): Slot {
    const slot: Slot = { id: this.nextId, langs, busy: true, dead: false, worker: null, ready: Promise.resolve(null as unknown as Tesseract.Worker) };
    this.nextId += 1;
    this.spawned += 1;
    slot.ready = createTesseractWorker(langs.split('+'), this.options.params ?? {}, this.options.spawnTimeoutMs ?? 60_000, () => {
      slot.dead = true;
    }).then((w) => {
      slot.worker = w;
      if (slot.dead || this.closed) void w.terminate();
      return w;
    });
    // an unobserved rejection is handled by whoever awaits `ready`; keep Node quiet meanwhile
    slot.ready.catch(() => undefined);
    this.slots.push(slot);
    return slot;
  }

  private release(slot: Slot): void {
    slot.busy = false;
    if (slot.dead) this.remove(slot);
    this.dispatch();
  }

  private kill(slot: Slot): void {
    slot.dead = true;
    slot.busy = false;
    this.killed += 1;
    this.remove(slot);
    void terminateSlot(slot);
    this.dispatch();
  }

  private remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  private dispatch(): void {
    for (let i = 0; i < this.waiters.length; ) {
      const w = this.waiters[i];
      if (!w) break;
      const slot = this.tryAcquire(w.langs);
      if (!slot) {
        i += 1;
        continue;
      }
      this.waiters.splice(i, 1);
      w.signal?.removeEventListener('abort', w.onAbort);
      w.resolve(slot);
    }
  }
}

async function terminateSlot(slot: Slot): Promise<void> {
  slot.dead = true;
  if (slot.worker) {
    const w = slot.worker;
    slot.worker = null;
    await w.terminate().catch(() => undefined);
    return;
  }
  // still starting: terminate once it is up
  await slot.ready.then((w) => w.terminate()).catch(() => undefined);
}

function toError(e: unknown): Error {
  if (e instanceof Error) return e;
  return new AppError('extract/corrupt', `OCR failed: ${String(e)}`);
}

/**
 * Creates one tesseract.js worker for `langs` (LSTM only) with language data from the npm packages only.
 * tesseract.js loads every language from one `langPath`, but each package has its own folder: the first
 * language is loaded through `langPath`; the others are written into the worker's in-memory file system,
 * and the worker is re-initialised with all of them (the first re-initialisation registers the languages
 * and fails on its own loader; the second finds the data in place and succeeds).
 */
export async function createTesseractWorker(langs: string[], params: Record<string, string>, spawnTimeoutMs: number, onDead: () => void): Promise<Tesseract.Worker> {
  const [first, ...rest] = langs;
  const firstDir = first ? langDir(first) : null;
  if (!first || !firstDir) throw new AppError('extract/unsupported', `OCR language '${first ?? ''}' is not available.`);
  const errors: string[] = [];
  const created = Tesseract.createWorker(first, Tesseract.OEM.LSTM_ONLY, {
    langPath: firstDir,
    gzip: true,
    cacheMethod: 'none',
    logger: () => undefined,
    errorHandler: (e: unknown) => {
      errors.push(String(e));
    },
  });
  const worker = await withTimeout(created, spawnTimeoutMs, () => new AppError('extract/timeout', `Starting the OCR engine took longer than ${spawnTimeoutMs / 1000} s.`));
  // the worker thread: a crash inside it (e.g. WebAssembly out of memory) must not take the process down
  const thread = (worker as unknown as { worker?: ThreadWorker }).worker;
  thread?.on('error', onDead);
  thread?.on('exit', onDead);
  try {
    if (rest.length > 0) {
      for (const code of rest) await worker.FS('writeFile', [`${code}.traineddata`, readTrainedData(code)]);
      const all = langs.join('+');
      await worker.reinitialize(all).catch(() => undefined);
      await worker.reinitialize(all).catch((e: unknown) => {
        throw new AppError('extract/unsupported', `The OCR engine could not load the languages ${all}: ${String(e)}`);
      });
    }
    if (Object.keys(params).length > 0) await worker.setParameters(params);
  } catch (e) {
    await worker.terminate().catch(() => undefined);
    throw e;
  }
  return worker;
}

function withTimeout<T>(p: Promise<T>, ms: number, err: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(err()), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(toError(e));
      },
    );
  });
}
