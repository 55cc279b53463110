import { describe, expect, it } from 'vitest';
import { splitTaxIncluded } from './reconcile';

describe('a tax-included write-off split into base and tax', () => {
  it('percent: base = total / (1 + rate), the tax takes the rounding', () => {
    expect(splitTaxIncluded(10, 21, 'percent')).toEqual({ base: 8.26, tax: 1.74 });
    expect(splitTaxIncluded(-12.1, 21, 'percent')).toEqual({ base: -10, tax: -2.1 });
    expect(splitTaxIncluded(100, 0, 'percent')).toEqual({ base: 100, tax: 0 });
  });
  it('fixed: the tax amount with the sign of the total; division: total × rate', () => {
    expect(splitTaxIncluded(-5, 0.5, 'fixed')).toEqual({ base: -4.5, tax: -0.5 });
    expect(splitTaxIncluded(100, 6, 'division')).toEqual({ base: 94, tax: 6 });
  });
});
