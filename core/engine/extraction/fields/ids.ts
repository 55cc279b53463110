/**
 * Identifiers found anywhere in the text: VAT ids (per-country format, checksum where core/shared/vat knows
 * the algorithm), IBANs (mod-97) and e-mail addresses.
 */
import { isValidIban, normalizeIban } from '../../../shared/iban';
import { checkVat, normalizeVat } from '../../../shared/vat';

/** EU VIES formats plus GB and CH: the body after the two-letter prefix. */
const VAT_FORMATS: Record<string, RegExp> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[0-9A-Z]\d{7}[0-9A-Z]$/,
  FI: /^\d{8}$/,
  FR: /^[0-9A-HJ-NP-Z]{2}\d{9}$/,
  GB: /^(\d{9}|\d{12})$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{10}01$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  CH: /^E\d{9}(MWST|TVA|IVA)?$/,
};

export type VatHit = { vat: string; valid: boolean; checked: boolean; index: number; length: number };

const VAT_RE = /\b(ATU|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|CHE)[\s.-]?([0-9A-Z](?:[0-9A-Z]|[\s.-](?=[0-9A-Z])){6,15})/g;

/** VAT ids in a string: `valid` means format (and checksum where one is known) pass. */
export function findVatIds(text: string): VatHit[] {
  const out: VatHit[] = [];
  for (const m of text.toUpperCase().matchAll(VAT_RE)) {
    const prefix = m[1] ?? '';
    let body = (m[2] ?? '').replace(/[\s.-]/g, '');
    const country = prefix === 'ATU' ? 'AT' : prefix === 'CHE' ? 'CH' : prefix;
    if (prefix === 'ATU') body = `U${body}`;
    if (prefix === 'CHE') body = `E${body}`;
    const fmt = VAT_FORMATS[country];
    if (!fmt) continue;
    // the body may run into following text: try the longest prefix that fits the format
    let found: string | undefined;
    for (let len = Math.min(body.length, 14); len >= 2; len--) {
      if (fmt.test(body.slice(0, len))) {
        found = body.slice(0, len);
        break;
      }
    }
    if (!found) continue;
    const vat = normalizeVat(`${country}${found}`);
    const check = checkVat(vat);
    const hasChecker = ['AT', 'BE', 'DE', 'DK', 'FR', 'GB', 'IT', 'LU', 'NL'].includes(country);
    out.push({ vat, valid: hasChecker ? check.valid : true, checked: hasChecker, index: m.index ?? 0, length: m[0].length });
  }
  return out;
}

export type IbanHit = { iban: string; index: number; length: number };

/** IBANs (printed with or without groups of four) that pass their checksum. */
export function findIbans(text: string): IbanHit[] {
  const out: IbanHit[] = [];
  const re = /\b([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{1,4}){3,8})/g;
  for (const m of text.toUpperCase().matchAll(re)) {
    const raw = m[1] ?? '';
    const compact = normalizeIban(raw);
    // try shrinking from the right: the regex can swallow a following word
    for (let len = compact.length; len >= 15; len--) {
      const cand = compact.slice(0, len);
      if (isValidIban(cand)) {
        out.push({ iban: cand, index: m.index ?? 0, length: raw.length });
        break;
      }
    }
  }
  return out;
}

export type EmailHit = { email: string; index: number; length: number };

export function findEmails(text: string): EmailHit[] {
  const out: EmailHit[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g)) {
    // a TLD running into the next word ("fake.comMaystone"): cut at the lower→upper case change
    const email = m[0].replace(/\.$/, '').replace(/(\.[a-z]{2,})[A-Z][A-Za-z]*$/, '$1');
    out.push({ email, index: m.index ?? 0, length: email.length });
  }
  return out;
}
