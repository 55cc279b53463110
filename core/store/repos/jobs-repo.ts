import type Database from 'better-sqlite3';
import type { Job, JobState } from '../../contract';

type JobRow = {
  id: string;
  kind: string;
  title: string;
  state: JobState;
  done: number;
  total: number | null;
  message: string | null;
  error_code: string | null;
  error_message: string | null;
  started_at: string;
  finished_at: string | null;
};

export type StoredJob = Omit<Job, 'cancellable' | 'etaSeconds'>;

const toJob = (r: JobRow): StoredJob => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  state: r.state,
  done: r.done,
  total: r.total,
  message: r.message,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
});

/** Run history of long tasks. Rows are written at start and at the end, not on every progress tick. */
export function createJobsRepo(db: Database.Database) {
  const insert = db.prepare(
    `INSERT INTO jobs (id, kind, title, state, done, total, message, started_at) VALUES (@id, @kind, @title, @state, @done, @total, @message, @startedAt)`,
  );
  const finish = db.prepare(
    `UPDATE jobs SET state=@state, done=@done, total=@total, message=@message, error_code=@errorCode, error_message=@errorMessage, finished_at=@finishedAt WHERE id=@id`,
  );
  const recent = db.prepare<[number], JobRow>('SELECT * FROM jobs ORDER BY started_at DESC, rowid DESC LIMIT ?');
  // a job row left 'running' by a crash is history now: mark it failed so it is not shown as live
  const orphaned = db.prepare(
    `UPDATE jobs SET state='failed', error_code='app/internal', error_message='Interrupted: the app stopped while this job was running.', finished_at=? WHERE state IN ('queued','running')`,
  );
  return {
    insert(job: StoredJob): void {
      insert.run({ ...job, total: job.total });
    },
    finish(job: StoredJob): void {
      finish.run({
        id: job.id,
        state: job.state,
        done: job.done,
        total: job.total,
        message: job.message,
        errorCode: job.error?.code ?? null,
        errorMessage: job.error?.message ?? null,
        finishedAt: job.finishedAt,
      });
    },
    recent(limit: number): StoredJob[] {
      return recent.all(limit).map(toJob);
    },
    markOrphansFailed(at: string = new Date().toISOString()): number {
      return orphaned.run(at).changes;
    },
  };
}
export type JobsRepo = ReturnType<typeof createJobsRepo>;
