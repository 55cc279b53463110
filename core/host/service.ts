import path from 'node:path';
import { calls, checkCall, Settings, DEFAULT_SETTINGS, reconcileCalls, syncCalls, type AppInfo, type StoreStatus } from '../contract';
import { JobRunner } from '../engine/jobs';
import { AppError, isAppError, toErrorShape } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { fail, ok, type Result } from '../shared/result';
import { moveStoreAside, openStore, type Store } from '../store/db';
import { createAuditRepo, type AuditRepo } from '../store/repos/audit-repo';
import { createJobsRepo } from '../store/repos/jobs-repo';
import { createSettingsRepo, type SettingsRepo } from '../store/repos/settings-repo';
import type { DemoSettings } from '../sync/connections';
import { createFileVault, type CredentialVault } from '../vault';
import { EventBus, type EventListener } from './events';
import type { CallContext, Handlers } from './handlers';
import { createOutboxRepo } from '../sync/outbox-repo';
import { createReconcilePart, type ReconcilePart } from './reconcile-part';
import { dashboardsCalls } from '../contract/dashboards';
import { createDashboardsPart, type DashboardsPart } from './dashboards-part';
import { documentsCalls } from '../contract/documents';
import { aiCalls } from '../contract/ai';
import { createAiPart, type AiPart } from './ai-part';
import { createDocumentsPart, type DocumentsPart } from './documents-part';
import { createSyncPart, type SyncPart, type SyncPartOptions } from './sync-part';
import { APP_VERSION } from './version';

export type ServiceOptions = {
  dataDir: string;
  host: CallContext['host'];
  logger: Logger;
  electronVersion?: string | null;
  /** validate handler outputs against the contract (on in tests and development) */
  checkOutputs?: boolean;
  /** where Odoo credentials live (default: the encrypted file in the data directory) */
  vault?: CredentialVault;
  /** the demo company (default Odoo 17, size from SMART_ODOO_DEMO_SIZE or M, seed 42) */
  demo?: Partial<DemoSettings>;
  /** first sync on launch and periodic background sync (default: on, except in tests) */
  background?: boolean;
  /** where the demo simulator runs (default: a worker thread; 'in-process' for tests that reach its engine) */
  demoRunner?: 'thread' | 'in-process';
  clientOverrides?: SyncPartOptions['clientOverrides'];
  /** extraction worker threads (default min(2, cores)) */
  documentWorkers?: number;
};

const demoSize = (v: string | undefined): DemoSettings['size'] => (v === 'S' || v === 'M' || v === 'L' ? v : 'M');

export type Service = {
  invoke(channel: string, input: unknown, ctx?: Partial<CallContext>): Promise<Result<unknown>>;
  subscribe(listener: EventListener): () => void;
  readonly jobs: JobRunner;
  readonly dataDir: string;
  /** connections, sync and outbox; null while the store is unavailable */
  readonly sync: SyncPart | null;
  /** the document queue and invoice review; null while the store is unavailable */
  readonly documents: DocumentsPart | null;
  /** starts background work (first sync, schedule); hosts call it once they listen */
  start(): void;
  close(): Promise<void>;
};

/** The database file inside the data directory. */
export const storeFile = (dataDir: string) => path.join(dataDir, 'smart-odoo.sqlite');

type StoreState = { kind: 'ok'; store: Store; settings: SettingsRepo; audit: AuditRepo } | { kind: 'error'; error: AppError };

/**
 * The one service behind every host. Hosts hand it a channel name and raw input; it checks both against the
 * contract, runs the handler, and returns a Result — it never throws across its boundary.
 */
export function createService(opts: ServiceOptions): Service {
  const logger = opts.logger;
  const bus = new EventBus(logger);
  const file = storeFile(opts.dataDir);
  let state: StoreState = openState();
  let jobs = new JobRunner(state.kind === 'ok' ? createJobsRepo(state.store.db) : null, bus, logger.child({ part: 'jobs' }));
  const vault = opts.vault ?? createFileVault(opts.dataDir);
  const demo: DemoSettings = { version: 17, size: demoSize(process.env.SMART_ODOO_DEMO_SIZE), seed: 42, ...opts.demo };
  const background = opts.background ?? opts.host !== 'test';
  let sync: SyncPart | null = makeSyncPart();
  let reconcile: ReconcilePart | null = makeReconcilePart();
  let ai: AiPart | null = makeAiPart();

  /** AI settings (key in the vault) and the provider every AI feature asks for; null while the store is down */
  function makeAiPart(): AiPart | null {
    if (state.kind !== 'ok') return null;
    return createAiPart({ db: state.store.db, vault, logger });
  }
  let dashboards: DashboardsPart | null = makeDashboardsPart();

  function makeDashboardsPart(): DashboardsPart | null {
    if (state.kind !== 'ok' || !sync) return null;
    const part = sync;
    return createDashboardsPart({ db: state.store.db, connection: () => part.connections.active() ?? null });
  }
  let documents: DocumentsPart | null = makeDocumentsPart();

  function makeDocumentsPart(): DocumentsPart | null {
    if (state.kind !== 'ok' || !sync) return null;
    const db = state.store.db;
    const part = sync;
    return createDocumentsPart({
      db,
      dataDir: opts.dataDir,
      bus,
      logger: logger.child({ part: 'documents' }),
      connectionId: () => part.connections.active()?.id ?? '',
      outboxChanged: () => bus.emit('outbox:changed', { counts: createOutboxRepo(db).counts() }),
      startPush: () => part.startPush(),
      // Claude only when a key is configured; otherwise the deterministic pipeline alone, never an attempt
      ai: async () => {
        const part = ai;
        const provider = await part?.provider();
        return provider && part ? { provider, redaction: part.config().redaction } : null;
      },
      ...(opts.documentWorkers ? { workers: opts.documentWorkers } : {}),
    });
  }

  function makeReconcilePart(): ReconcilePart | null {
    if (state.kind !== 'ok' || !sync) return null;
    const db = state.store.db;
    const part = sync;
    return createReconcilePart({
      db,
      logger: logger.child({ part: 'reconcile' }),
      connectionId: () => part.connections.active()?.id ?? null,
      outboxChanged: () => bus.emit('outbox:changed', { counts: createOutboxRepo(db).counts() }),
      subscribe: (l) => bus.subscribe(l),
    });
  }

  function makeSyncPart(): SyncPart | null {
    if (state.kind !== 'ok') return null;
    return createSyncPart({
      db: state.store.db,
      jobs: () => jobs,
      bus,
      logger,
      vault,
      dataDir: opts.dataDir,
      demo,
      settings: readSettings,
      background,
      demoRunner: opts.demoRunner ?? (opts.host === 'test' ? 'in-process' : 'thread'),
      ...(opts.clientOverrides ? { clientOverrides: opts.clientOverrides } : {}),
    });
  }

  function requireSync(): SyncPart {
    if (sync) return sync;
    throw state.kind === 'error' ? state.error : new AppError('app/internal', 'Sync is not available.');
  }

  function openState(): StoreState {
    try {
      const store = openStore(file);
      createJobsRepo(store.db).markOrphansFailed();
      return { kind: 'ok', store, settings: createSettingsRepo(store.db), audit: createAuditRepo(store.db) };
    } catch (e) {
      const error = isAppError(e) ? e : new AppError('store/migration-failed', String(e));
      logger.error('store unavailable', { code: error.code, message: error.message });
      return { kind: 'error', error };
    }
  }

  function storeStatus(): StoreStatus {
    if (state.kind === 'ok') return { state: 'ok', path: file, schemaVersion: state.store.schemaVersion };
    return {
      state: 'error',
      path: file,
      code: state.error.code,
      message: state.error.message,
      canRebuild: state.error.code === 'store/corrupt' || state.error.code === 'store/future-version',
    };
  }

  function requireStore(): Extract<StoreState, { kind: 'ok' }> {
    if (state.kind === 'ok') return state;
    throw state.error;
  }

  function readSettings(): Settings {
    if (state.kind !== 'ok') return DEFAULT_SETTINGS;
    const raw = state.settings.readAll();
    // each stored key is validated on its own so that one bad value does not reset the others
    const merged: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) {
      const shape = Settings.shape as Record<string, { safeParse(x: unknown): { success: boolean } }>;
      if (shape[k]?.safeParse(v).success) merged[k] = v;
    }
    return Settings.parse(merged);
  }

  const handlers: Handlers = {
    'app:info': (): AppInfo => ({
      name: 'Smart Odoo',
      version: APP_VERSION,
      host: opts.host,
      runtime: {
        node: process.versions.node,
        electron: opts.electronVersion ?? null,
        platform: process.platform,
        arch: process.arch,
      },
      dataDir: opts.dataDir,
      store: storeStatus(),
      connection: sync ? sync.connectionSummary() : { kind: 'none', label: 'Not connected' },
    }),
    'store:rebuild': () => {
      if (state.kind === 'ok') return { backupPath: null, store: storeStatus() };
      jobs.cancelAll();
      const backupPath = moveStoreAside(file);
      logger.warn('store moved aside for rebuild', { backupPath });
      state = openState();
      jobs = new JobRunner(state.kind === 'ok' ? createJobsRepo(state.store.db) : null, bus, logger.child({ part: 'jobs' }));
      void sync?.close();
      sync = makeSyncPart();
      reconcile = makeReconcilePart();
      ai = makeAiPart();
      dashboards = makeDashboardsPart();
      void documents?.close();
      documents = makeDocumentsPart();
      documents?.start();
      sync?.start();
      if (state.kind === 'ok') {
        state.audit.append({
          at: new Date().toISOString(),
          actor: 'user',
          connection: null,
          action: 'store:rebuild',
          targetModel: null,
          targetIds: [],
          summary: 'Local cache rebuilt; the previous file was kept as a backup.',
          details: { backupPath },
        });
      }
      return { backupPath, store: storeStatus() };
    },
    'settings:get': () => readSettings(),
    'settings:set': (patch) => {
      const s = requireStore();
      const next = Settings.parse({ ...readSettings(), ...patch });
      s.settings.setMany(Object.fromEntries(Object.keys(patch).map((k) => [k, next[k as keyof Settings]])));
      if ('syncIntervalMinutes' in patch) sync?.reschedule();
      return next;
    },
    'jobs:list': (input) => jobs.list(input.limit, input.activeOnly),
    'jobs:cancel': (input) => ({ jobId: input.jobId, state: jobs.cancel(input.jobId) }),
    'jobs:start-store-check': () => {
      const s = requireStore();
      const jobId = jobs.start('store:check', 'Checking the local database', async (ctx) => {
        const tables = s.store.db
          .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
          .all();
        const steps = tables.length + 2;
        let done = 0;
        ctx.progress(done, steps, 'integrity check');
        const integrity = s.store.db.pragma('integrity_check', { simple: true });
        if (integrity !== 'ok') throw new AppError('store/corrupt', `Integrity check failed: ${String(integrity)}`);
        ctx.progress(++done, steps, 'foreign keys');
        const fk = s.store.db.pragma('foreign_key_check') as unknown[];
        if (fk.length > 0) throw new AppError('store/corrupt', `${fk.length} rows violate foreign keys.`);
        for (const t of tables) {
          // yield between tables so a cancel request is seen promptly
          await new Promise((r) => setImmediate(r));
          ctx.throwIfCancelled();
          s.store.db.prepare(`SELECT count(*) FROM "${t.name.replace(/"/g, '""')}"`).get();
          ctx.progress(++done, steps, t.name);
        }
        s.store.db.pragma('optimize');
      });
      return { jobId };
    },
    ...delegateSync(),
    ...delegateReconcile(),
    ...delegateDashboards(),
    ...delegateDocuments(),
    ...delegateAi(),
  };

  /** Like reconciliation: present while the store is down, answering with its error. */
  function delegateAi(): Pick<Handlers, keyof typeof aiCalls> {
    const out: Record<string, (input: unknown, c: CallContext) => unknown> = {};
    for (const name of Object.keys(aiCalls) as Array<keyof typeof aiCalls>) {
      out[name] = (input, c) => {
        if (!ai) throw state.kind === 'error' ? state.error : new AppError('app/internal', 'AI settings are not available.');
        return (ai.handlers[name] as (i: unknown, cc: CallContext) => unknown)(input, c);
      };
    }
    return out as Pick<Handlers, keyof typeof aiCalls>;
  }

  /** Like reconciliation: present while the store is down, answering with its error. */
  function delegateDocuments(): Pick<Handlers, keyof typeof documentsCalls> {
    const out: Record<string, (input: unknown, c: CallContext) => unknown> = {};
    for (const name of Object.keys(documentsCalls) as Array<keyof typeof documentsCalls>) {
      out[name] = (input, c) => {
        if (!documents) throw state.kind === 'error' ? state.error : new AppError('app/internal', 'Invoice processing is not available.');
        return (documents.handlers[name] as (i: unknown, cc: CallContext) => unknown)(input, c);
      };
    }
    return out as Pick<Handlers, keyof typeof documentsCalls>;
  }

  /** Like reconciliation: present while the store is down, answering with its error. */
  function delegateDashboards(): Pick<Handlers, keyof typeof dashboardsCalls> {
    const out: Record<string, (input: unknown, c: CallContext) => unknown> = {};
    for (const name of Object.keys(dashboardsCalls) as Array<keyof typeof dashboardsCalls>) {
      out[name] = (input, c) => {
        if (!dashboards) throw state.kind === 'error' ? state.error : new AppError('app/internal', 'Dashboards are not available.');
        return (dashboards.handlers[name] as (i: unknown, cc: CallContext) => unknown)(input, c);
      };
    }
    return out as Pick<Handlers, keyof typeof dashboardsCalls>;
  }

  /** Like the sync handlers: present while the store is down, answering with its error. */
  function delegateReconcile(): Pick<Handlers, keyof typeof reconcileCalls> {
    const out: Record<string, (input: unknown, c: CallContext) => unknown> = {};
    for (const name of Object.keys(reconcileCalls) as Array<keyof typeof reconcileCalls>) {
      out[name] = (input, c) => {
        if (!reconcile) throw state.kind === 'error' ? state.error : new AppError('app/internal', 'Reconciliation is not available.');
        return (reconcile.handlers[name] as (i: unknown, cc: CallContext) => unknown)(input, c);
      };
    }
    return out as Pick<Handlers, keyof typeof reconcileCalls>;
  }

  /** The sync handlers exist even while the store is down: they answer with the store's error. */
  function delegateSync(): Pick<Handlers, keyof typeof syncCalls> {
    const out: Record<string, (input: unknown, c: CallContext) => unknown> = {};
    for (const name of Object.keys(syncCalls) as Array<keyof typeof syncCalls>) {
      out[name] = (input, c) => (requireSync().handlers[name] as (i: unknown, cc: CallContext) => unknown)(input, c);
    }
    return out as Pick<Handlers, keyof typeof syncCalls>;
  }

  async function invoke(channel: string, raw: unknown, ctx: Partial<CallContext> = {}): Promise<Result<unknown>> {
    const checked = checkCall(channel, raw);
    if (!checked.ok) {
      logger.warn(checked.error.code === 'contract/unknown-channel' ? 'unknown channel' : 'invalid input', {
        channel: String(channel).slice(0, 100),
        ...(checked.issues ? { issues: checked.issues } : {}),
      });
      return fail(checked.error);
    }
    const spec = calls[checked.channel];
    const parsed = { data: checked.input };
    try {
      const handler = handlers[checked.channel] as (input: unknown, c: CallContext) => unknown;
      const value = await handler(parsed.data, { host: opts.host, ...ctx });
      if (opts.checkOutputs) {
        const out = spec.output.safeParse(value);
        if (!out.success) {
          logger.error('handler output does not match the contract', { channel, issues: out.error.issues.slice(0, 5) });
          return fail({ code: 'contract/invalid-output', message: `The core returned an invalid result for ${channel}.` });
        }
      }
      return ok(value);
    } catch (e) {
      const shape = toErrorShape(e);
      if (shape.code === 'app/internal') logger.error('handler failed', { channel, error: e instanceof Error ? e.stack : String(e) });
      else logger.info('call refused', { channel, code: shape.code });
      return fail(shape);
    }
  }

  return {
    invoke,
    subscribe: (l) => bus.subscribe(l),
    get jobs() {
      return jobs;
    },
    dataDir: opts.dataDir,
    get sync() {
      return sync;
    },
    get documents() {
      return documents;
    },
    start() {
      sync?.start();
      documents?.start();
    },
    async close() {
      jobs.cancelAll();
      await documents?.close();
      await sync?.close();
      // let cancelled jobs record their end before the database closes
      await new Promise((r) => setTimeout(r, 20));
      if (state.kind === 'ok') state.store.close();
    },
  };
}
