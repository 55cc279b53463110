import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractTestPdf, pngHeader, row } from '../../../test/helpers/extract-pdf';
import type { TextItem } from '../../../test/helpers/extract-pdf';
import { isAppError } from '../../shared/errors';
import { extractDocument } from './pipeline';
import type { ExtractedDocument, ExtractOptions, OcrFn, PageText } from './types';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../../test/fixtures/invoices', name), 'utf8');
const run = (bytes: Uint8Array, options: ExtractOptions = {}, fileName = 'doc.pdf'): Promise<ExtractedDocument> => extractDocument({ bytes, fileName }, options);
const vals = (d: ExtractedDocument): Record<string, unknown> => Object.fromEntries(Object.entries(d.extraction.fields).map(([k, v]) => [k, v?.value]));

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return isAppError(e) ? e.code : `not an AppError: ${String(e)}`;
  }
}

/** An English invoice: US dates (a day > 12 proves month-first), thousands with commas, a line table. */
function englishInvoice(): Uint8Array {
  const items: TextItem[] = [
    { x: 50, y: 50, text: 'Acme Tools Inc.', size: 18, bold: true },
    { x: 50, y: 74, text: '100 Main Street, Springfield' },
    { x: 50, y: 88, text: 'billing@acmetools.example' },
    { x: 400, y: 50, text: 'INVOICE', size: 18, bold: true },
    ...row(110, [[360, 'Invoice No:'], [450, 'INV-2024-001']]),
    ...row(125, [[360, 'Invoice Date:'], [450, '03/14/2024']]),
    ...row(140, [[360, 'Due Date:'], [450, '04/13/2024']]),
    ...row(155, [[360, 'PO Number:'], [450, 'PO-555']]),
    { x: 50, y: 130, text: 'Bill To:' },
    { x: 50, y: 144, text: 'Globex Corporation' },
    ...row(230, [[50, 'Description'], [300, 'Qty'], [380, 'Unit Price'], [490, 'Amount']]),
    ...row(250, [[50, 'Cordless drill 18V'], [305, '10'], [390, '99.95'], [490, '999.50']]),
    ...row(266, [[50, 'Drill bit set'], [305, '5'], [390, '47.00'], [490, '235.00']]),
    ...row(320, [[380, 'Subtotal'], [490, '1,234.50']]),
    ...row(336, [[380, 'Tax 10%'], [490, '123.45']]),
    ...row(352, [[380, 'Total USD'], [490, '1,357.95']]),
    { x: 50, y: 760, text: 'Bank: IBAN GB82 WEST 1234 5698 7654 32', size: 8 },
  ];
  return extractTestPdf({ pages: [{ items }] });
}

describe('extraction from the PDF text layer', () => {
  it('reads every field of an English invoice, with sources, confidence and line items', async () => {
    const d = await run(englishInvoice());
    expect(d.extraction.method).toBe('text-layer');
    expect(d.extraction.status).toBe('ok');
    expect(vals(d)).toMatchObject({
      vendorName: 'Acme Tools Inc.',
      vendorEmail: 'billing@acmetools.example',
      vendorIban: 'GB82WEST12345698765432',
      invoiceNumber: 'INV-2024-001',
      invoiceDate: '2024-03-14',
      dueDate: '2024-04-13',
      poNumber: 'PO-555',
      currency: 'USD',
      amountUntaxed: 1234.5,
      amountTax: 123.45,
      amountTotal: 1357.95,
      amountDue: 1357.95,
      documentType: 'invoice',
    });
    expect(d.extraction.lines.map((l) => [l.description, l.quantity, l.unitPrice, l.amount])).toEqual([
      ['Cordless drill 18V', 10, 99.95, 999.5],
      ['Drill bit set', 5, 47, 235],
    ]);
    for (const [name, f] of Object.entries(d.extraction.fields)) {
      expect(f?.confidence, name).toBeGreaterThan(0);
      expect(f?.confidence, name).toBeLessThanOrEqual(1);
      expect(f?.source?.page, name).toBe(1);
    }
    // net + tax = total was verified, so the amounts are confident; the total's box sits where it was printed
    expect(d.extraction.fields.amountTotal?.confidence).toBeGreaterThanOrEqual(0.9);
    const box = d.extraction.fields.amountTotal?.source?.box;
    expect(box?.x).toBeGreaterThan(0.8);
    expect(box?.y).toBeGreaterThan(352 / 842 - 0.01);
    expect(box?.y).toBeLessThan(362 / 842 + 0.01);
    expect(d.extraction.warnings).toEqual([]);
    expect(d.pages[0]?.words.some((w) => w.text === 'INV-2024-001')).toBe(true);
  });

  it('reads German amounts (1.234,56), dates, VAT id and the due date from payment terms', async () => {
    const items: TextItem[] = [
      { x: 50, y: 50, text: 'Nordstahl Beschläge GmbH', size: 16, bold: true },
      { x: 50, y: 70, text: 'Hafenstraße 1, 20095 Hamburg · USt-IdNr.: DE136695976' },
      { x: 50, y: 150, text: 'Rechnung', size: 16, bold: true },
      ...row(180, [[50, 'Rechnungsnummer:'], [170, 'RE-4711']]),
      ...row(195, [[50, 'Rechnungsdatum:'], [170, '05.03.2024']]),
      ...row(210, [[50, 'Bestellnummer:'], [170, '4500001']]),
      ...row(300, [[330, 'Nettobetrag'], [470, '1.000,00 EUR']]),
      ...row(316, [[330, 'MwSt. 19 %'], [470, '190,00 EUR']]),
      ...row(332, [[330, 'Gesamtbetrag'], [470, '1.190,00 EUR']]),
      { x: 50, y: 400, text: 'Zahlbar innerhalb 14 Tagen ohne Abzug.' },
      { x: 50, y: 780, text: 'IBAN DE89 3704 0044 0532 0130 00', size: 8 },
    ];
    const d = await run(extractTestPdf({ pages: [{ items }] }));
    expect(vals(d)).toMatchObject({
      vendorName: 'Nordstahl Beschläge GmbH',
      vendorVat: 'DE136695976',
      vendorIban: 'DE89370400440532013000',
      invoiceNumber: 'RE-4711',
      invoiceDate: '2024-03-05',
      dueDate: '2024-03-19',
      poNumber: '4500001',
      currency: 'EUR',
      amountUntaxed: 1000,
      amountTax: 190,
      amountTotal: 1190,
    });
  });

  it.each([
    ['fr', 'Facture n° F-2024-12', 'Date de facture : 2 mars 2024', [['Total HT', '1 234,56 €'], ['TVA 20 %', '246,91 €'], ['Total TTC', '1 481,47 €']], { invoiceNumber: 'F-2024-12', invoiceDate: '2024-03-02', amountTotal: 1481.47, amountTax: 246.91, amountUntaxed: 1234.56, currency: 'EUR' }],
    ['nl', 'Factuurnummer: 2024-0099', 'Factuurdatum: 14 februari 2024', [['Totaal excl. BTW', '€ 500,00'], ['BTW 21%', '€ 105,00'], ['Totaal', '€ 605,00']], { invoiceNumber: '2024-0099', invoiceDate: '2024-02-14', amountTotal: 605, amountTax: 105, amountUntaxed: 500, currency: 'EUR' }],
    ['es', 'Factura nº A-77', 'Fecha de factura: 07/01/2024', [['Base imponible', '2.000,00 €'], ['IVA 21%', '420,00 €'], ['Importe total', '2.420,00 €']], { invoiceNumber: 'A-77', invoiceDate: '2024-01-07', amountTotal: 2420, amountTax: 420, amountUntaxed: 2000, currency: 'EUR' }],
    ['it', 'Fattura n. 15/2024', 'Data fattura: 20 gennaio 2024', [['Imponibile', '€ 300,00'], ['IVA 22%', '€ 66,00'], ['Totale documento', '€ 366,00']], { invoiceNumber: '15/2024', invoiceDate: '2024-01-20', amountTotal: 366, amountTax: 66, amountUntaxed: 300, currency: 'EUR' }],
    ['ch', 'Rechnung Nr. CH-5', 'Datum: 31.01.2024', [['Total exkl. MWST', "1'000.00"], ['MWST 8.1%', '81.00'], ['Total CHF', "1'081.00"]], { invoiceNumber: 'CH-5', invoiceDate: '2024-01-31', amountTotal: 1081, amountTax: 81, amountUntaxed: 1000, currency: 'CHF' }],
  ] as const)('reads a %s invoice: labels, number and date formats from evidence', async (_lang, numberLine, dateLine, totals, expected) => {
    const items: TextItem[] = [
      { x: 50, y: 50, text: 'Exemple Fournitures SARL', size: 16, bold: true },
      { x: 50, y: 150, text: numberLine },
      { x: 50, y: 166, text: dateLine },
      ...totals.flatMap(([label, amount], i) => row(300 + i * 16, [[330, label], [470, amount]])),
    ];
    const d = await run(extractTestPdf({ pages: [{ items }] }));
    expect(vals(d)).toMatchObject(expected);
  });

  it('reads a totals table (per-rate rows closed by their sum) and an "excluding" total as the net amount', async () => {
    const items: TextItem[] = [
      { x: 50, y: 50, text: 'Musterlieferant GmbH', size: 14 },
      ...row(100, [[50, 'Rechnung Nr.'], [150, 'R-77']]),
      ...row(116, [[50, 'Datum:'], [150, '06.08.2013']]),
      ...row(600, [[250, 'Nettobetrag'], [350, 'MwSt-Betrag'], [470, 'Endbetrag']]),
      ...row(614, [[250, '321,40'], [350, '61,07'], [470, '382,47']]),
      ...row(628, [[250, '127,59'], [350, '8,93'], [470, '136,52']]),
      ...row(642, [[250, '448,99'], [350, '70,00'], [470, '518,99']]),
    ];
    const d = await run(extractTestPdf({ pages: [{ items }] }));
    expect(vals(d)).toMatchObject({ amountUntaxed: 448.99, amountTax: 70, amountTotal: 518.99, invoiceNumber: 'R-77' });
    const receipt: TextItem[] = [
      { x: 50, y: 40, text: 'SYARIKAT PERNIAGAAN GIN KEE', size: 12 },
      ...row(100, [[50, 'Date'], [150, '12/02/2018']]),
      ...row(300, [[50, 'Total Sales (Excluding GST) :'], [400, '255.00']]),
      ...row(316, [[50, 'Total GST :'], [400, '15.30']]),
      ...row(332, [[50, 'Total Sales (Inclusive of GST) :'], [400, '270.30']]),
    ];
    const r = await run(extractTestPdf({ pages: [{ items: receipt }] }));
    expect(vals(r)).toMatchObject({ vendorName: 'SYARIKAT PERNIAGAAN GIN KEE', invoiceDate: '2018-02-12', amountUntaxed: 255, amountTax: 15.3, amountTotal: 270.3 });
  });

  it('flags totals that do not add up and lowers their confidence', async () => {
    const items: TextItem[] = [
      { x: 50, y: 50, text: 'Widget Works Ltd', size: 16 },
      ...row(120, [[50, 'Invoice number'], [200, 'W-1']]),
      ...row(136, [[50, 'Invoice date'], [200, '2024-06-01']]),
      ...row(300, [[330, 'Net amount'], [470, '100.00']]),
      ...row(316, [[330, 'VAT'], [470, '20.00']]),
      ...row(332, [[330, 'Total'], [470, '125.00']]),
    ];
    const d = await run(extractTestPdf({ pages: [{ items }] }));
    expect(d.extraction.warnings.some((w) => w.includes('not the total 125.00'))).toBe(true);
    expect(d.extraction.fields.amountTotal?.confidence).toBeLessThan(0.8);
  });

  it('accepts a Node Buffer as well as a plain Uint8Array', async () => {
    const d = await run(Buffer.from(englishInvoice()));
    expect(vals(d).invoiceNumber).toBe('INV-2024-001');
  });

  it('recognises a credit note from its title', async () => {
    const items: TextItem[] = [
      { x: 50, y: 50, text: 'Au bon moulin SARL', size: 14 },
      { x: 50, y: 100, text: 'Avoir n° AV-2024-3', size: 18 },
      ...row(130, [[50, 'Date :'], [120, '16/11/2024']]),
      ...row(300, [[330, 'Total TTC'], [470, '233,47 €']]),
    ];
    const d = await run(extractTestPdf({ pages: [{ items }] }));
    expect(vals(d)).toMatchObject({ documentType: 'credit-note', invoiceNumber: 'AV-2024-3', amountTotal: 233.47, invoiceDate: '2024-11-16' });
  });

  it('says "not-invoice" for a readable document with no invoice in it', async () => {
    const items: TextItem[] = [
      { x: 50, y: 50, text: 'Minutes of the annual meeting' },
      { x: 50, y: 70, text: 'The committee discussed the garden party and the new bicycle shed.' },
      { x: 50, y: 90, text: 'Next meeting: spring, place to be announced.' },
    ];
    const d = await run(extractTestPdf({ pages: [{ items }] }));
    expect(d.extraction.status).toBe('not-invoice');
  });
});

describe('e-invoices', () => {
  const hybrid = (): Uint8Array =>
    extractTestPdf({
      pages: [{ items: [{ x: 50, y: 50, text: 'Nordstahl Beschläge GmbH', size: 16 }, ...row(100, [[50, 'Rechnungsnummer:'], [170, 'FX-2024-0042']]), ...row(300, [[330, 'Gesamtbetrag'], [470, '583,10 EUR']])] }],
      attachments: [{ name: 'factur-x.xml', content: fixture('facturx-en16931.xml') }],
    });

  it('reads the XML embedded in a hybrid PDF exactly (confidence 1) and still returns the page text', async () => {
    const d = await run(hybrid());
    expect(d.extraction).toMatchObject({ method: 'e-invoice', format: 'factur-x', status: 'ok', pageCount: 1 });
    expect(vals(d)).toMatchObject({ invoiceNumber: 'FX-2024-0042', amountTotal: 583.1, amountDue: 483.1, vendorVat: 'DE136695976' });
    expect(d.extraction.fields.amountTotal).toMatchObject({ confidence: 1, origin: 'xml' });
    expect(d.extraction.lines).toHaveLength(2);
    expect(d.pages[0]?.words.length).toBeGreaterThan(0);
  });

  it('reads the page text instead when told to ignore the embedded XML', async () => {
    const d = await run(hybrid(), { ignoreEmbeddedXml: true });
    expect(d.extraction.method).toBe('text-layer');
    expect(vals(d)).toMatchObject({ invoiceNumber: 'FX-2024-0042', amountTotal: 583.1 });
    expect(d.extraction.fields.amountTotal?.origin).toBe('text');
  });

  it('falls back to the text when the embedded XML is broken, with a warning', async () => {
    const bytes = extractTestPdf({ pages: [{ items: [...row(100, [[50, 'Invoice No:'], [170, 'B-1']]), ...row(300, [[330, 'Total'], [470, '10.00 EUR']])] }], attachments: [{ name: 'factur-x.xml', content: '<rsm:CrossIndustryInvoice><oops' }] });
    const d = await run(bytes);
    expect(d.extraction.method).toBe('text-layer');
    expect(d.extraction.warnings.some((w) => w.includes('factur-x.xml'))).toBe(true);
    expect(vals(d)).toMatchObject({ invoiceNumber: 'B-1', amountTotal: 10 });
  });

  it('reads standalone UBL and CII files', async () => {
    const ubl = await run(new TextEncoder().encode(fixture('ubl-invoice.xml')), {}, 'inv.xml');
    expect(ubl.extraction).toMatchObject({ method: 'e-invoice', format: 'xrechnung-ubl' });
    expect(vals(ubl)).toMatchObject({ invoiceNumber: 'UBL-1001', amountTotal: 11900 });
    const cii = await run(new TextEncoder().encode(fixture('zugferd1-basic.xml')), {}, 'inv.xml');
    expect(vals(cii)).toMatchObject({ currency: 'GBP', amountTotal: 120 });
  });
});

describe('bad input is refused with a clear code, never a hang', () => {
  it('empty, corrupt, encrypted, unsupported and non-invoice XML', async () => {
    expect(await codeOf(run(new Uint8Array(0)))).toBe('extract/empty');
    expect(await codeOf(run(new TextEncoder().encode('%PDF-1.7\n1 0 obj garbage that is not a pdf\n%%EOF')))).toBe('extract/corrupt');
    expect(await codeOf(run(extractTestPdf({ pages: [{ items: [{ x: 50, y: 50, text: 'secret' }] }], encrypted: true })))).toBe('extract/encrypted');
    expect(await codeOf(run(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), {}, 'a.zip'))).toBe('extract/unsupported');
    expect(await codeOf(run(new TextEncoder().encode('<?xml version="1.0"?><note/>'), {}, 'n.xml'))).toBe('extract/unsupported');
    expect(await codeOf(run(new TextEncoder().encode('<?xml version="1.0"?><Invoice><ID>1</Invoice>'), {}, 'n.xml'))).toBe('extract/corrupt');
  });

  it('refuses 100 pages or more, and images of 40 megapixels or more, before reading them', async () => {
    const pages = Array.from({ length: 100 }, () => ({ items: [{ x: 10, y: 10, text: 'p' }] }));
    expect(await codeOf(run(extractTestPdf({ pages })))).toBe('extract/too-large');
    const ocrCalls: number[] = [];
    const ocr: OcrFn = () => {
      ocrCalls.push(1);
      return Promise.resolve([]);
    };
    expect(await codeOf(run(pngHeader(8000, 5000), { ocr }, 'big.png'))).toBe('extract/too-large');
    expect(await codeOf(run(pngHeader(0, 0), { ocr }, 'bad.png'))).toBe('extract/corrupt');
    expect(ocrCalls).toEqual([]);
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await codeOf(run(englishInvoice(), { signal: ac.signal }))).toBe('app/cancelled');
  });
});

describe('pages without text go to OCR', () => {
  const scanned = (): Uint8Array => extractTestPdf({ pages: [{ items: [] }, { items: [{ x: 50, y: 50, text: 'Page two has a real text layer with enough words.' }] }] });

  it('warns when OCR is not available and reads the rest', async () => {
    const d = await run(scanned());
    expect(d.extraction.warnings.some((w) => w.includes('Page(s) 1') && w.includes('OCR is not available'))).toBe(true);
    expect(d.pages.map((p) => p.page)).toEqual([2]);
  });

  it('hands exactly the textless pages (and images) to options.ocr and extracts from its words', async () => {
    const seen: unknown[] = [];
    const words = (texts: [number, number, string][]): PageText['words'] => texts.map(([x, y, text]) => ({ text, box: { x, y, w: 0.1, h: 0.015 }, conf: 0.9 }));
    const ocr: OcrFn = (input, opts) => {
      const again = opts.threshold ? { threshold: opts.threshold } : {};
      seen.push(input.kind === 'pdf-pages' ? { kind: input.kind, pages: input.pages, langs: opts.langs, ...again } : { kind: input.kind, mime: input.mime, ...again });
      const page = input.kind === 'pdf-pages' ? (input.pages[0] ?? 1) : 1;
      return Promise.resolve([
        {
          page,
          width: 1654,
          height: 2339,
          source: 'ocr',
          conf: 0.9,
          words: words([
            [0.1, 0.05, 'Harbour'],
            [0.18, 0.05, 'Metals'],
            [0.26, 0.05, 'Ltd'],
            [0.1, 0.15, 'Invoice'],
            [0.2, 0.15, 'No:'],
            [0.3, 0.15, 'HM-9'],
            [0.6, 0.5, 'Total'],
            [0.8, 0.5, '£42.00'],
          ]),
        },
      ]);
    };
    const d = await run(scanned(), { ocr, langs: 'eng' });
    // the page has no date: the same pages are read a second time with another threshold (second-look.ts)
    expect(seen).toEqual([
      { kind: 'pdf-pages', pages: [1], langs: 'eng' },
      { kind: 'pdf-pages', pages: [1], langs: 'eng', threshold: 'otsu' },
    ]);
    expect(d.extraction.method).toBe('ocr');
    expect(vals(d)).toMatchObject({ vendorName: 'Harbour Metals Ltd', invoiceNumber: 'HM-9', amountTotal: 42, currency: 'GBP' });
    expect(d.extraction.fields.amountTotal?.origin).toBe('ocr');
    const img = await run(pngHeader(1654, 2339), { ocr }, 'scan.png');
    expect(seen[2]).toEqual({ kind: 'image', mime: 'image/png' });
    expect(img.extraction.method).toBe('ocr');
    expect(vals(img)).toMatchObject({ invoiceNumber: 'HM-9' });
  });
});
