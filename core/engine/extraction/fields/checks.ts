/**
 * Arithmetic checks over the extracted amounts: lines → net, net + tax → total, total − prepaid → due, and
 * dates in order. Agreement raises the fields' confidence; disagreement lowers it and adds a warning.
 */
import type { ExtractedFields, ExtractedLine } from '../types';
import { round2 } from './numbers';

const close = (a: number, b: number, tol = 0.011): boolean => Math.abs(a - b) <= tol;

function scale(fields: ExtractedFields, name: 'amountUntaxed' | 'amountTax' | 'amountTotal' | 'amountDue', f: (c: number) => number): void {
  const field = fields[name];
  if (field && field.origin !== 'xml') field.confidence = round2(Math.max(0.05, Math.min(1, f(field.confidence))));
}

const linesSum = (lines: readonly ExtractedLine[]): number => round2(lines.reduce((s, l) => s + l.amount, 0));
/** rounding of each line's amount adds up: half a cent per line or so */
const linesTolerance = (lines: readonly ExtractedLine[]): number => Math.max(0.011, lines.length * 0.006);

export const LINES_WARNING_PREFIX = 'The line amounts add up to';

/** Lines → net (or the total when there is no net): null when they agree or nothing to compare, else the warning. */
export function linesWarning(lines: readonly ExtractedLine[], net: number | undefined, total: number | undefined): string | null {
  const target = net ?? total;
  if (lines.length === 0 || target === undefined) return null;
  const sum = linesSum(lines);
  const tol = linesTolerance(lines);
  if (close(sum, target, tol) || (total !== undefined && close(sum, total, tol))) return null;
  return `${LINES_WARNING_PREFIX} ${sum.toFixed(2)}, not the ${net !== undefined ? 'net amount' : 'total'} ${target.toFixed(2)}; some lines may be missing or misread.`;
}

export function runChecks(fields: ExtractedFields, lines: ExtractedLine[], extra: { prepaid?: number; consistentTotals?: boolean }, warnings: string[]): void {
  const net = fields.amountUntaxed?.value;
  const tax = fields.amountTax?.value;
  const total = fields.amountTotal?.value;
  const due = fields.amountDue?.value;
  const fmt = (n: number): string => n.toFixed(2);
  if (net !== undefined && tax !== undefined && total !== undefined) {
    if (close(net + tax, total)) {
      for (const n of ['amountUntaxed', 'amountTax', 'amountTotal'] as const) scale(fields, n, (c) => Math.max(c, 0.92));
    } else {
      warnings.push(`Net ${fmt(net)} plus tax ${fmt(tax)} is ${fmt(net + tax)}, not the total ${fmt(total)}.`);
      for (const n of ['amountUntaxed', 'amountTax', 'amountTotal'] as const) scale(fields, n, (c) => c * 0.7);
    }
  }
  if (lines.length > 0) {
    const w = linesWarning(lines, net, total);
    if (w) warnings.push(w);
    else if (net !== undefined && close(linesSum(lines), net, linesTolerance(lines))) scale(fields, 'amountUntaxed', (c) => Math.max(c, 0.9));
  }
  if (total !== undefined && due !== undefined && fields.amountDue?.origin !== 'xml') {
    const paid = extra.prepaid ?? 0;
    if (!close(total - paid, due) && !close(total, due)) warnings.push(`The amount due ${fmt(due)} is not the total ${fmt(total)} minus what was paid (${fmt(paid)}).`);
  }
  const d0 = fields.invoiceDate?.value;
  const d1 = fields.dueDate?.value;
  if (d0 && d1 && d1 < d0) {
    warnings.push(`The due date ${d1} is before the invoice date ${d0}.`);
    const f = fields.dueDate;
    if (f && f.origin !== 'xml') f.confidence = round2(f.confidence * 0.6);
  }
}
