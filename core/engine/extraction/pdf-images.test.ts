/**
 * Text inside pictures on digital pages: PDFs written by the test with a text layer and grayscale image
 * XObjects (a letterhead bitmap drawn with the OCR test font), read by the real pipeline with real tesseract.js.
 * OCR is counted by wrapping the real OcrFn: a page whose vendor the text layer names costs no OCR call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PdfImage, type PdfPageSpec, writePdf } from '../../../test/helpers/pdf-writer';
import { type Ocr, createOcr } from './ocr/index';
import { canvasGray, drawScan } from './ocr/test-images';
import { openPdf } from './pdf-text';
import { pageImageRegions } from './pdf-images';
import { extractDocument } from './pipeline';
import type { OcrFn } from './types';

let ocr: Ocr;

beforeAll(async () => {
  ocr = createOcr({ workers: 1, langs: 'eng' });
  await ocr.warmUp();
}, 120_000);

afterAll(async () => {
  await ocr.close();
});

/** the real OCR, counting its calls */
function countingOcr(): { fn: OcrFn; calls: () => number } {
  let n = 0;
  return {
    fn: (input, options) => {
      n += 1;
      return ocr.ocr(input, options);
    },
    calls: () => n,
  };
}

/** A bitmap of `text` (the OCR test font), `width` × `height` pixels, placed into the box x, y, w, h (points). */
function textImage(text: string, box: { x: number; y: number; w: number; h: number }, width: number, height: number): PdfImage {
  const gray = canvasGray(drawScan({ width, height, lines: [{ text, x: Math.round(width * 0.03), y: Math.round(height * 0.7), size: Math.round(height * 0.5), bold: true }] }));
  return { ...box, width, height, pixels: gray.data };
}

/** a plain gray block (a photo or a rule), no text */
function blankImage(box: { x: number; y: number; w: number; h: number }, width: number, height: number, tone = 200): PdfImage {
  return { ...box, width, height, pixels: new Uint8Array(width * height).fill(tone) };
}

/** An invoice whose text layer names the buyer, number, date and amounts; the seller is up to the caller. */
function invoicePage(extra: Partial<PdfPageSpec> = {}): PdfPageSpec {
  return {
    texts: [
      ...(extra.texts ?? []),
      { x: 380, y: 140, text: 'INVOICE', size: 18, bold: true },
      { x: 40, y: 180, text: 'Bill to:', size: 10 },
      { x: 40, y: 194, text: 'Jansen Retail', size: 10 },
      { x: 40, y: 208, text: 'Marktplein 3, 3511 Utrecht', size: 10 },
      { x: 380, y: 180, text: 'Invoice number: INV-7781', size: 10 },
      { x: 380, y: 194, text: 'Invoice date: 14/03/2024', size: 10 },
      { x: 40, y: 280, text: 'Description', size: 10, bold: true },
      { x: 480, y: 280, text: 'Amount', size: 10, bold: true },
      { x: 40, y: 300, text: 'Steel bolts M8 box of 100', size: 10 },
      { x: 480, y: 300, text: '21.40', size: 10 },
      { x: 380, y: 400, text: 'Subtotal', size: 10 },
      { x: 480, y: 400, text: '21.40', size: 10 },
      { x: 380, y: 414, text: 'VAT 19%', size: 10 },
      { x: 480, y: 414, text: '4.07', size: 10 },
      { x: 380, y: 432, text: 'Total EUR', size: 11, bold: true },
      { x: 480, y: 432, text: '25.47', size: 11, bold: true },
    ],
    ...(extra.images ? { images: extra.images } : {}),
  };
}

const LETTERHEAD = { x: 40, y: 30, w: 360, h: 45 };

describe('pageImageRegions', () => {
  it('finds sizeable images where they are painted, ignoring tiny ones and page-size backgrounds', async () => {
    const pdf = writePdf([
      invoicePage({ images: [textImage('Nordwind Maschinenbau GmbH', LETTERHEAD, 1200, 150), blankImage({ x: 500, y: 700, w: 8, h: 8 }, 16, 16)] }),
      invoicePage({ images: [blankImage({ x: 0, y: 0, w: 595.28, h: 841.89 }, 200, 280, 250)] }),
    ]);
    const h = await openPdf(new Uint8Array(pdf));
    try {
      const one = await pageImageRegions(h, 1);
      expect(one).toHaveLength(1);
      const b = one[0];
      expect(b?.x).toBeCloseTo(40 / 595.28, 3);
      expect(b?.y).toBeCloseTo(30 / 841.89, 3);
      expect(b?.w).toBeCloseTo(360 / 595.28, 3);
      expect(b?.h).toBeCloseTo(45 / 841.89, 3);
      expect(await pageImageRegions(h, 2)).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe('vendor name printed only in a picture', () => {
  it('reads the seller from a letterhead bitmap on a digital page, as origin ocr', async () => {
    const pdf = new Uint8Array(writePdf([invoicePage({ images: [textImage('Nordwind Maschinenbau GmbH', LETTERHEAD, 1200, 150)] })]));
    // the text layer alone does not name the seller (or only weakly)
    const textOnly = await extractDocument({ bytes: pdf, fileName: 'letterhead.pdf' });
    const before = textOnly.extraction.fields.vendorName;
    expect(before === undefined || before.confidence < 0.45).toBe(true);
    expect(before?.value ?? '').not.toMatch(/Nordwind/);

    const counter = countingOcr();
    const doc = await extractDocument({ bytes: pdf, fileName: 'letterhead.pdf' }, { ocr: counter.fn, langs: 'eng', pageTimeoutMs: 60_000 });
    const v = doc.extraction.fields.vendorName;
    expect(v?.value).toBe('Nordwind Maschinenbau GmbH');
    expect(v?.origin).toBe('ocr');
    expect(v?.source?.page).toBe(1);
    // the field's box is inside the picture
    expect(v?.source?.box.y).toBeGreaterThan(30 / 841.89 - 0.01);
    expect((v?.source?.box.y ?? 0) + (v?.source?.box.h ?? 0)).toBeLessThan(75 / 841.89 + 0.01);
    expect(counter.calls()).toBe(1);
    // the text-layer fields stay text
    expect(doc.extraction.method).toBe('text-layer');
    expect(doc.extraction.fields.invoiceNumber?.value).toBe('INV-7781');
    expect(doc.extraction.fields.invoiceNumber?.origin).toBe('text');
    expect(doc.extraction.fields.amountTotal?.value).toBe(25.47);
    // the words read from the picture are on the returned page, with OCR confidence
    const words = doc.pages[0]?.words.filter((w) => w.conf !== undefined).map((w) => w.text);
    expect(words).toEqual(expect.arrayContaining(['Nordwind', 'Maschinenbau', 'GmbH']));
  }, 120_000);

  it('costs no OCR when the text layer names the vendor', async () => {
    const pdf = new Uint8Array(
      writePdf([
        invoicePage({
          texts: [{ x: 40, y: 100, text: 'Nordwind Maschinenbau GmbH', size: 16, bold: true }],
          images: [textImage('Quality since 1950', { x: 300, y: 30, w: 260, h: 40 }, 1040, 160)],
        }),
      ]),
    );
    const counter = countingOcr();
    const doc = await extractDocument({ bytes: pdf, fileName: 'digital.pdf' }, { ocr: counter.fn, langs: 'eng' });
    expect(doc.extraction.fields.vendorName?.value).toBe('Nordwind Maschinenbau GmbH');
    expect(doc.extraction.fields.vendorName?.origin).toBe('text');
    expect(counter.calls()).toBe(0);
    expect(doc.pages[0]?.words.some((w) => w.conf !== undefined)).toBe(false);
  }, 60_000);

  it('stops with app/cancelled when the signal aborts during the picture OCR', async () => {
    const pdf = new Uint8Array(writePdf([invoicePage({ images: [textImage('Nordwind Maschinenbau GmbH', LETTERHEAD, 1200, 150)] })]));
    const ac = new AbortController();
    const ocrFn: OcrFn = (input, options) => {
      ac.abort();
      return ocr.ocr(input, options);
    };
    await expect(extractDocument({ bytes: pdf, fileName: 'letterhead.pdf' }, { ocr: ocrFn, langs: 'eng', signal: ac.signal })).rejects.toMatchObject({ code: 'app/cancelled' });
  }, 60_000);
});
