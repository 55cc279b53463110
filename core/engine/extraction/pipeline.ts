/**
 * The extraction pipeline for one document, in order:
 * 1. e-invoice XML — embedded in a hybrid PDF (Factur-X, ZUGFeRD 1/2, XRechnung) or a standalone UBL/CII
 *    file — read exactly (method 'e-invoice', confidence 1);
 * 2. the PDF text layer with positions;
 * 3. pages without usable text (and images) through `options.ocr` when given, else a warning;
 * 4. layout-aware field extraction and arithmetic checks.
 * Bad input is refused with a stable AppError code (extract/corrupt, encrypted, empty, too-large,
 * unsupported, timeout); pdfjs runs under a deadline and every document is destroyed afterwards.
 */
import { AppError } from '../../shared/errors';
import { parseEInvoiceXml, rankAttachments } from './einvoice/index';
import type { EInvoice } from './einvoice/index';
import { extractFields } from './fields/extract';
import { detectType, imageInfo } from './image-info';
import { markImageOrigins, readImageText } from './pdf-images';
import { hasUsableText, openPdf, pdfAttachments, readPageText } from './pdf-text';
import { secondLook } from './second-look';
import type { PdfHandle } from './pdf-text';
import type { ExtractedDocument, Extraction, ExtractOptions, OcrInput, OcrOptions, PageText } from './types';
import { EXTRACT_LIMITS } from './types';

export type ExtractInput = { bytes: Uint8Array; fileName: string; mime?: string };

/** Default time for all pdfjs work on one document (OCR has its own per-page limit). */
const PDF_TIMEOUT_MS = 30_000;
const DEFAULT_OCR_DPI = 200;
/** below this confidence the vendor read from the text layer is weak: the page's images are OCR'd too */
const WEAK_VENDOR = 0.45;

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('app/cancelled', 'The extraction was cancelled.');
}

function fromEInvoice(e: EInvoice, pageCount: number, warnings: string[]): Extraction {
  return { status: 'ok', method: 'e-invoice', format: e.format, pageCount, fields: e.fields, lines: e.lines, warnings: [...warnings, ...e.warnings] };
}

/** What every OCR call for one document shares: languages, the per-page time limit, cancel, the warnings list. */
type SharedOcrOptions = Omit<OcrOptions, 'onPage' | 'dpi'>;

function sharedOcrOptions(options: ExtractOptions, warnings: string[]): SharedOcrOptions {
  return { langs: options.langs ?? 'eng+deu+fra', pageTimeoutMs: options.pageTimeoutMs ?? 20_000, ...(options.signal ? { signal: options.signal } : {}), warnings };
}

async function ocrPages(input: OcrInput, options: ExtractOptions, warnings: string[], pages: number): Promise<PageText[]> {
  if (!options.ocr) return [];
  options.onProgress?.({ stage: 'ocr', pages });
  return options.ocr(input, {
    ...sharedOcrOptions(options, warnings),
    dpi: DEFAULT_OCR_DPI,
    onPage: (page, total) => options.onProgress?.({ stage: 'ocr', page, pages: total }),
  });
}

function fieldsStage(pages: PageText[], pageCount: number, warnings: string[], options: ExtractOptions, noText: boolean): Extraction {
  options.onProgress?.({ stage: 'fields' });
  const usedOcr = pages.some((p) => p.source === 'ocr');
  const method = usedOcr ? 'ocr' : 'text-layer';
  if (pages.every((p) => p.words.length === 0)) {
    // nothing to read: not an invoice when text/OCR ran and found nothing; unread when OCR was unavailable
    return { status: noText ? 'ok' : 'not-invoice', method, pageCount, fields: {}, lines: [], warnings };
  }
  const r = extractFields(pages, { origin: usedOcr ? 'ocr' : 'text' });
  return { status: r.status, method, pageCount, fields: r.fields, lines: r.lines, warnings: [...warnings, ...r.warnings] };
}

async function extractPdf(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
  const warnings: string[] = [];
  options.onProgress?.({ stage: 'read' });
  let h: PdfHandle | undefined;
  try {
    h = await openPdf(bytes, { timeoutMs: PDF_TIMEOUT_MS, ...(options.signal ? { signal: options.signal } : {}) });
    const pageCount = h.pageCount;
    let einvoice: EInvoice | undefined;
    if (!options.ignoreEmbeddedXml) {
      options.onProgress?.({ stage: 'e-invoice' });
      const files = await pdfAttachments(h);
      for (const name of rankAttachments([...files.keys()])) {
        const content = files.get(name);
        if (!content) continue;
        try {
          einvoice = parseEInvoiceXml(content);
        } catch (e) {
          warnings.push(`The embedded file ${name} is not readable XML (${e instanceof Error ? e.message : String(e)}); the page text was read instead.`);
        }
        if (einvoice) break;
      }
    }
    checkAbort(options.signal);
    const pages: PageText[] = [];
    const needOcr: number[] = [];
    for (let p = 1; p <= pageCount; p++) {
      options.onProgress?.({ stage: 'text', page: p, pages: pageCount });
      const text = await readPageText(h, p);
      if (hasUsableText(text)) pages.push(text);
      else {
        needOcr.push(p);
        const mp = ((text.width / 72) * DEFAULT_OCR_DPI * (text.height / 72) * DEFAULT_OCR_DPI) / 1e6;
        if (mp >= EXTRACT_LIMITS.maxMegapixels && !einvoice) {
          throw new AppError('extract/too-large', `Page ${p} would be ${Math.round(mp)} megapixels at ${DEFAULT_OCR_DPI} dpi; pages of ${EXTRACT_LIMITS.maxMegapixels} megapixels or more are refused.`, { page: p, megapixels: mp });
        }
      }
      checkAbort(options.signal);
    }
    await h.close();
    h = undefined;
    if (einvoice) return { extraction: fromEInvoice(einvoice, pageCount, warnings), pages };
    if (needOcr.length > 0) {
      if (options.ocr) {
        const ocred = await ocrPages({ kind: 'pdf-pages', bytes, pages: needOcr }, options, warnings, needOcr.length);
        pages.push(...ocred);
        pages.sort((a, b) => a.page - b.page);
      } else {
        warnings.push(
          needOcr.length === pageCount
            ? 'The PDF has no text layer (a scan) and OCR is not available, so it was not read.'
            : `Page(s) ${needOcr.join(', ')} have no text layer and OCR is not available; they were not read.`,
        );
      }
    }
    // a scan whose date or total went unread is OCR'd once more with another threshold (second-look.ts)
    const ocrInput: OcrInput | undefined = needOcr.length > 0 ? { kind: 'pdf-pages', bytes, pages: needOcr } : undefined;
    const extraction = await secondLook({ extraction: fieldsStage(pages, pageCount, warnings, options, needOcr.length > 0 && !options.ocr), pages, input: ocrInput, options, ocr: { ...sharedOcrOptions(options, []), dpi: DEFAULT_OCR_DPI } });
    // the seller's name may be printed only inside a letterhead/logo bitmap: OCR the images of the first
    // text-layer pages, only when the text left the vendor unread or weak (pdf-images.ts)
    const vendor = extraction.fields.vendorName;
    if (options.ocr && extraction.status === 'ok' && (!vendor || vendor.confidence < WEAK_VENDOR)) {
      const textPages = pages.filter((p) => p.source === 'text-layer').slice(0, 2).map((p) => p.page);
      const more = await readImageText(bytes, pages, {
        ocr: options.ocr,
        ocrOptions: sharedOcrOptions(options, warnings),
        pages: textPages,
        timeoutMs: PDF_TIMEOUT_MS,
      });
      checkAbort(options.signal);
      if (more) {
        const again = fieldsStage(more.pages, pageCount, warnings, options, false);
        if ((again.fields.vendorName?.confidence ?? 0) > (vendor?.confidence ?? 0)) {
          markImageOrigins(again.fields, more.regions);
          return { extraction: again, pages: more.pages };
        }
      }
    }
    return { extraction, pages };
  } finally {
    if (h) await h.close();
  }
}

async function extractImage(bytes: Uint8Array, mime: 'image/png' | 'image/jpeg' | 'image/tiff', options: ExtractOptions): Promise<ExtractedDocument> {
  const type = mime === 'image/png' ? 'png' : mime === 'image/jpeg' ? 'jpeg' : 'tiff';
  const info = imageInfo(bytes, type);
  if (!info || info.width === 0 || info.height === 0) throw new AppError('extract/corrupt', `The ${type.toUpperCase()} image is damaged: its size cannot be read.`);
  if (info.megapixels >= EXTRACT_LIMITS.maxMegapixels) {
    throw new AppError('extract/too-large', `The image is ${info.megapixels.toFixed(1)} megapixels; images of ${EXTRACT_LIMITS.maxMegapixels} megapixels or more are refused.`, { megapixels: info.megapixels });
  }
  if (info.frames >= EXTRACT_LIMITS.maxPages) throw new AppError('extract/too-large', `The TIFF has ${info.frames} pages; ${EXTRACT_LIMITS.maxPages} or more are refused.`);
  const warnings: string[] = [];
  options.onProgress?.({ stage: 'read' });
  if (!options.ocr) {
    warnings.push('The file is an image and OCR is not available, so it was not read.');
    return { extraction: { status: 'ok', method: 'ocr', pageCount: info.frames, fields: {}, lines: [], warnings }, pages: [] };
  }
  const input: OcrInput = { kind: 'image', bytes, mime };
  const pages = await ocrPages(input, options, warnings, info.frames);
  checkAbort(options.signal);
  const extraction = await secondLook({ extraction: fieldsStage(pages, info.frames, warnings, options, false), pages, input, options, ocr: { ...sharedOcrOptions(options, []), dpi: DEFAULT_OCR_DPI } });
  return { extraction, pages };
}

/** Extracts one document. Throws AppError (extract/*, app/cancelled) for input it refuses. */
export async function extractDocument(input: ExtractInput, options: ExtractOptions = {}): Promise<ExtractedDocument> {
  const { fileName } = input;
  // pdf.js refuses a Node Buffer (a Uint8Array subclass); hand it a plain copy
  const bytes = Buffer.isBuffer(input.bytes) ? new Uint8Array(input.bytes) : input.bytes;
  checkAbort(options.signal);
  if (bytes.length === 0) throw new AppError('extract/empty', `${fileName} is empty (0 bytes).`);
  if (bytes.length > EXTRACT_LIMITS.maxBytes) {
    throw new AppError('extract/too-large', `${fileName} is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; files over ${EXTRACT_LIMITS.maxBytes / 1024 / 1024} MB are refused.`, { bytes: bytes.length });
  }
  const type = detectType(bytes);
  switch (type) {
    case 'pdf':
      return extractPdf(bytes, options);
    case 'png':
      return extractImage(bytes, 'image/png', options);
    case 'jpeg':
      return extractImage(bytes, 'image/jpeg', options);
    case 'tiff':
      return extractImage(bytes, 'image/tiff', options);
    case 'xml': {
      options.onProgress?.({ stage: 'e-invoice' });
      const e = parseEInvoiceXml(bytes);
      if (!e) throw new AppError('extract/unsupported', `${fileName} is XML but not a UBL or CII (Factur-X/ZUGFeRD/XRechnung) invoice.`);
      return { extraction: fromEInvoice(e, 1, []), pages: [] };
    }
    default: {
      const what = input.mime ? ` (${input.mime})` : '';
      throw new AppError('extract/unsupported', `${fileName}${what} is not a supported document: use PDF, PNG, JPEG, TIFF, or UBL/CII XML.`);
    }
  }
}
