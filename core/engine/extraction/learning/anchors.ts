/**
 * Per-vendor templates learned from one correction. When the user corrects a field, the corrected value is
 * looked up in the document's page words; the label printed next to it ("Rechnungs-Nr.", "Invoice date")
 * becomes the rule's anchor, together with where the value sits relative to it (to the right on the same
 * line, or below) and how it is written (date order, decimal mark, the shape of a number). On the next
 * document from the vendor the anchor is found again and the value read beside it — no LLM, no network.
 * Vendor identity fields (name, VAT, IBAN, e-mail) and the currency are constant per vendor: a correction
 * of those is remembered as the value itself, applied when the pipeline repeats its mistake or finds nothing.
 */
import { findDates, type DateOrder } from '../fields/dates';
import { buildLayout, unionBox, type Line } from '../fields/layout';
import { findAmounts } from '../fields/numbers';
import type { Box, ExtractedField, Extraction, FieldName, FieldValues, PageText, SourceRegion, Word } from '../types';
import { LINES_WARNING_PREFIX, linesWarning } from '../fields/checks';
import { applyLineLayouts, type LineLayout } from './line-layout';

export type FieldKind = 'date' | 'amount' | 'code' | 'constant' | 'none';

/** How each field is learned: positional (date, amount, code) or as a constant of the vendor. */
export const FIELD_KIND: Record<FieldName, FieldKind> = {
  // an invoice and a credit note of the same vendor look alike: a correction teaches nothing general
  documentType: 'none',
  vendorName: 'constant',
  vendorVat: 'constant',
  vendorIban: 'constant',
  vendorEmail: 'constant',
  currency: 'constant',
  invoiceNumber: 'code',
  poNumber: 'code',
  invoiceDate: 'date',
  dueDate: 'date',
  amountUntaxed: 'amount',
  amountTax: 'amount',
  amountTotal: 'amount',
  amountDue: 'amount',
};

export type AnchorRule = {
  kind: 'anchor';
  /** the label's text, folded (lower case, letters and digits only) */
  label: string;
  /** the label as printed, for explanations */
  labelText: string;
  direction: 'right' | 'below';
  page: number;
  /** the label's box and the value's box when learned (page fractions) */
  anchorBox: Box;
  valueBox: Box;
  /** how the value is written */
  dateOrder?: DateOrder;
  decimal?: '.' | ',';
  /** the shape of a code ("INV-\d+"), letters and digits generalised */
  shape?: string;
  learnedAt: string;
};

export type ConstantRule = {
  kind: 'constant';
  value: string | number;
  /** what the pipeline read instead; the constant replaces it (or an empty field) */
  wrong: Array<string | number>;
  learnedAt: string;
};

export type TemplateRule = AnchorRule | ConstantRule;

/** `lines`: the vendor's learned line tables (./line-layout), newest first; absent in templates learned before. */
export type VendorTemplate = { version: 1; rules: Partial<Record<FieldName, TemplateRule[]>>; lines?: LineLayout[] };

export const emptyTemplate = (): VendorTemplate => ({ version: 1, rules: {} });

/** Rules kept per field (newest first): a vendor may print two layouts. */
const MAX_RULES = 3;

/** Lower case, accents folded, letters and digits only: "Rechnungs-Nr.:" → "rechnungsnr". */
export function foldLabel(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]/g, '');
}

/** Letters and digits only, upper case: how codes, VAT ids and IBANs compare. */
export const foldCode = (s: string): string => foldLabel(s).toUpperCase();

/** A value's shape with letters and digits generalised: "INV-2024/0017" → "[A-Za-z]+-\d+/\d+". */
export function codeShape(value: string): string {
  let out = '';
  let prev = '';
  for (const ch of value.trim()) {
    const cls = /\p{L}/u.test(ch) ? 'L' : /\d/.test(ch) ? 'D' : ch;
    if (cls === prev && (cls === 'L' || cls === 'D')) continue;
    out += cls === 'L' ? '\\p{L}+' : cls === 'D' ? '\\d+' : cls.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    prev = cls;
  }
  return out;
}

const hasLetter = (s: string) => /\p{L}/u.test(s);

type Found = { page: number; line: Line; start: number; end: number; box: Box; dateOrder?: DateOrder; decimal?: '.' | ',' };

/** Where `value` is printed: word ranges of a line whose text reads as the value under some format. */
function locate(kind: FieldKind, value: string | number, lines: Line[]): Found[] {
  const out: Found[] = [];
  for (const line of lines) {
    const ws = line.words;
    for (let i = 0; i < ws.length; i++) {
      let text = '';
      for (let j = i; j < Math.min(ws.length, i + 6); j++) {
        text = j === i ? (ws[j]?.text ?? '') : `${text} ${ws[j]?.text ?? ''}`;
        const hit = matches(kind, value, text);
        if (hit) {
          out.push({ page: line.page, line, start: i, end: j + 1, box: unionBox(ws.slice(i, j + 1).map((w) => w.box)), ...hit });
          break;
        }
      }
    }
  }
  // the shortest spans first (a value, not a value with its label glued on), then reading order
  return out.sort((a, b) => a.end - a.start - (b.end - b.start) || a.line.index - b.line.index || a.start - b.start);
}

function matches(kind: FieldKind, value: string | number, text: string): { dateOrder?: DateOrder; decimal?: '.' | ',' } | null {
  const t = text.trim();
  if (kind === 'date') {
    for (const order of ['dmy', 'mdy'] as const) {
      const hits = findDates(t, order);
      // the whole span is the date (a few characters of punctuation aside)
      if (hits.some((h) => h.iso === value && h.length >= t.replace(/^[^\p{L}\d]+|[^\p{L}\d]+$/gu, '').length - 1)) return { dateOrder: order };
    }
    return null;
  }
  if (kind === 'amount') {
    for (const decimal of ['.', ','] as const) {
      const stripped = t.replace(/^[^\d(−–-]+|[^\d)−–-]+$/g, '');
      if (stripped === '') continue;
      const hits = findAmounts(stripped, { decimal, certainty: 1 });
      if (hits.length === 1 && Math.abs(Math.abs(hits[0]!.value) - Math.abs(Number(value))) < 0.005) return { decimal };
    }
    return null;
  }
  if (kind === 'code') return foldCode(t) === foldCode(String(value)) && foldCode(t) !== '' ? {} : null;
  return null;
}

/** The label printed before the value on its line, or above it. */
function anchorOf(found: Found, lines: Line[]): { text: string; box: Box; direction: 'right' | 'below' } | null {
  const ws = found.line.words;
  // words to the left on the same line, back to a wide gap, at most four
  const left: Word[] = [];
  for (let k = found.start - 1; k >= 0 && left.length < 4; k--) {
    const w = ws[k]!;
    const next = left[0] ?? ws[found.start]!;
    if (next.box.x - (w.box.x + w.box.w) > 0.25) break;
    left.unshift(w);
  }
  // a label has letters; a run of amounts to the left is a table row, not a label
  while (left.length > 0 && !hasLetter(left[0]!.text)) left.shift();
  const leftText = left.map((w) => w.text).join(' ');
  if (left.length > 0 && foldLabel(leftText).length >= 2 && hasLetter(leftText)) {
    return { text: leftText, box: unionBox(left.map((w) => w.box)), direction: 'right' };
  }
  // the line above: words overlapping the value horizontally
  const above = lines.filter((l) => l.page === found.page && l.index < found.line.index && found.line.box.y - (l.box.y + l.box.h) < 0.06).pop();
  if (!above) return null;
  const vb = found.box;
  const over = above.words.filter((w) => w.box.x < vb.x + vb.w + 0.02 && w.box.x + w.box.w > vb.x - 0.02);
  const text = over.map((w) => w.text).join(' ');
  if (over.length === 0 || over.length > 5 || !hasLetter(text) || foldLabel(text).length < 2) return null;
  return { text, box: unionBox(over.map((w) => w.box)), direction: 'below' };
}

/**
 * A rule for `field` from its corrected value and the document's page words; null when the field is not
 * learned, or when the value is not printed in the document (nothing to anchor).
 */
export function learnRule(field: FieldName, value: string | number, pages: PageText[], wrong: string | number | undefined, at = new Date().toISOString()): TemplateRule | null {
  const kind = FIELD_KIND[field];
  if (kind === 'none') return null;
  if (kind === 'constant') return { kind: 'constant', value, wrong: wrong !== undefined && wrong !== value ? [wrong] : [], learnedAt: at };
  const layout = buildLayout(pages);
  for (const found of locate(kind, value, layout.lines)) {
    const anchor = anchorOf(found, layout.lines);
    if (!anchor) continue;
    return {
      kind: 'anchor',
      label: foldLabel(anchor.text),
      labelText: anchor.text.slice(0, 100),
      direction: anchor.direction,
      page: found.page,
      anchorBox: anchor.box,
      valueBox: found.box,
      ...(found.dateOrder ? { dateOrder: found.dateOrder } : {}),
      ...(found.decimal ? { decimal: found.decimal } : {}),
      ...(kind === 'code' ? { shape: codeShape(String(value)) } : {}),
      learnedAt: at,
    };
  }
  return null;
}

/** Adds a rule to a template (newest first; the same anchor or constant replaces its older self). */
export function addRule(t: VendorTemplate, field: FieldName, rule: TemplateRule): VendorTemplate {
  const old = t.rules[field] ?? [];
  let merged = rule;
  if (rule.kind === 'constant') {
    const prev = old.find((r): r is ConstantRule => r.kind === 'constant');
    if (prev) merged = { ...rule, wrong: [...new Set([...rule.wrong, ...prev.wrong.filter((w) => w !== rule.value)])].slice(0, 10) };
  }
  const rest = old.filter((r) => (rule.kind === 'constant' ? r.kind !== 'constant' : !(r.kind === 'anchor' && r.label === rule.label && r.direction === rule.direction)));
  return { ...t, rules: { ...t.rules, [field]: [merged, ...rest].slice(0, MAX_RULES) } };
}

type Read = { value: string | number; source: SourceRegion; exact: boolean };

/** Where a label occurs: word index ranges of lines whose folded words concatenate to the label. */
function findLabel(label: string, lines: Line[]): Array<{ line: Line; start: number; end: number }> {
  const out: Array<{ line: Line; start: number; end: number }> = [];
  for (const line of lines) {
    const folded = line.words.map((w) => foldLabel(w.text));
    for (let i = 0; i < folded.length; i++) {
      let acc = '';
      for (let j = i; j < folded.length && acc.length < label.length; j++) {
        acc += folded[j];
        if (acc === label) {
          out.push({ line, start: i, end: j + 1 });
          break;
        }
        if (!label.startsWith(acc)) break;
      }
    }
  }
  return out;
}

function readValue(kind: FieldKind, rule: AnchorRule, words: Word[]): { value: string | number; words: Word[] } | null {
  if (words.length === 0) return null;
  // try spans starting at each of the first words, shortest first: the value closest to its label
  for (let i = 0; i < Math.min(words.length, 4); i++) {
    for (let j = i; j < Math.min(words.length, i + 6); j++) {
      const span = words.slice(i, j + 1);
      const text = span.map((w) => w.text).join(' ').trim();
      if (kind === 'date') {
        const hits = findDates(text, rule.dateOrder ?? 'dmy');
        const h = hits[0];
        if (h && hits.length === 1 && h.length >= text.replace(/^[^\p{L}\d]+|[^\p{L}\d]+$/gu, '').length - 1) return { value: h.iso, words: span };
      } else if (kind === 'amount') {
        const stripped = text.replace(/^[^\d(−–-]+|[^\d)−–-]+$/g, '');
        const hits = stripped ? findAmounts(stripped, { decimal: rule.decimal ?? '.', certainty: 1 }) : [];
        // the longest reading wins: "1 234,56" rather than "1"
        if (hits.length === 1 && hits[0]!.length >= stripped.length - 1) {
          const longer = j + 1 < Math.min(words.length, i + 6) ? readLonger(rule, words.slice(i, j + 2)) : null;
          return longer ?? { value: Math.abs(hits[0]!.value), words: span };
        }
      } else if (kind === 'code') {
        const re = rule.shape ? new RegExp(`^${rule.shape}$`, 'u') : null;
        const compact = span.map((w) => w.text).join('').replace(/^[:#.\s]+|[.,;:\s]+$/g, '');
        if (re ? re.test(compact) : /\d/.test(compact)) return { value: compact, words: span };
      }
    }
  }
  return null;
}

/** A thousands group written with a space ("1 234,56") reads as one amount when the next word continues it. */
function readLonger(rule: AnchorRule, span: Word[]): { value: number; words: Word[] } | null {
  const text = span.map((w) => w.text).join(' ');
  const stripped = text.replace(/^[^\d(−–-]+|[^\d)−–-]+$/g, '');
  const hits = findAmounts(stripped, { decimal: rule.decimal ?? '.', certainty: 1 });
  return hits.length === 1 && hits[0]!.length >= stripped.length - 1 ? { value: Math.abs(hits[0]!.value), words: span } : null;
}

function applyAnchor(kind: FieldKind, rule: AnchorRule, lines: Line[]): Read | null {
  const occurrences = findLabel(rule.label, lines).sort((a, b) => Number(b.line.page === rule.page) - Number(a.line.page === rule.page));
  for (const occ of occurrences) {
    const labelBox = unionBox(occ.line.words.slice(occ.start, occ.end).map((w) => w.box));
    let candidates: Word[];
    if (rule.direction === 'right') {
      candidates = occ.line.words.slice(occ.end);
    } else {
      const dy = rule.valueBox.y - (rule.anchorBox.y + rule.anchorBox.h);
      const below = lines.filter((l) => l.page === occ.line.page && l.index > occ.line.index && l.box.y - (labelBox.y + labelBox.h) < Math.max(0.05, dy + 0.03));
      const x0 = Math.min(labelBox.x, labelBox.x + (rule.valueBox.x - rule.anchorBox.x)) - 0.02;
      const x1 = Math.max(labelBox.x + labelBox.w, labelBox.x + (rule.valueBox.x - rule.anchorBox.x) + rule.valueBox.w) + 0.02;
      candidates = below.flatMap((l) => l.words.filter((w) => w.box.x < x1 && w.box.x + w.box.w > x0)).slice(0, 8);
    }
    const read = readValue(kind, rule, candidates);
    if (read) return { value: read.value, source: { page: occ.line.page, box: unionBox(read.words.map((w) => w.box)) }, exact: true };
  }
  // no label: the region where the value was, a little larger
  const grow = 0.015;
  const vb = rule.valueBox;
  const inside = lines
    .filter((l) => l.page === rule.page)
    .flatMap((l) => l.words)
    .filter((w) => {
      const cx = w.box.x + w.box.w / 2;
      const cy = w.box.y + w.box.h / 2;
      return cx >= vb.x - grow && cx <= vb.x + vb.w + grow * 4 && cy >= vb.y - grow && cy <= vb.y + vb.h + grow;
    });
  const read = readValue(kind, rule, inside);
  return read ? { value: read.value, source: { page: rule.page, box: unionBox(read.words.map((w) => w.box)) }, exact: false } : null;
}

/** Confidence of a value read by a template: beside its learned label, or only in its learned region. */
export const TEMPLATE_CONFIDENCE = { anchor: 0.93, region: 0.72, constant: 0.9 } as const;

/**
 * Applies a vendor's template to an extraction: fields read by the learned rules replace the pipeline's
 * (origin 'template'), except values from an e-invoice's XML and the user's own corrections. A learned line
 * table replaces the pipeline's lines unless those add up to the net amount and the table's do not (an
 * e-invoice's lines are never replaced); the line-sum warning is then made again for the lines kept.
 */
export function applyTemplate(extraction: Extraction, pages: PageText[], t: VendorTemplate): { extraction: Extraction; applied: FieldName[]; linesApplied: boolean } {
  const fields = { ...extraction.fields };
  const applied: FieldName[] = [];
  let layout: { lines: Line[] } | null = null;
  for (const [name, rules] of Object.entries(t.rules) as Array<[FieldName, TemplateRule[]]>) {
    const current = fields[name] as ExtractedField<FieldValues[FieldName]> | undefined;
    if (current && (current.origin === 'xml' || current.origin === 'user')) continue;
    const kind = FIELD_KIND[name];
    for (const rule of rules) {
      if (rule.kind === 'constant') {
        if (current && current.value !== rule.value && !rule.wrong.includes(current.value as string | number)) continue;
        if (current?.value === rule.value) break;
        (fields as Record<string, unknown>)[name] = { value: rule.value, confidence: TEMPLATE_CONFIDENCE.constant, origin: 'template', ...(current?.source ? { source: current.source } : {}) };
        applied.push(name);
        break;
      }
      layout ??= buildLayout(pages);
      const read = applyAnchor(kind, rule, layout.lines);
      if (!read) continue;
      (fields as Record<string, unknown>)[name] = {
        value: read.value,
        confidence: read.exact ? TEMPLATE_CONFIDENCE.anchor : TEMPLATE_CONFIDENCE.region,
        origin: 'template',
        source: read.source,
      };
      applied.push(name);
      break;
    }
  }
  const next: Extraction = { ...extraction, fields };
  const read = extraction.method === 'e-invoice' ? null : applyLineLayouts(t.lines ?? [], pages);
  if (!read) return { extraction: next, applied, linesApplied: false };
  const net = fields.amountUntaxed?.value;
  const total = fields.amountTotal?.value;
  const mine = linesWarning(read, net, total);
  if (mine !== null && extraction.lines.length > 0 && linesWarning(extraction.lines, net, total) === null) return { extraction: next, applied, linesApplied: false };
  const warnings = [...extraction.warnings.filter((w) => !w.startsWith(LINES_WARNING_PREFIX)), ...(mine ? [mine] : [])];
  return { extraction: { ...next, lines: read, warnings }, applied, linesApplied: true };
}

/** The fields a template has rules for. */
export const templateFields = (t: VendorTemplate): FieldName[] => (Object.keys(t.rules) as FieldName[]).filter((f) => (t.rules[f]?.length ?? 0) > 0);
