/**
 * The second look at a scan: when the fields read from OCR'd pages leave the invoice date or the total
 * unread, the same pages are OCR'd once more with another binarisation (a global Otsu threshold instead
 * of the default soft one: on SROIE receipt scans it reads 3 of 4 dates the first pass lost as broken
 * tokens) and only the missing fields are taken from that reading. A value the first reading found is
 * never replaced. Scans with both fields found cost nothing extra; the second reading runs under the same
 * per-page OCR time limit and cancel signal as the first.
 */
import { AppError } from '../../shared/errors';
import { extractFields } from './fields/extract';
import type { Extraction, ExtractOptions, ExtractedFields, OcrInput, OcrOptions, PageText } from './types';

/** the fields worth a second OCR reading when missing */
export const SECOND_LOOK_FIELDS = ['invoiceDate', 'amountTotal'] as const;
/** the binarisation of the second reading */
export const SECOND_LOOK_THRESHOLD: NonNullable<OcrOptions['threshold']> = 'otsu';

export type SecondLookInput = {
  extraction: Extraction;
  /** every page the first extraction read (text-layer pages are kept as they are) */
  pages: PageText[];
  /** what the first OCR call read; undefined when nothing was OCR'd */
  input: OcrInput | undefined;
  options: ExtractOptions;
  /** the first reading's OCR settings (languages, per-page limit, cancel, dpi); its warnings list is not used */
  ocr: Omit<OcrOptions, 'onPage'>;
};

/** The fields a second reading would look for: those of SECOND_LOOK_FIELDS the extraction lacks. */
export function missingForSecondLook(fields: ExtractedFields): (typeof SECOND_LOOK_FIELDS)[number][] {
  return SECOND_LOOK_FIELDS.filter((f) => fields[f] === undefined);
}

/**
 * Returns `extraction` with missing date/total filled from a second OCR reading, or `extraction` itself
 * when no second reading is needed (no OCR, not an invoice, nothing missing) or it found nothing more.
 */
export async function secondLook(s: SecondLookInput): Promise<Extraction> {
  const { extraction, options } = s;
  if (!options.ocr || !s.input || extraction.method !== 'ocr' || extraction.status !== 'ok') return extraction;
  const missing = missingForSecondLook(extraction.fields);
  if (missing.length === 0) return extraction;
  if (options.signal?.aborted) throw new AppError('app/cancelled', 'The extraction was cancelled.');
  const warnings: string[] = [];
  const ocrOptions: OcrOptions = { ...s.ocr, warnings, threshold: SECOND_LOOK_THRESHOLD };
  const again = await options.ocr(s.input, ocrOptions);
  if (options.signal?.aborted) throw new AppError('app/cancelled', 'The extraction was cancelled.');
  // the second reading's own warnings (a page that timed out) are kept, marked as such
  const withWarnings = (fields: ExtractedFields): Extraction => ({ ...extraction, fields, warnings: [...extraction.warnings, ...warnings.map((w) => `second OCR reading: ${w}`)] });
  if (again.length === 0) return withWarnings(extraction.fields);
  // the re-read pages replace the first reading's pages of the same number; text-layer pages stay
  const reread = new Map(again.map((p) => [p.page, p]));
  const pages = s.pages.map((p) => (p.source === 'ocr' ? reread.get(p.page) ?? p : p));
  const second = extractFields(pages, { origin: 'ocr' }).fields;
  const fields: ExtractedFields = { ...extraction.fields };
  for (const f of missing) {
    const v = second[f];
    if (v !== undefined) (fields as Record<string, unknown>)[f] = v;
  }
  return withWarnings(fields);
}
