import { describe, expect, it } from 'vitest';
import type { Extraction } from './types';
import { buildVendorIndex, emailDomain, normalizeVendorName, type PartnerInput } from './vendor-match';

const P = (p: Partial<PartnerInput> & { id: number; name: string }): PartnerInput => ({ isCompany: true, supplierRank: 1, active: true, bankAccounts: [], ...p });
const partners: PartnerInput[] = [
  P({ id: 10, name: 'Acme Trading GmbH', vat: 'DE136695976', email: 'billing@acme-trading.de' }),
  P({ id: 11, name: 'Jane Doe', isCompany: false, commercialPartnerId: 10, email: 'jane@acme-trading.de' }),
  P({ id: 20, name: 'Boulangerie Dupont SARL', bankAccounts: ['FR76 3000 6000 0112 3456 7890 189'] }),
  P({ id: 30, name: 'Northwind Ltd', email: 'accounts@northwind.co.uk' }),
  P({ id: 31, name: 'Northwind Traders Inc.' }),
  P({ id: 40, name: 'Hidden Archived BV', vat: 'NL123456782B01', active: false }),
  P({ id: 50, name: 'Gmail Person', email: 'someone@gmail.com', isCompany: false }),
];
const index = buildVendorIndex(partners);
const ext = (f: Record<string, string>): Pick<Extraction, 'fields'> => ({
  fields: Object.fromEntries(Object.entries(f).map(([k, v]) => [k, { value: v, confidence: 0.9, origin: 'text' }])) as Extraction['fields'],
});

describe('vendor matching', () => {
  it('matches the VAT id exactly, whatever the spacing', () => {
    expect(index.match(ext({ vendorVat: 'de 136 695 976', vendorName: 'Something else' }))).toMatchObject({ partnerId: 10, matchedBy: 'vat', score: 1 });
  });
  it('matches an IBAN through the partner’s bank accounts', () => {
    expect(index.match(ext({ vendorIban: 'FR7630006000011234567890189' }))).toMatchObject({ partnerId: 20, matchedBy: 'iban' });
  });
  it('resolves a contact’s e-mail to its company, and a company domain to the company', () => {
    expect(index.match(ext({ vendorEmail: 'Jane@Acme-Trading.de' }))).toMatchObject({ partnerId: 10, matchedBy: 'email' });
    expect(index.match(ext({ vendorEmail: 'invoices@acme-trading.de' }))).toMatchObject({ partnerId: 10, matchedBy: 'domain' });
  });
  it('ignores free-mail domains', () => {
    expect(emailDomain('x@gmail.com')).toBeNull();
    expect(index.match(ext({ vendorEmail: 'other@gmail.com' })).partnerId).toBeUndefined();
  });
  it('matches names with legal forms removed, and refuses a close call between two', () => {
    expect(index.match(ext({ vendorName: 'BOULANGERIE DUPONT S.A.R.L.' }))).toMatchObject({ partnerId: 20, matchedBy: 'name' });
    expect(index.match(ext({ vendorName: 'Acme Trading' }))).toMatchObject({ partnerId: 10, matchedBy: 'name' });
    const ambiguous = index.match(ext({ vendorName: 'Northwind' }));
    expect(ambiguous.partnerId).toBeUndefined();
    expect(ambiguous.candidates.map((c) => c.partnerId).sort()).toEqual([30, 31]);
  });
  it('never matches archived partners, and offers nothing for an unknown vendor', () => {
    expect(index.match(ext({ vendorVat: 'NL123456782B01' })).partnerId).toBeUndefined();
    const none = index.match(ext({ vendorName: 'Completely Unknown Widgets' }));
    expect(none).toMatchObject({ matchedBy: null, candidates: [] });
  });
  it('normalises legal forms of many countries', () => {
    expect(normalizeVendorName('Talleres García S.L.')).toBe('TALLERES GARCIA');
    expect(normalizeVendorName('Muster AG')).toBe('MUSTER');
    expect(normalizeVendorName('Rossi Forniture S.p.A.')).toBe('ROSSI FORNITURE');
    expect(normalizeVendorName('Contoso Inc.')).toBe('CONTOSO');
  });
});
