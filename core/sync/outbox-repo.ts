import type Database from 'better-sqlite3';

export type OutboxState = 'pending' | 'applying' | 'applied' | 'failed' | 'conflict' | 'discarded';

export type BasedOn = { model: string; id: number; writeDate: string | null };

export type OutboxRow = {
  id: number;
  idempotencyKey: string;
  kind: string;
  state: OutboxState;
  payload: unknown;
  basedOn: BasedOn[];
  summary: string;
  createdAt: string;
  updatedAt: string;
  attempts: number;
  lastError: { code: string; message: string } | null;
  conflict: { model: string; id: number; ours: unknown; theirs: unknown } | null;
  result: unknown;
  appliedAt: string | null;
  connectionId: string | null;
};

type Raw = {
  id: number;
  idempotency_key: string;
  kind: string;
  state: OutboxState;
  payload: string;
  based_on: string;
  summary: string;
  created_at: string;
  updated_at: string;
  attempts: number;
  last_error: string | null;
  conflict: string | null;
  result: string | null;
  applied_at: string | null;
  connection_id: string | null;
};

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));
const toRow = (r: Raw): OutboxRow => ({
  id: r.id,
  idempotencyKey: r.idempotency_key,
  kind: r.kind,
  state: r.state,
  payload: JSON.parse(r.payload),
  basedOn: JSON.parse(r.based_on) as BasedOn[],
  summary: r.summary,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  attempts: r.attempts,
  lastError: parse(r.last_error) as OutboxRow['lastError'],
  conflict: parse(r.conflict) as OutboxRow['conflict'],
  result: parse(r.result),
  appliedAt: r.applied_at,
  connectionId: r.connection_id,
});

/** The queue of changes for Odoo. Rows are never deleted: discarded and applied ones stay as history. */
export function createOutboxRepo(db: Database.Database) {
  const insert = db.prepare(
    `INSERT INTO outbox (idempotency_key, kind, state, payload, based_on, summary, created_at, updated_at, connection_id)
     VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?) ON CONFLICT(idempotency_key) DO NOTHING`,
  );
  const byKey = db.prepare<[string], Raw>('SELECT * FROM outbox WHERE idempotency_key = ?');
  const byId = db.prepare<[number], Raw>('SELECT * FROM outbox WHERE id = ?');
  const nextPending = db.prepare<[], Raw>("SELECT * FROM outbox WHERE state IN ('pending','applying') ORDER BY id LIMIT 1");
  const list = db.prepare<[number], Raw>('SELECT * FROM outbox ORDER BY id DESC LIMIT ?');
  const listState = db.prepare<[string, number], Raw>('SELECT * FROM outbox WHERE state = ? ORDER BY id DESC LIMIT ?');
  const counts = db.prepare<[], { state: OutboxState; n: number }>('SELECT state, count(*) AS n FROM outbox GROUP BY state');
  const setState = db.prepare(
    'UPDATE outbox SET state = @state, updated_at = @at, last_error = @lastError, conflict = @conflict, result = @result, applied_at = @appliedAt WHERE id = @id',
  );
  const markApplying = db.prepare("UPDATE outbox SET state = 'applying', attempts = attempts + 1, updated_at = ? WHERE id = ?");
  const backToPending = db.prepare("UPDATE outbox SET state = 'pending', updated_at = ?, last_error = ? WHERE id = ?");

  return {
    /** Queues an intent; the same idempotency key twice queues it once. Returns the row. */
    enqueue(i: { key: string; kind: string; payload: unknown; basedOn: BasedOn[]; summary: string; connectionId?: string | null }, at = new Date().toISOString()): OutboxRow {
      insert.run(i.key, i.kind, JSON.stringify(i.payload), JSON.stringify(i.basedOn), i.summary, at, at, i.connectionId ?? null);
      return toRow(byKey.get(i.key)!);
    },
    get(id: number): OutboxRow | undefined {
      const r = byId.get(id);
      return r ? toRow(r) : undefined;
    },
    next(): OutboxRow | undefined {
      const r = nextPending.get();
      return r ? toRow(r) : undefined;
    },
    list(opts: { state?: OutboxState; limit?: number } = {}): OutboxRow[] {
      const limit = opts.limit ?? 500;
      return (opts.state ? listState.all(opts.state, limit) : list.all(limit)).map(toRow);
    },
    counts(): Record<OutboxState, number> {
      const out: Record<OutboxState, number> = { pending: 0, applying: 0, applied: 0, failed: 0, conflict: 0, discarded: 0 };
      for (const r of counts.all()) out[r.state] = r.n;
      return out;
    },
    /** Recorded BEFORE the request leaves: after a crash, an 'applying' row is re-checked, never blindly re-sent. */
    markApplying(id: number, at = new Date().toISOString()): void {
      markApplying.run(at, id);
    },
    markPending(id: number, error: { code: string; message: string } | null, at = new Date().toISOString()): void {
      backToPending.run(at, error ? JSON.stringify(error) : null, id);
    },
    finish(
      id: number,
      state: Exclude<OutboxState, 'pending' | 'applying'>,
      extra: { lastError?: { code: string; message: string } | null; conflict?: OutboxRow['conflict']; result?: unknown } = {},
      at = new Date().toISOString(),
    ): void {
      setState.run({
        id,
        state,
        at,
        lastError: extra.lastError ? JSON.stringify(extra.lastError) : null,
        conflict: extra.conflict ? JSON.stringify(extra.conflict) : null,
        result: extra.result === undefined ? null : JSON.stringify(extra.result),
        appliedAt: state === 'applied' ? at : null,
      });
    },
  };
}
export type OutboxRepo = ReturnType<typeof createOutboxRepo>;

/**
 * After one of our own intents changed a record, later intents that relied on the record as it was
 * before must rely on it as we left it — otherwise our own change would look like a conflict.
 */
export function rebasePending(db: Database.Database, target: { model: string; id: number; from: string | null; to: string | null }): number {
  const rows = db.prepare<[], { id: number; based_on: string }>("SELECT id, based_on FROM outbox WHERE state IN ('pending','applying')").all();
  const upd = db.prepare('UPDATE outbox SET based_on = ? WHERE id = ?');
  let n = 0;
  for (const r of rows) {
    const based = JSON.parse(r.based_on) as BasedOn[];
    let changed = false;
    for (const b of based) {
      if (b.model === target.model && b.id === target.id && b.writeDate === target.from) {
        b.writeDate = target.to;
        changed = true;
      }
    }
    if (changed) {
      upd.run(JSON.stringify(based), r.id);
      n++;
    }
  }
  return n;
}
