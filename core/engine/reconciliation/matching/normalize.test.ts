import { describe, expect, it } from 'vitest';
import { amountsInLabel, editDistance, fixOcr, hasPartialHint, nameTokens, normalizeName, referenceKey, referenceRuns, withinOneEdit } from './normalize';

describe('reference normalisation', () => {
  it('makes the usual spellings of one invoice number agree', () => {
    const key = referenceKey('INV/2026/00042');
    expect(key).toBe('INV|2026|42');
    for (const s of ['inv2026-0042', 'INV 2026 42', 'INV-2026-00042', 'INV202600042', 'inv/2026/42', 'INV.2026.042']) expect(referenceKey(s)).toBe(key);
  });

  it('fixes OCR and typing confusions inside numbers only', () => {
    expect(fixOcr('INV/2O26/OO164')).toBe('INV/2026/00164');
    expect(fixOcr('INV2O26')).toBe('INV2026');
    expect(fixOcr('2l5')).toBe('215');
    expect(fixOcr('1S0B')).toBe('1508');
    expect(referenceKey('INV/2O26/OOl64')).toBe('INV|2026|164');
    // words keep their letters
    expect(fixOcr('SOLO BILL INVOICE')).toBe('SOLO BILL INVOICE');
    expect(fixOcr('BILL2026')).toBe('BILL2026');
    expect(fixOcr('BE71')).toBe('BE71');
  });

  it('splits glued years and strips leading zeros', () => {
    expect(referenceRuns('RF25INV202600143')).toEqual(['RF', '25', 'INV', '2026', '143']);
    expect(referenceRuns('0007')).toEqual(['7']);
    expect(referenceRuns('0000')).toEqual(['0']);
    // a 12-digit structured communication stays whole
    expect(referenceRuns('202600014340')).toEqual(['202600014340']);
  });

  it('measures edits with swaps', () => {
    expect(withinOneEdit('INV2026152', 'INV2026125')).toBe(true); // adjacent swap
    expect(withinOneEdit('INV2025164', 'INV2026164')).toBe(true); // substitution
    expect(withinOneEdit('INV202615', 'INV2026150')).toBe(true); // truncation
    expect(withinOneEdit('INV2026150', 'INV2026105')).toBe(true);
    expect(withinOneEdit('INV2026150', 'INV2026511')).toBe(false);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('ab', 'ba', 2)).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
  });
});

describe('names', () => {
  it('removes legal forms however they are written', () => {
    const acme = normalizeName('Acme Logistics');
    for (const n of ['Acme Logistics BV', 'ACME LOGISTICS B.V.', 'Acme Logistics bvba', 'Acme Logistics N.V.', 'Acme Logistics SA', 'Acme Logistics S.A.R.L.', 'Acme Logistics SARL',
      'Acme Logistics S.à r.l.', 'Acme Logistics GmbH', 'Acme Logistics G.m.b.H.', 'Acme Logistics GmbH & Co. KG', 'Acme Logistics Ltd.', 'Acme Logistics Limited', 'Acme Logistics Inc.',
      'Acme Logistics SRL', 'Acme Logistics AG', 'Acme Logistics A/S', 'Acme Logistics ApS', 'Acme Logistics LLC', 'Acme Logistics Corp.', 'Acme Logistics S.p.A.']) {
      expect(normalizeName(n), n).toBe(acme);
    }
  });

  it('folds accents, connectors and Dutch abbreviations', () => {
    expect(nameTokens('Müller & Söhne GmbH')).toEqual(['MULLER', 'SOHNE']);
    expect(nameTokens('Van den Bergh Services NV')).toEqual(nameTokens('V.D. BERGH SERVICES'));
    // a name that is only a legal form keeps it
    expect(nameTokens('SA')).toEqual(['SA']);
  });
});

describe('label helpers', () => {
  it('finds amounts in European and English notation', () => {
    expect(amountsInLabel('INV/2026/1 /CHGS/EUR7,50')).toEqual([750]);
    expect(amountsInLabel('+++202/6000/15754+++ USD 9815.05')).toEqual([981505]);
    expect(amountsInLabel('total 1.234,56 EUR')).toEqual([123456]);
  });

  it('recognises partial payments', () => {
    expect(hasPartialHint('Installment 1/2 INV/2026/00042')).toBe(true);
    expect(hasPartialHint('Teilzahlung INV-2026-00042')).toBe(true);
    expect(hasPartialHint('INV/2026/00042')).toBe(false);
    expect(hasPartialHint('BANCONTACT SHELL 12/10 08:14')).toBe(false);
    expect(hasPartialHint('SALARIS 09/2026')).toBe(false);
  });
});
