import type { Migration } from '../migration';

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,            -- JSON
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued','running','succeeded','failed','cancelled')),
        done REAL NOT NULL DEFAULT 0,
        total REAL,
        message TEXT,
        error_code TEXT,
        error_message TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT
      ) STRICT;
      CREATE INDEX jobs_by_started_at ON jobs(started_at);
      CREATE INDEX jobs_by_state ON jobs(state);

      -- every change applied to Odoo or to the user's own data: when, what, by which connection and user
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        connection TEXT,
        action TEXT NOT NULL,
        target_model TEXT,
        target_ids TEXT,               -- JSON array of ids
        summary TEXT NOT NULL,
        details TEXT                   -- JSON
      ) STRICT;
      CREATE INDEX audit_log_by_at ON audit_log(at);
    `);
  },
};
