import type { ExtractedFields, ExtractedLine, FieldName, FieldValues } from '../types';

/** What an e-invoice reader returns: exact values (origin xml, confidence 1) and the lines. */
export type EInvoice = { format: string; fields: ExtractedFields; lines: ExtractedLine[]; warnings: string[] };

/** UNTDID 1001 codes that mean a credit note (381 and the rarer ones); everything else is an invoice. */
const CREDIT_CODES = new Set(['81', '83', '261', '262', '296', '308', '381', '396', '420', '458', '532']);

export function documentTypeFromCode(code: string | undefined): FieldValues['documentType'] | undefined {
  if (code === undefined) return undefined;
  return CREDIT_CODES.has(code.trim()) ? 'credit-note' : 'invoice';
}

export function putField<K extends FieldName>(out: EInvoice, name: K, value: FieldValues[K] | undefined): void {
  if (value === undefined || value === '') return;
  if (typeof value === 'number' && !Number.isFinite(value)) return;
  (out.fields as Record<string, unknown>)[name] = { value, confidence: 1, origin: 'xml' };
}
