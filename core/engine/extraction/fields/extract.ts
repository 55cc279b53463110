/**
 * Layout-aware field extraction with no model: labels (six languages) find values inline, to the right or
 * in the cell below; number and date formats are decided from the document's own evidence; amounts are
 * chosen jointly so net + tax = total when the page allows it; every field carries a confidence and the
 * region it was read from.
 */
import type { ExtractedField, ExtractedFields, ExtractedLine, FieldName, FieldValues, PageText, SourceRegion } from '../types';
import { addDays, detectDateOrder, findCompactDmy, findDates, normalizeOcrDates } from './dates';
import type { DateOrder } from './dates';
import { findEmails, findIbans, findVatIds } from './ids';
import { CURRENCY_CODES, CURRENCY_SYMBOLS, LABELS, LEGAL_FORM_RE, NAME_PREFIX_RE } from './labels';
import type { Label, LabelKind } from './labels';
import { buildLayout, region, wordsInRange } from './layout';
import type { Layout, Line, Segment } from './layout';
import { extractLineItems } from './line-items';
import { detectNumberFormat, findAmounts, round2 } from './numbers';
import type { NumberFormat } from './numbers';
import { runChecks } from './checks';

export type FieldsResult = { status: 'ok' | 'not-invoice'; fields: ExtractedFields; lines: ExtractedLine[]; warnings: string[] };

export type Ctx = {
  layout: Layout;
  fmt: NumberFormat;
  order: DateOrder;
  origin: 'text' | 'ocr';
  /** mean OCR confidence (1 for the text layer) */
  quality: number;
  /** amounts printed with two decimals, by their digits read as an integer (7.42 → 742) */
  decimals: Map<number, number>;
};

type Hit = { kind: LabelKind; weight: number; seg: Segment; end: number; start: number };
type Cand = { text: string; seg: Segment; offset: number; how: 'inline' | 'right' | 'below'; hit: Hit };
type Scored<T> = { value: T; score: number; source: SourceRegion; line: Line };

const HOW_FACTOR = { inline: 1, right: 0.95, below: 0.8 } as const;

const EXCLUDING = /\b(?:excl\.?|excluding|exclusive|exkl\.?|ohne|hors|sans|zonder|exclusief|sin|senza|before|w\/o|without)\b/i;
const INCLUDING = /\b(?:incl\.?|including|inclusive|inkl\.?|inclusief|ttc|con|avec)\b/i;

/** Label hits on every segment; on one segment only the strongest of the amount kinds survives. */
function findHits(layout: Layout): Hit[] {
  const hits: Hit[] = [];
  const amountKinds = new Set<LabelKind>(['total', 'untaxed', 'tax', 'prepaid', 'due']);
  for (const line of layout.lines) {
    for (const seg of line.segments) {
      const segHits: Hit[] = [];
      for (const [kind, labels] of Object.entries(LABELS) as [LabelKind, readonly Label[]][]) {
        let best: Hit | undefined;
        for (const l of labels) {
          const m = l.re.exec(seg.text);
          if (!m) continue;
          if (!best || l.weight > best.weight) best = { kind, weight: l.weight, seg, start: m.index, end: m.index + m[0].length };
        }
        if (best) segHits.push(best);
      }
      // "Total Sales (Excluding GST)": a total label that says "excluding" names the net amount
      if (EXCLUDING.test(seg.text) && !INCLUDING.test(seg.text)) {
        const t = segHits.find((h) => h.kind === 'total');
        if (t && !segHits.some((h) => h.kind === 'untaxed')) segHits.push({ ...t, kind: 'untaxed', weight: 0.95 });
        for (let i = segHits.length - 1; i >= 0; i--) if (segHits[i]?.kind === 'total' || segHits[i]?.kind === 'tax') segHits.splice(i, 1);
      }
      const amountMax = Math.max(0, ...segHits.filter((h) => amountKinds.has(h.kind) && h.kind !== 'due').map((h) => h.weight));
      for (const h of segHits) {
        if (amountKinds.has(h.kind) && h.kind !== 'due' && h.weight < amountMax) continue;
        hits.push(h);
      }
    }
  }
  return hits;
}

/** Where a label's value may be: after it in the segment, the next segments on the line, the cell below. */
function candidates(ctx: Ctx, hit: Hit, maxRight = 2): Cand[] {
  const out: Cand[] = [];
  const seg = hit.seg;
  const rest = seg.text.slice(hit.end);
  // separators between label and value; a minus directly before a digit is the value's sign, not one of them
  const lead = /^(?:[\s:#.=]|[-–](?!\d))*/.exec(rest)?.[0].length ?? 0;
  if (rest.slice(lead).trim()) out.push({ text: rest.slice(lead), seg, offset: hit.end + lead, how: 'inline', hit });
  const line = seg.line;
  const idx = line.segments.indexOf(seg);
  for (const s of line.segments.slice(idx + 1, idx + 1 + maxRight)) {
    const t = s.text.replace(/^(?:[\s:#.=]|[-–](?!\d))+/, '');
    // another label starts here (words, no digits): the value run ends
    const bare = t.replace(/\b(?:EUR|USD|GBP|CHF|INR|MYR|RM|Rs|TTC|HT|incl?|excl?)\b/gi, '');
    if (out.some((c) => c.how === 'right' || c.how === 'inline') && /\p{L}{3}/u.test(bare) && !/\d/.test(bare)) break;
    out.push({ text: t, seg: s, offset: s.text.length - t.length, how: 'right', hit });
  }
  // the cell below: next lines on the same page, horizontally overlapping the label
  const lines = ctx.layout.lines;
  let taken = 0;
  let last = line;
  for (let i = line.index + 1; i < lines.length && taken < 4; i++) {
    const l = lines[i];
    if (!l || l.page !== line.page) break;
    if (l.box.y - (last.box.y + last.box.h) > line.size * 3) break;
    const below = l.segments.find((s) => s.box.x < seg.box.x + seg.box.w + 0.02 && s.box.x + s.box.w > seg.box.x - 0.02);
    if (below) {
      if (taken > 0 && !/\d/.test(below.text)) break;
      out.push({ text: below.text, seg: below, offset: 0, how: 'below', hit });
      taken++;
      last = l;
    }
  }
  return out;
}

function srcOf(seg: Segment, start: number, end: number): SourceRegion {
  return region(seg.page, wordsInRange(seg, start, end).map((w) => w.box));
}

/** The text of a candidate with dates blanked out (their digits are not amounts). */
function maskDates(ctx: Ctx, text: string): string {
  let out = text;
  for (const d of findDates(text, ctx.order)) out = out.slice(0, d.index) + ' '.repeat(d.length) + out.slice(d.index + d.length);
  return out;
}

type AmountAt = { value: number; start: number; end: number; decimals: number; seg: Segment };

/** Amounts in a candidate, minus percentages, dates and bare years. */
function amountsIn(ctx: Ctx, c: Cand): AmountAt[] {
  const out: AmountAt[] = [];
  const text = maskDates(ctx, c.text);
  for (const a of findAmounts(text, ctx.fmt)) {
    const after = text.slice(a.index + a.length, a.index + a.length + 2);
    if (/^\s?%/.test(after)) continue;
    const before = text.slice(Math.max(0, a.index - 4), a.index);
    const money = /[€$£₹]|RM|Rs\.?|EUR|USD|CHF|INR|GBP/i.test(before + text.slice(a.index + a.length, a.index + a.length + 5));
    if (a.decimals === 0 && /^(19|20)\d{2}$/.test(a.raw) && !money) continue;
    if (a.decimals === 0 && !money && a.raw.replace(/\D/g, '').length > 7) continue;
    out.push({ value: a.value, start: c.offset + a.index, end: c.offset + a.index + a.length, decimals: a.decimals, seg: c.seg });
  }
  return out;
}

/** The value of an amount label: the right-most amount (2 decimals preferred) inline or in the segments to its right; else below. */
function bestAmountFor(ctx: Ctx, cands: Cand[]): { a: AmountAt; how: Cand['how'] } | undefined {
  const sameLine = cands.filter((c) => c.how !== 'below').flatMap((c) => amountsIn(ctx, c).map((a) => ({ a, how: c.how })));
  const pick = (list: { a: AmountAt; how: Cand['how'] }[]): { a: AmountAt; how: Cand['how'] } | undefined => {
    const dec = list.filter((x) => x.a.decimals === 2);
    const use = dec.length > 0 ? dec : list;
    return use[use.length - 1];
  };
  const inLine = pick(sameLine);
  if (inLine) return inLine;
  // a column under the label: one value, or per-rate rows closed by their sum (take the sum)
  const column = cands.filter((x) => x.how === 'below').map((c) => pick(amountsIn(ctx, c).map((a) => ({ a, how: c.how }))));
  const firstBelow = column[0];
  if (!firstBelow) return undefined;
  const run: { a: AmountAt; how: Cand['how'] }[] = [];
  for (const x of column) {
    if (!x) break;
    run.push(x);
  }
  for (let k = run.length - 1; k >= 2; k--) {
    const sum = run.slice(0, k).reduce((acc, x) => acc + x.a.value, 0);
    const kth = run[k];
    if (kth && Math.abs(sum - kth.a.value) <= 0.011 * k) return kth;
  }
  return firstBelow;
}

const NOT_TOTAL = /zuschl[äa]g|abschl[äa]g|rabatt|discount|allowance|charges?\b|skonto|remise|korting|descuento|sconto|anzahlung|acompte|prepaid|paid|bezahlt|betaald|pay[ée]|positionssumme|items?\b|artikel/i;

function amountCandidates(ctx: Ctx, hits: Hit[], kind: LabelKind): Scored<number>[] {
  const out: Scored<number>[] = [];
  for (const h of hits) {
    if (h.kind !== kind) continue;
    if (kind === 'tax' && /^\W*(?:id|nr|no|number|nummer|reg|n°|intracom|identification|ident)|-?id\.?-?nr/i.test(h.seg.text.slice(h.end, h.end + 12))) continue;
    if (kind === 'tax' && /(?:id|nr|no|n°)\.?\s*:?\s*$/i.test(h.seg.text.slice(Math.max(0, h.start - 8), h.start))) continue;
    if ((kind === 'total' || kind === 'untaxed') && h.weight < 1.05 && NOT_TOTAL.test(h.seg.text)) continue;
    if (kind === 'total' && inTaxSummary(ctx, h.seg.line)) {
      // "GST SUMMARY … TOTAL : 16.98 1.02": the summary's total row holds net and tax; their sum is the total
      const row = h.seg.line.segments.flatMap((seg) => (seg.box.x >= h.seg.box.x ? findAmounts(maskDates(ctx, seg === h.seg ? seg.text.slice(h.end).padStart(seg.text.length) : seg.text), ctx.fmt).filter((a) => a.decimals === 2).map((a) => ({ a, seg })) : []));
      const net = row[row.length - 2];
      const tax = row[row.length - 1];
      if (net && tax && Math.abs(tax.a.value) < Math.abs(net.a.value)) out.push({ value: round2(net.a.value + tax.a.value), score: h.weight * 0.85, source: region(h.seg.page, [net.seg.box, tax.seg.box]), line: h.seg.line });
      continue;
    }
    const best = bestAmountFor(ctx, candidates(ctx, h, 6));
    if (!best) continue;
    // "19 % UST (S)  -5,60": a tax word after a rate names a category row (a charge's tax code), not the tax total
    const rateCell = kind === 'tax' && /\d\s*%\s*$/.test(h.seg.text.slice(0, h.start));
    // "30 % d'acompte, solde à 30 j": a prepaid amount is money, printed with cents
    if (kind === 'prepaid' && best.a.decimals !== 2) continue;
    let score = h.weight * HOW_FACTOR[best.how] - (rateCell ? 0.3 : 0);
    let value = best.a.value;
    if (best.a.decimals !== 2) {
      // OCR often drops the decimal point ("742" for "7.42"): take the reading printed elsewhere with cents
      const repaired = ctx.origin === 'ocr' && Number.isInteger(value) && Math.abs(value) >= 100 ? ctx.decimals.get(Math.abs(value)) : undefined;
      if (repaired !== undefined) value = Math.sign(value) * repaired;
      else score -= 0.25;
    }
    out.push({ value, score, source: srcOf(best.a.seg, best.a.start, best.a.end), line: best.a.seg.line });
  }
  return out;
}

/** A line inside a "GST/VAT/tax summary" table (a few lines under its heading). */
function inTaxSummary(ctx: Ctx, line: Line): boolean {
  for (let i = line.index - 1; i >= Math.max(0, line.index - 5); i--) {
    const l = ctx.layout.lines[i];
    if (!l || l.page !== line.page) return false;
    if (/\b(?:gst|vat|tax)\s+summary\b/i.test(l.text)) return true;
  }
  return false;
}

function pickBest<T>(list: Scored<T>[]): Scored<T> | undefined {
  let best: Scored<T> | undefined;
  for (const s of list) if (!best || s.score > best.score) best = s;
  return best;
}

function dedupe(list: Scored<number>[], k: number): Scored<number>[] {
  const byValue = new Map<number, Scored<number>>();
  for (const s of list) {
    const key = round2(s.value);
    const prev = byValue.get(key);
    if (!prev || s.score > prev.score) byValue.set(key, { ...s, score: s.score + (prev ? 0.05 : 0) });
    else prev.score += 0.05;
  }
  return [...byValue.values()].sort((a, b) => b.score - a.score).slice(0, k);
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 0.011;

/** Chooses total, net and tax together: labelled scores plus a bonus when they add up. */
function chooseAmounts(ctx: Ctx, hits: Hit[]): { total?: Scored<number>; untaxed?: Scored<number>; tax?: Scored<number>; consistent: boolean } {
  const totals = dedupe(amountCandidates(ctx, hits, 'total'), 6);
  const nets = dedupe(amountCandidates(ctx, hits, 'untaxed'), 5);
  const taxes = dedupe(amountCandidates(ctx, hits, 'tax'), 5);
  const maxTotal = Math.max(0, ...totals.map((t) => Math.abs(t.value)));
  let best: { total?: Scored<number>; untaxed?: Scored<number>; tax?: Scored<number>; consistent: boolean; score: number } = { consistent: false, score: -1 };
  const opt = <T,>(l: T[]): (T | undefined)[] => [...l, undefined];
  for (const t of opt(totals)) {
    for (const n of opt(nets)) {
      for (const x of opt(taxes)) {
        let score = (t?.score ?? 0) + (n?.score ?? 0) * 0.6 + (x?.score ?? 0) * 0.5;
        let consistent = false;
        if (t && n && x && close(n.value + x.value, t.value) && x.value !== 0) {
          score += 1;
          consistent = true;
        } else if (t && n && x && close(n.value + x.value, t.value)) score += 0.1; // tax-exempt: net = total, tax 0
        else if (t && n && x) score -= 0.3;
        if (t && n && !x && close(n.value, t.value)) score += 0.1;
        if (t && n && Math.abs(n.value) > Math.abs(t.value) + 0.01) score -= 0.6;
        if (t && x && Math.abs(x.value) >= Math.abs(t.value) && t.value !== 0) score -= 0.6;
        if (t && Math.abs(t.value) === maxTotal) score += 0.15;
        if (score > best.score) best = { total: t, untaxed: n, tax: x, consistent, score };
      }
    }
  }
  // no labelled total: the largest amount next to a currency mark, low confidence
  if (!best.total) {
    const fb = fallbackTotal(ctx);
    if (fb) best.total = fb;
  }
  return { total: best.total, untaxed: best.untaxed, tax: best.tax, consistent: best.consistent };
}

function fallbackTotal(ctx: Ctx): Scored<number> | undefined {
  let best: Scored<number> | undefined;
  for (const line of ctx.layout.lines) {
    for (const seg of line.segments) {
      if (!/[€$£₹]|\b(?:EUR|USD|GBP|CHF|INR|RM|MYR)\b/.test(seg.text)) continue;
      for (const a of findAmounts(seg.text, ctx.fmt)) {
        if (a.decimals !== 2) continue;
        if (!best || Math.abs(a.value) > Math.abs(best.value)) best = { value: a.value, score: 0.3, source: srcOf(seg, a.index, a.index + a.length), line };
      }
    }
  }
  return best;
}

const ID_TOKEN = /^#?[A-Z0-9][A-Z0-9_\-/.#]*[A-Z0-9]$/i;
const NOT_ID = /^(date|datum|no|nr|n°|nº|num|number|nummer|numéro|numero|page|seite|invoice|rechnung|facture|factuur|from|vom|du|of|de|the|id)\.?:?$/i;

function idFrom(text: string, order: DateOrder): { value: string; start: number; end: number } | undefined {
  // "… des Versicherers (575) Nr. 01.234.567.8-2018-1": a number marker a little further on starts the id
  const marker = /(?:^|\s)(?:nr|no|n°|nº|number|nummer|num[ée]ro|#)\.?:?\s+(?=\S*\d)/i.exec(text.slice(0, 48));
  if (marker && marker.index > 0) {
    const skip = marker.index + marker[0].length;
    const inner = idFrom(text.slice(skip), order);
    if (inner) return { value: inner.value, start: inner.start + skip, end: inner.end + skip };
  }
  const re = /\S+/g;
  let n = 0;
  for (let m = re.exec(text); m && n < 4; m = re.exec(text), n++) {
    if (/^\(.*\)$/.test(m[0])) continue;
    const tok = m[0].replace(/[,;:)]+$/, '').replace(/^[(:\-–]+/, '').replace(/^n[°º]/i, '');
    if (NOT_ID.test(tok) || tok === '') continue;
    if (/^[-+]?\d{1,3}(?:[.,]\d{3})*[.,]\d{2}$/.test(tok)) return undefined;
    if (!ID_TOKEN.test(tok) || !/\d/.test(tok) || tok.length < 3) {
      if (/^[:#]$/.test(tok)) continue;
      return undefined;
    }
    if (findDates(tok, order).length > 0) return undefined;
    return { value: tok, start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

function idCandidates(ctx: Ctx, hits: Hit[], kind: LabelKind): Scored<string>[] {
  const out: Scored<string>[] = [];
  for (const h of hits) {
    if (h.kind !== kind) continue;
    for (const c of candidates(ctx, h, 1)) {
      const id = idFrom(c.text, ctx.order);
      if (!id) continue;
      const score = h.weight * HOW_FACTOR[c.how] - c.seg.line.index * 0.0005;
      out.push({ value: id.value, score, source: srcOf(c.seg, c.offset + id.start, c.offset + id.end), line: c.seg.line });
      break;
    }
  }
  return out;
}

const OTHER_DATE = /order|delivery|liefer|leistungs|bestell|service|period|zeitraum|from|\bto\b|\bbis\b|check|due|f[äa]llig|[ée]ch[ée]ance|verval|scadenza|vencimiento|birth|print|druck|commande|livraison|ordine|consegna|pedido|entrega|limite|paiement|payment|zahlung|betaling|pr[ée]l[èe]vement|r[èe]glement|virement|until|valid/i;

function dateCandidates(ctx: Ctx, hits: Hit[], kind: 'invoiceDate' | 'dueDate'): Scored<string>[] {
  const out: Scored<string>[] = [];
  for (const h of hits) {
    if (h.kind !== kind) continue;
    if (kind === 'invoiceDate' && h.weight < 1 && OTHER_DATE.test(h.seg.text.slice(Math.max(0, h.start - 14), h.end + 2))) continue;
    for (const c of candidates(ctx, h, 1)) {
      const d = findDates(ctx.origin === 'ocr' ? normalizeOcrDates(c.text) : c.text, ctx.order)[0];
      if (!d) continue;
      const score = h.weight * HOW_FACTOR[c.how] - (d.ambiguous ? 0.05 : 0) - c.seg.line.index * 0.0005;
      out.push({ value: d.iso, score, source: srcOf(c.seg, c.offset + d.index, c.offset + d.index + d.length), line: c.seg.line });
      break;
    }
  }
  return out;
}

function firstDateInDocument(ctx: Ctx): Scored<string> | undefined {
  for (const line of ctx.layout.lines) {
    for (const seg of line.segments) {
      const d = findDates(ctx.origin === 'ocr' ? normalizeOcrDates(seg.text) : seg.text, ctx.order)[0];
      if (d && !OTHER_DATE.test(seg.text.slice(0, d.index))) return { value: d.iso, score: 0.3, source: srcOf(seg, d.index, d.index + d.length), line };
    }
  }
  for (const line of ctx.layout.lines) {
    for (const seg of line.segments) {
      const d = findCompactDmy(seg.text);
      if (d) return { value: d.iso, score: 0.2, source: srcOf(seg, d.index, d.index + d.length), line };
    }
  }
  return undefined;
}

/** Lines that belong to the customer's block (after a buyer label, in its column, for a few lines). */
function buyerLines(ctx: Ctx, hits: Hit[]): Set<number> {
  const out = new Set<number>();
  for (const h of hits) {
    if (h.kind !== 'buyer') continue;
    const l0 = h.seg.line;
    out.add(l0.index);
    // an identifier of the buyer given inline ("Uw BTW nummer: NL00…", "Customer No: 4711") heads no address
    // block: the lines under it are not the buyer's (a vendor's footer may follow)
    if (/\d{3,}/.test(h.seg.text.slice(h.end))) continue;
    for (let i = l0.index + 1; i < Math.min(ctx.layout.lines.length, l0.index + 6); i++) {
      const l = ctx.layout.lines[i];
      if (!l || l.page !== l0.page) break;
      if (l.box.y - l0.box.y > l0.size * 8) break;
      if (l.segments.some((s) => Math.abs(s.box.x - h.seg.box.x) < 0.06)) out.add(i);
    }
  }
  return out;
}

const CODE_RE = new RegExp(`(?<![A-Za-z])(${CURRENCY_CODES.join('|')})(?![A-Za-z])`, 'g');

function currencyOf(ctx: Ctx, near: Line[], country: string | undefined, hits: Hit[]): Scored<string> | undefined {
  // "Rechnungswährung: GBP" / "Currency: USD" names it outright
  for (const h of hits) {
    if (h.kind !== 'currency') continue;
    for (const c of candidates(ctx, h, 1)) {
      const m = /^\s*:?\s*([A-Z]{3})\b/.exec(c.text);
      if (m?.[1] && (CURRENCY_CODES as readonly string[]).includes(m[1])) return { value: m[1], score: 1, source: srcOf(c.seg, c.offset + m.index, c.offset + m.index + m[0].length), line: c.seg.line };
    }
  }
  const counts = new Map<string, { n: number; source?: SourceRegion; line?: Line }>();
  const nearSet = new Set(near.map((l) => l.index));
  for (const line of ctx.layout.lines) {
    const w = nearSet.has(line.index) ? 3 : 1;
    for (const seg of line.segments) {
      const text = seg.text;
      for (const m of text.matchAll(CODE_RE)) {
        const code = m[1] ?? '';
        {
          const c = counts.get(code) ?? { n: 0 };
          c.n += w * 1.2;
          c.source ??= srcOf(seg, m.index ?? 0, (m.index ?? 0) + code.length);
          c.line ??= line;
          counts.set(code, c);
        }
      }
      for (const [re, code] of CURRENCY_SYMBOLS) {
        const m = re.exec(text);
        if (!m) continue;
        // OCR reads a 5 as "$": "Karnataka, India - $60067" is a postcode, not dollars (no cents, no grouping)
        if (ctx.origin === 'ocr' && m[0] === '$' && /^\$\d{5,}(?![\d.,])/.test(text.slice(m.index))) continue;
        const c = counts.get(code) ?? { n: 0 };
        c.n += w;
        c.source ??= srcOf(seg, m.index, m.index + m[0].length);
        c.line ??= line;
        counts.set(code, c);
        if (code !== 'USD' && code !== 'EUR') continue;
      }
    }
  }
  // "$" is counted as USD; a more specific dollar (A$, C$, S$) or code beats it
  let best: [string, { n: number; source?: SourceRegion; line?: Line }] | undefined;
  let total = 0;
  for (const e of counts) {
    total += e[1].n;
    if (!best || e[1].n > best[1].n) best = e;
  }
  if (best?.[1].source && best[1].line) return { value: best[0], score: Math.min(1, 0.55 + (best[1].n / Math.max(1, total)) * 0.45), source: best[1].source, line: best[1].line };
  const byCountry: Record<string, string> = { DE: 'EUR', FR: 'EUR', NL: 'EUR', BE: 'EUR', AT: 'EUR', IT: 'EUR', ES: 'EUR', LU: 'EUR', IE: 'EUR', FI: 'EUR', PT: 'EUR', GB: 'GBP', CH: 'CHF', PL: 'PLN', IN: 'INR', MY: 'MYR', US: 'USD' };
  const cur = country ? byCountry[country] : undefined;
  const anyLine = ctx.layout.lines[0];
  if (cur && anyLine) return { value: cur, score: 0.4, source: { page: anyLine.page, box: anyLine.box }, line: anyLine };
  return undefined;
}

/** A document title, not a name: "TAX INVOICE", "SIMPLIFIED TAX INVOICE", "Retail Invoices/Bill", "Kopie factuur" */
const TITLE_WORD = String.raw`(?:invoices?|rechnung|facture|factuur|factura|fattura|receipts?|bill|credit\s+note|gutschrift|avoir|quittung|original|copy|kopie|duplicate)`;
const TITLE_ONLY = new RegExp(String.raw`^(?:(?:simplified|full|official|cash|retail|pro-?\s?forma|tax|payment|sales|commercial|handels|kopie|copy|original)\s+)*(?:${TITLE_WORD}(?:\s*[/&]\s*${TITLE_WORD})?|page\s*\d.*|seite\s*\d.*)\W*$`, 'i');
const ADDRESS_LIKE = /\b\d{4,5}\b|str(?:a(?:ss|ß)e|\.)|street|\bst\b|road|\brd\b|avenue|\bave\b|weg\b|laan\b|straat|plein|rue\b|via\b|calle|jalan|\bno\.?\s*\d|\btel\b|phone|\bfax\b|www\.|https?:|@|p\.?o\.?\s*box/i;

function cleanName(s: string): string {
  return s
    .replace(/^(?:from|seller|supplier|vendor|verk[äa]ufer|lieferant|fournisseur|leverancier|proveedor|fornitore|name|nom|naam|nombre|nome|firma|company|raison\s+sociale)\s*:\s*/i, '')
    .replace(/^(?:(?:tax\s+)?invoice|rechnung|facture|factuur|factura|fattura|receipt|payment\s+receipt)\s+/i, '')
    .replace(/\s+(?:(?:tax\s+)?invoice|rechnung|facture|factuur|factura|fattura|payment\s+receipt|receipt)$/i, '')
    .replace(/\s*[|•·].*$/, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/\b(SDN\.?\s*)[E8]HD\b/g, '$1BHD') // OCR reads the B of "SDN BHD" as E or 8
    .replace(/(?<![\p{L}\d])[5S]\/[8B](?![\p{L}\d])/gu, 'S/B') // … and the S of "S/B" (Sendirian Berhad) as 5
    .replace(/[\s,;:-]+$/, '')
    .trim();
}

/** "Owned By : X SDN BHD", "Licensee of McDonald's", "operated by …": what follows names an owner or licensor,
 * not the business the document is from (OCR may split "Ow ned By") */
const OWNER_MARK = /(?<!\p{L})(?:(?:ow\s?)?n|operat|manag|franchis)ed\s+by(?!\p{L})|(?<!\p{L})(?:licen[cs]ee|franchisee|(?:a\s+)?(?:division|subsidiary))\s+of(?!\p{L})/iu;

/** Lines naming an owner or licensor: the marker's own line, and the next one when the name follows there. */
function ownerLines(lines: Line[]): Set<number> {
  const out = new Set<number>();
  for (const line of lines) {
    for (const seg of line.segments) {
      const m = OWNER_MARK.exec(seg.text);
      if (!m) continue;
      out.add(line.index);
      const rest = seg.text.slice(m.index + m[0].length);
      if (!/\p{L}{2}/u.test(rest)) out.add(line.index + 1);
    }
  }
  return out;
}

/** A line of one-word letter-only segments ("SIN  THYE  &  COMPANY": wide spacing on a receipt) as one segment. */
function wholeLine(line: Line): Segment | undefined {
  if (line.segments.length < 2 || line.text.length > 60 || !line.segments.every((s) => !/[\d:]/.test(s.text) && s.words.length === 1)) return undefined;
  const words = line.segments.flatMap((s) => s.words);
  const offsets: number[] = [];
  let text = '';
  for (const w of words) {
    if (text) text += ' ';
    offsets.push(text.length);
    text += w.text;
  }
  return { text, words, offsets, box: line.box, page: line.page, line };
}

function vendorCandidates(ctx: Ctx, hits: Hit[], buyer: Set<number>, emailDomain: string | undefined, vatLine: Line | undefined): Scored<string>[] {
  const out: Scored<string>[] = [];
  const lines = ctx.layout.lines;
  const firstPage = lines.filter((l) => l.page === (lines[0]?.page ?? 1));
  const owners = ownerLines(firstPage);
  const maxSize = Math.max(0, ...firstPage.filter((l) => l.box.y < 0.35).map((l) => l.size));
  // segments that are a label ("Total", "Invoice No: 12"), not a name with a label word inside ("RELAIS TOTAL OULMES")
  const labelled = new Set(hits.filter((h) => h.kind !== 'seller' && h.kind !== 'invoiceTitle' && (h.start === 0 || !/\p{L}{2}/u.test(h.seg.text.slice(h.end)))).map((h) => h.seg));
  const add = (seg: Segment, text: string, score: number): void => {
    if (TITLE_ONLY.test(text.trim())) return;
    const name = cleanName(text);
    if (name.length < 2 || (name.match(/\p{L}/gu) ?? []).length < 3 || TITLE_ONLY.test(name) || /[#_@]|^\W/.test(name)) return;
    let s = score;
    if (/\p{L}{2,}\s+\p{L}{2,}/u.test(name)) s += 0.03;
    if (/\p{L}:\s/u.test(name)) s -= 0.3;
    if (buyer.has(seg.line.index)) s -= 0.6;
    if (owners.has(seg.line.index)) s -= 0.4;
    if (emailDomain && name.toLowerCase().replace(/[^a-z0-9]/g, '').includes(emailDomain)) s += 0.25;
    if (LABEL_ONLY.test(name) || LABEL_END.test(name)) s -= 0.5;
    if (labelled.has(seg) && seg.text === text) s -= 0.5;
    if (ADDRESS_LIKE.test(name)) s -= 0.3;
    out.push({ value: name, score: s, source: region(seg.page, seg.words.map((w) => w.box)), line: seg.line });
  };
  for (const h of hits) {
    if (h.kind !== 'seller') continue;
    const inline = h.seg.text.slice(h.end).replace(/^[\s:]+/, '');
    if (inline.length > 1) {
      add(h.seg, inline, 0.9 * h.weight);
      continue;
    }
    // a heading ("Verkäufer", "Service Provider:"): the block under it — a "Name:" row, a legal form, else its first row
    const block: Segment[] = [];
    const l0 = h.seg.line;
    for (let i = l0.index + 1; i < Math.min(lines.length, l0.index + 5); i++) {
      const l = lines[i];
      if (!l || l.page !== l0.page || l.box.y - l0.box.y > l0.size * 8) break;
      const s0 = l.segments.find((s) => s.box.x < h.seg.box.x + h.seg.box.w + 0.02 && s.box.x + s.box.w > h.seg.box.x - 0.02);
      if (s0) block.push(s0);
    }
    const named = block.find((s) => /^(?:name|nom|naam|nombre|nome|firma)\s*:?$/i.test(s.text));
    if (named) {
      const right = named.line.segments[named.line.segments.indexOf(named) + 1];
      if (right) add(right, right.text, 0.95);
      continue;
    }
    const legal = block.find((s) => LEGAL_FORM_RE.test(s.text) && !/^\W*(?:\d|\()/.test(s.text));
    if (legal) add(legal, legal.text, 0.92);
    else if (block[0] && !/^[\s(]/.test(block[0].text)) add(block[0], block[0].text, 0.7);
  }
  for (const line of firstPage) {
    const whole = line.box.y < 0.35 ? wholeLine(line) : undefined;
    for (const seg of whole ? [...line.segments, whole] : line.segments) {
      const m = LEGAL_FORM_RE.exec(seg.text);
      if (!m || m.index === 0) continue;
      const text = seg.text.slice(0, m.index + m[0].length);
      const top = line.box.y < 0.3;
      const bottom = line.box.y > 0.8;
      // the legal entity heading the company block that carries the vendor's VAT id (a letterhead or footer:
      // name, address, e-mail, VAT, IBAN) is the vendor, whatever brand the page shows elsewhere
      const heads = vatLine !== undefined && vatLine.page === line.page && vatLine.index >= line.index && vatLine.index - line.index <= 4 && vatLine.box.y - line.box.y < 0.12;
      add(seg, text, (top ? 0.8 - line.box.y * 0.3 : bottom ? 0.6 : 0.45) + (heads ? 0.3 : 0));
    }
  }
  // a shop-word name ("RESTORAN …") in the header: above the document title unless that opens the page
  // ("RESTAURANT ORDER CHIT" further down is an item)
  const title = hits.find((h) => h.kind === 'invoiceTitle' && h.seg.page === firstPage[0]?.page && h.seg.line.box.y < 0.5);
  const headerEnd = title && title.seg.line !== firstPage.find((l) => /\p{L}{3}/u.test(l.text)) ? title.seg.line.index : Infinity;
  for (const line of firstPage) {
    if (line.box.y > 0.35 || line.index > headerEnd) continue;
    for (const seg of line.segments) if (NAME_PREFIX_RE.test(seg.text)) add(seg, seg.text, 0.75 - line.box.y * 0.3);
  }
  // the biggest type in the top block that is not a title, a label, a number or an address
  for (const line of firstPage) {
    if (line.box.y > 0.3) continue;
    for (const seg of line.segments) {
      if (/\d{3,}/.test(seg.text)) continue;
      const rel = maxSize > 0 ? line.size / maxSize : 0;
      if (rel < 0.8) continue;
      add(seg, seg.text, 0.35 + rel * 0.2 - line.box.y * 0.2);
    }
  }
  // a brand that is the start of the vendor's own web/e-mail domain ("OYO" … contactus@oyorooms.com)
  if (emailDomain && emailDomain.length >= 3) {
    const seen = new Set<string>();
    for (const line of firstPage) {
      for (const seg of line.segments) {
        for (const m of seg.text.matchAll(/(?<![\p{L}\d])(\p{Lu}[\p{L}&-]{2,})(?![\p{L}\d])/gu)) {
          const tok = m[1] ?? '';
          const low = tok.toLowerCase().replace(/[^a-z0-9]/g, '');
          if (low.length < 3 || seen.has(low) || !emailDomain.startsWith(low)) continue;
          seen.add(low);
          const sub = { ...seg, text: tok };
          add(sub, tok, 0.6 - line.box.y * 0.1);
        }
      }
    }
  }
  // the footer's first line when it is a short name on its own (letterhead footers)
  const footer = firstPage.filter((l) => l.box.y > 0.85 && l.segments.length === 1);
  const f0 = footer[0];
  const fs0 = f0?.segments[0];
  if (f0 && fs0 && f0.text.length <= 40 && !/\d/.test(f0.text) && /\p{Lu}{3}/u.test(f0.text)) add(fs0, f0.text, 0.5);
  // the first text line of the page (receipts, letterheads)
  // (past a title line such as "SIMPLIFIED TAX INVOICE"; a widely spaced line read whole)
  const top = firstPage.find((l) => l.segments.some((s) => /\p{L}{3}/u.test(s.text)) && !TITLE_ONLY.test(l.segments.map((s) => s.text).join(' ')));
  const topSeg = top ? (wholeLine(top) ?? top.segments[0]) : undefined;
  if (topSeg) add(topSeg, topSeg.text, 0.45);
  return out;
}

const SELF_BILLED = /selbst\s*(?:-\s*)?ausgestellte\s+rechnung|selbstfakturierung|gutschriftsverfahren|self[-\s]billed|self[-\s]billing|autofacturation|autofactura|autofattura/i;

/** "Hotel Details", "Customer Information": a section heading, not a name */
const LABEL_END = /\b(?:details|information|info|summary|address|adresse|name)\s*:?$/i;

const LABEL_ONLY = /^(?:date|datum|invoice|total|page|client|customer|kunde|klant|tel|phone|fax|e-?mail|iban|bic|vat|btw|tva|ust|mwst|order|bestellung)\b/i;

function put<K extends FieldName>(fields: ExtractedFields, name: K, s: Scored<FieldValues[K]> | undefined, ctx: Ctx, max = 1): void {
  if (!s) return;
  const confidence = Math.max(0.05, Math.min(max, s.score) * (ctx.origin === 'ocr' ? 0.6 + 0.4 * ctx.quality : 1));
  const f: ExtractedField<FieldValues[K]> = { value: s.value, confidence: round2(confidence), origin: ctx.origin, source: s.source };
  (fields as Record<string, unknown>)[name] = f;
}

export function extractFields(pages: PageText[], opts: { origin?: 'text' | 'ocr' } = {}): FieldsResult {
  const layout = buildLayout(pages);
  const texts = layout.lines.map((l) => l.text);
  const fmt = detectNumberFormat(texts);
  const usd = texts.some((t) => /\$\s?\d|\bUSD\b/.test(t)) && !texts.some((t) => /€|\bEUR\b|£|\bRM\b|\bMYR\b/.test(t));
  const order = detectDateOrder(texts, usd ? 'mdy' : 'dmy');
  const confs = pages.map((p) => p.conf).filter((c): c is number => typeof c === 'number');
  const origin = opts.origin ?? (pages.some((p) => p.source === 'ocr') ? 'ocr' : 'text');
  const decimals = new Map<number, number>();
  for (const t of texts) for (const a of findAmounts(t, fmt)) if (a.decimals === 2) decimals.set(Math.round(Math.abs(a.value) * 100), Math.abs(a.value));
  const ctx: Ctx = { layout, fmt, order, origin, quality: confs.length > 0 ? confs.reduce((a, b) => a + b, 0) / confs.length : 1, decimals };
  const warnings: string[] = [];
  const fields: ExtractedFields = {};
  const hits = findHits(layout);
  const buyer = buyerLines(ctx, hits);

  // identifiers anywhere: VAT, IBAN, e-mail (the vendor's, not the customer's)
  let vatBest: (Scored<string> & { valid: boolean }) | undefined;
  let ibanBest: Scored<string> | undefined;
  let emailBest: Scored<string> | undefined;
  for (const line of layout.lines) {
    for (const seg of line.segments) {
      const ibansHere = findIbans(seg.text);
      for (const v of findVatIds(seg.text)) {
        if (ibansHere.some((i) => v.index < i.index + i.length && v.index + v.length > i.index)) continue;
        let score = v.valid ? 0.9 : 0.45;
        if (buyer.has(line.index)) score -= 0.5;
        if (/(?:ust|vat|btw|tva|iva|mwst|steuer|tax)/i.test(line.text)) score += 0.05;
        if (/(?:your|ihre|votre|uw|client|kunde|customer|käufer|acheteur)/i.test(line.text)) score -= 0.4;
        if (!vatBest || score > vatBest.score) vatBest = { value: v.vat, score, valid: v.valid, source: srcOf(seg, v.index, v.index + v.length), line };
      }
      for (const i of ibansHere) {
        const score = buyer.has(line.index) ? 0.4 : 0.95;
        if (!ibanBest || score > ibanBest.score) ibanBest = { value: i.iban, score, source: srcOf(seg, i.index, i.index + i.length), line };
      }
      for (const e of findEmails(seg.text)) {
        let score = buyer.has(line.index) ? 0.3 : 0.8;
        if (/^(?:no-?reply|noreply)/i.test(e.email)) score -= 0.2;
        if (!emailBest || score > emailBest.score) emailBest = { value: e.email.toLowerCase(), score, source: srcOf(seg, e.index, e.index + e.length), line };
      }
    }
  }
  if (vatBest) {
    put(fields, 'vendorVat', vatBest, ctx);
    if (!vatBest.valid) warnings.push(`The VAT id ${vatBest.value} fails its check digits; check it for a typo or misread.`);
  }
  if (!ibanBest) {
    // a value printed under an "IBAN" label that fails mod-97: shown, with low confidence and a warning
    for (const h of hits) {
      if (h.kind !== 'iban' || buyer.has(h.seg.line.index)) continue;
      const c = candidates(ctx, h, 1).find((x) => x.how !== 'below');
      const m = c ? /^\s*:?\s*([A-Z]{2}\d{2}(?:\s?[A-Z0-9]{2,4}){3,8})\b/.exec(c.text) : null;
      if (c && m?.[1]) {
        const iban = m[1].replace(/\s+/g, '');
        ibanBest = { value: iban, score: 0.35, source: srcOf(c.seg, c.offset + m.index, c.offset + m.index + m[0].length), line: c.seg.line };
        warnings.push(`The IBAN ${iban} fails its checksum; check it for a typo or misread.`);
        break;
      }
    }
  }
  put(fields, 'vendorIban', ibanBest, ctx);
  put(fields, 'vendorEmail', emailBest, ctx);

  const number = pickBest(idCandidates(ctx, hits, 'invoiceNumber'));
  put(fields, 'invoiceNumber', number, ctx);
  const invoiceDate = pickBest(dateCandidates(ctx, hits, 'invoiceDate')) ?? firstDateInDocument(ctx);
  put(fields, 'invoiceDate', invoiceDate, ctx);
  let due = pickBest(dateCandidates(ctx, hits, 'dueDate').filter((d) => !invoiceDate || d.value >= invoiceDate.value));
  if (!due && invoiceDate) {
    for (const h of hits) {
      if (h.kind !== 'paymentTerms') continue;
      const m = LABELS.paymentTerms.map((l) => l.re.exec(h.seg.text)).find((x) => x);
      const days = Number(m?.[1]);
      // "Zahlbar innerhalb 30 Tagen netto bis 04.07.2013": the date the terms name beats our own arithmetic
      const named = m ? findDates(h.seg.text.slice(m.index + m[0].length, m.index + m[0].length + 40), ctx.order)[0] : undefined;
      if (m && named && named.iso >= invoiceDate.value) {
        const at = m.index + m[0].length + named.index;
        due = { value: named.iso, score: 0.7, source: srcOf(h.seg, at, at + named.length), line: h.seg.line };
        break;
      }
      if (Number.isFinite(days) && days >= 0 && days <= 365) {
        due = { value: addDays(invoiceDate.value, days), score: 0.6, source: srcOf(h.seg, h.start, h.end), line: h.seg.line };
        break;
      }
    }
  }
  put(fields, 'dueDate', due, ctx);
  put(fields, 'poNumber', pickBest(idCandidates(ctx, hits, 'poNumber')), ctx);

  const amounts = chooseAmounts(ctx, hits);
  const { total: t, untaxed: n, tax: x } = amounts;
  if (t && n && x && !close(n.value + x.value, t.value)) {
    // net + tax ≠ total and no other reading adds up: the weaker of net and tax is taken for misread (a per-rate
    // row, a label split over lines that lost its own value) when the total and the stronger one give a value that
    // is printed on the page ("Steuerbetrag in EUR … -1,12"); otherwise the values stay as read and the checks
    // say the document does not add up
    const weakTax = x.score <= n.score;
    const v = round2(t.value - (weakTax ? n.value : x.value));
    const printedElsewhere = v !== 0 && ctx.decimals.has(Math.round(Math.abs(v) * 100));
    const fits = printedElsewhere && Math.sign(v) === Math.sign(t.value) && (weakTax ? Math.abs(v) < Math.abs(t.value) : Math.abs(v) <= Math.abs(t.value));
    if (fits) {
      const printed = weakTax ? x.value : n.value;
      if (weakTax) amounts.tax = { ...x, value: v, score: Math.min(t.score, n.score) * 0.6 };
      else amounts.untaxed = { ...n, value: v, score: Math.min(t.score, x.score) * 0.6 };
      warnings.push(`The ${weakTax ? 'tax' : 'net amount'} ${v.toFixed(2)} is the total ${t.value.toFixed(2)} minus the ${weakTax ? 'net amount' : 'tax'} read; the ${printed.toFixed(2)} read for it does not add up.`);
    }
  }
  put(fields, 'amountTotal', amounts.total, ctx);
  put(fields, 'amountUntaxed', amounts.untaxed, ctx);
  put(fields, 'amountTax', amounts.tax, ctx);
  if (!amounts.tax && amounts.total && amounts.untaxed && Math.abs(amounts.untaxed.value) <= Math.abs(amounts.total.value) + 0.001) {
    // net and total printed, no tax line: the tax is their difference (0 when they are equal)
    put(fields, 'amountTax', { ...amounts.total, value: round2(amounts.total.value - amounts.untaxed.value), score: Math.min(amounts.total.score, amounts.untaxed.score) * 0.6 }, ctx);
  }
  if (!amounts.untaxed && amounts.total && amounts.tax && Math.abs(amounts.tax.value) < Math.abs(amounts.total.value)) {
    // net = total − tax when only those two are printed (confidence below either)
    put(fields, 'amountUntaxed', { ...amounts.total, value: round2(amounts.total.value - amounts.tax.value), score: Math.min(amounts.total.score, amounts.tax.score) * 0.6 }, ctx);
  }
  const dueAmount = pickBest(amountCandidates(ctx, hits, 'due'));
  const prepaid = pickBest(amountCandidates(ctx, hits, 'prepaid'));
  if (dueAmount) put(fields, 'amountDue', dueAmount, ctx);
  else if (amounts.total) {
    const paid = prepaid && Math.abs(prepaid.value) <= Math.abs(amounts.total.value) && prepaid.value !== amounts.total.value ? prepaid.value : 0;
    put(fields, 'amountDue', { ...amounts.total, value: round2(amounts.total.value - paid), score: amounts.total.score * 0.8 }, ctx);
  }

  const nearTotals = [amounts.total?.line, amounts.untaxed?.line, amounts.tax?.line].filter((l): l is Line => l !== undefined);
  const country = vatBest?.value.slice(0, 2) ?? ibanBest?.value.slice(0, 2);
  put(fields, 'currency', currencyOf(ctx, nearTotals, country, hits), ctx);

  const domain = emailBest?.value.split('@')[1]?.split('.').slice(-2, -1)[0]?.toLowerCase().replace(/[^a-z0-9]/g, '');
  put(fields, 'vendorName', pickBest(vendorCandidates(ctx, hits, buyer, domain, vatBest && vatBest.score >= 0.8 ? vatBest.line : undefined)), ctx, 0.9);

  // credit note: a credit-note word in the title area (top of page 1, or big type)
  // a German "Gutschrift" that says it is self-billed ("Selbst ausgestellte Rechnung", type 389) is an invoice,
  // and a printed UNTDID 1001 code next to the title decides outright (381 credit note; 380/384/386/389 invoice)
  const credit = hits.find((h) => h.kind === 'creditNote' && h.seg.page === (layout.lines[0]?.page ?? 1) && (h.seg.line.box.y < 0.4 || h.seg.line.size >= 1.3 * medianSize(layout)) && !SELF_BILLED.test(h.seg.line.text) && !/\(\s*38[0469]\s*\)/.test(h.seg.line.text));
  const firstLine = layout.lines[0];
  if (credit) put(fields, 'documentType', { value: 'credit-note', score: 0.85, source: srcOf(credit.seg, credit.start, credit.end), line: credit.seg.line }, ctx);
  if (credit && (fields.amountTotal?.value ?? 0) < 0) {
    // a credit note states its amounts as positive (its type carries the sign): "-233,47" on an "Avoir" → 233.47
    for (const k of ['amountTotal', 'amountUntaxed', 'amountTax', 'amountDue'] as const) {
      const f = fields[k];
      if (f) f.value = -f.value;
    }
  }
  if (!credit && firstLine) put(fields, 'documentType', { value: 'invoice', score: 0.7, source: { page: firstLine.page, box: firstLine.box }, line: firstLine }, ctx);

  const lines = extractLineItems(ctx);
  runChecks(fields, lines, { prepaid: prepaid?.value, consistentTotals: amounts.consistent }, warnings);

  const title = hits.some((h) => h.kind === 'invoiceTitle' || h.kind === 'invoiceNumber' || h.kind === 'creditNote');
  const evidence = (fields.amountTotal ? 1 : 0) + (fields.invoiceNumber ? 1 : 0) + (fields.invoiceDate && fields.invoiceDate.confidence > 0.4 ? 0.5 : 0) + (title ? 1 : 0) + (fields.amountTax ? 0.5 : 0);
  const status = evidence >= 2 ? 'ok' : 'not-invoice';
  return { status, fields, lines, warnings };
}

function medianSize(layout: Layout): number {
  const s = layout.lines.map((l) => l.size).sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}
