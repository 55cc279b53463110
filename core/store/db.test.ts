import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { AppError } from '../shared/errors';
import type { Migration } from './migration';
import { MIGRATIONS } from './migrations';
import { latestSchemaVersion, moveStoreAside, openStore } from './db';

let tmp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  tmp = makeTempDir();
  file = path.join(tmp.dir, 'nested', 'app.sqlite');
});
afterEach(() => tmp.cleanup());

const expectAppError = (fn: () => unknown, code: string) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
    return e as AppError;
  }
  throw new Error(`expected ${code}`);
};

describe('openStore', () => {
  it('creates the file with pragmas and the latest schema', () => {
    const s = openStore(file);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(s.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(s.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    s.close();
  });

  it('migration 0001 creates STRICT settings, jobs and audit_log tables', () => {
    const s = openStore(file, MIGRATIONS.slice(0, 1));
    expect(s.db.pragma('user_version', { simple: true })).toBe(1);
    const tables = s.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type='table' ORDER BY name").all() as Array<{ name: string; sql: string }>;
    expect(tables.map((t) => t.name)).toEqual(['audit_log', 'jobs', 'settings']);
    for (const t of tables) expect(t.sql).toMatch(/STRICT/);
    // STRICT really holds: a text in a REAL column is refused
    expect(() =>
      s.db.prepare("INSERT INTO jobs (id, kind, title, state, done, started_at) VALUES ('a','k','t','running','lots','now')").run(),
    ).toThrow(/cannot store TEXT value in REAL column/);
    expect(() => s.db.prepare("INSERT INTO jobs (id, kind, title, state, started_at) VALUES ('a','k','t','bogus','now')").run()).toThrow(/CHECK/);
    s.close();
  });

  it('is idempotent on reopen and keeps data', () => {
    const s = openStore(file);
    s.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('theme', '\"dark\"', 'now')").run();
    s.close();
    const s2 = openStore(file);
    expect(s2.db.prepare('SELECT value FROM settings').pluck().get()).toBe('"dark"');
    s2.close();
  });

  it('applies pending migrations in one transaction: a failing one leaves the previous version intact', () => {
    openStore(file).close();
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: 90, name: 'adds-table', up: (db) => db.exec('CREATE TABLE extra (id INTEGER PRIMARY KEY) STRICT') },
      { version: 91, name: 'fails', up: () => { throw new Error('boom'); } },
    ];
    const err = expectAppError(() => openStore(file, broken), 'store/migration-failed');
    expect(err.message).toMatch(/91-fails/);
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name='extra'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database from a newer version without touching it', () => {
    openStore(file).close();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    const before = fs.readFileSync(file);
    const err = expectAppError(() => openStore(file), 'store/future-version');
    expect(err.message).toMatch(/newer version/);
    expect(err.details).toMatchObject({ found: 99 });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('reports a file that is not a database as corrupt', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'this is not sqlite '.repeat(500));
    const err = expectAppError(() => openStore(file), 'store/corrupt');
    expect(err.message).toMatch(/Rebuild the local cache/);
  });
});

describe('migration 0002-cache', () => {
  it('upgrades a version-1 database in place, keeping its rows, and adds the cache and outbox tables', () => {
    const v1 = openStore(file, MIGRATIONS.slice(0, 1));
    v1.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('theme', '\"dark\"', 'now')").run();
    v1.close();
    const s = openStore(file);
    expect(s.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(2);
    expect(s.db.prepare('SELECT value FROM settings').pluck().get()).toBe('"dark"');
    const names = s.db.prepare("SELECT name FROM sqlite_schema WHERE type='table' ORDER BY name").pluck().all();
    expect(names).toEqual(expect.arrayContaining(['cache_records', 'sync_cursors', 'sync_log', 'outbox', 'connections']));
    // the outbox refuses unknown states and duplicate idempotency keys
    const ins = s.db.prepare("INSERT INTO outbox (idempotency_key, kind, state, payload, based_on, summary, created_at, updated_at) VALUES (?, 'k', ?, '{}', '[]', 's', 'now', 'now')");
    ins.run('a', 'pending');
    expect(() => ins.run('a', 'pending')).toThrow(/UNIQUE/);
    expect(() => ins.run('b', 'lost')).toThrow(/CHECK/);
    // only one active connection
    const con = s.db.prepare("INSERT INTO connections (id, kind, label, url, login, active, created_at, updated_at) VALUES (?, 'odoo', 'l', 'u', 'x', 1, 'now', 'now')");
    con.run('c1');
    expect(() => con.run('c2')).toThrow(/UNIQUE/);
    s.close();
  });
});

describe('moveStoreAside', () => {
  it('renames the database and its WAL files, deleting nothing', () => {
    const s = openStore(file);
    s.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 'now')").run();
    const walExists = fs.existsSync(`${file}-wal`);
    const backup = moveStoreAside(file, new Date('2026-01-02T03:04:05Z'));
    s.close();
    expect(backup).toBe(`${file}.backup-2026-01-02T03-04-05-000Z`);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(backup!)).toBe(true);
    if (walExists) expect(fs.existsSync(`${backup}-wal`)).toBe(true);
  });

  it('returns null when there is nothing to move', () => {
    expect(moveStoreAside(file)).toBeNull();
  });
});
