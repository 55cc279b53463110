import { describe, expect, test } from 'vitest';
import type { DocumentSummary } from './documents.api';
import { confidenceLevel, isClean, parseAmount, parseDate, parseFieldInput, progressOf } from './fields';

describe('parseAmount', () => {
  test.each([
    ['1,234.56', 1234.56],
    ['1.234,56', 1234.56],
    ['1 234,56', 1234.56],
    ["1'234.56", 1234.56],
    ['12,5', 12.5],
    ['1,234', 1234],
    ['1.234.567', 1234567],
    ['-12.50', -12.5],
    ['(12.50)', -12.5],
    ['EUR 99.90', 99.9],
    ['42', 42],
    ['0.125', 0.125],
    ['1,234.5678', 1234.5678],
  ])('%s → %d', (raw, n) => expect(parseAmount(raw)).toBe(n));
  test.each(['abc', '', '12.3.x', '1.23.45', '12.'])('%s is not an amount', (raw) => expect(parseAmount(raw)).toBeNull());
});

describe('parseDate', () => {
  test('ISO and dotted European dates; impossible days refused', () => {
    expect(parseDate('2026-03-07')).toBe('2026-03-07');
    expect(parseDate('7.3.2026')).toBe('2026-03-07');
    expect(parseDate('2026-02-30')).toBeNull();
    expect(parseDate('03/07/2026')).toBeNull();
  });
});

describe('parseFieldInput', () => {
  test('per field kind; empty clears', () => {
    expect(parseFieldInput('amountTotal', '1.190,00')).toEqual({ ok: true, value: 1190 });
    expect(parseFieldInput('invoiceDate', '2026-13-01')).toEqual({ ok: false, error: expect.stringMatching(/date/) });
    expect(parseFieldInput('currency', 'eur')).toEqual({ ok: true, value: 'EUR' });
    expect(parseFieldInput('currency', 'euro')).toMatchObject({ ok: false });
    expect(parseFieldInput('vendorIban', 'de89 3704 0044 0532 0130 00')).toEqual({ ok: true, value: 'DE89370400440532013000' });
    expect(parseFieldInput('documentType', 'Credit note')).toEqual({ ok: true, value: 'credit-note' });
    expect(parseFieldInput('invoiceNumber', '  INV-7 ')).toEqual({ ok: true, value: 'INV-7' });
    expect(parseFieldInput('invoiceNumber', '   ')).toEqual({ ok: true, value: null });
  });
});

describe('progress and readiness', () => {
  test('OCR progress grows with the page', () => {
    const a = progressOf({ stage: 'ocr', page: 1, pages: 4 }, 'processing');
    const b = progressOf({ stage: 'ocr', page: 3, pages: 4 }, 'processing');
    expect(b.percent).toBeGreaterThan(a.percent);
    expect(b.label).toBe('OCR page 3 / 4');
    expect(progressOf(undefined, 'queued')).toEqual({ percent: 0, label: 'Waiting' });
  });
  test('confidence colours', () => {
    expect(confidenceLevel(0.95).color).toBe('teal');
    expect(confidenceLevel(0.75).color).toBe('yellow');
    expect(confidenceLevel(0.2).color).toBe('red');
  });
  test('a clean document needs a vendor, no duplicate, no warning and no bill yet', () => {
    const base: DocumentSummary = { id: 1, fileName: 'a.pdf', mime: 'application/pdf', sha256: 'x', size: 1, status: 'done', warnings: 0, partnerId: 7, createdAt: '2026-01-01T00:00:00Z' };
    expect(isClean(base)).toBe(true);
    expect(isClean({ ...base, partnerId: undefined })).toBe(false);
    expect(isClean({ ...base, warnings: 1 })).toBe(false);
    expect(isClean({ ...base, duplicateBill: { kind: 'number', moveId: 3 } })).toBe(false);
    expect(isClean({ ...base, billOutboxId: 4 })).toBe(false);
    expect(isClean({ ...base, status: 'processing' })).toBe(false);
  });
});
