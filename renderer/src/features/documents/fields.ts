import type { DocFieldName, DocFieldOrigin, DocProgress, DocumentStatus, DocumentSummary } from '../../../../core/contract';

/** The review order: who, which document, when, how much. */
export const FIELD_ORDER: readonly DocFieldName[] = [
  'vendorName',
  'vendorVat',
  'vendorIban',
  'vendorEmail',
  'documentType',
  'invoiceNumber',
  'invoiceDate',
  'dueDate',
  'poNumber',
  'currency',
  'amountUntaxed',
  'amountTax',
  'amountTotal',
  'amountDue',
];

export const FIELD_LABELS: Record<DocFieldName, string> = {
  documentType: 'Document type',
  vendorName: 'Vendor',
  vendorVat: 'VAT / tax id',
  vendorIban: 'IBAN',
  vendorEmail: 'E-mail',
  invoiceNumber: 'Invoice number',
  invoiceDate: 'Invoice date',
  dueDate: 'Due date',
  currency: 'Currency',
  amountUntaxed: 'Net amount',
  amountTax: 'Tax',
  amountTotal: 'Total',
  amountDue: 'Amount due',
  poNumber: 'PO number',
};

export type FieldKind = 'text' | 'amount' | 'date' | 'currency' | 'doctype' | 'compact';

export const FIELD_KIND: Record<DocFieldName, FieldKind> = {
  documentType: 'doctype',
  vendorName: 'text',
  vendorVat: 'compact',
  vendorIban: 'compact',
  vendorEmail: 'text',
  invoiceNumber: 'text',
  invoiceDate: 'date',
  dueDate: 'date',
  currency: 'currency',
  amountUntaxed: 'amount',
  amountTax: 'amount',
  amountTotal: 'amount',
  amountDue: 'amount',
  poNumber: 'text',
};

export const EDIT_HINT: Record<FieldKind, string> = {
  text: '',
  compact: 'Spaces are removed',
  amount: 'e.g. 1234.56 or 1.234,56',
  date: 'YYYY-MM-DD or DD.MM.YYYY',
  currency: 'ISO code, e.g. EUR',
  doctype: 'invoice or credit note',
};

/**
 * A typed amount: `1,234.56`, `1.234,56`, `1 234,56`, `1'234.56`, `-12.5`. The last separator followed by
 * one or two digits is the decimal mark; any other separator groups thousands.
 */
export function parseAmount(raw: string): number | null {
  let s = raw.trim().replace(/[\s\u00a0\u202f']/g, '');
  s = s.replace(/^(?:[A-Za-z]{3}|[€$£¥])|(?:[A-Za-z]{3}|[€$£¥])$/g, '');
  const negative = /^-|^\(.*\)$|-$/.test(s);
  s = s.replace(/^[(+-]+|[)-]+$/g, '');
  if (!/^[\d.,]+$/.test(s)) return null;
  const lastSep = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  const decimals = lastSep < 0 ? 0 : s.length - lastSep - 1;
  let int = s;
  let frac = '';
  const single = lastSep >= 0 && s.indexOf(s[lastSep]!) === lastSep;
  // three digits after a lone separator group thousands (1.234), unless nothing but 0 precedes it (0.125)
  if (decimals === 1 || decimals === 2 || (single && (decimals > 3 || (decimals === 3 && /^0+$/.test(s.slice(0, lastSep)))))) {
    int = s.slice(0, lastSep);
    frac = s.slice(lastSep + 1);
  }
  // what is left of the decimal mark is plain digits or groups of three
  if (!/^\d+$/.test(int) && !/^\d{1,3}([.,]\d{3})+$/.test(int)) return null;
  const n = Number(`${int.replace(/[.,]/g, '')}.${frac || '0'}`);
  if (!Number.isFinite(n)) return null;
  return negative ? -n : n;
}

const pad = (n: number) => String(n).padStart(2, '0');

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** ISO `YYYY-MM-DD`, or the European `DD.MM.YYYY` (dots only: slashes are ambiguous between locales). */
export function parseDate(raw: string): string | null {
  const s = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (m) return validDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

export type ParsedValue = { ok: true; value: string | number | null } | { ok: false; error: string };

/** What the user typed into a field, as `documents:correct` takes it (empty = clear the field). */
export function parseFieldInput(field: DocFieldName, raw: string): ParsedValue {
  const s = raw.trim();
  if (s === '') return { ok: true, value: null };
  switch (FIELD_KIND[field]) {
    case 'amount': {
      const n = parseAmount(s);
      return n === null ? { ok: false, error: 'Not an amount' } : { ok: true, value: n };
    }
    case 'date': {
      const d = parseDate(s);
      return d === null ? { ok: false, error: 'Not a date (YYYY-MM-DD or DD.MM.YYYY)' } : { ok: true, value: d };
    }
    case 'currency':
      return /^[A-Za-z]{3}$/.test(s) ? { ok: true, value: s.toUpperCase() } : { ok: false, error: 'Use a three-letter code, e.g. EUR' };
    case 'doctype':
      if (/^(invoice|bill)$/i.test(s)) return { ok: true, value: 'invoice' };
      if (/^(credit[- ]?note|refund|credit)$/i.test(s)) return { ok: true, value: 'credit-note' };
      return { ok: false, error: 'invoice or credit note' };
    case 'compact':
      return { ok: true, value: s.replace(/\s+/g, '').toUpperCase() };
    case 'text':
      return { ok: true, value: s };
  }
}

export function formatMoney(n: number | undefined | null, currency?: string | null): string {
  if (n === undefined || n === null) return '—';
  const body = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
  return currency ? `${body} ${currency}` : body;
}

export function formatNumber(n: number | undefined | null): string {
  if (n === undefined || n === null) return '';
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 }).format(n);
}

/** A field's value as the list shows it (and as the inline editor starts with). */
export function displayValue(field: DocFieldName, value: unknown, currency?: string): string {
  if (value === undefined || value === null) return '';
  switch (FIELD_KIND[field]) {
    case 'amount':
      return typeof value === 'number' ? formatMoney(value, currency) : String(value);
    case 'doctype':
      return value === 'credit-note' ? 'Credit note' : 'Invoice';
    default:
      return String(value);
  }
}

/** The editor's starting text: plain, so Enter without a change saves the same value. */
export function editValue(field: DocFieldName, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (FIELD_KIND[field] === 'amount' && typeof value === 'number') return String(value);
  if (FIELD_KIND[field] === 'doctype') return value === 'credit-note' ? 'credit note' : 'invoice';
  return String(value);
}

export type ConfidenceLevel = { label: string; color: string };

export function confidenceLevel(c: number | undefined): ConfidenceLevel {
  if (c === undefined) return { label: 'missing', color: 'gray' };
  if (c >= 0.9) return { label: 'high', color: 'teal' };
  if (c >= 0.7) return { label: 'medium', color: 'yellow' };
  return { label: 'low', color: 'red' };
}

export const ORIGIN_INFO: Record<DocFieldOrigin, { label: string; color: string; description: string }> = {
  xml: { label: 'xml', color: 'grape', description: 'Read from the e-invoice XML' },
  text: { label: 'text', color: 'blue', description: 'Read from the PDF text layer' },
  ocr: { label: 'ocr', color: 'orange', description: 'Recognised in the scan (OCR)' },
  template: { label: 'template', color: 'cyan', description: "From this vendor's learned template" },
  llm: { label: 'llm', color: 'violet', description: 'Proposed by Claude, checked against the document' },
  user: { label: 'user', color: 'green', description: 'Corrected by you' },
};

export const STATUS_INFO: Record<DocumentStatus, { label: string; color: string }> = {
  queued: { label: 'queued', color: 'gray' },
  processing: { label: 'processing', color: 'blue' },
  done: { label: 'to review', color: 'brand' },
  'not-invoice': { label: 'not an invoice', color: 'gray' },
  error: { label: 'error', color: 'red' },
  cancelled: { label: 'cancelled', color: 'gray' },
  drafted: { label: 'drafted', color: 'teal' },
};

const STAGE_LABEL: Record<DocProgress['stage'], string> = {
  read: 'Reading',
  'e-invoice': 'Reading the e-invoice',
  text: 'Reading text',
  ocr: 'OCR',
  fields: 'Finding fields',
  llm: 'Asking Claude',
  match: 'Matching vendor and PO',
};

/** Progress of a running document, 0–100, and a short label ("OCR page 2 / 5"). */
export function progressOf(p: DocProgress | undefined, status: DocumentStatus): { percent: number; label: string } {
  if (status === 'queued') return { percent: 0, label: 'Waiting' };
  if (!p) return { percent: 5, label: 'Starting' };
  const pages = p.pages && p.pages > 0 ? p.pages : null;
  const within = pages && p.page ? Math.min(1, p.page / pages) : 0;
  const percent =
    p.stage === 'read' ? 5 : p.stage === 'e-invoice' ? 15 : p.stage === 'text' ? 20 + 20 * within : p.stage === 'ocr' ? 25 + 55 * within : p.stage === 'fields' ? 85 : p.stage === 'llm' ? 90 : 95;
  const pageLabel = pages && p.page ? ` page ${p.page} / ${pages}` : '';
  return { percent, label: `${STAGE_LABEL[p.stage]}${p.stage === 'ocr' || p.stage === 'text' ? pageLabel : ''}` };
}

export const isRunning = (d: Pick<DocumentSummary, 'status'>): boolean => d.status === 'queued' || d.status === 'processing';

/** Ready for a draft bill without a human decision: extracted, vendor known, no duplicate, no warning. */
export function isClean(d: DocumentSummary): boolean {
  return d.status === 'done' && d.partnerId !== undefined && d.duplicateBill === undefined && d.billOutboxId === undefined && d.warnings === 0;
}

/** A draft bill can be made from it (the user may still need to pick or create the vendor). */
export const canDraft = (d: DocumentSummary): boolean => d.status === 'done' && d.billOutboxId === undefined;
