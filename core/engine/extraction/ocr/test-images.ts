/**
 * Test-only helpers: synthetic "scans" drawn with @napi-rs/canvas in a known font (Liberation Sans from
 * pdfjs-dist's standard fonts), rotated and noised, encoded as PNG / JPEG / multi-page TIFF / image-only PDF.
 * Used by the OCR tests; nothing here is needed at run time.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Canvas, GlobalFonts, PDFDocument, type SKRSContext2D, createCanvas } from '@napi-rs/canvas';
import UTIF from 'utif2';
import { type Gray, rgbaToGray } from './preprocess';

export const TEST_FONT = 'OcrTestSans';
let fontReady = false;

function ensureFont(): void {
  if (fontReady) return;
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts', 'LiberationSans-Regular.ttf');
  if (!GlobalFonts.registerFromPath(file, TEST_FONT)) throw new Error(`cannot register ${file}`);
  fontReady = true;
}

/** A line of text at (x, y) = left / baseline in pixels, size in pixels. */
export type TextLine = { text: string; x: number; y: number; size: number; bold?: boolean };

export type ScanOptions = {
  width: number;
  height: number;
  lines: TextLine[];
  /** rotate the drawn page by this many degrees (positive = clockwise, as a crooked scan) */
  rotateDeg?: number;
  /** share of pixels flipped to random gray noise (salt and pepper), e.g. 0.01 */
  noise?: number;
  /** paper tone (255 = white) */
  paper?: number;
  seed?: number;
};

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws the page on a canvas: paper tone, text rotated about the page centre, then noise. */
export function drawScan(o: ScanOptions): Canvas {
  ensureFont();
  const canvas = createCanvas(o.width, o.height);
  const ctx = canvas.getContext('2d');
  const paper = o.paper ?? 255;
  ctx.fillStyle = `rgb(${paper},${paper},${paper})`;
  ctx.fillRect(0, 0, o.width, o.height);
  ctx.save();
  if (o.rotateDeg) {
    ctx.translate(o.width / 2, o.height / 2);
    ctx.rotate((o.rotateDeg * Math.PI) / 180);
    ctx.translate(-o.width / 2, -o.height / 2);
  }
  ctx.fillStyle = '#141414';
  for (const l of o.lines) {
    ctx.font = `${l.bold ? 'bold ' : ''}${l.size}px ${TEST_FONT}`;
    ctx.fillText(l.text, l.x, l.y);
  }
  ctx.restore();
  if (o.noise && o.noise > 0) {
    const img = ctx.getImageData(0, 0, o.width, o.height);
    const rnd = prng(o.seed ?? 42);
    const d = img.data;
    const n = o.width * o.height;
    const flips = Math.round(n * o.noise);
    for (let k = 0; k < flips; k += 1) {
      const i = Math.floor(rnd() * n) * 4;
      const v = rnd() < 0.5 ? Math.floor(rnd() * 90) : 200 + Math.floor(rnd() * 55);
      d[i] = v;
      d[i + 1] = v;
      d[i + 2] = v;
    }
    ctx.putImageData(img, 0, 0);
  }
  return canvas;
}

export function canvasGray(c: Canvas): Gray {
  const ctx = c.getContext('2d');
  return rgbaToGray(ctx.getImageData(0, 0, c.width, c.height).data, c.width, c.height);
}

export function toPng(c: Canvas): Uint8Array {
  return new Uint8Array(c.toBuffer('image/png'));
}

export function toJpeg(c: Canvas, quality = 90): Uint8Array {
  return new Uint8Array(c.toBuffer('image/jpeg', quality));
}

/** An uncompressed RGBA multi-page TIFF (utif2's encoder, one IFD per page, strips after the IFDs). */
export function toTiff(pages: Canvas[]): Uint8Array {
  const rgbas = pages.map((c) => new Uint8Array(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.buffer.slice(0)));
  const ifdsFor = (offsets: number[]): UTIF.IFD[] =>
    pages.map((c, i) => {
      const ifd: Record<string, unknown> = {
        t256: [c.width],
        t257: [c.height],
        t258: [8, 8, 8, 8],
        t259: [1],
        t262: [2],
        t273: [offsets[i] ?? 0],
        t277: [4],
        t278: [c.height],
        t279: [c.width * c.height * 4],
        t284: [1],
        t338: [1],
      };
      return ifd as unknown as UTIF.IFD;
    });
  const headerLen = new Uint8Array(UTIF.encode(ifdsFor(pages.map(() => 0)))).length;
  const offsets: number[] = [];
  let o = headerLen + 16;
  for (const r of rgbas) {
    offsets.push(o);
    o += r.length;
  }
  const header = new Uint8Array(UTIF.encode(ifdsFor(offsets)));
  const out = new Uint8Array(o);
  out.set(header, 0);
  rgbas.forEach((r, i) => out.set(r, offsets[i] ?? 0));
  return out;
}

/**
 * An image-only PDF (no text layer, like a scanner's output): each canvas becomes one page of
 * `widthPt` × `heightPt` points with the canvas drawn over the whole page.
 */
export function toImagePdf(pages: Canvas[], widthPt = 595, heightPt = 842): Uint8Array {
  const doc = new PDFDocument({ title: 'scan' });
  for (const c of pages) {
    const ctx = doc.beginPage(widthPt, heightPt) as unknown as SKRSContext2D;
    ctx.drawImage(c, 0, 0, widthPt, heightPt);
    doc.endPage();
  }
  return new Uint8Array(doc.close());
}

/**
 * A two-page PDF: page 1 has a text layer (`cover`, one line at the top), page 2 is only an image (the invoice
 * scan of `invoicePage(dpi)`, its total near the bottom) — the mixed document a scanner-and-cover-note gives.
 */
export function mixedPdf(cover: string, dpi = 100): Uint8Array {
  drawScan({ width: 8, height: 8, lines: [] }); // registers the test font
  const doc = new PDFDocument({ title: 'mixed' });
  let ctx = doc.beginPage(595, 842) as unknown as SKRSContext2D;
  ctx.fillStyle = '#000000';
  ctx.font = `12px ${TEST_FONT}`;
  ctx.fillText(cover, 50, 60);
  doc.endPage();
  ctx = doc.beginPage(595, 842) as unknown as SKRSContext2D;
  ctx.drawImage(invoicePage(dpi).canvas, 0, 0, 595, 842);
  doc.endPage();
  return new Uint8Array(doc.close());
}

/** The share of dark pixels (< 128) in the rows between the fractions `from` and `to` of the image's height. */
export function inkShare(g: Gray, from = 0, to = 1): number {
  let dark = 0;
  const y0 = Math.floor(from * g.height);
  const y1 = Math.floor(to * g.height);
  for (let i = y0 * g.width; i < y1 * g.width; i++) if (g.data[i]! < 128) dark++;
  return dark / ((y1 - y0) * g.width);
}

/** An invoice-like page (A4 at `dpi`) with words at known places; returns the page and where the words are. */
export function invoicePage(dpi = 200, rotateDeg = 0, noise = 0): { canvas: Canvas; lines: TextLine[] } {
  const pt = (v: number): number => Math.round((v * dpi) / 72);
  const lines: TextLine[] = [
    { text: 'ACME Industrial Supplies GmbH', x: pt(50), y: pt(80), size: pt(18), bold: true },
    { text: 'Hauptstrasse 12, 10115 Berlin', x: pt(50), y: pt(104), size: pt(11) },
    { text: 'INVOICE', x: pt(400), y: pt(80), size: pt(22), bold: true },
    { text: 'Invoice number: INV-2024-0042', x: pt(50), y: pt(180), size: pt(12) },
    { text: 'Invoice date: 14/03/2024', x: pt(50), y: pt(200), size: pt(12) },
    { text: 'Steel bolts M8 box of 100', x: pt(50), y: pt(300), size: pt(12) },
    { text: '12.50', x: pt(470), y: pt(300), size: pt(12) },
    { text: 'Hex nuts M8 box of 100', x: pt(50), y: pt(322), size: pt(12) },
    { text: '8.90', x: pt(470), y: pt(322), size: pt(12) },
    { text: 'Subtotal 21.40', x: pt(380), y: pt(640), size: pt(12) },
    { text: 'VAT 19% 4.07', x: pt(380), y: pt(662), size: pt(12) },
    { text: 'TOTAL 25.47', x: pt(380), y: pt(700), size: pt(14), bold: true },
  ];
  const canvas = drawScan({ width: pt(595), height: pt(842), lines, rotateDeg, noise, paper: noise > 0 ? 238 : 255 });
  return { canvas, lines };
}
