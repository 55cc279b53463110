import { describe, expect, it } from 'vitest';
import { matchAllPairsNaive, matchStatementLines } from './engine';
import { fixture, LINES, OGM_42 } from './test-fixtures';
import type { LineResult, StatementLineInput } from './types';

const run = (l: StatementLineInput): LineResult => {
  const r = matchStatementLines(fixture([l]))[0];
  if (!r) throw new Error('no result');
  return r;
};
const top = (l: StatementLineInput) => run(l).proposals[0];

describe('matching engine, one case per line', () => {
  it('one-to-one with a structured reference and a known IBAN, explained', () => {
    const p = top(LINES.exact);
    expect(p?.moveLineIds).toEqual([101]);
    expect(p?.partnerId).toBe(1);
    expect(p?.kind).toBe('full');
    expect(p?.writeOff).toBeUndefined();
    expect(p?.confidence).toBeGreaterThan(0.9);
    const why = p?.explanation.join('\n') ?? '';
    expect(why).toContain('amount 1,210.00 equals residual of INV/2026/00042');
    expect(why).toContain(`structured reference ${OGM_42} in label`);
    expect(why).toContain('IBAN BE71…6769 known for Acme Logistics BV');
  });

  it('one payment for several invoices (subset-sum over the partner’s items)', () => {
    const p = top(LINES.oneToMany);
    expect(p?.moveLineIds.sort()).toEqual([102, 103]);
    expect(p?.explanation.join('\n')).toContain('the sum of 2 open items');
  });

  it('a partial payment leaves the invoice open', () => {
    const p = top(LINES.partial);
    expect(p?.moveLineIds).toEqual([105]);
    expect(p?.kind).toBe('partial');
    expect(p?.writeOff).toBeUndefined();
    expect(p?.explanation.join('\n')).toContain('partial payment: 800.00 of 2,000.00 open on INV/2026/00051');
  });

  it('a short payment by a bank fee gets a fee write-off', () => {
    const p = top(LINES.fee);
    expect(p?.moveLineIds).toEqual([104]);
    expect(p?.writeOff).toEqual({ amount: 10, amountCents: 1000, accountId: 657, reason: 'bank-fee' });
    expect(p?.explanation.join('\n')).toContain('short of residual of INV/2026/00050');
  });

  it('a foreign-currency invoice paid in that currency gets an exchange-difference write-off', () => {
    const p = top(LINES.fx);
    expect(p?.moveLineIds).toEqual([106]);
    // 1,850.00 EUR open, 1,835.00 EUR received: a 15.00 loss on a receivable
    expect(p?.writeOff).toEqual({ amount: 15, amountCents: 1500, accountId: 654, reason: 'fx' });
    expect(p?.explanation.join('\n')).toContain('USD 2,000.00 equals residual of INV/2026/00060');
  });

  it('a vendor payment matches the bill through the vendor’s own number', () => {
    const p = top(LINES.vendor);
    expect(p?.moveLineIds).toEqual([107]);
    expect(p?.explanation.join('\n')).toContain('reference F2026-0117 in label');
  });

  it('a mistyped reference loses to amount and partner evidence', () => {
    const p = top(LINES.typo);
    expect(p?.moveLineIds).toEqual([108]);
    expect(p?.explanation.join('\n')).toContain('near miss of INV/2026/00152');
  });

  it('no reference: the IBAN and the exact amount decide', () => {
    expect(top(LINES.noReference)?.moveLineIds).toEqual([104]);
  });

  it('OCR confusions in the label are read through', () => {
    expect(top(LINES.ocr)?.moveLineIds).toEqual([101]);
  });

  it('a learned mapping names the partner', () => {
    const p = top(LINES.learned);
    expect(p?.moveLineIds).toEqual([110]);
    expect(p?.explanation.join('\n')).toContain('learned: "CAX COLLECT"');
  });

  it('a learned key inside a longer label counts too', () => {
    const p = top({ ...LINES.learned, partnerName: undefined, label: 'SEPA CT CAX COLLECT REF 99' });
    expect(p?.moveLineIds).toEqual([110]);
    expect(p?.partnerId).toBe(1);
  });

  it('a contact on the line counts for its company', () => {
    const p = top(LINES.contact);
    expect(p?.moveLineIds).toEqual([110]);
    expect(p?.partnerId).toBe(1);
  });

  it('a card payment with nothing to match gets no proposal', () => {
    expect(run(LINES.unmatched).proposals).toEqual([]);
  });

  it('orders proposals best first with confidences in 0..1', () => {
    const results = matchStatementLines(fixture());
    for (const r of results) {
      for (const p of r.proposals) {
        expect(p.confidence).toBeGreaterThanOrEqual(0);
        expect(p.confidence).toBeLessThanOrEqual(1);
      }
      for (let i = 1; i < r.proposals.length; i++) expect(r.proposals[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(r.proposals[i]?.score ?? 0);
    }
  });

  it('the naive all-pairs scorer agrees on one-to-one cases', () => {
    const naive = matchAllPairsNaive(fixture([LINES.exact, LINES.fee, LINES.vendor, LINES.noReference]));
    expect(naive.map((n) => n.best?.moveLineIds)).toEqual([[101], [104], [107], [104]]);
  });

  it('an outstanding payment is a candidate like an invoice', () => {
    const input = fixture([{ id: 20, journalId: 5, date: '2026-10-20', amount: -777.77, currency: 'EUR', label: 'SEPA BATCH PAYMENT', partnerName: 'OFFICE SUPPLIES' }]);
    input.candidates = [...input.candidates, { id: 300, moveId: 3000, moveName: 'PBNK1/2026/00009', partnerId: 6, accountId: 45, accountType: 'asset_current', date: '2026-10-18', amountResidual: -777.77, currency: 'EUR', amountResidualCurrency: -777.77, isPayment: true }];
    expect(matchStatementLines(input)[0]?.proposals[0]?.moveLineIds).toEqual([300]);
  });

  it('a zero-amount line is left alone', () => {
    expect(run({ ...LINES.exact, amount: 0 }).proposals).toEqual([]);
  });
});
