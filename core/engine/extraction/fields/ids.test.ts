import { describe, expect, it } from 'vitest';
import { findEmails, findIbans, findVatIds } from './ids';

describe('identifiers in text', () => {
  it('finds VAT ids per country format and marks checksum failures', () => {
    expect(findVatIds('USt-IdNr.: DE 136 695 976').map((v) => [v.vat, v.valid])).toEqual([['DE136695976', true]]);
    expect(findVatIds('BTW NL810433941B01').map((v) => [v.vat, v.valid])).toEqual([['NL810433941B01', true]]);
    expect(findVatIds('TVA : FR11999999998 - SIRET').map((v) => v.vat)).toEqual(['FR11999999998']);
    expect(findVatIds('VAT DE123456780')[0]?.valid).toBe(false);
    // Spain has no checksum here: the format alone is accepted, and says so
    expect(findVatIds('NIF ESB12345678')[0]).toMatchObject({ vat: 'ESB12345678', valid: true, checked: false });
    expect(findVatIds('order DE12 item')).toEqual([]);
  });

  it('finds IBANs that pass mod-97, printed grouped or not, and ignores near misses', () => {
    expect(findIbans('IBAN: DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX').map((i) => i.iban)).toEqual(['DE89370400440532013000']);
    expect(findIbans('NL50INGB0683251309').map((i) => i.iban)).toEqual(['NL50INGB0683251309']);
    expect(findIbans('IBAN DE12 1234 4321 9876 00')).toEqual([]);
  });

  it('finds e-mail addresses and cuts a top-level domain that runs into the next word', () => {
    expect(findEmails('Mail: billing@acme.example.com.').map((e) => e.email)).toEqual(['billing@acme.example.com']);
    expect(findEmails('Sammy@fake.comMaystone').map((e) => e.email)).toEqual(['Sammy@fake.com']);
  });
});
