/**
 * OFX / QFX: version 1 (SGML, leaf elements usually unclosed) and version 2 (XML). Both are read by one
 * tolerant tree builder: a leaf is closed implicitly by the next tag, aggregates must be closed.
 */
import type { DraftLine, DraftStatement } from './types';
import { decodeEntities } from './xml';
import type { XmlElement } from './xml';
import { textAt } from './xml';
import { frenchRibKey, isValidIban, makeIban } from '../../../shared/iban';
import { cleanText, compactAccount, currencyDecimals, decimalToMinor, invalid, isoDate, isValidDate, makeBalance, minorToAmount } from './util';

export function looksLikeOfx(text: string): boolean {
  const head = text.slice(0, 2000);
  return /OFXHEADER\s*[:=]/i.test(head) || /<OFX>/i.test(text.slice(0, 20000));
}

type Node = XmlElement & { explicit: boolean };

/** Builds an element tree from OFX SGML or XML; element names upper-cased (OFX tags are case-insensitive). */
export function parseOfxTree(text: string): XmlElement {
  const start = text.search(/<OFX>/i);
  if (start < 0) throw invalid('no <OFX> element');
  let line = text.slice(0, start).split('\n').length;
  const root: Node = { name: '#root', attrs: {}, children: [], text: '', line: 0, explicit: true };
  const stack: Node[] = [root];
  const re = /<(\/?)([A-Za-z0-9_.]+)[^>]*>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|([^<]+)/g;
  re.lastIndex = start;
  let m: RegExpExecArray | null;
  const top = (): Node => stack[stack.length - 1]!;
  // A leaf that received text is closed by whatever tag comes next.
  const closeTextLeaf = (): void => {
    const t = top();
    if (t !== root && t.children.length === 0 && t.text.trim() !== '' && !t.explicit) {
      stack.pop();
      t.explicit = true;
    }
  };
  while ((m = re.exec(text)) !== null) {
    const tok = m[0];
    if (m[3] !== undefined) {
      const t = top();
      if (m[3].trim() !== '' && t !== root) t.text += decodeEntities(m[3]);
    } else if (tok.startsWith('<!--') || tok.startsWith('<?')) {
      // comments and processing instructions carry no data
    } else if (m[1] === '/') {
      const name = m[2]!.toUpperCase();
      if (top().name !== name) closeTextLeaf();
      const idx = stack.map((n) => n.name).lastIndexOf(name);
      if (idx <= 0) {
        // Closing tag for a leaf that was already closed implicitly (e.g. `<CODE>0</CODE>` after text).
        const last = top().children[top().children.length - 1];
        if (last && last.name === name) {
          for (let i = 0; i < tok.length; i++) if (tok.charCodeAt(i) === 10) line++;
          continue;
        }
        throw invalid(`line ${line}: closing tag </${name}> without a matching open element`);
      }
      // Elements left open in between (empty leaves such as `<LANGUAGE>`, or an unclosed
      // BANKTRANLIST) close here; readers below look values up by descendant, so nesting slips are harmless.
      while (stack.length - 1 > idx) stack.pop();
      stack.pop()!.explicit = true;
    } else {
      closeTextLeaf();
      const el: Node = { name: m[2]!.toUpperCase(), attrs: {}, children: [], text: '', line, explicit: false };
      top().children.push(el);
      if (!tok.endsWith('/>')) stack.push(el);
    }
    for (let i = 0; i < tok.length; i++) if (tok.charCodeAt(i) === 10) line++;
  }
  closeTextLeaf();
  const open = stack.slice(1).filter((n) => n.children.length > 0 || n.text.trim() === '');
  if (open.length > 0) {
    throw invalid(`line ${line}: ${stack.slice(1).map((n) => n.name).join('/')}: element not closed — the file is truncated`);
  }
  const ofx = root.children.find((c) => c.name === 'OFX');
  if (!ofx) throw invalid('no <OFX> element');
  return ofx;
}

/** First descendant with this name, not descending into nested statements or transactions. */
function deep(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) {
    if (c.name === name) return c;
    if (c.name === 'STMTTRN' || c.name === 'STMTRS' || c.name === 'CCSTMTRS') continue;
    const f = deep(c, name);
    if (f) return f;
  }
  return undefined;
}

function deepText(el: XmlElement | undefined, name: string): string | undefined {
  const t = deep(el, name)?.text.trim();
  return t === undefined || t === '' ? undefined : t;
}

function collect(el: XmlElement, names: ReadonlySet<string>, out: XmlElement[]): void {
  for (const c of el.children) {
    if (names.has(c.name)) out.push(c);
    else collect(c, names, out);
  }
}

function ofxDate(raw: string | undefined, path: string): string {
  if (raw === undefined) throw invalid(`${path}: missing`);
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(raw.trim());
  if (!m || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) throw invalid(`${path}: '${raw}' is not a valid OFX date`);
  return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function ofxAmount(raw: string | undefined, path: string, currency: string): number {
  if (raw === undefined) throw invalid(`${path}: missing`);
  let s = raw.trim().replace(/\s/g, '');
  // Some European banks write a decimal comma; OFX itself allows either separator.
  if (s.includes(',') && !s.includes('.')) s = s.replace(',', '.');
  const minor = decimalToMinor(s, currencyDecimals(currency));
  if (minor === undefined) throw invalid(`${path}: '${raw.trim()}' is not a number`);
  return minor;
}

export function parseOfx(text: string, warnings: string[], defaultCurrency?: string): DraftStatement[] {
  const ofx = parseOfxTree(text);
  const stmts: XmlElement[] = [];
  collect(ofx, new Set(['STMTRS', 'CCSTMTRS']), stmts);
  if (stmts.length === 0) {
    const severity = textAt(ofx, 'SIGNONMSGSRSV1/SONRS/STATUS/SEVERITY');
    const msg = textAt(ofx, 'SIGNONMSGSRSV1/SONRS/STATUS/MESSAGE');
    const hasInv = JSON.stringify(ofx.children.map((c) => c.name)).includes('INVSTMT');
    throw invalid(
      hasInv
        ? 'OFX/INVSTMTMSGSRSV1: investment statement — only bank and credit-card statements (STMTRS/CCSTMTRS) can be imported'
        : `OFX: no bank or credit-card statement (STMTRS/CCSTMTRS)${severity === 'ERROR' ? ` — the bank answered with an error${msg ? `: ${msg}` : ''}` : ''}`,
    );
  }
  return stmts.map((s, i) => parseOfxStatement(s, `${s.name}${stmts.length > 1 ? `[${i + 1}]` : ''}`, warnings, defaultCurrency));
}

function parseOfxStatement(s: XmlElement, path: string, warnings: string[], defaultCurrency?: string): DraftStatement {
  let currency = deepText(s, 'CURDEF')?.toUpperCase();
  if (!currency) {
    if (!defaultCurrency) throw invalid(`${path}/CURDEF: missing (pass defaultCurrency to import anyway)`);
    warnings.push(`${path}: no CURDEF, assumed ${defaultCurrency}`);
    currency = defaultCurrency;
  }
  const acctFrom = deep(s, 'BANKACCTFROM') ?? deep(s, 'CCACCTFROM');
  const st: DraftStatement = { account: { currency }, lines: [] };
  const acctId = compactAccount(deepText(acctFrom, 'ACCTID'));
  if (acctId) {
    if (/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(acctId)) st.account.iban = acctId;
    else st.account.number = acctId;
  }
  const bankId = deepText(acctFrom, 'BANKID');
  const branchId = deepText(acctFrom, 'BRANCHID');
  // French banks export the RIB (bank 5 + branch 5 + account 11 digits) instead of the IBAN; the IBAN
  // follows from it deterministically, and matching partners by IBAN needs it.
  if (!st.account.iban && bankId && branchId && acctId && /^\d{5}$/.test(bankId) && /^\d{5}$/.test(branchId) && /^[0-9A-Z]{11}$/.test(acctId)) {
    const iban = makeIban('FR', `${bankId}${branchId}${acctId}${frenchRibKey(bankId, branchId, acctId)}`);
    if (isValidIban(iban)) st.account.iban = iban;
  }
  if (bankId && /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bankId)) st.account.bic = bankId;
  else if (bankId) st.account.bankCode = bankId;

  const ds = deepText(s, 'DTSTART');
  const startDate = ds ? ofxDate(ds, `${path}/BANKTRANLIST/DTSTART`) : undefined;
  const trns: XmlElement[] = [];
  collect(s, new Set(['STMTTRN']), trns);
  trns.forEach((tr, i) => st.lines.push(parseTrn(tr, `${path}/BANKTRANLIST/STMTTRN[${i + 1}]`, currency)));
  const ledger = deep(s, 'LEDGERBAL');
  if (ledger) {
    const rawAmt = deepText(ledger, 'BALAMT');
    const rawDate = deepText(ledger, 'DTASOF');
    if (rawAmt === undefined) {
      warnings.push(`${path}/LEDGERBAL/BALAMT: empty — no closing balance`);
    } else {
      const closing = ofxAmount(rawAmt, `${path}/LEDGERBAL/BALAMT`, currency);
      st.closingBalance = makeBalance(closing, currency, rawDate ? ofxDate(rawDate, `${path}/LEDGERBAL/DTASOF`) : undefined);
      const sum = st.lines.reduce((a, l) => a + l.minor, 0);
      // OFX carries only the ledger balance; the opening one is implied by the lines (flagged as derived).
      st.openingBalance = { ...makeBalance(closing - sum, currency, startDate), derived: true };
    }
  }
  return st;
}

function parseTrn(tr: XmlElement, path: string, stmtCurrency: string): DraftLine {
  const date = ofxDate(deepText(tr, 'DTPOSTED'), `${path}/DTPOSTED`);
  const minor = ofxAmount(deepText(tr, 'TRNAMT'), `${path}/TRNAMT`, stmtCurrency);
  const name = cleanText(deepText(tr, 'NAME'));
  const memo = cleanText(deepText(tr, 'MEMO'));
  const type = deepText(tr, 'TRNTYPE');
  const line: DraftLine = {
    date,
    amount: minorToAmount(minor, currencyDecimals(stmtCurrency)),
    minor,
    currency: stmtCurrency,
    label: memo ?? name ?? type ?? '',
  };
  const user = deepText(tr, 'DTUSER');
  if (user) {
    const d = ofxDate(user, `${path}/DTUSER`);
    if (d !== date) line.valueDate = d;
  }
  if (name) line.partnerName = name;
  const to = compactAccount(deepText(deep(tr, 'BANKACCTTO') ?? deep(tr, 'CCACCTTO'), 'ACCTID'));
  if (to) line.partnerAccount = to;
  const fitid = deepText(tr, 'FITID');
  if (fitid) {
    line.bankReference = fitid;
    line.idSeed = fitid;
  }
  const ref = deepText(tr, 'REFNUM') ?? deepText(tr, 'CHECKNUM');
  if (ref && ref !== '0') line.reference = ref;
  if (type) line.transactionType = type;
  const foreign = deep(tr, 'CURRENCY');
  if (foreign) {
    // <CURRENCY>: TRNAMT is in CURSYM; CURRATE converts it to the statement currency.
    const sym = deepText(foreign, 'CURSYM');
    const rate = Number((deepText(foreign, 'CURRATE') ?? '').replace(',', '.'));
    if (!sym || !Number.isFinite(rate) || rate <= 0) throw invalid(`${path}/CURRENCY: CURSYM and a positive CURRATE are required`);
    if (sym !== stmtCurrency) {
      const fMinor = ofxAmount(deepText(tr, 'TRNAMT'), `${path}/TRNAMT`, sym);
      const dec = currencyDecimals(stmtCurrency);
      const converted = Math.round((fMinor / 10 ** currencyDecimals(sym)) * rate * 10 ** dec);
      line.foreignCurrency = sym;
      line.foreignAmount = minorToAmount(fMinor, currencyDecimals(sym));
      line.minor = converted === 0 ? 0 : converted;
      line.amount = minorToAmount(line.minor, dec);
    }
  }
  const orig = deep(tr, 'ORIGCURRENCY');
  if (orig) {
    const sym = deepText(orig, 'CURSYM');
    const rate = Number(deepText(orig, 'CURRATE') ?? '');
    if (sym && Number.isFinite(rate) && rate > 0) {
      line.foreignCurrency = sym;
      line.foreignAmount = Number((line.amount / rate).toFixed(currencyDecimals(sym)));
    }
  }
  return line;
}
