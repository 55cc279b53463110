/**
 * The documents tests' shorthand over the shared test PDF writer (./pdf-writer): one A4 page of Helvetica
 * text per entry, positions in points from the top-left.
 */
import { writePdf, type PdfText } from './pdf-writer';

export type InvoiceText = PdfText;

/** The bytes of a PDF with one page per entry (a plain Uint8Array, as the extraction pipeline takes it). */
export function documentsPdf(pages: InvoiceText[][]): Uint8Array {
  return new Uint8Array(writePdf(pages.map((texts) => ({ texts }))));
}
