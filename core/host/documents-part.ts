import type Database from 'better-sqlite3';
import type { CallName, DocExtraction, DocumentDetail, DocumentSummary, ExtractJson as ExtractJsonView, VendorStats } from '../contract';
import { AUTO_DRAFT_MIN_CLEAN } from '../contract/documents';
import { errorJson, extractionJson } from '../engine/extraction/cli-json';
import { createDocumentsRepo, createFileStore, type DocumentRow } from '../engine/extraction/documents-repo';
import type { Duplicate } from '../engine/extraction/duplicates';
import { DocumentQueue, type AiAccess } from '../engine/extraction/queue';
import { createReviewer } from '../engine/extraction/review';
import { FIELD_NAMES, type Extraction } from '../engine/extraction/types';
import { ExtractionPool } from '../engine/extraction/worker';
import { AppError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { billCreateIntent, registerDocumentFileDir } from '../sync/intents/bill-create';
import { vendorCreateIntent } from '../sync/intents/vendor-create';
import { enqueueIntent } from '../sync/outbox';
import { createOutboxRepo } from '../sync/outbox-repo';
import type { EventBus } from './events';
import type { Handlers } from './handlers';

type DocumentsCallName = Extract<CallName, `documents:${string}`>;

// the contract's Extraction must stay the engine's Extraction (the renderer sees only the contract)
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameExtraction: Same<DocExtraction, Extraction> = true;
void _sameExtraction;

export type DocumentsPartOptions = {
  db: Database.Database;
  dataDir: string;
  bus: EventBus;
  logger: Logger;
  /** the connection documents belong to ('' when none) */
  connectionId: () => string;
  outboxChanged: () => void;
  /** starts a push of the outbox; returns its job id */
  startPush?: () => string;
  ai?: AiAccess;
  /** worker threads (default min(2, cores)) */
  workers?: number;
  /** OCR languages when a file names none (default 'eng+deu+fra') */
  defaultLangs?: string;
};

const OPEN_BILL = new Set(['pending', 'applying', 'applied', 'conflict']);
/**
 * Auto-drafting needs these fields (when present) at this confidence or more. The vendor's promotion (K clean
 * documents in a row, checked by a person) is the evidence that its documents read right; the floor only
 * stops a reading the pipeline itself doubts (a guess between two dates, an amount without a label).
 */
const AUTO_DRAFT_FIELDS = ['invoiceNumber', 'invoiceDate', 'amountTotal', 'amountUntaxed', 'amountTax', 'currency'] as const;
const AUTO_DRAFT_MIN_CONFIDENCE = 0.5;

/**
 * Invoice processing behind the contract: the queue (worker pool), review (vendor, PO, duplicates,
 * corrections and templates), and draft bills through the outbox.
 */
export function createDocumentsPart(o: DocumentsPartOptions) {
  const repo = createDocumentsRepo(o.db);
  const files = createFileStore(o.dataDir);
  const unregister = registerDocumentFileDir(files.dir);
  const outbox = createOutboxRepo(o.db);
  const reviewer = createReviewer({ db: o.db, repo, connectionId: o.connectionId });
  let pool: ExtractionPool | null = null;
  const getPool = () => (pool ??= new ExtractionPool({ logger: o.logger.child({ part: 'extract-pool' }), ...(o.workers ? { size: o.workers } : {}) }));

  const queue = new DocumentQueue({
    repo,
    files,
    reviewer,
    pool: getPool,
    connectionId: o.connectionId,
    logger: o.logger,
    defaultLangs: o.defaultLangs ?? 'eng+deu+fra',
    ...(o.ai ? { ai: o.ai } : {}),
    events: {
      changed: (e) => o.bus.emit('documents:changed', e),
      finished: (doc) => autoDraft(doc),
    },
  });

  const need = (id: number): DocumentRow => {
    const d = repo.get(id);
    if (!d || d.connectionId !== o.connectionId()) throw new AppError('app/not-found', `Document ${id} does not exist.`);
    return d;
  };

  /** The bill's outbox row: state, and the Odoo ids once applied. */
  function billInfo(doc: DocumentRow): { state?: DocumentSummary['billState']; moveId?: number; moveName?: string; partnerId?: number } {
    if (doc.billOutboxId === null) return {};
    const row = outbox.get(doc.billOutboxId);
    if (!row) return {};
    const r = (row.result ?? {}) as { moveId?: unknown; moveName?: unknown; partnerId?: unknown };
    return {
      state: row.state,
      ...(typeof r.moveId === 'number' ? { moveId: r.moveId } : {}),
      ...(typeof r.moveName === 'string' ? { moveName: r.moveName } : {}),
      ...(typeof r.partnerId === 'number' ? { partnerId: r.partnerId } : {}),
    };
  }

  /** a drafted document whose bill came back failed or discarded is back to review */
  const hasOpenBill = (doc: DocumentRow) => {
    const s = billInfo(doc).state;
    return s !== undefined && OPEN_BILL.has(s);
  };

  function summary(doc: DocumentRow, dups?: Duplicate[], ctx?: ReturnType<typeof reviewer.dupContext>): DocumentSummary {
    const e = doc.extraction;
    const f = e?.fields;
    const confidences = f ? FIELD_NAMES.flatMap((n) => (f[n] ? [f[n]!.confidence] : [])) : [];
    const bill = billInfo(doc);
    const duplicates = dups ?? (e ? reviewer.duplicates(doc, bill.moveId, ctx) : []);
    const progress = queue.progressOf(doc.id);
    const partnerId = doc.partnerId ?? bill.partnerId;
    return {
      id: doc.id,
      fileName: doc.fileName,
      mime: doc.mime,
      sha256: doc.sha256,
      size: doc.size,
      status: doc.status === 'drafted' && !hasOpenBill(doc) ? 'done' : doc.status,
      ...(progress && doc.status === 'processing' ? { progress } : {}),
      ...(doc.error ? { error: doc.error } : {}),
      ...(f?.documentType ? { documentType: f.documentType.value } : {}),
      ...(e ? { method: e.method } : {}),
      ...(f?.vendorName ? { vendorName: f.vendorName.value } : {}),
      ...(partnerId != null ? { partnerId } : {}),
      ...(f?.invoiceNumber ? { invoiceNumber: f.invoiceNumber.value } : {}),
      ...(f?.invoiceDate ? { invoiceDate: f.invoiceDate.value } : {}),
      ...(f?.amountTotal ? { amountTotal: f.amountTotal.value } : {}),
      ...(f?.currency ? { currency: f.currency.value } : {}),
      ...(confidences.length > 0 ? { minConfidence: Math.min(...confidences) } : {}),
      warnings: e?.warnings.length ?? 0,
      ...(duplicates[0] ? { duplicateBill: duplicates[0] } : {}),
      ...(doc.billOutboxId !== null ? { billOutboxId: doc.billOutboxId } : {}),
      ...(bill.state ? { billState: bill.state } : {}),
      ...(bill.moveId !== undefined ? { billMoveId: bill.moveId } : {}),
      ...(doc.autoDrafted ? { autoDrafted: true } : {}),
      createdAt: doc.createdAt,
    };
  }

  function json(doc: DocumentRow): ExtractJsonView {
    if (doc.extraction) return extractionJson(doc.fileName, doc.extraction, doc.partnerId);
    if (doc.status === 'error' && doc.error) return errorJson(doc.fileName, doc.error);
    return errorJson(doc.fileName, { code: 'documents/busy', message: `Not extracted yet (${doc.status}).` });
  }

  function detail(doc: DocumentRow): DocumentDetail {
    const bill = billInfo(doc);
    const duplicates = doc.extraction ? reviewer.duplicates(doc, bill.moveId) : [];
    const pages = repo.pages(doc.id);
    const m = doc.vendorMatch ?? { matchedBy: null, candidates: [] };
    const index = reviewer.vendorIndex();
    const partnerId = doc.partnerId ?? bill.partnerId;
    const po = doc.extraction ? reviewer.poCheck(doc, bill.state === 'applied') : null;
    return {
      summary: summary(doc, duplicates),
      extraction: doc.extraction,
      pages: pages.map((p) => ({ page: p.page, width: p.width, height: p.height, source: p.source })),
      vendor: {
        ...(partnerId != null ? { partnerId, partnerName: index.nameOf(partnerId) ?? m.partnerName ?? `#${partnerId}` } : {}),
        matchedBy: doc.vendorChosen ? null : m.matchedBy,
        ...(m.score !== undefined && !doc.vendorChosen ? { score: m.score } : {}),
        candidates: m.candidates,
        ...(doc.vendorChosen ? { chosenByUser: true } : {}),
      },
      po,
      duplicates,
      json: json(doc),
      ...(doc.usage ? { usage: doc.usage } : {}),
      corrected: [...new Set(repo.corrections(doc.id).map((c) => c.field))].filter((f): f is (typeof FIELD_NAMES)[number] => (FIELD_NAMES as readonly string[]).includes(f)),
    };
  }

  /**
   * Queues the draft bill (and the vendor first when it is to be created). Refuses when vendor, total or
   * date are missing, or when a duplicate bill exists (unless forced).
   */
  function createBill(doc: DocumentRow, i: { partnerId?: number; createVendor?: { name: string; vat?: string; iban?: string; email?: string }; force?: boolean; auto?: boolean }): { outboxId: number; vendorOutboxId?: number } {
    if (doc.status !== 'done' && doc.status !== 'drafted') throw new AppError('documents/busy', `${doc.fileName} is ${doc.status}: only a processed invoice becomes a bill.`);
    if (doc.status === 'drafted' && hasOpenBill(doc)) throw new AppError('documents/busy', `${doc.fileName} already has a draft bill (change ${doc.billOutboxId}).`);
    if (i.partnerId !== undefined && i.createVendor) throw new AppError('contract/invalid-input', 'Give either a partner or a vendor to create, not both.');
    if (i.partnerId !== undefined && reviewer.vendorIndex().nameOf(i.partnerId) === undefined) throw new AppError('app/not-found', `Partner ${i.partnerId} is not in the local copy of Odoo; sync and try again.`);
    if (i.partnerId !== undefined && i.partnerId !== doc.partnerId) {
      reviewer.correct(doc, { partnerId: i.partnerId });
      doc = repo.get(doc.id)!;
    }
    const partnerId = doc.partnerId;
    const missing = reviewer.missingForBill(doc, i.createVendor ? null : partnerId, Boolean(i.createVendor));
    if (missing.length > 0) {
      throw new AppError('documents/missing-fields', `Cannot create the bill: the ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing. Correct the document first.`, { missing });
    }
    if (!i.createVendor && partnerId !== null && !i.force) {
      const dups = reviewer.duplicates(doc);
      const d = dups[0];
      if (d) {
        const what = d.moveId !== undefined ? `bill ${d.moveName ?? d.moveId} in Odoo` : `document ${d.documentId} in the queue`;
        throw new AppError(
          'documents/duplicate-bill',
          `This looks like a duplicate of ${what} (${d.kind === 'number' ? 'same vendor and invoice number' : 'same vendor, date and total'}). Create it anyway with force.`,
          { duplicates: dups },
        );
      }
    }
    const po = partnerId !== null ? reviewer.poCheck(doc) : null;
    const connectionId = o.connectionId() || null;
    let vendorOutboxId: number | undefined;
    let outboxId = 0;
    o.db.transaction(() => {
      let vendor: { partnerId: number } | { vendorKey: string };
      if (i.createVendor) {
        const v = enqueueIntent(o.db, {
          kind: vendorCreateIntent.kind,
          payload: { name: i.createVendor.name, ...(i.createVendor.vat ? { vat: i.createVendor.vat } : {}), ...(i.createVendor.iban ? { iban: i.createVendor.iban } : {}), ...(i.createVendor.email ? { email: i.createVendor.email } : {}) },
          summary: `Create vendor “${i.createVendor.name.slice(0, 80)}”`,
          connectionId,
        });
        vendorOutboxId = v.id;
        vendor = { vendorKey: v.idempotencyKey };
      } else vendor = { partnerId: partnerId! };
      const payload = reviewer.billPayload(doc, vendor, po);
      const f = doc.extraction!.fields;
      const row = enqueueIntent(o.db, {
        kind: billCreateIntent.kind,
        payload,
        summary: `Draft ${payload.moveType === 'in_refund' ? 'refund' : 'bill'} ${f.invoiceNumber?.value ?? doc.fileName} from ${i.createVendor?.name ?? reviewer.vendorIndex().nameOf(partnerId!) ?? 'vendor'}: ${f.amountTotal!.value.toFixed(2)} ${f.currency?.value ?? ''}`.trim(),
        connectionId,
      });
      outboxId = row.id;
      repo.setBill(doc.id, { billOutboxId: row.id, vendorOutboxId: vendorOutboxId ?? null, autoDrafted: Boolean(i.auto) });
      // a reviewed document: its corrections measure the vendor's accuracy (auto-drafted ones were not reviewed)
      if (!i.auto && partnerId !== null && !i.createVendor) {
        const counts = reviewer.reviewCounts(doc);
        repo.addReview({ connectionId: doc.connectionId, partnerId, documentId: doc.id, ...counts });
      }
    })();
    o.outboxChanged();
    o.bus.emit('documents:changed', { id: doc.id, status: 'drafted' });
    return { outboxId, ...(vendorOutboxId !== undefined ? { vendorOutboxId } : {}) };
  }

  /** A promoted vendor's clean documents become draft bills on their own. */
  function autoDraft(doc: DocumentRow): void {
    if (doc.status !== 'done' || doc.partnerId === null || !doc.extraction) return;
    const t = reviewer.templates().byPartner(doc.partnerId);
    if (!t?.autoDraft) return;
    const e = doc.extraction;
    // the fields the bill is made of must be sure; a warning (arithmetic, checksum) means a human looks first
    const minConf = Math.min(...AUTO_DRAFT_FIELDS.flatMap((n) => (e.fields[n] ? [e.fields[n]!.confidence] : [])));
    if (e.warnings.length > 0 || minConf < AUTO_DRAFT_MIN_CONFIDENCE || !e.fields.invoiceNumber) return;
    const po = reviewer.poCheck(doc);
    if (po && po.status !== 'ok') return;
    try {
      createBill(doc, { auto: true });
      o.logger.info('draft bill created automatically', { id: doc.id, partnerId: doc.partnerId });
    } catch (err) {
      // missing fields or a duplicate: the document waits for review like any other
      o.logger.info('auto-draft skipped', { id: doc.id, reason: err instanceof AppError ? err.code : String(err) });
    }
  }

  function vendorStats(): VendorStats[] {
    const learned = new Set(reviewer.templates().all().flatMap((r) => (r.partnerId !== null && (r.template.lines?.length ?? 0) > 0 ? [r.partnerId] : [])));
    return reviewer.vendorStats(o.connectionId()).map((v) => (learned.has(v.partnerId) ? { ...v, lineTable: true } : v));
  }

  const handlers: Pick<Handlers, DocumentsCallName> = {
    'documents:add': (i) => {
      const added = queue.add(
        i.files.map((f) => ({ fileName: f.fileName, bytes: Buffer.from(f.contentBase64, 'base64') })),
        i.langs,
      );
      return {
        documents: added.map((a) => ({ id: a.doc.id, fileName: a.doc.fileName, status: a.doc.status, ...(a.duplicateOf !== undefined ? { duplicateOf: a.duplicateOf } : {}) })),
      };
    },
    'documents:list': (i) => {
      const docs = repo.list(o.connectionId(), { ...(i.status ? { status: i.status } : {}), limit: i.limit });
      // the queue and the vendors' bills are read once for the whole list
      const ctx = reviewer.dupContext(o.connectionId());
      return { documents: docs.map((d) => summary(d, undefined, ctx)) };
    },
    'documents:get': (i) => detail(need(i.id)),
    'documents:file': (i) => {
      const doc = need(i.id);
      const bytes = files.read(doc.sha256);
      if (!bytes) throw new AppError('app/not-found', `The file of ${doc.fileName} is no longer in the document store.`);
      return { mime: doc.mime, fileName: doc.fileName, contentBase64: bytes.toString('base64') };
    },
    'documents:page-words': (i) => {
      need(i.id);
      const page = repo.pages(i.id).find((p) => p.page === i.page);
      if (!page) throw new AppError('app/not-found', `Document ${i.id} has no page ${i.page} with text.`);
      return { page: page.page, words: page.words.map((w) => ({ text: w.text, box: w.box })) };
    },
    'documents:correct': (i) => {
      const doc = need(i.id);
      if (doc.status === 'drafted' && hasOpenBill(doc)) throw new AppError('documents/busy', `${doc.fileName} already has a draft bill; correct the bill in Odoo.`);
      if ('lines' in i) reviewer.correct(doc, { lines: i.lines });
      else if ('partnerId' in i) reviewer.correct(doc, { partnerId: i.partnerId });
      else reviewer.correct(doc, { field: i.field, value: i.value });
      const next = repo.get(doc.id)!;
      o.bus.emit('documents:changed', { id: next.id, status: next.status });
      return detail(next);
    },
    'documents:cancel': (i) => {
      queue.cancel(need(i.id).id);
      return summary(repo.get(i.id)!);
    },
    'documents:retry': (i) => {
      const doc = need(i.id);
      if (doc.status === 'drafted' && hasOpenBill(doc)) throw new AppError('documents/busy', `${doc.fileName} already has a draft bill.`);
      queue.retry(doc.id);
      return summary(repo.get(i.id)!);
    },
    'documents:remove': (i) => {
      const doc = repo.get(i.id);
      if (!doc || doc.connectionId !== o.connectionId()) return { id: i.id, removed: false };
      const removed = queue.remove(i.id);
      if (removed) o.bus.emit('documents:changed', { id: i.id, status: 'cancelled' });
      return { id: i.id, removed };
    },
    'documents:create-bill': (i) => {
      const doc = need(i.id);
      const r = createBill(doc, { ...(i.partnerId !== undefined ? { partnerId: i.partnerId } : {}), ...(i.createVendor ? { createVendor: i.createVendor } : {}), force: i.force });
      const pushJobId = i.push && o.startPush ? o.startPush() : undefined;
      return { ...r, ...(pushJobId ? { pushJobId } : {}), summary: summary(repo.get(doc.id)!) };
    },
    'documents:vendors': () => ({ vendors: vendorStats() }),
    'documents:vendor-set': (i) => {
      const current = vendorStats().find((v) => v.partnerId === i.partnerId);
      if (i.autoDraft && (current?.cleanStreak ?? 0) < AUTO_DRAFT_MIN_CLEAN) {
        throw new AppError(
          'contract/invalid-input',
          `${current?.name ?? `Partner ${i.partnerId}`} has ${current?.cleanStreak ?? 0} clean document(s) in a row; automatic drafting needs ${AUTO_DRAFT_MIN_CLEAN}.`,
        );
      }
      if (!current && reviewer.vendorIndex().nameOf(i.partnerId) === undefined) throw new AppError('app/not-found', `Partner ${i.partnerId} is not in the local copy of Odoo.`);
      reviewer.templates().setAutoDraft(i.partnerId, i.autoDraft);
      return vendorStats().find((v) => v.partnerId === i.partnerId)!;
    },
  };

  /**
   * Extraction without the queue (the CLI): each file through the worker pool, Claude when configured, the
   * vendor templates and the vendor match against the cache. Nothing is stored. One result per file, in order;
   * a file that fails gives its error and the others go on.
   */
  async function extractFiles(
    list: Array<{ file: string; bytes: Uint8Array | null; error?: { code: string; message: string } }>,
    opts: { langs?: string; signal?: AbortSignal } = {},
  ): Promise<ExtractJsonView[]> {
    const ai = o.ai ? await o.ai() : null;
    return Promise.all(
      list.map(async (f): Promise<ExtractJsonView> => {
        if (!f.bytes) return errorJson(f.file, f.error ?? { code: 'app/not-found', message: `${f.file}: cannot be read.` });
        try {
          // with Claude (redaction off) the worker also renders the scanned pages for its vision
          const { pageImages, ...result } = await getPool().run(
            { bytes: f.bytes, fileName: f.file, langs: opts.langs ?? o.defaultLangs ?? 'eng+deu+fra', ...(ai && !ai.redaction ? { pageImages: true } : {}) },
            opts.signal ? { signal: opts.signal } : {},
          );
          let extracted = result;
          if (ai && extracted.extraction.status === 'ok' && extracted.extraction.method !== 'e-invoice') {
            const { llmExtract } = await import('../engine/extraction/llm');
            const r = await llmExtract({
              provider: ai.provider,
              pages: extracted.pages,
              deterministic: extracted.extraction,
              redaction: ai.redaction,
              images: pageImages?.images ?? [],
              imageWarnings: pageImages?.warnings ?? [],
              ...(opts.signal ? { signal: opts.signal } : {}),
            });
            extracted = { ...extracted, extraction: r.extraction };
          }
          const r = reviewer.finalize(null, extracted);
          return extractionJson(f.file, r.extraction, r.partnerId);
        } catch (e) {
          const shape = e instanceof AppError ? e.toShape() : { code: 'app/internal', message: e instanceof Error ? e.message : String(e) };
          return errorJson(f.file, shape);
        }
      }),
    );
  }

  return {
    handlers,
    extractFiles,
    queue,
    repo,
    reviewer,
    pool: getPool,
    start() {
      queue.start();
    },
    async close() {
      queue.close();
      unregister();
      const p = pool;
      pool = null;
      await p?.close();
    },
  };
}
export type DocumentsPart = ReturnType<typeof createDocumentsPart>;
