import type Database from 'better-sqlite3';
import type { OdooRecord } from '../odoo/types';

export type CursorRow = {
  model: string;
  phase: 'initial' | 'incremental';
  last_id: number;
  since: string | null;
  fields: string;
  server_key: string;
  total: number | null;
  synced_count: number;
  last_full_check: string | null;
  updated_at: string;
};

export type CachedRecord = { id: number; write_date: string | null; active: boolean; data: Record<string, unknown> };

/** Repository of the Odoo mirror: records, cursors, sync log. Every page is applied with its cursor in one transaction. */
export function createCacheRepo(db: Database.Database) {
  const upsertStmt = db.prepare(
    `INSERT INTO cache_records (model, id, write_date, active, data, synced_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(model, id) DO UPDATE SET write_date = excluded.write_date, active = excluded.active, data = excluded.data, synced_at = excluded.synced_at`,
  );
  // one statement per record: the (id, write_date) de-duplication happens inside SQLite
  const upsertIfChanged = db.prepare(
    `INSERT INTO cache_records (model, id, write_date, active, data, synced_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(model, id) DO UPDATE SET write_date = excluded.write_date, active = excluded.active, data = excluded.data, synced_at = excluded.synced_at
     WHERE cache_records.write_date IS NULL OR excluded.write_date IS NULL OR cache_records.write_date <> excluded.write_date`,
  );
  const deleteStmt = db.prepare('DELETE FROM cache_records WHERE model = ? AND id = ?');
  const writeDateStmt = db.prepare<[string, number], { write_date: string | null }>('SELECT write_date FROM cache_records WHERE model = ? AND id = ?');
  const getStmt = db.prepare<[string, number], { id: number; write_date: string | null; active: number; data: string }>(
    'SELECT id, write_date, active, data FROM cache_records WHERE model = ? AND id = ?',
  );
  const countStmt = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM cache_records WHERE model = ?');
  const idsStmt = db.prepare<[string], { id: number }>('SELECT id FROM cache_records WHERE model = ? ORDER BY id');
  const cursorGet = db.prepare<[string], CursorRow>('SELECT * FROM sync_cursors WHERE model = ?');
  const cursorPut = db.prepare(
    `INSERT INTO sync_cursors (model, phase, last_id, since, fields, server_key, total, synced_count, last_full_check, updated_at)
     VALUES (@model, @phase, @last_id, @since, @fields, @server_key, @total, @synced_count, @last_full_check, @updated_at)
     ON CONFLICT(model) DO UPDATE SET phase=excluded.phase, last_id=excluded.last_id, since=excluded.since, fields=excluded.fields,
       server_key=excluded.server_key, total=excluded.total, synced_count=excluded.synced_count, last_full_check=excluded.last_full_check, updated_at=excluded.updated_at`,
  );
  const cursorDel = db.prepare('DELETE FROM sync_cursors WHERE model = ?');
  const clearModel = db.prepare('DELETE FROM cache_records WHERE model = ?');

  const toRow = (r: OdooRecord) => {
    const { id, write_date, ...rest } = r;
    return { id, writeDate: typeof write_date === 'string' ? write_date : null, active: rest.active === false ? 0 : 1, data: JSON.stringify(rest) };
  };

  return {
    /** Upserts records; returns how many differed from the cache (by write_date). */
    upsertMany(model: string, records: OdooRecord[], at: string): { upserted: number; unchanged: number } {
      let upserted = 0;
      let unchanged = 0;
      for (const r of records) {
        const row = toRow(r);
        if (upsertIfChanged.run(model, row.id, row.writeDate, row.active, row.data, at).changes > 0) upserted++;
        else unchanged++;
      }
      return { upserted, unchanged };
    },
    /** Upserts regardless of write_date (re-sync after an outbox write, where non-stored values may move). */
    putMany(model: string, records: OdooRecord[], at: string): void {
      for (const r of records) {
        const row = toRow(r);
        upsertStmt.run(model, row.id, row.writeDate, row.active, row.data, at);
      }
    },
    deleteMany(model: string, ids: number[]): number {
      let n = 0;
      for (const id of ids) n += deleteStmt.run(model, id).changes;
      return n;
    },
    writeDateOf(model: string, id: number): string | null | undefined {
      const r = writeDateStmt.get(model, id);
      return r ? r.write_date : undefined;
    },
    get(model: string, id: number): CachedRecord | undefined {
      const r = getStmt.get(model, id);
      return r ? { id: r.id, write_date: r.write_date, active: r.active === 1, data: JSON.parse(r.data) as Record<string, unknown> } : undefined;
    },
    count(model: string): number {
      return countStmt.get(model)?.n ?? 0;
    },
    ids(model: string): number[] {
      return idsStmt.all(model).map((r) => r.id);
    },
    cursor(model: string): CursorRow | undefined {
      return cursorGet.get(model);
    },
    putCursor(c: CursorRow): void {
      cursorPut.run(c);
    },
    /** Forgets a model entirely (a full resync or a changed server starts over). */
    resetModel(model: string): void {
      clearModel.run(model);
      cursorDel.run(model);
    },
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
  };
}
export type CacheRepo = ReturnType<typeof createCacheRepo>;
