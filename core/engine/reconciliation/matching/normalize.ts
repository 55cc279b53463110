/**
 * Text normalisation for bank labels, references and counterparty names. Everything here is pure and
 * allocation-light: it runs once per label and once per candidate when the indexes are built.
 */

/** Upper case, accents stripped (Müller → MULLER), German ß and Nordic letters folded. */
export function foldText(s: string): string {
  // most text is plain ASCII: skip the Unicode decomposition
  if (/^[\t\n\r\x20-\x7e]*$/.test(s)) return s.toUpperCase();
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/ß/g, 'SS')
    .replace(/[ØÖ]/g, 'O')
    .replace(/Æ/g, 'AE')
    .replace(/Å/g, 'A');
}

const OCR_TO_DIGIT: Readonly<Record<string, string>> = { O: '0', o: '0', Q: '0', I: '1', l: '1', '|': '1', S: '5', s: '5', B: '8' };
const isLetter = (c: string | undefined): boolean => c !== undefined && /[A-Za-z]/.test(c);

/**
 * Typing and OCR confusions inside number-like stretches: "2O26" → "2026", "OO164" → "00164", "INV2O26" → "INV2026".
 * Only a stretch of digits and look-alike letters holding at least two real digits, and about as many
 * look-alikes as digits at most, is converted; look-alikes glued to a word stay letters (the "I" of "BILL2026"),
 * so words (INV, SOLO, BE71) keep their letters.
 */
export function fixOcr(s: string): string {
  // nothing to fix unless a look-alike letter touches a digit (most text)
  if (!/[0-9][OoQIl|SsB]|[OoQIl|SsB][0-9]/.test(s)) return s;
  return s.replace(/[0-9OoQIl|SsB]+/g, (seg, offset: number) => {
    let start = 0;
    let end = seg.length;
    if (isLetter(s[offset - 1])) while (start < end && !/[0-9]/.test(seg[start] ?? '')) start++;
    if (isLetter(s[offset + seg.length])) while (end > start && !/[0-9]/.test(seg[end - 1] ?? '')) end--;
    const core = seg.slice(start, end);
    let digits = 0;
    for (const ch of core) if (ch >= '0' && ch <= '9') digits++;
    if (digits < 2 || core.length - digits > digits + (core.length >= 5 ? 1 : 0)) return seg;
    let out = '';
    for (const ch of core) out += ch >= '0' && ch <= '9' ? ch : (OCR_TO_DIGIT[ch] ?? ch);
    return seg.slice(0, start) + out + seg.slice(end);
  });
}

/**
 * A reference as runs of letters and digits, separators dropped, leading zeros stripped, and a glued
 * year split off ("INV202600143" → INV|2026|143), so "INV/2026/00143", "inv2026-0143" and "INV 2026 143" agree.
 */
export function referenceRuns(raw: string): string[] {
  const s = foldText(fixOcr(raw));
  const runs: string[] = [];
  const re = /[A-Z]+|[0-9]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const r = m[0];
    if (r.charCodeAt(0) >= 65) {
      runs.push(r);
      continue;
    }
    if (r.length >= 6 && r.length !== 12 && /^20[0-9]{2}/.test(r)) {
      runs.push(r.slice(0, 4));
      runs.push(stripZeros(r.slice(4)));
    } else {
      runs.push(stripZeros(r));
    }
  }
  return runs;
}

export function stripZeros(d: string): string {
  let i = 0;
  while (i < d.length - 1 && d.charCodeAt(i) === 48) i++;
  return i === 0 ? d : d.slice(i);
}

export const isDigits = (s: string): boolean => /^[0-9]+$/.test(s);

/** Canonical key of a whole reference: its runs joined by "|". */
export function referenceKey(raw: string): string {
  return referenceRuns(raw).join('|');
}

/** True when a and b are at most one edit apart: one substitution, insertion, deletion or swap of neighbours. O(n), no allocation. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (la === lb) {
    let i = 0;
    while (i < la && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (tailEqual(a, i + 1, b, i + 1)) return true;
    return i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && tailEqual(a, i + 2, b, i + 2);
  }
  if (Math.abs(la - lb) !== 1) return false;
  const s = la < lb ? a : b;
  const t = la < lb ? b : a;
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === t.charCodeAt(i)) i++;
  return tailEqual(s, i, t, i + 1);
}

function tailEqual(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return false;
  for (; i < a.length; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  return true;
}

/** Optimal-string-alignment distance (Damerau with adjacent transpositions), stopping early above `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (a === b) return 0;
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = Array.from({ length: lb + 1 }, (_, j) => j);
  let cur = new Array<number>(lb + 1).fill(0);
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[lb] ?? max + 1;
}

// ───────────── names ─────────────

/** Legal forms, written without dots or spaces (S.à r.l. → SARL, GmbH & Co. KG → GMBHCOKG). */
const LEGAL_FORMS = new Set([
  'GMBH', 'GMBHCOKG', 'GMBHCO', 'COKG', 'AG', 'KG', 'OHG', 'EK', 'UG', 'AKTIENGESELLSCHAFT',
  'BV', 'BVBA', 'NV', 'CV', 'VOF', 'CVBA', 'COMMV', 'VZW', 'ASBL',
  'SA', 'SRL', 'SPRL', 'SAS', 'SASU', 'SARL', 'EURL', 'SNC', 'SCS',
  'SPA', 'SAPA', 'SNC',
  'APS', 'AS', 'AB', 'OY', 'OYJ', 'ASA',
  'LTD', 'LIMITED', 'PLC', 'LLP', 'LP',
  'INC', 'INCORPORATED', 'LLC', 'CORP', 'CORPORATION', 'CO', 'COMPANY',
]);

const NAME_STOPWORDS = new Set(['EN', 'AND', 'UND', 'ET', 'THE', 'OF']);

/**
 * A company name as comparable tokens: folded, dotted abbreviations joined (B.V. → BV), "&" and
 * connectors dropped, trailing legal forms removed (one to three tokens: "S A R L", "GMBH CO KG").
 */
export function nameTokens(raw: string): string[] {
  let s = foldText(raw);
  // dotted abbreviations: "B.V." "S.A.R.L." "G.M.B.H." "A/S" → one token
  if (s.includes('.') || s.includes('/')) s = s.replace(/\b(?:[A-Z]\s?[./]\s?){1,4}[A-Z]\b\.?/g, (m) => m.replace(/[^A-Z]/g, '')).replace(/[.']/g, '');
  // one pass over the characters (this runs for every partner when the index is built)
  const raws: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 32;
    const alnum = (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
    if (alnum) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      raws.push(s.slice(start, i));
      start = -1;
    }
  }
  const tokens: string[] = [];
  for (let i = 0; i < raws.length; i++) {
    const t = raws[i] as string;
    const next = raws[i + 1];
    // Dutch "van den / van der / v.d." → one spelling
    if ((t === 'VAN' && (next === 'DE' || next === 'DEN' || next === 'DER')) || (t === 'V' && next === 'D')) {
      tokens.push('VD');
      i++;
      continue;
    }
    if (!NAME_STOPWORDS.has(t)) tokens.push(t);
  }
  return stripLegalForms(tokens);
}

export function stripLegalForms(tokens: string[]): string[] {
  let end = tokens.length;
  // drop trailing legal forms, one to three tokens at a time ("S A R L", "GMBH CO KG"); never the whole name
  for (let changed = true; changed && end > 1; ) {
    changed = false;
    let tail = '';
    for (let k = 1; k <= 3 && end - k >= 1; k++) {
      tail = (tokens[end - k] ?? '') + tail;
      if (LEGAL_FORMS.has(tail)) {
        end -= k;
        changed = true;
        break;
      }
    }
  }
  return end === tokens.length ? tokens : tokens.slice(0, end);
}

/** The legal-form-free, comparable form of a name ("Acme B.V." → "ACME"). */
export function normalizeName(raw: string): string {
  return nameTokens(raw).join(' ');
}

/** Words of a label that can be part of a name (letters, 2+ chars), with the usual payment words removed. */
const LABEL_STOPWORDS = new Set([
  'PAYMENT', 'PAYMENTS', 'INVOICE', 'INVOICES', 'INV', 'SEPA', 'CT', 'DD', 'CREDIT', 'TRANSFER', 'BETALING', 'OVERSCHRIJVING', 'ZAHLUNG',
  'VIREMENT', 'FACTUUR', 'FACTUREN', 'FACTURE', 'FACT', 'RECHNUNG', 'NO', 'NR', 'REF', 'EREF', 'REMI', 'RFB', 'NOTPROVIDED', 'MANDATE',
  'PARTIAL', 'INSTALLMENT', 'ACOMPTE', 'DEELBETALING', 'TEILZAHLUNG', 'SETTLEMENT', 'AS', 'AGREED', 'USD', 'EUR', 'GBP', 'CHGS',
  'DIVERSE', 'SAMMELZAHLUNG', 'BILL', 'BILLS', 'PER', 'VOOR', 'POUR', 'FUR', 'ONZE', 'UW', 'OUR', 'YOUR',
]);

export function labelNameTokens(label: string): string[] {
  const toks = nameTokens(label);
  return toks.filter((t) => t.length >= 2 && !/[0-9]/.test(t) && !LABEL_STOPWORDS.has(t) && !LEGAL_FORMS.has(t));
}

/** Words in a label that say the payment is one part of several. */
export function hasPartialHint(label: string): boolean {
  return /\b(partial|part payment|installment|instalment|acompte|deelbetaling|teilzahlung|afbetaling|a conto|(?<![0-9])[1-9]\s?\/\s?[2-9](?![0-9]))\b/i.test(label);
}

/** Amounts written in a label ("USD 9815.05", "EUR 12,50", "1.234,56"), in cents. */
export function amountsInLabel(label: string): number[] {
  const out: number[] = [];
  const re = /(?<![0-9./])(\d{1,3}(?:[.,' ]\d{3})*|\d+)[.,](\d{2})(?![0-9])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(label)) !== null) {
    const whole = (m[1] ?? '').replace(/[.,' ]/g, '');
    out.push(Number(whole) * 100 + Number(m[2]));
  }
  return out;
}
