import type { CsvMappingInput } from '../reconciliation.api';

/** The fields of a CSV mapping the dialog edits, each a column of the file (by position). */
export type MappedField = 'date' | 'amount' | 'debit' | 'credit' | 'debitCreditMark' | 'valueDate' | 'partnerName' | 'partnerAccount' | 'reference' | 'currency' | 'balance';

export const FIELD_LABELS: Record<MappedField, string> = {
  date: 'Date',
  amount: 'Amount',
  debit: 'Debit (money out)',
  credit: 'Credit (money in)',
  debitCreditMark: 'Debit/credit mark',
  valueDate: 'Value date',
  partnerName: 'Counterparty name',
  partnerAccount: 'Counterparty account (IBAN)',
  reference: 'Reference',
  currency: 'Currency',
  balance: 'Running balance',
};

export const DATE_FORMATS = ['YYYY-MM-DD', 'YYYYMMDD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD-MM-YYYY', 'MM-DD-YYYY', 'DD.MM.YY', 'DD/MM/YY', 'MM/DD/YY', 'YYYY/MM/DD'] as const;

type ColumnRef = string | number;

/**
 * The column names and data rows the dialog shows: the core's header when it found one; when the user says the
 * first row is a header and the core did not, that row's cells.
 */
export function effectiveColumns(m: Pick<CsvMappingInput, 'hasHeader'>, columns: readonly string[], sample: readonly string[][]): { names: string[]; rows: string[][] } {
  if (m.hasHeader === false) return { names: [], rows: [...sample] };
  if (columns.length > 0) return { names: [...columns], rows: [...sample] };
  return { names: [...(sample[0] ?? [])], rows: sample.slice(1) };
}

/** The position of a column named by header text (case-insensitive) or index; -1 when the file has no such column. */
export function columnIndex(ref: ColumnRef | undefined, columns: readonly string[]): number {
  if (ref === undefined) return -1;
  if (typeof ref === 'number') return ref < columns.length || columns.length === 0 ? ref : -1;
  const want = ref.trim().toLowerCase();
  return columns.findIndex((c) => c.trim().toLowerCase() === want);
}

/**
 * How a column is written back into the mapping: its header text when the file has a header and that text names
 * one column only (robust when a bank reorders its columns), else its position.
 */
export function columnRef(index: number, columns: readonly string[], hasHeader: boolean): ColumnRef {
  const name = columns[index]?.trim();
  if (hasHeader && name && columns.filter((c) => c.trim().toLowerCase() === name.toLowerCase()).length === 1) return name;
  return index;
}

export type AmountMode = 'single' | 'split';

/** The dialog's view of a mapping: column positions instead of refs. */
export type MappingDraft = {
  base: CsvMappingInput;
  amountMode: AmountMode;
  cols: Partial<Record<MappedField, number>>;
  label: number[];
};

export function toDraft(m: CsvMappingInput, columns: readonly string[]): MappingDraft {
  const cols: Partial<Record<MappedField, number>> = {};
  for (const f of Object.keys(FIELD_LABELS) as MappedField[]) {
    const i = columnIndex(m.columns[f], columns);
    if (i >= 0) cols[f] = i;
  }
  const labels = Array.isArray(m.columns.label) ? m.columns.label : [m.columns.label];
  return {
    base: m,
    amountMode: cols.amount === undefined && (cols.debit !== undefined || cols.credit !== undefined) ? 'split' : 'single',
    cols,
    label: labels.map((r) => columnIndex(r, columns)).filter((i) => i >= 0),
  };
}

/** What is missing before the mapping can be used, in words (empty: complete). */
export function draftProblems(d: MappingDraft): string[] {
  const out: string[] = [];
  if (d.cols.date === undefined) out.push('Choose the date column.');
  if (d.amountMode === 'single' && d.cols.amount === undefined) out.push('Choose the amount column.');
  if (d.amountMode === 'split' && d.cols.debit === undefined && d.cols.credit === undefined) out.push('Choose the debit and credit columns.');
  if (d.label.length === 0) out.push('Choose at least one label column.');
  return out;
}

/** The mapping the core takes, or null while something required is missing. */
export function fromDraft(d: MappingDraft, columns: readonly string[]): CsvMappingInput | null {
  if (draftProblems(d).length > 0) return null;
  const hasHeader = d.base.hasHeader !== false;
  const ref = (i: number) => columnRef(i, columns, hasHeader);
  const skip: MappedField[] = d.amountMode === 'single' ? ['debit', 'credit'] : ['amount', 'debitCreditMark'];
  const columnsOut: CsvMappingInput['columns'] = { date: ref(d.cols.date!), label: d.label.length === 1 ? ref(d.label[0]!) : d.label.map(ref) };
  for (const f of Object.keys(FIELD_LABELS) as MappedField[]) {
    if (f === 'date' || skip.includes(f)) continue;
    const i = d.cols[f];
    if (i !== undefined) columnsOut[f] = ref(i);
  }
  // keep the columns this dialog does not edit (bank reference, foreign amount, transaction type)
  for (const f of ['bankReference', 'foreignAmount', 'foreignCurrency', 'transactionType'] as const) {
    const v = d.base.columns[f];
    if (v !== undefined) columnsOut[f] = v;
  }
  return { ...d.base, columns: columnsOut };
}
