/**
 * The second look end to end: a scan drawn by the test, read by the real tesseract.js OCR through the
 * pipeline. The first reading is made to lose a field by a filter on its words (as a misread would);
 * the second reading (another threshold) is the real OCR's, unfiltered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/errors';
import { type Ocr, createOcr } from './ocr/index';
import { invoicePage, toImagePdf, toPng } from './ocr/test-images';
import { extractDocument } from './pipeline';
import { missingForSecondLook } from './second-look';
import type { OcrFn, OcrOptions, PageText, Word } from './types';

let ocr: Ocr;

beforeAll(async () => {
  ocr = createOcr({ workers: 1, langs: 'eng' });
  await ocr.warmUp();
}, 120_000);

afterAll(async () => {
  await ocr.close();
});

/** The real OCR, recording each call's options; `firstPass` rewrites the words of the first call only. */
function recording(firstPass: (w: Word) => Word | null): { fn: OcrFn; calls: OcrOptions[] } {
  const calls: OcrOptions[] = [];
  const fn: OcrFn = async (input, opts) => {
    calls.push(opts);
    const pages = await ocr.ocr(input, opts);
    if (calls.length > 1) return pages;
    return pages.map((p): PageText => ({ ...p, words: p.words.flatMap((w) => firstPass(w) ?? []) }));
  };
  return { fn, calls };
}

const isDate = (w: Word): boolean => /\d{1,2}\/\d{1,2}\/\d{4}/.test(w.text);
const isTotal = (w: Word): boolean => /25[.,]47/.test(w.text);

describe('second look at a scan', () => {
  it('reads the page again with another threshold when the first reading lost the date, and takes the date from it', async () => {
    const { canvas } = invoicePage(150);
    const rec = recording((w) => (isDate(w) ? null : w));
    const doc = await extractDocument({ bytes: toPng(canvas), fileName: 'scan.png' }, { ocr: rec.fn, langs: 'eng', pageTimeoutMs: 60_000 });
    expect(rec.calls).toHaveLength(2);
    expect(rec.calls[0]?.threshold).toBeUndefined();
    expect(rec.calls[1]?.threshold).toBe('otsu');
    const f = doc.extraction.fields;
    expect(f.invoiceDate?.value).toBe('2024-03-14');
    expect(f.invoiceDate?.origin).toBe('ocr');
    expect(f.invoiceDate?.source?.page).toBe(1);
    expect(f.amountTotal?.value).toBe(25.47);
    // the pages handed on (review overlay, templates) are the first reading's
    expect(doc.pages[0]?.words.some(isDate)).toBe(false);
  }, 120_000);

  it('never replaces a value the first reading found: a misread date stays, only the missing total is taken', async () => {
    const { canvas } = invoicePage(150);
    const rec = recording((w) => (isTotal(w) ? null : isDate(w) ? { ...w, text: w.text.replace(/\d{1,2}\//, '15/') } : w));
    const doc = await extractDocument({ bytes: toImagePdf([canvas]), fileName: 'scan.pdf' }, { ocr: rec.fn, langs: 'eng', pageTimeoutMs: 60_000 });
    expect(rec.calls).toHaveLength(2);
    expect(rec.calls[1]?.threshold).toBe('otsu');
    const f = doc.extraction.fields;
    expect(f.invoiceDate?.value).toBe('2024-03-15');
    expect(f.amountTotal?.value).toBe(25.47);
  }, 120_000);

  it('does not OCR again when the first reading has the date and the total', async () => {
    const { canvas } = invoicePage(150);
    const rec = recording((w) => w);
    const doc = await extractDocument({ bytes: toPng(canvas), fileName: 'scan.png' }, { ocr: rec.fn, langs: 'eng', pageTimeoutMs: 60_000 });
    expect(rec.calls).toHaveLength(1);
    expect(missingForSecondLook(doc.extraction.fields)).toEqual([]);
    expect(doc.extraction.fields.invoiceDate?.value).toBe('2024-03-14');
  }, 120_000);

  it('stops with app/cancelled when the extraction is cancelled before the second reading ends', async () => {
    const { canvas } = invoicePage(150);
    const ctl = new AbortController();
    const calls: OcrOptions[] = [];
    const fn: OcrFn = async (input, opts) => {
      calls.push(opts);
      const pages = await ocr.ocr(input, opts);
      if (calls.length > 1) {
        ctl.abort();
        return pages;
      }
      return pages.map((p) => ({ ...p, words: p.words.filter((w) => !isDate(w)) }));
    };
    const err = await extractDocument({ bytes: toPng(canvas), fileName: 'scan.png' }, { ocr: fn, langs: 'eng', pageTimeoutMs: 60_000, signal: ctl.signal }).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('app/cancelled');
    expect(calls).toHaveLength(2);
    expect(calls[1]?.signal).toBe(ctl.signal);
  }, 120_000);
});
