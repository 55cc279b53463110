import type Database from 'better-sqlite3';
import type { Domain, OdooClient, OdooContext, OdooRecord, Page } from '../odoo/types';
import { AppError, isAppError, toErrorShape } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { createCacheRepo, type CacheRepo, type CursorRow } from './cache-repo';
import { SYNC_MODELS, type SyncModelSpec } from './models';

export type SyncOptions = {
  /** only these models (default: all) */
  models?: string[];
  /** re-download everything (keeps the cache until replaced) and check for deletions */
  full?: boolean;
  /** records per request (default 2000) */
  batchSize?: number;
  /** incremental window overlap for transactions that commit late (default 120 s) */
  overlapSeconds?: number;
  /** months of closed history (default 24) */
  horizonMonths?: number;
  /** 'YYYY-MM-DD'; default today (UTC) */
  today?: string;
  /** models synced at the same time (default 2) */
  concurrency?: number;
  /** id comparison to find deleted records: always, never, or when due (default every 24 h, or when counts disagree) */
  deletionCheck?: 'auto' | 'always' | 'never';
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
};

export type SyncProgress = {
  model: string;
  label: string;
  mode: 'initial' | 'incremental' | 'full';
  done: number;
  total: number | null;
  modelIndex: number;
  modelCount: number;
};

export type ModelSyncResult = {
  model: string;
  mode: 'initial' | 'incremental' | 'full';
  status: 'ok' | 'skipped' | 'failed' | 'cancelled';
  fetched: number;
  upserted: number;
  unchanged: number;
  deleted: number;
  cached: number;
  ms: number;
  message?: string;
};

export type SyncReport = {
  runId: string;
  status: 'ok' | 'partial' | 'failed' | 'cancelled';
  models: ModelSyncResult[];
  ms: number;
  /** time split for benchmarks */
  timing: { networkMs: number; storeMs: number };
};

export type SyncDeps = {
  db: Database.Database;
  client: OdooClient;
  logger: Logger;
  /** identifies the server + database + user the cache belongs to; a change resets the cursors */
  serverKey: string;
  now?: () => Date;
};

const READ_CHUNK = 1000;
const ID_CHECK_CHUNK = 5000;
const DELETION_CHECK_INTERVAL_MS = 24 * 3600 * 1000;

/** 'YYYY-MM-DD HH:MM:SS' minus seconds, in Odoo's UTC format. */
export function shiftOdooDatetime(value: string, seconds: number): string {
  const d = new Date(`${value.replace(' ', 'T')}Z`);
  if (Number.isNaN(d.getTime())) return value;
  return new Date(d.getTime() + seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

function horizonDate(today: string, months: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

/**
 * Pulls Odoo into the cache. Initial sync per model: keyset pages (`id > last`), each page applied together
 * with its cursor in one transaction, so a crash resumes where it stopped and never leaves half a page.
 * Incremental: list (id, write_date) changed since the high-water mark minus an overlap, download only the
 * records whose write_date differs from the cache, then move the mark. Deletions: id comparison.
 */
export async function runSync(deps: SyncDeps, opts: SyncOptions = {}): Promise<SyncReport> {
  const started = Date.now();
  const now = deps.now ?? (() => new Date());
  const runId = `sync-${now().toISOString()}`;
  const repo = createCacheRepo(deps.db);
  const specs = opts.models ? selectSpecs(opts.models) : [...SYNC_MODELS];
  const timing = { networkMs: 0, storeMs: 0 };
  const logStart = deps.db.prepare(
    "INSERT INTO sync_log (run_id, model, mode, started_at, status) VALUES (?, ?, ?, ?, 'running')",
  );
  const logEnd = deps.db.prepare(
    'UPDATE sync_log SET finished_at = ?, fetched = ?, upserted = ?, unchanged = ?, deleted = ?, status = ?, message = ? WHERE id = ?',
  );

  let cancelled = false;
  let stop = false;
  const slots: Array<ModelSyncResult | undefined> = new Array(specs.length);
  let nextIndex = 0;

  async function syncOne(index: number, spec: SyncModelSpec): Promise<void> {
    const cursor = repo.cursor(spec.model);
    const mode: ModelSyncResult['mode'] = opts.full ? 'full' : cursor?.phase === 'incremental' && cursor.server_key === deps.serverKey ? 'incremental' : 'initial';
    const logId = Number(logStart.run(runId, spec.model, mode, now().toISOString()).lastInsertRowid);
    const t0 = Date.now();
    const result: ModelSyncResult = { model: spec.model, mode, status: 'ok', fetched: 0, upserted: 0, unchanged: 0, deleted: 0, cached: 0, ms: 0 };
    const progress = (done: number, total: number | null) =>
      opts.onProgress?.({ model: spec.model, label: spec.label, mode, done, total, modelIndex: index, modelCount: specs.length });
    try {
      const ctx = new ModelSync(deps, repo, spec, opts, timing, result, progress, now);
      await ctx.run(cursor);
    } catch (e) {
      const shape = toErrorShape(e);
      if (shape.code === 'app/cancelled' || opts.signal?.aborted) {
        result.status = 'cancelled';
        cancelled = true;
      } else if (shape.code === 'odoo/access-error' && !spec.essential) {
        result.status = 'skipped';
        result.message = `No access to ${spec.label} (${spec.model}): skipped. ${shape.message}`;
      } else {
        result.status = 'failed';
        result.message = shape.message;
        deps.logger.warn('sync of a model failed', { model: spec.model, code: shape.code, message: shape.message });
      }
    }
    result.cached = repo.count(spec.model);
    result.ms = Date.now() - t0;
    logEnd.run(now().toISOString(), result.fetched, result.upserted, result.unchanged, result.deleted, result.status, result.message ?? null, logId);
    slots[index] = result;
    // a failure on an essential model (unreachable server, bad credentials) would fail the others too
    if (cancelled || (result.status === 'failed' && spec.essential)) stop = true;
  }

  // Models are independent: two at a time (the client's concurrency per server) halves a sync that waits on
  // the network; every page is still its own SQLite transaction.
  const worker = async () => {
    for (;;) {
      if (stop || opts.signal?.aborted) {
        if (opts.signal?.aborted) cancelled = true;
        return;
      }
      const index = nextIndex++;
      const spec = specs[index];
      if (!spec) return;
      await syncOne(index, spec);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 2, specs.length) }, worker));
  const results = slots.filter((r): r is ModelSyncResult => r !== undefined);
  const failed = results.filter((r) => r.status === 'failed');
  const status: SyncReport['status'] = cancelled
    ? 'cancelled'
    : failed.length === 0 && results.every((r) => r.status === 'ok')
      ? 'ok'
      : failed.length === results.length
        ? 'failed'
        : 'partial';
  return { runId, status, models: results, ms: Date.now() - started, timing };
}

function selectSpecs(models: string[]): SyncModelSpec[] {
  const out: SyncModelSpec[] = [];
  for (const m of models) {
    const spec = SYNC_MODELS.find((s) => s.model === m);
    if (!spec) throw new AppError('contract/invalid-input', `Unknown model to sync: ${m}. Known: ${SYNC_MODELS.map((s) => s.model).join(', ')}.`);
    out.push(spec);
  }
  return out;
}

class ModelSync {
  private readonly ctxBase: OdooContext;

  constructor(
    private readonly deps: SyncDeps,
    private readonly repo: CacheRepo,
    private readonly spec: SyncModelSpec,
    private readonly opts: SyncOptions,
    private readonly timing: { networkMs: number; storeMs: number },
    private readonly result: ModelSyncResult,
    private readonly progress: (done: number, total: number | null) => void,
    private readonly now: () => Date,
  ) {
    this.ctxBase = { active_test: false };
  }

  private get client(): OdooClient {
    return this.deps.client;
  }

  private async net<T>(fn: () => Promise<T>): Promise<T> {
    const t = Date.now();
    try {
      return await fn();
    } finally {
      this.timing.networkMs += Date.now() - t;
    }
  }

  private store<T>(fn: () => T): T {
    const t = Date.now();
    try {
      return this.repo.transaction(fn);
    } finally {
      this.timing.storeMs += Date.now() - t;
    }
  }

  private fields(): string[] {
    return this.spec.fields.includes('write_date') ? this.spec.fields : [...this.spec.fields, 'write_date'];
  }

  async run(cursor: CursorRow | undefined): Promise<void> {
    const fieldsKey = JSON.stringify(this.fields());
    let c = cursor;
    if (c && (c.server_key !== this.deps.serverKey)) {
      // another server or user: what we hold is not theirs
      this.store(() => this.repo.resetModel(this.spec.model));
      c = undefined;
    }
    // a cursor still in its initial phase with the same fields resumes where it stopped
    if (this.opts.full || !c || c.fields !== fieldsKey) c = await this.startInitial(fieldsKey);
    if (c.phase === 'initial') {
      c = await this.initialPages(c);
      if (this.opts.full) await this.deletionCheck(c, true);
      else {
        const at = this.now().toISOString();
        const fresh = { ...c, last_full_check: at, updated_at: at };
        this.store(() => this.repo.putCursor(fresh));
      }
    } else {
      c = await this.incremental(c);
      await this.deletionCheck(c, this.opts.deletionCheck === 'always');
    }
  }

  private async serverHighWater(): Promise<string | null> {
    const rows = await this.net(() =>
      this.client.searchRead(this.spec.model, [], { fields: ['write_date'], order: 'write_date desc, id desc', limit: 1, context: this.ctxBase, signal: this.opts.signal }),
    );
    const wd = rows[0]?.write_date;
    return typeof wd === 'string' ? wd : null;
  }

  /** Keyset pages of this model, with the time spent waiting for them counted as network time. */
  private async *pages(domain: Domain, fields: string[], batchSize: number, afterId?: number): AsyncGenerator<Page> {
    const it = this.client.searchReadPages(this.spec.model, domain, {
      fields,
      batchSize,
      ...(afterId !== undefined ? { afterId } : {}),
      context: this.ctxBase,
      signal: this.opts.signal,
    });
    try {
      for (;;) {
        const t = Date.now();
        const next = await it.next();
        this.timing.networkMs += Date.now() - t;
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // stopped early (cancel, a failed page): let the client's pager finish too
      await it.return(undefined);
    }
  }

  private initialDomain(): Domain {
    if (!this.spec.initialDomain) return [];
    const today = this.opts.today ?? this.now().toISOString().slice(0, 10);
    return this.spec.initialDomain({ horizonDate: horizonDate(today, this.opts.horizonMonths ?? 24) });
  }

  private async startInitial(fieldsKey: string): Promise<CursorRow> {
    // the high-water mark is taken BEFORE paging: anything changed while we page is newer and comes next time
    const since = await this.serverHighWater();
    const total = await this.net(() => this.client.searchCount(this.spec.model, this.initialDomain(), { context: this.ctxBase, signal: this.opts.signal }));
    const c: CursorRow = {
      model: this.spec.model,
      phase: 'initial',
      last_id: 0,
      since,
      fields: fieldsKey,
      server_key: this.deps.serverKey,
      total,
      synced_count: 0,
      last_full_check: null,
      updated_at: this.now().toISOString(),
    };
    this.store(() => this.repo.putCursor(c));
    return c;
  }

  private async initialPages(start: CursorRow): Promise<CursorRow> {
    let c = { ...start };
    this.progress(c.synced_count, c.total);
    for await (const page of this.pages(this.initialDomain(), this.fields(), this.opts.batchSize ?? 2000, c.last_id)) {
      if (this.opts.signal?.aborted) throw new AppError('app/cancelled', 'Sync cancelled.');
      const at = this.now().toISOString();
      c = { ...c, last_id: page.lastId, synced_count: c.synced_count + page.records.length, updated_at: at };
      const applied = this.store(() => {
        const r = this.repo.upsertMany(this.spec.model, page.records, at);
        this.repo.putCursor(c);
        return r;
      });
      this.result.fetched += page.records.length;
      this.result.upserted += applied.upserted;
      this.result.unchanged += applied.unchanged;
      this.progress(c.synced_count, c.total);
    }
    c = { ...c, phase: 'incremental', updated_at: this.now().toISOString() };
    const done = c;
    this.store(() => this.repo.putCursor(done));
    // changes made while we paged: pick them up now rather than at the next run
    return this.incremental(c);
  }

  private async incremental(start: CursorRow): Promise<CursorRow> {
    const overlap = this.opts.overlapSeconds ?? 120;
    const domain: Domain = start.since ? [['write_date', '>=', shiftOdooDatetime(start.since, -overlap)]] : [];
    // step 1: which records changed — ids and write dates only
    const listed: OdooRecord[] = [];
    for await (const page of this.pages(domain, ['write_date'], 5000)) listed.push(...page.records);
    // the new mark is the newest change seen; the overlap on the next run covers transactions that
    // committed late with an older timestamp
    let highWater = start.since;
    for (const r of listed) if (typeof r.write_date === 'string' && (highWater === null || r.write_date > highWater)) highWater = r.write_date;
    const changed = listed.filter((r) => {
      const cached = this.repo.writeDateOf(this.spec.model, r.id);
      return cached === undefined || cached === null || cached !== r.write_date;
    });
    this.result.unchanged += listed.length - changed.length;
    this.progress(0, changed.length);
    // step 2: download only those, in chunks; the mark moves with the last chunk
    let done = 0;
    const ids = changed.map((r) => r.id);
    if (ids.length === 0) {
      const c = { ...start, since: highWater ?? start.since, updated_at: this.now().toISOString() };
      this.store(() => this.repo.putCursor(c));
      return c;
    }
    let c = start;
    for (let i = 0; i < ids.length; i += READ_CHUNK) {
      if (this.opts.signal?.aborted) throw new AppError('app/cancelled', 'Sync cancelled.');
      const chunk = ids.slice(i, i + READ_CHUNK);
      const records = await this.readExisting(chunk);
      const gone = chunk.filter((id) => !records.some((r) => r.id === id));
      const last = i + READ_CHUNK >= ids.length;
      const at = this.now().toISOString();
      c = last ? { ...start, since: highWater ?? start.since, updated_at: at } : start;
      const applied = this.store(() => {
        const r = this.repo.upsertMany(this.spec.model, records, at);
        this.result.deleted += this.repo.deleteMany(this.spec.model, gone);
        if (last) this.repo.putCursor(c);
        return r;
      });
      this.result.fetched += records.length;
      this.result.upserted += applied.upserted;
      this.result.unchanged += applied.unchanged;
      done += chunk.length;
      this.progress(done, ids.length);
    }
    return c;
  }

  /** `read` fails on a deleted id: fall back to searching which still exist. */
  private async readExisting(ids: number[]): Promise<OdooRecord[]> {
    try {
      return await this.net(() => this.client.read(this.spec.model, ids, this.fields(), { context: this.ctxBase, signal: this.opts.signal }));
    } catch (e) {
      if (!(isAppError(e) && e.code === 'odoo/missing-record')) throw e;
      const existing = await this.net(() =>
        this.client.search(this.spec.model, [['id', 'in', ids]], { context: this.ctxBase, signal: this.opts.signal }),
      );
      if (existing.length === 0) return [];
      return this.net(() => this.client.read(this.spec.model, existing, this.fields(), { context: this.ctxBase, signal: this.opts.signal }));
    }
  }

  /** Records deleted in Odoo leave no trace but their absence: compare id sets. */
  private async deletionCheck(c: CursorRow, force: boolean): Promise<void> {
    if (this.opts.deletionCheck === 'never') return;
    const due = !c.last_full_check || this.now().getTime() - new Date(c.last_full_check).getTime() > DELETION_CHECK_INTERVAL_MS;
    let needed = force || this.opts.full === true || due;
    if (!needed && !this.spec.initialDomain) {
      // unfiltered models: a count that disagrees means something was deleted
      const serverCount = await this.net(() => this.client.searchCount(this.spec.model, [], { context: this.ctxBase, signal: this.opts.signal }));
      needed = serverCount !== this.repo.count(this.spec.model);
    }
    if (!needed) return;
    const cachedIds = this.repo.ids(this.spec.model);
    const missing: number[] = [];
    for (let i = 0; i < cachedIds.length; i += ID_CHECK_CHUNK) {
      if (this.opts.signal?.aborted) throw new AppError('app/cancelled', 'Sync cancelled.');
      const chunk = cachedIds.slice(i, i + ID_CHECK_CHUNK);
      const present = new Set(
        await this.net(() => this.client.search(this.spec.model, [['id', 'in', chunk]], { context: this.ctxBase, signal: this.opts.signal })),
      );
      for (const id of chunk) if (!present.has(id)) missing.push(id);
    }
    const at = this.now().toISOString();
    this.store(() => {
      this.result.deleted += this.repo.deleteMany(this.spec.model, missing);
      const latest = this.repo.cursor(this.spec.model);
      if (latest) this.repo.putCursor({ ...latest, last_full_check: at, updated_at: at });
    });
  }
}
