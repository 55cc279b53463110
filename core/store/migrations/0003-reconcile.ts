import type { Migration } from '../migration';

/**
 * Reconciliation memory: the decision log (every accept and reject, and decisions learned from the
 * reconciled history), per-journal settings (auto-accept threshold, tolerance), learned rules, remembered
 * CSV column mappings per bank account, and the balances bank files declared on import. The decision log
 * and the rules are the user's own work: never dropped.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'reconcile',
  up(db) {
    db.exec(`
      CREATE TABLE reconcile_decisions (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL DEFAULT '',
        statement_line_id INTEGER NOT NULL,
        journal_id INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('accept','reject')),
        -- proposed: the top proposal as proposed; alternative: another proposal; manual: the user's own allocation;
        -- auto: accepted by the journal's threshold; history: read from a line already reconciled in Odoo
        mode TEXT NOT NULL CHECK (mode IN ('proposed','alternative','manual','auto','history')),
        source TEXT NOT NULL CHECK (source IN ('user','history')),
        proposal_index INTEGER,
        -- the engine's confidence in its top proposal when the decision was made
        confidence REAL,
        -- 1: the decision is the top proposal as proposed (the top proposal was right); 0: it was not
        top_correct INTEGER NOT NULL CHECK (top_correct IN (0,1)),
        label TEXT NOT NULL DEFAULT '',
        amount REAL NOT NULL DEFAULT 0,
        date TEXT,
        partner_id INTEGER,
        -- JSON: { moveLineIds, writeOff?: { accountId, taxId?, amount } } of what was decided; the rejected proposal for a reject
        decision TEXT NOT NULL DEFAULT '{}',
        outbox_id INTEGER,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX reconcile_decisions_by_journal ON reconcile_decisions(connection_id, journal_id, source);
      CREATE INDEX reconcile_decisions_by_line ON reconcile_decisions(connection_id, statement_line_id);

      CREATE TABLE reconcile_journal_settings (
        connection_id TEXT NOT NULL DEFAULT '',
        journal_id INTEGER NOT NULL,
        auto_accept_min REAL,
        -- JSON { kind: 'percent'|'fixed', value } or NULL (engine default)
        tolerance TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (connection_id, journal_id)
      ) STRICT;

      CREATE TABLE reconcile_rules (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL DEFAULT '',
        journal_id INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('label-partner','label-account')),
        pattern TEXT NOT NULL,
        pattern_kind TEXT NOT NULL DEFAULT 'contains' CHECK (pattern_kind IN ('contains','regex')),
        partner_id INTEGER,
        account_id INTEGER,
        tax_id INTEGER,
        tolerance TEXT,
        support INTEGER NOT NULL DEFAULT 0,
        backtest TEXT NOT NULL DEFAULT '{}',
        state TEXT NOT NULL DEFAULT 'candidate' CHECK (state IN ('candidate','enabled','disabled')),
        exported_at TEXT,
        odoo_id INTEGER,
        outbox_id INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX reconcile_rules_by_pattern ON reconcile_rules(connection_id, journal_id, kind, pattern);

      CREATE TABLE reconcile_prefs (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE statement_balances (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL DEFAULT '',
        journal_id INTEGER NOT NULL,
        statement_ref TEXT NOT NULL DEFAULT '',
        date_from TEXT,
        date_to TEXT,
        opening REAL,
        closing REAL,
        imported_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX statement_balances_by_statement ON statement_balances(connection_id, journal_id, statement_ref, date_to);
    `);
  },
};
