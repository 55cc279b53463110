/**
 * SWIFT MT940 (customer statement) and MT942 (interim report), as exported by European banks:
 * several statements per file, SWIFT envelopes `{1:..}{4:` optional, decimal comma, two-digit years,
 * C/D/RC/RD marks and the three `:86:` dialects seen in practice — German SEPA `?NN` subfields,
 * Dutch `/KEY/value` pairs, and free text.
 */
import { isValidIban } from '../../../shared/iban';
import type { Balance, DraftLine, DraftStatement } from './types';
import { cleanText, compactAccount, currencyDecimals, decimalToMinor, expandYear, invalid, isoDate, isValidDate, makeBalance, minorToAmount } from './util';

/** Tags we act on or knowingly skip. Anything else at a line start is a continuation of the previous field. */
const KNOWN_TAGS = new Set(['20', '21', '25', '25P', '28', '28C', '60F', '60M', '61', '86', '62F', '62M', '64', '65', '34F', '13', '13D', '90D', '90C', 'NS']);

export function looksLikeMt940(text: string): boolean {
  const head = text.slice(0, 5000);
  if (/(^|\n)\s*:20:/.test(head) && /(^|\n):(25|60F|60M|61|28C?):/.test(text.slice(0, 20000))) return true;
  // Fragments and bank exports without :20: — the first meaningful line is still a known field tag.
  const first = head.split(/\r\n|\r|\n/).find((l) => l.trim() !== '' && !/^\{[1-3]:/.test(l));
  return first !== undefined && /^:(20|25|28C?|60[FM]|61|62[FM]|64|65|86|NS|13D?|34F):/.test(first.replace(/^\{4:/, ''));
}

type Field = { tag: string; value: string; line: number };

function splitFields(text: string): Field[] {
  const fields: Field[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  // A tag broken after its first colon (":" then "86:...") is rejoined; seen in Sparkasse exports.
  for (let i = 0; i + 1 < lines.length; i++) {
    if (lines[i]!.trim() === ':' && /^(\d{2}[A-Z]?|NS):/.test(lines[i + 1]!)) {
      lines[i] = `:${lines[i + 1]!}`;
      lines[i + 1] = '';
    }
  }
  let cur: Field | undefined;
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    // Strip SWIFT envelope pieces: "{1:...}{2:...}{4:" before and "-}" after the text block.
    let ln = raw.replace(/^\{1:[^}]*\}(\{2:[^}]*\})?(\{3:(\{[^}]*\})*\})?\{4:\s*/, '');
    if (/^-\}/.test(ln) || /^\{5:/.test(ln)) ln = '-';
    const m = /^:([0-9]{2}[A-Z]?|NS):(.*)$/.exec(ln);
    if (m && KNOWN_TAGS.has(m[1]!)) {
      cur = { tag: m[1]!, value: m[2]!, line: lineNo };
      fields.push(cur);
    } else if ((ln.trim() === '-' || ln.trim() === '-}') && endsMessage(lines, i)) {
      cur = undefined;
      fields.push({ tag: '-', value: '', line: lineNo });
    } else if (cur) {
      cur.value += `\n${ln}`;
    }
    // Lines before the first tag (file headers such as "0000 01INGBNL2AXXXX00001") carry nothing we need.
  });
  return fields;
}

/** A lone "-" ends the message unless the text goes on as a continuation (ING wraps `:86:` lines at a "-"). */
function endsMessage(lines: string[], i: number): boolean {
  for (let j = i + 1; j < lines.length; j++) {
    const next = lines[j]!.trim();
    if (next === '') continue;
    return /^(:|\{|-|\$|[0-9]{4} |ABNANL|940)/.test(next) || /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(next);
  }
  return true;
}

/** YYMMDD → ISO. Banks write 30 February for month-end interest: clamp to the month's last day, with a warning. */
function swiftDate(yymmdd: string, where: string, warnings: string[]): string {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(yymmdd);
  if (!m) throw invalid(`${where} '${yymmdd}' is not a YYMMDD date`);
  const y = expandYear(Number(m[1]));
  const mo = Number(m[2]);
  let d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) throw invalid(`${where} '${yymmdd}' is not a valid date`);
  if (!isValidDate(y, mo, d)) {
    const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    warnings.push(`${where} date ${isoDate(y, mo, d)} does not exist, read as ${isoDate(y, mo, last)}`);
    d = last;
  }
  return isoDate(y, mo, d);
}

function parseAmount(raw: string, currency: string | undefined, where: string): number {
  const s = raw.trim();
  if (!/^\d+([,.]\d*)?$/.test(s)) throw invalid(`${where}: amount '${s}' is not a number`);
  const minor = decimalToMinor(s.replace(',', '.'), currencyDecimals(currency));
  if (minor === undefined) throw invalid(`${where}: amount '${s}' is not a number`);
  return minor;
}

function parseBalanceField(f: Field, warnings: string[], knownCurrency: string | undefined): Balance {
  const v = f.value.replace(/\s+$/g, '').split('\n')[0]!.trim();
  const m = /^([CD])(\d{6})([A-Z]{3})?(.+)$/.exec(v);
  const where = `line ${f.line}: :${f.tag}:`;
  if (!m) throw invalid(`${where} '${v}' is not a balance (expected C/D, YYMMDD, currency, amount)`);
  const currency = m[3] ?? knownCurrency;
  if (!currency) throw invalid(`${where} '${v}' names no currency and none is known for this account`);
  if (!m[3]) warnings.push(`${where} balance without currency, read as ${currency}`);
  const minor = parseAmount(m[4]!, currency, where);
  return makeBalance(m[1] === 'D' ? -minor : minor, currency, swiftDate(m[2]!, where, warnings));
}

function parseAccount(raw: string): DraftStatement['account'] {
  const v = raw.split('\n')[0]!.trim();
  const compact = v.replace(/\s+/g, '');
  const iban = /^([A-Z]{2}\d{2}[A-Z0-9]{10,30}?)([A-Z]{3})?$/.exec(compact);
  if (iban && /^[A-Z]{2}\d{2}/.test(compact) && /\d{6,}/.test(compact)) {
    const acc: DraftStatement['account'] = { iban: iban[1]! };
    if (iban[2]) acc.currency = iban[2];
    return acc;
  }
  // "BLZ/account" (German), "BIC/IBAN", or a plain number, sometimes followed by a currency.
  const bicIban = /^([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\/([A-Z]{2}\d{2}[A-Z0-9]+?)([A-Z]{3})?$/.exec(compact);
  if (bicIban) {
    const acc: DraftStatement['account'] = { bic: bicIban[1]!, iban: bicIban[2]! };
    if (bicIban[3]) acc.currency = bicIban[3];
    return acc;
  }
  const blz = /^(\d{8})\/(\d+)([A-Z]{3})?$/.exec(compact);
  if (blz) {
    const acc: DraftStatement['account'] = { bankCode: blz[1]!, number: blz[2]! };
    if (blz[3]) acc.currency = blz[3];
    return acc;
  }
  return { number: compact };
}

type Sepa = {
  gvc?: string;
  postingText?: string;
  purpose?: string;
  eref?: string;
  /** Structured creditor reference (Dutch "/REMI/STRD/CUR/…"), preferred over the end-to-end id. */
  cref?: string;
  kref?: string;
  mref?: string;
  svwz?: string;
  name?: string;
  account?: string;
  bic?: string;
};

const SEPA_KEYS = ['EREF', 'KREF', 'MREF', 'CRED', 'DEBT', 'COAM', 'OAMT', 'SVWZ', 'ABWA', 'ABWE', 'IBAN', 'BIC'] as const;

/** German `:86:` "GVC?00text?10prima nota?20purpose…?30BLZ?31account?32name". */
function parseGermanDetails(details: string): Sepa | undefined {
  const flat = details.replace(/\n/g, '').trimStart();
  const m = /^(\d{3})(\D)/.exec(flat);
  if (!m || !/\d{2}/.test(flat.slice(4, 6))) return undefined;
  const sep = m[2]!;
  if (sep !== '?' && !flat.includes(`${sep}20`) && !flat.includes(`${sep}00`)) return undefined;
  const out: Sepa = { gvc: m[1]! };
  const parts = flat.slice(4).split(sep);
  const purpose: string[] = [];
  const names: string[] = [];
  for (const p of parts) {
    const code = p.slice(0, 2);
    const val = p.slice(2);
    if (!/^\d{2}$/.test(code)) continue;
    const n = Number(code);
    if (n === 0) out.postingText = val;
    else if ((n >= 20 && n <= 29) || (n >= 60 && n <= 63)) purpose.push(val);
    else if (n === 30) out.bic = val.trim();
    else if (n === 31) out.account = val.trim();
    else if (n === 32 || n === 33) names.push(val);
  }
  const name = cleanText(names.join(''));
  if (name) out.name = name;
  const text = purpose.join('');
  // SEPA keys split the purpose lines; the values may have been wrapped across ?2x fields.
  const keyRe = new RegExp(`(${SEPA_KEYS.join('|')})\\+`, 'g');
  const hits = [...text.matchAll(keyRe)].filter((h) => h.index === 0 || /[\s+A-Za-z0-9/]/.test(text[h.index - 1] ?? ''));
  if (hits.length > 0 && hits[0]!.index === 0) {
    hits.forEach((h, i) => {
      const end = i + 1 < hits.length ? hits[i + 1]!.index : text.length;
      const val = cleanText(text.slice(h.index + h[0].length, end));
      if (!val) return;
      if (h[1] === 'EREF') out.eref = val;
      else if (h[1] === 'KREF') out.kref = val;
      else if (h[1] === 'MREF') out.mref = val;
      else if (h[1] === 'SVWZ') out.svwz = val;
      else if (h[1] === 'IBAN' && !out.account) out.account = val;
      else if (h[1] === 'BIC' && !out.bic) out.bic = val;
    });
  }
  const p = cleanText(text);
  if (p) out.purpose = p;
  return out;
}

const SLASH_KEYS = ['TRTP', 'IBAN', 'BIC', 'NAME', 'REMI', 'EREF', 'CNTP', 'ORDP', 'BENM', 'MARF', 'CSID', 'RTRN', 'ADDR', 'ULTD', 'ULTC', 'PREF', 'PURP', 'ISDT', 'ATOR', 'SVCL', 'FX', 'ID', 'CDTRREF', 'CDTRREFTP', 'CD', 'PRTRY', 'ISSR', 'ABC', 'DEF', 'PT', 'FT', 'PY'];

/** Dutch (ING/ABN/Rabo) `:86:` "/TRTP/SEPA OVERBOEKING/IBAN/NL…/BIC/…/NAME/…/REMI/…/EREF/…". */
function parseSlashDetails(details: string): Sepa | undefined {
  const flat = details.replace(/\n/g, '');
  if (!/^\s*\/[A-Z]{2,9}\//.test(flat)) return undefined;
  const keyRe = new RegExp(`/(${SLASH_KEYS.join('|')})/`, 'g');
  const hits = [...flat.matchAll(keyRe)];
  if (hits.length === 0) return undefined;
  const vals = new Map<string, string>();
  hits.forEach((h, i) => {
    const end = i + 1 < hits.length ? hits[i + 1]!.index : flat.length;
    if (!vals.has(h[1]!)) vals.set(h[1]!, flat.slice(h.index + h[0].length, end));
  });
  const out: Sepa = {};
  const cntp = vals.get('CNTP') ?? vals.get('ORDP') ?? vals.get('BENM');
  if (cntp !== undefined) {
    // CNTP/account/BIC/name/city ; ORDP and BENM carry "/NAME/..." themselves (already in vals).
    const parts = cntp.split('/');
    if (parts[0]) out.account = parts[0];
    if (parts[1]) out.bic = parts[1];
    if (parts[2]) out.name = parts[2];
  }
  const name = vals.get('NAME');
  if (name) out.name = name;
  const iban = vals.get('IBAN');
  if (iban) out.account = iban;
  const bic = vals.get('BIC');
  if (bic) out.bic = bic;
  const remi = vals.get('REMI');
  if (remi !== undefined) {
    // Structured remittance: "/REMI/USTD//free text/" or "/REMI/STRD/CUR/RF…".
    const strd = /^STRD\/[A-Z]*\/(.+?)\/?$/.exec(remi);
    if (strd) {
      out.cref = strd[1]!.trim();
      out.svwz = out.cref;
    } else {
      const ustd = /^(?:USTD\/\/)?(.*?)\/?$/.exec(remi);
      const val = cleanText(ustd?.[1] ?? remi);
      if (val) out.svwz = val;
    }
  }
  const eref = vals.get('EREF');
  if (eref) out.eref = eref.replace(/\/$/, '');
  const trtp = vals.get('TRTP');
  if (trtp) out.postingText = trtp;
  const p = cleanText(flat);
  if (p) out.purpose = p;
  return out;
}

export function parseMt940(text: string, warnings: string[], defaultCurrency?: string): DraftStatement[] {
  const fields = splitFields(text);
  if (!fields.some((f) => f.tag === '61' || f.tag === '60F' || f.tag === '60M' || f.tag === '25')) {
    throw invalid('no MT940 statement found (no :25:, :60F: or :61: field)');
  }
  const statements: DraftStatement[] = [];
  let cur: (DraftStatement & { currency?: string; closed: boolean; startLine: number; is942: boolean }) | undefined;
  let lastLine: DraftLine | undefined;
  let lastLineField: Field | undefined;

  const finish = (terminated: boolean): void => {
    if (!cur) return;
    if (cur.openingBalance && !cur.closingBalance && !cur.is942) {
      // Ended by "-" yet without :62F: is a bank's omission; running out of text is a truncated file.
      if (!terminated) {
        throw invalid(`line ${cur.startLine}: statement ${cur.statementId ?? '(no :20:)'} has an opening balance (:60F:) but the file ends before its closing balance (:62F:) — the file is truncated`);
      }
      warnings.push(`line ${cur.startLine}: statement ${cur.statementId ?? '(no :20:)'} has no closing balance (:62F:)`);
    }
    statements.push(stripState(cur));
    cur = undefined;
    lastLine = undefined;
  };
  const start = (f: Field): NonNullable<typeof cur> => {
    finish(true);
    cur = { account: {}, lines: [], closed: false, startLine: f.line, is942: false };
    return cur;
  };

  for (const f of fields) {
    const where = `line ${f.line}: :${f.tag}:`;
    switch (f.tag) {
      case '20': {
        const s = start(f);
        const ref = cleanText(f.value.replace(/\n/g, ''));
        if (ref) s.statementId = ref;
        break;
      }
      case '25': {
        if (cur && !cur.closed && cur.lines.length > 0) {
          throw invalid(`line ${f.line}: :25: account field in the middle of statement ${cur.statementId ?? '(no :20:)'} (after its :61: lines, before its :62F:) — malformed file`);
        }
        const s = cur && !cur.closed && !cur.openingBalance ? cur : start(f);
        const acc = parseAccount(f.value);
        s.account = { ...s.account, ...acc };
        if (acc.currency) s.currency = acc.currency;
        break;
      }
      case '28':
      case '28C': {
        const s = cur ?? start(f);
        const n = cleanText(f.value.replace(/\n/g, ''));
        if (n) s.statementId = s.statementId ? `${s.statementId}/${n}` : n;
        break;
      }
      case '60F':
      case '60M': {
        const s = cur && !cur.closed ? cur : start(f);
        const b = parseBalanceField(f, warnings, s.currency ?? s.account.currency ?? defaultCurrency);
        s.openingBalance = b;
        s.currency = b.currency;
        if (!s.account.currency && b.currency) s.account.currency = b.currency;
        break;
      }
      case '34F': {
        const s = cur ?? start(f);
        s.is942 = true;
        const m = /^([A-Z]{3})/.exec(f.value.trim());
        if (m && !s.currency) {
          s.currency = m[1]!;
          if (!s.account.currency) s.account.currency = m[1]!;
        }
        break;
      }
      case '13':
      case '13D':
      case '90D':
      case '90C':
        if (cur) cur.is942 = true;
        break;
      case '61': {
        const s = cur ?? start(f);
        let ccy = s.currency ?? s.account.currency;
        if (!ccy && defaultCurrency) {
          warnings.push(`line ${f.line}: no currency in the statement (no :60F:), used the account currency ${defaultCurrency}`);
          ccy = defaultCurrency;
          s.currency = ccy;
        }
        lastLine = parseStatementLine(f, ccy, warnings);
        lastLineField = f;
        s.lines.push(lastLine);
        break;
      }
      case '86': {
        if (lastLine && lastLineField && cur && cur.lines[cur.lines.length - 1] === lastLine) {
          applyDetails(lastLine, f.value);
          lastLineField = undefined;
        } else if (cur) {
          // Statement-level information (after :62F:); nothing to map.
        }
        break;
      }
      case '62F':
      case '62M': {
        if (!cur) throw invalid(`${where} closing balance before any statement`);
        cur.closingBalance = parseBalanceField(f, warnings, cur.currency ?? cur.account.currency ?? defaultCurrency);
        cur.closed = true;
        lastLine = undefined;
        break;
      }
      case '64':
      case '65':
      case '21':
      case 'NS':
        break;
      case '-':
        finish(true);
        break;
      default:
        break;
    }
  }
  finish(false);
  const withContent = statements.filter((s) => s.lines.length > 0 || s.openingBalance || s.closingBalance || s.account.iban || s.account.number);
  if (withContent.length === 0) throw invalid('no MT940 statement with an account, balances or lines found');
  withContent.forEach((s, i) => {
    if (s.lines.length === 0 && !s.openingBalance && !s.closingBalance) warnings.push(`statement ${s.statementId ?? i + 1}: no balances and no lines`);
  });
  return withContent;
}

function stripState(s: DraftStatement & { currency?: string; closed: boolean; startLine: number; is942: boolean }): DraftStatement {
  const { currency: _c, closed: _x, startLine: _l, is942: _k, ...rest } = s;
  return rest;
}

/** `:61:` value date, [entry date], mark, [funds code], amount, type, customer ref [//bank ref] [\n details]. */
const LINE_RE = /^(\d{6})(\d{4}|\s{4})?(RC|RD|EC|ED|C|D)([A-Z])?([0-9]+(?:[,.][0-9]*)?)([A-Z][A-Z0-9 ]{3})(.*)$/s;

function parseStatementLine(f: Field, currency: string | undefined, warnings: string[]): DraftLine {
  const where = `line ${f.line}: :61:`;
  let [first, ...rest] = f.value.split('\n');
  let head = (first ?? '').replace(/\s+$/, '');
  let m = LINE_RE.exec(head);
  if (!m && rest.length > 0 && /^(\d{6})(\d{4})?R?[CD][A-Z]?$/.test(head)) {
    // Amount wrapped onto the next line ("1811261126CR" / "30,00N062NONREF").
    head = `${head}${rest[0]!.trim()}`;
    rest = rest.slice(1);
    first = head;
    m = LINE_RE.exec(head);
  }
  if (!m) {
    const amt = /^(\d{6})(\d{4})?(R?[CD])[A-Z]?([^NSF]*)/.exec(head);
    if (amt && amt[4]) throw invalid(`${where} amount '${amt[4]}' is not a number`);
    throw invalid(`${where} '${head}' is not a valid statement line`);
  }
  if (!currency) throw invalid(`${where} no currency known (missing :60F: opening balance)`);
  const valueDate = swiftDate(m[1]!, where, warnings);
  let date = valueDate;
  const entry = m[2]?.trim();
  if (entry) {
    const vy = Number(valueDate.slice(0, 4));
    const vm = Number(valueDate.slice(5, 7));
    const em = Number(entry.slice(0, 2));
    // The entry date has no year: take the value date's, stepping across a year end when needed.
    let ey = vy;
    if (vm === 12 && em === 1) ey = vy + 1;
    else if (vm === 1 && em === 12) ey = vy - 1;
    date = swiftDate(`${String(ey % 100).padStart(2, '0')}${entry}`, where, warnings);
  }
  const mark = m[3]!;
  const minorAbs = parseAmount(m[5]!, currency, where);
  // C and RD (reversal of a debit) add money; D and RC (reversal of a credit) take it away.
  const sign = mark === 'C' || mark === 'RD' || mark === 'EC' ? 1 : -1;
  const minor = minorAbs === 0 ? 0 : sign * minorAbs;
  const refs = m[7] ?? '';
  const [custRef, bankRef] = refs.includes('//') ? [refs.slice(0, refs.indexOf('//')), refs.slice(refs.indexOf('//') + 2)] : [refs, undefined];
  const line: DraftLine = {
    date,
    amount: minorToAmount(minor, currencyDecimals(currency)),
    minor,
    currency,
    label: '',
  };
  if (valueDate !== date) line.valueDate = valueDate;
  line.transactionType = m[6]!.trim() || m[6]!;
  const cust = cleanText(custRef);
  const supplementary = cleanText(rest.join(' '));
  // Anonymised exports break the checksum; an IBAN shape followed by a name line is evidence enough.
  if (cust && /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(cust) && (isValidIban(cust) || (supplementary !== undefined && /^[A-Z]{2}\d{2}[A-Z]{4}\d{6,}$/.test(cust)))) {
    // SNS/ASN put the counterparty IBAN in the reference slot and its name in the supplementary line.
    line.partnerAccount = cust;
    if (supplementary) line.partnerName = supplementary;
  } else if (cust && cust !== 'NONREF') line.reference = cust;
  const bank = cleanText(bankRef);
  if (bank) {
    line.bankReference = bank;
    if (bank !== 'NONREF') line.idSeed = bank;
  }
  if (supplementary) line.label = supplementary;
  return line;
}

function applyDetails(line: DraftLine, raw: string): void {
  const sepa = parseGermanDetails(raw) ?? parseSlashDetails(raw);
  if (sepa) {
    const label = sepa.svwz ?? (sepa.eref || sepa.kref || sepa.mref ? undefined : sepa.purpose) ?? sepa.postingText ?? sepa.purpose;
    if (label) line.label = label;
    if (sepa.name) line.partnerName = cleanText(sepa.name)!;
    const acct = compactAccount(sepa.account);
    if (acct && acct !== '0' && !/^0+$/.test(acct)) line.partnerAccount = acct;
    const bic = sepa.bic?.trim();
    if (bic && /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) line.partnerBic = bic;
    const ref = sepa.cref ?? (sepa.eref && sepa.eref !== 'NOTPROVIDED' ? sepa.eref : undefined);
    if (ref) line.reference = ref;
    if (sepa.gvc && !line.transactionType?.startsWith('N')) line.transactionType = sepa.gvc;
    else if (sepa.gvc) line.transactionType = `${line.transactionType}/${sepa.gvc}`;
    return;
  }
  let text = cleanText(raw.replace(/\n/g, ' '));
  // Free text that repeats the counterparty ("NL49RABO… gerrits glas Factuur 17227") keeps only the rest.
  if (text && line.partnerAccount && text.startsWith(line.partnerAccount)) {
    let rest = text.slice(line.partnerAccount.length).trim();
    if (line.partnerName && rest.toLowerCase().startsWith(line.partnerName.toLowerCase())) rest = rest.slice(line.partnerName.length).trim();
    if (rest !== '') text = rest;
  }
  if (text) line.label = text;
}
