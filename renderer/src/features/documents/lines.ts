import type { DocExtractedLine } from './documents.api';
import { parseAmount } from './fields';

/** A line item as the editor holds it: the typed text of each cell. */
export type Draft = { description: string; quantity: string; unitPrice: string; amount: string; taxRate: string; source?: DocExtractedLine['source'] };

export const toDraft = (l: DocExtractedLine): Draft => ({
  description: l.description,
  quantity: l.quantity === undefined ? '' : String(l.quantity),
  unitPrice: l.unitPrice === undefined ? '' : String(l.unitPrice),
  amount: String(l.amount),
  taxRate: l.taxRate === undefined ? '' : String(l.taxRate),
  ...(l.source ? { source: l.source } : {}),
});

/** Drafts back to lines, or the first problem as a sentence. */
export function draftsToLines(drafts: readonly Draft[]): { ok: true; lines: DocExtractedLine[] } | { ok: false; error: string } {
  const lines: DocExtractedLine[] = [];
  for (const [i, d] of drafts.entries()) {
    const n = i + 1;
    const description = d.description.trim();
    const opt = (raw: string, what: string): number | undefined | Error => {
      if (raw.trim() === '') return undefined;
      const v = parseAmount(raw);
      return v === null ? new Error(`Line ${n}: the ${what} is not a number.`) : v;
    };
    const quantity = opt(d.quantity, 'quantity');
    const unitPrice = opt(d.unitPrice, 'unit price');
    const taxRate = opt(d.taxRate, 'tax rate');
    let amount = opt(d.amount, 'amount');
    for (const v of [quantity, unitPrice, taxRate, amount]) if (v instanceof Error) return { ok: false, error: v.message };
    if (amount === undefined && typeof quantity === 'number' && typeof unitPrice === 'number') amount = Math.round(quantity * unitPrice * 100) / 100;
    if (amount === undefined || amount instanceof Error) return { ok: false, error: `Line ${n}: an amount is needed (or a quantity and a unit price).` };
    if (!description) return { ok: false, error: `Line ${n}: a description is needed.` };
    lines.push({
      description,
      amount,
      ...(typeof quantity === 'number' ? { quantity } : {}),
      ...(typeof unitPrice === 'number' ? { unitPrice } : {}),
      ...(typeof taxRate === 'number' ? { taxRate } : {}),
      ...(d.source ? { source: d.source } : {}),
    });
  }
  return { ok: true, lines };
}

