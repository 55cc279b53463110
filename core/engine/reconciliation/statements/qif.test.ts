import { describe, expect, it } from 'vitest';
import { parseStatement } from './index';
import { errorOf, fixture as fixtureAt } from './test-support';

const fixture = (p: string): Buffer => fixtureAt(`own/${p}`);
const parseText = (s: string, extra: Partial<Parameters<typeof parseStatement>[0]> = {}) =>
  parseStatement({ bytes: Buffer.from(s, 'utf8'), fileName: 'x.qif', defaultCurrency: 'EUR', ...extra });

describe('QIF', () => {
  it('reads month-first dates when a day above 12 proves it (8/15/13)', () => {
    const res = parseStatement({ bytes: fixture('us-mdy.qif'), defaultCurrency: 'USD' });
    expect(res.format).toBe('qif');
    const lines = res.statements[0]!.lines;
    expect(lines.map((l) => [l.date, l.amount])).toEqual([
      ['2013-08-12', -1000],
      ['2013-08-15', -75.46],
      ['2013-03-03', 2500],
      ['2013-03-03', 2500],
    ]);
    expect(lines[0]).toMatchObject({ partnerName: 'Delta PC', label: 'Delta PC', reference: '1001', currency: 'USD' });
    expect(lines[1]!.label).toBe('Prescription');
    // Two identical salary lines on one day remain two lines with distinct ids.
    expect(lines[2]!.uniqueId).not.toBe(lines[3]!.uniqueId);
    expect(res.warnings).toEqual([]);
  });

  it('reads day-first dotted dates and decimal-comma amounts from a Latin-1 file', () => {
    const lines = parseStatement({ bytes: fixture('de-dmy-latin1.qif'), defaultCurrency: 'EUR' }).statements[0]!.lines;
    expect(lines.map((l) => [l.date, l.minor, l.partnerName])).toEqual([
      ['2024-04-03', -1250, 'Bäckerei Müller'],
      ['2024-04-25', 123456, 'Kunde GmbH'],
    ]);
  });

  it('refuses to guess ambiguous dates, and uses the order the caller gives (with a warning)', () => {
    const bytes = fixture('ambiguous.qif');
    const e = errorOf(() => parseStatement({ bytes, defaultCurrency: 'EUR' }));
    expect(e.code).toBe('statements/ambiguous-dates');
    expect(e.message).toMatch(/no day above 12 in 2 dates \(e\.g\. '03\/04\/2024'\)/);
    const dmy = parseStatement({ bytes, defaultCurrency: 'EUR', qif: { dateOrder: 'DMY' } });
    expect(dmy.statements[0]!.lines.map((l) => l.date)).toEqual(['2024-04-03', '2024-06-05']);
    expect(dmy.warnings.join('\n')).toMatch(/ambiguous.*read as DMY as requested/);
    const mdy = parseStatement({ bytes, defaultCurrency: 'EUR', qif: { dateOrder: 'MDY' } });
    expect(mdy.statements[0]!.lines[0]!.date).toBe('2024-03-04');
  });

  it('rejects a date order the file contradicts, and files mixing both orders', () => {
    expect(errorOf(() => parseStatement({ bytes: fixture('us-mdy.qif'), defaultCurrency: 'USD', qif: { dateOrder: 'DMY' } })).message).toMatch(/line 7: D: '8\/15\/13' contradicts the requested date order DMY/);
    const mixed = '!Type:Bank\nD13/01/2024\nT1\n^\nD01/13/2024\nT2\n^\n';
    expect(errorOf(() => parseText(mixed)).message).toMatch(/day-first but line 5: '01\/13\/2024' is month-first/);
  });

  it('needs the account currency (QIF names none)', () => {
    const e = errorOf(() => parseStatement({ bytes: fixture('us-mdy.qif') }));
    expect(e.code).toBe('statements/mapping-required');
  });

  describe('rejects bad input naming the line', () => {
    it('a truncated file (last record not terminated)', () => {
      expect(errorOf(() => parseStatement({ bytes: fixture('truncated.qif'), defaultCurrency: 'EUR', qif: { dateOrder: 'DMY' } })).message).toBe(
        "line 6: record not terminated by '^' — the file is truncated",
      );
    });

    it('a bad amount, a bad date, a missing date', () => {
      expect(errorOf(() => parseText('!Type:Bank\nD2024-01-05\nT12.3x\n^\n')).message).toBe("line 3: T: amount '12.3x' is not a number");
      expect(errorOf(() => parseText('!Type:Bank\nD2024-02-30\nT1\n^\n')).message).toBe("line 2: D: '2024-02-30' is not a valid date");
      expect(errorOf(() => parseText('!Type:Bank\nDyesterday\nT1\n^\n')).message).toBe("line 2: D: 'yesterday' is not a date");
      expect(errorOf(() => parseText('!Type:Bank\nT1\n^\n')).message).toBe('line 2: D: missing (record without a date)');
      expect(errorOf(() => parseText('!Type:Bank\nD2024-01-05\nPX\n^\n')).message).toBe('line 2: T: missing (record without an amount)');
    });

    it('non-bank QIF (investments)', () => {
      expect(errorOf(() => parseText('!Type:Invst\nD2024-01-05\nNBuy\n^\n')).message).toMatch(/QIF type 'invst' holds no bank transactions/);
    });
  });

  it('splits a multi-account export into one statement per account', () => {
    const text = '!Account\nNChecking\nTBank\n^\n!Type:Bank\nD2024-01-02\nT-1\n^\n!Account\nNSavings\nTBank\n^\n!Type:Bank\nD2024-01-03\nT5\n^\nD2024-01-04\nT6\n^\n';
    const res = parseText(text);
    expect(res.statements.map((s) => [s.account.name, s.lines.length])).toEqual([
      ['Checking', 1],
      ['Savings', 2],
    ]);
  });

  it("reads Quicken's apostrophe years and ISO dates", () => {
    const lines = parseText("!Type:CCard\nD12/25'19\nT-5.00\nPGift\n^\nD2020-01-02\nT-1\n^\n").statements[0]!.lines;
    expect(lines.map((l) => l.date)).toEqual(['2019-12-25', '2020-01-02']);
  });
});
