import { describe, expect, it } from 'vitest';
import { checkVat, isValidVat, makeVat, normalizeVat, VAT_COUNTRIES } from './vat';

describe('vat', () => {
  it('accepts known-valid numbers', () => {
    for (const vat of [
      'BE0403170701',
      'BE 0477.472.701',
      'DE136695976',
      'NL004495445B01',
      'FR40303265045',
      'LU26375245',
      'ATU13585627',
      'IT00743110157',
      'DK13585628',
      'GB980780684',
    ]) {
      expect(isValidVat(vat), vat).toBe(true);
    }
  });

  it('rejects altered numbers', () => {
    for (const vat of ['BE0403170702', 'DE136695977', 'NL004495446B01', 'FR41303265045', 'LU26375246', 'ATU13585628', 'IT00743110158', 'GB980780685', 'XX123']) {
      expect(isValidVat(vat), vat).toBe(false);
    }
  });

  it('normalises separators, case and a missing prefix', () => {
    expect(normalizeVat('be 0403.170.701')).toBe('BE0403170701');
    expect(normalizeVat('403170701', 'BE')).toBe('BE0403170701');
    expect(normalizeVat('136 695 976', 'DE')).toBe('DE136695976');
    expect(checkVat('0403-170-701', 'be')).toMatchObject({ valid: true, country: 'BE', number: '0403170701' });
  });

  it('makes valid numbers for every supported country', () => {
    for (const country of VAT_COUNTRIES) {
      for (const body of ['1234567', '7654321', '0000001', '98765432', '1111111111']) {
        const vat = makeVat(country, body);
        expect(isValidVat(vat), `${country} ${body} → ${vat}`).toBe(true);
      }
    }
  });
});
