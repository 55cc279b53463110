/**
 * Normalised bank-statement shapes shared by every format parser. Dates are ISO `YYYY-MM-DD` strings
 * (bank files carry calendar days, not instants); amounts are numbers rounded to the currency's minor
 * unit, with the exact integer `minor` alongside so callers can compare without floats.
 */

export type StatementFormat = 'camt' | 'ofx' | 'mt940' | 'qif' | 'csv' | 'xlsx';

export type Balance = {
  amount: number;
  minor: number;
  currency?: string;
  date?: string;
  /** True when the file did not carry this balance and it was computed from the other one and the lines. */
  derived?: boolean;
};

export type ParsedLine = {
  date: string;
  valueDate?: string;
  amount: number;
  minor: number;
  currency: string;
  label: string;
  partnerName?: string;
  partnerAccount?: string;
  partnerBic?: string;
  reference?: string;
  bankReference?: string;
  transactionType?: string;
  foreignAmount?: number;
  foreignCurrency?: string;
  /** True for entries the bank reports but has not booked yet (CAMT status PDNG/INFO, intraday camt.052). */
  pending?: boolean;
  /** Stable across re-imports of the same or an overlapping file (see `assignUniqueIds`). */
  uniqueId: string;
};

export type StatementAccount = {
  iban?: string;
  number?: string;
  bic?: string;
  /** National bank code when the file gives one instead of a BIC (OFX routing number, German BLZ). */
  bankCode?: string;
  currency?: string;
  name?: string;
};

export type ParsedStatement = {
  account: StatementAccount;
  statementId?: string;
  openingBalance?: Balance;
  closingBalance?: Balance;
  lines: ParsedLine[];
};

export type ParsedStatementFile = {
  format: StatementFormat;
  statements: ParsedStatement[];
  warnings: string[];
};

/** A line before `uniqueId` is assigned; `idSeed` is the bank's own transaction id when it has one. */
export type DraftLine = Omit<ParsedLine, 'uniqueId'> & { idSeed?: string };
export type DraftStatement = Omit<ParsedStatement, 'lines'> & { lines: DraftLine[] };

export type DateFormat =
  | 'YYYY-MM-DD'
  | 'YYYYMMDD'
  | 'DD.MM.YYYY'
  | 'DD/MM/YYYY'
  | 'MM/DD/YYYY'
  | 'DD-MM-YYYY'
  | 'MM-DD-YYYY'
  | 'DD.MM.YY'
  | 'DD/MM/YY'
  | 'MM/DD/YY'
  | 'YYYY/MM/DD';

/** A column is named by its header text (case-insensitive) or by 0-based index. */
export type ColumnRef = string | number;

export type CsvMapping = {
  delimiter?: string;
  decimal: '.' | ',';
  thousands?: string;
  dateFormat: DateFormat;
  columns: {
    date: ColumnRef;
    amount?: ColumnRef;
    debit?: ColumnRef;
    credit?: ColumnRef;
    /** A column saying whether `amount` is a debit or a credit ("D"/"C", "S"/"H", "Debit"/"Credit"). */
    debitCreditMark?: ColumnRef;
    label: ColumnRef | ColumnRef[];
    valueDate?: ColumnRef;
    partnerName?: ColumnRef;
    partnerAccount?: ColumnRef;
    reference?: ColumnRef;
    bankReference?: ColumnRef;
    currency?: ColumnRef;
    balance?: ColumnRef;
    foreignAmount?: ColumnRef;
    foreignCurrency?: ColumnRef;
    /** Bank's transaction type text ("Card payment", PayPal "Type"); also the label of last resort. */
    transactionType?: ColumnRef;
  };
  /** Rows to skip before the header row (bank metadata blocks). */
  skipRows?: number;
  /** False when the file has no header row: columns must then be indexes. Default true. */
  hasHeader?: boolean;
  /** Values of `debitCreditMark` that mean a debit (case-insensitive); default D, DR, DBIT, S, SOLL, DEBIT, AF, -. */
  debitMarks?: string[];
  /** Credit-card exports show purchases as positive: true flips every amount. */
  invertSign?: boolean;
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'iso-8859-1';
  /** Statement currency when the file has no currency column. */
  currency?: string;
  sheet?: number;
};

export type QifOptions = {
  /** Required only when the file's dates cannot tell day-first from month-first. */
  dateOrder?: 'DMY' | 'MDY';
  currency?: string;
};

export type ParseInput = {
  bytes: Buffer | Uint8Array;
  fileName?: string;
  format?: StatementFormat;
  csvMapping?: CsvMapping;
  qif?: QifOptions;
  /** Currency used when the file itself names none (QIF, some CSV). */
  defaultCurrency?: string;
};
