/**
 * What the bank prints: counterparty names as banks truncate and upper-case them, and remittance
 * texts with the invoice reference in the many forms customers type it (or mangle it).
 */
import { makeRfReference } from '../../shared/iban';
import type { PostedInvoice } from './accounting';
import type { PartnerInfo } from './context';
import type { Rng } from './rng';

export type RefStyle = 'ogm' | 'name' | 'spaced' | 'compact' | 'words' | 'sepa' | 'digits' | 'number-only';

const REF_STYLES: readonly RefStyle[] = ['ogm', 'name', 'spaced', 'compact', 'words', 'sepa', 'digits', 'number-only'];
const REF_WEIGHTS: readonly number[] = [26, 22, 10, 8, 12, 8, 6, 8];

function parts(inv: PostedInvoice): { prefix: string; year: string; seq: string; n: number } {
  const [prefix = 'INV', year = '2026', seq = '0'] = inv.name.split('/');
  return { prefix, year, seq, n: Number(seq) };
}

/** One invoice reference written in `style` (clean: a human or a regex can still recover it). */
export function invoiceRef(rng: Rng, inv: PostedInvoice, style: RefStyle): string {
  const { prefix, year, seq, n } = parts(inv);
  switch (style) {
    case 'ogm':
      return inv.paymentReference.startsWith('+++') ? inv.paymentReference : inv.name;
    case 'name':
      return inv.name;
    case 'spaced':
      return `${prefix} ${year} ${n}`;
    case 'compact':
      return `${prefix.toLowerCase()}${year}-${String(n).padStart(4, '0')}`;
    case 'words':
      return rng.pick([`Payment invoice ${n}`, `Betaling factuur ${n}`, `Facture ${year}/${seq}`, `Rechnung ${prefix}-${year}-${seq}`, `Invoice no. ${n}`, `fact. ${year}/${n}`]);
    case 'sepa':
      return rng.chance(0.5) ? `/RFB/${makeRfReference(`${prefix}${year}${seq}`)}` : `/EREF/NOTPROVIDED/REMI/${inv.name}`;
    case 'digits':
      return inv.paymentReference.startsWith('+++') ? inv.paymentReference.replace(/[^0-9]/g, '') : `${year}${seq}`;
    case 'number-only':
      return rng.pick([String(n), `${year}${seq}`, `nr ${n}`]);
  }
}

export function pickRefStyle(rng: Rng): RefStyle {
  return rng.weighted(REF_STYLES, REF_WEIGHTS);
}

/** A reference with a mistake in it: the kind a fuzzy matcher must still catch. */
export function typoRef(rng: Rng, inv: PostedInvoice): string {
  const { prefix, year, seq, n } = parts(inv);
  const kind = rng.int(0, 5);
  if (kind === 0 && inv.paymentReference.startsWith('+++')) {
    // one digit wrong in the structured communication (its check digits no longer hold)
    const digits = [...inv.paymentReference];
    const positions = digits.map((c, i) => ({ c, i })).filter((x) => /[0-9]/.test(x.c));
    const at = rng.pick(positions.slice(3, 9)).i;
    digits[at] = String((Number(digits[at]) + rng.int(1, 8)) % 10);
    return digits.join('');
  }
  if (kind === 1 && seq.length >= 2) {
    // swapped adjacent digits in the sequence number
    const s = [...seq];
    const i = s.length - 2;
    const a = s[i] ?? '0';
    s[i] = s[i + 1] ?? '0';
    s[i + 1] = a;
    const swapped = s.join('');
    return swapped === seq ? `${prefix}/${year}/${seq.slice(0, -1)}` : `${prefix}/${year}/${swapped}`;
  }
  if (kind === 2) return `${prefix}/${Number(year) - 1}/${seq}`; // wrong year
  if (kind === 3) return `${prefix}/${year}/${seq}`.replace(/0/g, 'O'); // letter O for zero
  if (kind === 4) return `${prefix}${year}${String(n).slice(0, -1) || '0'}`; // truncated
  return `${prefix} ${year}/${String(n).padStart(5, '0')}`.replace(/(\d)(\d)$/, '$2$1');
}

export function noRefLabel(rng: Rng, p: PartnerInfo): string {
  return rng.pick(['PAYMENT', 'Betaling', 'Overschrijving', 'Zahlung', 'Virement', 'Invoice payment', 'Payment as agreed', 'Settlement', `${p.base}`, 'Facturen', 'SEPA CREDIT TRANSFER']);
}

/** The counterparty name as a bank statement shows it: shouted, truncated, legal form dropped or abbreviated. */
export function bankName(rng: Rng, p: PartnerInfo): string {
  const style = rng.int(0, 5);
  let s = p.name;
  if (style === 0) s = p.name.toUpperCase();
  else if (style === 1) s = p.base.toUpperCase();
  else if (style === 2) s = p.name.toUpperCase().replace(/^VAN DEN /, 'V.D. ').replace(/^VAN DER /, 'V.D. ').replace(/ & /g, ' EN ').replace(/ SERVICES/, ' SERV').replace(/ SOLUTIONS/, ' SOL');
  else if (style === 3) s = p.base.split(' ').map((w, i) => (i === 0 ? w : w.slice(0, 1))).join(' ');
  else if (style === 4) s = p.base;
  return s.length > 35 ? s.slice(0, 35) : s;
}
