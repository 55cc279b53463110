import { z } from 'zod';
import { call } from './define';

/**
 * Invoice processing: the document queue, extraction results, vendor / purchase-order / duplicate checks,
 * corrections (the learning loop) and draft bills. The shapes mirror core/engine/extraction/types.ts (the
 * renderer may import only the contract, so they are declared here again; a compile-time check in
 * core/host/documents-part.ts keeps both in step).
 */

export const DOCUMENT_FIELD_NAMES = [
  'documentType',
  'vendorName',
  'vendorVat',
  'vendorIban',
  'vendorEmail',
  'invoiceNumber',
  'invoiceDate',
  'dueDate',
  'currency',
  'amountUntaxed',
  'amountTax',
  'amountTotal',
  'amountDue',
  'poNumber',
] as const;
export const DocFieldName = z.enum(DOCUMENT_FIELD_NAMES);
export type DocFieldName = z.infer<typeof DocFieldName>;

/** Clean documents (no correction) after which a vendor may be promoted to automatic drafting. */
export const AUTO_DRAFT_MIN_CLEAN = 3;

/** Fractions of the page (0..1, origin top-left). */
export const DocBox = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() });
export type DocBox = z.infer<typeof DocBox>;
export const DocSourceRegion = z.object({ page: z.number().int(), box: DocBox });
export type DocSourceRegion = z.infer<typeof DocSourceRegion>;

export const DocFieldOrigin = z.enum(['xml', 'text', 'ocr', 'template', 'llm', 'user']);
export type DocFieldOrigin = z.infer<typeof DocFieldOrigin>;

const field = <T extends z.ZodType>(value: T) =>
  z.object({ value, confidence: z.number().min(0).max(1), origin: DocFieldOrigin, source: DocSourceRegion.optional() });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const DocExtractedFields = z.object({
  documentType: field(z.enum(['invoice', 'credit-note'])).optional(),
  vendorName: field(z.string()).optional(),
  vendorVat: field(z.string()).optional(),
  vendorIban: field(z.string()).optional(),
  vendorEmail: field(z.string()).optional(),
  invoiceNumber: field(z.string()).optional(),
  invoiceDate: field(isoDate).optional(),
  dueDate: field(isoDate).optional(),
  currency: field(z.string()).optional(),
  amountUntaxed: field(z.number()).optional(),
  amountTax: field(z.number()).optional(),
  amountTotal: field(z.number()).optional(),
  amountDue: field(z.number()).optional(),
  poNumber: field(z.string()).optional(),
});
export type DocExtractedFields = z.infer<typeof DocExtractedFields>;

export const DocExtractedLine = z.object({
  description: z.string().max(2000),
  quantity: z.number().optional(),
  unitPrice: z.number().optional(),
  amount: z.number(),
  taxRate: z.number().optional(),
  source: DocSourceRegion.optional(),
  /** 0..1, set when a learned vendor layout read the line (origin 'template') */
  confidence: z.number().min(0).max(1).optional(),
  origin: DocFieldOrigin.optional(),
});
export type DocExtractedLine = z.infer<typeof DocExtractedLine>;

export const DocExtraction = z.object({
  status: z.enum(['ok', 'not-invoice']),
  method: z.enum(['e-invoice', 'text-layer', 'ocr', 'llm']),
  format: z.string().optional(),
  pageCount: z.number().int(),
  fields: DocExtractedFields,
  lines: z.array(DocExtractedLine),
  warnings: z.array(z.string()),
});
export type DocExtraction = z.infer<typeof DocExtraction>;

export const DocumentStatus = z.enum(['queued', 'processing', 'done', 'not-invoice', 'error', 'cancelled', 'drafted']);
export type DocumentStatus = z.infer<typeof DocumentStatus>;

export const DocProgress = z.object({
  stage: z.enum(['read', 'e-invoice', 'text', 'ocr', 'fields', 'llm', 'match']),
  page: z.number().int().optional(),
  pages: z.number().int().optional(),
});
export type DocProgress = z.infer<typeof DocProgress>;

export const DuplicateBill = z.object({
  /** number: same vendor and invoice number; date-amount: same vendor, invoice date and total */
  kind: z.enum(['number', 'date-amount']),
  /** a bill already in Odoo (cache) */
  moveId: z.number().optional(),
  moveName: z.string().optional(),
  /** another document in the queue */
  documentId: z.number().optional(),
});
export type DuplicateBill = z.infer<typeof DuplicateBill>;

export const DocumentSummary = z.object({
  id: z.number(),
  fileName: z.string(),
  mime: z.string(),
  sha256: z.string(),
  /** bytes */
  size: z.number(),
  status: DocumentStatus,
  progress: DocProgress.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  documentType: z.enum(['invoice', 'credit-note']).optional(),
  method: z.enum(['e-invoice', 'text-layer', 'ocr', 'llm']).optional(),
  vendorName: z.string().optional(),
  partnerId: z.number().optional(),
  invoiceNumber: z.string().optional(),
  invoiceDate: z.string().optional(),
  amountTotal: z.number().optional(),
  currency: z.string().optional(),
  /** the lowest confidence among the extracted fields */
  minConfidence: z.number().optional(),
  /** how many warnings the extraction carries */
  warnings: z.number(),
  duplicateBill: DuplicateBill.optional(),
  billOutboxId: z.number().optional(),
  /** the outbox state of the bill: pending until pushed, applied once it is in Odoo */
  billState: z.enum(['pending', 'applying', 'applied', 'failed', 'conflict', 'discarded']).optional(),
  /** the account.move id once the draft bill is in Odoo */
  billMoveId: z.number().optional(),
  /** the draft bill was created automatically (vendor promoted to auto-draft) */
  autoDrafted: z.boolean().optional(),
  createdAt: z.string(),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const VendorMatchedBy = z.enum(['vat', 'iban', 'email', 'domain', 'name']);
export type VendorMatchedBy = z.infer<typeof VendorMatchedBy>;

export const VendorMatchView = z.object({
  partnerId: z.number().optional(),
  partnerName: z.string().optional(),
  matchedBy: VendorMatchedBy.nullable(),
  score: z.number().optional(),
  /** best first; empty when no partner resembles the vendor (offer to create it) */
  candidates: z.array(z.object({ partnerId: z.number(), name: z.string(), score: z.number(), matchedBy: VendorMatchedBy })),
  /** the user chose this partner (documents:correct / create-bill) rather than the matcher */
  chosenByUser: z.boolean().optional(),
});
export type VendorMatchView = z.infer<typeof VendorMatchView>;

export const PoLineStatus = z.enum(['ok', 'over-billed', 'not-received', 'price-variance', 'unmatched']);
export type PoLineStatus = z.infer<typeof PoLineStatus>;

export const PoCheck = z.object({
  poId: z.number(),
  poName: z.string(),
  status: z.enum(['ok', 'mismatch']),
  lines: z.array(
    z.object({
      description: z.string(),
      billedQty: z.number().nullable(),
      receivedQty: z.number().nullable(),
      orderedQty: z.number().nullable(),
      billedPrice: z.number().nullable(),
      poPrice: z.number().nullable(),
      priceVariancePct: z.number().nullable(),
      status: PoLineStatus,
      poLineId: z.number().optional(),
    }),
  ),
  /** plain sentences for the mismatches */
  messages: z.array(z.string()).optional(),
});
export type PoCheck = z.infer<typeof PoCheck>;

const nullableString = z.string().nullable();
const nullableNumber = z.number().nullable();

/** The public JSON of one extracted file (`smart-odoo extract --json`; also in documents:get). */
export const ExtractJson = z.object({
  file: z.string(),
  status: z.enum(['ok', 'not-invoice', 'error']),
  documentType: z.enum(['invoice', 'credit-note']).nullable(),
  vendor: z.object({ name: nullableString, vat: nullableString, iban: nullableString, email: nullableString, partnerId: nullableNumber }),
  invoiceNumber: nullableString,
  invoiceDate: nullableString,
  dueDate: nullableString,
  currency: nullableString,
  amountUntaxed: nullableNumber,
  amountTax: nullableNumber,
  amountTotal: nullableNumber,
  amountDue: nullableNumber,
  poNumber: nullableString,
  lines: z.array(
    z.object({ description: z.string(), quantity: nullableNumber, unitPrice: nullableNumber, amount: z.number(), taxRate: nullableNumber }),
  ),
  /** per extracted field, 0..1 */
  confidence: z.record(z.string(), z.number()),
  warnings: z.array(z.string()),
  method: z.enum(['e-invoice', 'text-layer', 'ocr', 'llm']).nullable(),
  pageCount: z.number().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type ExtractJson = z.infer<typeof ExtractJson>;

export const DocUsage = z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() });

export const DocumentDetail = z.object({
  summary: DocumentSummary,
  /** null while queued/processing or when extraction failed */
  extraction: DocExtraction.nullable(),
  pages: z.array(z.object({ page: z.number().int(), width: z.number(), height: z.number(), source: z.enum(['text-layer', 'ocr']).optional() })),
  vendor: VendorMatchView,
  po: PoCheck.nullable(),
  duplicates: z.array(DuplicateBill),
  json: ExtractJson,
  usage: DocUsage.optional(),
  /** fields the user corrected on this document */
  corrected: z.array(DocFieldName),
});
export type DocumentDetail = z.infer<typeof DocumentDetail>;

export const VendorStats = z.object({
  partnerId: z.number(),
  name: z.string(),
  documents: z.number(),
  correctedFields: z.number(),
  /** fields right without correction / fields, over the vendor's reviewed documents; null before any */
  accuracy: z.number().nullable(),
  /** documents in a row (newest back) without a correction */
  cleanStreak: z.number(),
  autoDraft: z.boolean(),
  /** fields a learned template fills for this vendor */
  templateFields: z.array(DocFieldName),
  /** the vendor's line-item table layout was learned (from a correction of its lines) */
  lineTable: z.boolean().optional(),
});
export type VendorStats = z.infer<typeof VendorStats>;

const id = z.number().int().positive();

const CreateVendor = z
  .object({
    name: z.string().trim().min(1).max(500),
    vat: z.string().trim().max(50).optional(),
    iban: z.string().trim().max(50).optional(),
    email: z.string().trim().max(320).optional(),
  })
  .strict();

export const documentsCalls = {
  'documents:add': call(
    'Queue files (PDF, PNG, JPG, TIFF, UBL/CII XML) for extraction; a file already added (same content) returns the existing document.',
    z
      .object({
        files: z
          .array(z.object({ fileName: z.string().min(1).max(500), contentBase64: z.string().min(1).max(70_000_000) }).strict())
          .min(1)
          .max(500),
        /** tesseract languages for scans, e.g. 'eng+deu+fra' */
        langs: z.string().regex(/^[a-z_]{3,8}(\+[a-z_]{3,8})*$/).optional(),
      })
      .strict(),
    z.object({ documents: z.array(z.object({ id: z.number(), fileName: z.string(), status: DocumentStatus, duplicateOf: z.number().optional() })) }),
  ),
  'documents:list': call(
    'Documents in the queue, newest first.',
    z.object({ status: DocumentStatus.optional(), limit: z.number().int().min(1).max(5000).default(500) }).strict(),
    z.object({ documents: z.array(DocumentSummary) }),
  ),
  'documents:get': call(
    'One document: the extraction with confidence and source regions, vendor and purchase-order matches, duplicates, and its CLI JSON.',
    z.object({ id }).strict(),
    DocumentDetail,
  ),
  'documents:file': call('The original file of a document (for display).', z.object({ id }).strict(), z.object({ mime: z.string(), fileName: z.string(), contentBase64: z.string() })),
  'documents:page-words': call(
    'The words of one page with their boxes (click a word to take it as a field value).',
    z.object({ id, page: z.number().int().min(1) }).strict(),
    z.object({ page: z.number(), words: z.array(z.object({ text: z.string(), box: DocBox })) }),
  ),
  'documents:correct': call(
    'Correct one field (or the lines) of a document; the correction is stored and teaches the vendor template.',
    z.union([
      z.object({ id, field: DocFieldName, value: z.union([z.string().max(2000), z.number(), z.null()]) }).strict(),
      z.object({ id, lines: z.array(DocExtractedLine).max(2000) }).strict(),
      /** choose the Odoo partner of the vendor by hand */
      z.object({ id, partnerId: id }).strict(),
    ]),
    DocumentDetail,
  ),
  'documents:cancel': call('Stop processing a queued or running document.', z.object({ id }).strict(), DocumentSummary),
  'documents:retry': call('Process a failed, cancelled or finished document again (corrections are kept).', z.object({ id }).strict(), DocumentSummary),
  'documents:remove': call('Remove a document and its file from the queue (corrections stay in the vendor template).', z.object({ id }).strict(), z.object({ id: z.number(), removed: z.boolean() })),
  'documents:create-bill': call(
    'Queue a draft vendor bill (or refund) in Odoo for the document, with lines, taxes, PO links and the file attached.',
    z
      .object({
        id,
        partnerId: id.optional(),
        createVendor: CreateVendor.optional(),
        /** create it even though a duplicate bill exists */
        force: z.boolean().default(false),
        /** send the outbox to Odoo right away (a push job) instead of waiting for the next sync */
        push: z.boolean().default(false),
      })
      .strict(),
    z.object({ outboxId: z.number(), vendorOutboxId: z.number().optional(), pushJobId: z.string().optional(), summary: DocumentSummary }),
  ),
  'documents:vendors': call('Vendors seen in documents: measured accuracy, clean streak, learned fields and auto-draft.', z.object({}).strict(), z.object({ vendors: z.array(VendorStats) })),
  'documents:vendor-set': call(
    `Promote a vendor to automatic drafting (after ${AUTO_DRAFT_MIN_CLEAN} clean documents) or demote it.`,
    z.object({ partnerId: id, autoDraft: z.boolean() }).strict(),
    VendorStats,
  ),
} as const;

export const documentsEvents = {
  'documents:changed': z.object({ id: z.number(), status: DocumentStatus, progress: DocProgress.optional() }),
} as const;
