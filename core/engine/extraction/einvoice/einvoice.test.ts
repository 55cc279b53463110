import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors';
import { looksLikeXml, parseEInvoiceXml, rankAttachments } from './index';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(__dirname, '../../../../test/fixtures/invoices', name)));
const values = (f: Record<string, { value: unknown } | undefined>): Record<string, unknown> => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v?.value]));

describe('e-invoice XML', () => {
  it('reads a Factur-X (CII) invoice exactly, with lines, prepaid and due amounts', () => {
    const e = parseEInvoiceXml(fixture('facturx-en16931.xml'));
    expect(e?.format).toBe('factur-x');
    expect(values(e?.fields ?? {})).toEqual({
      invoiceNumber: 'FX-2024-0042',
      documentType: 'invoice',
      invoiceDate: '2024-03-15',
      currency: 'EUR',
      vendorName: 'Nordstahl Beschläge GmbH',
      vendorVat: 'DE136695976',
      vendorEmail: 'billing@nordstahl.example',
      vendorIban: 'DE89370400440532013000',
      dueDate: '2024-04-14',
      poNumber: 'PO-7781',
      amountUntaxed: 490,
      amountTax: 93.1,
      amountTotal: 583.1,
      amountDue: 483.1,
    });
    expect(Object.values(e?.fields ?? {}).every((f) => f?.confidence === 1 && f.origin === 'xml')).toBe(true);
    expect(e?.lines).toEqual([
      { description: 'Steel bracket 40 mm', quantity: 120, unitPrice: 2.5, amount: 300, taxRate: 19 },
      { description: 'Mounting service', quantity: 2, unitPrice: 95, amount: 190, taxRate: 19 },
    ]);
  });

  it('reads ZUGFeRD 1.0 and takes the tax total in the invoice currency', () => {
    const e = parseEInvoiceXml(fixture('zugferd1-basic.xml'));
    expect(e?.format).toBe('zugferd');
    expect(values(e?.fields ?? {})).toMatchObject({ invoiceNumber: 'Z1-77', invoiceDate: '2013-11-03', dueDate: '2013-12-03', currency: 'GBP', amountTax: 20, amountTotal: 120, poNumber: 'ORD-5', vendorName: 'Harbour Metals Ltd' });
    expect(e?.lines).toEqual([{ description: 'Copper sheet', quantity: 10, unitPrice: 10, amount: 100, taxRate: 20 }]);
  });

  it('reads an XRechnung UBL invoice (legal name, VAT without spaces, endpoint e-mail)', () => {
    const e = parseEInvoiceXml(fixture('ubl-invoice.xml'));
    expect(e?.format).toBe('xrechnung-ubl');
    expect(values(e?.fields ?? {})).toMatchObject({ invoiceNumber: 'UBL-1001', vendorName: 'Brückenbau & Söhne KG', vendorVat: 'DE136695976', vendorEmail: 'rechnung@brueckenbau.example', invoiceDate: '2024-02-29', dueDate: '2024-03-30', amountTotal: 11900, amountUntaxed: 10000, amountTax: 1900, amountDue: 11900, poNumber: '4500012345', documentType: 'invoice' });
  });

  it('reads a UBL credit note as a credit note', () => {
    const e = parseEInvoiceXml(fixture('ubl-creditnote.xml'));
    expect(e?.format).toBe('ubl');
    expect(values(e?.fields ?? {})).toMatchObject({ documentType: 'credit-note', invoiceNumber: 'CN-88', dueDate: '2024-05-16', amountTotal: 60.5, vendorEmail: 'ar@kestrel.example' });
    expect(e?.lines[0]).toEqual({ description: 'Returned drill bits', quantity: 2, unitPrice: 25, amount: 50, taxRate: 21 });
  });

  it('returns undefined for XML that is not an invoice, and refuses malformed XML', () => {
    expect(parseEInvoiceXml(new TextEncoder().encode('<?xml version="1.0"?><note><to>x</to></note>'))).toBeUndefined();
    let code = '';
    try {
      parseEInvoiceXml(new TextEncoder().encode('<?xml version="1.0"?><Invoice><cbc:ID>1</Invoice>'));
    } catch (e) {
      code = isAppError(e) ? e.code : 'other';
    }
    expect(code).toBe('extract/corrupt');
  });

  it('ranks known attachment names first and ignores non-XML attachments', () => {
    expect(rankAttachments(['logo.png', 'other.xml', 'factur-x.xml'])).toEqual(['factur-x.xml', 'other.xml']);
    expect(looksLikeXml(new TextEncoder().encode('\uFEFF<?xml version="1.0"?><a/>'))).toBe(true);
    expect(looksLikeXml(new TextEncoder().encode('%PDF-1.7'))).toBe(false);
  });
});
