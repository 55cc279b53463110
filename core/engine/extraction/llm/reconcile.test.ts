import { describe, expect, it } from 'vitest';
import { documentText } from './document-text';
import { evidenceOf } from './evidence';
import { CONFIDENCE, reconcile } from './reconcile';
import type { ToolInput } from './schema';
import { GOOD_ANSWER, INVOICE_LINES, pageFromLines, ruleBasedExtraction } from './test-invoice';

const pages = [pageFromLines([...INVOICE_LINES, 'Anzahlung erhalten: 38,00 EUR', 'Bank (alt): DE89 3704 0044 0532 0130 01'])];
const ev = evidenceOf(documentText(pages).text);
const answer = (over: Partial<ToolInput> = {}): ToolInput => ({ ...(GOOD_ANSWER as ToolInput), ...over });

describe('reconcile', () => {
  it('replaces a weak rule-based value by a different printed one, and says so', () => {
    const det = ruleBasedExtraction();
    det.fields.invoiceNumber = { value: '2024-0042', confidence: 0.5, origin: 'ocr' };
    const r = reconcile(det, answer(), ev, pages);
    expect(r.extraction.fields.invoiceNumber).toMatchObject({ value: 'RE-2024-0042', origin: 'llm', confidence: CONFIDENCE.llmReplacing });
    expect(r.extraction.fields.invoiceNumber!.source!.box.y).toBeCloseTo(0.04 + 7 * 0.028, 5);
    expect(r.warnings).toEqual([expect.stringMatching(/"2024-0042" read by the layout rules was replaced by Claude's "RE-2024-0042"/)]);
  });

  it('keeps a strong rule-based value that Claude contradicts, flagged; never touches XML values', () => {
    const det = ruleBasedExtraction();
    det.fields.amountDue = { value: 200, confidence: 0.9, origin: 'text' };
    det.fields.currency = { value: 'EUR', confidence: 1, origin: 'xml' };
    const r = reconcile(det, answer({ amountDue: 238, currency: 'CHF' }), ev, pages);
    expect(r.extraction.fields.amountDue).toMatchObject({ value: 200, confidence: 0.9 * CONFIDENCE.disputedFactor });
    expect(r.decisions.amountDue).toBe('kept');
    expect(r.extraction.fields.currency).toEqual({ value: 'EUR', confidence: 1, origin: 'xml' });
    expect(r.warnings).toEqual([expect.stringMatching(/amount due as 238.00; kept 200.00/)]);
  });

  it('takes back the fewest of Claude amounts that break net + tax = total', () => {
    const det = ruleBasedExtraction();
    delete det.fields.amountUntaxed;
    delete det.fields.amountTax;
    // 38,00 is printed (tax and deposit), but as the net amount it does not add up
    const r = reconcile(det, answer({ amountUntaxed: 38, amountTax: 38 }), ev, pages);
    expect(r.extraction.fields.amountTax).toMatchObject({ value: 38, origin: 'llm' });
    expect(r.extraction.fields.amountUntaxed).toBeUndefined();
    expect(r.decisions.amountUntaxed).toBe('rejected');
    expect(r.warnings.join()).toMatch(/net amount 38\.00 does not add up/);
  });

  it('rejects a printed IBAN whose check digits fail', () => {
    const det = ruleBasedExtraction();
    delete det.fields.vendorIban;
    delete det.fields.dueDate;
    const r = reconcile(det, answer({ vendorIban: 'DE89370400440532013001' }), ev, pages);
    expect(r.extraction.fields.vendorIban).toBeUndefined();
    expect(r.decisions.vendorIban).toBe('rejected');
    expect(r.warnings).toContain(`Claude's IBAN "DE89370400440532013001" was not used: its check digits do not match.`);
    // a due date from Claude before the invoice date is not used
    const r2 = reconcile(det, answer({ dueDate: '2024-03-12', invoiceDate: '2024-12-03' }), ev, pages);
    expect(r2.extraction.fields.invoiceDate?.value).toBe('2024-03-12');
    expect(r2.extraction.fields.dueDate?.value).toBe('2024-03-12');
  });

  it('keeps the rule-based lines when quantity × unit price ≠ amount or the lines do not add up', () => {
    const det = ruleBasedExtraction();
    const lines = [{ description: 'Toner schwarz', quantity: 3, unitPrice: 77.5, amount: 155, taxRate: 19 }];
    const r = reconcile(det, answer({ lines }), ev, pages);
    expect(r.linesFrom).toBe('deterministic');
    expect(r.warnings.join()).toMatch(/quantity × unit price ≠ amount/);
    const r2 = reconcile(det, answer({ lines: [{ description: 'Toner schwarz', quantity: 2, unitPrice: 77.5, amount: 155, taxRate: 19 }] }), ev, pages);
    expect(r2.linesFrom).toBe('deterministic');
    expect(r2.warnings.join()).toMatch(/add up to 155\.00, not to the net amount 200\.00/);
  });

  it('a document the rules thought was no invoice becomes one when Claude finds printed, consistent amounts', () => {
    const det = { ...ruleBasedExtraction(), status: 'not-invoice' as const, fields: {} };
    const r = reconcile(det, answer(), ev, pages);
    expect(r.extraction.status).toBe('ok');
    expect(r.extraction.fields.amountTotal).toMatchObject({ value: 238, origin: 'llm', confidence: 0.85 });
    expect(r.linesFrom).toBe('llm');
  });
});
