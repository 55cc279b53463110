/**
 * The seam between the parts of invoice extraction: page text (from the PDF text layer or OCR), the
 * extracted fields with their confidence and source region, and the pipeline's options.
 *
 * Boxes are fractions of the page (0..1, origin top-left), so the renderer can overlay them on any zoom.
 */
import { DOCUMENT_FIELD_NAMES } from '../../contract/documents';

/** A rectangle on a page: x, y of the top-left corner, width and height, each a fraction of the page. */
export type Box = { x: number; y: number; w: number; h: number };

export type SourceRegion = { page: number; box: Box };

/** One word (or text run) on a page. `conf` is OCR confidence 0..1; the text layer has none. */
export type Word = {
  text: string;
  box: Box;
  conf?: number;
  /** OCR only: index of the text line Tesseract put the word on (0-based, per page, reading order) */
  line?: number;
};

export type PageText = {
  /** 1-based */
  page: number;
  /** page size in PDF points (or pixels for images) */
  width: number;
  height: number;
  words: Word[];
  source: 'text-layer' | 'ocr';
  /** mean OCR confidence of the page, 0..1 */
  conf?: number;
};

/** The fields of an invoice, in review order; the contract owns the list (core/contract/documents.ts). */
export const FIELD_NAMES = DOCUMENT_FIELD_NAMES;
export type FieldName = (typeof FIELD_NAMES)[number];

/** Value types: dates ISO `YYYY-MM-DD`, currency ISO 4217, VAT and IBAN without spaces, amounts numbers. */
export type FieldValues = {
  documentType: 'invoice' | 'credit-note';
  vendorName: string;
  vendorVat: string;
  vendorIban: string;
  vendorEmail: string;
  invoiceNumber: string;
  invoiceDate: string;
  dueDate: string;
  currency: string;
  amountUntaxed: number;
  amountTax: number;
  amountTotal: number;
  amountDue: number;
  poNumber: string;
};

/** Where a value came from: an e-invoice's XML, the text layer, OCR, a learned vendor template, Claude, or the user. */
export type FieldOrigin = 'xml' | 'text' | 'ocr' | 'template' | 'llm' | 'user';

export type ExtractedField<T> = { value: T; confidence: number; origin: FieldOrigin; source?: SourceRegion };

export type ExtractedFields = { [K in FieldName]?: ExtractedField<FieldValues[K]> };

export type ExtractedLine = {
  description: string;
  quantity?: number;
  unitPrice?: number;
  amount: number;
  taxRate?: number;
  source?: SourceRegion;
  /** 0..1, set when a learned vendor layout read the line (origin 'template') */
  confidence?: number;
  origin?: FieldOrigin;
};

export type ExtractionMethod = 'e-invoice' | 'text-layer' | 'ocr' | 'llm';

export type Extraction = {
  /** not-invoice: readable, but no invoice in it (no amounts/number/date to speak of) */
  status: 'ok' | 'not-invoice';
  method: ExtractionMethod;
  /** e.g. 'factur-x', 'zugferd', 'xrechnung-ubl', 'xrechnung-cii', 'ubl' when method is e-invoice */
  format?: string;
  pageCount: number;
  fields: ExtractedFields;
  lines: ExtractedLine[];
  /** plain sentences: arithmetic that does not add up, a VAT id with a bad checksum, an OCR page that timed out … */
  warnings: string[];
};

export type ExtractProgress = { stage: 'read' | 'e-invoice' | 'text' | 'ocr' | 'fields' | 'llm'; page?: number; pages?: number };

/** OCR of a document's pages that have no text layer (or of an image). Implemented in ./ocr. */
export type OcrFn = (input: OcrInput, options: OcrOptions) => Promise<PageText[]>;
export type OcrInput =
  | { kind: 'pdf-pages'; bytes: Uint8Array; pages: number[] }
  | { kind: 'image'; bytes: Uint8Array; mime: 'image/png' | 'image/jpeg' | 'image/tiff' };
export type OcrOptions = {
  /** tesseract language string, e.g. 'eng+deu+fra' */
  langs: string;
  /** per page; the page is skipped with a warning when exceeded */
  pageTimeoutMs: number;
  dpi?: number;
  signal?: AbortSignal;
  /** called after each page: (pages done so far, pages to OCR) */
  onPage?: (page: number, pages: number) => void;
  warnings: string[];
  /**
   * binarisation for this call instead of the OCR's default (the pipeline's second look reads a page
   * again with 'otsu' when the first reading left the date or total unread)
   */
  threshold?: 'otsu' | 'sauvola' | 'soft' | 'paper';
};

export type ExtractOptions = {
  langs?: string;
  /** skip the embedded e-invoice XML (evaluation of the text path on e-invoices) */
  ignoreEmbeddedXml?: boolean;
  ocr?: OcrFn;
  pageTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: ExtractProgress) => void;
};

/** What the pipeline returns: the extraction and the page text it was made from (templates and review use it). */
export type ExtractedDocument = {
  extraction: Extraction;
  pages: PageText[];
  /** PNGs of the pages read by OCR, for Claude's vision: only when the worker job asked for them (llm/page-images) */
  pageImages?: { images: Array<{ page: number; png: Uint8Array }>; warnings: string[] };
};

/** Limits past which a document is refused rather than processed (memory stays bounded). */
export const EXTRACT_LIMITS = { maxPages: 100, maxMegapixels: 40, maxBytes: 50 * 1024 * 1024 } as const;
