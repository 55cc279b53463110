import Database from 'better-sqlite3';
import type { Row } from './fields';
import type { Change, Store } from './store';

/**
 * Write-through SQLite persistence: one JSON document per record, plus sequences and meta (auth data,
 * name sequences). Each successful call writes only what it changed, in one SQLite transaction.
 */
export class SqlitePersistence {
  private db: Database.Database;
  private upsert: Database.Statement;
  private del: Database.Statement;
  private setSeq: Database.Statement;
  private setMeta: Database.Statement;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS records (model TEXT NOT NULL, id INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (model, id)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS sequences (model TEXT PRIMARY KEY, next_id INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    this.upsert = this.db.prepare('INSERT INTO records (model, id, data) VALUES (?, ?, ?) ON CONFLICT(model, id) DO UPDATE SET data = excluded.data');
    this.del = this.db.prepare('DELETE FROM records WHERE model = ? AND id = ?');
    this.setSeq = this.db.prepare('INSERT INTO sequences (model, next_id) VALUES (?, ?) ON CONFLICT(model) DO UPDATE SET next_id = excluded.next_id');
    this.setMeta = this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  isEmpty(): boolean {
    const row = this.db.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number };
    return row.n === 0;
  }

  load(store: Store): void {
    const iter = this.db.prepare('SELECT model, id, data FROM records ORDER BY model, id').iterate() as Iterable<{ model: string; id: number; data: string }>;
    for (const r of iter) store.put(r.model, JSON.parse(r.data) as Row);
    for (const s of this.db.prepare('SELECT model, next_id FROM sequences').all() as Array<{ model: string; next_id: number }>) store.bumpSequence(s.model, s.next_id);
    for (const m of this.db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>) store.meta.set(m.key, m.value);
  }

  save(store: Store, changes: Change[]): void {
    const run = this.db.transaction(() => {
      for (const c of changes) {
        const row = store.get(c.model, c.id);
        if (row) this.upsert.run(c.model, c.id, JSON.stringify(row));
        else this.del.run(c.model, c.id);
      }
      for (const [model, next] of store.sequences()) this.setSeq.run(model, next);
      for (const [k, v] of store.meta) this.setMeta.run(k, v);
    });
    run();
  }

  saveMeta(store: Store): void {
    this.db.transaction(() => {
      for (const [k, v] of store.meta) this.setMeta.run(k, v);
    })();
  }

  clear(): void {
    this.db.exec('DELETE FROM records; DELETE FROM sequences; DELETE FROM meta;');
  }

  close(): void {
    this.db.close();
  }
}
