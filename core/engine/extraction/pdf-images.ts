/**
 * Text printed only inside a picture on a digital page: a letterhead or logo bitmap that carries the seller's
 * name while the rest of the page has a text layer. The pipeline calls this only when the text layer left
 * the vendor unread (or weak) and OCR is available, so a digital PDF whose vendor is found pays nothing.
 *
 * `pageImageRegions` walks the page's pdf.js operator list (save/restore, transform, form XObjects) and maps
 * every painted raster image (paintImageXObject, paintInlineImageXObject, image masks, repeated images) through
 * the current transform to a box on the page. Tiny images (bullets, lines, icons) and page-size backgrounds
 * are ignored; overlapping boxes are merged.
 * `readImageText` renders the page once, cuts those regions out (with a white margin), OCRs each through the
 * pipeline's `OcrFn` as a PNG, and returns the recognised words with boxes as fractions of the page. Words that
 * repeat text-layer words already there (text drawn over the image) are dropped.
 */
import { encodeGrayPng } from './ocr/images';
import { AppError } from '../../shared/errors';
import type { Gray } from './ocr/preprocess';
import { renderPdfPage } from './ocr/render-pdf';
import { loadPdfjs, openPdf } from './pdf-text';
import type { PdfHandle } from './pdf-text';
import type { Box, ExtractedFields, OcrFn, OcrOptions, PageText, SourceRegion, Word } from './types';

/** Regions smaller than this share of the page (or thinner than these) hold no readable name. */
const MIN_AREA = 0.002;
const MIN_W = 0.04;
const MIN_H = 0.012;
/** an image covering this much of the page is a background (a scan's page image), not a logo */
const MAX_AREA = 0.6;
/** images below this many pixels on a side cannot carry text */
const MIN_PIXELS_W = 24;
const MIN_PIXELS_H = 8;
/** most regions OCR'd per page (the largest first) */
const MAX_REGIONS = 4;
const RENDER_DPI = 300;
/** createOcr enlarges images whose shorter side is below 1400 px; a crop padded to that is read as rendered */
const CROP_MIN_SIDE = 1400;
const MAX_RENDER_PIXELS = 12_000_000;
/** OCR words below this confidence are noise from the picture's graphics */
const MIN_WORD_CONF = 0.5;

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, t: readonly number[]): Matrix {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = t;
  return [m[0] * a + m[2] * b, m[1] * a + m[3] * b, m[0] * c + m[2] * d, m[1] * c + m[3] * d, m[0] * e + m[2] * f + m[4], m[1] * e + m[3] * f + m[5]];
}

/** The unit square under `m` as a box in viewport units. */
function unitSquareBox(m: Matrix): { x0: number; y0: number; x1: number; y1: number } {
  const xs = [m[4], m[0] + m[4], m[2] + m[4], m[0] + m[2] + m[4]];
  const ys = [m[5], m[1] + m[5], m[3] + m[5], m[1] + m[3] + m[5]];
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

function pixelSize(arg: unknown): { w: number; h: number } | undefined {
  if (arg && typeof arg === 'object' && 'width' in arg && 'height' in arg) {
    const { width, height } = arg as { width: unknown; height: unknown };
    if (typeof width === 'number' && typeof height === 'number') return { w: width, h: height };
  }
  return undefined;
}

function overlaps(a: Box, b: Box, pad = 0): boolean {
  return a.x - pad < b.x + b.w && b.x - pad < a.x + a.w && a.y - pad < b.y + b.h && b.y - pad < a.y + a.h;
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

/**
 * The sizeable raster images painted on page `pageNumber`, as boxes (fractions of the page, origin top-left),
 * merged where they overlap, largest first, at most MAX_REGIONS.
 */
export async function pageImageRegions(h: PdfHandle, pageNumber: number): Promise<Box[]> {
  const pdfjs = await loadPdfjs();
  const OPS = pdfjs.OPS;
  const page = await h.withDeadline(h.doc.getPage(pageNumber), `page ${pageNumber}`);
  try {
    const viewport = page.getViewport({ scale: 1 });
    const ops = await h.withDeadline(page.getOperatorList(), `images of page ${pageNumber}`);
    const W = viewport.width;
    const H = viewport.height;
    let ctm = [...viewport.transform] as Matrix;
    const stack: Matrix[] = [];
    const found: Box[] = [];
    const place = (m: Matrix, px?: { w: number; h: number }): void => {
      if (px && (px.w < MIN_PIXELS_W || px.h < MIN_PIXELS_H)) return;
      const r = unitSquareBox(m);
      const x0 = Math.max(0, r.x0 / W);
      const y0 = Math.max(0, r.y0 / H);
      const x1 = Math.min(1, r.x1 / W);
      const y1 = Math.min(1, r.y1 / H);
      const w = x1 - x0;
      const hh = y1 - y0;
      if (w < MIN_W || hh < MIN_H || w * hh < MIN_AREA || w * hh >= MAX_AREA) return;
      found.push({ x: x0, y: y0, w, h: hh });
    };
    for (let i = 0; i < ops.fnArray.length; i++) {
      const fn = ops.fnArray[i];
      const args = (ops.argsArray[i] ?? []) as unknown[];
      switch (fn) {
        case OPS.save:
        case OPS.beginGroup:
          stack.push(ctm);
          break;
        case OPS.restore:
        case OPS.endGroup:
        case OPS.paintFormXObjectEnd:
          ctm = stack.pop() ?? ctm;
          break;
        case OPS.transform:
          ctm = multiply(ctm, args as number[]);
          break;
        case OPS.paintFormXObjectBegin: {
          stack.push(ctm);
          const m = args[0];
          if (Array.isArray(m) && m.length === 6) ctm = multiply(ctm, m as number[]);
          break;
        }
        case OPS.paintImageXObject: {
          const [, w, hh] = args;
          place(ctm, typeof w === 'number' && typeof hh === 'number' ? { w, h: hh } : undefined);
          break;
        }
        case OPS.paintInlineImageXObject:
        case OPS.paintImageMaskXObject:
          place(ctm, pixelSize(args[0]));
          break;
        case OPS.paintImageXObjectRepeat: {
          const [, sx, sy, positions] = args;
          if (typeof sx !== 'number' || typeof sy !== 'number' || !positions || typeof positions !== 'object') break;
          const pos = positions as ArrayLike<number>;
          for (let k = 0; k + 1 < pos.length; k += 2) place(multiply(ctm, [sx, 0, 0, sy, pos[k] ?? 0, pos[k + 1] ?? 0]));
          break;
        }
        default:
          break;
      }
    }
    // merge overlapping (or touching) images: a letterhead is often several tiles
    const merged: Box[] = [];
    for (const b of found) {
      let cur = b;
      for (let j = merged.length - 1; j >= 0; j--) {
        const m = merged[j];
        if (m && overlaps(m, cur, 0.002)) {
          cur = union(m, cur);
          merged.splice(j, 1);
        }
      }
      merged.push(cur);
    }
    return merged.filter((b) => b.w * b.h < MAX_AREA).sort((a, b) => b.w * b.h - a.w * a.h).slice(0, MAX_REGIONS);
  } finally {
    page.cleanup();
  }
}

/**
 * The part of `gray` under `box` (fractions), on white with a `margin`-pixel border, as a PNG; the white canvas is
 * at least `minSide` pixels each way, so OCR reads the picture at the render's resolution instead of enlarging
 * a small image (blank paper costs it next to nothing: it reads bands trimmed to their ink).
 */
function cropToPng(gray: Gray, box: Box, margin: number, minSide: number): { png: Uint8Array; x0: number; y0: number; w: number; h: number } {
  const x0 = Math.max(0, Math.floor(box.x * gray.width));
  const y0 = Math.max(0, Math.floor(box.y * gray.height));
  const x1 = Math.min(gray.width, Math.ceil((box.x + box.w) * gray.width));
  const y1 = Math.min(gray.height, Math.ceil((box.y + box.h) * gray.height));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const cw = Math.max(w + 2 * margin, minSide);
  const ch = Math.max(h + 2 * margin, minSide);
  const out = new Uint8Array(cw * ch).fill(255);
  for (let y = 0; y < h; y++) {
    const src = (y0 + y) * gray.width + x0;
    out.set(gray.data.subarray(src, src + w), (y + margin) * cw + margin);
  }
  return { png: encodeGrayPng({ width: cw, height: ch, data: out }), x0: x0 - margin, y0: y0 - margin, w: cw, h: ch };
}

function centreInside(w: Box, boxes: Box[]): boolean {
  const cx = w.x + w.w / 2;
  const cy = w.y + w.h / 2;
  return boxes.some((b) => cx >= b.x && cx <= b.x + b.w && cy >= b.y && cy <= b.y + b.h);
}

export type ImageText = {
  /** the pages with the words read from their images added (pages without such words are the same objects) */
  pages: PageText[];
  /** where OCR'd words were added: fields whose source falls there came from OCR */
  regions: SourceRegion[];
  /** OCR calls made (one per image region) */
  ocrCalls: number;
};

export type ReadImageTextOptions = {
  ocr: OcrFn;
  /** langs, pageTimeoutMs (per region), signal and warnings as for page OCR */
  ocrOptions: Omit<OcrOptions, 'onPage' | 'dpi'>;
  /** which text-layer pages to look at (default: all) */
  pages?: number[];
  /** deadline for the pdfjs work of this step */
  timeoutMs?: number;
};

/**
 * OCRs the sizeable images of the text-layer pages of the PDF `bytes` and returns the pages with the words found
 * added; null when no page has such an image or nothing was read from them.
 */
export async function readImageText(bytes: Uint8Array, pages: PageText[], options: ReadImageTextOptions): Promise<ImageText | null> {
  const wanted = pages.filter((p) => p.source === 'text-layer' && (!options.pages || options.pages.includes(p.page)));
  if (wanted.length === 0) return null;
  const signal = options.ocrOptions.signal;
  const h = await openPdf(bytes, { timeoutMs: options.timeoutMs ?? 30_000, ...(signal ? { signal } : {}) });
  const added = new Map<number, Word[]>();
  const regions: SourceRegion[] = [];
  let ocrCalls = 0;
  try {
    for (const page of wanted) {
      try {
        await readPage(page);
      } catch (e) {
        // cancellation ends the extraction; anything else only loses this page's images
        if (e instanceof AppError && e.code === 'app/cancelled') throw e;
        options.ocrOptions.warnings.push(`page ${page.page}: the text in its images could not be read (${e instanceof Error ? e.message : String(e)}).`);
      }
    }
  } finally {
    await h.close();
  }
  async function readPage(page: PageText): Promise<void> {
    const boxes = await pageImageRegions(h, page.page);
    if (boxes.length === 0) return;
    const rendered = await renderPdfPage(h, page.page, RENDER_DPI, MAX_RENDER_PIXELS);
    const existing = page.words.map((w) => w.box);
    const words: Word[] = [];
    for (const box of boxes) {
      const crop = cropToPng(rendered.gray, box, 16, CROP_MIN_SIDE);
      const local: string[] = [];
      ocrCalls += 1;
      const read = await options.ocr({ kind: 'image', bytes: crop.png, mime: 'image/png' }, { ...options.ocrOptions, warnings: local });
      for (const wmsg of local) options.ocrOptions.warnings.push(`page ${page.page}, an image on the page: ${wmsg.replace(/^page \d+: /, '')}`);
      const gw = rendered.gray.width;
      const gh = rendered.gray.height;
      for (const w of read[0]?.words ?? []) {
        if ((w.conf ?? 0) < MIN_WORD_CONF || !/[\p{L}\p{N}]/u.test(w.text)) continue;
        const pageBox: Box = {
          x: (crop.x0 + w.box.x * crop.w) / gw,
          y: (crop.y0 + w.box.y * crop.h) / gh,
          w: (w.box.w * crop.w) / gw,
          h: (w.box.h * crop.h) / gh,
        };
        if (centreInside(pageBox, existing)) continue;
        words.push({ text: w.text, box: pageBox, conf: w.conf ?? 0 });
      }
      regions.push({ page: page.page, box });
    }
    if (words.length > 0) added.set(page.page, words);
  }
  if (added.size === 0) return null;
  return {
    pages: pages.map((p) => {
      const extra = added.get(p.page);
      return extra ? { ...p, words: [...p.words, ...extra] } : p;
    }),
    regions: regions.filter((r) => added.has(r.page)),
    ocrCalls,
  };
}

/** Sets origin 'ocr' on the fields whose source region lies in one of `regions` (read from an image). */
export function markImageOrigins(fields: ExtractedFields, regions: SourceRegion[]): void {
  for (const f of Object.values(fields)) {
    const src = f?.source;
    if (!f || !src) continue;
    if (regions.some((r) => r.page === src.page && overlaps(r.box, src.box) && centreInside(src.box, [r.box]))) f.origin = 'ocr';
  }
}
