import { isValidIban } from '../../../shared/iban';
import { checkVat, VAT_COUNTRIES } from '../../../shared/vat';
import type { ExtractedField, ExtractedFields, ExtractedLine, Extraction, FieldName, FieldValues, PageText, SourceRegion } from '../types';
import { locate } from './document-text';
import {
  compact,
  datesIn,
  fold,
  hasCurrency,
  hasDate,
  hasEmail,
  hasIdentifier,
  hasName,
  hasNumber,
  mentionsCreditNote,
  numbersIn,
  type DocumentEvidence,
} from './evidence';
import type { ToolInput } from './schema';

/** How one field was settled. */
export type FieldDecision = 'agreed' | 'llm' | 'kept' | 'rejected' | 'absent';

export type ReconcileResult = {
  extraction: Extraction;
  decisions: Partial<Record<FieldName, FieldDecision>>;
  linesFrom: 'llm' | 'deterministic';
  warnings: string[];
};

/** Confidence levels for values from Claude and for the rule-based values it disagrees with. */
export const CONFIDENCE = {
  agreed: 0.95,
  llmVerified: 0.8,
  llmReplacing: 0.7,
  disputedFactor: 0.8,
  arithmeticFailFactor: 0.6,
  /** a rule-based value at or above this is not replaced by a different value from Claude */
  strongRule: 0.75,
} as const;

const AMOUNTS = ['amountUntaxed', 'amountTax', 'amountTotal', 'amountDue'] as const;
type AmountField = (typeof AMOUNTS)[number];

const LABEL: Record<FieldName, string> = {
  documentType: 'document type',
  vendorName: 'vendor name',
  vendorVat: 'VAT id',
  vendorIban: 'IBAN',
  vendorEmail: 'e-mail',
  invoiceNumber: 'invoice number',
  invoiceDate: 'invoice date',
  dueDate: 'due date',
  currency: 'currency',
  amountUntaxed: 'net amount',
  amountTax: 'tax amount',
  amountTotal: 'total',
  amountDue: 'amount due',
  poNumber: 'PO number',
};

const NOT_PRINTED = 'it is not printed in the document';
const show = (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : JSON.stringify(v));
const near = (a: number, b: number, total = Math.max(Math.abs(a), Math.abs(b))) => Math.abs(a - b) <= Math.max(0.02, total * 0.0005);

function same<K extends FieldName>(k: K, a: FieldValues[K], b: FieldValues[K]): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 0.005;
  if (k === 'vendorName') return fold(String(a)).replace(/[^a-z0-9]/g, '') === fold(String(b)).replace(/[^a-z0-9]/g, '');
  if (k === 'vendorEmail') return String(a).toLowerCase() === String(b).toLowerCase();
  return compact(String(a)) === compact(String(b));
}

/** Is the value printed in the document (and otherwise plausible)? A reason when not. */
function verify<K extends FieldName>(k: K, v: FieldValues[K], ev: DocumentEvidence): string | null {
  switch (k) {
    case 'documentType':
      return v === 'credit-note' && !mentionsCreditNote(ev) ? 'the document does not call itself a credit note' : null;
    case 'vendorName':
      return hasName(ev, String(v)) ? null : NOT_PRINTED;
    case 'vendorVat': {
      if (!hasIdentifier(ev, String(v))) return NOT_PRINTED;
      const c = checkVat(String(v));
      return VAT_COUNTRIES.includes(c.country) && !c.valid ? 'its check digits do not match' : null;
    }
    case 'vendorIban':
      if (!hasIdentifier(ev, String(v))) return NOT_PRINTED;
      return isValidIban(String(v)) ? null : 'its check digits do not match';
    case 'vendorEmail':
      return hasEmail(ev, String(v)) ? null : NOT_PRINTED;
    case 'invoiceNumber':
    case 'poNumber':
      return hasIdentifier(ev, String(v)) ? null : NOT_PRINTED;
    case 'invoiceDate':
    case 'dueDate':
      return hasDate(ev, String(v)) ? null : NOT_PRINTED;
    case 'currency':
      return hasCurrency(ev, String(v)) ? null : 'neither the code nor its sign is printed in the document';
    default:
      return typeof v === 'number' && hasNumber(ev.numbers, v) ? null : NOT_PRINTED;
  }
}

/** Where a value from Claude is printed, for the review UI's highlight. */
function sourceOf<K extends FieldName>(k: K, v: FieldValues[K], pages: PageText[]): SourceRegion | undefined {
  if (typeof v === 'number') return locate(pages, (t) => hasNumber(numbersIn(t), v), 3);
  switch (k) {
    case 'invoiceDate':
    case 'dueDate':
      return locate(pages, (t) => datesIn(t).has(String(v)), 4);
    case 'vendorName': {
      const target = fold(String(v)).replace(/[^a-z0-9]/g, '');
      return locate(pages, (t) => fold(t).replace(/[^a-z0-9]/g, '') === target, 8);
    }
    case 'vendorEmail':
      return locate(pages, (t) => t.toLowerCase().includes(String(v).toLowerCase()), 2);
    case 'currency':
    case 'documentType':
      return undefined;
    default: {
      const target = compact(String(v));
      return locate(pages, (t) => compact(t) === target || (target.length >= 4 && compact(t).endsWith(target) && compact(t).length <= target.length + 12), 8);
    }
  }
}

/** Rule-based values that are exact or were confirmed by a person: Claude never overrides them. */
const authoritative = (f: ExtractedField<unknown>) => f.origin === 'xml' || f.origin === 'user' || f.origin === 'template';

/**
 * Merges Claude's answer into the rule-based extraction. A value from Claude is used only when it is
 * printed in the document (format variants allowed), passes its checks (IBAN and VAT check digits,
 * arithmetic) and does not contradict a strong rule-based value; otherwise the rule-based value stays,
 * with lower confidence and a warning where the two disagree. `suspicious` (the document contains text
 * addressed to an AI): Claude's values may confirm or fill gaps, never replace a rule-based value.
 */
export function reconcile(det: Extraction, llm: ToolInput, ev: DocumentEvidence, pages: PageText[], opts: { suspicious?: boolean } = {}): ReconcileResult {
  const fields: ExtractedFields = structuredClone(det.fields);
  const decisions: ReconcileResult['decisions'] = {};
  const warnings: string[] = [];
  const fromLlm = new Set<FieldName>();
  const set = <K extends FieldName>(k: K, f: ExtractedField<FieldValues[K]> | undefined) => {
    if (f) (fields as Record<string, unknown>)[k] = f;
    else delete (fields as Record<string, unknown>)[k];
  };

  const names = Object.keys(LABEL) as FieldName[];
  for (const k of names) {
    const value = llm[k] as FieldValues[typeof k] | null;
    const d = det.fields[k] as ExtractedField<FieldValues[typeof k]> | undefined;
    if (value === null || value === undefined) {
      decisions[k] = d ? 'kept' : 'absent';
      continue;
    }
    if (d && same(k, d.value, value)) {
      set(k, { ...d, confidence: Math.max(d.confidence, CONFIDENCE.agreed) });
      decisions[k] = 'agreed';
      continue;
    }
    if (d && authoritative(d)) {
      decisions[k] = 'kept';
      continue;
    }
    const problem = verify(k, value, ev);
    if (problem) {
      decisions[k] = 'rejected';
      if (d) {
        set(k, { ...d, confidence: d.confidence * CONFIDENCE.disputedFactor });
        warnings.push(`Claude read the ${LABEL[k]} as ${show(value)}, but ${problem}; kept ${show(d.value)} — please check.`);
      } else warnings.push(`Claude's ${LABEL[k]} ${show(value)} was not used: ${problem}.`);
      continue;
    }
    const source = sourceOf(k, value, pages);
    const llmField = (confidence: number): ExtractedField<FieldValues[typeof k]> => ({ value, confidence, origin: 'llm', ...(source ? { source } : {}) });
    if (!d) {
      set(k, llmField(CONFIDENCE.llmVerified));
      decisions[k] = 'llm';
      fromLlm.add(k);
      continue;
    }
    // both have a value and they differ
    const checksumOk = (k === 'vendorIban' && isValidIban(String(d.value))) || (k === 'vendorVat' && checkVat(String(d.value)).valid);
    // in a document that addresses an AI, Claude only confirms or fills gaps: it never overrides the rules
    if (checksumOk || d.confidence >= CONFIDENCE.strongRule || opts.suspicious) {
      decisions[k] = 'kept';
      set(k, { ...d, confidence: d.confidence * CONFIDENCE.disputedFactor });
      warnings.push(`Claude read the ${LABEL[k]} as ${show(value)}; kept ${show(d.value)} — please check.`);
    } else {
      set(k, llmField(CONFIDENCE.llmReplacing));
      decisions[k] = 'llm';
      fromLlm.add(k);
      warnings.push(`The ${LABEL[k]} ${show(d.value)} read by the layout rules was replaced by Claude's ${show(value)}, which is printed in the document.`);
    }
  }

  checkArithmetic(det, fields, fromLlm, decisions, warnings);
  checkDates(det, fields, fromLlm, decisions, warnings);

  const { lines, from } = chooseLines(det, llm, ev, fields, pages, warnings);
  const status: Extraction['status'] =
    det.status === 'ok' || (fields.amountTotal && (fields.invoiceNumber || fields.invoiceDate)) ? 'ok' : det.status;
  return {
    extraction: { ...det, status, fields, lines, warnings: [...det.warnings] },
    decisions,
    linesFrom: from,
    warnings,
  };
}

/** net + tax = total and due ≤ total; Claude's amounts that break them are taken back (fewest first). */
function checkArithmetic(
  det: Extraction,
  fields: ExtractedFields,
  fromLlm: Set<FieldName>,
  decisions: ReconcileResult['decisions'],
  warnings: string[],
): void {
  const llmAmounts = AMOUNTS.filter((k) => fromLlm.has(k));
  if (llmAmounts.length === 0) return;
  const val = (f: ExtractedFields, k: AmountField) => f[k]?.value;
  const consistent = (f: ExtractedFields): boolean => {
    const n = val(f, 'amountUntaxed');
    const t = val(f, 'amountTax');
    const total = val(f, 'amountTotal');
    const due = val(f, 'amountDue');
    if (n !== undefined && t !== undefined && total !== undefined && !near(Math.abs(n) + Math.abs(t), Math.abs(total))) return false;
    if (n !== undefined && t === undefined && total !== undefined && Math.abs(n) > Math.abs(total) + 0.02) return false;
    if (due !== undefined && total !== undefined && Math.abs(due) > Math.abs(total) + 0.02) return false;
    // a total of zero is not an invoice total, whatever a document says
    if (total !== undefined && Math.abs(total) < 0.005) return false;
    return true;
  };
  if (consistent(fields)) {
    for (const k of llmAmounts) {
      const f = fields[k];
      if (f) f.confidence = Math.max(f.confidence, 0.85);
    }
    return;
  }
  // smallest set of Claude's amounts to take back so that the arithmetic holds again
  const subsets: AmountField[][] = [];
  for (let mask = 1; mask < 1 << llmAmounts.length; mask++) subsets.push(llmAmounts.filter((_, i) => mask & (1 << i)));
  subsets.sort((a, b) => a.length - b.length);
  for (const revert of subsets) {
    const trial: ExtractedFields = { ...fields };
    for (const k of revert) {
      if (det.fields[k]) (trial as Record<string, unknown>)[k] = det.fields[k];
      else delete (trial as Record<string, unknown>)[k];
    }
    if (!consistent(trial)) continue;
    for (const k of revert) {
      const before = fields[k]?.value;
      if (det.fields[k]) (fields as Record<string, unknown>)[k] = { ...det.fields[k]!, confidence: det.fields[k]!.confidence * CONFIDENCE.disputedFactor };
      else delete (fields as Record<string, unknown>)[k];
      decisions[k] = 'rejected';
      fromLlm.delete(k);
      warnings.push(
        `Claude's ${LABEL[k]} ${show(before)} does not add up with the other amounts; ${det.fields[k] ? `kept ${show(det.fields[k]!.value)}` : 'left empty'} — please check.`,
      );
    }
    return;
  }
  for (const k of llmAmounts) {
    const f = fields[k];
    if (f) f.confidence *= CONFIDENCE.arithmeticFailFactor;
  }
  warnings.push('The amounts do not add up (net + tax ≠ total, or due > total); please check them.');
}

function checkDates(det: Extraction, fields: ExtractedFields, fromLlm: Set<FieldName>, decisions: ReconcileResult['decisions'], warnings: string[]): void {
  const inv = fields.invoiceDate?.value;
  const due = fields.dueDate?.value;
  if (!inv || !due || due >= inv || !fromLlm.has('dueDate')) return;
  const d = det.fields.dueDate;
  if (d) fields.dueDate = { ...d, confidence: d.confidence * CONFIDENCE.disputedFactor };
  else delete fields.dueDate;
  decisions.dueDate = 'rejected';
  warnings.push(`Claude's due date ${due} is before the invoice date ${inv}; ${d ? `kept ${d.value}` : 'left empty'}.`);
}

/** Claude's lines replace the rule-based ones only when every amount is printed and they add up. */
function chooseLines(
  det: Extraction,
  llm: ToolInput,
  ev: DocumentEvidence,
  fields: ExtractedFields,
  pages: PageText[],
  warnings: string[],
): { lines: ExtractedLine[]; from: 'llm' | 'deterministic' } {
  const keep = { lines: det.lines, from: 'deterministic' as const };
  if (llm.lines.length === 0) return keep;
  const unprinted = llm.lines.filter((l) => !hasNumber(ev.numbers, l.amount) || (l.unitPrice !== null && !hasNumber(ev.numbers, l.unitPrice)));
  if (unprinted.length > 0) {
    warnings.push(`${unprinted.length} of Claude's ${llm.lines.length} line(s) have amounts not printed in the document; the rule-based lines are kept.`);
    return keep;
  }
  const badProducts = llm.lines.filter((l) => l.quantity !== null && l.unitPrice !== null && !near(l.quantity * l.unitPrice, l.amount));
  if (badProducts.length > 0) {
    warnings.push(`${badProducts.length} of Claude's line(s) have quantity × unit price ≠ amount; the rule-based lines are kept.`);
    return keep;
  }
  const sum = llm.lines.reduce((s, l) => s + l.amount, 0);
  const net = fields.amountUntaxed?.value;
  const total = fields.amountTotal?.value;
  const target = net ?? total;
  if (target !== undefined && !near(Math.abs(sum), Math.abs(target)) && !(total !== undefined && near(Math.abs(sum), Math.abs(total)))) {
    warnings.push(`Claude's lines add up to ${sum.toFixed(2)}, not to the ${net !== undefined ? 'net amount' : 'total'} ${target.toFixed(2)}; the rule-based lines are kept.`);
    return keep;
  }
  if (target === undefined && det.lines.length > 0) return keep;
  const lines: ExtractedLine[] = llm.lines.map((l) => {
    const source = locate(pages, (t) => hasNumber(numbersIn(t), l.amount), 3);
    return {
      description: l.description,
      ...(l.quantity !== null ? { quantity: l.quantity } : {}),
      ...(l.unitPrice !== null ? { unitPrice: l.unitPrice } : {}),
      amount: l.amount,
      ...(l.taxRate !== null ? { taxRate: l.taxRate } : {}),
      ...(source ? { source } : {}),
    };
  });
  return { lines, from: 'llm' };
}
