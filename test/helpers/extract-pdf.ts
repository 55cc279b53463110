/**
 * Test PDFs for the extraction pipeline, written by the shared test PDF writer (./pdf-writer): pages of
 * Helvetica text placed at positions (points, origin top-left; `y` is the top of the text, not its baseline),
 * optional embedded files (the Factur-X/ZUGFeRD way), an optional /Encrypt dictionary whose user password is
 * not empty, and pages with no text at all (what a scan looks like to the text layer).
 */
import { writePdf, type PdfAttachment, type PdfText } from './pdf-writer';

export type TextItem = PdfText;
export type PdfPage = { width?: number; height?: number; items: TextItem[] };
export type PdfSpec = { pages: PdfPage[]; attachments?: PdfAttachment[]; encrypted?: boolean };

export function extractTestPdf(spec: PdfSpec): Uint8Array {
  const pages = spec.pages.map((p) => ({
    width: p.width ?? 595,
    height: p.height ?? 842,
    // pdf-writer places the baseline; here y is the top of the text, one font size above it
    texts: p.items.map((it) => ({ ...it, y: it.y + (it.size ?? 10) })),
  }));
  return new Uint8Array(writePdf(pages, { attachments: spec.attachments, encrypted: spec.encrypted }));
}

/** A row of cells at x positions. */
export function row(y: number, cells: [number, string][], size = 10): TextItem[] {
  return cells.map(([x, text]) => ({ x, y, text, size }));
}

/** A PNG signature + IHDR claiming the given size: enough for the size check, not for decoding. */
export function pngHeader(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const dv = new DataView(b.buffer);
  dv.setUint32(16, width);
  dv.setUint32(20, height);
  b[24] = 8;
  b[25] = 2;
  return b;
}
