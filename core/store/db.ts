import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../shared/errors';
import type { Migration } from './migration';
import { MIGRATIONS } from './migrations';

export type Store = {
  db: Database.Database;
  path: string;
  schemaVersion: number;
  close(): void;
};

export const latestSchemaVersion = (migrations: readonly Migration[] = MIGRATIONS): number =>
  migrations.reduce((max, m) => Math.max(max, m.version), 0);

/** Loads the native module in a way that turns an ABI mismatch into an explanation. */
function openDatabase(file: string): Database.Database {
  try {
    return new Database(file);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version|invalid ELF header|Module did not self-register/.test(msg)) {
      throw new AppError(
        'store/native-module',
        'The SQLite module (better-sqlite3) was built for another runtime; run `npm run native:node` for the CLI and tests, or `npm run native:electron` for the desktop app.',
        { cause: msg },
      );
    }
    throw e;
  }
}

/**
 * Opens (creating if needed) the app database and brings it to the latest schema.
 * Refuses a database written by a newer version of the app, and a file that is not a database, with
 * AppErrors the UI turns into "rebuild the cache?" — it never deletes anything itself.
 */
export function openStore(file: string, migrations: readonly Migration[] = MIGRATIONS): Store {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = openDatabase(file);
  try {
    db.pragma('busy_timeout = 5000');
    // a non-database file fails here, on the first read of the header
    const current = db.pragma('user_version', { simple: true }) as number;
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // 64 MB page cache: a sync writes hundreds of thousands of rows
    db.pragma('cache_size = -65536');
    const latest = latestSchemaVersion(migrations);
    if (current > latest) {
      throw new AppError(
        'store/future-version',
        `This database was written by a newer version of Smart Odoo (schema ${current}, this app knows up to ${latest}). Update the app, or rebuild the local cache (your file is kept as a backup).`,
        { found: current, supported: latest, path: file },
      );
    }
    migrate(db, current, migrations);
    return { db, path: file, schemaVersion: latest, close: () => db.close() };
  } catch (e) {
    db.close();
    if (e instanceof AppError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || /not a database|malformed/i.test(msg)) {
      throw new AppError(
        'store/corrupt',
        `The local database is damaged (${msg}). Rebuild the local cache: the damaged file is kept as a backup and your Odoo data is downloaded again.`,
        { path: file },
      );
    }
    throw new AppError('store/migration-failed', `Could not prepare the local database: ${msg}`, { path: file });
  }
}

function migrate(db: Database.Database, from: number, migrations: readonly Migration[]): void {
  const pending = [...migrations].filter((m) => m.version > from).sort((a, b) => a.version - b.version);
  if (pending.length === 0) return;
  // all pending migrations and the version bump commit together, or none does
  const run = db.transaction(() => {
    for (const m of pending) {
      try {
        m.up(db);
      } catch (e) {
        throw new AppError('store/migration-failed', `Migration ${m.version}-${m.name} failed: ${e instanceof Error ? e.message : String(e)}`, {
          version: m.version,
        });
      }
    }
    db.pragma(`user_version = ${pending[pending.length - 1]!.version}`);
  });
  run();
}

/**
 * Moves a damaged or future-version database (and its WAL files) aside with a timestamp and returns the
 * backup path. Nothing is deleted: the user's decisions and queued changes stay recoverable from the backup.
 */
export function moveStoreAside(file: string, now: Date = new Date()): string | null {
  if (!fs.existsSync(file)) return null;
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const backup = `${file}.backup-${stamp}`;
  fs.renameSync(file, backup);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, backup + suffix);
  }
  return backup;
}
