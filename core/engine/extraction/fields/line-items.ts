/**
 * Line items from column alignment: a header row names the columns (description, quantity, unit price,
 * amount — six languages); rows below it up to the totals take their values from the column each number
 * sits under. Rows without numbers continue the previous description.
 */
import type { ExtractedLine } from '../types';
import type { Ctx } from './extract';
import { region } from './layout';
import type { Line, Segment } from './layout';
import { findAmounts } from './numbers';

/** Whole words, Unicode-aware (`\\b` is ASCII-only and fails next to "é"). */
const W = (alts: string): RegExp => new RegExp(`(?<![\\p{L}\\d])(?:${alts})(?![\\p{L}\\d])`, 'iu');
const COLS = {
  desc: W(String.raw`description|item|article|artikel|bezeichnung|beschreibung|produkt|product|leistung|omschrijving|d[ée]signation|libell[ée]|descripci[oó]n|concepto|descrizione|service|details?|particulars`),
  qty: W(String.raw`qty|quantity|menge|anzahl|aantal|quantit[ée]|qt[ée]|cantidad|cant\.?|quantit[àa]|qt[àa]|stk|units?|hours?`),
  price: W(String.raw`unit\s*price|price|preis|einzelpreis|e-preis|nettopreis|prijs(?:\s+per\s+stuk)?|prix(?:\s+unitaire)?|p\.?\s?u\.?(?:\s+ht)?|precio|prezzo|rate|tarif`),
  amount: W(String.raw`amount|total|betrag|gesamt(?:preis)?|nettobetrag|bedrag|totaal|montant(?:\s+ht)?|importe|importo|line\s+total|subtotal|net|netto|summe|prix\s+ht|prijs\s+incl\.?\s+btw`),
};
/** The first words of a line that ends a line table (subtotal, tax, payment …). */
export const STOP = /(?<![\p{L}\d])(?:sub\s*-?\s*total|subtotaal|zwischensumme|total|totaal|totale|summe|gesamt(?:betrag|summe)|netto(?:betrag)?|montant\s+ht|base\s+imponible|imponibile|sous-total|tax|taxe|taxes|vat|mwst|btw|tva|iva|umsatzsteuer\p{L}*|steuer\p{L}*|positionssumme|belegsumme\p{L}*|r[èe]glement|payment|zahlung\p{L}*)(?![\p{L}\d])/iu;

type Columns = { qty?: number; price?: number; amount?: number; descRight: number; header: Line };

function headerOf(lines: Line[]): Columns | undefined {
  for (const line of lines) {
    const kinds = new Map<string, Segment>();
    for (const seg of line.segments) {
      for (const [k, re] of Object.entries(COLS)) if (!kinds.has(k) && re.test(seg.text)) kinds.set(k, seg);
    }
    if (kinds.size < 2 || !kinds.has('amount') && !kinds.has('price')) continue;
    if (findAmounts(line.text, { decimal: '.', certainty: 0 }).some((a) => a.decimals === 2)) continue;
    const center = (s: Segment | undefined): number | undefined => (s ? s.box.x + s.box.w / 2 : undefined);
    const right = (s: Segment | undefined): number | undefined => (s ? s.box.x + s.box.w : undefined);
    const firstNumCol = Math.min(...[kinds.get('qty'), kinds.get('price'), kinds.get('amount')].filter((s): s is Segment => !!s).map((s) => s.box.x));
    return { qty: center(kinds.get('qty')), price: right(kinds.get('price')), amount: right(kinds.get('amount')) ?? right(kinds.get('price')), descRight: firstNumCol, header: line };
  }
  return undefined;
}

export function extractLineItems(ctx: Ctx): ExtractedLine[] {
  const out: ExtractedLine[] = [];
  const lines = ctx.layout.lines;
  const cols = headerOf(lines);
  if (!cols || cols.amount === undefined) return out;
  const amountCol = cols.amount;
  let pending: { desc: string; nums: { value: number; x: number; right: number; decimals: number; seg: Segment }[]; line: Line } | undefined;
  for (let i = cols.header.index + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) break;
    if (line.page !== cols.header.page && out.length === 0) break;
    const descSegs = line.segments.filter((s) => s.box.x + s.box.w <= cols.descRight + 0.01);
    const numSegs = line.segments.filter((s) => !descSegs.includes(s));
    const desc = descSegs.map((s) => s.text).join(' ').trim();
    if (STOP.test(descSegs[0]?.text ?? '') || (STOP.test(line.text) && numSegs.length > 0 && desc.length < 40)) break;
    const nums: { value: number; x: number; right: number; decimals: number; seg: Segment }[] = [];
    for (const s of numSegs) {
      if (/%/.test(s.text) && !/\d[.,]\d{2}\s*$/.test(s.text)) continue;
      for (const a of findAmounts(s.text, ctx.fmt)) nums.push({ value: a.value, x: s.box.x, right: s.box.x + s.box.w, decimals: a.decimals, seg: s });
    }
    if (nums.length === 0) {
      const last = out[out.length - 1];
      if (last && desc && line.box.y - (last.source?.box.y ?? 0) < 0.06 && out.length > 0) last.description = `${last.description} ${desc}`.trim();
      continue;
    }
    const amountCell = nums.filter((n) => Math.abs(n.right - amountCol) < 0.06).pop();
    if (!amountCell) {
      // a row whose amount sits on the next line (quantity and price first): keep it until the amount comes
      if (desc) pending = { desc, nums, line };
      continue;
    }
    const fromPending = pending;
    pending = undefined;
    const description = fromPending ? `${fromPending.desc} ${desc}`.trim() : desc;
    if (!description) continue;
    const boxes = [...(fromPending ? fromPending.line.words : []), ...line.words].map((w) => w.box);
    const item: ExtractedLine = { description, amount: amountCell.value, source: region(line.page, boxes) };
    const others = [...(fromPending?.nums ?? []), ...nums.filter((n) => n !== amountCell)];
    if (cols.qty !== undefined) {
      const q = others.filter((n) => Math.abs(n.x + (n.right - n.x) / 2 - cols.qty!) < 0.05)[0];
      if (q) item.quantity = q.value;
    }
    if (cols.price !== undefined) {
      const p = others.filter((n) => Math.abs(n.right - cols.price!) < 0.05 && n !== undefined).pop();
      if (p && p.value !== item.quantity) item.unitPrice = p.value;
    }
    out.push(item);
    if (out.length >= 500) break;
  }
  return out;
}
