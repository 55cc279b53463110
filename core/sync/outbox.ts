import type Database from 'better-sqlite3';
import type { OdooClient } from '../odoo/types';
import { AppError, toErrorShape, type AppErrorShape } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { createAuditRepo } from '../store/repos/audit-repo';
import { createCacheRepo } from './cache-repo';
import { INTENT_HANDLERS, type IntentHandler, type Touched } from './intents';
import { syncSpec } from './models';
import { createOutboxRepo, rebasePending, type BasedOn, type OutboxRow } from './outbox-repo';

export type PushDeps = {
  db: Database.Database;
  client: OdooClient;
  logger: Logger;
  /** for the audit log: which connection and user applied the change */
  connection: { id: string | null; label: string; login: string };
  handlers?: Record<string, IntentHandler<unknown>>;
};

export type PushReport = {
  applied: number;
  alreadyApplied: number;
  conflicts: number;
  failed: number;
  /** left queued because Odoo could not be reached or the outcome is unknown; retried on the next push */
  deferred: number;
  stoppedBy: AppErrorShape | null;
};

/** Errors after which the outcome is unknown or the server unreachable: keep the intent queued and stop. */
const TRANSIENT = new Set(['odoo/unreachable', 'odoo/timeout', 'odoo/server-error', 'odoo/rate-limited', 'odoo/session-expired', 'odoo/tls', 'app/cancelled']);

function isTransient(e: AppErrorShape): boolean {
  return TRANSIENT.has(e.code) || e.details?.maybeCommitted === true;
}

/**
 * Pushes queued intents in order. For each: already applied in Odoo → done (never twice); a target changed
 * in Odoo since the decision → conflict with both versions (never overwritten); else mark 'applying',
 * apply, mark applied, refresh the touched records in the cache, and write the audit log.
 */
export async function pushOutbox(deps: PushDeps, opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<PushReport> {
  const handlers = deps.handlers ?? INTENT_HANDLERS;
  const repo = createOutboxRepo(deps.db);
  const cache = createCacheRepo(deps.db);
  const audit = createAuditRepo(deps.db);
  const report: PushReport = { applied: 0, alreadyApplied: 0, conflicts: 0, failed: 0, deferred: 0, stoppedBy: null };
  const total = repo.counts().pending + repo.counts().applying;
  let done = 0;
  const seen = new Set<number>();

  for (;;) {
    if (opts.signal?.aborted) break;
    const row = repo.next();
    if (!row || seen.has(row.id)) break;
    seen.add(row.id);
    const handler = handlers[row.kind];
    if (!handler) {
      repo.finish(row.id, 'failed', { lastError: { code: 'app/internal', message: `This version of the app does not know the change kind “${row.kind}”.` } });
      report.failed++;
      continue;
    }
    const parsed = handler.schema.safeParse(row.payload);
    if (!parsed.success) {
      repo.finish(row.id, 'failed', { lastError: { code: 'contract/invalid-input', message: `Invalid change: ${parsed.error.issues.map((i) => i.message).join('; ')}` } });
      report.failed++;
      continue;
    }
    try {
      const outcome = await pushOne(deps, handler, row, parsed.data, opts.signal);
      if (outcome.kind === 'conflict') {
        repo.finish(row.id, 'conflict', { conflict: outcome.conflict });
        report.conflicts++;
      } else {
        await refresh(deps, cache, outcome.touched, row);
        deps.db.transaction(() => {
          repo.finish(row.id, 'applied', { result: outcome.result });
          audit.append({
            at: new Date().toISOString(),
            actor: deps.connection.login,
            connection: deps.connection.label,
            action: row.kind,
            targetModel: handler.targets(parsed.data)[0]?.model ?? outcome.touched[0]?.model ?? null,
            targetIds: [...new Set(outcome.touched.flatMap((t) => t.ids))],
            summary: row.summary,
            details: { outboxId: row.id, idempotencyKey: row.idempotencyKey, result: outcome.result, alreadyApplied: outcome.kind === 'already' },
          });
        })();
        if (outcome.kind === 'already') report.alreadyApplied++;
        else report.applied++;
      }
    } catch (e) {
      const shape = toErrorShape(e);
      if (isTransient(shape)) {
        repo.markPending(row.id, { code: shape.code, message: shape.message });
        report.deferred = repo.counts().pending + repo.counts().applying;
        report.stoppedBy = shape;
        deps.logger.warn('outbox push stopped', { id: row.id, code: shape.code });
        break;
      }
      repo.finish(row.id, 'failed', { lastError: { code: shape.code, message: shape.message } });
      report.failed++;
    }
    opts.onProgress?.(++done, total);
  }
  return report;
}

type Outcome =
  | { kind: 'already'; result: unknown; touched: Touched }
  | { kind: 'applied'; result: unknown; touched: Touched }
  | { kind: 'conflict'; conflict: NonNullable<OutboxRow['conflict']> };

async function pushOne(deps: PushDeps, handler: IntentHandler<unknown>, row: OutboxRow, payload: unknown, signal?: AbortSignal): Promise<Outcome> {
  const client = deps.client;
  // 1. already applied (a dropped response, or a crash after Odoo committed)?
  if (await handler.isApplied(client, payload, row.idempotencyKey, signal)) {
    // the kinds that create records say which (the ids the caller waits for), like a normal apply would
    const found = handler.appliedResult ? await handler.appliedResult(client, payload, row.idempotencyKey, signal) : null;
    if (found) return { kind: 'already', result: { ...(found.result as object), alreadyApplied: true }, touched: [...found.touched, ...handler.touched(payload)] };
    return { kind: 'already', result: { alreadyApplied: true }, touched: handler.touched(payload) };
  }
  // 2. did a target change in Odoo since the decision? Not asked again once an apply was attempted: a
  // multi-step change (reconcile) may have committed its first writes, which moved the targets' write_date
  // themselves; its apply resumes from what is already in Odoo.
  const before: BasedOn[] = [];
  for (const b of row.attempts > 0 ? [] : row.basedOn) {
    let server;
    try {
      [server] = await client.read(b.model, [b.id], ['write_date', ...handler.conflictFields(payload)], { signal });
    } catch (e) {
      if (toErrorShape(e).code !== 'odoo/missing-record') throw e;
      server = undefined;
    }
    if (!server) {
      return { kind: 'conflict', conflict: { model: b.model, id: b.id, ours: payload, theirs: null } };
    }
    if (b.writeDate !== null && server.write_date !== b.writeDate) {
      return { kind: 'conflict', conflict: { model: b.model, id: b.id, ours: payload, theirs: server } };
    }
    before.push({ model: b.model, id: b.id, writeDate: typeof server.write_date === 'string' ? server.write_date : null });
  }
  // 3. apply: 'applying' is on disk before the request leaves
  createOutboxRepo(deps.db).markApplying(row.id);
  const applied = await handler.apply(client, payload, row.idempotencyKey, signal);
  return { kind: 'applied', result: applied.result, touched: [...applied.touched, ...handler.touched(payload)] };
}

/** Re-reads what an intent touched so the cache shows Odoo's result, and rebases later intents. */
async function refresh(deps: PushDeps, cache: ReturnType<typeof createCacheRepo>, touched: Touched, row: OutboxRow): Promise<void> {
  const at = new Date().toISOString();
  for (const t of touched) {
    const spec = syncSpec(t.model);
    const ids = [...new Set(t.ids)];
    if (!spec || ids.length === 0) continue;
    let records;
    try {
      records = await deps.client.read(t.model, ids, spec.fields, { context: { active_test: false } });
    } catch (e) {
      // the change is applied; a failed refresh only means the next sync brings it
      deps.logger.warn('could not refresh touched records', { model: t.model, error: toErrorShape(e).message });
      continue;
    }
    deps.db.transaction(() => {
      for (const r of records) {
        const prev = cache.writeDateOf(t.model, r.id) ?? null;
        cache.putMany(t.model, [r], at);
        const next = typeof r.write_date === 'string' ? r.write_date : null;
        if (prev !== next) rebasePending(deps.db, { model: t.model, id: r.id, from: prev, to: next });
        // the intent itself may have been based on a write_date newer than the cache's
        for (const b of row.basedOn) {
          if (b.model === t.model && b.id === r.id && b.writeDate !== prev) rebasePending(deps.db, { model: t.model, id: r.id, from: b.writeDate, to: next });
        }
      }
    })();
  }
}

/** Queues a change; validates its payload now so that bad input is refused before it is stored. */
export function enqueueIntent(
  db: Database.Database,
  i: { kind: string; payload: unknown; summary: string; key?: string; connectionId?: string | null },
  handlers: Record<string, IntentHandler<unknown>> = INTENT_HANDLERS,
): OutboxRow {
  const handler = handlers[i.kind];
  if (!handler) throw new AppError('contract/invalid-input', `Unknown change kind “${i.kind}”.`);
  const parsed = handler.schema.safeParse(i.payload);
  if (!parsed.success) throw new AppError('contract/invalid-input', `Invalid change: ${parsed.error.issues.map((x) => x.message).join('; ')}`);
  const cache = createCacheRepo(db);
  const basedOn: BasedOn[] = handler.targets(parsed.data).map((t) => ({ model: t.model, id: t.id, writeDate: cache.writeDateOf(t.model, t.id) ?? null }));
  const key = i.key ?? `so-${crypto.randomUUID()}`;
  return createOutboxRepo(db).enqueue({ key, kind: i.kind, payload: parsed.data, basedOn, summary: i.summary, connectionId: i.connectionId ?? null });
}
