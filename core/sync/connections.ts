import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { createOdooClient } from '../odoo';
import type { ConnectionInfo, OdooClient } from '../odoo/types';
import { startDemoSimThread } from '../odoo-sim/server/demo-thread';
import { defaultSimFile, SIM_DB, SIM_LOGIN, startDemoSim, type DemoSimInfo, type DemoSize } from '../odoo-sim/server/sim-command';
import type { FaultController } from '../odoo-sim/server/faults';
import type { OdooVersion, SimCall, SimEngine } from '../odoo-sim/types';
import { AppError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { CredentialVault } from '../vault';
import { SYNC_MODEL_NAMES } from './models';

export type Protocol = 'auto' | 'jsonrpc' | 'json2';

export type ConnectionRow = {
  id: string;
  kind: 'odoo' | 'demo';
  label: string;
  url: string;
  db: string | null;
  login: string;
  protocol: Protocol;
  active: boolean;
  serverVersion: string | null;
  uid: number | null;
  createdAt: string;
  updatedAt: string;
};

export type ConnectionView = ConnectionRow & { hasCredential: boolean };

type Raw = {
  id: string;
  kind: 'odoo' | 'demo';
  label: string;
  url: string;
  db: string | null;
  login: string;
  protocol: Protocol;
  active: number;
  server_version: string | null;
  uid: number | null;
  created_at: string;
  updated_at: string;
};

const toRow = (r: Raw): ConnectionRow => ({
  id: r.id,
  kind: r.kind,
  label: r.label,
  url: r.url,
  db: r.db,
  login: r.login,
  protocol: r.protocol,
  active: r.active === 1,
  serverVersion: r.server_version,
  uid: r.uid,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const DEMO_CONNECTION_ID = 'demo';
const secretKey = (id: string) => `odoo:${id}`;

export type DemoSettings = { version: OdooVersion; size: DemoSize; seed: number };

/** The running demo simulator, wherever it runs. `engine` is there only when it runs in this thread. */
export type DemoHandle = DemoSimInfo & {
  execute(call: SimCall): Promise<unknown>;
  engine?: SimEngine;
  /** fault injection, in-process only (tests) */
  faults?: FaultController;
  close(): Promise<void>;
};

export type ConnectionsOptions = {
  db: Database.Database;
  vault: CredentialVault;
  logger: Logger;
  dataDir: string;
  demo: DemoSettings;
  /**
   * 'thread' (hosts): the simulator runs in a worker thread so generating the company and answering its
   * requests never block the app; 'in-process' (tests): same thread, with direct access to its engine.
   */
  demoRunner?: 'thread' | 'in-process';
  /** for tests: extra client options (timeouts, retries) */
  clientOverrides?: { timeoutMs?: number; retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number } };
};

export type ActiveClient = { client: OdooClient; connection: ConnectionRow; info: ConnectionInfo; serverKey: string };

/**
 * Saved Odoo connections (one active), their credentials in the vault, and the client for the active one.
 * With no connection at all, the demo company is the default: the in-process simulator, persisted in the
 * data directory, reached over loopback HTTP like a real server.
 */
export class Connections {
  private demoSim: DemoHandle | null = null;
  private demoStarting: Promise<DemoHandle> | null = null;
  private abortDemoStart: (() => void) | null = null;
  private current: { id: string; updatedAt: string; promise: Promise<ActiveClient> } | null = null;

  constructor(private readonly o: ConnectionsOptions) {}

  private stmtAll() {
    return this.o.db.prepare<[], Raw>('SELECT * FROM connections ORDER BY created_at');
  }

  list(): ConnectionRow[] {
    return this.stmtAll().all().map(toRow);
  }

  async views(): Promise<ConnectionView[]> {
    const out: ConnectionView[] = [];
    for (const c of this.list()) out.push({ ...c, hasCredential: c.kind === 'demo' || (await this.o.vault.has(secretKey(c.id))) });
    return out;
  }

  get(id: string): ConnectionRow | undefined {
    const r = this.o.db.prepare<[string], Raw>('SELECT * FROM connections WHERE id = ?').get(id);
    return r ? toRow(r) : undefined;
  }

  active(): ConnectionRow | undefined {
    const r = this.o.db.prepare<[], Raw>('SELECT * FROM connections WHERE active = 1').get();
    return r ? toRow(r) : undefined;
  }

  /** First start: with no connection configured, the demo company is the active one. */
  ensureDefault(): ConnectionRow {
    const a = this.active();
    if (a) return a;
    const existing = this.list();
    if (existing.length > 0) return this.activate(existing[0]!.id);
    const now = new Date().toISOString();
    this.o.db
      .prepare(
        "INSERT INTO connections (id, kind, label, url, login, db, protocol, active, created_at, updated_at) VALUES (?, 'demo', ?, 'in-process', ?, ?, 'auto', 1, ?, ?)",
      )
      .run(DEMO_CONNECTION_ID, 'Demo company', SIM_LOGIN, SIM_DB, now, now);
    return this.active()!;
  }

  activate(id: string): ConnectionRow {
    const c = this.get(id);
    if (!c) throw new AppError('app/not-found', `No connection ${id}.`);
    const now = new Date().toISOString();
    this.o.db.transaction(() => {
      this.o.db.prepare('UPDATE connections SET active = 0 WHERE active = 1').run();
      this.o.db.prepare('UPDATE connections SET active = 1, updated_at = ? WHERE id = ?').run(now, id);
    })();
    this.current = null;
    return this.get(id)!;
  }

  /** Tests a connection without saving it; the specific message comes from the client. */
  async test(input: { url: string; db?: string | null; login: string; secret?: string | null; protocol: Protocol; connectionId?: string }): Promise<ConnectionInfo> {
    const secret = input.secret ?? (input.connectionId ? await this.o.vault.get(secretKey(input.connectionId)) : null);
    if (!secret) throw new AppError('odoo/auth-failed', 'Enter the password or API key for this connection.');
    const client = this.makeClient({ url: input.url, db: input.db ?? null, login: input.login, protocol: input.protocol }, secret);
    try {
      return await client.connect();
    } finally {
      client.close();
    }
  }

  async listDatabases(url: string): Promise<string[] | null> {
    const client = this.makeClient({ url, db: null, login: '', protocol: 'auto' }, '');
    try {
      return (await client.listDatabases()) ?? null;
    } finally {
      client.close();
    }
  }

  async save(input: {
    id?: string;
    label: string;
    url: string;
    db?: string | null;
    login: string;
    secret?: string | null;
    protocol: Protocol;
    activate: boolean;
  }): Promise<ConnectionRow> {
    const now = new Date().toISOString();
    const id = input.id ?? randomUUID();
    const existing = this.get(id);
    if (existing?.kind === 'demo') throw new AppError('contract/invalid-input', 'The demo company cannot be edited; add a new connection instead.');
    if (!existing && !input.secret) throw new AppError('contract/invalid-input', 'A new connection needs its password or API key.');
    if (input.secret) await this.o.vault.set(secretKey(id), input.secret);
    this.o.db
      .prepare(
        `INSERT INTO connections (id, kind, label, url, db, login, protocol, active, created_at, updated_at) VALUES (?, 'odoo', ?, ?, ?, ?, ?, 0, ?, ?)
         ON CONFLICT(id) DO UPDATE SET label=excluded.label, url=excluded.url, db=excluded.db, login=excluded.login, protocol=excluded.protocol, updated_at=excluded.updated_at`,
      )
      .run(id, input.label, input.url, input.db ?? null, input.login, input.protocol, now, now);
    if (this.current?.id === id) this.current = null;
    return input.activate ? this.activate(id) : this.get(id)!;
  }

  async remove(id: string): Promise<void> {
    const c = this.get(id);
    if (!c) throw new AppError('app/not-found', `No connection ${id}.`);
    if (c.kind === 'demo') throw new AppError('contract/invalid-input', 'The demo company cannot be removed; connect another Odoo instead.');
    await this.o.vault.delete(secretKey(id));
    this.o.db.prepare('DELETE FROM connections WHERE id = ?').run(id);
    if (c.active) this.ensureDefault();
    this.current = null;
  }

  /** The client for the active connection, connected (version detected, authenticated). */
  async activeClient(): Promise<ActiveClient> {
    const c = this.ensureDefault();
    if (this.current && this.current.id === c.id && this.current.updatedAt === c.updatedAt) return this.current.promise;
    const promise = this.connectTo(c);
    this.current = { id: c.id, updatedAt: c.updatedAt, promise };
    promise.catch(() => {
      if (this.current?.promise === promise) this.current = null;
    });
    return promise;
  }

  private async connectTo(c: ConnectionRow): Promise<ActiveClient> {
    let url = c.url;
    let secret: string | null;
    if (c.kind === 'demo') {
      const sim = await this.demo();
      url = sim.url;
      secret = sim.apiKey;
    } else {
      secret = await this.o.vault.get(secretKey(c.id));
      if (!secret) throw new AppError('odoo/auth-failed', `No password or API key is stored for “${c.label}”: enter it in Settings → Connections.`);
    }
    const client = this.makeClient({ url, db: c.db, login: c.login, protocol: c.protocol }, secret, SYNC_MODEL_NAMES.slice(0, 3));
    const info = await client.connect();
    this.o.db.prepare('UPDATE connections SET server_version = ?, uid = ? WHERE id = ?').run(info.serverVersion, info.uid, c.id);
    const serverKey = `${c.id}|${c.kind === 'demo' ? 'demo' : c.url}|${c.db ?? ''}|${info.uid}|${info.major}`;
    return { client, connection: c, info, serverKey };
  }

  private makeClient(c: { url: string; db: string | null; login: string; protocol: Protocol }, secret: string, requiredModels?: string[]): OdooClient {
    return createOdooClient({
      url: c.url,
      ...(c.db ? { db: c.db } : {}),
      login: c.login,
      secret,
      protocol: c.protocol,
      logger: this.o.logger.child({ part: 'odoo' }),
      ...(requiredModels ? { requiredModels } : {}),
      ...(this.o.clientOverrides?.timeoutMs ? { timeoutMs: this.o.clientOverrides.timeoutMs } : {}),
      ...(this.o.clientOverrides?.retry ? { retry: this.o.clientOverrides.retry } : {}),
    });
  }

  demoFile(): string {
    return defaultSimFile(path.join(this.o.dataDir, 'demo'), this.o.demo.version, this.o.demo.size, this.o.demo.seed);
  }

  /** Starts the in-process demo simulator once (generating the company on first use). */
  async demo(opts: { reset?: boolean } = {}): Promise<DemoHandle> {
    if (this.demoSim && !opts.reset) return this.demoSim;
    if (this.demoStarting && !opts.reset) return this.demoStarting;
    if (opts.reset && this.demoSim) {
      await this.demoSim.close();
      this.demoSim = null;
      this.current = null;
    }
    const simOpts = { ...this.o.demo, storagePath: this.demoFile(), ...(opts.reset ? { reset: true } : {}) };
    if (this.o.demoRunner === 'in-process') {
      this.demoStarting = startDemoSim({ ...simOpts, logger: this.o.logger.child({ part: 'demo-sim' }) }).then((sim) => ({
        ...sim,
        execute: async (call: SimCall) => sim.engine.execute(call),
      }));
    } else {
      const thread = startDemoSimThread(simOpts);
      this.abortDemoStart = thread.abort;
      this.demoStarting = thread;
    }
    try {
      this.demoSim = await this.demoStarting;
      return this.demoSim;
    } finally {
      this.demoStarting = null;
      this.abortDemoStart = null;
    }
  }

  async close(): Promise<void> {
    this.current?.promise.then((a) => a.client.close()).catch(() => {});
    this.current = null;
    // a demo company still being generated is abandoned (its half-made file is never marked complete)
    this.abortDemoStart?.();
    if (this.demoSim) await this.demoSim.close();
    this.demoSim = null;
  }
}
