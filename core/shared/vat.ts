/**
 * EU-style VAT number helpers: normalisation (spaces, dots, missing country prefix) and the national
 * check-digit algorithms for the countries our customers deal with most. A number that passes here
 * can still be unregistered (VIES decides that); a number that fails is a typo or an OCR misread.
 */

export type VatCheck = { valid: boolean; country: string; number: string; normalized: string };

/** Countries with a check-digit algorithm implemented below. */
export const VAT_COUNTRIES: readonly string[] = ['AT', 'BE', 'DE', 'DK', 'FR', 'GB', 'IT', 'LU', 'NL'];

/**
 * Upper-cases and strips separators; adds `defaultCountry` when the prefix is missing; maps Greece's
 * "EL" as-is. Belgian numbers written with 9 digits (pre-2007 form) get their leading 0 back.
 */
export function normalizeVat(raw: string, defaultCountry?: string): string {
  let s = raw.toUpperCase().replace(/[\s.\-/]/g, '');
  if (!/^[A-Z]{2}/.test(s) && defaultCountry) s = defaultCountry.toUpperCase() + s;
  if (s.startsWith('BE') && /^BE[0-9]{9}$/.test(s)) s = `BE0${s.slice(2)}`;
  return s;
}

function digitsOf(s: string): number[] {
  return [...s].map((c) => c.charCodeAt(0) - 48);
}

function checkBe(n: string): boolean {
  if (!/^[01][0-9]{9}$/.test(n)) return false;
  return 97 - (Number(n.slice(0, 8)) % 97) === Number(n.slice(8));
}

/** ISO 7064 MOD 11,10 (German USt-IdNr.). */
function iso7064Mod1110Check(first: string): number {
  let product = 10;
  for (const d of digitsOf(first)) {
    let sum = (d + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

function checkDe(n: string): boolean {
  if (!/^[1-9][0-9]{8}$/.test(n)) return false;
  return iso7064Mod1110Check(n.slice(0, 8)) === Number(n.slice(8));
}

/** Dutch BTW: 9 digits mod-11 weighted (9..2, −1) + "B" + 2 digits; since 2020 also the mod-97 form for sole traders. */
function checkNl(n: string): boolean {
  if (!/^[0-9]{9}B[0-9]{2}$/.test(n)) return false;
  const d = digitsOf(n.slice(0, 9));
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (d[i] ?? 0) * (9 - i);
  sum -= d[8] ?? 0;
  if (sum % 11 === 0) return true;
  return mod97Numeric(`2321${n.slice(0, 9)}11${n.slice(10)}`) === 1;
}

function mod97Numeric(digits: string): number {
  let rem = 0;
  for (const ch of digits) rem = (rem * 10 + (ch.charCodeAt(0) - 48)) % 97;
  return rem;
}

function luhnOk(n: string): boolean {
  let sum = 0;
  const d = digitsOf(n);
  for (let i = 0; i < d.length; i++) {
    let v = d[d.length - 1 - i] ?? 0;
    if (i % 2 === 1) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return sum % 10 === 0;
}

/** French TVA: 2-char key + SIREN; numeric key = (12 + 3·(SIREN mod 97)) mod 97. */
function checkFr(n: string): boolean {
  if (!/^[0-9A-HJ-NP-Z]{2}[0-9]{9}$/.test(n)) return false;
  if (!/^[0-9]{2}/.test(n)) return true; // alphabetic keys (new-style) have no public simple check
  return (12 + 3 * (Number(n.slice(2)) % 97)) % 97 === Number(n.slice(0, 2));
}

function checkLu(n: string): boolean {
  if (!/^[0-9]{8}$/.test(n)) return false;
  return Number(n.slice(0, 6)) % 89 === Number(n.slice(6));
}

/** Austrian UID: "U" + 8 digits, Luhn-like on the first 7 with +4 offset. */
function checkAt(n: string): boolean {
  if (!/^U[0-9]{8}$/.test(n)) return false;
  const d = digitsOf(n.slice(1));
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    let v = d[i] ?? 0;
    if (i % 2 === 1) {
      v *= 2;
      v = Math.floor(v / 10) + (v % 10);
    }
    sum += v;
  }
  return (10 - ((sum + 4) % 10)) % 10 === d[7];
}

function checkIt(n: string): boolean {
  return /^[0-9]{11}$/.test(n) && luhnOk(n);
}

function checkDk(n: string): boolean {
  if (!/^[1-9][0-9]{7}$/.test(n)) return false;
  const w = [2, 7, 6, 5, 4, 3, 2, 1];
  const d = digitsOf(n);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (d[i] ?? 0) * (w[i] ?? 0);
  return sum % 11 === 0;
}

/** UK VAT (still printed on invoices post-Brexit): weights 8..2 plus the last two digits, mod 97 (or +55 variant). */
function checkGb(n: string): boolean {
  if (!/^[0-9]{9}$/.test(n)) return false;
  const d = digitsOf(n);
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (d[i] ?? 0) * (8 - i);
  sum += Number(n.slice(7));
  return sum % 97 === 0 || (sum + 55) % 97 === 0;
}

const CHECKERS: Readonly<Record<string, (n: string) => boolean>> = {
  AT: checkAt,
  BE: checkBe,
  DE: checkDe,
  DK: checkDk,
  FR: checkFr,
  GB: checkGb,
  IT: checkIt,
  LU: checkLu,
  NL: checkNl,
};

/** Validates after normalisation. Unknown countries are reported invalid (we cannot vouch for them). */
export function checkVat(raw: string, defaultCountry?: string): VatCheck {
  const normalized = normalizeVat(raw, defaultCountry);
  const country = normalized.slice(0, 2);
  const number = normalized.slice(2);
  const checker = CHECKERS[country];
  return { valid: checker ? checker(number) : false, country, number, normalized };
}

export function isValidVat(raw: string, defaultCountry?: string): boolean {
  return checkVat(raw, defaultCountry).valid;
}

/**
 * Completes a national number body with its check digits so the result validates — the generator's
 * half of the algorithms above. `body` holds the digits before the check part (BE 8, DE 8, NL 8,
 * FR SIREN 9, LU 6, AT 7, IT 10, DK 7, GB 7); returns the full VAT with country prefix.
 */
export function makeVat(country: string, body: string): string {
  switch (country) {
    case 'BE': {
      const b = `0${body.slice(-7).padStart(7, '0')}`;
      return `BE${b}${String(97 - (Number(b) % 97)).padStart(2, '0')}`;
    }
    case 'DE': {
      const b = body.slice(0, 8).padStart(8, '1').replace(/^0/, '1');
      return `DE${b}${iso7064Mod1110Check(b)}`;
    }
    case 'NL': {
      // walk the last body digit until the weighted sum leaves a usable check digit (0..9)
      for (let bump = 0; bump < 10; bump++) {
        const b = `${body.slice(0, 7)}${(Number(body.slice(7, 8) || '0') + bump) % 10}`.padStart(8, '0');
        const d = digitsOf(b);
        let sum = 0;
        for (let i = 0; i < 8; i++) sum += (d[i] ?? 0) * (9 - i);
        const check = sum % 11;
        if (check < 10) return `NL${b}${check}B01`;
      }
      return 'NL000000000B01';
    }
    case 'FR': {
      const siren = luhnComplete(body.slice(0, 8).padStart(8, '1'));
      const key = (12 + 3 * (Number(siren) % 97)) % 97;
      return `FR${String(key).padStart(2, '0')}${siren}`;
    }
    case 'LU': {
      const b = body.slice(0, 6).padStart(6, '1');
      return `LU${b}${String(Number(b) % 89).padStart(2, '0')}`;
    }
    case 'AT': {
      const b = body.slice(0, 7).padStart(7, '0');
      for (let c = 0; c < 10; c++) if (checkAt(`U${b}${c}`)) return `ATU${b}${c}`;
      return `ATU${b}0`;
    }
    case 'IT':
      return `IT${luhnComplete(body.slice(0, 10).padStart(10, '0'))}`;
    case 'DK': {
      for (let bump = 0; bump < 10; bump++) {
        const b = `${body.slice(0, 6)}${bump}`.padStart(7, '1').replace(/^0/, '1');
        for (let c = 0; c < 10; c++) if (checkDk(`${b}${c}`)) return `DK${b}${c}`;
      }
      return 'DK13585628';
    }
    case 'GB': {
      const b = body.slice(0, 7).padStart(7, '1');
      const d = digitsOf(b);
      let sum = 0;
      for (let i = 0; i < 7; i++) sum += (d[i] ?? 0) * (8 - i);
      const check = (97 - (sum % 97)) % 97;
      return `GB${b}${String(check).padStart(2, '0')}`;
    }
    default:
      throw new Error(`makeVat: no algorithm for ${country}`);
  }
}

function luhnComplete(body: string): string {
  for (let c = 0; c < 10; c++) if (luhnOk(`${body}${c}`)) return `${body}${c}`;
  return `${body}0`;
}
