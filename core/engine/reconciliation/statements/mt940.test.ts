import { describe, expect, it } from 'vitest';
import { parseStatement } from './index';
import { fixture, errorOf } from './test-support';

const parseText = (s: string, extra: { defaultCurrency?: string } = {}) => parseStatement({ bytes: Buffer.from(s, 'latin1'), fileName: 'x.sta', ...extra });


const SIMPLE = [
  ':20:STMT1',
  ':25:DE89370400440532013000',
  ':28C:00001/001',
  ':60F:C991230EUR1000,00',
  ':61:9912301230D12,50NTRFNONREF//BANKREF1',
  ':86:166?00SEPA-UEBERWEISUNG?20EREF+E2E-42?21SVWZ+Rechnung 4711 vom?22 01.12.1999?30COBADEFFXXX?31DE02120300000000202051?32Muster',
  'mann GmbH',
  ':61:0001020102C100,00NTRFNONREF//BANKREF2',
  ':86:/EREF/E2E-43//CNTP/NL91ABNA0417164300/ABNANL2A/J. Jansen/Amsterdam///REMI/USTD//Factuur 17 jan/',
  ':62F:C000102EUR1087,50',
  '-',
].join('\r\n');

describe('MT940', () => {
  it('reads balances, two-digit years across the century, C/D marks and German ?-subfields', () => {
    const res = parseText(SIMPLE);
    expect(res.format).toBe('mt940');
    const st = res.statements[0]!;
    expect(st.account).toMatchObject({ iban: 'DE89370400440532013000', currency: 'EUR' });
    expect(st.statementId).toBe('STMT1/00001/001');
    expect(st.openingBalance).toMatchObject({ amount: 1000, minor: 100000, date: '1999-12-30' });
    expect(st.closingBalance).toMatchObject({ amount: 1087.5, date: '2000-01-02' });
    expect(res.warnings).toEqual([]);
    expect(st.lines[0]).toMatchObject({
      date: '1999-12-30',
      amount: -12.5,
      minor: -1250,
      currency: 'EUR',
      label: 'Rechnung 4711 vom 01.12.1999',
      partnerName: 'Mustermann GmbH',
      partnerAccount: 'DE02120300000000202051',
      partnerBic: 'COBADEFFXXX',
      reference: 'E2E-42',
      bankReference: 'BANKREF1',
    });
    // Entry date 0102 belongs to the year after the value date's December.
    expect(st.lines[1]).toMatchObject({ date: '2000-01-02', amount: 100, label: 'Factuur 17 jan', partnerName: 'J. Jansen', partnerAccount: 'NL91ABNA0417164300', partnerBic: 'ABNANL2A', reference: 'E2E-43' });
  });

  it('takes a Dutch structured remittance (/REMI/STRD/CUR/…) as the creditor reference', () => {
    const text = SIMPLE.replace(
      ':86:/EREF/E2E-43//CNTP/NL91ABNA0417164300/ABNANL2A/J. Jansen/Amsterdam///REMI/USTD//Factuur 17 jan/',
      ':86:/EREF/E2E-43//CNTP/NL91ABNA0417164300/ABNANL2A/J. Jansen///REMI/STRD/CUR/RF18539007547034/',
    );
    expect(parseText(text).statements[0]!.lines[1]).toMatchObject({ reference: 'RF18539007547034', label: 'RF18539007547034', partnerName: 'J. Jansen' });
  });

  it('reads a German SEPA file with many statements; RC (reversal of a credit) is a debit', () => {
    const res = parseStatement({ bytes: fixture('mt940-wolph/betterplace/sepa_mt9401.sta'), fileName: 'sepa.sta' });
    expect(res.statements).toHaveLength(26);
    const first = res.statements[0]!;
    expect(first.account).toMatchObject({ bankCode: '50880050', number: '0194774600888' });
    expect(first.lines.map((l) => l.amount)).toEqual([300, 335.33, 15000, 66295.08, 915311.55, -204.88, -999946.95]);
    // With RC as a debit, opening + lines = closing for this statement.
    expect(res.warnings.some((w) => w.startsWith('statement T089413946000001'))).toBe(false);
    const renate = res.statements.flatMap((s) => s.lines).find((l) => l.bankReference === '0724710290621954');
    expect(renate).toMatchObject({ amount: 15000.05, partnerName: 'Richter Renate 70 Zeichen Beginn Fuellzeichen xxxxxxxx', partnerAccount: 'DE42100100100043921105' });
  });

  it('reads Dutch free-text :86: (ING, ABN AMRO) and flags statements whose balances do not add up', () => {
    const ing = parseStatement({ bytes: fixture('mt940-wolph/jejik/ing.sta') });
    expect(ing.statements[0]!.lines).toHaveLength(7);
    expect(ing.statements[0]!.lines[0]!.label).toBe('RC AFREKENING BETALINGSVERKEER BETREFT REKENING 4715589 PERIODE: 01-10-2010 / 31-12-2010 ING Bank N.V. tarifering ING');
    const abn = parseStatement({ bytes: fixture('mt940-wolph/jejik/abnamro.sta') });
    expect(abn.statements).toHaveLength(2);
    expect(abn.warnings.join('\n')).toMatch(/statement ABN AMRO BANK NV\/19321\/1: opening 3236.28 \+ lines -321.44 = 2914.84, but the closing balance is 876.84/);
  });

  it('reads the counterparty IBAN and name from the :61: line (ASN/SNS layout)', () => {
    const res = parseStatement({ bytes: fixture('mt940-wolph/ASNB/mt940.txt') });
    expect(res.statements[0]!.lines[0]).toMatchObject({ amount: -65, partnerAccount: 'NL47INGB9999999999', partnerName: 'hr gjlm paulissen', label: 'Betaling sieraden' });
  });

  it('reads MT942 interim reports (currency from :34F:)', () => {
    const res = parseStatement({ bytes: fixture('mt940-wolph/mBank/mt942.sta') });
    const lines = res.statements[0]!.lines;
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.currency === 'PLN')).toBe(true);
  });

  it('clamps 30 February to the month end with a warning, and handles wrapped :86: text', () => {
    const res = parseStatement({ bytes: fixture('mt940-wolph/self-provided/february_30.sta') });
    expect(res.statements[0]!.lines[0]).toMatchObject({ valueDate: '2016-02-29', date: '2016-03-01', amount: -6 });
    expect(res.warnings.join('\n')).toMatch(/line 6: :61: date 2016-02-30 does not exist, read as 2016-02-29/);
    const wrapped = parseStatement({ bytes: fixture('mt940-wolph/self-provided/wrapped_timestamp.sta') });
    expect(wrapped.statements[0]!.lines[0]!.reference).toBe('VZ0000000000000000');
  });

  it('reads a balance without currency in the statement currency, with a warning', () => {
    const res = parseStatement({ bytes: fixture('mt940-wolph/self-provided/raphaelm.sta') });
    expect(res.statements.at(-1)!.closingBalance).toMatchObject({ amount: 95000, currency: 'DEM' });
    expect(res.warnings.join('\n')).toMatch(/balance without currency, read as DEM/);
  });

  it('needs the account currency for a file without balances, and uses it when given', () => {
    const bytes = fixture('mt940-wolph/self-provided/sparkassen.sta');
    expect(errorOf(() => parseStatement({ bytes })).message).toMatch(/no currency known/);
    const res = parseStatement({ bytes, defaultCurrency: 'EUR' });
    expect(res.statements[0]!.lines[0]).toMatchObject({ amount: 30, currency: 'EUR', label: 'Test' });
  });

  it('decodes Latin-1 files', () => {
    const latin = Buffer.from(SIMPLE.replace('Rechnung 4711', 'Rückzahlung für'), 'latin1');
    const res = parseStatement({ bytes: latin });
    expect(res.statements[0]!.lines[0]!.label).toBe('Rückzahlung für vom 01.12.1999');
  });

  it('keeps ids stable across re-imports of overlapping files and distinct for identical lines', () => {
    const day = (d: string, amounts: string[]) =>
      [`:20:S${d}`, ':25:NL91ABNA0417164300', `:60F:C${d}EUR0,00`, ...amounts.map((a) => `:61:${d}D${a}NTRFNONREF\n:86:Koffie`), `:62F:D${d}EUR${amounts.reduce((s, a) => s + Number(a.replace(',', '.')), 0).toFixed(2).replace('.', ',')}`, '-'].join('\n');
    const a = parseText([day('240301', ['3,50', '3,50']), day('240302', ['1,00'])].join('\n'));
    const b = parseText([day('240302', ['1,00']), day('240303', ['2,00'])].join('\n'));
    const idsA = a.statements.flatMap((s) => s.lines.map((l) => l.uniqueId));
    const idsB = b.statements.flatMap((s) => s.lines.map((l) => l.uniqueId));
    expect(new Set(idsA).size).toBe(3); // two identical coffees stay two lines
    expect(idsB[0]).toBe(idsA[2]); // the overlapping day maps to the same id
    expect(idsB[1]).not.toBe(idsA[2]);
  });

  describe('rejects bad input naming the line', () => {
    it('an amount that is not a number', () => {
      const e = errorOf(() => parseText(SIMPLE.replace('D12,50NTRF', 'D12,5xNTRF')));
      expect(e).toEqual({ code: 'statements/invalid', message: "line 5: :61: amount '12,5x' is not a number" });
    });

    it('a balance that is not a balance', () => {
      expect(errorOf(() => parseText(SIMPLE.replace(':60F:C991230EUR1000,00', ':60F:C99123EUR1000,00'))).message).toMatch(/^line 4: :60F: 'C99123EUR1000,00' is not a balance/);
    });

    it('an impossible date', () => {
      expect(errorOf(() => parseText(SIMPLE.replace(':60F:C991230', ':60F:C991330'))).message).toBe("line 4: :60F: '991330' is not a valid date");
    });

    it('a statement line that does not parse', () => {
      expect(errorOf(() => parseText(SIMPLE.replace(':61:0001020102C100,00NTRF', ':61:BROKEN'))).message).toMatch(/^line 8: :61: 'BROKEN.*' is not a valid statement line$/);
    });

    it('a file truncated before the closing balance', () => {
      const cut = SIMPLE.slice(0, SIMPLE.indexOf(':62F:'));
      expect(errorOf(() => parseText(cut)).message).toMatch(/^line 1: statement STMT1\/00001\/001 has an opening balance \(:60F:\) but the file ends before its closing balance/);
      expect(errorOf(() => parseStatement({ bytes: fixture('mt940-wolph/self-provided/gv_codes.sta') })).message).toMatch(/truncated/);
    });

    it('an account field inside a statement', () => {
      expect(errorOf(() => parseStatement({ bytes: fixture('mt940-wolph/betterplace/sepa_snippet_broken.sta') })).message).toMatch(/^line 6: :25: account field in the middle of statement/);
    });
  });
});
