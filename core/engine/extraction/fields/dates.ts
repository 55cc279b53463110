/**
 * Dates as printed, in en/de/fr/nl/es/it: numeric (d.m.y, d/m/y, m/d/y, y-m-d, two-digit years) and with
 * month names ("19 april 2014", "Aug 3, 2014", "3. März 2018", "1er juillet 2015", "08-Sep-2022").
 * Whether numeric dates are day-first or month-first is decided per document from evidence: a first
 * number > 12 means day-first, a second number > 12 month-first; otherwise the locale hint decides.
 */

const MONTHS: Record<string, number> = {};
function addMonths(names: string[][]): void {
  names.forEach((list, i) => {
    for (const n of list) MONTHS[n] = i + 1;
  });
}
addMonths([
  ['january', 'jan', 'januar', 'jänner', 'janvier', 'janv', 'januari', 'enero', 'ene', 'gennaio', 'gen'],
  ['february', 'feb', 'februar', 'février', 'fevrier', 'févr', 'fevr', 'fév', 'februari', 'febrero', 'febbraio'],
  ['march', 'mar', 'märz', 'maerz', 'mär', 'mars', 'maart', 'mrt', 'marzo'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile'],
  ['may', 'mai', 'mei', 'mayo', 'maggio', 'mag'],
  ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'giu'],
  ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'luglio', 'lug'],
  ['august', 'aug', 'août', 'aout', 'augustus', 'agosto', 'ago'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'settembre', 'set'],
  ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'ottobre', 'ott'],
  ['november', 'nov', 'novembre', 'noviembre'],
  ['december', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'déc', 'diciembre', 'dic', 'dicembre'],
]);

const MONTH_ALT = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .map((m) => m.replace(/\./g, '\\.'))
  .join('|');

export type DateOrder = 'dmy' | 'mdy';

export type DateHit = { iso: string; index: number; length: number; /** numeric d/m ambiguous (both ≤ 12) */ ambiguous: boolean };

const NUMERIC_RE = /(?<![\d./-])(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})(?![\d]|[./-]\d)/g;
const NAMED_DMY_RE = new RegExp(`(?<![\\p{L}\\d])(\\d{1,2})(?:\\.|er|st|nd|rd|th)?[\\s\\-/.]*(${MONTH_ALT})\\.?[\\s\\-/.,]*(\\d{4}|\\d{2})(?![\\d])`, 'giu');
const NAMED_MDY_RE = new RegExp(`(?<![\\p{L}\\d])(${MONTH_ALT})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\s*,?\\s*(\\d{4})(?![\\d])`, 'giu');

function valid(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2100) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function year(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n + (n >= 70 ? 1900 : 2000);
  return n;
}

/** Evidence for the numeric date order in a document: counts of forms that only fit one order. */
export function detectDateOrder(texts: string[], hint: DateOrder = 'dmy'): DateOrder {
  let dmy = 0;
  let mdy = 0;
  for (const t of texts) {
    for (const m of t.matchAll(NUMERIC_RE)) {
      if ((m[1] ?? '').length === 4) continue;
      const a = Number(m[1]);
      const b = Number(m[3]);
      if (a > 12 && b <= 12) dmy++;
      else if (b > 12 && a <= 12) mdy++;
      else if (m[2] === '.') dmy += 0.5; // dotted dates are a day-first convention
    }
  }
  if (dmy === mdy) return hint;
  return dmy > mdy ? 'dmy' : 'mdy';
}

/** Every date in a string, under the document's numeric order. */
export function findDates(text: string, order: DateOrder): DateHit[] {
  const out: DateHit[] = [];
  const taken: [number, number][] = [];
  const push = (h: DateHit): void => {
    if (taken.some(([s, e]) => h.index < e && h.index + h.length > s)) return;
    taken.push([h.index, h.index + h.length]);
    out.push(h);
  };
  for (const m of text.matchAll(NAMED_DMY_RE)) {
    const d = Number(m[1]);
    const mo = MONTHS[(m[2] ?? '').toLowerCase()];
    const y = year(m[3] ?? '');
    if (mo && valid(y, mo, d)) push({ iso: iso(y, mo, d), index: m.index ?? 0, length: m[0].length, ambiguous: false });
  }
  for (const m of text.matchAll(NAMED_MDY_RE)) {
    const mo = MONTHS[(m[1] ?? '').toLowerCase()];
    const d = Number(m[2]);
    const y = year(m[3] ?? '');
    if (mo && valid(y, mo, d)) push({ iso: iso(y, mo, d), index: m.index ?? 0, length: m[0].length, ambiguous: false });
  }
  for (const m of text.matchAll(NUMERIC_RE)) {
    const p1 = m[1] ?? '';
    const a = Number(p1);
    const b = Number(m[3]);
    const c = m[4] ?? '';
    if (p1.length === 4) {
      const y = a;
      const d = Number(c);
      if (c.length <= 2 && valid(y, b, d)) push({ iso: iso(y, b, d), index: m.index ?? 0, length: m[0].length, ambiguous: false });
      continue;
    }
    if (p1.length === 3) continue;
    const y = year(c);
    let dd = order === 'dmy' ? a : b;
    let mm = order === 'dmy' ? b : a;
    if (!valid(y, mm, dd) && valid(y, dd, mm)) [dd, mm] = [mm, dd];
    if (valid(y, mm, dd)) push({ iso: iso(y, mm, dd), index: m.index ?? 0, length: m[0].length, ambiguous: a <= 12 && b <= 12 && a !== b && !(m[2] === '.' && order === 'dmy') });
  }
  // compact ISO without separators only when written as a whole token (20180305)
  for (const m of text.matchAll(/(?<!\d)(20\d{2}|19\d{2})(\d{2})(\d{2})(?!\d)/g)) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (valid(y, mo, d) && text.trim().length === m[0].length) push({ iso: iso(y, mo, d), index: m.index ?? 0, length: m[0].length, ambiguous: false });
  }
  return out.sort((x, y) => x.index - y.index);
}

/** Letters OCR reads for digits: O/D/Q for 0, I/l/|/i for 1, Z for 2, S for 5, G for 6, B for 8. */
const OCR_DIGIT: Record<string, string> = { O: '0', o: '0', D: '0', Q: '0', I: '1', l: '1', '|': '1', i: '1', Z: '2', z: '2', S: '5', s: '5', G: '6', B: '8' };
const OCR_DATE_RE = /(?<![\p{L}\d])([\dOoDQIl|iZzSsGB]{1,2})([./-])([\dOoDQIl|iZzSsGB]{1,2})\2([\dOoDQIl|iZzSsGB]{4}|[\dOoDQIl|iZzSsGB]{2})(?![\p{L}\d])/gu;

/**
 * OCR text with digit-like letters inside a numeric date shape read as digits ("2S/O4/2Ol8" → "25/04/2018"),
 * character for character (offsets stay valid). Only a token of date shape with at least four real digits
 * changes, so words ("SO/IS") are left alone.
 */
export function normalizeOcrDates(text: string): string {
  return text.replace(OCR_DATE_RE, (tok) => ((tok.match(/\d/g) ?? []).length >= 4 && /[^\d./-]/.test(tok) ? tok.replace(/[OoDQIl|iZzSsGB]/g, (c) => OCR_DIGIT[c] ?? c) : tok));
}

/** Receipts print "30032018": a compact day-month-year token (a fallback when the document has no other date). */
export function findCompactDmy(text: string): DateHit | undefined {
  for (const m of text.matchAll(/(?<![\d.,/-])(\d{2})(\d{2})(20\d{2})(?![\d.,/-])/g)) {
    const d = Number(m[1]);
    const mo = Number(m[2]);
    const y = Number(m[3]);
    if (valid(y, mo, d)) return { iso: iso(y, mo, d), index: m.index ?? 0, length: m[0].length, ambiguous: true };
  }
  return undefined;
}

/** ISO date plus n days. */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const dt = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  dt.setUTCDate(dt.getUTCDate() + days);
  return dt.toISOString().slice(0, 10);
}
