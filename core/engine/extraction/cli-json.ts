/**
 * The public JSON of one extracted file (`smart-odoo extract --json`, and `json` in documents:get): ISO
 * dates, ISO 4217 currency codes, numbers as JSON numbers, VAT and IBAN without spaces, null for what was
 * not found. Scripts depend on this shape: add keys, never rename or remove them.
 */
import { normalizeIban } from '../../shared/iban';
import { normalizeVat } from '../../shared/vat';
import { FIELD_NAMES, type Extraction, type ExtractionMethod } from './types';

export type ExtractJson = {
  file: string;
  status: 'ok' | 'not-invoice' | 'error';
  documentType: 'invoice' | 'credit-note' | null;
  vendor: { name: string | null; vat: string | null; iban: string | null; email: string | null; partnerId: number | null };
  invoiceNumber: string | null;
  invoiceDate: string | null;
  dueDate: string | null;
  currency: string | null;
  amountUntaxed: number | null;
  amountTax: number | null;
  amountTotal: number | null;
  amountDue: number | null;
  poNumber: string | null;
  lines: Array<{ description: string; quantity: number | null; unitPrice: number | null; amount: number; taxRate: number | null }>;
  confidence: Record<string, number>;
  warnings: string[];
  method: ExtractionMethod | null;
  pageCount: number | null;
  error?: { code: string; message: string };
};

const round = (v: number | undefined, digits = 2): number | null => {
  if (v === undefined || !Number.isFinite(v)) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};
const isoDate = (v: string | undefined): string | null => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);
const code = (v: string | undefined): string | null => (v && /^[A-Za-z]{3}$/.test(v.trim()) ? v.trim().toUpperCase() : null);

export function extractionJson(file: string, e: Extraction, partnerId: number | null = null): ExtractJson {
  const f = e.fields;
  const confidence: Record<string, number> = {};
  for (const name of FIELD_NAMES) {
    const v = f[name];
    if (v) confidence[name] = Math.round(Math.max(0, Math.min(1, v.confidence)) * 1000) / 1000;
  }
  return {
    file,
    status: e.status,
    documentType: f.documentType?.value ?? null,
    vendor: {
      name: f.vendorName?.value.trim() || null,
      vat: f.vendorVat?.value ? normalizeVat(f.vendorVat.value) : null,
      iban: f.vendorIban?.value ? normalizeIban(f.vendorIban.value) : null,
      email: f.vendorEmail?.value.trim() || null,
      partnerId,
    },
    invoiceNumber: f.invoiceNumber?.value.trim() || null,
    invoiceDate: isoDate(f.invoiceDate?.value),
    dueDate: isoDate(f.dueDate?.value),
    currency: code(f.currency?.value),
    amountUntaxed: round(f.amountUntaxed?.value),
    amountTax: round(f.amountTax?.value),
    amountTotal: round(f.amountTotal?.value),
    amountDue: round(f.amountDue?.value),
    poNumber: f.poNumber?.value.trim() || null,
    lines: e.lines.map((l) => ({
      description: l.description,
      quantity: round(l.quantity, 4),
      unitPrice: round(l.unitPrice, 4),
      amount: round(l.amount) ?? 0,
      taxRate: round(l.taxRate, 3),
    })),
    confidence,
    warnings: [...e.warnings],
    method: e.method,
    pageCount: e.pageCount,
  };
}

/** A file that could not be read: status 'error' with the reason; every value null. */
export function errorJson(file: string, error: { code: string; message: string }): ExtractJson {
  return {
    file,
    status: 'error',
    documentType: null,
    vendor: { name: null, vat: null, iban: null, email: null, partnerId: null },
    invoiceNumber: null,
    invoiceDate: null,
    dueDate: null,
    currency: null,
    amountUntaxed: null,
    amountTax: null,
    amountTotal: null,
    amountDue: null,
    poNumber: null,
    lines: [],
    confidence: {},
    warnings: [],
    method: null,
    pageCount: null,
    error: { code: error.code, message: error.message },
  };
}
