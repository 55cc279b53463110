import { describe, expect, it } from 'vitest';
import { ExtractJson } from '../../contract';
import { errorJson, extractionJson } from './cli-json';
import type { Extraction } from './types';

describe('extract --json shape', () => {
  it('ISO dates, ISO currency, numbers, VAT and IBAN without spaces, null when not found', () => {
    const e: Extraction = {
      status: 'ok',
      method: 'text-layer',
      pageCount: 1,
      fields: {
        vendorName: { value: ' Acme GmbH ', confidence: 0.8, origin: 'text' },
        vendorVat: { value: 'de 136 695 976', confidence: 0.95, origin: 'text' },
        vendorIban: { value: 'DE89 3704 0044 0532 0130 00', confidence: 0.95, origin: 'text' },
        invoiceDate: { value: '2024-03-05', confidence: 0.9, origin: 'text' },
        currency: { value: 'eur', confidence: 1, origin: 'text' },
        amountTotal: { value: 476.004, confidence: 0.92, origin: 'text' },
      },
      lines: [{ description: 'Chairs', quantity: 2, unitPrice: 150, amount: 300 }],
      warnings: ['net + tax ≠ total'],
    };
    const j = extractionJson('a.pdf', e, 12);
    expect(ExtractJson.parse(j)).toEqual(j);
    expect(j).toMatchObject({
      file: 'a.pdf',
      status: 'ok',
      documentType: null,
      vendor: { name: 'Acme GmbH', vat: 'DE136695976', iban: 'DE89370400440532013000', email: null, partnerId: 12 },
      invoiceNumber: null,
      invoiceDate: '2024-03-05',
      currency: 'EUR',
      amountTotal: 476,
      amountTax: null,
      lines: [{ description: 'Chairs', quantity: 2, unitPrice: 150, amount: 300, taxRate: null }],
      confidence: { vendorName: 0.8, amountTotal: 0.92 },
      warnings: ['net + tax ≠ total'],
    });
  });
  it('an error keeps the shape with every value null', () => {
    const j = errorJson('b.pdf', { code: 'extract/encrypted', message: 'b.pdf is encrypted.' });
    expect(ExtractJson.parse(j)).toEqual(j);
    expect(j).toMatchObject({ status: 'error', amountTotal: null, lines: [], error: { code: 'extract/encrypted' } });
  });
});
