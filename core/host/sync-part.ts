import type Database from 'better-sqlite3';
import type { CallName, Connection, OutboxItem, Settings } from '../contract';
import type { JobRunner } from '../engine/jobs';
import { AppError, toErrorShape } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { createAuditRepo } from '../store/repos/audit-repo';
import { createCacheRepo } from '../sync/cache-repo';
import { Connections, type ConnectionRow, type DemoSettings } from '../sync/connections';
import { SYNC_MODELS } from '../sync/models';
import { enqueueIntent, pushOutbox } from '../sync/outbox';
import { createOutboxRepo, type OutboxRow } from '../sync/outbox-repo';
import { runSync } from '../sync/sync-engine';
import type { CredentialVault } from '../vault';
import type { EventBus } from './events';
import type { Handlers } from './handlers';

type SyncCallName = Extract<CallName, `connections:${string}` | `sync:${string}` | `outbox:${string}` | `demo:${string}` | `audit:${string}`>;

export type SyncPartOptions = {
  db: Database.Database;
  jobs: () => JobRunner;
  bus: EventBus;
  logger: Logger;
  vault: CredentialVault;
  dataDir: string;
  demo: DemoSettings;
  settings: () => Settings;
  /** start the first sync on launch and the periodic background sync (off in tests that drive it by hand) */
  background: boolean;
  demoRunner?: 'thread' | 'in-process';
  clientOverrides?: ConstructorParameters<typeof Connections>[0]['clientOverrides'];
};

const toItem = (r: OutboxRow): OutboxItem => ({
  id: r.id,
  kind: r.kind,
  state: r.state,
  summary: r.summary,
  payload: r.payload,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  attempts: r.attempts,
  lastError: r.lastError,
  conflict: r.conflict,
  result: r.result,
  appliedAt: r.appliedAt,
});

/**
 * Connections, sync, outbox and audit: the handlers behind them and the background schedule.
 * One sync job and one push job at a time; a sync ends with a push, so decisions made offline reach Odoo
 * as soon as the server answers again.
 */
export function createSyncPart(o: SyncPartOptions) {
  const connections = new Connections({
    db: o.db,
    vault: o.vault,
    logger: o.logger,
    dataDir: o.dataDir,
    demo: o.demo,
    ...(o.demoRunner ? { demoRunner: o.demoRunner } : {}),
    ...(o.clientOverrides ? { clientOverrides: o.clientOverrides } : {}),
  });
  const outbox = createOutboxRepo(o.db);
  const cache = createCacheRepo(o.db);
  let syncJobId: string | null = null;
  const reports = new Map<string, Awaited<ReturnType<typeof runSync>>>();
  let pushJobId: string | null = null;
  let timer: NodeJS.Timeout | null = null;

  const emitOutbox = () => o.bus.emit('outbox:changed', { counts: outbox.counts() });

  const view = async (c: ConnectionRow): Promise<Connection> => {
    const v = (await connections.views()).find((x) => x.id === c.id)!;
    return { id: v.id, kind: v.kind, label: v.label, url: v.url, db: v.db, login: v.login, protocol: v.protocol, active: v.active, serverVersion: v.serverVersion, hasCredential: v.hasCredential };
  };

  const announceConnection = () => {
    const a = connections.active();
    o.bus.emit('connection:changed', { connectionId: a?.id ?? null, kind: a ? a.kind : 'none', label: a ? a.label : 'Not connected' });
  };

  async function push(signal: AbortSignal, progress?: (d: number, t: number) => void) {
    const { client, connection } = await connections.activeClient();
    const report = await pushOutbox(
      { db: o.db, client, logger: o.logger.child({ part: 'outbox' }), connection: { id: connection.id, label: connection.label, login: connection.login } },
      { signal, ...(progress ? { onProgress: progress } : {}) },
    );
    emitOutbox();
    return report;
  }

  function startSync(opts: { full: boolean; models?: string[] }): string {
    if (syncJobId) return syncJobId;
    const title = opts.full ? 'Full sync with Odoo' : 'Syncing with Odoo';
    const id = o.jobs().start('sync', title, async (ctx) => {
      const active = connections.ensureDefault();
      if (active.kind === 'demo') ctx.progress(0, null, 'Preparing the demo company…');
      const { client, serverKey } = await connections.activeClient();
      const starts = new Map<string, number>();
      const report = await runSync(
        { db: o.db, client, logger: o.logger.child({ part: 'sync' }), serverKey },
        {
          full: opts.full,
          ...(opts.models ? { models: opts.models } : {}),
          horizonMonths: o.settings().historyMonths,
          signal: ctx.signal,
          onProgress: (p) => {
            if (!starts.has(p.model)) starts.set(p.model, Date.now());
            const elapsed = (Date.now() - starts.get(p.model)!) / 1000;
            const eta = p.total && p.done > 0 && p.done < p.total ? Math.round(((p.total - p.done) * elapsed) / p.done) : null;
            o.bus.emit('sync:progress', { jobId: id, ...p, etaSeconds: eta });
            const within = p.total ? Math.min(1, p.done / p.total) : 0;
            ctx.progress(Math.round(((p.modelIndex + within) / p.modelCount) * 1000), 1000, `${p.label}: ${p.done.toLocaleString('en')}${p.total !== null ? ` / ${p.total.toLocaleString('en')}` : ''}`);
          },
        },
      );
      reports.set(id, report);
      const upserted = report.models.reduce((s, m) => s + m.upserted, 0);
      const deleted = report.models.reduce((s, m) => s + m.deleted, 0);
      o.bus.emit('sync:finished', { jobId: id, status: report.status, upserted, deleted });
      if (report.status === 'cancelled') throw new AppError('app/cancelled', 'Sync cancelled.');
      const failed = report.models.find((m) => m.status === 'failed');
      if (failed && report.status === 'failed') throw new AppError('odoo/server-error', failed.message ?? `Sync of ${failed.model} failed.`);
      // online now: send what was decided offline
      if (outbox.counts().pending + outbox.counts().applying > 0) {
        ctx.progress(1000, 1000, 'Sending queued changes…');
        await push(ctx.signal);
      }
      const skipped = report.models.filter((m) => m.status !== 'ok');
      ctx.progress(1000, 1000, skipped.length ? `Done; ${skipped.map((m) => m.message ?? m.model).join(' ')}` : `Done: ${upserted.toLocaleString('en')} records updated`);
    });
    syncJobId = id;
    void o.jobs().wait(id).finally(() => {
      if (syncJobId === id) syncJobId = null;
    });
    return id;
  }

  function startPush(): string {
    if (pushJobId) return pushJobId;
    const id = o.jobs().start('outbox:push', 'Sending changes to Odoo', async (ctx) => {
      const report = await push(ctx.signal, (d, t) => ctx.progress(d, t));
      if (report.stoppedBy) throw new AppError(report.stoppedBy.code, `Stopped: ${report.stoppedBy.message} ${report.deferred} change(s) stay queued.`);
      ctx.progress(1, 1, `${report.applied} applied, ${report.alreadyApplied} already in Odoo, ${report.conflicts} conflict(s), ${report.failed} failed`);
    });
    pushJobId = id;
    void o.jobs().wait(id).finally(() => {
      if (pushJobId === id) pushJobId = null;
    });
    return id;
  }

  function schedule() {
    if (timer) clearInterval(timer);
    timer = null;
    const minutes = o.settings().syncIntervalMinutes;
    if (!o.background || minutes <= 0) return;
    timer = setInterval(() => startSync({ full: false }), minutes * 60_000);
    timer.unref();
  }

  const requireOutbox = (id: number): OutboxRow => {
    const r = outbox.get(id);
    if (!r) throw new AppError('app/not-found', `No queued change ${id}.`);
    return r;
  };

  const handlers: Pick<Handlers, SyncCallName> = {
    'connections:list': async () => {
      connections.ensureDefault();
      const info = o.vault.info();
      const list = await connections.views();
      return {
        connections: list.map((v) => ({ id: v.id, kind: v.kind, label: v.label, url: v.url, db: v.db, login: v.login, protocol: v.protocol, active: v.active, serverVersion: v.serverVersion, hasCredential: v.hasCredential })),
        vault: { backend: info.backend, secure: info.secure, warning: info.warning ?? null },
      };
    },
    'connections:test': async (i) => {
      const info = await connections.test({ url: i.url, db: i.db ?? null, login: i.login, secret: i.secret ?? null, protocol: i.protocol, ...(i.connectionId ? { connectionId: i.connectionId } : {}) });
      return { serverVersion: info.serverVersion, major: info.major, protocol: info.protocol, uid: info.uid, userName: info.userName, databases: info.databases ?? null, warnings: info.warnings };
    },
    'connections:databases': async (i) => ({ databases: await connections.listDatabases(i.url) }),
    'connections:save': async (i) => {
      const row = await connections.save({
        ...(i.id ? { id: i.id } : {}),
        label: i.label,
        url: i.url,
        db: i.db ?? null,
        login: i.login,
        secret: i.secret ?? null,
        protocol: i.protocol,
        activate: i.activate,
      });
      if (i.activate) announceConnection();
      return view(row);
    },
    'connections:activate': async (i) => {
      const row = connections.activate(i.id);
      announceConnection();
      if (o.background) startSync({ full: false });
      return view(row);
    },
    'connections:remove': async (i) => {
      await connections.remove(i.id);
      announceConnection();
      return { removed: i.id };
    },
    'demo:reset': () => {
      const id = o.jobs().start('demo:reset', 'Resetting the demo company', async (ctx) => {
        ctx.progress(0, 2, 'Generating the demo company…');
        await connections.demo({ reset: true });
        const demoModels = SYNC_MODELS.map((m) => m.model);
        o.db.transaction(() => {
          for (const m of demoModels) cache.resetModel(m);
        })();
        ctx.progress(1, 2, 'Demo company ready');
      });
      void o.jobs().wait(id).then((j) => {
        if (j.state === 'succeeded' && connections.active()?.kind === 'demo') startSync({ full: false });
      });
      return { jobId: id };
    },
    'sync:run': (i) => ({ jobId: startSync({ full: i.full, ...(i.models ? { models: i.models } : {}) }) }),
    'sync:status': () => {
      const rows = o.db.prepare<[], { model: string; phase: 'initial' | 'incremental'; total: number | null; updated_at: string }>('SELECT model, phase, total, updated_at FROM sync_cursors').all();
      const byModel = new Map(rows.map((r) => [r.model, r]));
      const last = o.db.prepare<[], { finished_at: string | null }>("SELECT max(finished_at) AS finished_at FROM sync_log WHERE status = 'ok'").get();
      return {
        models: SYNC_MODELS.map((m) => {
          const c = byModel.get(m.model);
          return { model: m.model, label: m.label, phase: c?.phase ?? 'none', cached: cache.count(m.model), total: c?.total ?? null, lastSyncedAt: c?.updated_at ?? null };
        }),
        lastSyncAt: last?.finished_at ?? null,
        runningJobId: syncJobId,
        intervalMinutes: o.settings().syncIntervalMinutes,
      };
    },
    'sync:log': (i) =>
      o.db
        .prepare<[number], { id: number; run_id: string; model: string; mode: 'initial' | 'incremental' | 'full'; started_at: string; finished_at: string | null; fetched: number; upserted: number; unchanged: number; deleted: number; status: 'running' | 'ok' | 'failed' | 'cancelled' | 'skipped'; message: string | null }>(
          'SELECT * FROM sync_log ORDER BY id DESC LIMIT ?',
        )
        .all(i.limit)
        .map((r) => ({ id: r.id, runId: r.run_id, model: r.model, mode: r.mode, startedAt: r.started_at, finishedAt: r.finished_at, fetched: r.fetched, upserted: r.upserted, unchanged: r.unchanged, deleted: r.deleted, status: r.status, message: r.message })),
    'outbox:list': (i) => ({ items: outbox.list({ ...(i.state ? { state: i.state } : {}), limit: i.limit }).map(toItem), counts: outbox.counts() }),
    'outbox:enqueue': (i) => {
      const row = enqueueIntent(o.db, { kind: i.kind, payload: i.payload, summary: i.summary, connectionId: connections.active()?.id ?? null });
      emitOutbox();
      return toItem(row);
    },
    'outbox:push': () => ({ jobId: startPush() }),
    'outbox:retry': (i) => {
      const r = requireOutbox(i.id);
      if (r.state !== 'failed') throw new AppError('contract/invalid-input', `Only a failed change can be retried; this one is ${r.state}.`);
      outbox.markPending(r.id, null);
      emitOutbox();
      return toItem(requireOutbox(i.id));
    },
    'outbox:discard': (i) => {
      const r = requireOutbox(i.id);
      if (r.state === 'applied' || r.state === 'applying') throw new AppError('contract/invalid-input', `This change is ${r.state === 'applied' ? 'already in Odoo' : 'being sent'}; it cannot be discarded.`);
      outbox.finish(r.id, 'discarded', { lastError: r.lastError, conflict: r.conflict });
      emitOutbox();
      return toItem(requireOutbox(i.id));
    },
    'outbox:resolve': (i) => {
      const r = requireOutbox(i.id);
      if (r.state !== 'conflict' || !r.conflict) throw new AppError('contract/invalid-input', 'This change is not in conflict.');
      if (i.keep === 'theirs') outbox.finish(r.id, 'discarded', { conflict: r.conflict });
      else {
        if (r.conflict.theirs === null) throw new AppError('contract/invalid-input', 'The record was deleted in Odoo; this change can only be discarded.');
        const theirs = r.conflict.theirs as { write_date?: unknown };
        // keeping mine is an explicit decision to apply over the newer version: rebase on it
        const basedOn = r.basedOn.map((b) => (b.model === r.conflict!.model && b.id === r.conflict!.id ? { ...b, writeDate: typeof theirs.write_date === 'string' ? theirs.write_date : null } : b));
        o.db.prepare("UPDATE outbox SET based_on = ?, state = 'pending', conflict = NULL, updated_at = ? WHERE id = ?").run(JSON.stringify(basedOn), new Date().toISOString(), r.id);
      }
      emitOutbox();
      return toItem(requireOutbox(i.id));
    },
    'audit:list': (i) => createAuditRepo(o.db).recent(i.limit),
  };

  return {
    handlers,
    connections,
    startSync,
    startPush,
    /** the per-model report of a sync job started by this process */
    syncReport: (jobId: string) => reports.get(jobId),
    /** what app:info shows */
    connectionSummary(): { kind: 'none' | 'demo' | 'odoo'; label: string } {
      // with nothing configured the demo company is the connection, from the very first screen
      const a = connections.ensureDefault();
      return a ? { kind: a.kind, label: a.kind === 'demo' ? 'Demo company' : a.label } : { kind: 'none', label: 'Not connected' };
    },
    start() {
      connections.ensureDefault();
      schedule();
      if (o.background) {
        const empty = SYNC_MODELS.every((m) => cache.count(m.model) === 0);
        if (empty || o.settings().syncIntervalMinutes > 0) startSync({ full: false });
      }
    },
    reschedule: schedule,
    async close() {
      if (timer) clearInterval(timer);
      timer = null;
      await connections.close().catch((e) => o.logger.warn('closing connections failed', { error: toErrorShape(e).message }));
    },
  };
}
export type SyncPart = ReturnType<typeof createSyncPart>;
