import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type * as PdfJsModule from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';

/**
 * pdf.js in the renderer. The library is loaded on first use (it is large and only the Documents review needs
 * it); its worker is a bundled asset served from our own origin, so the CSP stays `'self'` (no blob:, no CDN).
 * `isEvalSupported: false` keeps pdf.js from probing `new Function` (the CSP has no 'unsafe-eval').
 */
type PdfJs = typeof PdfJsModule;

let lib: Promise<PdfJs> | null = null;

export function loadPdfJs(): Promise<PdfJs> {
  lib ??= import('pdfjs-dist').then((m) => {
    m.GlobalWorkerOptions.workerSrc = workerUrl;
    return m;
  });
  return lib;
}

export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const pdfjs = await loadPdfJs();
  // pdf.js transfers the buffer to its worker: hand it a copy so the caller's bytes stay usable
  const task = pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, enableXfa: false, stopAtErrors: false });
  return task.promise;
}

export type { PDFDocumentProxy };
