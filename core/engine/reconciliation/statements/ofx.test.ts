import { describe, expect, it } from 'vitest';
import { parseStatement } from './index';
import { fixture, errorOf } from './test-support';

const parseText = (s: string, extra: { defaultCurrency?: string } = {}) => parseStatement({ bytes: Buffer.from(s, 'utf8'), fileName: 'x.ofx', ...extra });


const V2 = `<?xml version="1.0" encoding="UTF-8"?>
<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STMTRS>
  <CURDEF>EUR</CURDEF>
  <BANKACCTFROM><BANKID>30001</BANKID><BRANCHID>00794</BRANCHID><ACCTID>12345678901</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>
  <BANKTRANLIST><DTSTART>20240101</DTSTART><DTEND>20240131</DTEND>
    <STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240105120000[+1:CET]</DTPOSTED><DTUSER>20240104</DTUSER><TRNAMT>-12,50</TRNAMT><FITID>F1</FITID><NAME>Caf&#233; &amp; Co</NAME><MEMO>Lunch</MEMO></STMTTRN>
    <STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20240110</DTPOSTED><TRNAMT>100.00</TRNAMT><FITID>F2</FITID><PAYEE><NAME>ACME</NAME></PAYEE><BANKACCTTO><BANKID>X</BANKID><ACCTID>FR76 3000 6000 0112 3456 7890 189</ACCTID></BANKACCTTO></STMTTRN>
  </BANKTRANLIST>
  <LEDGERBAL><BALAMT>587.50</BALAMT><DTASOF>20240131</DTASOF></LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;

describe('OFX', () => {
  it('reads OFX 1 SGML with unclosed leaf tags (ofxparse bank_medium)', () => {
    const res = parseStatement({ bytes: fixture('ofxparse/bank_medium.ofx'), fileName: 'bank_medium.ofx' });
    expect(res.format).toBe('ofx');
    const st = res.statements[0]!;
    expect(st.account).toMatchObject({ number: '12300000012345678', bankCode: '160000100', currency: 'CAD' });
    expect(st.closingBalance).toMatchObject({ amount: 382.34, date: '2009-05-23' });
    // OFX only states the ledger balance; the opening one is computed and flagged as such.
    expect(st.openingBalance).toMatchObject({ derived: true, amount: 382.34 + 6.6 + 316.67 + 22 });
    expect(st.lines).toHaveLength(3);
    expect(st.lines[0]).toMatchObject({
      date: '2009-04-01',
      amount: -6.6,
      partnerName: "MCDONALD'S #112",
      label: "POS MERCHANDISE;MCDONALD'S #112",
      bankReference: '0000123456782009040100001',
      transactionType: 'POS',
    });
    expect(st.lines[0]!.uniqueId).toMatch(/^b:/);
  });

  it('reads OFX 2 XML: entities, decimal comma, DTUSER as value date, payee aggregate, French RIB → IBAN', () => {
    const st = parseText(V2).statements[0]!;
    expect(st.account).toMatchObject({ iban: 'FR7630001007941234567890185', number: '12345678901', bankCode: '30001' });
    expect(st.lines[0]).toMatchObject({ date: '2024-01-05', valueDate: '2024-01-04', amount: -12.5, partnerName: 'Café & Co', label: 'Lunch' });
    expect(st.lines[1]).toMatchObject({ amount: 100, partnerName: 'ACME', label: 'ACME', partnerAccount: 'FR7630006000011234567890189' });
    expect(st.openingBalance).toMatchObject({ amount: 500, date: '2024-01-01', derived: true });
  });

  it('converts a transaction in a foreign currency (<CURRENCY> with CURRATE) and keeps the original', () => {
    const text = V2.replace('<TRNAMT>100.00</TRNAMT>', '<TRNAMT>100.00</TRNAMT><CURRENCY><CURRATE>0.9</CURRATE><CURSYM>USD</CURSYM></CURRENCY>');
    expect(parseText(text).statements[0]!.lines[1]).toMatchObject({ amount: 90, minor: 9000, currency: 'EUR', foreignAmount: 100, foreignCurrency: 'USD' });
    expect(errorOf(() => parseText(V2.replace('<TRNAMT>100.00</TRNAMT>', '<TRNAMT>100.00</TRNAMT><CURRENCY><CURSYM>USD</CURSYM></CURRENCY>'))).message).toBe(
      'STMTRS/BANKTRANLIST/STMTTRN[2]/CURRENCY: CURSYM and a positive CURRATE are required',
    );
  });

  it('reads several accounts and credit-card statements', () => {
    const res = parseStatement({ bytes: fixture('ofxparse/multiple_accounts2.ofx') });
    expect(res.statements).toHaveLength(2);
    expect(res.statements.every((s) => s.account.bankCode === '123')).toBe(true);
    const cc = parseStatement({ bytes: fixture('ofxparse/anzcc.ofx') });
    expect(cc.statements[0]!.lines.length).toBeGreaterThan(0);
  });

  it('accepts empty leaf tags, but needs the account currency when CURDEF is missing', () => {
    const bytes = fixture('ofxparse/ofx-v102-empty-tags.ofx');
    expect(errorOf(() => parseStatement({ bytes })).message).toMatch(/STMTRS\/CURDEF: missing/);
    const res = parseStatement({ bytes, defaultCurrency: 'USD' });
    expect(res.statements[0]!.lines).toHaveLength(1);
    expect(res.warnings.join('\n')).toMatch(/no CURDEF, assumed USD/);
  });

  it('warns (does not invent) when the ledger balance is empty', () => {
    const res = parseStatement({ bytes: fixture('ofxparse/fail_nice/empty_balance.ofx') });
    expect(res.statements[0]!.closingBalance).toBeUndefined();
    expect(res.warnings.join('\n')).toMatch(/LEDGERBAL\/BALAMT: empty/);
  });

  describe('rejects bad input naming the element', () => {
    it('a transaction without date', () => {
      const e = errorOf(() => parseStatement({ bytes: fixture('ofxparse/fail_nice/date_missing.ofx') }));
      expect(e).toEqual({ code: 'statements/invalid', message: 'STMTRS/BANKTRANLIST/STMTTRN[1]/DTPOSTED: missing' });
    });

    it('an impossible date and an amount that is not a number', () => {
      expect(errorOf(() => parseStatement({ bytes: fixture('ofxparse/fail_nice/decimal_error.ofx') })).message).toMatch(/STMTTRN\[1\]\/DTPOSTED: '201120000000' is not a valid OFX date/);
      expect(errorOf(() => parseText(V2.replace('<TRNAMT>100.00', '<TRNAMT>$100'))).message).toBe("STMTRS/BANKTRANLIST/STMTTRN[2]/TRNAMT: '$100' is not a number");
    });

    it('a truncated file', () => {
      const e = errorOf(() => parseText(V2.slice(0, V2.indexOf('</BANKTRANLIST>'))));
      expect(e.message).toMatch(/^line \d+: OFX\/BANKMSGSRSV1\/STMTTRNRS\/STMTRS\/BANKTRANLIST.*element not closed — the file is truncated/);
    });

    it('a closing tag without its element', () => {
      expect(errorOf(() => parseText(V2.replace('</STMTRS>', '</STMTRS></FOO>'))).message).toMatch(/closing tag <\/FOO> without a matching open element/);
    });

    it('investment statements and sign-on errors (no bank statement inside)', () => {
      expect(errorOf(() => parseStatement({ bytes: fixture('ofxparse/fidelity.ofx') })).message).toMatch(/investment statement/);
      expect(errorOf(() => parseStatement({ bytes: fixture('ofxparse/signon_fail.ofx') })).message).toMatch(/the bank answered with an error/);
    });
  });
});
