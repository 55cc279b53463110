/**
 * OCR end to end with the real tesseract.js workers and the npm language data (no network): images the
 * test draws itself (known font, rotated, noised), a multi-page TIFF, an image-only PDF, time limits,
 * cancellation and language errors. One OCR instance is shared by the file (workers are expensive).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { OcrOptions, PageText, Word } from '../types';
import { type Ocr, availableLangs, createOcr, parseLangs } from './index';
import { drawScan, invoicePage, toImagePdf, toJpeg, toPng, toTiff } from './test-images';

let ocr: Ocr;

beforeAll(async () => {
  ocr = createOcr({ workers: 1, langs: 'eng' });
  await ocr.warmUp();
}, 120_000);

afterAll(async () => {
  await ocr.close();
});

const opts = (extra: Partial<OcrOptions> = {}): OcrOptions => ({ langs: 'eng', pageTimeoutMs: 60_000, warnings: [], ...extra });

/** compares words without the stray quotes and dots a noisy scan adds around them (case kept) */
const norm = (s: string): string => s.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}%]+$/gu, '');

function findWord(page: PageText, text: string): Word | undefined {
  const want = norm(text);
  return page.words.find((w) => norm(w.text) === want);
}

function recall(page: PageText, expected: string[]): number {
  const got = new Set(page.words.map((w) => norm(w.text)));
  return expected.filter((e) => got.has(norm(e))).length / expected.length;
}

const INVOICE_WORDS = ['ACME', 'Industrial', 'Supplies', 'INVOICE', 'Invoice', 'number:', 'INV-2024-0042', '14/03/2024', 'Steel', 'bolts', '12.50', '8.90', 'Subtotal', '21.40', '4.07', 'TOTAL', '25.47'];

describe('createOcr on images', () => {
  it('reads a rotated, noised invoice scan (PNG), deskews it and puts boxes where the words are', async () => {
    const { canvas } = invoicePage(150, 3, 0.02);
    const w = opts();
    const pages = await ocr.ocr({ kind: 'image', bytes: toPng(canvas), mime: 'image/png' }, w);
    expect(pages).toHaveLength(1);
    const p = pages[0] as PageText;
    expect(p.source).toBe('ocr');
    expect(p.page).toBe(1);
    expect(p.width).toBe(canvas.width);
    expect(p.height).toBe(canvas.height);
    expect(recall(p, INVOICE_WORDS)).toBeGreaterThanOrEqual(0.85);
    expect(p.conf).toBeGreaterThan(0.6);
    expect(p.conf).toBeLessThanOrEqual(1);
    for (const word of p.words) {
      expect(word.conf).toBeGreaterThanOrEqual(0);
      expect(word.conf).toBeLessThanOrEqual(1);
      for (const v of [word.box.x, word.box.y, word.box.w, word.box.h]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    // "INVOICE" title: top right; "TOTAL": lower right; vendor name: top left (in the original, skewed page)
    const title = findWord(p, 'INVOICE');
    expect(title?.box.x).toBeGreaterThan(0.6);
    expect(title?.box.y).toBeLessThan(0.15);
    const total = findWord(p, 'TOTAL');
    expect(total?.box.x).toBeGreaterThan(0.55);
    expect(total?.box.y).toBeGreaterThan(0.75);
    expect(total?.box.y).toBeLessThan(0.9);
    const acme = findWord(p, 'ACME');
    expect(acme?.box.x).toBeLessThan(0.2);
    expect(acme?.box.y).toBeLessThan(0.15);
    // words of one printed line share a Tesseract line number
    expect(findWord(p, 'Steel')?.line).toBe(findWord(p, 'bolts')?.line);
    expect(findWord(p, 'Steel')?.line).not.toBe(findWord(p, 'Subtotal')?.line);
  });

  it('reads a JPEG and reports progress per page', async () => {
    const canvas = drawScan({ width: 900, height: 300, lines: [{ text: 'Amount due 1,234.56 EUR', x: 40, y: 150, size: 48 }] });
    const seen: [number, number][] = [];
    const pages = await ocr.ocr({ kind: 'image', bytes: toJpeg(canvas), mime: 'image/jpeg' }, opts({ onPage: (a, b) => seen.push([a, b]) }));
    const text = pages[0]?.words.map((w) => w.text).join(' ');
    expect(text).toContain('1,234.56');
    expect(text).toContain('EUR');
    expect(seen).toEqual([[1, 1]]);
  });

  it('reads every page of a multi-page TIFF in order', async () => {
    const a = drawScan({ width: 800, height: 400, lines: [{ text: 'First page ALPHA 111', x: 40, y: 200, size: 44 }] });
    const b = drawScan({ width: 700, height: 500, lines: [{ text: 'Second page BRAVO 222', x: 40, y: 250, size: 44 }] });
    const pages = await ocr.ocr({ kind: 'image', bytes: toTiff([a, b]), mime: 'image/tiff' }, opts());
    expect(pages.map((p) => p.page)).toEqual([1, 2]);
    expect(pages.map((p) => [p.width, p.height])).toEqual([
      [800, 400],
      [700, 500],
    ]);
    expect(pages[0]?.words.map((w) => w.text)).toContain('ALPHA');
    expect(pages[1]?.words.map((w) => w.text)).toContain('BRAVO');
    expect(pages[1]?.words.map((w) => w.text)).toContain('222');
  });

  it('refuses an image of 40 megapixels or more from its header alone', async () => {
    // a PNG signature + IHDR claiming 8000 × 5000 and nothing else: decoding it would fail as corrupt
    const png = new Uint8Array(33);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    new DataView(png.buffer).setUint32(16, 8000);
    new DataView(png.buffer).setUint32(20, 5000);
    const err = await ocr.ocr({ kind: 'image', bytes: png, mime: 'image/png' }, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('extract/too-large');
    expect((err as AppError).message).toMatch(/8000 × 5000/);
  });

  it('reports a damaged image as extract/corrupt', async () => {
    const bytes = toPng(drawScan({ width: 200, height: 100, lines: [] })).slice(0, 60);
    const err = await ocr.ocr({ kind: 'image', bytes, mime: 'image/png' }, opts()).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('extract/corrupt');
  });
});

describe('createOcr on PDF pages without a text layer', () => {
  it('renders the requested pages at the given dpi and reads them', async () => {
    const p1 = invoicePage(150, 0, 0).canvas;
    const p2 = drawScan({ width: 1240, height: 1754, lines: [{ text: 'Terms and conditions apply', x: 100, y: 300, size: 40 }] });
    const pdf = toImagePdf([p1, p2]);
    const seen: number[] = [];
    const pages = await ocr.ocr({ kind: 'pdf-pages', bytes: pdf, pages: [2, 1] }, opts({ dpi: 150, onPage: (d) => seen.push(d) }));
    expect(pages.map((p) => p.page)).toEqual([1, 2]);
    expect(pages[0]?.width).toBeCloseTo(595, 0);
    expect(pages[0]?.height).toBeCloseTo(842, 0);
    expect(recall(pages[0] as PageText, INVOICE_WORDS)).toBeGreaterThanOrEqual(0.85);
    expect(pages[1]?.words.map((w) => w.text).join(' ')).toContain('Terms and conditions');
    expect(seen).toEqual([1, 2]);
  });
});

describe('time limits, cancellation and languages', () => {
  it('skips a page that exceeds the time limit with a warning, and recovers for the next call', async () => {
    const { canvas } = invoicePage(150, 0, 0);
    const w = opts({ pageTimeoutMs: 5 });
    const before = ocr.stats().killed;
    const pages = await ocr.ocr({ kind: 'image', bytes: toPng(canvas), mime: 'image/png' }, w);
    expect(pages).toEqual([]);
    expect(w.warnings).toEqual(['page 1: OCR timed out after 0 s']);
    expect(ocr.stats().killed).toBe(before + 1);
    const again = await ocr.ocr({ kind: 'image', bytes: toPng(drawScan({ width: 600, height: 200, lines: [{ text: 'Recovered 42', x: 30, y: 120, size: 48 }] })), mime: 'image/png' }, opts());
    expect(again[0]?.words.map((x) => x.text)).toContain('Recovered');
  }, 60_000);

  it('cancels through the AbortSignal (before and during recognition)', async () => {
    const before = new AbortController();
    before.abort();
    const bytes = toPng(invoicePage(150, 0, 0).canvas);
    const e1 = await ocr.ocr({ kind: 'image', bytes, mime: 'image/png' }, opts({ signal: before.signal })).catch((e: unknown) => e);
    expect((e1 as AppError).code).toBe('app/cancelled');

    const during = new AbortController();
    const t0 = Date.now();
    setTimeout(() => during.abort(), 150);
    const e2 = await ocr.ocr({ kind: 'image', bytes, mime: 'image/png' }, opts({ signal: during.signal })).catch((e: unknown) => e);
    expect((e2 as AppError).code).toBe('app/cancelled');
    expect(Date.now() - t0).toBeLessThan(5_000);
  }, 60_000);

  it('lists the available languages and rejects unknown ones by name', async () => {
    expect(availableLangs()).toEqual(['eng', 'deu', 'fra']);
    expect(parseLangs(' eng+deu+eng ')).toEqual(['eng', 'deu']);
    const err = await ocr.ocr({ kind: 'image', bytes: new Uint8Array(8), mime: 'image/png' }, opts({ langs: 'eng+xyz' })).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('extract/unsupported');
    expect((err as AppError).message).toBe("OCR language 'xyz' not available; available: eng, deu, fra (combine with +, e.g. eng+deu).");
  });

  it('reads German and French letters with eng+deu+fra and fra+eng (data from the npm packages)', async () => {
    const canvas = drawScan({
      width: 1400,
      height: 300,
      lines: [
        { text: 'Rechnungsbetrag Größe Straße', x: 40, y: 110, size: 52 },
        { text: 'Montant reçu à Besançon', x: 40, y: 230, size: 52 },
      ],
    });
    const bytes = toPng(canvas);
    const all = await ocr.ocr({ kind: 'image', bytes, mime: 'image/png' }, opts({ langs: 'eng+deu+fra' }));
    const words = all[0]?.words.map((w) => w.text) ?? [];
    expect(words).toContain('Größe');
    expect(words).toContain('Straße');
    expect(words).toContain('Montant');
    // French first: the cedilla and accents survive (with English first, "recu" wins on its own dictionary)
    const fr = await ocr.ocr({ kind: 'image', bytes, mime: 'image/png' }, opts({ langs: 'fra+eng' }));
    const frWords = fr[0]?.words.map((w) => w.text) ?? [];
    expect(frWords).toContain('reçu');
    expect(frWords).toContain('Besançon');
  }, 60_000);
});
