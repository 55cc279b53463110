/**
 * The extraction worker pool: a bounded set of worker threads (default min(2, cores)) running the pipeline
 * and OCR, so that PDF parsing, rendering and Tesseract never block the core's event loop. One document per
 * worker at a time; jobs wait in FIFO order. Cancel crosses the thread boundary as a message that aborts the
 * document's AbortSignal inside the worker; a worker that does not stop within a grace period, exceeds the
 * per-document time limit or runs out of memory (V8 heap limit per worker) is terminated and replaced —
 * the document fails with a clear error and the rest of the batch goes on.
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, isAppError, type AppErrorShape, type ErrorCode, ERROR_CODES } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { ExtractedDocument, ExtractProgress } from './types';

/** What a worker is asked to do with one file. */
export type WorkerJobInput = {
  bytes: Uint8Array;
  fileName: string;
  mime?: string;
  langs?: string;
  ignoreEmbeddedXml?: boolean;
  pageTimeoutMs?: number;
  /** also render the pages read by OCR as PNGs for Claude (`ExtractedDocument.pageImages`) */
  pageImages?: boolean;
};

export type WorkerRequest =
  | { type: 'run'; id: number; bytes: Uint8Array; fileName: string; mime?: string; langs?: string; ignoreEmbeddedXml?: boolean; pageTimeoutMs?: number; pageImages?: boolean }
  | { type: 'cancel'; id: number }
  | { type: 'close' };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'progress'; id: number; progress: ExtractProgress }
  | { type: 'done'; id: number; result: ExtractedDocument; heapUsed: number; ms: number }
  | { type: 'failed'; id: number; error: AppErrorShape; heapUsed: number }
  | { type: 'closed' };

export type PoolOptions = {
  logger: Logger;
  /** worker threads (default min(2, cores)) */
  size?: number;
  /** a document taking longer is stopped (default 5 minutes) */
  documentTimeoutMs?: number;
  /** after a cancel, how long a worker may take to stop before it is terminated (default 3 s) */
  cancelGraceMs?: number;
  /** V8 old-space limit per worker, MB (default 1024) */
  maxHeapMb?: number;
  /** a worker is replaced after this many documents (bounds slow leaks; default 200) */
  recycleAfter?: number;
  /**
   * OCR threads per worker (default: 2 where there are 2 cores). One scanned page is then read in two bands at
   * once, which roughly halves the wait for a single dropped scan; a batch oversubscribes the cores a little.
   */
  ocrThreads?: number;
};

export type PoolStats = {
  size: number;
  workers: number;
  busy: number;
  queued: number;
  done: number;
  failed: number;
  crashed: number;
  recycled: number;
  /** largest V8 heap a worker reported after a document, bytes */
  maxWorkerHeap: number;
};

export const defaultPoolSize = (): number => Math.max(1, Math.min(2, availableParallelism()));
export const defaultOcrThreads = (): number => Math.max(1, Math.min(2, availableParallelism()));

const isCode = (c: string): c is ErrorCode => (ERROR_CODES as readonly string[]).includes(c);

/** The worker script: the bundled .js in the app; in development the TypeScript source through tsx. */
function spawn(workerData: unknown, maxHeapMb: number): Worker {
  const here = fileURLToPath(import.meta.url);
  const dir = path.dirname(here);
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb };
  if (!here.endsWith('.ts')) {
    const file = [path.join(dir, 'extract-worker.js'), path.join(dir, '..', 'extract-worker.js')].find((f) => existsSync(f));
    if (!file) throw new Error(`The extraction worker script is missing next to ${here}; rebuild the app.`);
    return new Worker(file, { workerData, resourceLimits });
  }
  const tsxApi = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const entry = pathToFileURL(path.join(dir, 'extract-worker.ts')).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

type Job = {
  id: number;
  input: WorkerJobInput;
  signal: AbortSignal | undefined;
  onProgress: ((p: ExtractProgress) => void) | undefined;
  timeoutMs: number;
  resolve: (d: ExtractedDocument) => void;
  reject: (e: AppError) => void;
  onAbort?: () => void;
};

type Slot = {
  worker: Worker;
  job: Job | null;
  jobsDone: number;
  timer: NodeJS.Timeout | null;
  graceTimer: NodeJS.Timeout | null;
  dead: boolean;
  /** the worker loaded its modules: a document's time limit runs from here (not from the thread's start) */
  ready: boolean;
};

export class ExtractionPool {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly pending: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly counters = { done: 0, failed: 0, crashed: 0, recycled: 0, maxWorkerHeap: 0 };

  constructor(private readonly o: PoolOptions) {
    this.size = Math.max(1, Math.min(8, Math.floor(o.size ?? defaultPoolSize())));
  }

  /** Extracts one file in a worker. Rejects with an AppError (extract/*, app/cancelled, documents/worker-crashed). */
  run(input: WorkerJobInput, ctl: { signal?: AbortSignal; onProgress?: (p: ExtractProgress) => void; timeoutMs?: number } = {}): Promise<ExtractedDocument> {
    if (this.closed) return Promise.reject(new AppError('app/cancelled', 'The extraction pool is closed.'));
    if (ctl.signal?.aborted) return Promise.reject(new AppError('app/cancelled', `${input.fileName}: cancelled.`));
    return new Promise<ExtractedDocument>((resolve, reject) => {
      const job: Job = { id: this.nextId++, input, signal: ctl.signal, onProgress: ctl.onProgress, timeoutMs: ctl.timeoutMs ?? this.o.documentTimeoutMs ?? 300_000, resolve, reject };
      if (ctl.signal) {
        job.onAbort = () => this.cancel(job);
        ctl.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.pending.push(job);
      this.pump();
    });
  }

  stats(): PoolStats {
    return {
      size: this.size,
      workers: this.slots.length,
      busy: this.slots.filter((s) => s.job).length,
      queued: this.pending.length,
      ...this.counters,
    };
  }

  /** Stops every worker; running and waiting jobs are rejected as cancelled. */
  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.pending.splice(0)) this.settle(j, new AppError('app/cancelled', 'The extraction pool closed.'));
    await Promise.all(
      this.slots.splice(0).map(async (s) => {
        s.dead = true;
        if (s.job) this.settle(s.job, new AppError('app/cancelled', 'The extraction pool closed.'));
        s.job = null;
        this.clearTimers(s);
        // a polite close lets the worker stop its OCR threads; terminate if it does not answer
        await new Promise<void>((res) => {
          const t = setTimeout(() => void s.worker.terminate().then(() => res(), () => res()), 2000);
          s.worker.once('exit', () => {
            clearTimeout(t);
            res();
          });
          s.worker.postMessage({ type: 'close' } satisfies WorkerRequest);
        });
      }),
    );
  }

  private settle(job: Job, result: ExtractedDocument | AppError): void {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (result instanceof AppError) job.reject(result);
    else job.resolve(result);
  }

  private cancel(job: Job): void {
    const i = this.pending.indexOf(job);
    if (i >= 0) {
      this.pending.splice(i, 1);
      this.settle(job, new AppError('app/cancelled', `${job.input.fileName}: cancelled.`));
      return;
    }
    const slot = this.slots.find((s) => s.job === job);
    if (!slot) return;
    slot.worker.postMessage({ type: 'cancel', id: job.id } satisfies WorkerRequest);
    slot.graceTimer ??= setTimeout(() => this.kill(slot, new AppError('app/cancelled', `${job.input.fileName}: cancelled.`)), this.o.cancelGraceMs ?? 3000);
  }

  private clearTimers(s: Slot): void {
    if (s.timer) clearTimeout(s.timer);
    if (s.graceTimer) clearTimeout(s.graceTimer);
    s.timer = null;
    s.graceTimer = null;
  }

  /** Terminates a worker (stuck, too slow, or cancelled and not stopping); its job fails with `error`. */
  private kill(slot: Slot, error: AppError): void {
    if (slot.dead) return;
    slot.dead = true;
    this.clearTimers(slot);
    const job = slot.job;
    slot.job = null;
    this.remove(slot);
    void slot.worker.terminate();
    if (job) {
      this.counters.failed++;
      this.settle(job, error);
    }
    this.pump();
  }

  private remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  private startSlot(): Slot {
    const worker = spawn({ ocrThreads: this.o.ocrThreads ?? defaultOcrThreads() }, this.o.maxHeapMb ?? 1024);
    const slot: Slot = { worker, job: null, jobsDone: 0, timer: null, graceTimer: null, dead: false, ready: false };
    // an idle worker never keeps the process alive; a busy one does (the caller awaits its result)
    worker.unref();
    worker.on('message', (m: WorkerReply) => this.onMessage(slot, m));
    worker.on('error', (e: Error & { code?: string }) => {
      if (slot.dead) return;
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.o.logger.warn('extraction worker failed', { error: e.message, code: e.code });
      this.counters.crashed++;
      this.kill(
        slot,
        new AppError(
          'documents/worker-crashed',
          oom
            ? `${slot.job?.input.fileName ?? 'The document'} needed more memory than a worker may use (${this.o.maxHeapMb ?? 1024} MB) and was stopped.`
            : `The extraction worker stopped while reading ${slot.job?.input.fileName ?? 'a document'}: ${e.message}`,
        ),
      );
    });
    worker.on('exit', (code) => {
      if (slot.dead) return;
      this.counters.crashed++;
      this.kill(slot, new AppError('documents/worker-crashed', `The extraction worker exited (code ${code}) while reading ${slot.job?.input.fileName ?? 'a document'}.`));
    });
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot, m: WorkerReply): void {
    if (slot.dead) return;
    const job = slot.job;
    if (m.type === 'ready') {
      slot.ready = true;
      if (job) this.startTimer(slot, job);
      return;
    }
    if (m.type === 'progress') {
      if (job && m.id === job.id && !job.signal?.aborted) job.onProgress?.(m.progress);
      return;
    }
    if (m.type !== 'done' && m.type !== 'failed') return;
    if (!job || m.id !== job.id) return;
    this.clearTimers(slot);
    slot.job = null;
    slot.worker.unref();
    slot.jobsDone++;
    this.counters.maxWorkerHeap = Math.max(this.counters.maxWorkerHeap, m.heapUsed);
    if (m.type === 'done') {
      this.counters.done++;
      this.settle(job, m.result);
    } else {
      this.counters.failed++;
      const code = isCode(m.error.code) ? m.error.code : 'app/internal';
      this.settle(job, new AppError(code, m.error.message, m.error.details));
    }
    if (slot.jobsDone >= (this.o.recycleAfter ?? 200)) {
      // a fresh worker from time to time: whatever pdf.js or Tesseract kept is given back
      slot.dead = true;
      this.remove(slot);
      this.counters.recycled++;
      slot.worker.postMessage({ type: 'close' } satisfies WorkerRequest);
      setTimeout(() => void slot.worker.terminate(), 2000).unref();
    }
    this.pump();
  }

  private startTimer(slot: Slot, job: Job): void {
    if (slot.timer) clearTimeout(slot.timer);
    const s = job.timeoutMs / 1000;
    slot.timer = setTimeout(
      () => this.kill(slot, new AppError('extract/timeout', `${job.input.fileName} took longer than ${s < 10 ? s.toFixed(1) : Math.round(s)} s and was stopped.`)),
      job.timeoutMs,
    );
  }

  private pump(): void {
    while (!this.closed && this.pending.length > 0) {
      let slot = this.slots.find((s) => !s.job && !s.dead);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        try {
          slot = this.startSlot();
        } catch (e) {
          const job = this.pending.shift()!;
          this.settle(job, isAppError(e) ? e : new AppError('documents/worker-crashed', e instanceof Error ? e.message : String(e)));
          continue;
        }
      }
      const job = this.pending.shift()!;
      slot.job = job;
      slot.worker.ref();
      if (slot.ready) this.startTimer(slot, job);
      // the worker gets its own copy of the bytes (transferred, not cloned twice)
      const bytes = new Uint8Array(job.input.bytes);
      const req: WorkerRequest = {
        type: 'run',
        id: job.id,
        bytes,
        fileName: job.input.fileName,
        ...(job.input.mime ? { mime: job.input.mime } : {}),
        ...(job.input.langs ? { langs: job.input.langs } : {}),
        ...(job.input.ignoreEmbeddedXml ? { ignoreEmbeddedXml: true } : {}),
        ...(job.input.pageTimeoutMs ? { pageTimeoutMs: job.input.pageTimeoutMs } : {}),
        ...(job.input.pageImages ? { pageImages: true } : {}),
      };
      slot.worker.postMessage(req, [bytes.buffer]);
    }
  }
}
