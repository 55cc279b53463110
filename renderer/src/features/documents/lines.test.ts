import { describe, expect, test } from 'vitest';
import { draftsToLines, toDraft } from './lines';

describe('draftsToLines', () => {
  test('parses typed numbers, computes a missing amount, keeps the source region', () => {
    const source = { page: 1, box: { x: 0.1, y: 0.5, w: 0.5, h: 0.02 } };
    const r = draftsToLines([
      { ...toDraft({ description: 'Widget', quantity: 2, unitPrice: 10, amount: 20, source }), amount: '1.234,50' },
      { description: ' Service ', quantity: '3', unitPrice: '12,5', amount: '', taxRate: '19' },
    ]);
    expect(r).toEqual({
      ok: true,
      lines: [
        { description: 'Widget', quantity: 2, unitPrice: 10, amount: 1234.5, source },
        { description: 'Service', quantity: 3, unitPrice: 12.5, amount: 37.5, taxRate: 19 },
      ],
    });
  });
  test('names the first bad line', () => {
    expect(draftsToLines([{ description: 'x', quantity: 'two', unitPrice: '', amount: '1', taxRate: '' }])).toEqual({ ok: false, error: 'Line 1: the quantity is not a number.' });
    expect(draftsToLines([{ description: 'ok', quantity: '', unitPrice: '', amount: '1', taxRate: '' }, { description: '', quantity: '', unitPrice: '', amount: '', taxRate: '' }])).toEqual({
      ok: false,
      error: 'Line 2: an amount is needed (or a quantity and a unit price).',
    });
  });
});
