/**
 * ISO 13616 IBAN helpers (mod-97 check digits, per-country length and BBAN shape) plus ISO 11649
 * RF creditor references. Pure functions: used by the demo generator to mint valid numbers and by
 * extraction to tell a real IBAN from an OCR misread.
 */

/** BBAN shape per country: n = digits, a = upper-case letters, c = alphanumerics (SWIFT IBAN registry). */
const BBAN_FORMATS: Readonly<Record<string, string>> = {
  AT: '16n',
  BE: '12n',
  CH: '5n,12c',
  DE: '18n',
  DK: '14n',
  ES: '20n',
  FI: '14n',
  FR: '10n,11c,2n',
  GB: '4a,14n',
  IE: '4a,14n',
  IT: '1a,10n,12c',
  LU: '3n,13c',
  NL: '4a,10n',
  NO: '11n',
  PL: '24n',
  PT: '21n',
  SE: '20n',
};

const bbanRegex = new Map<string, RegExp>();
function regexFor(country: string): RegExp | undefined {
  const cached = bbanRegex.get(country);
  if (cached) return cached;
  const format = BBAN_FORMATS[country];
  if (!format) return undefined;
  const parts = format.split(',').map((p) => {
    const count = p.slice(0, -1);
    const kind = p.slice(-1);
    const cls = kind === 'n' ? '[0-9]' : kind === 'a' ? '[A-Z]' : '[A-Z0-9]';
    return `${cls}{${count}}`;
  });
  const re = new RegExp(`^${parts.join('')}$`);
  bbanRegex.set(country, re);
  return re;
}

/** Countries whose IBAN structure this module knows. */
export const IBAN_COUNTRIES: readonly string[] = Object.keys(BBAN_FORMATS);

/** Strips spaces, dashes and dots and upper-cases: the forms people type or print. */
export function normalizeIban(raw: string): string {
  return raw.replace(/[\s.-]/g, '').toUpperCase();
}

/** Remainder mod 97 of an alphanumeric string where A=10 … Z=35, computed in chunks (no BigInt needed). */
export function mod97(alnum: string): number {
  let rem = 0;
  for (const ch of alnum) {
    const code = ch.charCodeAt(0);
    if (code >= 48 && code <= 57) {
      rem = (rem * 10 + (code - 48)) % 97;
    } else if (code >= 65 && code <= 90) {
      rem = (rem * 100 + (code - 55)) % 97;
    } else {
      return -1;
    }
  }
  return rem;
}

/** The two check digits for `country` + `bban` (ISO 13616: 98 − (BBAN + country + "00") mod 97). */
export function ibanCheckDigits(country: string, bban: string): string {
  const rem = mod97(`${bban}${country}00`);
  return String(98 - rem).padStart(2, '0');
}

export function makeIban(country: string, bban: string): string {
  return `${country}${ibanCheckDigits(country, bban)}${bban}`;
}

/** True when the IBAN has a known country, the right BBAN shape and a valid mod-97 checksum. */
export function isValidIban(raw: string): boolean {
  const iban = normalizeIban(raw);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) return false;
  const country = iban.slice(0, 2);
  const re = regexFor(country);
  if (!re || !re.test(iban.slice(4))) return false;
  if (country === 'BE' && !belgianBbanOk(iban.slice(4))) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/** Groups of four, the printed form ("BE71 0961 2345 6769"). */
export function formatIban(raw: string): string {
  return normalizeIban(raw).replace(/(.{4})/g, '$1 ').trim();
}

/** Belgian BBAN carries its own check: last two digits = first ten mod 97 (97 when 0). */
function belgianBbanOk(bban: string): boolean {
  const base = Number(bban.slice(0, 10));
  const check = Number(bban.slice(10, 12));
  const expected = base % 97 === 0 ? 97 : base % 97;
  return check === expected;
}

/** Builds a Belgian BBAN (bank code + account) with its national check pair. */
export function belgianBban(bankCode: string, account7: string): string {
  const base = `${bankCode.padStart(3, '0')}${account7.padStart(7, '0')}`;
  const rem = Number(base) % 97;
  return `${base}${String(rem === 0 ? 97 : rem).padStart(2, '0')}`;
}

/** French RIB key: 97 − ((89·bank + 15·branch + 3·account) mod 97), letters mapped per the RIB table. */
export function frenchRibKey(bank5: string, branch5: string, account11: string): string {
  const acct = account11.replace(/[A-Z]/g, (ch) => String('123456789123456789234567890'.charAt(ch.charCodeAt(0) - 65)));
  const total = (89 * Number(bank5) + 15 * Number(branch5) + 3 * (Number(acct) % 97)) % 97;
  return String(97 - total).padStart(2, '0');
}

/** ISO 11649 creditor reference "RFkk<ref>" (ref up to 21 alphanumerics), the SEPA structured remittance. */
export function makeRfReference(ref: string): string {
  const clean = ref.replace(/[^A-Za-z0-9]/g, '').toUpperCase().slice(0, 21);
  const rem = mod97(`${clean}RF00`);
  return `RF${String(98 - rem).padStart(2, '0')}${clean}`;
}

export function isValidRfReference(raw: string): boolean {
  const ref = raw.replace(/\s/g, '').toUpperCase();
  if (!/^RF[0-9]{2}[A-Z0-9]{1,21}$/.test(ref)) return false;
  return mod97(ref.slice(4) + ref.slice(0, 4)) === 1;
}

/**
 * Belgian structured communication "+++ddd/dddd/ddddd+++": ten digits then their mod 97 (97 when 0).
 * Odoo's Belgian localisation puts it in an invoice's payment_reference.
 */
export function makeBelgianStructuredRef(base10: number): string {
  const base = String(Math.floor(Math.abs(base10)) % 10_000_000_000).padStart(10, '0');
  const rem = Number(base) % 97;
  const digits = `${base}${String(rem === 0 ? 97 : rem).padStart(2, '0')}`;
  return `+++${digits.slice(0, 3)}/${digits.slice(3, 7)}/${digits.slice(7)}+++`;
}

export function isValidBelgianStructuredRef(raw: string): boolean {
  const digits = raw.replace(/[^0-9]/g, '');
  if (digits.length !== 12) return false;
  const rem = Number(digits.slice(0, 10)) % 97;
  return Number(digits.slice(10)) === (rem === 0 ? 97 : rem);
}
