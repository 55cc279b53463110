/**
 * The document queue: files in (content-hashed, stored once, a file already added is recognised), a bounded
 * worker pool running the pipeline (and, with Claude configured and redaction off, rendering the pages read by
 * OCR as images for its vision), then — on the main thread, all in milliseconds — the optional Claude pass,
 * templates, vendor match, and saving. Per-document progress and cancel; a document that fails gets
 * status 'error' with its AppError, and the batch goes on. Documents left 'processing' by a process that
 * ended are queued again on start.
 */
import path from 'node:path';
import type { AiProvider } from '../../ai/types';
import { AppError, toErrorShape } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { DocumentRow, DocumentsRepo, FileStore } from './documents-repo';
import { sha256Of } from './documents-repo';
import { llmExtract } from './llm';
import type { Reviewer } from './review';
import { EXTRACT_LIMITS, type ExtractedDocument, type ExtractProgress } from './types';
import type { ExtractionPool } from './worker';

export type QueueProgress = ExtractProgress | { stage: 'match' };

export type QueueEvents = {
  changed(e: { id: number; status: DocumentRow['status']; progress?: QueueProgress }): void;
  /** a document finished (done / not-invoice) and was saved: auto-draft happens here */
  finished(doc: DocumentRow): void;
};

export type AiAccess = () => Promise<{ provider: AiProvider; redaction: boolean } | null>;

export type QueueOptions = {
  repo: DocumentsRepo;
  files: FileStore;
  reviewer: Reviewer;
  pool: () => ExtractionPool;
  connectionId: () => string;
  logger: Logger;
  events: QueueEvents;
  /** the configured Claude provider, or null (no key): then the LLM is never tried */
  ai?: AiAccess;
  /** OCR languages when a document names none */
  defaultLangs?: string;
  pageTimeoutMs?: number;
};

const MIME_BY_EXT: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.xml': 'application/xml',
};

/** The file's type from its first bytes (the name can lie), else from its extension. */
export function detectMime(bytes: Uint8Array, fileName: string): string {
  const b = bytes;
  const head = Buffer.from(b.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'application/pdf';
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0x00) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0x00 && b[3] === 0x2a)) return 'image/tiff';
  if (/^\s*(?:\uFEFF)?<(?:\?xml|[A-Za-z])/.test(head)) return 'application/xml';
  return MIME_BY_EXT[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

export class DocumentQueue {
  private readonly running = new Map<number, AbortController>();
  private readonly progress = new Map<number, QueueProgress>();
  private started = false;
  private closed = false;

  constructor(private readonly o: QueueOptions) {}

  progressOf(id: number): QueueProgress | undefined {
    return this.progress.get(id);
  }

  /** Recovers interrupted documents and starts processing. */
  start(): void {
    if (this.closed) return;
    if (!this.started) {
      this.started = true;
      const n = this.o.repo.recoverInterrupted();
      if (n > 0) this.o.logger.info('documents queued again after a restart', { count: n });
    }
    this.pump();
  }

  /**
   * Stores and queues files. A file whose content was already added (same connection) is not added again:
   * the existing document comes back with `duplicateOf`.
   */
  add(files: Array<{ fileName: string; bytes: Uint8Array }>, langs?: string): Array<{ doc: DocumentRow; duplicateOf?: number }> {
    const connectionId = this.o.connectionId();
    const out: Array<{ doc: DocumentRow; duplicateOf?: number }> = [];
    for (const f of files) {
      const fileName = path.basename(f.fileName.replace(/\\/g, '/')).slice(0, 255) || 'document';
      const sha = sha256Of(f.bytes);
      const existing = this.o.repo.bySha(connectionId, sha);
      if (existing) {
        out.push({ doc: existing, duplicateOf: existing.id });
        continue;
      }
      const mime = detectMime(f.bytes, fileName);
      // the file is on disk before its row exists: a row never points at a missing file
      if (f.bytes.length > 0 && f.bytes.length <= EXTRACT_LIMITS.maxBytes) this.o.files.put(f.bytes);
      const doc = this.o.repo.insert({ connectionId, sha256: sha, fileName, mime, size: f.bytes.length, langs: langs ?? null });
      // refused right away (nothing to read): the rest of the batch is queued as usual
      if (f.bytes.length === 0) this.fail(doc.id, new AppError('extract/empty', `${fileName} is empty (0 bytes).`));
      else if (f.bytes.length > EXTRACT_LIMITS.maxBytes) {
        this.fail(doc.id, new AppError('extract/too-large', `${fileName} is ${(f.bytes.length / 1024 / 1024).toFixed(1)} MB; files over ${EXTRACT_LIMITS.maxBytes / 1024 / 1024} MB are refused.`));
      } else this.o.events.changed({ id: doc.id, status: 'queued' });
      out.push({ doc: this.o.repo.get(doc.id)! });
    }
    this.start();
    return out;
  }

  cancel(id: number): void {
    const doc = this.o.repo.get(id);
    if (!doc) throw new AppError('app/not-found', `Document ${id} does not exist.`);
    if (doc.status !== 'queued' && doc.status !== 'processing') return;
    this.o.repo.setStatus(id, 'cancelled');
    this.progress.delete(id);
    this.running.get(id)?.abort();
    this.o.events.changed({ id, status: 'cancelled' });
  }

  retry(id: number): void {
    const doc = this.o.repo.get(id);
    if (!doc) throw new AppError('app/not-found', `Document ${id} does not exist.`);
    if (doc.status === 'queued' || doc.status === 'processing') return;
    if (!this.o.files.has(doc.sha256)) throw new AppError('app/not-found', `The file of ${doc.fileName} is no longer in the document store; add it again.`);
    this.o.repo.requeue(id);
    this.o.events.changed({ id, status: 'queued' });
    this.start();
  }

  /** Removes a document (its stored file too when no other document has the same content). */
  remove(id: number): boolean {
    const doc = this.o.repo.get(id);
    if (!doc) return false;
    this.running.get(id)?.abort();
    this.progress.delete(id);
    this.o.repo.remove(id);
    if (!this.o.repo.shaInUse(doc.sha256)) this.o.files.remove(doc.sha256);
    return true;
  }

  /** Waits until nothing is queued or processing (tests, CLI). */
  async idle(signal?: AbortSignal): Promise<void> {
    while (!this.closed && (this.running.size > 0 || this.o.repo.nextQueued(new Set()) !== undefined)) {
      if (signal?.aborted) throw new AppError('app/cancelled', 'Stopped waiting for the queue.');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  close(): void {
    this.closed = true;
    for (const c of this.running.values()) c.abort();
  }

  private fail(id: number, e: unknown): void {
    const shape = toErrorShape(e);
    this.o.repo.setStatus(id, 'error', shape);
    this.progress.delete(id);
    this.o.events.changed({ id, status: 'error' });
  }

  private pump(): void {
    if (this.closed || !this.started) return;
    const pool = this.o.pool();
    while (this.running.size < pool.size) {
      const doc = this.o.repo.nextQueued(new Set(this.running.keys()));
      if (!doc) return;
      this.o.repo.setStatus(doc.id, 'processing');
      const ctl = new AbortController();
      this.running.set(doc.id, ctl);
      const first: QueueProgress = { stage: 'read' };
      this.progress.set(doc.id, first);
      this.o.events.changed({ id: doc.id, status: 'processing', progress: first });
      void this.process(doc, ctl).finally(() => {
        this.running.delete(doc.id);
        this.progress.delete(doc.id);
        this.pump();
      });
    }
  }

  /** still ours to write? (not cancelled, removed or re-queued meanwhile) */
  private current(id: number, ctl: AbortController): boolean {
    return !ctl.signal.aborted && this.o.repo.get(id)?.status === 'processing';
  }

  private async process(doc: DocumentRow, ctl: AbortController): Promise<void> {
    const onProgress = (p: QueueProgress) => {
      if (!this.current(doc.id, ctl)) return;
      this.progress.set(doc.id, p);
      this.o.events.changed({ id: doc.id, status: 'processing', progress: p });
    };
    try {
      const bytes = this.o.files.read(doc.sha256);
      if (!bytes) throw new AppError('app/not-found', `The file of ${doc.fileName} is missing from the document store (or changed on disk); add it again.`);
      const langs = doc.langs ?? this.o.defaultLangs;
      // asked before the worker runs: it renders the scanned pages for Claude's vision (never in redaction mode)
      const ai = this.o.ai ? await this.o.ai() : null;
      if (!this.current(doc.id, ctl)) return;
      const { pageImages, ...result } = await this.o.pool().run(
        {
          bytes,
          fileName: doc.fileName,
          mime: doc.mime,
          ...(langs ? { langs } : {}),
          ...(this.o.pageTimeoutMs ? { pageTimeoutMs: this.o.pageTimeoutMs } : {}),
          ...(ai && !ai.redaction ? { pageImages: true } : {}),
        },
        { signal: ctl.signal, onProgress },
      );
      let extracted: ExtractedDocument = result;
      if (!this.current(doc.id, ctl)) return;
      let usage: { inputTokens: number; outputTokens: number; costUsd: number } | null = null;
      if (ai && extracted.extraction.status === 'ok' && extracted.extraction.method !== 'e-invoice') {
        onProgress({ stage: 'llm' });
        const r = await llmExtract({
          provider: ai.provider,
          pages: extracted.pages,
          deterministic: extracted.extraction,
          redaction: ai.redaction,
          images: pageImages?.images ?? [],
          imageWarnings: pageImages?.warnings ?? [],
          signal: ctl.signal,
        });
        usage = { inputTokens: r.usage.inputTokens + r.usage.cacheReadTokens + r.usage.cacheWriteTokens, outputTokens: r.usage.outputTokens, costUsd: r.costUsd };
        extracted = { ...extracted, extraction: r.extraction };
        if (!this.current(doc.id, ctl)) return;
      }
      onProgress({ stage: 'match' });
      const fresh = this.o.repo.get(doc.id)!;
      const r = this.o.reviewer.finalize(fresh, extracted);
      const status = r.extraction.status === 'not-invoice' ? 'not-invoice' : 'done';
      this.o.repo.saveResult(doc.id, { status, extraction: r.extraction, pages: r.pages, vendorMatch: r.vendorMatch, partnerId: r.partnerId, usage });
      this.o.events.changed({ id: doc.id, status });
      this.o.events.finished(this.o.repo.get(doc.id)!);
    } catch (e) {
      const shape = toErrorShape(e);
      if (shape.code === 'app/cancelled' || ctl.signal.aborted) {
        // cancel() already said so; a document removed meanwhile has no row left
        if (this.o.repo.get(doc.id)?.status === 'processing') {
          this.o.repo.setStatus(doc.id, 'cancelled');
          this.o.events.changed({ id: doc.id, status: 'cancelled' });
        }
        return;
      }
      if (!this.current(doc.id, ctl)) return;
      if (shape.code === 'app/internal') this.o.logger.error('document failed', { id: doc.id, error: shape.message });
      else this.o.logger.info('document refused', { id: doc.id, code: shape.code });
      this.fail(doc.id, e);
    }
  }
}
