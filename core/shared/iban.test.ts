import { describe, expect, it } from 'vitest';
import {
  belgianBban,
  formatIban,
  frenchRibKey,
  ibanCheckDigits,
  isValidBelgianStructuredRef,
  isValidIban,
  isValidRfReference,
  makeBelgianStructuredRef,
  makeIban,
  makeRfReference,
  mod97,
} from './iban';

describe('iban', () => {
  it('accepts published example IBANs', () => {
    for (const iban of [
      'BE68 5390 0754 7034',
      'DE89 3704 0044 0532 0130 00',
      'NL91 ABNA 0417 1643 00',
      'FR14 2004 1010 0505 0001 3M02 606',
      'GB29 NWBK 6016 1331 9268 19',
      'LU28 0019 4006 4475 0000',
      'AT61 1904 3002 3457 3201',
      'IT60 X054 2811 1010 0000 0123 456',
      'ES91 2100 0418 4502 0005 1332',
      'CH93 0076 2011 6238 5295 7',
    ]) {
      expect(isValidIban(iban), iban).toBe(true);
    }
  });

  it('rejects a changed digit, a swapped pair, a wrong length and unknown countries', () => {
    expect(isValidIban('BE68 5390 0754 7035')).toBe(false);
    expect(isValidIban('DE89 3704 0044 0532 0130 01')).toBe(false);
    expect(isValidIban('NL91 ABNA 0417 1643 0')).toBe(false);
    expect(isValidIban('XX00 1234')).toBe(false);
    expect(isValidIban('')).toBe(false);
  });

  it('builds IBANs that validate', () => {
    expect(ibanCheckDigits('BE', '539007547034')).toBe('68');
    expect(makeIban('DE', '370400440532013000')).toBe('DE89370400440532013000');
    expect(isValidIban(makeIban('BE', belgianBban('735', '0123456')))).toBe(true);
    const rib = frenchRibKey('20041', '01005', '0500013M026');
    expect(rib).toBe('06');
    expect(formatIban('be68539007547034')).toBe('BE68 5390 0754 7034');
  });

  it('checks the Belgian national pair inside a BE IBAN', () => {
    // valid mod-97 at IBAN level but national check broken
    const bban = '539007547035';
    expect(isValidIban(makeIban('BE', bban))).toBe(false);
  });

  it('computes mod 97 over letters', () => {
    expect(mod97('539007547034BE6800'.replace('BE68', '111468'))).toBeGreaterThanOrEqual(0);
    expect(mod97('a')).toBe(-1);
  });

  it('makes and checks RF creditor references and Belgian structured communications', () => {
    expect(makeRfReference('539007547034')).toBe('RF18539007547034');
    expect(isValidRfReference('RF18 5390 0754 7034')).toBe(true);
    expect(isValidRfReference('RF19 5390 0754 7034')).toBe(false);
    const ogm = makeBelgianStructuredRef(1234567890);
    expect(ogm).toMatch(/^\+\+\+\d{3}\/\d{4}\/\d{5}\+\+\+$/);
    expect(isValidBelgianStructuredRef(ogm)).toBe(true);
    expect(isValidBelgianStructuredRef('+++090/9337/55493+++')).toBe(true);
    expect(isValidBelgianStructuredRef('+++090/9337/55494+++')).toBe(false);
  });
});
