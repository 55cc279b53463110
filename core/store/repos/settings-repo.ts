import type Database from 'better-sqlite3';

/** Raw key/value access; validation against the contract happens in the settings service. */
export function createSettingsRepo(db: Database.Database) {
  const all = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  const upsert = db.prepare<[string, string, string]>(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  const setMany = db.transaction((entries: Array<[string, unknown]>, at: string) => {
    for (const [k, v] of entries) upsert.run(k, JSON.stringify(v), at);
  });
  return {
    readAll(): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      for (const row of all.all()) {
        try {
          out[row.key] = JSON.parse(row.value);
        } catch {
          // a value we cannot parse is treated as unset; the default applies
        }
      }
      return out;
    },
    setMany(entries: Record<string, unknown>, at: string = new Date().toISOString()): void {
      setMany(Object.entries(entries), at);
    },
  };
}
export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
