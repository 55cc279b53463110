import { randomUUID } from 'node:crypto';
import type { Job, JobState } from '../contract';
import type { EventBus } from '../host/events';
import { AppError, toErrorShape } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { JobsRepo, StoredJob } from '../store/repos/jobs-repo';

export type JobContext = {
  signal: AbortSignal;
  /** report progress; cheap to call often (events are throttled) */
  progress(done: number, total?: number | null, message?: string | null): void;
  /** throws `app/cancelled` when the job was cancelled: call at safe points */
  throwIfCancelled(): void;
};

type Live = {
  job: StoredJob;
  cancellable: boolean;
  controller: AbortController;
  startedMs: number;
  lastEmitMs: number;
  done: Promise<Job>;
};

const PROGRESS_INTERVAL_MS = 100;

/**
 * Runs long tasks with progress, ETA and cancellation, records their history, and pushes `jobs:progress`.
 * Every long task in the app goes through here so one indicator in the UI can show and cancel all of them.
 */
export class JobRunner {
  private readonly live = new Map<string, Live>();

  constructor(
    private readonly repo: JobsRepo | null,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly nowMs: () => number = Date.now,
  ) {}

  start(kind: string, title: string, fn: (ctx: JobContext) => Promise<void>, opts: { cancellable?: boolean } = {}): string {
    const id = randomUUID();
    const controller = new AbortController();
    const job: StoredJob = {
      id,
      kind,
      title,
      state: 'running',
      done: 0,
      total: null,
      message: null,
      startedAt: new Date(this.nowMs()).toISOString(),
      finishedAt: null,
      error: null,
    };
    const entry = { job, cancellable: opts.cancellable ?? true, controller, startedMs: this.nowMs(), lastEmitMs: 0 } as Live;
    this.live.set(id, entry);
    this.persist(() => this.repo?.insert(job));
    this.emit(entry, true);

    const ctx: JobContext = {
      signal: controller.signal,
      progress: (done, total, message) => {
        job.done = done;
        if (total !== undefined) job.total = total;
        if (message !== undefined) job.message = message;
        this.emit(entry, false);
      },
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new AppError('app/cancelled', 'Cancelled by the user.');
      },
    };

    entry.done = (async () => {
      try {
        await Promise.resolve().then(() => fn(ctx));
        job.state = controller.signal.aborted ? 'cancelled' : 'succeeded';
      } catch (e) {
        const shape = toErrorShape(e);
        if (controller.signal.aborted || shape.code === 'app/cancelled') {
          job.state = 'cancelled';
        } else {
          job.state = 'failed';
          job.error = { code: shape.code, message: shape.message };
          this.logger.warn('job failed', { jobId: id, kind, code: shape.code, message: shape.message });
        }
      }
      job.finishedAt = new Date(this.nowMs()).toISOString();
      this.persist(() => this.repo?.finish(job));
      this.emit(entry, true);
      this.live.delete(id);
      return this.view(entry);
    })();
    return id;
  }

  /** Resolves with the final state of a job started by this runner. */
  async wait(jobId: string): Promise<Job> {
    const e = this.live.get(jobId);
    if (e) return e.done;
    const past = this.repo?.recent(500).find((j) => j.id === jobId);
    if (!past) throw new AppError('jobs/not-found', `No job ${jobId}.`);
    return { ...past, cancellable: false, etaSeconds: null };
  }

  cancel(jobId: string): JobState {
    const e = this.live.get(jobId);
    if (!e) {
      const past = this.repo?.recent(500).find((j) => j.id === jobId);
      if (past) return past.state;
      throw new AppError('jobs/not-found', `No job ${jobId}.`);
    }
    if (!e.cancellable) throw new AppError('jobs/not-cancellable', `“${e.job.title}” cannot be cancelled safely.`);
    e.controller.abort();
    return 'cancelled';
  }

  list(limit: number, activeOnly: boolean): Job[] {
    const active = [...this.live.values()].map((e) => this.view(e));
    if (activeOnly) return active.slice(0, limit);
    const activeIds = new Set(active.map((j) => j.id));
    const history = (this.repo?.recent(limit) ?? [])
      .filter((j) => !activeIds.has(j.id))
      .map((j) => ({ ...j, cancellable: false, etaSeconds: null }));
    return [...active, ...history].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit);
  }

  /** Aborts everything still running (shutdown). */
  cancelAll(): void {
    for (const e of this.live.values()) e.controller.abort();
  }

  private view(e: Live): Job {
    const j = e.job;
    let eta: number | null = null;
    if (j.state === 'running' && j.total && j.done > 0 && j.done < j.total) {
      const elapsed = (this.nowMs() - e.startedMs) / 1000;
      eta = Math.round(((j.total - j.done) * elapsed) / j.done);
    }
    return { ...j, cancellable: e.cancellable && j.state === 'running', etaSeconds: eta };
  }

  private emit(e: Live, force: boolean): void {
    const now = this.nowMs();
    if (!force && now - e.lastEmitMs < PROGRESS_INTERVAL_MS) return;
    e.lastEmitMs = now;
    this.bus.emit('jobs:progress', this.view(e));
  }

  private persist(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      // history is best effort; a failing write must not kill the job itself
      this.logger.error('could not record job history', { error: err instanceof Error ? err.message : String(err) });
    }
  }
}
