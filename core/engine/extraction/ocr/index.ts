/**
 * Offline OCR for extraction: `createOcr()` returns the pipeline's `OcrFn` over a bounded pool of
 * tesseract.js workers, with language data only from the installed `@tesseract.js-data/*` packages.
 *
 * Per page: render (PDF, pdfjs at `dpi`, default 200, capped in pixels) or decode (PNG/JPEG via
 * our JS decoders, multi-page TIFF via utif2; ≥ maxMegapixels refused from the header) → grayscale →
 * (enlarge small images) → flatten the paper → threshold just below the paper level, ink kept in gray →
 * deskew (projection profile, ±10°) → cut into horizontal bands at blank gaps, one per worker, each trimmed
 * to its ink (bands.ts) → Tesseract (LSTM), the bands in parallel → words with boxes as fractions of the page
 * and confidence 0..1. A page that exceeds `pageTimeoutMs` is skipped with the warning
 * "page N: OCR timed out after X s" (its worker is replaced); an aborted signal rejects with app/cancelled.
 *
 * Nothing is fetched and nothing is written to disk: tesseract.js runs with `cacheMethod: 'none'`.
 */
import { availableParallelism } from 'node:os';
import { AppError } from '../../../shared/errors';
import { openPdf } from '../pdf-text';
import type { OcrFn, OcrInput, OcrOptions, PageText, Word } from '../types';
import { EXTRACT_LIMITS } from '../types';
import { imagePages } from './images';
import { parseLangs } from './languages';
import { cropBand, mergeBandTsv, splitIntoBands, trimBand } from './bands';
import { type Gray, type PreprocessOptions, encodePbm, encodePgm, prepareForOcr, unrotatePoint } from './preprocess';
import { renderPdfPage } from './render-pdf';
import { OcrTimeoutError, type PoolStats, TesseractPool } from './tesseract-pool';

export { availableLangs, parseLangs } from './languages';
export { OcrTimeoutError } from './tesseract-pool';

export type CreateOcrOptions = {
  /** tesseract workers (threads), 1..4; default 2 (1 on a single core) */
  workers?: number;
  /** default language string when a call gives none (default 'eng'); validated here */
  langs?: string;
  /** language data is never cached to disk */
  cacheDir?: never;
  /** Tesseract page segmentation mode (default '3', automatic) */
  psm?: string;
  /** thresholding before Tesseract (default 'soft': paper white, ink kept in gray; see preprocess.ts) */
  threshold?: PreprocessOptions['threshold'];
  deskew?: boolean;
  /** flatten uneven paper before thresholding (default true) */
  normalize?: boolean;
  /** images (not PDFs) whose shorter side is below this are enlarged (default 1400 px; 0 = never) */
  minImageShortSide?: number;
  /** most pixels handed to Tesseract per page (default 12 MP; larger pages are downscaled first) */
  maxOcrPixels?: number;
  /** extra Tesseract parameters */
  params?: Record<string, string>;
  /** horizontal bands one page is cut into and read in parallel (default: the worker count; 1 = never cut) */
  bandsPerPage?: number;
};

export type Ocr = {
  ocr: OcrFn;
  /** starts the workers for `langs` now rather than on the first page */
  warmUp(langs?: string): Promise<void>;
  stats(): PoolStats;
  close(): Promise<void>;
};

export const DEFAULT_DPI = 200;

/** 2 workers wherever there are 2 cores: one page is then read in two bands at once (about half the wall time) */
export function defaultWorkerCount(): number {
  return availableParallelism() >= 2 ? 2 : 1;
}

export function createOcr(options: CreateOcrOptions = {}): Ocr {
  const size = Math.max(1, Math.min(4, Math.floor(options.workers ?? defaultWorkerCount())));
  const defaultLangs = parseLangs(options.langs ?? 'eng').join('+');
  const psm = options.psm ?? '3';
  const params: Record<string, string> = {
    tessedit_pageseg_mode: psm,
    // inverted-text probing re-recognises every weak line white-on-black; invoices rarely need it
    tessedit_do_invert: '0',
    // Tesseract's diagnostics ("Estimating resolution as …") go to its debug file, not our stderr
    debug_file: '/dev/null',
    ...options.params,
  };
  const pool = new TesseractPool({ size, params });
  const prep: PreprocessOptions = {
    threshold: options.threshold ?? 'soft',
    deskew: options.deskew ?? true,
    normalize: options.normalize ?? true,
    maxPixels: options.maxOcrPixels ?? 12_000_000,
  };
  const minImageShortSide = options.minImageShortSide ?? 1400;
  const bandsPerPage = options.bandsPerPage ?? size;
  // pages being rendered/decoded or waiting for a worker, across all calls: each holds a full raster, so
  // memory stays bounded however many documents call at once (one page ready while the workers are busy)
  const pageSlots = createSemaphore(size + 1);
  let closed = false;

  const ocr: OcrFn = async (input: OcrInput, opts: OcrOptions): Promise<PageText[]> => {
    if (closed) throw new AppError('app/cancelled', 'OCR was shut down.');
    const langs = opts.langs.trim() ? parseLangs(opts.langs).join('+') : defaultLangs;
    const signal = opts.signal;
    if (signal?.aborted) throw new AppError('app/cancelled', 'The extraction was cancelled.');
    const timeoutMs = opts.pageTimeoutMs > 0 ? opts.pageTimeoutMs : 30_000;

    /** OCR of one raster; null when it timed out (warning added). */
    const recognizeWith = async (gray: Gray, dpi: number | undefined, isImage: boolean, threshold: PreprocessOptions['threshold']): Promise<Word[]> => {
      const prepared = prepareForOcr(gray, { ...prep, threshold, minShortSide: isImage ? minImageShortSide : 0 });
      const effDpi = dpi !== undefined ? dpi * prepared.scale : undefined;
      const recParams: Record<string, string> = effDpi ? { user_defined_dpi: String(Math.round(Math.min(2400, Math.max(70, effDpi)))) } : {};
      const read = (image: Uint8Array): Promise<string> =>
        pool.run(langs, async (w) => (await w.recognize(image as unknown as Buffer, recParams, { text: false, tsv: true })).data.tsv ?? '', timeoutMs, signal);
      // with several workers, one page is cut into bands at blank gaps and read on all of them at once;
      // every band is trimmed to its ink (blank margins only cost time)
      const raster = prepared.raster;
      const bands = splitIntoBands(raster, bandsPerPage).map((b) => trimBand(raster, b));
      const encode = prepared.binary ? encodePbm : encodePgm;
      const parts = await Promise.all(bands.map(async (b) => ({ tsv: await read(encode(cropBand(raster, b))), x0: b.x0, y0: b.y0 })));
      return wordsFromTsv(mergeBandTsv(parts), prepared.width, prepared.height, prepared.skewDeg);
    };

    /** OCR of one raster; null when it timed out (warning added). */
    const recognize = async (pageNo: number, gray: Gray, dpi: number | undefined, pageW: number, pageH: number, isImage: boolean): Promise<PageText | null> => {
      try {
        const threshold = opts.threshold ?? prep.threshold;
        let words = await recognizeWith(gray, dpi, isImage, threshold);
        // heavy speckle can hide a whole page from Tesseract's layout analysis under the light 'soft'
        // threshold; when the page comes back (nearly) empty or unsure, try again with Otsu and keep the better
        if (threshold === 'soft' && (words.length < 5 || pageConfidence(words) < 0.5)) {
          const again = await recognizeWith(gray, dpi, isImage, 'otsu');
          if (textScore(again) > textScore(words)) words = again;
        }
        return { page: pageNo, width: pageW, height: pageH, words, source: 'ocr', conf: pageConfidence(words) };
      } catch (e) {
        if (e instanceof OcrTimeoutError) {
          opts.warnings.push(`page ${pageNo}: OCR timed out after ${formatSeconds(timeoutMs)} s`);
          return null;
        }
        throw e;
      }
    };

    if (input.kind === 'image') {
      const pages = imagePages(input.bytes, input.mime);
      const out = await forEachPage(pages.length, size, signal, (i) =>
        pageSlots.with(signal, async () => {
          const p = pages[i];
          if (!p) return null;
          const gray = await p.decode();
          // the decoded size: a JPEG's EXIF orientation may have turned it
          return recognize(i + 1, gray, undefined, gray.width, gray.height, true);
        }),
      opts.onPage);
      return out;
    }

    const pageNumbers = [...new Set(input.pages)].sort((a, b) => a - b);
    if (pageNumbers.length === 0) return [];
    const dpi = opts.dpi && opts.dpi > 0 ? Math.min(600, opts.dpi) : DEFAULT_DPI;
    const maxPixels = Math.min(prep.maxPixels ?? 12_000_000, EXTRACT_LIMITS.maxMegapixels * 1e6);
    const handle = await openPdf(input.bytes, { timeoutMs: pageNumbers.length * (timeoutMs + 20_000) + 20_000, ...(signal ? { signal } : {}) });
    try {
      return await forEachPage(pageNumbers.length, size, signal, (i) =>
        pageSlots.with(signal, async () => {
          const n = pageNumbers[i];
          if (n === undefined) return null;
          const r = await renderPdfPage(handle, n, dpi, maxPixels);
          return recognize(n, r.gray, r.dpi, r.widthPt, r.heightPt, false);
        }),
      opts.onPage);
    } finally {
      await handle.close();
    }
  };

  return {
    ocr,
    warmUp: (langs?: string) => pool.warmUp(langs ? parseLangs(langs).join('+') : defaultLangs, size),
    stats: () => pool.stats(),
    close: async () => {
      closed = true;
      await pool.close();
    },
  };
}

/**
 * Runs `fn` for pages 0..count-1 with at most `lanes` in flight (so rendering the next page overlaps OCR of
 * the current one), keeps page order in the result, and reports each finished page as (done, count).
 */
async function forEachPage(
  count: number,
  lanes: number,
  signal: AbortSignal | undefined,
  fn: (index: number) => Promise<PageText | null>,
  onPage: ((page: number, pages: number) => void) | undefined,
): Promise<PageText[]> {
  const results: (PageText | null)[] = new Array<PageText | null>(count).fill(null);
  let next = 0;
  let done = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < count) {
      if (signal?.aborted) throw new AppError('app/cancelled', 'The extraction was cancelled.');
      const i = next;
      next += 1;
      try {
        results[i] = await fn(i);
      } catch (e) {
        failed = true;
        throw e;
      }
      done += 1;
      onPage?.(done, count);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, count)) }, () => lane()));
  return results.filter((r): r is PageText => r !== null);
}

/**
 * Words from Tesseract's TSV (level 5 rows): text, confidence 0..1 and the box mapped back through the
 * deskew rotation, as fractions of the page. `line` numbers Tesseract's text lines on the page.
 */
export function wordsFromTsv(tsv: string, width: number, height: number, skewDeg: number): Word[] {
  const words: Word[] = [];
  let lineKey = '';
  let line = -1;
  for (const row of tsv.split('\n')) {
    if (!row.startsWith('5\t')) continue;
    const c = row.split('\t');
    const text = (c.slice(11).join('\t') ?? '').trim();
    if (!text) continue;
    const left = Number(c[6]);
    const top = Number(c[7]);
    const w = Number(c[8]);
    const h = Number(c[9]);
    const conf = Number(c[10]);
    if (![left, top, w, h].every(Number.isFinite)) continue;
    const key = `${c[2]}.${c[3]}.${c[4]}`;
    if (key !== lineKey) {
      lineKey = key;
      line += 1;
    }
    let x = left;
    let y = top;
    if (skewDeg !== 0) {
      const centre = unrotatePoint(left + w / 2, top + h / 2, width, height, skewDeg);
      x = centre.x - w / 2;
      y = centre.y - h / 2;
    }
    words.push({
      text,
      box: { x: clamp01(x / width), y: clamp01(y / height), w: clamp01(w / width), h: clamp01(h / height) },
      conf: Number.isFinite(conf) ? clamp01(conf / 100) : 0,
      line,
    });
  }
  return words;
}

type Semaphore = { with<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> };

/** At most `n` holders at once, FIFO; waiting ends with app/cancelled when the signal aborts. */
function createSemaphore(n: number): Semaphore {
  let free = n;
  const queue: (() => void)[] = [];
  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else free += 1;
  };
  const acquire = (signal: AbortSignal | undefined): Promise<void> => {
    if (signal?.aborted) return Promise.reject(new AppError('app/cancelled', 'The extraction was cancelled.'));
    if (free > 0) {
      free -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const i = queue.indexOf(grant);
        if (i >= 0) queue.splice(i, 1);
        reject(new AppError('app/cancelled', 'The extraction was cancelled.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(grant);
    });
  };
  return {
    async with<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
      await acquire(signal);
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}

/** Confident text found: Σ confidence × length of the words with a letter or digit. */
function textScore(words: Word[]): number {
  let s = 0;
  for (const w of words) if (/[\p{L}\p{N}]/u.test(w.text)) s += (w.conf ?? 0) * w.text.length;
  return s;
}

/** Mean word confidence weighted by word length; 0 for a page without words. */
export function pageConfidence(words: Word[]): number {
  let sum = 0;
  let n = 0;
  for (const w of words) {
    const len = w.text.length;
    sum += (w.conf ?? 0) * len;
    n += len;
  }
  return n > 0 ? Math.round((sum / n) * 1000) / 1000 : 0;
}

function clamp01(v: number): number {
  if (!Number.isFinite(v)) return 0;
  return Math.min(1, Math.max(0, v));
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return s >= 10 ? String(Math.round(s)) : String(Math.round(s * 10) / 10);
}
