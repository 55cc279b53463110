import { describe, expect, it } from 'vitest';
import { detectFormat, parseStatement } from './index';
import { decimalToMinor, decodeText } from './util';
import { readZip } from './zip';
import { errorOf, fixture } from './test-support';

describe('detectFormat', () => {
  it.each([
    ['genkgo-camt/camt053.v2.minimal.xml', 'camt'],
    ['genkgo-camt/two-statements.zip', 'camt'],
    ['ofxparse/bank_medium.ofx', 'ofx'],
    ['ofxparse/anzcc.ofx', 'ofx'],
    ['mt940-wolph/ASNB/mt940.txt', 'mt940'],
    ['mt940-wolph/jejik/ing.sta', 'mt940'],
    ['mt940-wolph/self-provided/sparkassen.sta', 'mt940'],
    ['own/us-mdy.qif', 'qif'],
    ['own/de-semicolon-latin1.csv', 'csv'],
    ['own/fr-utf16.csv', 'csv'],
    ['own/bank-export.xlsx', 'xlsx'],
  ])('%s → %s', (file, format) => {
    expect(detectFormat(fixture(file), file).format).toBe(format);
  });

  it('trusts content over the extension', () => {
    expect(detectFormat(fixture('ofxparse/suncorp.ofx'), 'statement.xml').format).toBe('ofx');
    expect(detectFormat(fixture('mt940-wolph/jejik/ing.sta'), 'export.csv').format).toBe('mt940');
    expect(detectFormat(fixture('genkgo-camt/camt054.v2.xml'), 'camt.txt').format).toBe('camt');
  });

  it('rejects what is no bank file with statements/unknown-format', () => {
    for (const [bytes, re] of [
      [Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), /not a CAMT, OFX, MT940, QIF, CSV or XLSX/],
      [Buffer.alloc(0), /the file is empty/],
      [Buffer.from('<?xml version="1.0"?><Invoice><ID>1</ID></Invoice>'), /XML\/markup file that is neither CAMT nor OFX/],
      [Buffer.from('0\n'), /not a CAMT/],
    ] as const) {
      const e = errorOf(() => parseStatement({ bytes, fileName: 'f' }));
      expect(e.code).toBe('statements/unknown-format');
      expect(e.message).toMatch(re);
    }
  });
});

describe('parseStatement', () => {
  it('honours an explicit format', () => {
    const res = parseStatement({ bytes: fixture('mt940-wolph/cmxl/mt940.sta'), format: 'mt940' });
    expect(res.format).toBe('mt940');
    expect(res.statements.length).toBeGreaterThan(1);
  });

  it('a wrong explicit format fails with statements/invalid, not a partial result', () => {
    const e = errorOf(() => parseStatement({ bytes: fixture('own/us-mdy.qif'), format: 'camt' }));
    expect(e.code).toBe('statements/invalid');
  });

  it('gives every line an id; ids from the bank are stable and unique', () => {
    const a = parseStatement({ bytes: fixture('ofxparse/checking.ofx') });
    const b = parseStatement({ bytes: fixture('ofxparse/checking.ofx') });
    const ids = a.statements.flatMap((s) => s.lines.map((l) => l.uniqueId));
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    expect(b.statements.flatMap((s) => s.lines.map((l) => l.uniqueId))).toEqual(ids);
  });

  it('names archive members in errors', () => {
    const zip = fixture('genkgo-camt/two-statements.zip');
    expect(readZip(zip).map((e) => e.name)).toEqual(['camt053.v2.minimal.xml', 'camt053.v8.xml']);
    expect(errorOf(() => parseStatement({ bytes: zip.subarray(0, 200) })).message).toMatch(/ZIP archive: end of central directory not found/);
  });
});

describe('helpers', () => {
  it('decimalToMinor works on digits, rounding half away from zero', () => {
    expect(decimalToMinor('0.1', 2)).toBe(10);
    expect(decimalToMinor('-1234.565', 2)).toBe(-123457);
    expect(decimalToMinor('8.85000', 2)).toBe(885);
    expect(decimalToMinor('12,5', 2, ',')).toBe(1250);
    expect(decimalToMinor('2700', 0)).toBe(2700);
    expect(decimalToMinor('1.2.3', 2)).toBeUndefined();
    expect(decimalToMinor('', 2)).toBeUndefined();
    expect(decimalToMinor('-0.00', 2)).toBe(0);
  });

  it('decodeText: BOMs, UTF-16 without BOM, invalid UTF-8 falls back to Windows-1252', () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ text: 'A', encoding: 'utf-8' });
    expect(decodeText(Buffer.from('\ufeffhé', 'utf16le'))).toEqual({ text: 'hé', encoding: 'utf-16le' });
    expect(decodeText(Buffer.from('Date;Betrag', 'utf16le')).encoding).toBe('utf-16le');
    expect(decodeText(Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x20, 0x80]))).toEqual({ text: 'Müller €', encoding: 'windows-1252' });
    expect(decodeText(Buffer.from('Müller', 'utf8')).text).toBe('Müller');
  });
});
