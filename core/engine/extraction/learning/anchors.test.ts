import { describe, expect, it } from 'vitest';
import type { Extraction, PageText, Word } from '../types';
import { addRule, applyTemplate, codeShape, emptyTemplate, foldLabel, learnRule, type AnchorRule } from './anchors';

/** A page from lines of text: each entry is [x, y, text] in page fractions; words split on spaces, ~0.008 wide per char. */
function page(items: Array<[number, number, string]>, n = 1): PageText {
  const words: Word[] = [];
  for (const [x0, y, text] of items) {
    let x = x0;
    for (const w of text.split(' ')) {
      if (!w) continue;
      const width = w.length * 0.008;
      words.push({ text: w, box: { x, y, w: width, h: 0.012 } });
      x += width + 0.006;
    }
  }
  return { page: n, width: 595, height: 842, words, source: 'text-layer' };
}

const extraction = (fields: Extraction['fields'] = {}): Extraction => ({ status: 'ok', method: 'text-layer', pageCount: 1, fields, lines: [], warnings: [] });

const invoiceA = page([
  [0.08, 0.07, 'Kestrel Tooling BV'],
  [0.6, 0.17, 'Klantnummer: 100234'],
  [0.6, 0.19, 'Dossier'],
  [0.72, 0.19, 'KT-7781'],
  [0.6, 0.21, 'Datum: 12-03-2024'],
  [0.6, 0.25, 'Vervaldag'],
  [0.6, 0.265, '11-04-2024'],
  [0.6, 0.42, 'Totaal EUR'],
  [0.8, 0.42, '1.210,50'],
]);
// the next invoice: other values, slightly shifted layout
const invoiceB = page([
  [0.08, 0.07, 'Kestrel Tooling BV'],
  [0.6, 0.18, 'Klantnummer: 100234'],
  [0.6, 0.2, 'Dossier'],
  [0.72, 0.2, 'KT-7802'],
  [0.6, 0.22, 'Datum: 02-04-2024'],
  [0.6, 0.26, 'Vervaldag'],
  [0.6, 0.275, '02-05-2024'],
  [0.6, 0.45, 'Totaal EUR'],
  [0.8, 0.45, '987,65'],
]);

describe('learning from one correction', () => {
  it('anchors a code on the label to its left and reads the next invoice’s value there', () => {
    const rule = learnRule('invoiceNumber', 'KT-7781', [invoiceA], undefined) as AnchorRule;
    expect(rule).toMatchObject({ kind: 'anchor', label: 'dossier', direction: 'right', page: 1 });
    expect(new RegExp(`^${rule.shape}$`, 'u').test('KT-7802')).toBe(true);
    const t = addRule(emptyTemplate(), 'invoiceNumber', rule);
    const r = applyTemplate(extraction(), [invoiceB], t);
    expect(r.applied).toEqual(['invoiceNumber']);
    expect(r.extraction.fields.invoiceNumber).toMatchObject({ value: 'KT-7802', origin: 'template', source: { page: 1 } });
    expect(r.extraction.fields.invoiceNumber!.confidence).toBeGreaterThan(0.9);
  });

  it('anchors a date below its label and keeps the document’s date order', () => {
    const rule = learnRule('dueDate', '2024-04-11', [invoiceA], undefined) as AnchorRule;
    expect(rule).toMatchObject({ kind: 'anchor', label: 'vervaldag', direction: 'below', dateOrder: 'dmy' });
    const r = applyTemplate(extraction({ dueDate: { value: '2024-05-01', confidence: 0.5, origin: 'text' } }), [invoiceB], addRule(emptyTemplate(), 'dueDate', rule));
    expect(r.extraction.fields.dueDate).toMatchObject({ value: '2024-05-02', origin: 'template' });
  });

  it('learns the decimal comma of an amount', () => {
    const rule = learnRule('amountTotal', 1210.5, [invoiceA], 1.21) as AnchorRule;
    expect(rule).toMatchObject({ kind: 'anchor', label: 'totaaleur', decimal: ',' });
    const r = applyTemplate(extraction({ amountTotal: { value: 98765, confidence: 0.6, origin: 'text' } }), [invoiceB], addRule(emptyTemplate(), 'amountTotal', rule));
    expect(r.extraction.fields.amountTotal!.value).toBe(987.65);
  });

  it('falls back to the learned region when the label is gone, with a lower confidence', () => {
    const rule = learnRule('invoiceNumber', 'KT-7781', [invoiceA], undefined) as AnchorRule;
    const noLabel = page([
      [0.72, 0.19, 'KT-9001'],
      [0.6, 0.42, 'Totaal EUR'],
    ]);
    const r = applyTemplate(extraction(), [noLabel], addRule(emptyTemplate(), 'invoiceNumber', rule));
    expect(r.extraction.fields.invoiceNumber).toMatchObject({ value: 'KT-9001', origin: 'template' });
    expect(r.extraction.fields.invoiceNumber!.confidence).toBeLessThan(0.8);
  });

  it('reads nothing when neither label nor region holds a value of the learned shape', () => {
    const rule = learnRule('invoiceNumber', 'KT-7781', [invoiceA], undefined) as AnchorRule;
    const other = page([[0.1, 0.8, 'Thank you for your business']]);
    const r = applyTemplate(extraction(), [other], addRule(emptyTemplate(), 'invoiceNumber', rule));
    expect(r.applied).toEqual([]);
    expect(r.extraction.fields.invoiceNumber).toBeUndefined();
  });

  it('vendor constants replace the pipeline’s repeated mistake or an empty field, never a different reading', () => {
    const rule = learnRule('vendorName', 'Kestrel Tooling B.V.', [invoiceA], 'Klantnummer');
    expect(rule).toMatchObject({ kind: 'constant', value: 'Kestrel Tooling B.V.', wrong: ['Klantnummer'] });
    const t = addRule(emptyTemplate(), 'vendorName', rule!);
    expect(applyTemplate(extraction({ vendorName: { value: 'Klantnummer', confidence: 0.4, origin: 'text' } }), [invoiceB], t).extraction.fields.vendorName?.value).toBe('Kestrel Tooling B.V.');
    expect(applyTemplate(extraction(), [invoiceB], t).extraction.fields.vendorName?.value).toBe('Kestrel Tooling B.V.');
    expect(applyTemplate(extraction({ vendorName: { value: 'Another Name Ltd', confidence: 0.8, origin: 'text' } }), [invoiceB], t).extraction.fields.vendorName?.value).toBe('Another Name Ltd');
  });

  it('never overrides an e-invoice’s XML value or the user’s own correction', () => {
    const rule = learnRule('invoiceNumber', 'KT-7781', [invoiceA], undefined)!;
    const t = addRule(emptyTemplate(), 'invoiceNumber', rule);
    for (const origin of ['xml', 'user'] as const) {
      const r = applyTemplate(extraction({ invoiceNumber: { value: 'X-1', confidence: 1, origin } }), [invoiceB], t);
      expect(r.extraction.fields.invoiceNumber?.value).toBe('X-1');
    }
  });

  it('does not learn the document type, nor a value that is not printed', () => {
    expect(learnRule('documentType', 'credit-note', [invoiceA], 'invoice')).toBeNull();
    expect(learnRule('invoiceNumber', 'NOT-THERE-1', [invoiceA], undefined)).toBeNull();
  });

  it('keeps at most three rules per field, newest first, the same anchor replacing itself', () => {
    let t = emptyTemplate();
    const a = learnRule('invoiceNumber', 'KT-7781', [invoiceA], undefined)!;
    t = addRule(t, 'invoiceNumber', a);
    t = addRule(t, 'invoiceNumber', { ...a, learnedAt: 'later' });
    expect(t.rules.invoiceNumber).toHaveLength(1);
    for (const label of ['a', 'b', 'c']) t = addRule(t, 'invoiceNumber', { ...(a as AnchorRule), label });
    expect(t.rules.invoiceNumber!.map((r) => (r as AnchorRule).label)).toEqual(['c', 'b', 'a']);
  });

  it('folds labels and generalises code shapes', () => {
    expect(foldLabel('Rechnungs-Nr.:')).toBe('rechnungsnr');
    expect(foldLabel('N° Facture')).toBe('nfacture');
    expect(codeShape('INV-2024/0017')).toBe('\\p{L}+-\\d+\\/\\d+');
  });
});
