import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { Balance, DraftStatement, ParsedLine, ParsedStatement } from './types';

export function invalid(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('statements/invalid', message, details);
}

/** ISO 4217 currencies whose minor unit is not 2 (the default). */
const CURRENCY_DECIMALS: Readonly<Record<string, number>> = {
  BHD: 3, BIF: 0, CLF: 4, CLP: 0, DJF: 0, GNF: 0, IQD: 3, ISK: 0, JOD: 3, JPY: 0, KMF: 0, KRW: 0, KWD: 3,
  LYD: 3, OMR: 3, PYG: 0, RWF: 0, TND: 3, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
};

export function currencyDecimals(currency: string | undefined): number {
  if (!currency) return 2;
  return CURRENCY_DECIMALS[currency.toUpperCase()] ?? 2;
}

/**
 * Converts a plain decimal string ("-1234.5", "12,30" with decimal ',') to integer minor units of the
 * currency, rounding half away from zero on extra digits. Works on the digits, never through floats,
 * so 0.1 + 0.2 problems cannot leak into balances. Returns undefined when the text is not a number.
 */
export function decimalToMinor(text: string, decimals: number, decimalSep: '.' | ',' = '.'): number | undefined {
  let s = text.trim();
  if (decimalSep === ',') s = s.replace(',', '.');
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m) return undefined;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  if (intPart === '' && frac === '') return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  const kept = frac.slice(0, decimals).padEnd(decimals, '0');
  let minor = Number(`${intPart || '0'}${kept}`);
  const next = frac.charAt(decimals);
  if (next !== '' && next >= '5') minor += 1;
  if (!Number.isSafeInteger(minor)) return undefined;
  return minor === 0 ? 0 : sign * minor;
}

export function minorToAmount(minor: number, decimals: number): number {
  return Number((minor / 10 ** decimals).toFixed(decimals));
}

export function makeBalance(minor: number, currency: string | undefined, date: string | undefined): Balance {
  const b: Balance = { amount: minorToAmount(minor, currencyDecimals(currency)), minor };
  if (currency) b.currency = currency;
  if (date) b.date = date;
  return b;
}

export function isValidDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

export function isoDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Two-digit years: the SWIFT convention pivots at 80 (80–99 → 19xx), which every bank format here follows. */
export function expandYear(yy: number): number {
  return yy >= 80 ? 1900 + yy : 2000 + yy;
}

export function cleanText(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = s.replace(/\s+/g, ' ').trim();
  return t === '' ? undefined : t;
}

export function compactAccount(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = s.replace(/\s+/g, '').trim();
  return t === '' ? undefined : t;
}

/**
 * Decodes a bank file: BOM first (UTF-8, UTF-16 LE/BE), then UTF-16 without BOM (NUL every other byte),
 * then strict UTF-8, then Windows-1252 (a superset of ISO-8859-1 for printable text, and what Latin-1
 * MT940 and CSV exports really are). Returns which one was used so callers can mention it.
 */
export function decodeText(bytes: Uint8Array, forced?: string): { text: string; encoding: string } {
  if (forced) {
    if (forced === 'iso-8859-1' || forced === 'windows-1252') return { text: stripBom(decodeWindows1252(bytes)), encoding: forced };
    return { text: stripBom(new TextDecoder(forced).decode(bytes)), encoding: forced };
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  if (bytes.length >= 4) {
    const sample = bytes.subarray(0, Math.min(bytes.length, 400));
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < sample.length; i++) {
      if (sample[i] === 0) {
        if (i % 2 === 0) evenNul++;
        else oddNul++;
      }
    }
    const half = sample.length / 2;
    if (oddNul > half * 0.6 && evenNul === 0) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
    if (evenNul > half * 0.6 && oddNul === 0) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/** Windows-1252 0x80–0x9F; the rest of the byte range equals ISO-8859-1. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Decodes Windows-1252 by hand: Node's TextDecoder maps the 'windows-1252' label to plain ISO-8859-1,
 * which turns € and the typographic quotes of Latin-1 bank exports into control characters.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    const codes: number[] = [];
    for (const b of chunk) codes.push(b >= 0x80 && b < 0xa0 ? CP1252_HIGH.charCodeAt(b - 0x80) : b);
    out += String.fromCharCode(...codes);
  }
  return out;
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function sha(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 24);
}

function accountKey(s: DraftStatement): string {
  return s.account.iban ?? s.account.number ?? '';
}

/**
 * Gives every line a stable id. With a bank id: hash(account, bank id) — unless the bank reuses the id
 * within the file (some MT940 banks write NONREF everywhere), then it falls back to content. Without:
 * hash(account, date, amount, label, n) where n counts identical earlier lines, so two genuine €5 coffees
 * on one day stay distinct while re-importing an overlapping file maps each to the same id again.
 */
export function finalizeStatements(drafts: DraftStatement[], warnings: string[]): ParsedStatement[] {
  const seedCount = new Map<string, number>();
  for (const s of drafts) {
    for (const l of s.lines) {
      if (l.idSeed) {
        const k = `${accountKey(s)}|${l.idSeed}`;
        seedCount.set(k, (seedCount.get(k) ?? 0) + 1);
      }
    }
  }
  const occurrences = new Map<string, number>();
  const out: ParsedStatement[] = [];
  drafts.forEach((s, si) => {
    const acct = accountKey(s);
    const lines: ParsedLine[] = s.lines.map((l) => {
      const { idSeed, ...rest } = l;
      let uniqueId: string;
      if (idSeed && seedCount.get(`${acct}|${idSeed}`) === 1) {
        uniqueId = `b:${sha([acct, idSeed])}`;
      } else {
        const key = [acct, l.date, String(l.minor), l.currency, l.label, l.partnerAccount ?? ''].join('|');
        const n = occurrences.get(key) ?? 0;
        occurrences.set(key, n + 1);
        uniqueId = `h:${sha([key, String(n)])}`;
      }
      return { ...rest, uniqueId };
    });
    const st: ParsedStatement = { ...s, lines };
    checkBalance(st, si, drafts.length, warnings);
    out.push(st);
  });
  return out;
}

function checkBalance(s: ParsedStatement, index: number, total: number, warnings: string[]): void {
  const o = s.openingBalance;
  const c = s.closingBalance;
  if (!o || !c || o.derived || c.derived) return;
  // Balances in another currency than the lines cannot be summed with them.
  const ccy = s.lines[0]?.currency ?? s.account.currency;
  if ((o.currency && ccy && o.currency !== ccy) || (c.currency && ccy && c.currency !== ccy)) return;
  const sum = s.lines.reduce((acc, l) => acc + l.minor, 0);
  if (o.minor + sum !== c.minor) {
    const dec = currencyDecimals(ccy);
    const name = s.statementId ? `statement ${s.statementId}` : `statement ${index + 1} of ${total}`;
    warnings.push(
      `${name}: opening ${minorToAmount(o.minor, dec)} + lines ${minorToAmount(sum, dec)} = ${minorToAmount(o.minor + sum, dec)}, but the closing balance is ${minorToAmount(c.minor, dec)} (difference ${minorToAmount(c.minor - o.minor - sum, dec)})`,
    );
  }
}
