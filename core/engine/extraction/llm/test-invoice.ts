/**
 * Test material for the Claude step: a page built from lines of text (words with boxes, as the text layer
 * gives them), a German invoice, and a rule-based extraction of it. Used by the llm tests and the AI
 * integration test; not used at run time.
 */
import type { Extraction, PageText, Word } from '../types';

/** One page whose words sit where the characters of `lines` would be printed (monospace, 1 char = 0.012 wide). */
export function pageFromLines(lines: string[], page = 1, source: PageText['source'] = 'text-layer'): PageText {
  const words: Word[] = [];
  lines.forEach((line, i) => {
    const y = 0.04 + i * 0.028;
    for (const m of line.matchAll(/\S+/g)) {
      words.push({ text: m[0], box: { x: 0.05 + m.index * 0.012, y, w: m[0].length * 0.012, h: 0.016 } });
    }
  });
  return { page, width: 595, height: 842, words, source, ...(source === 'ocr' ? { conf: 0.9 } : {}) };
}

export const INVOICE_LINES = [
  'ACME Bürobedarf GmbH',
  'Hauptstraße 5, 10115 Berlin',
  'USt-IdNr.: DE136695976',
  'IBAN: DE89 3704 0044 0532 0130 00',
  'E-Mail: billing@acme-buero.de    Tel. +49 30 1234 5678',
  'Ihr Ansprechpartner: Jonas Becker',
  '',
  'Rechnung Nr. RE-2024-0042',
  'Rechnungsdatum: 12.03.2024        Fällig am: 11.04.2024',
  'Ihre Bestellung: PO-7781',
  '',
  'Pos  Beschreibung          Menge   Einzelpreis   Betrag',
  '1    Druckerpapier A4         10          4,50    45,00',
  '2    Toner schwarz             2         77,50   155,00',
  '',
  'Nettobetrag                                     200,00 EUR',
  'MwSt 19%                                         38,00 EUR',
  'Gesamtbetrag                                    238,00 EUR',
];

/** What Claude would answer for INVOICE_LINES. */
export const GOOD_ANSWER = {
  documentType: 'invoice',
  vendorName: 'ACME Bürobedarf GmbH',
  vendorVat: 'DE136695976',
  vendorIban: 'DE89370400440532013000',
  vendorEmail: 'billing@acme-buero.de',
  invoiceNumber: 'RE-2024-0042',
  invoiceDate: '2024-03-12',
  dueDate: '2024-04-11',
  currency: 'EUR',
  amountUntaxed: 200,
  amountTax: 38,
  amountTotal: 238,
  amountDue: 238,
  poNumber: 'PO-7781',
  lines: [
    { description: 'Druckerpapier A4', quantity: 10, unitPrice: 4.5, amount: 45, taxRate: 19 },
    { description: 'Toner schwarz', quantity: 2, unitPrice: 77.5, amount: 155, taxRate: 19 },
  ],
  notes: null,
};

/** An answer that reads nothing (every field null, no lines): for tests about what was sent, not what came back. */
export const EMPTY_ANSWER = {
  ...(Object.fromEntries(Object.keys(GOOD_ANSWER).map((k) => [k, null])) as { [K in keyof typeof GOOD_ANSWER]: null }),
  documentType: 'invoice',
  lines: [],
};

/** The layout rules' result: most fields right, the PO number and the lines missed, the due date unsure. */
export function ruleBasedExtraction(): Extraction {
  const box = { x: 0.1, y: 0.1, w: 0.1, h: 0.02 };
  const f = <T>(value: T, confidence = 0.9) => ({ value, confidence, origin: 'text' as const, source: { page: 1, box } });
  return {
    status: 'ok',
    method: 'text-layer',
    pageCount: 1,
    fields: {
      documentType: f('invoice' as const),
      vendorName: f('ACME Bürobedarf GmbH', 0.7),
      vendorVat: f('DE136695976', 0.98),
      vendorIban: f('DE89370400440532013000', 0.98),
      vendorEmail: f('billing@acme-buero.de'),
      invoiceNumber: f('RE-2024-0042'),
      invoiceDate: f('2024-03-12'),
      dueDate: f('2024-04-11', 0.6),
      currency: f('EUR'),
      amountUntaxed: f(200),
      amountTax: f(38),
      amountTotal: f(238),
      amountDue: f(238, 0.8),
    },
    lines: [],
    warnings: [],
  };
}
