import { describe, expect, it } from 'vitest';
import { makeBelgianStructuredRef, makeRfReference } from '../../../shared/iban';
import { fuzzyRefHit, itemKeys, labelRefs } from './references';

const ogm = makeBelgianStructuredRef(2026_000_042);

describe('item keys', () => {
  it('knows an invoice by number, year+sequence, bare sequence and structured reference', () => {
    const keys = itemKeys('INV/2026/00042', ogm, 'PO 3776');
    expect(keys).toEqual(
      expect.arrayContaining([
        { key: 'INV|2026|42', strength: 'strong', source: 'name' },
        { key: '2026|42', strength: 'medium', source: 'name' },
        { key: '42', strength: 'weak', source: 'name' },
        { key: `OGM:${ogm.replace(/[^0-9]/g, '')}`, strength: 'strong', source: 'structured' },
        { key: 'PO|3776', strength: 'strong', source: 'ref' },
      ]),
    );
  });
});

describe('label references', () => {
  it('reads structured communications, marked or bare, and checks their digits', () => {
    const digits = ogm.replace(/[^0-9]/g, '');
    expect(labelRefs(`Payment ${ogm}`).structured).toEqual([{ digits, valid: true, marked: true }]);
    expect(labelRefs(`${digits}`).structured).toEqual([{ digits, valid: true, marked: false }]);
    const broken = `${digits.slice(0, 5)}${(Number(digits[5]) + 1) % 10}${digits.slice(6)}`;
    expect(labelRefs(`+++${broken.slice(0, 3)}/${broken.slice(3, 7)}/${broken.slice(7)}+++`).structured[0]?.valid).toBe(false);
  });

  it('reads RF creditor references and SEPA remittance fields', () => {
    const rf = makeRfReference('INV202600042');
    const r = labelRefs(`/RFB/${rf}`);
    expect(r.rf).toEqual([{ key: 'INV|2026|42', valid: true }]);
    expect(r.windows).toContain('INV|2026|42');
    expect(labelRefs('/EREF/NOTPROVIDED/REMI/INV/2026/00042').windows).toContain('INV|2026|42');
  });

  it('finds near misses of an item key (one typo), not exact hits', () => {
    const keys = itemKeys('INV/2026/00152', undefined, undefined);
    expect(fuzzyRefHit(keys, labelRefs('INV/2026/00125'))?.key).toBe('INV|2026|152');
    expect(fuzzyRefHit(keys, labelRefs('INV/2025/00152'))?.key).toBe('INV|2026|152');
    expect(fuzzyRefHit(keys, labelRefs('INV/2026/00152'))).toBeUndefined();
    expect(fuzzyRefHit(keys, labelRefs('INV/2026/00999'))).toBeUndefined();
    const s = itemKeys('INV/2026/00042', ogm, undefined);
    const d = ogm.replace(/[^0-9]/g, '');
    const wrong = `${d.slice(0, 4)}${(Number(d[4]) + 3) % 10}${d.slice(5)}`;
    expect(fuzzyRefHit(s, labelRefs(`+++${wrong.slice(0, 3)}/${wrong.slice(3, 7)}/${wrong.slice(7)}+++`))?.source).toBe('structured');
  });
});
