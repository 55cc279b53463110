/**
 * Page images for Claude's vision: every page that was read by OCR (all pages of an image file, the pages of
 * a PDF without a text layer) as a grayscale PNG sized for the vision encoder — at most 1568 px on the long
 * side and ~1.15 megapixels, beyond which the API scales images down anyway. PDF pages go through the OCR
 * stage's renderer (../ocr/render-pdf), image files through its decoders (../ocr/images). Runs in the
 * extraction worker (see ../extract-worker.ts), so rendering never blocks the core's event loop.
 */
import { AppError, isAppError } from '../../../shared/errors';
import { detectType } from '../image-info';
import { encodeGrayPng, imagePages, pngSize } from '../ocr/images';
import type { Gray } from '../ocr/preprocess';
import { renderPdfPage } from '../ocr/render-pdf';
import { openPdf } from '../pdf-text';
import type { PageText } from '../types';

/** A rendered page of a scan (PNG), sent to Claude's vision alongside its OCR text. */
export type PageImage = { page: number; png: Uint8Array };

/** Claude's vision limits: images beyond these are scaled down by the API (no gain, more latency). */
export const VISION_MAX_LONG_SIDE = 1568;
export const VISION_MAX_PIXELS = 1_150_000;
/** at most this many page images per request */
export const MAX_IMAGES = 20;
/** the API refuses larger images */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** all images of one request together (the request itself may be 32 MB, base64 adds a third) */
export const MAX_TOTAL_IMAGE_BYTES = 20 * 1024 * 1024;

/** The size (never larger than the original) that fits the vision limits. */
export function visionSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, VISION_MAX_LONG_SIDE / Math.max(width, height), Math.sqrt(VISION_MAX_PIXELS / (width * height)));
  if (scale >= 1) return { width, height };
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)) };
}

/**
 * The pages that were not read from a text layer: Claude gets their image. For an image file every frame;
 * for a PDF every page without a text-layer reading (OCR'd, or OCR timed out).
 */
export function pagesNeedingImages(pages: PageText[], pageCount: number): number[] {
  const textLayer = new Set(pages.filter((p) => p.source === 'text-layer').map((p) => p.page));
  const out: number[] = [];
  for (let p = 1; p <= pageCount; p++) if (!textLayer.has(p)) out.push(p);
  return out;
}

export type PageImagesResult = { images: PageImage[]; warnings: string[] };

export type PageImagesOptions = {
  signal?: AbortSignal;
  /** for all PDF work (opening and rendering), default 60 s */
  timeoutMs?: number;
};

/**
 * PNG images of the pages of `bytes` (a PDF or an image file) that were read by OCR, in page order, at most
 * MAX_IMAGES. `pages` and `pageCount` are the extraction's. A page that cannot be rendered is left out with a
 * warning; cancellation rejects with app/cancelled.
 */
export async function renderPageImages(bytes: Uint8Array, doc: { pages: PageText[]; pageCount: number }, options: PageImagesOptions = {}): Promise<PageImagesResult> {
  if (options.signal?.aborted) throw new AppError('app/cancelled', 'The extraction was cancelled.');
  const warnings: string[] = [];
  const images: PageImage[] = [];
  const type = detectType(bytes);
  const wanted = pagesNeedingImages(doc.pages, doc.pageCount);
  if (wanted.length === 0 || (type !== 'pdf' && type !== 'png' && type !== 'jpeg' && type !== 'tiff')) return { images, warnings };
  const todo = wanted.slice(0, MAX_IMAGES);
  if (wanted.length > todo.length) warnings.push(`Only the first ${MAX_IMAGES} of ${wanted.length} scanned pages were sent to Claude as images.`);
  const failed = (page: number, e: unknown) => {
    if ((isAppError(e) && e.code === 'app/cancelled') || options.signal?.aborted) throw new AppError('app/cancelled', 'The extraction was cancelled.');
    warnings.push(`page ${page}: no image for Claude (${e instanceof Error ? e.message : String(e)}); its OCR text was sent.`);
  };

  try {
    await render(bytes, type, todo, options, images, failed);
  } catch (e) {
    if ((isAppError(e) && e.code === 'app/cancelled') || options.signal?.aborted) throw new AppError('app/cancelled', 'The extraction was cancelled.');
    warnings.push(`No page images for Claude (${e instanceof Error ? e.message : String(e)}); the OCR text was sent.`);
  }
  return { images, warnings };
}

async function render(
  bytes: Uint8Array,
  type: 'pdf' | 'png' | 'jpeg' | 'tiff',
  todo: number[],
  options: PageImagesOptions,
  images: PageImage[],
  failed: (page: number, e: unknown) => void,
): Promise<void> {
  const checkAbort = () => {
    if (options.signal?.aborted) throw new AppError('app/cancelled', 'The extraction was cancelled.');
  };
  if (type === 'pdf') {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const h = await openPdf(bytes, { timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
    try {
      for (const n of todo) {
        checkAbort();
        try {
          // the pixel cap sets the scale (below the OCR's 200 dpi for anything larger than ~A6)
          const r = await renderPdfPage(h, n, 200, VISION_MAX_PIXELS);
          images.push({ page: n, png: encodeGrayPng(fit(r.gray)) });
        } catch (e) {
          failed(n, e);
        }
      }
    } finally {
      await h.close();
    }
  } else {
    const mime = type === 'png' ? 'image/png' : type === 'jpeg' ? 'image/jpeg' : 'image/tiff';
    const frames = imagePages(bytes, mime);
    for (const n of todo) {
      checkAbort();
      const frame = frames[n - 1];
      if (!frame) continue;
      try {
        // a PNG already within the limits goes as it is (colour kept, nothing to do)
        const size = type === 'png' ? pngSize(bytes) : null;
        if (size && bytes.byteLength <= MAX_IMAGE_BYTES && visionSize(size.width, size.height).width === size.width) {
          images.push({ page: n, png: bytes });
        } else images.push({ page: n, png: encodeGrayPng(fit(await frame.decode())) });
      } catch (e) {
        failed(n, e);
      }
    }
  }
}

/** Scaled down (area average) to the vision limits; unchanged when it fits. */
function fit(g: Gray): Gray {
  const { width, height } = visionSize(g.width, g.height);
  return width === g.width && height === g.height ? g : shrink(g, width, height);
}

/** Area-average downscale: every source pixel counts (no aliasing of thin strokes, unlike bilinear). */
export function shrink(src: Gray, width: number, height: number): Gray {
  const xs = areaWeights(src.width, width);
  const ys = areaWeights(src.height, height);
  // horizontal pass (every source row), then vertical
  const mid = new Float32Array(width * src.height);
  for (let y = 0; y < src.height; y++) {
    const r = y * src.width;
    const o = y * width;
    for (let x = 0; x < width; x++) {
      const { from, weights } = xs[x]!;
      let acc = 0;
      for (let k = 0; k < weights.length; k++) acc += src.data[r + from + k]! * weights[k]!;
      mid[o + x] = acc;
    }
  }
  const out = new Uint8Array(width * height);
  const row = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    const { from, weights } = ys[y]!;
    row.fill(0);
    for (let k = 0; k < weights.length; k++) {
      const base = (from + k) * width;
      const w = weights[k]!;
      for (let x = 0; x < width; x++) row[x] = row[x]! + mid[base + x]! * w;
    }
    const o = y * width;
    for (let x = 0; x < width; x++) out[o + x] = Math.min(255, Math.max(0, Math.round(row[x]!)));
  }
  return { width, height, data: out };
}

/** For each of `dst` cells: the source cells it covers (from `from` on) and their shares, summing to 1. */
function areaWeights(src: number, dst: number): Array<{ from: number; weights: Float64Array }> {
  const scale = src / dst;
  const out: Array<{ from: number; weights: Float64Array }> = [];
  for (let i = 0; i < dst; i++) {
    const a = i * scale;
    const b = Math.min(src, (i + 1) * scale);
    const from = Math.floor(a);
    const to = Math.max(from, Math.min(src - 1, Math.ceil(b) - 1));
    const weights = new Float64Array(to - from + 1);
    for (let s = from; s <= to; s++) weights[s - from] = (Math.min(b, s + 1) - Math.max(a, s)) / (b - a);
    out.push({ from, weights });
  }
  return out;
}
