/**
 * The PDF side of extraction on pdfjs-dist's legacy build (Node): open with a deadline, refuse encrypted /
 * corrupt / oversized files with stable codes, list embedded files (e-invoice XML), and read the text layer
 * as words with fractional boxes (origin top-left). Every open document is destroyed by `close()`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as PdfjsNs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { AppError } from '../../shared/errors';
import type { PageText, Word } from './types';
import { EXTRACT_LIMITS } from './types';

type PdfjsModule = typeof PdfjsNs;
type PdfDocument = Awaited<ReturnType<PdfjsModule['getDocument']>['promise']>;
type PdfLoadingTask = ReturnType<PdfjsModule['getDocument']>;

let pdfjsPromise: Promise<PdfjsModule> | undefined;

/** Loads pdfjs once per process (the first import costs ~100 ms). */
export function loadPdfjs(): Promise<PdfjsModule> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

let assetDirs: { fonts: string; cmaps: string } | undefined | null;

/** Where pdfjs's standard fonts and CMaps are (needed for non-embedded fonts and CJK text); null when not found. */
function pdfjsAssets(): { fonts: string; cmaps: string } | undefined {
  if (assetDirs !== undefined) return assetDirs ?? undefined;
  try {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('pdfjs-dist/package.json'));
    assetDirs = { fonts: `${join(root, 'standard_fonts')}/`, cmaps: `${join(root, 'cmaps')}/` };
  } catch {
    assetDirs = null;
  }
  return assetDirs ?? undefined;
}

export type PdfHandle = {
  pageCount: number;
  doc: PdfDocument;
  /** rejects with extract/timeout when `ms` passes; destroys the document then */
  withDeadline<T>(p: Promise<T>, what: string): Promise<T>;
  close(): Promise<void>;
};

export type OpenPdfOptions = { timeoutMs?: number; signal?: AbortSignal };

function mapPdfError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const name = e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '';
  const message = e instanceof Error ? e.message : String(e);
  if (name === 'PasswordException') return new AppError('extract/encrypted', 'The PDF is password-protected; remove the password and try again.');
  if (name === 'InvalidPDFException') return new AppError('extract/corrupt', `The PDF is damaged and cannot be read (${message}).`);
  if (name === 'AbortException') return new AppError('app/cancelled', 'The extraction was cancelled.');
  return new AppError('extract/corrupt', `The PDF cannot be read: ${message}`);
}

/**
 * Opens a PDF. Throws extract/encrypted, extract/corrupt, extract/too-large (≥ maxPages) or extract/timeout.
 * The whole handle shares one deadline (`timeoutMs`, default 20 s) and the caller's abort signal.
 */
export async function openPdf(bytes: Uint8Array, options: OpenPdfOptions = {}): Promise<PdfHandle> {
  const pdfjs = await loadPdfjs();
  const assets = pdfjsAssets();
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  // pdfjs transfers/detaches the buffer it is given: hand it a copy so the caller's bytes stay usable.
  const task: PdfLoadingTask = pdfjs.getDocument({
    data: bytes.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
    ...(assets ? { standardFontDataUrl: assets.fonts, cMapUrl: assets.cmaps, cMapPacked: true } : {}),
  });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await task.destroy().catch(() => undefined);
  };
  const withDeadline = <T,>(p: Promise<T>, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (options.signal?.aborted) {
        // the loading task rejects ("Loading aborted") once destroyed: observe it, or it is an unhandled rejection
        p.catch(() => undefined);
        void close();
        reject(new AppError('app/cancelled', 'The extraction was cancelled.'));
        return;
      }
      const left = Math.max(0, deadline - Date.now());
      const onAbort = (): void => {
        clearTimeout(timer);
        void close();
        reject(new AppError('app/cancelled', 'The extraction was cancelled.'));
      };
      const timer = setTimeout(() => {
        options.signal?.removeEventListener('abort', onAbort);
        void close();
        reject(new AppError('extract/timeout', `Reading the PDF took too long (${what}); it was stopped.`));
      }, left);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      p.then(
        (v) => {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          reject(mapPdfError(e));
        },
      );
    });
  let doc: PdfDocument;
  try {
    doc = await withDeadline(task.promise, 'opening');
  } catch (e) {
    await close();
    throw mapPdfError(e);
  }
  if (doc.numPages >= EXTRACT_LIMITS.maxPages) {
    const n = doc.numPages;
    await close();
    throw new AppError('extract/too-large', `The PDF has ${n} pages; documents of ${EXTRACT_LIMITS.maxPages} pages or more are refused.`, { pages: n });
  }
  if (doc.numPages === 0) {
    await close();
    throw new AppError('extract/empty', 'The PDF has no pages.');
  }
  return { pageCount: doc.numPages, doc, withDeadline, close };
}

/** Embedded files (EmbeddedFiles name tree and /AF): name → bytes. */
export async function pdfAttachments(h: PdfHandle): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  const att = (await h.withDeadline(h.doc.getAttachments() as Promise<unknown>, 'attachments')) as Record<string, { filename?: string; rawFilename?: string; content?: Uint8Array }> | null;
  if (!att) return out;
  for (const [key, v] of Object.entries(att)) {
    if (v?.content instanceof Uint8Array) out.set(v.filename ?? v.rawFilename ?? key, v.content);
  }
  return out;
}

type TextItemLike = { str: string; transform: number[]; width: number; height: number };

function isTextItem(it: unknown): it is TextItemLike {
  return typeof it === 'object' && it !== null && 'str' in it && 'transform' in it;
}

/** Splits one text run into words, sharing the run's width by character count (monospace approximation). */
function splitRun(text: string, x: number, top: number, width: number, height: number): { text: string; x: number; y: number; w: number; h: number }[] {
  const out: { text: string; x: number; y: number; w: number; h: number }[] = [];
  const n = text.length;
  if (n === 0) return out;
  const perChar = width / n;
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ text: m[0], x: x + m.index * perChar, y: top, w: m[0].length * perChar, h: height });
  }
  return out;
}

/** A page's text layer as words; rotated pages use the viewport transform so boxes match what is shown. */
export async function readPageText(h: PdfHandle, pageNumber: number): Promise<PageText> {
  const pdfjs = await loadPdfjs();
  const page = await h.withDeadline(h.doc.getPage(pageNumber), `page ${pageNumber}`);
  try {
    const vp = page.getViewport({ scale: 1 });
    const content = await h.withDeadline(page.getTextContent({ includeMarkedContent: false, disableNormalization: false }), `text of page ${pageNumber}`);
    const words: Word[] = [];
    const W = vp.width;
    const H = vp.height;
    for (const it of content.items) {
      if (!isTextItem(it) || !it.str.trim()) continue;
      const m = pdfjs.Util.transform(vp.transform, it.transform) as number[];
      const a = m[0] ?? 0;
      const b = m[1] ?? 0;
      const size = Math.hypot(m[2] ?? 0, m[3] ?? 0) || it.height || 10;
      const horizontalScale = Math.hypot(a, b) / (Math.hypot(it.transform[0] ?? 0, it.transform[1] ?? 0) || 1);
      const width = it.width * (Number.isFinite(horizontalScale) && horizontalScale > 0 ? horizontalScale : 1);
      const x = m[4] ?? 0;
      const baseline = m[5] ?? 0;
      const top = baseline - size * 0.85;
      for (const w of splitRun(it.str, x, top, width, size)) {
        const box = { x: clamp01(w.x / W), y: clamp01(w.y / H), w: clamp01(w.w / W), h: clamp01(w.h / H) };
        words.push({ text: w.text, box });
      }
    }
    return { page: pageNumber, width: W, height: H, words, source: 'text-layer' };
  } finally {
    page.cleanup();
  }
}

function clamp01(v: number): number {
  if (!Number.isFinite(v)) return 0;
  return Math.min(1, Math.max(0, v));
}

/** A page has usable text when it carries at least a few real characters (scans often carry a stray one). */
export function hasUsableText(p: PageText): boolean {
  let alnum = 0;
  for (const w of p.words) alnum += w.text.replace(/[^\p{L}\p{N}]/gu, '').length;
  return alnum >= 12;
}

/** pdfjs' file URL form of a directory (exported for the OCR renderer, which needs the same assets). */
export function pdfjsAssetUrls(): { fonts: string; cmaps: string } | undefined {
  const a = pdfjsAssets();
  return a ? { fonts: pathToFileURL(a.fonts).href, cmaps: pathToFileURL(a.cmaps).href } : undefined;
}
