/**
 * Amounts as printed: 1,234.56 / 1.234,56 / 1 234,56 / 1'234.56 / 1234,56 / -12.00 / (12.00) / 12.00-.
 * Which character is the decimal separator is decided once per document from unambiguous evidence
 * (a separator followed by exactly 1–2 digits at the end, or both separators in one number).
 */

export type NumberFormat = { decimal: '.' | ','; /** how sure: share of unambiguous evidence agreeing */ certainty: number };

/** A number token inside text: digits with optional grouping and decimals, optional sign/parentheses. */
export const AMOUNT_RE = /(?<![\p{L}\d.,'’])(\(?[-−–]?)(\d{1,3}(?:[ \u00a0\u202f'’.,]\d{3})+(?:[.,]\d{1,3})?|\d+(?:[.,]\d{1,3})?)(\)?-?)(?![\p{L}\d]|[.,]\d)/gu;

/** Votes for the decimal separator over every number-looking token of the document. */
export function detectNumberFormat(texts: string[]): NumberFormat {
  let dot = 0;
  let comma = 0;
  for (const t of texts) {
    for (const m of t.matchAll(/\d[\d .,'’\u00a0\u202f]*\d|\d/g)) {
      const s = m[0].replace(/[ \u00a0\u202f'’]/g, '');
      const lastDot = s.lastIndexOf('.');
      const lastComma = s.lastIndexOf(',');
      if (lastDot >= 0 && lastComma >= 0) {
        if (lastDot > lastComma) dot += 2;
        else comma += 2;
        continue;
      }
      // dates like 12.05.2020 or 1.2.3 are not amounts
      if ((s.match(/[.,]/g) ?? []).length > 1) {
        const groups = s.split(/[.,]/);
        if (groups.slice(1).every((g) => g.length === 3)) {
          if (s.includes(',')) dot += 1;
          else comma += 1;
        }
        continue;
      }
      const dm = /[.,](\d+)$/.exec(s);
      if (!dm) continue;
      const digits = dm[1]?.length ?? 0;
      if (digits === 2 || digits === 1) {
        if (s.includes('.')) dot += 1;
        else comma += 1;
      }
    }
  }
  const total = dot + comma;
  if (total === 0) return { decimal: '.', certainty: 0 };
  return comma > dot ? { decimal: ',', certainty: comma / total } : { decimal: '.', certainty: dot / total };
}

/** Parses one amount string under the document's format; undefined when it is not one. */
export function parseAmount(raw: string, fmt: NumberFormat): number | undefined {
  let s = raw.trim().replace(/[−–]/g, '-');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  if (s.endsWith('-')) {
    negative = true;
    s = s.slice(0, -1).trim();
  }
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) s = s.slice(1).trim();
  s = s.replace(/[ \u00a0\u202f'’]/g, '');
  if (!/^\d[\d.,]*$/.test(s)) return undefined;
  const group = fmt.decimal === '.' ? ',' : '.';
  const lastDec = s.lastIndexOf(fmt.decimal);
  const lastGroup = s.lastIndexOf(group);
  let intPart: string;
  let decPart = '';
  if (lastDec >= 0) {
    if (lastGroup > lastDec) return undefined;
    intPart = s.slice(0, lastDec);
    decPart = s.slice(lastDec + 1);
    if (decPart.includes(fmt.decimal) || decPart.includes(group)) return undefined;
    if (intPart.includes(fmt.decimal)) return undefined;
  } else intPart = s;
  if (intPart.includes(group)) {
    const parts = intPart.split(group);
    if (!parts.slice(1).every((p) => p.length === 3) || (parts[0]?.length ?? 0) > 3) {
      // "12,5" under a dot document: a lone separator with 1–2 digits reads as decimal after all
      if (parts.length === 2 && (parts[1]?.length ?? 0) <= 2 && lastDec < 0) {
        decPart = parts[1] ?? '';
        intPart = parts[0] ?? '';
      } else return undefined;
    } else intPart = parts.join('');
  }
  if (intPart === '') intPart = '0';
  const v = Number(`${intPart}.${decPart || '0'}`);
  if (!Number.isFinite(v)) return undefined;
  return negative ? -v : v;
}

export type AmountHit = { value: number; raw: string; index: number; length: number; decimals: number };

/** Every amount in a string (with where it is), under the document's format. */
export function findAmounts(text: string, fmt: NumberFormat): AmountHit[] {
  const out: AmountHit[] = [];
  for (const m of text.matchAll(AMOUNT_RE)) {
    let raw = `${m[1] ?? ''}${m[2] ?? ''}${m[3] ?? ''}`;
    // parentheses count as a negative sign only when they enclose the number
    if (raw.startsWith('(') !== raw.endsWith(')')) raw = raw.replace(/^\(/, '').replace(/\)$/, '');
    const v = parseAmount(raw, fmt);
    if (v === undefined) continue;
    const body = m[2] ?? '';
    const dm = new RegExp(`\\${fmt.decimal}(\\d+)$`).exec(body);
    out.push({ value: v, raw, index: m.index ?? 0, length: m[0].length, decimals: dm ? (dm[1]?.length ?? 0) : 0 });
  }
  return out;
}

export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
