/**
 * Quicken Interchange Format, bank-like account types (Bank, Cash, CCard, Oth A/L). QIF declares no date
 * convention, so the order (day-first or month-first) is decided from evidence across every line; when no
 * line can tell, the caller must say which (never a silent guess: 03/04 is March or April).
 */
import { AppError } from '../../../shared/errors';
import type { DraftLine, DraftStatement, QifOptions } from './types';
import { cleanText, currencyDecimals, decimalToMinor, expandYear, invalid, isoDate, isValidDate, minorToAmount } from './util';

export function looksLikeQif(text: string): boolean {
  return /^\s*!(Type|Account|Option)/im.test(text.slice(0, 500));
}

const BANK_TYPES = new Set(['bank', 'cash', 'ccard', 'oth a', 'oth l']);

type RawRecord = { fields: Map<string, string[]>; line: number; at: Map<string, number>; account: string | undefined };

type DateParts = { a: number; b: number; year: number; iso?: string; raw: string; line: number };

function splitDate(raw: string, line: number): DateParts {
  const s = raw.trim();
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (iso) {
    const y = Number(iso[1]);
    const mo = Number(iso[2]);
    const d = Number(iso[3]);
    if (!isValidDate(y, mo, d)) throw invalid(`line ${line}: D: '${raw}' is not a valid date`);
    return { a: 0, b: 0, year: y, iso: isoDate(y, mo, d), raw, line };
  }
  // "8/12/13", "08/12/2013", "8/12'13" (Quicken writes ' for years 2000+), "12.08.2013", "12-08-13".
  const m = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*(?:[/.-]|'|’)\s*(\d{2}|\d{4})$/.exec(s);
  if (!m) throw invalid(`line ${line}: D: '${raw}' is not a date`);
  const yRaw = m[3]!;
  let year = yRaw.length === 4 ? Number(yRaw) : expandYear(Number(yRaw));
  if (yRaw.length === 2 && s.includes("'")) year = 2000 + Number(yRaw);
  return { a: Number(m[1]), b: Number(m[2]), year, raw, line };
}

function qifAmount(raw: string, line: number, decimals: number): number {
  let s = raw.trim().replace(/\s/g, '');
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    s = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (lastComma >= 0) {
    // "12,50" is a decimal comma; "1,000" a thousands separator.
    s = /,\d{1,2}$/.test(s) ? s.replace(',', '.') : s.replace(/,/g, '');
  }
  const minor = decimalToMinor(s, decimals);
  if (minor === undefined) throw invalid(`line ${line}: T: amount '${raw.trim()}' is not a number`);
  return minor;
}

export function parseQif(text: string, warnings: string[], options: QifOptions & { defaultCurrency?: string }): DraftStatement[] {
  const lines = text.split(/\r\n|\r|\n/);
  let type: string | undefined;
  let inBank = false;
  let accountName: string | undefined;
  let inAccountBlock = false;
  const records: RawRecord[] = [];
  let cur: RawRecord | undefined;
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const ln = raw.replace(/\s+$/, '');
    if (ln === '') return;
    if (ln.startsWith('!')) {
      const header = ln.slice(1).trim();
      if (/^Account$/i.test(header)) {
        inAccountBlock = true;
        return;
      }
      if (/^Option/i.test(header) || /^Clear/i.test(header)) return;
      const t = /^Type\s*:\s*(.+)$/i.exec(header);
      if (!t) throw invalid(`line ${lineNo}: unknown QIF header '${ln}'`);
      type = t[1]!.trim().toLowerCase();
      inBank = BANK_TYPES.has(type);
      inAccountBlock = false;
      return;
    }
    if (inAccountBlock) {
      if (ln.startsWith('N')) accountName = ln.slice(1).trim() || undefined;
      if (ln.startsWith('^')) inAccountBlock = false;
      return;
    }
    if (!inBank) return;
    if (ln.startsWith('^')) {
      if (cur) records.push(cur);
      cur = undefined;
      return;
    }
    cur ??= { fields: new Map(), line: lineNo, at: new Map(), account: accountName };
    if (!cur.at.has(ln.charAt(0))) cur.at.set(ln.charAt(0), lineNo);
    const code = ln.charAt(0);
    const list = cur.fields.get(code) ?? [];
    list.push(ln.slice(1));
    cur.fields.set(code, list);
  });
  if (cur && (cur.fields.has('D') || cur.fields.has('T'))) {
    throw invalid(`line ${cur.line}: record not terminated by '^' — the file is truncated`);
  }
  if (type === undefined) throw invalid('line 1: no !Type header');
  if (!inBank && records.length === 0) throw invalid(`QIF type '${type}' holds no bank transactions (investment and list files are not imported)`);

  const currency = options.currency ?? options.defaultCurrency;
  if (!currency) throw new AppError('statements/mapping-required', 'QIF files do not name their currency: pass the bank account currency (defaultCurrency)');
  const decimals = currencyDecimals(currency);

  const dates = records.map((r) => {
    const d = r.fields.get('D')?.[0];
    if (d === undefined) throw invalid(`line ${r.line}: D: missing (record without a date)`);
    return splitDate(d, r.at.get('D') ?? r.line);
  });
  const order = decideOrder(dates, options.dateOrder, warnings);

  const out: { line: DraftLine; account: string | undefined }[] = records.map((r, i) => {
    const dp = dates[i]!;
    let date = dp.iso;
    if (!date) {
      const [d, mo] = order === 'DMY' ? [dp.a, dp.b] : [dp.b, dp.a];
      if (!isValidDate(dp.year, mo, d)) throw invalid(`line ${dp.line}: D: '${dp.raw}' is not a valid date (read as ${order})`);
      date = isoDate(dp.year, mo, d);
    }
    const t = r.fields.get('T')?.[0] ?? r.fields.get('U')?.[0];
    if (t === undefined) throw invalid(`line ${r.line}: T: missing (record without an amount)`);
    const minor = qifAmount(t, r.at.get('T') ?? r.at.get('U') ?? r.line, decimals);
    const payee = cleanText(r.fields.get('P')?.[0]);
    const memo = cleanText(r.fields.get('M')?.join(' '));
    const num = cleanText(r.fields.get('N')?.[0]);
    const line: DraftLine = { date, amount: minorToAmount(minor, decimals), minor, currency, label: memo ?? payee ?? '' };
    if (payee) line.partnerName = payee;
    if (num) line.reference = num;
    const cat = cleanText(r.fields.get('L')?.[0]);
    if (cat) line.transactionType = cat;
    return { line, account: r.account };
  });
  // A multi-account export (!Account blocks) becomes one statement per account, in file order.
  const statements: DraftStatement[] = [];
  for (const { line, account } of out) {
    let st = statements[statements.length - 1];
    if (!st || st.account.name !== account) {
      st = { account: { currency }, lines: [] };
      if (account) st.account.name = account;
      statements.push(st);
    }
    st.lines.push(line);
  }
  if (statements.length === 0) statements.push({ account: { currency, ...(accountName ? { name: accountName } : {}) }, lines: [] });
  return statements;
}

function decideOrder(dates: DateParts[], given: 'DMY' | 'MDY' | undefined, warnings: string[]): 'DMY' | 'MDY' {
  const loose = dates.filter((d) => d.iso === undefined);
  if (loose.length === 0) return given ?? 'DMY';
  const dayFirst = loose.find((d) => d.a > 12);
  const monthFirst = loose.find((d) => d.b > 12);
  if (dayFirst && monthFirst) {
    throw invalid(`line ${dayFirst.line}: D: '${dayFirst.raw}' is day-first but line ${monthFirst.line}: '${monthFirst.raw}' is month-first — inconsistent dates`);
  }
  const evidence = dayFirst ? 'DMY' : monthFirst ? 'MDY' : undefined;
  if (evidence) {
    if (given && given !== evidence) {
      const w = (dayFirst ?? monthFirst)!;
      throw invalid(`line ${w.line}: D: '${w.raw}' contradicts the requested date order ${given}`);
    }
    return evidence;
  }
  if (given) {
    warnings.push(`QIF dates are ambiguous (every day and month ≤ 12); read as ${given} as requested`);
    return given;
  }
  throw new AppError(
    'statements/ambiguous-dates',
    `QIF dates are ambiguous: no day above 12 in ${loose.length} dates (e.g. '${loose[0]!.raw}'), so day-first and month-first both fit — say which (dateOrder 'DMY' or 'MDY')`,
    { samples: loose.slice(0, 5).map((d) => d.raw) },
  );
}
