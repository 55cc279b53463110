/**
 * Bank statement files built by tests from the data they are about (the demo company's open invoices), so a
 * test drops a file whose lines really pay something: CAMT.053 (ISO 20022, version 001.02) and CSV.
 */

export type StatementEntry = {
  /** booking date, YYYY-MM-DD */
  date: string;
  /** signed: money in > 0 */
  amount: number;
  /** unstructured remittance information (what the matcher reads) */
  label: string;
  /** the debtor (money in) or creditor (money out) */
  partnerName?: string;
  partnerIban?: string;
  /** the bank's own reference: unique per entry, it makes the import id stable across re-imports */
  bankRef: string;
};

export type Camt053 = {
  iban: string;
  currency: string;
  statementId: string;
  /** created-at, ISO date-time */
  createdAt: string;
  opening: number;
  entries: StatementEntry[];
};

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const amt = (n: number): string => Math.abs(n).toFixed(2);
const cdt = (n: number): string => (n < 0 ? 'DBIT' : 'CRDT');
const cents = (n: number): number => Math.round(n * 100);

/** The closing balance the file declares: opening plus every entry. */
export const camtClosing = (s: Pick<Camt053, 'opening' | 'entries'>): number => (cents(s.opening) + s.entries.reduce((t, e) => t + cents(e.amount), 0)) / 100;

function balance(code: 'OPBD' | 'CLBD', amount: number, currency: string, date: string): string {
  return `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="${currency}">${amt(amount)}</Amt><CdtDbtInd>${cdt(amount)}</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>`;
}

function entry(e: StatementEntry, currency: string): string {
  const incoming = e.amount >= 0;
  const party = e.partnerName || e.partnerIban
    ? `<RltdPties>${incoming ? '<Dbtr>' : '<Cdtr>'}${e.partnerName ? `<Nm>${esc(e.partnerName)}</Nm>` : ''}${incoming ? '</Dbtr>' : '</Cdtr>'}${
        e.partnerIban ? `${incoming ? '<DbtrAcct>' : '<CdtrAcct>'}<Id><IBAN>${e.partnerIban}</IBAN></Id>${incoming ? '</DbtrAcct>' : '</CdtrAcct>'}` : ''
      }</RltdPties>`
    : '';
  return [
    '<Ntry>',
    `<NtryRef>${esc(e.bankRef)}</NtryRef>`,
    `<Amt Ccy="${currency}">${amt(e.amount)}</Amt>`,
    `<CdtDbtInd>${cdt(e.amount)}</CdtDbtInd>`,
    '<Sts>BOOK</Sts>',
    `<BookgDt><Dt>${e.date}</Dt></BookgDt>`,
    `<ValDt><Dt>${e.date}</Dt></ValDt>`,
    `<AcctSvcrRef>${esc(e.bankRef)}</AcctSvcrRef>`,
    '<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>',
    '<NtryDtls><TxDtls>',
    `<Refs><AcctSvcrRef>${esc(e.bankRef)}</AcctSvcrRef><EndToEndId>NOTPROVIDED</EndToEndId></Refs>`,
    party,
    `<RmtInf><Ustrd>${esc(e.label)}</Ustrd></RmtInf>`,
    '</TxDtls></NtryDtls>',
    '</Ntry>',
  ].join('');
}

/** A camt.053.001.02 bank-to-customer statement with one `Stmt`, its opening and closing balance. */
export function buildCamt053(s: Camt053): string {
  const dates = s.entries.map((e) => e.date).sort();
  const from = dates[0] ?? s.createdAt.slice(0, 10);
  const to = dates.at(-1) ?? from;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    '<BkToCstmrStmt>',
    `<GrpHdr><MsgId>${esc(s.statementId)}-MSG</MsgId><CreDtTm>${s.createdAt}</CreDtTm></GrpHdr>`,
    '<Stmt>',
    `<Id>${esc(s.statementId)}</Id>`,
    `<CreDtTm>${s.createdAt}</CreDtTm>`,
    `<FrToDt><FrDtTm>${from}T00:00:00</FrDtTm><ToDtTm>${to}T23:59:59</ToDtTm></FrToDt>`,
    `<Acct><Id><IBAN>${s.iban.replace(/\s/g, '')}</IBAN></Id><Ccy>${s.currency}</Ccy></Acct>`,
    balance('OPBD', s.opening, s.currency, from),
    balance('CLBD', camtClosing(s), s.currency, to),
    ...s.entries.map((e) => entry(e, s.currency)),
    '</Stmt>',
    '</BkToCstmrStmt>',
    '</Document>',
  ].join('\n');
}

/** A CSV export with the given header and rows (cells quoted when they hold the delimiter or quotes). */
export function buildCsv(header: string[], rows: (string | number)[][], delimiter = ';'): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return s.includes(delimiter) || s.includes('"') || s.includes('\n') ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(delimiter)).join('\r\n') + '\r\n';
}
