import { describe, expect, it } from 'vitest';
import { parseStatement } from './index';
import { fixture, text, errorOf } from './test-support';

const parseText = (s: string, fileName = 'x.xml') => parseStatement({ bytes: Buffer.from(s, 'utf8'), fileName });


describe('CAMT', () => {
  it('reads a camt.053 v2 statement: account, balances, entry with counterparty and creditor reference', () => {
    const res = parseStatement({ bytes: fixture('genkgo-camt/camt053.v2.minimal.xml'), fileName: 'camt053.v2.minimal.xml' });
    expect(res.format).toBe('camt');
    expect(res.statements).toHaveLength(1);
    const st = res.statements[0]!;
    expect(st.account).toMatchObject({ iban: 'NL26VAYB8060476890', currency: 'EUR' });
    expect(st.statementId).toBe('253EURNL26VAYB8060476890');
    expect(st.openingBalance).toMatchObject({ amount: 18.15, minor: 1815, date: '2014-12-30' });
    // CLBD is a DBIT in SEK in this sample: signed, and left out of the balance check (other currency).
    expect(st.closingBalance).toMatchObject({ amount: -27, minor: -2700, currency: 'SEK' });
    expect(res.warnings).toEqual([]);
    expect(st.lines).toHaveLength(1);
    expect(st.lines[0]).toMatchObject({
      date: '2014-12-31',
      valueDate: '2015-01-02',
      amount: 8.85,
      minor: 885,
      currency: 'EUR',
      partnerName: 'NAME NAME',
      partnerAccount: 'NL56AGDH9619008421',
      reference: '4654654654654654',
      transactionType: '544',
    });
    expect(st.lines[0]!.uniqueId).toMatch(/^h:/);
  });

  it('reads camt.052 v1 (versioned container name, PrtryAcct account)', () => {
    const res = parseStatement({ bytes: fixture('genkgo-camt/camt052.v1.xml') });
    expect(res.statements[0]!.account.number).toBe('CH2801234000123456789');
    expect(res.statements[0]!.lines).toHaveLength(1);
  });

  it('reads camt.052 v4 and camt.053 v8 (namespaces differ, local names match); pending entries are flagged', () => {
    const v4 = parseStatement({ bytes: fixture('genkgo-camt/camt052.v4.xml') });
    expect(v4.statements[0]!.lines).toHaveLength(1);
    expect(v4.statements[0]!.lines[0]!.pending).toBe(true);
    expect(v4.warnings.join('\n')).toMatch(/status PDNG \(not booked\) included, marked pending/);
    const v8 = parseStatement({ bytes: fixture('genkgo-camt/camt053.v8.xml') });
    expect(v8.statements[0]!.lines[0]).toMatchObject({ amount: 8.85, date: '2014-12-31' });
  });

  it('returns every Stmt of a multi-statement message', () => {
    const res = parseStatement({ bytes: fixture('genkgo-camt/camt053.v2.multi.statement.xml') });
    expect(res.statements.map((s) => s.statementId)).toEqual(['253EURNL26VAYB8060476890', '254EURNL26VAYB8060476890']);
  });

  it('rounds amounts written with more decimals than the currency has and warns when balances do not add up', () => {
    const res = parseStatement({ bytes: fixture('genkgo-camt/camt053.v2.five.decimals.xml') });
    const st = res.statements[0]!;
    expect(st.lines[0]!.minor).toBe(885);
    expect(st.closingBalance!.minor).toBe(2705);
    expect(res.warnings.join('\n')).toMatch(/statement 253EURNL26VAYB8060476890: opening 18.15 \+ lines 8.85 = 27, but the closing balance is 27.05/);
  });

  it('keeps a batch entry as one line when its TxDtls carry no amounts (camt.054)', () => {
    const res = parseStatement({ bytes: fixture('genkgo-camt/camt054.v2.xml') });
    const lines = res.statements[0]!.lines;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ amount: -200000, currency: 'SEK', reference: 'ISR ref number V1' });
  });

  it('splits a batch entry into its TxDtls when their amounts add up to the entry', () => {
    const xml = text('genkgo-camt/camt053.v2.minimal.xml').replace(
      /<NtryDtls>[\s\S]*<\/NtryDtls>/,
      `<NtryDtls>
        <TxDtls><Refs><EndToEndId>E2E-1</EndToEndId><AcctSvcrRef>B-1</AcctSvcrRef></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">5.00</Amt></TxAmt></AmtDtls>
          <RltdPties><Dbtr><Nm>Alice</Nm></Dbtr></RltdPties><RmtInf><Ustrd>Invoice 1</Ustrd></RmtInf></TxDtls>
        <TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><Amt Ccy="EUR">3.85</Amt>
          <RltdPties><Dbtr><Pty><Nm>Bob</Nm></Pty></Dbtr></RltdPties><RmtInf><Ustrd>Invoice</Ustrd><Ustrd>2</Ustrd></RmtInf></TxDtls>
      </NtryDtls>`,
    );
    const lines = parseText(xml).statements[0]!.lines;
    expect(lines.map((l) => [l.minor, l.partnerName, l.label, l.reference ?? null, l.bankReference ?? null])).toEqual([
      [500, 'Alice', 'Invoice 1', 'E2E-1', 'B-1'],
      [385, 'Bob', 'Invoice 2', null, null],
    ]);
    expect(new Set(lines.map((l) => l.uniqueId)).size).toBe(2);
  });

  it('dates an entry without BookgDt/ValDt by the message creation date, with a warning', () => {
    const res = parseStatement({ bytes: fixture('genkgo-camt/camt054.v8-with-financial-institution.xml') });
    expect(res.statements[0]!.lines[0]).toMatchObject({ date: '2007-10-18', partnerName: 'Example Creditor 3 - V1' });
    expect(res.warnings.join('\n')).toMatch(/no BookgDt or ValDt/);
  });

  it('accepts a statement without entries (only balances, DtTm dates)', () => {
    const res = parseStatement({ bytes: fixture('genkgo-camt/camt53.only-Dt-with-DtTm.xml') });
    expect(res.statements[0]!.lines).toEqual([]);
    expect(res.statements[0]!.openingBalance).toMatchObject({ amount: 5442.09, currency: 'RON', date: '2025-07-23' });
    expect(res.statements[0]!.account.currency).toBe('RON');
  });

  it('reads every CAMT file of a ZIP archive', () => {
    const res = parseStatement({ bytes: fixture('genkgo-camt/two-statements.zip'), fileName: 'day.zip' });
    expect(res.format).toBe('camt');
    expect(res.statements).toHaveLength(2);
  });

  describe('rejects bad input naming the element', () => {
    const minimal = text('genkgo-camt/camt053.v2.minimal.xml');

    it('a message without Stmt (camt053.v2.wrong.xml)', () => {
      const e = errorOf(() => parseStatement({ bytes: fixture('genkgo-camt/camt053.v2.wrong.xml') }));
      expect(e.code).toBe('statements/invalid');
      expect(e.message).toMatch(/Document\/BkToCstmrStmt\/Stmt: missing/);
    });

    it('a truncated file', () => {
      const e = errorOf(() => parseText(minimal.slice(0, Math.floor(minimal.length * 0.6))));
      expect(e.code).toBe('statements/invalid');
      expect(e.message).toMatch(/line \d+: Document\/BkToCstmrStmt\/Stmt.*(not closed|truncated)/);
    });

    it('a missing Amt', () => {
      const e = errorOf(() => parseText(minimal.replace('<Amt Ccy="EUR">8.85</Amt>', '')));
      expect(e.message).toBe('Document/BkToCstmrStmt/Stmt/Ntry[1]/Amt: missing');
    });

    it('an amount that is not a number', () => {
      const e = errorOf(() => parseText(minimal.replace('>8.85<', '>8,8x<')));
      expect(e.message).toBe("Document/BkToCstmrStmt/Stmt/Ntry[1]/Amt: '8,8x' is not a valid amount");
    });

    it('an impossible booking date', () => {
      const e = errorOf(() => parseText(minimal.replace('<Dt>2014-12-31</Dt>\n                </BookgDt>', '<Dt>2014-02-30</Dt>\n                </BookgDt>')));
      expect(e.message).toMatch(/Ntry\[1\]\/BookgDt: '2014-02-30' is not a valid date/);
    });

    it('a missing or unknown credit/debit indicator', () => {
      expect(errorOf(() => parseText(minimal.replace('<CdtDbtInd>CRDT</CdtDbtInd>\n                <RvslInd>', '<RvslInd>'))).message).toBe(
        'Document/BkToCstmrStmt/Stmt/Ntry[1]/CdtDbtInd: missing',
      );
      expect(errorOf(() => parseText(minimal.replace('<CdtDbtInd>CRDT</CdtDbtInd>\n                <RvslInd>', '<CdtDbtInd>XX</CdtDbtInd><RvslInd>'))).message).toMatch(
        /CdtDbtInd: 'XX' is neither CRDT nor DBIT/,
      );
    });

    it('mismatched tags', () => {
      const e = errorOf(() => parseText(minimal.replace('</BookgDt>', '</BkgDt>')));
      expect(e.message).toMatch(/line \d+: .*BookgDt: expected <\/BookgDt>, found <\/BkgDt>/);
    });
  });
});
