/**
 * CSV and XLSX bank exports through a column mapping, plus `suggestCsvMapping`, which proposes a mapping
 * from evidence in the file (delimiter, header names in en/de/fr/nl/es, decimal convention, date order)
 * and says how sure it is and why — the UI shows that in the column-mapping dialog and the caller
 * remembers the confirmed mapping per bank account.
 */
import { AppError } from '../../../shared/errors';
import type { ColumnRef, CsvMapping, DateFormat, DraftLine, DraftStatement } from './types';
import { cleanText, compactAccount, currencyDecimals, decimalToMinor, decodeText, expandYear, invalid, isoDate, isValidDate, makeBalance, minorToAmount } from './util';
import type { Cell } from './xlsx';
import { readXlsxSheet } from './xlsx';
import { isZip } from './zip';

export type Row = { cells: Cell[]; line: number };

/** RFC 4180 reader: quoted fields, doubled quotes, line breaks inside quotes; records keep their line number. */
export function parseDelimited(text: string, delimiter: string, limit = Infinity, lenient = false): Row[] {
  const rows: Row[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let i = 0;
  let fieldStarted = false;
  const pushRow = (): void => {
    cells.push(field);
    rows.push({ cells, line: startLine });
    cells = [];
    field = '';
    fieldStarted = false;
  };
  while (i < text.length && rows.length < limit) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === delimiter) {
      cells.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      pushRow();
      line++;
      startLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
    i++;
  }
  // Sniffing reads a prefix that may end inside a quoted field; only a full parse may call that truncation.
  if (quoted && !lenient) throw invalid(`line ${startLine}: unterminated quoted field — the file is truncated`);
  if (rows.length < limit && (field !== '' || cells.length > 0)) pushRow();
  return rows;
}

function isEmptyCell(c: Cell | undefined): boolean {
  return c === null || c === undefined || (typeof c === 'string' && c.trim() === '');
}

function cellText(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  return String(c).trim();
}

export function normalizeHeader(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

type MappedField = keyof CsvMapping['columns'];

/** Header names by field, en/de/fr/nl/es, already normalised (see `normalizeHeader`). Order = preference. */
const SYNONYMS: ReadonlyArray<[MappedField, readonly string[]]> = [
  ['date', ['date', 'booking date', 'transaction date', 'posting date', 'posted date', 'buchungstag', 'buchungsdatum', 'datum', 'date operation', 'date de l operation', 'date comptable', 'fecha', 'fecha operacion', 'fecha contable', 'boekdatum', 'transactiedatum', 'boekingsdatum']],
  ['valueDate', ['value date', 'valuta', 'valutadatum', 'wertstellung', 'date de valeur', 'date valeur', 'fecha valor', 'rentedatum']],
  ['foreignAmount', ['amount currency', 'original amount', 'foreign amount', 'ursprungsbetrag', 'montant devise', 'importe divisa']],
  ['foreignCurrency', ['original currency', 'foreign currency']],
  ['amount', ['amount', 'betrag', 'umsatz', 'montant', 'bedrag', 'importe', 'net', 'neto', 'netto', 'net amount', 'amount eur', 'betrag eur', 'bedrag eur', 'transaction amount']],
  ['debit', ['debit', 'debit amount', 'soll', 'belastung', 'lastschrift', 'debit eur', 'af', 'debe', 'cargo', 'cargos', 'withdrawal', 'withdrawals', 'paid out', 'money out', 'ausgang']],
  ['credit', ['credit', 'credit amount', 'haben', 'gutschrift', 'credit eur', 'bij', 'haber', 'abono', 'abonos', 'deposit', 'deposits', 'paid in', 'money in', 'eingang']],
  ['debitCreditMark', ['d c', 'dc', 'c d', 'cd', 'debit credit', 'credit debit', 'dr cr', 'cr dr', 's h', 'soll haben', 'af bij', 'bij af', 'sens', 'debe haber']],
  ['balance', ['balance', 'saldo', 'solde', 'kontostand', 'running balance', 'balance after']],
  ['currency', ['currency', 'waehrung', 'wahrung', 'devise', 'munt', 'divisa', 'moneda', 'ccy']],
  ['label', ['label', 'description', 'memo', 'details', 'narrative', 'text', 'booking text', 'remittance information', 'payment details', 'verwendungszweck', 'buchungstext', 'libelle', 'libelle operation', 'omschrijving', 'mededeling', 'mededelingen', 'concepto', 'descripcion', 'communication', 'purpose', 'subject', 'asunto']],
  ['partnerName', ['partner name', 'name', 'payee', 'beneficiary', 'counterparty', 'counterparty name', 'auftraggeber empfanger', 'auftraggeber empfaenger', 'beguenstigter zahlungspflichtiger', 'begunstigter zahlungspflichtiger', 'name zahlungsbeteiligter', 'empfanger', 'tiers', 'beneficiaire', 'naam tegenpartij', 'tegenpartij', 'naam', 'nombre', 'beneficiario', 'ordenante']],
  ['partnerAccount', ['bank account', 'partner account', 'counterparty account', 'iban', 'account number', 'kontonummer', 'iban zahlungsbeteiligter', 'tegenrekening', 'tegenrekening iban', 'compte', 'compte contrepartie', 'cuenta', 'cuenta bancaria', 'cuenta contraparte']],
  ['reference', ['reference', 'ref', 'referenz', 'reference de paiement', 'kenmerk', 'betalingskenmerk', 'referencia', 'invoice number', 'invoice id', 'id de factura', 'end to end reference', 'end to end id']],
  ['transactionType', ['type', 'transaction type', 'buchungsart', 'umsatzart', 'type d operation', 'tipo', 'tipo de transaccion', 'mutatiesoort', 'code']],
  ['bankReference', ['transaction id', 'id de transaccion', 'transaktionscode', 'transaction reference', 'bank reference', 'operation number', 'numero d operation', 'transactie id']],
];

/** Maps header cells to fields: exact names first, then names containing a synonym. */
function matchHeaders(header: string[]): Map<MappedField, number> {
  const out = new Map<MappedField, number>();
  const used = new Set<number>();
  const norm = header.map(normalizeHeader);
  for (const [field, syns] of SYNONYMS) {
    for (const syn of syns) {
      const idx = norm.findIndex((h, i) => !used.has(i) && h === syn);
      if (idx >= 0) {
        out.set(field, idx);
        used.add(idx);
        break;
      }
    }
  }
  const loose: MappedField[] = ['date', 'valueDate', 'amount', 'debit', 'credit', 'balance', 'label', 'partnerName', 'partnerAccount'];
  for (const [field, syns] of SYNONYMS) {
    if (out.has(field) || !loose.includes(field)) continue;
    for (const syn of syns) {
      if (syn.length < 5) continue;
      const idx = norm.findIndex((h, i) => !used.has(i) && new RegExp(`(^| )${syn}( |$)`).test(h));
      if (idx >= 0) {
        out.set(field, idx);
        used.add(idx);
        break;
      }
    }
  }
  return out;
}

const DATE_FORMATS: Readonly<Record<DateFormat, { order: 'YMD' | 'DMY' | 'MDY'; sep: string }>> = {
  'YYYY-MM-DD': { order: 'YMD', sep: '-' },
  YYYYMMDD: { order: 'YMD', sep: '' },
  'YYYY/MM/DD': { order: 'YMD', sep: '/' },
  'DD.MM.YYYY': { order: 'DMY', sep: '.' },
  'DD.MM.YY': { order: 'DMY', sep: '.' },
  'DD/MM/YYYY': { order: 'DMY', sep: '/' },
  'DD/MM/YY': { order: 'DMY', sep: '/' },
  'DD-MM-YYYY': { order: 'DMY', sep: '-' },
  'MM/DD/YYYY': { order: 'MDY', sep: '/' },
  'MM/DD/YY': { order: 'MDY', sep: '/' },
  'MM-DD-YYYY': { order: 'MDY', sep: '-' },
};

/** Excel serial day 0 is 1899-12-30 (the 1900 leap-year bug is absorbed by that epoch). */
function excelSerialToIso(n: number): string {
  const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(n) * 86400000);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function parseDateCell(cell: Cell | undefined, format: DateFormat, where: string): string {
  if (typeof cell === 'number') {
    if (cell > 59 && cell < 2958466) return excelSerialToIso(cell);
    throw invalid(`${where}: date '${cell}' is not a date`);
  }
  const raw = cellText(cell);
  if (raw === '') throw invalid(`${where}: date missing`);
  const spec = DATE_FORMATS[format];
  // Exports often append a time ("15/12/2018 10:32"); the calendar day is what matters.
  const s = raw.replace(/[ T]\d{1,2}:\d{2}(:\d{2})?.*$/, '').trim();
  let y: number;
  let mo: number;
  let d: number;
  if (spec.order === 'YMD') {
    const m = spec.sep === '' ? /^(\d{4})(\d{2})(\d{2})$/.exec(s) : /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
    if (!m) throw invalid(`${where}: date '${raw}' does not match ${format}`);
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else {
    const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})$/.exec(s);
    if (!m) throw invalid(`${where}: date '${raw}' does not match ${format}`);
    const a = Number(m[1]);
    const b = Number(m[2]);
    y = m[3]!.length === 2 ? expandYear(Number(m[3])) : Number(m[3]);
    [d, mo] = spec.order === 'DMY' ? [a, b] : [b, a];
  }
  if (!isValidDate(y, mo, d)) throw invalid(`${where}: date '${raw}' is not a valid ${format} date`);
  return isoDate(y, mo, d);
}

/** Parses a money cell to minor units with the file's convention; undefined for an empty cell. */
export function parseAmountCell(cell: Cell | undefined, mapping: Pick<CsvMapping, 'decimal' | 'thousands'>, decimals: number, where: string): number | undefined {
  if (typeof cell === 'number') return decimalToMinor(cell.toFixed(Math.max(decimals, 6)), decimals);
  const raw = cellText(cell);
  if (raw === '') return undefined;
  let s = raw.replace(/[\s\u00a0\u202f'’]/g, '').replace(/^[A-Z]{3}|[A-Z]{3}$/g, '').replace(/[€$£¥₣]/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.endsWith('-')) {
    negative = !negative;
    s = s.slice(0, -1);
  }
  if (s.startsWith('+')) s = s.slice(1);
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  }
  const thousands = mapping.thousands ?? (mapping.decimal === ',' ? '.' : ',');
  s = s.split(thousands).join('');
  if (mapping.decimal === ',') s = s.replace(',', '.');
  if (!/^\d*\.?\d*$/.test(s) || s === '' || s === '.') throw invalid(`${where}: amount '${raw}' is not a number`);
  const minor = decimalToMinor(s, decimals);
  if (minor === undefined) throw invalid(`${where}: amount '${raw}' is not a number`);
  return negative ? -minor : minor;
}

function resolveColumn(ref: ColumnRef, header: string[] | undefined, field: string): number {
  if (typeof ref === 'number') return ref;
  if (!header) throw new AppError('statements/mapping-required', `column '${ref}' for ${field} is named, but the mapping says the file has no header row: use a column index`);
  const want = normalizeHeader(ref);
  const idx = header.findIndex((h) => normalizeHeader(h) === want);
  if (idx < 0) {
    const badEncoding = header.some((h) => h.includes('\uFFFD')) ? ' — the header has characters that could not be decoded: check the encoding' : '';
    throw new AppError('statements/mapping-required', `column '${ref}' for ${field} not found in the header (found: ${header.map((h) => `'${h}'`).join(', ')})${badEncoding}`, {
      field,
      column: ref,
      header,
    });
  }
  return idx;
}

export function rowsFromBytes(bytes: Uint8Array, mapping: Pick<CsvMapping, 'delimiter' | 'encoding' | 'sheet'>, isXlsx: boolean): { rows: Row[]; delimiter?: string } {
  if (isXlsx) {
    const grid = readXlsxSheet(bytes, mapping.sheet ?? 0);
    return { rows: grid.map((cells, i) => ({ cells, line: i + 1 })) };
  }
  const { text } = decodeText(bytes, mapping.encoding);
  const delimiter = mapping.delimiter ?? sniffDelimiter(text).delimiter;
  return { rows: parseDelimited(text, delimiter), delimiter };
}

export function parseCsv(bytes: Uint8Array, mapping: CsvMapping, warnings: string[], options: { isXlsx: boolean; defaultCurrency?: string }): DraftStatement[] {
  const { rows } = rowsFromBytes(bytes, mapping, options.isXlsx);
  if (!options.isXlsx && mapping.encoding && rows.some((r) => r.cells.some((c) => typeof c === 'string' && c.includes('\uFFFD')))) {
    // A remembered mapping can outlive the bank's export settings; mangled text must not pass silently.
    warnings.push(`the file is not valid ${mapping.encoding} as the mapping says: some characters could not be decoded — check the encoding`);
  }
  return applyMapping(rows, mapping, warnings, { ...options, unit: options.isXlsx ? 'row' : 'line' });
}

type Col = { idx: number; field: string };

export function applyMapping(rows: Row[], mapping: CsvMapping, warnings: string[], options: { defaultCurrency?: string; unit: 'row' | 'line' }): DraftStatement[] {
  const skip = mapping.skipRows ?? 0;
  const hasHeader = mapping.hasHeader ?? true;
  // Blank lines before the header are not rows a user would count.
  let headerIdx = skip;
  while (hasHeader && headerIdx < rows.length && rows[headerIdx]!.cells.every(isEmptyCell)) headerIdx++;
  const header = hasHeader ? rows[headerIdx]?.cells.map(cellText) : undefined;
  if (hasHeader && !header) throw invalid(`${options.unit} ${skip + 1}: header row missing (empty file?)`);
  const c = mapping.columns;
  const col = (ref: ColumnRef | undefined, field: string): Col | undefined => (ref === undefined ? undefined : { idx: resolveColumn(ref, header, field), field });
  const dateCol = col(c.date, 'date')!;
  const amountCol = col(c.amount, 'amount');
  const debitCol = col(c.debit, 'debit');
  const creditCol = col(c.credit, 'credit');
  if (!amountCol && !debitCol && !creditCol) throw new AppError('statements/mapping-required', 'the mapping needs an amount column or debit and credit columns');
  const markCol = col(c.debitCreditMark, 'debitCreditMark');
  const debitMarks = new Set((mapping.debitMarks ?? ['D', 'DR', 'DBIT', 'S', 'SOLL', 'DEBIT', 'DEBET', 'AF', '-']).map((m) => m.toUpperCase()));
  const labelCols = (Array.isArray(c.label) ? c.label : [c.label]).map((r) => col(r, 'label')!);
  const valueDateCol = col(c.valueDate, 'valueDate');
  const nameCol = col(c.partnerName, 'partnerName');
  const acctCol = col(c.partnerAccount, 'partnerAccount');
  const refCol = col(c.reference, 'reference');
  const bankRefCol = col(c.bankReference, 'bankReference');
  const ccyCol = col(c.currency, 'currency');
  const balCol = col(c.balance, 'balance');
  const fAmtCol = col(c.foreignAmount, 'foreignAmount');
  const fCcyCol = col(c.foreignCurrency, 'foreignCurrency');
  const typeCol = col(c.transactionType, 'transactionType');

  type Item = { line: DraftLine; balance?: number; row: number };
  const byCurrency = new Map<string, Item[]>();
  let skippedNoDate = 0;
  const start = hasHeader ? headerIdx + 1 : skip;
  for (let r = start; r < rows.length; r++) {
    const row = rows[r]!;
    const cells = row.cells;
    if (cells.every(isEmptyCell)) continue;
    const where = `${options.unit} ${row.line}`;
    const get = (k: Col | undefined): Cell | undefined => (k ? cells[k.idx] : undefined);
    const dateCell = get(dateCol);
    if (isEmptyCell(dateCell) || (typeof dateCell === 'string' && !/\d/.test(dateCell))) {
      // Footer rows ("Total", "Balance at start of period") have no date; they are reported, not imported.
      skippedNoDate++;
      continue;
    }
    const date = parseDateCell(get(dateCol), mapping.dateFormat, `${where}, column ${describe(dateCol, header)}`);
    const currency = (cellText(get(ccyCol)).toUpperCase() || mapping.currency || options.defaultCurrency || '').trim();
    if (!currency) throw new AppError('statements/mapping-required', `${where}: no currency — map a currency column or set the account currency`);
    if (!/^[A-Z]{3}$/.test(currency)) throw invalid(`${where}, column ${describe(ccyCol, header)}: '${currency}' is not a currency code`);
    const dec = currencyDecimals(currency);
    let minor: number | undefined;
    if (amountCol) {
      minor = parseAmountCell(get(amountCol), mapping, dec, `${where}, column ${describe(amountCol, header)}`);
    } else {
      // Debit and credit columns hold magnitudes; banks differ on whether debits carry a minus sign.
      const debit = parseAmountCell(get(debitCol), mapping, dec, `${where}, column ${describe(debitCol, header)}`);
      const credit = parseAmountCell(get(creditCol), mapping, dec, `${where}, column ${describe(creditCol, header)}`);
      if (debit !== undefined || credit !== undefined) minor = Math.abs(credit ?? 0) - Math.abs(debit ?? 0);
    }
    if (markCol && minor !== undefined) {
      const mark = cellText(get(markCol)).toUpperCase();
      if (mark === '') throw invalid(`${where}, column ${describe(markCol, header)}: debit/credit mark missing`);
      minor = debitMarks.has(mark) ? -Math.abs(minor) : Math.abs(minor);
    }
    if (minor === undefined) throw invalid(`${where}: amount missing`);
    if (mapping.invertSign) minor = -minor;
    if (minor === 0) minor = 0;
    const txType = cleanText(cellText(get(typeCol)));
    const label = cleanText(labelCols.map((k) => cellText(get(k))).filter(Boolean).join(' ')) ?? cleanText(cellText(get(nameCol))) ?? txType ?? '';
    const line: DraftLine = { date, amount: minorToAmount(minor, dec), minor, currency, label };
    if (valueDateCol && !isEmptyCell(get(valueDateCol))) {
      const vd = parseDateCell(get(valueDateCol), mapping.dateFormat, `${where}, column ${describe(valueDateCol, header)}`);
      if (vd !== date) line.valueDate = vd;
    }
    const name = cleanText(cellText(get(nameCol)));
    if (name) line.partnerName = name;
    if (txType) line.transactionType = txType;
    const acct = compactAccount(cellText(get(acctCol)));
    if (acct) line.partnerAccount = acct;
    const ref = cleanText(cellText(get(refCol)));
    if (ref) line.reference = ref;
    const bref = cleanText(cellText(get(bankRefCol)));
    if (bref) {
      line.bankReference = bref;
      line.idSeed = bref;
    }
    if (fAmtCol && !isEmptyCell(get(fAmtCol))) {
      const fc = (cellText(get(fCcyCol)).toUpperCase() || undefined) ?? undefined;
      const fm = parseAmountCell(get(fAmtCol), mapping, currencyDecimals(fc), `${where}, column ${describe(fAmtCol, header)}`);
      if (fm !== undefined && fm !== 0) {
        line.foreignAmount = minorToAmount(mapping.invertSign ? -fm : fm, currencyDecimals(fc));
        if (fc) line.foreignCurrency = fc;
      }
    }
    const item: Item = { line, row: row.line };
    if (balCol) {
      const b = parseAmountCell(get(balCol), mapping, dec, `${where}, column ${describe(balCol, header)}`);
      if (b !== undefined) item.balance = b;
    }
    const list = byCurrency.get(currency) ?? [];
    list.push(item);
    byCurrency.set(currency, list);
  }
  if (skippedNoDate > 0) warnings.push(`${skippedNoDate} row(s) without a date were skipped (totals or notes)`);

  const statements: DraftStatement[] = [];
  for (const [currency, items] of byCurrency) {
    const st: DraftStatement = { account: { currency }, lines: items.map((i) => i.line) };
    const withBal = items.filter((i) => i.balance !== undefined);
    if (balCol && withBal.length > 0) {
      // Exports are newest-first as often as oldest-first; the dates tell which end is the opening.
      const newestFirst = items.length > 1 && items[0]!.line.date > items[items.length - 1]!.line.date;
      const chrono = newestFirst ? [...items].reverse() : items;
      const first = chrono[0]!;
      const last = chrono[chrono.length - 1]!;
      if (first.balance !== undefined && last.balance !== undefined) {
        st.openingBalance = { ...makeBalance(first.balance - first.line.minor, currency, first.line.date), derived: true };
        st.closingBalance = makeBalance(last.balance, currency, last.line.date);
        const breaks: number[] = [];
        for (let i = 1; i < chrono.length; i++) {
          const prev = chrono[i - 1]!.balance;
          const curB = chrono[i]!.balance;
          if (prev !== undefined && curB !== undefined && prev + chrono[i]!.line.minor !== curB) breaks.push(chrono[i]!.row);
        }
        if (breaks.length > 0) {
          warnings.push(
            `${currency}: the balance column does not follow the amounts at ${options.unit} ${breaks.slice(0, 5).join(', ')}${breaks.length > 5 ? ` and ${breaks.length - 5} more` : ''}`,
          );
        }
      }
    }
    statements.push(st);
  }
  return statements;
}

function describe(k: Col | undefined, header: string[] | undefined): string {
  if (!k) return '?';
  const h = header?.[k.idx];
  return h ? `'${h}'` : String(k.idx + 1);
}

// ---------------------------------------------------------------------------------------------------
// Mapping suggestion

export type CsvMappingSuggestion = {
  mapping: CsvMapping;
  /** 0..1: how much of the mapping rests on evidence rather than defaults. */
  confidence: number;
  /** Human-readable reasons, shown next to the mapping. */
  evidence: string[];
  /** Points the user must confirm (e.g. day/month order could not be decided). Empty when none. */
  ambiguities: string[];
  header: string[];
  preview: string[][];
};

const DELIMS = [',', ';', '\t', '|'] as const;

export function sniffDelimiter(text: string): { delimiter: string; share: number; columns: number } {
  const sample = text.slice(0, 32768);
  let best = { delimiter: ',', share: 0, columns: 1 };
  for (const d of DELIMS) {
    let rows: Row[];
    try {
      rows = parseDelimited(sample, d, 60, true).filter((r) => !r.cells.every((c) => cellText(c) === ''));
    } catch {
      continue;
    }
    if (rows.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.cells.length, (counts.get(r.cells.length) ?? 0) + 1);
    let mode = 1;
    let freq = 0;
    for (const [n, f] of counts) if (n > 1 && (f > freq || (f === freq && n > mode))) [mode, freq] = [n, f];
    const share = freq / rows.length;
    if (mode > 1 && (share > best.share + 0.05 || (Math.abs(share - best.share) <= 0.05 && mode > best.columns))) best = { delimiter: d, share, columns: mode };
  }
  return best;
}

const DATE_LIKE = /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](\d{4}|\d{2})|\d{8})([ T]\d{1,2}:\d{2}.*)?$/;
const AMOUNT_LIKE = /^[-+(]?\s*[€$£]?\s*-?\d{1,3}([.,'\s\u00a0]?\d{3})*([.,]\d{1,4})?\s*-?\)?$/;

function sniffDecimal(values: string[]): { decimal: '.' | ','; thousands?: string; evidence: string; decided: boolean } {
  let dot = 0;
  let comma = 0;
  let dotThousands = 0;
  let commaThousands = 0;
  for (const v of values) {
    const s = v.replace(/[\s\u00a0]/g, '');
    if (/\d\.\d{3},\d{1,2}$/.test(s)) {
      comma++;
      dotThousands++;
    } else if (/\d,\d{3}\.\d{1,2}$/.test(s)) {
      dot++;
      commaThousands++;
    } else if (/^[-+]?\d+,\d{1,2}-?$/.test(s)) comma++;
    else if (/^[-+]?\d+\.\d{1,2}-?$/.test(s)) dot++;
    else if (/^[-+]?\d+,\d{4,}$/.test(s)) comma++;
    else if (/^[-+]?\d+\.\d{4,}$/.test(s)) dot++;
  }
  if (comma > dot) {
    return { decimal: ',', ...(dotThousands > 0 ? { thousands: '.' } : {}), evidence: `decimal comma (${comma} amounts like '12,34'${dotThousands ? `, '.' groups thousands` : ''})`, decided: true };
  }
  if (dot > 0) {
    return { decimal: '.', ...(commaThousands > 0 ? { thousands: ',' } : {}), evidence: `decimal point (${dot} amounts like '12.34'${commaThousands ? `, ',' groups thousands` : ''})`, decided: true };
  }
  return { decimal: '.', evidence: 'no decimals seen in the amounts: assumed a decimal point', decided: false };
}

function sniffDateFormat(values: string[], lang: string | undefined): { format: DateFormat; evidence: string; ambiguous?: string } {
  const vals = values.map((v) => v.replace(/[ T]\d{1,2}:\d{2}.*$/, '').trim()).filter((v) => /\d/.test(v));
  if (vals.length === 0) return { format: 'YYYY-MM-DD', evidence: 'no dates to look at', ambiguous: 'no dates found: choose the date format' };
  if (vals.every((v) => /^\d{4}-\d{1,2}-\d{1,2}$/.test(v))) return { format: 'YYYY-MM-DD', evidence: `ISO dates ('${vals[0]}')` };
  if (vals.every((v) => /^\d{4}\/\d{1,2}\/\d{1,2}$/.test(v))) return { format: 'YYYY/MM/DD', evidence: `year-first dates ('${vals[0]}')` };
  if (vals.every((v) => /^\d{8}$/.test(v))) return { format: 'YYYYMMDD', evidence: `compact dates ('${vals[0]}')` };
  const parts = vals.map((v) => /^(\d{1,2})([./-])(\d{1,2})[./-](\d{4}|\d{2})$/.exec(v));
  if (parts.some((p) => !p)) {
    const bad = vals[parts.findIndex((p) => !p)];
    return { format: 'YYYY-MM-DD', evidence: `unrecognised date '${bad}'`, ambiguous: `date '${bad}' has no known format: choose the date format` };
  }
  const sep = parts[0]![2]!;
  const short = parts[0]![4]!.length === 2;
  const dayFirst = parts.find((p) => Number(p![1]) > 12);
  const monthFirst = parts.find((p) => Number(p![3]) > 12);
  const name = (order: 'DMY' | 'MDY'): DateFormat => {
    if (sep === '.') return short ? 'DD.MM.YY' : 'DD.MM.YYYY';
    if (sep === '-') return order === 'DMY' ? 'DD-MM-YYYY' : 'MM-DD-YYYY';
    if (order === 'DMY') return short ? 'DD/MM/YY' : 'DD/MM/YYYY';
    return short ? 'MM/DD/YY' : 'MM/DD/YYYY';
  };
  if (dayFirst && !monthFirst) return { format: name('DMY'), evidence: `day first: '${dayFirst[0]}' has ${dayFirst[1]} > 12 in the first place` };
  if (monthFirst && !dayFirst) return { format: name('MDY'), evidence: `month first: '${monthFirst[0]}' has ${monthFirst[3]} > 12 in the second place` };
  if (dayFirst && monthFirst) return { format: name('DMY'), evidence: 'inconsistent dates', ambiguous: `dates '${dayFirst[0]}' and '${monthFirst[0]}' disagree on day/month order` };
  if (sep === '.') return { format: name('DMY'), evidence: `dotted dates ('${vals[0]}') are day-first by convention` };
  const guess: 'DMY' | 'MDY' = lang === 'en' ? 'MDY' : 'DMY';
  return {
    format: name(guess),
    evidence: `no day above 12 in ${vals.length} dates; ${guess === 'MDY' ? 'English headers suggest month-first' : 'assumed day-first'}`,
    ambiguous: `day/month order cannot be told from the dates (all ≤ 12, e.g. '${vals[0]}'): confirm the date format`,
  };
}

function headerLanguage(header: string[]): string | undefined {
  const h = header.map(normalizeHeader).join(' ');
  if (/\b(fecha|importe|concepto|divisa|bruto|neto|descripcion)\b/.test(h)) return 'es';
  if (/\b(buchung\w*|betrag|verwendungszweck|waehrung|wahrung|soll|haben|wertstellung)\b/.test(h)) return 'de';
  if (/\b(montant|libelle|solde)\b/.test(h)) return 'fr';
  if (/\b(bedrag|omschrijving|tegenrekening|boekdatum|naam)\b/.test(h)) return 'nl';
  if (/\b(date|amount|description|balance|label|gross|net)\b/.test(h)) return 'en';
  return undefined;
}

export function suggestCsvMapping(bytes: Uint8Array): CsvMappingSuggestion {
  const evidence: string[] = [];
  const ambiguities: string[] = [];
  let rows: Row[];
  let delimiter: string | undefined;
  let encoding: string | undefined;
  let score = 1;
  if (isZip(bytes)) {
    rows = readXlsxSheet(bytes, 0).map((cells, i) => ({ cells, line: i + 1 }));
    evidence.push('Excel workbook: first sheet');
  } else {
    const dec = decodeText(bytes);
    encoding = dec.encoding;
    const sniff = sniffDelimiter(dec.text);
    delimiter = sniff.delimiter;
    rows = parseDelimited(dec.text, delimiter);
    evidence.push(`delimiter '${delimiter === '\t' ? '\\t' : delimiter}': ${Math.round(sniff.share * 100)}% of rows have ${sniff.columns} columns`);
    evidence.push(`encoding ${encoding}`);
    score *= Math.max(0.5, sniff.share);
  }
  // Header row: the first row (within 30) naming at least two known fields.
  let headerIdx = -1;
  let headerMap = new Map<MappedField, number>();
  for (let i = 0; i < Math.min(rows.length, 30); i++) {
    const cells = rows[i]!.cells.map(cellText);
    const m = matchHeaders(cells);
    if (m.size >= 2 && (m.has('date') || m.has('amount') || m.has('debit'))) {
      headerIdx = i;
      headerMap = m;
      break;
    }
  }
  const hasHeader = headerIdx >= 0;
  const header = hasHeader ? rows[headerIdx]!.cells.map(cellText) : [];
  const data = rows.slice(hasHeader ? headerIdx + 1 : 0).filter((r) => !r.cells.every(isEmptyCell));
  const sample = data.slice(0, 200);
  const colValues = (idx: number): Cell[] => sample.map((r) => r.cells[idx] ?? null).filter((c) => !isEmptyCell(c));

  if (hasHeader) {
    evidence.push(`header on row ${headerIdx + 1}: ${[...headerMap].map(([f, i]) => `${f} ← '${header[i]}'`).join(', ')}`);
    if (headerIdx > 0) evidence.push(`${headerIdx} metadata row(s) above the header skipped`);
  } else {
    // No header: infer columns from their content.
    score *= 0.7;
    evidence.push('no header row recognised: columns inferred from their content');
    const width = Math.max(0, ...sample.map((r) => r.cells.length));
    const share = (idx: number, re: RegExp): number => {
      const vals = colValues(idx);
      return vals.length === 0 ? 0 : vals.filter((v) => typeof v === 'number' || re.test(cellText(v))).length / vals.length;
    };
    for (let i = 0; i < width; i++) {
      if (!headerMap.has('date') && share(i, DATE_LIKE) > 0.9) headerMap.set('date', i);
      else if (!headerMap.has('amount') && share(i, AMOUNT_LIKE) > 0.9 && colValues(i).length > 0) headerMap.set('amount', i);
      else if (!headerMap.has('currency') && colValues(i).length > 0 && colValues(i).every((v) => /^[A-Z]{3}$/.test(cellText(v)))) headerMap.set('currency', i);
    }
    // Exports put the description right after the date far more often than anywhere else:
    // the first text column is the label, the next one the counterparty.
    const textCols: number[] = [];
    for (let i = 0; i < width; i++) {
      if ([...headerMap.values()].includes(i)) continue;
      const vals = colValues(i).map(cellText);
      if (vals.length > 0 && share(i, AMOUNT_LIKE) < 0.5 && vals.some((v) => /[A-Za-z]{3}/.test(v))) textCols.push(i);
    }
    if (textCols[0] !== undefined) headerMap.set('label', textCols[0]);
    if (textCols[1] !== undefined) headerMap.set('partnerName', textCols[1]);
  }

  if (hasHeader && !headerMap.has('label') && !headerMap.has('partnerName')) {
    // No recognised description column: take the first column holding words rather than dates or numbers.
    const used = new Set(headerMap.values());
    const width = Math.max(header.length, ...sample.map((r) => r.cells.length));
    for (let i = 0; i < width; i++) {
      if (used.has(i)) continue;
      const vals = colValues(i);
      if (vals.length > 0 && vals.every((v) => typeof v === 'string') && vals.some((v) => /[A-Za-z]{3}/.test(cellText(v)))) {
        headerMap.set('label', i);
        evidence.push(`label ← '${header[i] ?? i + 1}' (first text column; no known description header)`);
        break;
      }
    }
    if (!headerMap.has('label')) ambiguities.push('no description column found: choose the label column');
  }
  const lang = headerLanguage(header);
  if (lang) evidence.push(`header language: ${lang}`);
  const dateIdx = headerMap.get('date');
  if (dateIdx === undefined) {
    ambiguities.push('no date column found: choose it');
    score *= 0.3;
  }
  const dateVals = dateIdx === undefined ? [] : colValues(dateIdx);
  let dateFormat: DateFormat = 'YYYY-MM-DD';
  if (dateVals.length > 0 && dateVals.every((v) => typeof v === 'number')) {
    evidence.push('dates are Excel date cells');
  } else {
    const df = sniffDateFormat(dateVals.map(cellText), lang);
    dateFormat = df.format;
    evidence.push(`date format ${df.format}: ${df.evidence}`);
    if (df.ambiguous) {
      ambiguities.push(df.ambiguous);
      score *= 0.6;
    }
  }
  const moneyCols = (['amount', 'debit', 'credit', 'balance'] as const).map((f) => headerMap.get(f)).filter((i): i is number => i !== undefined);
  if (!headerMap.has('amount') && !(headerMap.has('debit') || headerMap.has('credit'))) {
    ambiguities.push('no amount (or debit/credit) column found: choose it');
    score *= 0.3;
  }
  const moneyVals = moneyCols.flatMap((i) => colValues(i)).filter((v): v is string => typeof v === 'string');
  const decimal = sniffDecimal(moneyVals);
  evidence.push(decimal.evidence);
  if (!decimal.decided) score *= 0.85;

  const columns: CsvMapping['columns'] = { date: dateIdx ?? 0, label: headerMap.get('label') ?? headerMap.get('partnerName') ?? 0 };
  const ref = (f: MappedField): ColumnRef | undefined => {
    const i = headerMap.get(f);
    if (i === undefined) return undefined;
    return hasHeader && header[i] && header.filter((h) => h === header[i]).length === 1 ? header[i] : i;
  };
  columns.date = ref('date') ?? 0;
  columns.label = ref('label') ?? ref('partnerName') ?? 0;
  for (const f of ['amount', 'debitCreditMark', 'valueDate', 'partnerName', 'partnerAccount', 'reference', 'bankReference', 'currency', 'balance', 'foreignAmount', 'foreignCurrency', 'transactionType'] as const) {
    const r = ref(f);
    if (r !== undefined) columns[f] = r;
  }
  if (columns.amount === undefined) {
    const d = ref('debit');
    const c = ref('credit');
    if (d !== undefined) columns.debit = d;
    if (c !== undefined) columns.credit = c;
  }
  const mapping: CsvMapping = { decimal: decimal.decimal, dateFormat, columns };
  if (decimal.thousands) mapping.thousands = decimal.thousands;
  if (delimiter) mapping.delimiter = delimiter;
  if (hasHeader && headerIdx > 0) mapping.skipRows = headerIdx;
  if (!hasHeader) mapping.hasHeader = false;
  if (encoding && encoding !== 'utf-8') mapping.encoding = encoding as NonNullable<CsvMapping['encoding']>;
  return {
    mapping,
    confidence: Math.round(score * 100) / 100,
    evidence,
    ambiguities,
    header,
    preview: data.slice(0, 5).map((r) => r.cells.map(cellText)),
  };
}
