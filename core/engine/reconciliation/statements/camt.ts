/**
 * ISO 20022 CAMT.052 (account report), CAMT.053 (statement) and CAMT.054 (debit/credit notification),
 * any version: elements are matched on local names, so v1–v8 and bank-specific prefixes all read alike.
 */
import type { Balance, DraftLine, DraftStatement } from './types';
import { at, child, childrenNamed, parseXml, textAt } from './xml';
import type { XmlElement } from './xml';
import { cleanText, compactAccount, currencyDecimals, decimalToMinor, invalid, isoDate, isValidDate, makeBalance, minorToAmount } from './util';

const CONTAINERS: Readonly<Record<string, string>> = {
  BkToCstmrStmt: 'Stmt',
  BkToCstmrAcctRpt: 'Rpt',
  BkToCstmrDbtCdtNtfctn: 'Ntfctn',
};

export function looksLikeCamt(text: string): boolean {
  const head = text.slice(0, 4000);
  return /camt\.05[234]/.test(head) || /<(\w+:)?(BkToCstmrStmt|BkToCstmrAcctRpt|BkToCstmrDbtCdtNtfctn)\b/.test(head);
}

export function parseCamt(text: string, warnings: string[]): DraftStatement[] {
  const doc = parseXml(text);
  // Version 1 messages suffix the container name (BkToCstmrStmtV01).
  const containerOf = (name: string): string | undefined => CONTAINERS[name.replace(/V\d{2}$/, '')];
  const body = doc.name === 'Document' ? doc.children.find((c) => containerOf(c.name)) : containerOf(doc.name) ? doc : undefined;
  if (!body) throw invalid(`${doc.name}: no BkToCstmrStmt, BkToCstmrAcctRpt or BkToCstmrDbtCdtNtfctn element — not a CAMT message`);
  const recordName = containerOf(body.name)!;
  const messageDate = dateOf(child(body, 'GrpHdr'), 'GrpHdr/CreDtTm', false, 'CreDtTm');
  const records = childrenNamed(body, recordName);
  const base = `${doc.name === 'Document' ? 'Document/' : ''}${body.name}`;
  if (records.length === 0) throw invalid(`${base}/${recordName}: missing (line ${body.line}) — the message has no ${recordName} element`);
  return records.map((rec, i) => parseRecord(rec, `${base}/${recordName}${records.length > 1 ? `[${i + 1}]` : ''}`, warnings, messageDate));
}

function dateOf(el: XmlElement | undefined, path: string, required: boolean, only?: string): string | undefined {
  const raw = only ? textAt(el, only) : (textAt(el, 'Dt') ?? textAt(el, 'DtTm'));
  if (raw === undefined) {
    if (required) throw invalid(`${path}: missing Dt or DtTm`);
    return undefined;
  }
  // DtTm is written in the bank's local time; the calendar day as written is what the bank booked.
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw);
  if (!m || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) throw invalid(`${path}: '${raw}' is not a valid date`);
  return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function amountOf(amtEl: XmlElement | undefined, path: string, fallbackCcy: string | undefined): { minor: number; currency: string | undefined } {
  if (!amtEl) throw invalid(`${path}: missing`);
  const currency = amtEl.attrs['Ccy'] ?? fallbackCcy;
  const raw = amtEl.text.trim();
  if (raw === '') throw invalid(`${path}: empty amount`);
  const minor = decimalToMinor(raw, currencyDecimals(currency));
  if (minor === undefined || minor < 0) throw invalid(`${path}: '${raw}' is not a valid amount`);
  return { minor, currency };
}

function signOf(el: XmlElement, path: string): 1 | -1 {
  const ind = textAt(el, 'CdtDbtInd');
  if (ind === 'CRDT') return 1;
  if (ind === 'DBIT') return -1;
  if (ind === undefined) throw invalid(`${path}/CdtDbtInd: missing`);
  throw invalid(`${path}/CdtDbtInd: '${ind}' is neither CRDT nor DBIT`);
}

function accountId(acct: XmlElement | undefined): string | undefined {
  return compactAccount(textAt(acct, 'Id/IBAN') ?? textAt(acct, 'Id/Othr/Id') ?? textAt(acct, 'Id/PrtryAcct/Id') ?? textAt(acct, 'Id/BBAN'));
}

function partyName(p: XmlElement | undefined): string | undefined {
  // v8 wraps the party in <Pty>; older versions put Nm directly under Dbtr/Cdtr.
  return cleanText(textAt(p, 'Nm') ?? textAt(p, 'Pty/Nm') ?? textAt(p, 'Agt/FinInstnId/Nm'));
}

function bicOf(agent: XmlElement | undefined): string | undefined {
  return textAt(agent, 'FinInstnId/BIC') ?? textAt(agent, 'FinInstnId/BICFI');
}

function parseBalance(bal: XmlElement, path: string, acctCcy: string | undefined): { code: string | undefined; balance: Balance } {
  const code = textAt(bal, 'Tp/CdOrPrtry/Cd') ?? textAt(bal, 'Tp/CdOrPrtry/Prtry');
  const { minor, currency } = amountOf(child(bal, 'Amt'), `${path}/Amt`, acctCcy);
  const sign = signOf(bal, path);
  return { code, balance: makeBalance(sign * minor, currency, dateOf(child(bal, 'Dt'), `${path}/Dt`, false)) };
}

function parseRecord(rec: XmlElement, path: string, warnings: string[], messageDate: string | undefined): DraftStatement {
  const recordDate = dateOf(rec, `${path}/CreDtTm`, false, 'CreDtTm') ?? messageDate;
  const acct = child(rec, 'Acct');
  const st: DraftStatement = { account: {}, lines: [] };
  const iban = compactAccount(textAt(acct, 'Id/IBAN'));
  if (iban) st.account.iban = iban;
  // v1 used PrtryAcct for non-IBAN accounts; later versions Othr.
  const other = compactAccount(textAt(acct, 'Id/Othr/Id') ?? textAt(acct, 'Id/PrtryAcct/Id') ?? textAt(acct, 'Id/BBAN'));
  if (other) st.account.number = other;
  const ccy = textAt(acct, 'Ccy');
  if (ccy) st.account.currency = ccy;
  const name = cleanText(textAt(acct, 'Nm') ?? textAt(acct, 'Ownr/Nm'));
  if (name) st.account.name = name;
  const bic = bicOf(child(acct, 'Svcr'));
  if (bic) st.account.bic = bic;
  const id = textAt(rec, 'Id');
  if (id) st.statementId = id;

  childrenNamed(rec, 'Bal').forEach((bal, i) => {
    const { code, balance } = parseBalance(bal, `${path}/Bal[${i + 1}]`, ccy);
    if (code === 'OPBD' || (code === 'PRCD' && !st.openingBalance)) st.openingBalance = balance;
    else if (code === 'CLBD') st.closingBalance = balance;
  });
  if (!st.account.currency) {
    const c = st.openingBalance?.currency ?? st.closingBalance?.currency;
    if (c) st.account.currency = c;
  }

  const entries = childrenNamed(rec, 'Ntry');
  entries.forEach((ntry, i) => {
    const epath = `${path}/Ntry[${i + 1}]`;
    for (const l of parseEntry(ntry, epath, st.account.currency, warnings, recordDate)) st.lines.push(l);
  });
  return st;
}

function txCode(el: XmlElement | undefined): string | undefined {
  const domn = textAt(el, 'BkTxCd/Domn/Cd');
  const fmly = textAt(el, 'BkTxCd/Domn/Fmly/Cd');
  const sub = textAt(el, 'BkTxCd/Domn/Fmly/SubFmlyCd');
  if (domn) return [domn, fmly, sub].filter(Boolean).join('-');
  return textAt(el, 'BkTxCd/Prtry/Cd');
}

function txAmount(tx: XmlElement): XmlElement | undefined {
  return at(tx, 'AmtDtls/TxAmt/Amt') ?? child(tx, 'Amt');
}

function parseEntry(ntry: XmlElement, path: string, acctCcy: string | undefined, warnings: string[], recordDate: string | undefined): DraftLine[] {
  const { minor, currency } = amountOf(child(ntry, 'Amt'), `${path}/Amt`, acctCcy);
  const sign = signOf(ntry, path);
  const status = textAt(ntry, 'Sts') ?? textAt(ntry, 'Sts/Cd');
  const bookDate = dateOf(child(ntry, 'BookgDt'), `${path}/BookgDt`, false);
  const valueDate = dateOf(child(ntry, 'ValDt'), `${path}/ValDt`, false);
  let date = bookDate ?? valueDate;
  if (!date && recordDate) {
    // Notifications (camt.054) may carry neither date; the message's creation date is the best we have.
    warnings.push(`${path}: no BookgDt or ValDt, dated by the message creation date ${recordDate}`);
    date = recordDate;
  }
  if (!date) throw invalid(`${path}/BookgDt: missing (and no ValDt either)`);
  const pending = status === 'PDNG' || status === 'INFO';
  if (pending) warnings.push(`${path}: entry with status ${status} (not booked) included, marked pending`);
  const lineCcy = currency ?? acctCcy;
  if (!lineCcy) throw invalid(`${path}/Amt: no currency (no Ccy attribute and no account currency)`);
  const entryRef = textAt(ntry, 'AcctSvcrRef') ?? textAt(ntry, 'NtryRef');
  const txs = childrenNamed(child(ntry, 'NtryDtls'), 'TxDtls');
  const batchTxs = txs;
  const entryInfo = cleanText(textAt(ntry, 'AddtlNtryInf'));

  // A batch entry lists its transactions in TxDtls; split it when every detail carries an amount and the
  // amounts add up to the entry, so each payment can be matched to its own invoice.
  if (batchTxs.length > 1) {
    const parts = batchTxs.map((tx, j) => {
      const a = txAmount(tx);
      if (!a) return undefined;
      const { minor: m } = amountOf(a, `${path}/NtryDtls/TxDtls[${j + 1}]/Amt`, lineCcy);
      const ind = textAt(tx, 'CdtDbtInd');
      const s = ind === 'DBIT' ? -1 : ind === 'CRDT' ? 1 : sign;
      return s * m;
    });
    if (parts.every((p) => p !== undefined) && (parts as number[]).reduce((a, b) => a + b, 0) === sign * minor) {
      return batchTxs.map((tx, j) =>
        markPending(buildLine(ntry, tx, parts[j]!, lineCcy, date, valueDate, entryRef ? `${entryRef}#${j + 1}` : undefined, entryInfo, `${path}/NtryDtls/TxDtls[${j + 1}]`), pending),
      );
    }
  }
  return [markPending(buildLine(ntry, txs[0], sign * minor, lineCcy, date, valueDate, entryRef, entryInfo, path), pending)];
}

function markPending(line: DraftLine, pending: boolean): DraftLine {
  if (pending) line.pending = true;
  return line;
}

function buildLine(
  ntry: XmlElement,
  tx: XmlElement | undefined,
  signedMinor: number,
  currency: string,
  date: string,
  valueDate: string | undefined,
  entryRef: string | undefined,
  entryInfo: string | undefined,
  path: string,
): DraftLine {
  const incoming = signedMinor >= 0;
  const parties = child(tx, 'RltdPties');
  const agents = child(tx, 'RltdAgts');
  // The counterparty is the debtor of money we receive and the creditor of money we pay.
  const side = incoming ? 'Dbtr' : 'Cdtr';
  const partnerName = partyName(child(parties, side)) ?? partyName(child(parties, `Ultmt${side}`));
  const partnerAccount = accountId(child(parties, `${side}Acct`));
  const partnerBic = bicOf(child(agents, `${side}Agt`)) ?? bicOf(at(parties, `${side}/Agt`));
  const ustrd = childrenNamed(child(tx, 'RmtInf'), 'Ustrd')
    .map((u) => u.text.trim())
    .filter((t) => t !== '');
  const strd = child(child(tx, 'RmtInf'), 'Strd');
  const creditorRef = textAt(strd, 'CdtrRefInf/Ref');
  const addtlRmt = textAt(strd, 'AddtlRmtInf');
  const endToEnd = textAt(tx, 'Refs/EndToEndId');
  const addtlTx = cleanText(textAt(tx, 'AddtlTxInf'));
  const label =
    cleanText(ustrd.join(' ')) ??
    cleanText(addtlRmt) ??
    addtlTx ??
    entryInfo ??
    (creditorRef ? cleanText(creditorRef) : undefined) ??
    partnerName ??
    txCode(ntry) ??
    '';
  const decimals = currencyDecimals(currency);
  const line: DraftLine = { date, amount: minorToAmount(signedMinor, decimals), minor: signedMinor, currency, label };
  if (valueDate) line.valueDate = valueDate;
  if (partnerName) line.partnerName = partnerName;
  if (partnerAccount) line.partnerAccount = partnerAccount;
  if (partnerBic) line.partnerBic = partnerBic;
  const reference = creditorRef ?? (endToEnd && endToEnd !== 'NOTPROVIDED' ? endToEnd : undefined);
  if (reference) line.reference = reference;
  const bankRef = textAt(tx, 'Refs/AcctSvcrRef') ?? textAt(tx, 'Refs/TxId') ?? entryRef;
  if (bankRef) line.bankReference = bankRef;
  const seed = textAt(tx, 'Refs/AcctSvcrRef') ?? textAt(tx, 'Refs/UETR') ?? entryRef;
  if (seed) line.idSeed = seed;
  const type = txCode(tx) ?? txCode(ntry);
  if (type) line.transactionType = type;
  const instd = at(tx, 'AmtDtls/InstdAmt/Amt');
  if (instd && instd.attrs['Ccy'] && instd.attrs['Ccy'] !== currency) {
    const fm = decimalToMinor(instd.text.trim(), currencyDecimals(instd.attrs['Ccy']));
    if (fm === undefined) throw invalid(`${path}/AmtDtls/InstdAmt/Amt: '${instd.text.trim()}' is not a valid amount`);
    line.foreignAmount = minorToAmount((incoming ? 1 : -1) * fm, currencyDecimals(instd.attrs['Ccy']));
    line.foreignCurrency = instd.attrs['Ccy'];
  }
  return line;
}
