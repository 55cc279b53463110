import { describe, expect, it } from 'vitest';
import { addDays, detectDateOrder, findDates } from './dates';
import { detectNumberFormat, findAmounts, parseAmount } from './numbers';

describe('amount formats decided from evidence', () => {
  it('tells the decimal separator from unambiguous numbers in the document', () => {
    expect(detectNumberFormat(['Total 1,234.56', 'VAT 12.00']).decimal).toBe('.');
    expect(detectNumberFormat(['Summe 1.234,56', 'MwSt 12,00']).decimal).toBe(',');
    expect(detectNumberFormat(['Total TTC 1 234,56 €']).decimal).toBe(',');
    expect(detectNumberFormat(["Total CHF 1'234.50"]).decimal).toBe('.');
    expect(detectNumberFormat(['no numbers here']).certainty).toBe(0);
  });

  it('parses each grouping style under the decided format', () => {
    const dot = { decimal: '.' as const, certainty: 1 };
    const comma = { decimal: ',' as const, certainty: 1 };
    expect(parseAmount('1,234.56', dot)).toBe(1234.56);
    expect(parseAmount('1.234,56', comma)).toBe(1234.56);
    expect(parseAmount('1 234,56', comma)).toBe(1234.56);
    expect(parseAmount("1'234.56", dot)).toBe(1234.56);
    expect(parseAmount('1.234', comma)).toBe(1234);
    expect(parseAmount('1,234', dot)).toBe(1234);
    expect(parseAmount('(12.50)', dot)).toBe(-12.5);
    expect(parseAmount('12.50-', dot)).toBe(-12.5);
    expect(parseAmount('−8,79', comma)).toBe(-8.79);
    expect(parseAmount('1.2.3', dot)).toBeUndefined();
    expect(findAmounts('Total € 1.234,56 (19 %)', comma).map((a) => a.value)).toEqual([1234.56, 19]);
  });
});

describe('dates decided from evidence', () => {
  it('a day above 12 fixes the order; otherwise the hint decides', () => {
    expect(detectDateOrder(['Date: 25/12/2018', 'Due 01/02/2019'])).toBe('dmy');
    expect(detectDateOrder(['Date: 12/25/2018', 'Due 01/02/2019'], 'dmy')).toBe('mdy');
    expect(detectDateOrder(['03/04/2020'], 'mdy')).toBe('mdy');
    expect(findDates('Date 03/04/2020', 'mdy')[0]?.iso).toBe('2020-03-04');
    expect(findDates('Date 03/04/2020', 'dmy')[0]?.iso).toBe('2020-04-03');
    expect(findDates('Due 13/04/2020', 'mdy')[0]?.iso).toBe('2020-04-13');
  });

  it('reads month names in six languages and ISO/compact forms', () => {
    const iso = (s: string): string | undefined => findDates(s, 'dmy')[0]?.iso;
    expect(iso('19 april 2014')).toBe('2014-04-19');
    expect(iso('Aug 3 , 2014')).toBe('2014-08-03');
    expect(iso('3. März 2018')).toBe('2018-03-03');
    expect(iso('1er juillet 2015')).toBe('2015-07-01');
    expect(iso('12 de octubre de 2021')).toBeUndefined();
    expect(iso('12 ottobre 2021')).toBe('2021-10-12');
    expect(iso('08-Sep-2022')).toBe('2022-09-08');
    expect(iso('2024-02-29')).toBe('2024-02-29');
    expect(iso('31.02.2024')).toBeUndefined();
    expect(iso('05.03.18')).toBe('2018-03-05');
    expect(addDays('2024-01-31', 30)).toBe('2024-03-01');
  });
});
