import type { Migration } from '../migration';

/**
 * The local cache of Odoo records, sync cursors and log, the outbox of changes for Odoo, and connections.
 * `cache_records` mirrors Odoo: one row per (model, id) with its write_date, active flag and the fields the
 * app uses as JSON. It can always be rebuilt from Odoo. `outbox` holds the user's decisions: never dropped.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'cache',
  up(db) {
    db.exec(`
      CREATE TABLE connections (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('odoo','demo')),
        label TEXT NOT NULL,
        url TEXT NOT NULL,
        db TEXT,
        login TEXT NOT NULL,
        protocol TEXT NOT NULL DEFAULT 'auto' CHECK (protocol IN ('auto','jsonrpc','json2')),
        active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0,1)),
        server_version TEXT,
        uid INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX connections_by_active ON connections(active) WHERE active = 1;

      CREATE TABLE cache_records (
        model TEXT NOT NULL,
        id INTEGER NOT NULL,
        write_date TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        data TEXT NOT NULL,              -- JSON: the synced fields, logical names
        synced_at TEXT NOT NULL,
        -- a rowid table: rows carry JSON of a few hundred bytes, too large for WITHOUT ROWID to pay off
        PRIMARY KEY (model, id)
      ) STRICT;

      CREATE TABLE sync_cursors (
        model TEXT PRIMARY KEY,
        phase TEXT NOT NULL CHECK (phase IN ('initial','incremental')),
        last_id INTEGER NOT NULL DEFAULT 0,       -- initial phase: keyset position
        since TEXT,                               -- incremental: write_date high-water mark
        fields TEXT NOT NULL,                     -- JSON array of the fields synced
        server_key TEXT NOT NULL,                 -- connection + server version the cursor belongs to
        total INTEGER,                            -- records expected in the initial phase
        synced_count INTEGER NOT NULL DEFAULT 0,
        last_full_check TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sync_log (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL,
        model TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('initial','incremental','full')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        fetched INTEGER NOT NULL DEFAULT 0,
        upserted INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('running','ok','failed','cancelled','skipped')),
        message TEXT
      ) STRICT;
      CREATE INDEX sync_log_by_started_at ON sync_log(started_at);

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending','applying','applied','failed','conflict','discarded')),
        payload TEXT NOT NULL,           -- JSON, validated per kind
        based_on TEXT NOT NULL,          -- JSON [{model, id, writeDate}] the decision relied on
        summary TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,                 -- JSON {code, message}
        conflict TEXT,                   -- JSON {model, id, ours, theirs}
        result TEXT,                     -- JSON: Odoo ids created or touched
        applied_at TEXT,
        connection_id TEXT
      ) STRICT;
      CREATE INDEX outbox_by_state ON outbox(state, id);
    `);
  },
};
