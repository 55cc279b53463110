import { describe, expect, test } from 'vitest';
import type { CsvMappingInput } from '../reconciliation.api';
import { columnIndex, columnRef, draftProblems, effectiveColumns, fromDraft, toDraft } from './mapping';

const columns = ['Buchungstag', 'Valuta', 'Verwendungszweck', 'Betrag', 'Soll', 'Haben', 'Verwendungszweck'];

describe('CSV mapping draft', () => {
  test('columns by header (any case) or by index', () => {
    expect(columnIndex('betrag', columns)).toBe(3);
    expect(columnIndex(5, columns)).toBe(5);
    expect(columnIndex('Nope', columns)).toBe(-1);
    expect(columnIndex(undefined, columns)).toBe(-1);
  });

  test('written back by header when it is unique, else by position', () => {
    expect(columnRef(3, columns, true)).toBe('Betrag');
    expect(columnRef(2, columns, true)).toBe(2);
    expect(columnRef(3, columns, false)).toBe(3);
  });

  test('round trip of a suggested mapping keeps what the dialog does not edit', () => {
    const m: CsvMappingInput = {
      decimal: ',',
      thousands: '.',
      dateFormat: 'DD.MM.YYYY',
      delimiter: ';',
      columns: { date: 'Buchungstag', amount: 'Betrag', label: [2, 6], valueDate: 1, transactionType: 'Art' },
    };
    const d = toDraft(m, columns);
    expect(d).toMatchObject({ amountMode: 'single', cols: { date: 0, amount: 3, valueDate: 1 }, label: [2, 6] });
    expect(fromDraft(d, columns)).toEqual({
      decimal: ',',
      thousands: '.',
      dateFormat: 'DD.MM.YYYY',
      delimiter: ';',
      columns: { date: 'Buchungstag', amount: 'Betrag', label: [2, 6], valueDate: 'Valuta', transactionType: 'Art' },
    });
  });

  test('debit + credit mode drops the amount column; missing parts are named', () => {
    const d = toDraft({ decimal: '.', dateFormat: 'YYYY-MM-DD', columns: { date: 0, label: 2 } }, columns);
    expect(draftProblems(d)).toEqual(['Choose the amount column.']);
    expect(fromDraft(d, columns)).toBeNull();
    const split = { ...d, amountMode: 'split' as const, cols: { ...d.cols, amount: 3, debit: 4, credit: 5 } };
    expect(fromDraft(split, columns)?.columns).toEqual({ date: 'Buchungstag', label: 2, debit: 'Soll', credit: 'Haben' });
  });
});

test('a first row the core took for data becomes the header when the user says so', () => {
  const sample = [
    ['Col A', 'Col B'],
    ['03.12.2026', 'x'],
  ];
  expect(effectiveColumns({ hasHeader: false }, [], sample)).toEqual({ names: [], rows: sample });
  expect(effectiveColumns({ hasHeader: true }, [], sample)).toEqual({ names: ['Col A', 'Col B'], rows: [['03.12.2026', 'x']] });
  expect(effectiveColumns({}, ['Datum', 'Text'], sample.slice(1))).toEqual({ names: ['Datum', 'Text'], rows: [['03.12.2026', 'x']] });
});
