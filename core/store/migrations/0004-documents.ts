import type { Migration } from '../migration';

/**
 * Invoice processing. `documents` is the queue: one row per file (content hash unique per connection), the
 * file itself stored on disk under `<dataDir>/documents/<sha256>` (content-addressed; SQLite keeps only its
 * metadata), the pipeline's extraction as JSON, the page words it was made from (templates learn from them),
 * the vendor match, and the outbox id of the draft bill. `document_corrections` keeps every correction the user
 * made (never dropped: the learning loop and the accuracy figures come from it). `vendor_templates` holds the
 * per-vendor anchors learned from corrections and the auto-draft switch; `vendor_reviews` one row per reviewed
 * document (fields, fields corrected) for the measured accuracy.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'documents',
  up(db) {
    db.exec(`
      CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL,
        file_name TEXT NOT NULL,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued','processing','done','not-invoice','error','cancelled','drafted')),
        langs TEXT,
        error TEXT,                      -- JSON {code, message}
        extraction TEXT,                 -- JSON Extraction: the pipeline's result with templates applied (user corrections are kept apart)
        pages TEXT,                      -- JSON PageText[]: the words with boxes
        vendor_match TEXT,               -- JSON: matchedBy, score, candidates
        vendor_partner_id INTEGER,       -- the Odoo partner (matched, or chosen by the user)
        vendor_chosen INTEGER NOT NULL DEFAULT 0 CHECK (vendor_chosen IN (0,1)),
        bill_outbox_id INTEGER,
        vendor_outbox_id INTEGER,
        auto_drafted INTEGER NOT NULL DEFAULT 0 CHECK (auto_drafted IN (0,1)),
        input_tokens INTEGER,
        output_tokens INTEGER,
        cost_usd REAL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX documents_by_connection_sha256 ON documents(connection_id, sha256);
      CREATE INDEX documents_by_status ON documents(status, id);
      CREATE INDEX documents_by_vendor_partner_id ON documents(vendor_partner_id);

      CREATE TABLE document_corrections (
        id INTEGER PRIMARY KEY,
        -- kept when the document is removed: the correction still taught the template
        document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
        connection_id TEXT NOT NULL DEFAULT '',
        partner_id INTEGER,
        field TEXT NOT NULL,             -- a field name, 'lines' or 'partner'
        old_value TEXT,                  -- JSON
        new_value TEXT,                  -- JSON
        old_origin TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX document_corrections_by_document_id ON document_corrections(document_id, field);

      CREATE TABLE vendor_templates (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL DEFAULT '',
        partner_id INTEGER,
        identity TEXT NOT NULL,          -- JSON array of identity keys: 'vat:…', 'iban:…', 'email:…', 'name:…'
        template TEXT NOT NULL,          -- JSON: field rules (anchors, regions, formats, constants)
        auto_draft INTEGER NOT NULL DEFAULT 0 CHECK (auto_draft IN (0,1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX vendor_templates_by_connection_partner ON vendor_templates(connection_id, partner_id) WHERE partner_id IS NOT NULL;

      CREATE TABLE vendor_reviews (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL DEFAULT '',
        partner_id INTEGER NOT NULL,
        document_id INTEGER,             -- no foreign key: the review counts after the document is removed
        fields INTEGER NOT NULL,
        corrected INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX vendor_reviews_by_connection_partner ON vendor_reviews(connection_id, partner_id, id);
    `);
  },
};
