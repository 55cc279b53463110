/**
 * E-invoices read exactly: standalone UBL/CII XML, and the XML embedded in hybrid PDFs (Factur-X, ZUGFeRD 1/2,
 * XRechnung). `parseEInvoiceXml` returns undefined for XML that is not an invoice we know (the caller decides).
 */
import { AppError } from '../../../shared/errors';
import { readCii } from './cii';
import type { EInvoice } from './types';
import { readUbl } from './ubl';
import { parseXml } from './xml';

export type { EInvoice } from './types';

/** Attachment names that carry the invoice XML in hybrid PDFs, most specific first. */
const KNOWN_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml', 'zugferd-invoice.xml', 'order-x.xml'];

/** Which attachment of a PDF to read: a known name, else any `.xml` attachment (tried in order by the caller). */
export function rankAttachments(names: string[]): string[] {
  const lower = (n: string): string => n.toLowerCase();
  const known = names.filter((n) => KNOWN_NAMES.includes(lower(n)));
  const otherXml = names.filter((n) => !known.includes(n) && lower(n).endsWith('.xml'));
  return [...known, ...otherXml];
}

export function looksLikeXml(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 512)).replace(/^\uFEFF/, '').trimStart();
  return head.startsWith('<?xml') || /^<([A-Za-z_][\w.-]*:)?(Invoice|CreditNote|CrossIndustryInvoice|CrossIndustryDocument)\b/.test(head);
}

function decode(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const enc = /encoding=["']([\w-]+)["']/i.exec(head)?.[1]?.toLowerCase();
  const label = enc === 'iso-8859-1' || enc === 'latin1' || enc === 'windows-1252' ? 'windows-1252' : 'utf-8';
  return new TextDecoder(label).decode(bytes);
}

/**
 * Reads an e-invoice. Returns undefined when the XML parses but is not UBL/CII; throws `extract/corrupt`
 * when it is not well-formed XML.
 */
export function parseEInvoiceXml(bytes: Uint8Array): EInvoice | undefined {
  let root: Record<string, unknown>;
  try {
    root = parseXml(decode(bytes));
  } catch (e) {
    throw new AppError('extract/corrupt', `The XML is not well-formed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (root.CrossIndustryInvoice) return readCii(root, 'CrossIndustryInvoice');
  if (root.CrossIndustryDocument) return readCii(root, 'CrossIndustryDocument');
  if (root.Invoice) return readUbl(root, 'Invoice');
  if (root.CreditNote) return readUbl(root, 'CreditNote');
  return undefined;
}
