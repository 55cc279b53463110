import { describe, expect, it } from 'vitest';
import { parseStatement, suggestCsvMapping } from './index';
import type { CsvMapping } from './index';
import { errorOf, fixture as fixtureAt } from './test-support';

const fixture = (p: string): Buffer => fixtureAt(`own/${p}`);
const csv = (s: string): Buffer => Buffer.from(s, 'utf8');

const BASIC: CsvMapping = { delimiter: ',', decimal: '.', dateFormat: 'YYYY-MM-DD', columns: { date: 'Date', amount: 'Amount', label: 'Description', balance: 'Balance' } };
const NO_BALANCE: CsvMapping = { ...BASIC, columns: { date: 'Date', amount: 'Amount', label: 'Description' } };

describe('suggestCsvMapping', () => {
  it('German export: semicolon, decimal comma with thousands dots, DD.MM.YYYY, Latin-1, German headers', () => {
    const s = suggestCsvMapping(fixture('de-semicolon-latin1.csv'));
    expect(s.mapping).toEqual({
      delimiter: ';',
      decimal: ',',
      thousands: '.',
      dateFormat: 'DD.MM.YYYY',
      encoding: 'windows-1252',
      columns: {
        date: 'Buchungstag',
        valueDate: 'Valuta',
        label: 'Verwendungszweck',
        amount: 'Betrag',
        partnerName: 'Auftraggeber/Empfänger',
        partnerAccount: 'IBAN',
        currency: 'Währung',
        balance: 'Saldo',
      },
    });
    expect(s.confidence).toBe(1);
    expect(s.ambiguities).toEqual([]);
    expect(s.evidence.join('\n')).toMatch(/day first: '15.01.2024'/);
    expect(s.preview[0]).toEqual(['02.01.2024', '02.01.2024', 'Stadtwerke München', 'Abschlag Strom Januar', 'DE89370400440532013000', '-85,00', 'EUR', '1.915,00']);
  });

  it('French UTF-16 export: tab, DD/MM/YYYY decided by a day above 12', () => {
    const s = suggestCsvMapping(fixture('fr-utf16.csv'));
    expect(s.mapping).toMatchObject({ delimiter: '\t', decimal: ',', dateFormat: 'DD/MM/YYYY', encoding: 'utf-16le', columns: { date: 'Date', label: 'Libellé', amount: 'Montant', currency: 'Devise' } });
  });

  it('says when day/month order cannot be decided, and lowers the confidence', () => {
    const s = suggestCsvMapping(csv('Date,Description,Amount\n03/04/2024,A,1.00\n05/06/2024,B,2.00\n'));
    expect(s.ambiguities.join('\n')).toMatch(/day\/month order cannot be told/);
    expect(s.confidence).toBeLessThan(0.7);
  });

  it('finds the header under metadata rows and maps debit/credit (XLSX)', () => {
    const s = suggestCsvMapping(fixture('bank-export.xlsx'));
    expect(s.mapping).toMatchObject({ skipRows: 2, columns: { date: 'Date', debit: 'Debit', credit: 'Credit', label: 'Text' } });
    expect(s.evidence).toContain('dates are Excel date cells');
  });

  it('infers columns of a file without header from their content', () => {
    const s = suggestCsvMapping(csv('"12/15/2018","Your payment","EUR","1,525.00","Azure Interior"\n"12/16/2018","Fee","EUR","-2.00","Bank"\n'));
    expect(s.mapping).toMatchObject({ hasHeader: false, dateFormat: 'MM/DD/YYYY', decimal: '.', thousands: ',', columns: { date: 0, label: 1, currency: 2, amount: 3, partnerName: 4 } });
    const res = parseStatement({ bytes: csv('"12/15/2018","Your payment","EUR","1,525.00","Azure Interior"\n'), csvMapping: s.mapping });
    expect(res.statements[0]!.lines[0]).toMatchObject({ date: '2018-12-15', amount: 1525, label: 'Your payment', partnerName: 'Azure Interior', currency: 'EUR' });
  });

  it('recognises a debit/credit mark column', () => {
    const s = suggestCsvMapping(csv('Date,Label,Amount,D/C\n12/15/2018,X,33.50,D\n12/16/2018,Y,10.00,C\n'));
    expect(s.mapping.columns).toMatchObject({ amount: 'Amount', debitCreditMark: 'D/C' });
    const lines = parseStatement({ bytes: csv('Date,Label,Amount,D/C\n12/15/2018,X,33.50,D\n12/16/2018,Y,-10.00,C\n'), csvMapping: s.mapping, defaultCurrency: 'EUR' }).statements[0]!.lines;
    expect(lines.map((l) => l.amount)).toEqual([-33.5, 10]);
  });
});

describe('CSV / XLSX import through a mapping', () => {
  it('parses with the suggested mapping: balances from the balance column, partner, value date', () => {
    const bytes = fixture('de-semicolon-latin1.csv');
    const res = parseStatement({ bytes, fileName: 'umsaetze.csv', csvMapping: suggestCsvMapping(bytes).mapping });
    expect(res.format).toBe('csv');
    const st = res.statements[0]!;
    expect(st.openingBalance).toMatchObject({ amount: 2000, derived: true, date: '2024-01-02' });
    expect(st.closingBalance).toMatchObject({ amount: 3160.5, date: '2024-01-31' });
    expect(st.lines[1]).toMatchObject({ amount: 1250.4, minor: 125040, partnerName: 'Kunde AG', partnerAccount: 'DE02120300000000202051', label: 'RE 2023-117 Danke' });
    expect(st.lines[2]!.label).toBe('Kontoführung');
    expect(res.warnings).toEqual([]);
  });

  it('reads XLSX serial dates and debit/credit columns', () => {
    const bytes = fixture('bank-export.xlsx');
    const res = parseStatement({ bytes, fileName: 'export.xlsx', csvMapping: suggestCsvMapping(bytes).mapping, defaultCurrency: 'EUR' });
    expect(res.format).toBe('xlsx');
    expect(res.statements[0]!.lines.map((l) => [l.date, l.amount, l.label])).toEqual([
      ['2024-03-01', -950, 'Rent March'],
      ['2024-03-15', 1234.56, 'Customer payment INV-7'],
      ['2024-03-15', -2.5, 'Card fee'],
    ]);
  });

  it('skips footer rows without a date (with a warning) and keeps identical lines apart', () => {
    const res = parseStatement({ bytes: fixture('iso-dupes.csv'), csvMapping: BASIC, defaultCurrency: 'EUR' });
    const lines = res.statements[0]!.lines;
    expect(lines).toHaveLength(3);
    expect(lines[0]!.uniqueId).not.toBe(lines[1]!.uniqueId);
    expect(res.warnings).toEqual(['1 row(s) without a date were skipped (totals or notes)']);
  });

  it('handles newest-first files and reports a balance column that does not follow the amounts', () => {
    const body = 'Date,Description,Amount,Balance\n2024-03-03,C,5.00,120.00\n2024-03-02,B,10.00,115.00\n2024-03-01,A,-1.00,100.00\n';
    const res = parseStatement({ bytes: csv(body), csvMapping: BASIC, defaultCurrency: 'EUR' });
    const st = res.statements[0]!;
    expect(st.openingBalance?.amount).toBe(101);
    expect(st.closingBalance?.amount).toBe(120);
    expect(res.warnings.join('\n')).toMatch(/EUR: the balance column does not follow the amounts at line 3/);
  });

  it('one statement per currency; credit-card sign inversion; quoted fields with delimiters and newlines', () => {
    const body = 'Date,Description,Amount,Currency\n2024-01-01,"Shop, ""Main""\nStreet",10.00,USD\n2024-01-02,Other,5.00,EUR\n';
    const res = parseStatement({ bytes: csv(body), csvMapping: { ...BASIC, columns: { date: 'Date', amount: 'Amount', label: 'Description', currency: 'Currency' }, invertSign: true } });
    expect(res.statements.map((s) => [s.account.currency, s.lines.map((l) => l.amount)])).toEqual([
      ['USD', [-10]],
      ['EUR', [-5]],
    ]);
    expect(res.statements[0]!.lines[0]!.label).toBe('Shop, "Main" Street');
  });

  it('parses amounts in the forms banks write them', () => {
    const body = 'Date;Text;Amount\n01.02.2024;a;1.234,56\n01.02.2024;b;-0,5\n01.02.2024;c;(12,00)\n01.02.2024;d;7,00-\n01.02.2024;e;EUR 3,00\n01.02.2024;f;€ 1 000,00\n';
    const mapping: CsvMapping = { delimiter: ';', decimal: ',', thousands: '.', dateFormat: 'DD.MM.YYYY', columns: { date: 'Date', amount: 'Amount', label: 'Text' } };
    const lines = parseStatement({ bytes: csv(body), csvMapping: mapping, defaultCurrency: 'EUR' }).statements[0]!.lines;
    expect(lines.map((l) => l.minor)).toEqual([123456, -50, -1200, -700, 300, 100000]);
  });

  it('warns when the remembered encoding does not fit the file', () => {
    const bytes = fixture('de-semicolon-latin1.csv');
    const mapping = { ...suggestCsvMapping(bytes).mapping, encoding: 'utf-8' as const };
    // Named columns with umlauts no longer match: the error says why.
    expect(errorOf(() => parseStatement({ bytes, csvMapping: mapping })).message).toMatch(/could not be decoded: check the encoding/);
    // Columns by index still resolve; the mangled text is reported.
    const byIndex = { ...mapping, columns: { date: 0, label: 3, amount: 5, partnerName: 2 } };
    const res = parseStatement({ bytes, csvMapping: byIndex, defaultCurrency: 'EUR' });
    expect(res.warnings.join('\n')).toMatch(/not valid utf-8 as the mapping says/);
  });

  describe('rejects bad input naming the line and column', () => {
    it('an amount that is not a number', () => {
      const e = errorOf(() => parseStatement({ bytes: csv('Date,Description,Amount,Balance\n2024-01-01,x,12.3x,1\n'), csvMapping: BASIC, defaultCurrency: 'EUR' }));
      expect(e).toEqual({ code: 'statements/invalid', message: "line 2, column 'Amount': amount '12.3x' is not a number" });
    });

    it('a date that does not match the format, or does not exist', () => {
      expect(errorOf(() => parseStatement({ bytes: csv('Date,Description,Amount\n01/02/2024,x,1\n'), csvMapping: NO_BALANCE, defaultCurrency: 'EUR' })).message).toBe(
        "line 2, column 'Date': date '01/02/2024' does not match YYYY-MM-DD",
      );
      expect(errorOf(() => parseStatement({ bytes: csv('Date,Description,Amount\n2024-02-30,x,1\n'), csvMapping: NO_BALANCE, defaultCurrency: 'EUR' })).message).toBe(
        "line 2, column 'Date': date '2024-02-30' is not a valid YYYY-MM-DD date",
      );
    });

    it('a mapped column missing from the header, a missing mapping, a missing currency', () => {
      const e = errorOf(() => parseStatement({ bytes: csv('Datum,Text,Betrag\n2024-01-01,x,1\n'), csvMapping: BASIC }));
      expect(e.code).toBe('statements/mapping-required');
      expect(e.message).toMatch(/column 'Date' for date not found in the header \(found: 'Datum', 'Text', 'Betrag'\)/);
      expect(errorOf(() => parseStatement({ bytes: csv('Date,Description,Amount\n2024-01-01,x,1\n'), fileName: 'a.csv' })).code).toBe('statements/mapping-required');
      expect(errorOf(() => parseStatement({ bytes: csv('Date,Description,Amount\n2024-01-01,x,1\n'), csvMapping: NO_BALANCE })).message).toMatch(/line 2: no currency/);
    });

    it('a truncated file (open quote) and a truncated workbook', () => {
      expect(errorOf(() => parseStatement({ bytes: csv('Date,Description,Amount\n2024-01-01,"unterminated,1\n'), csvMapping: NO_BALANCE, defaultCurrency: 'EUR' })).message).toBe(
        'line 2: unterminated quoted field — the file is truncated',
      );
      const xlsx = fixture('bank-export.xlsx');
      const e = errorOf(() => parseStatement({ bytes: xlsx.subarray(0, xlsx.length - 40), format: 'xlsx', csvMapping: BASIC }));
      expect(e.code).toBe('statements/invalid');
      expect(e.message).toMatch(/ZIP archive/);
    });
  });
});
