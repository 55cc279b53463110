import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { AppErrorShape } from '../../shared/errors';
import type { Extraction, PageText } from './types';
import type { VendorMatch } from './vendor-match';

export type DocumentStatus = 'queued' | 'processing' | 'done' | 'not-invoice' | 'error' | 'cancelled' | 'drafted';

export type DocumentRow = {
  id: number;
  connectionId: string;
  sha256: string;
  fileName: string;
  mime: string;
  size: number;
  status: DocumentStatus;
  langs: string | null;
  error: { code: string; message: string } | null;
  extraction: Extraction | null;
  vendorMatch: VendorMatch | null;
  partnerId: number | null;
  vendorChosen: boolean;
  billOutboxId: number | null;
  vendorOutboxId: number | null;
  autoDrafted: boolean;
  usage: { inputTokens: number; outputTokens: number; costUsd: number } | null;
  createdAt: string;
  updatedAt: string;
};

type Raw = {
  id: number;
  connection_id: string;
  sha256: string;
  file_name: string;
  mime: string;
  size: number;
  status: DocumentStatus;
  langs: string | null;
  error: string | null;
  extraction: string | null;
  vendor_match: string | null;
  vendor_partner_id: number | null;
  vendor_chosen: number;
  bill_outbox_id: number | null;
  vendor_outbox_id: number | null;
  auto_drafted: number;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  created_at: string;
  updated_at: string;
};

const COLS = `id, connection_id, sha256, file_name, mime, size, status, langs, error, extraction, vendor_match, vendor_partner_id, vendor_chosen,
  bill_outbox_id, vendor_outbox_id, auto_drafted, input_tokens, output_tokens, cost_usd, created_at, updated_at`;

const parse = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

const toRow = (r: Raw): DocumentRow => ({
  id: r.id,
  connectionId: r.connection_id,
  sha256: r.sha256,
  fileName: r.file_name,
  mime: r.mime,
  size: r.size,
  status: r.status,
  langs: r.langs,
  error: parse(r.error),
  extraction: parse(r.extraction),
  vendorMatch: parse(r.vendor_match),
  partnerId: r.vendor_partner_id,
  vendorChosen: r.vendor_chosen === 1,
  billOutboxId: r.bill_outbox_id,
  vendorOutboxId: r.vendor_outbox_id,
  autoDrafted: r.auto_drafted === 1,
  usage: r.input_tokens !== null ? { inputTokens: r.input_tokens, outputTokens: r.output_tokens ?? 0, costUsd: r.cost_usd ?? 0 } : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type CorrectionRow = {
  id: number;
  documentId: number | null;
  partnerId: number | null;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  oldOrigin: string | null;
  createdAt: string;
};

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The files of the queue: content-addressed under `<dataDir>/documents/<sha256>`, written to a temporary
 * name and renamed (never half a file under its final name). The same bytes are stored once.
 */
export function createFileStore(dataDir: string) {
  const dir = path.join(dataDir, 'documents');
  const fileOf = (sha: string) => {
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error(`not a sha256: ${sha.slice(0, 80)}`);
    return path.join(dir, sha);
  };
  return {
    dir,
    put(bytes: Uint8Array): string {
      const sha = sha256Of(bytes);
      const file = fileOf(sha);
      if (!existsSync(file)) {
        mkdirSync(dir, { recursive: true });
        const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
        writeFileSync(tmp, bytes);
        renameSync(tmp, file);
      }
      return sha;
    },
    has: (sha: string) => existsSync(fileOf(sha)),
    read(sha: string): Buffer | null {
      const file = fileOf(sha);
      if (!existsSync(file)) return null;
      const bytes = readFileSync(file);
      // a file changed on disk is not the document any more
      return sha256Of(bytes) === sha ? bytes : null;
    },
    remove(sha: string): void {
      rmSync(fileOf(sha), { force: true });
    },
  };
}
export type FileStore = ReturnType<typeof createFileStore>;

/** The documents queue, corrections, vendor templates and reviews in SQLite. */
export function createDocumentsRepo(db: Database.Database) {
  const now = () => new Date().toISOString();
  const getStmt = db.prepare<[number], Raw>(`SELECT ${COLS} FROM documents WHERE id = ?`);
  const bySha = db.prepare<[string, string], Raw>(`SELECT ${COLS} FROM documents WHERE connection_id = ? AND sha256 = ?`);

  return {
    get(id: number): DocumentRow | undefined {
      const r = getStmt.get(id);
      return r ? toRow(r) : undefined;
    },
    bySha(connectionId: string, sha: string): DocumentRow | undefined {
      const r = bySha.get(connectionId, sha);
      return r ? toRow(r) : undefined;
    },
    list(connectionId: string, opts: { status?: DocumentStatus; limit: number }): DocumentRow[] {
      const rows = opts.status
        ? db.prepare<[string, string, number], Raw>(`SELECT ${COLS} FROM documents WHERE connection_id = ? AND status = ? ORDER BY id DESC LIMIT ?`).all(connectionId, opts.status, opts.limit)
        : db.prepare<[string, number], Raw>(`SELECT ${COLS} FROM documents WHERE connection_id = ? ORDER BY id DESC LIMIT ?`).all(connectionId, opts.limit);
      return rows.map(toRow);
    },
    /** every document of the connection with an extraction (duplicate checks across the queue) */
    withExtraction(connectionId: string): DocumentRow[] {
      return db
        .prepare<[string], Raw>(`SELECT ${COLS} FROM documents WHERE connection_id = ? AND status IN ('done','drafted') ORDER BY id`)
        .all(connectionId)
        .map(toRow);
    },
    insert(i: { connectionId: string; sha256: string; fileName: string; mime: string; size: number; langs: string | null }): DocumentRow {
      const at = now();
      const info = db
        .prepare(
          `INSERT INTO documents (connection_id, sha256, file_name, mime, size, status, langs, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
        )
        .run(i.connectionId, i.sha256, i.fileName, i.mime, i.size, i.langs, at, at);
      return this.get(Number(info.lastInsertRowid))!;
    },
    /** the oldest queued document (FIFO) not in `skip` */
    nextQueued(skip: ReadonlySet<number>): DocumentRow | undefined {
      const rows = db.prepare<[], Raw>(`SELECT ${COLS} FROM documents WHERE status = 'queued' ORDER BY id LIMIT 200`).all();
      const r = rows.find((x) => !skip.has(x.id));
      return r ? toRow(r) : undefined;
    },
    setStatus(id: number, status: DocumentStatus, error: AppErrorShape | { code: string; message: string } | null = null): void {
      db.prepare(`UPDATE documents SET status = ?, error = ?, updated_at = ? WHERE id = ?`).run(
        status,
        error ? JSON.stringify({ code: error.code, message: error.message }) : null,
        now(),
        id,
      );
    },
    /** a finished extraction: result, pages and vendor match in one write */
    saveResult(
      id: number,
      r: { status: 'done' | 'not-invoice'; extraction: Extraction; pages: PageText[]; vendorMatch: VendorMatch; partnerId: number | null; usage?: { inputTokens: number; outputTokens: number; costUsd: number } | null },
    ): void {
      db.prepare(
        `UPDATE documents SET status = ?, error = NULL, extraction = ?, pages = ?, vendor_match = ?,
           vendor_partner_id = CASE WHEN vendor_chosen = 1 THEN vendor_partner_id ELSE ? END,
           input_tokens = ?, output_tokens = ?, cost_usd = ?, updated_at = ? WHERE id = ?`,
      ).run(
        r.status,
        JSON.stringify(r.extraction),
        JSON.stringify(r.pages),
        JSON.stringify(r.vendorMatch),
        r.partnerId,
        r.usage?.inputTokens ?? null,
        r.usage?.outputTokens ?? null,
        r.usage?.costUsd ?? null,
        now(),
        id,
      );
    },
    updateExtraction(id: number, extraction: Extraction): void {
      db.prepare(`UPDATE documents SET extraction = ?, updated_at = ? WHERE id = ?`).run(JSON.stringify(extraction), now(), id);
    },
    setVendor(id: number, v: { match: VendorMatch; partnerId: number | null; chosen: boolean }): void {
      db.prepare(`UPDATE documents SET vendor_match = ?, vendor_partner_id = ?, vendor_chosen = ?, updated_at = ? WHERE id = ?`).run(
        JSON.stringify(v.match),
        v.partnerId,
        v.chosen ? 1 : 0,
        now(),
        id,
      );
    },
    pages(id: number): PageText[] {
      const r = db.prepare<[number], { pages: string | null }>(`SELECT pages FROM documents WHERE id = ?`).get(id);
      return r?.pages ? (JSON.parse(r.pages) as PageText[]) : [];
    },
    setBill(id: number, b: { billOutboxId: number; vendorOutboxId: number | null; autoDrafted: boolean }): void {
      db.prepare(`UPDATE documents SET status = 'drafted', bill_outbox_id = ?, vendor_outbox_id = ?, auto_drafted = ?, updated_at = ? WHERE id = ?`).run(
        b.billOutboxId,
        b.vendorOutboxId,
        b.autoDrafted ? 1 : 0,
        now(),
        id,
      );
    },
    /** back to queued for another pass (retry); corrections stay */
    requeue(id: number): void {
      db.prepare(`UPDATE documents SET status = 'queued', error = NULL, bill_outbox_id = NULL, vendor_outbox_id = NULL, auto_drafted = 0, updated_at = ? WHERE id = ?`).run(now(), id);
    },
    /** documents left 'processing' by a process that ended: queued again */
    recoverInterrupted(): number {
      return db.prepare(`UPDATE documents SET status = 'queued', updated_at = ? WHERE status = 'processing'`).run(now()).changes;
    },
    remove(id: number): void {
      db.prepare(`DELETE FROM documents WHERE id = ?`).run(id);
    },
    shaInUse(sha: string): boolean {
      return db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM documents WHERE sha256 = ?`).get(sha)!.n > 0;
    },

    addCorrection(c: { documentId: number; connectionId: string; partnerId: number | null; field: string; oldValue: unknown; newValue: unknown; oldOrigin: string | null }): void {
      db.prepare(
        `INSERT INTO document_corrections (document_id, connection_id, partner_id, field, old_value, new_value, old_origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(c.documentId, c.connectionId, c.partnerId, c.field, JSON.stringify(c.oldValue ?? null), JSON.stringify(c.newValue ?? null), c.oldOrigin, now());
    },
    corrections(documentId: number): CorrectionRow[] {
      return db
        .prepare<[number], { id: number; document_id: number | null; partner_id: number | null; field: string; old_value: string | null; new_value: string | null; old_origin: string | null; created_at: string }>(
          `SELECT id, document_id, partner_id, field, old_value, new_value, old_origin, created_at FROM document_corrections WHERE document_id = ? ORDER BY id`,
        )
        .all(documentId)
        .map((r) => ({
          id: r.id,
          documentId: r.document_id,
          partnerId: r.partner_id,
          field: r.field,
          oldValue: parse(r.old_value),
          newValue: parse(r.new_value),
          oldOrigin: r.old_origin,
          createdAt: r.created_at,
        }));
    },

    addReview(r: { connectionId: string; partnerId: number; documentId: number; fields: number; corrected: number }): void {
      db.prepare(`INSERT INTO vendor_reviews (connection_id, partner_id, document_id, fields, corrected, created_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
        r.connectionId,
        r.partnerId,
        r.documentId,
        r.fields,
        r.corrected,
        now(),
      );
    },
    reviews(connectionId: string): Array<{ partnerId: number; documentId: number | null; fields: number; corrected: number }> {
      return db
        .prepare<[string], { partner_id: number; document_id: number | null; fields: number; corrected: number }>(
          `SELECT partner_id, document_id, fields, corrected FROM vendor_reviews WHERE connection_id = ? ORDER BY id`,
        )
        .all(connectionId)
        .map((r) => ({ partnerId: r.partner_id, documentId: r.document_id, fields: r.fields, corrected: r.corrected }));
    },
    /** documents per vendor partner */
    documentCounts(connectionId: string): Map<number, number> {
      const out = new Map<number, number>();
      for (const r of db
        .prepare<[string], { p: number; n: number }>(`SELECT vendor_partner_id AS p, count(*) AS n FROM documents WHERE connection_id = ? AND vendor_partner_id IS NOT NULL GROUP BY vendor_partner_id`)
        .all(connectionId)) {
        out.set(r.p, r.n);
      }
      return out;
    },
  };
}
export type DocumentsRepo = ReturnType<typeof createDocumentsRepo>;
