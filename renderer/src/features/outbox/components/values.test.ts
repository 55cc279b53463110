import { describe, expect, test } from 'vitest';
import { changedValues, displayValue, fieldLabel, sameValue } from './values';

describe('outbox values', () => {
  test('Odoo values read as a person reads them', () => {
    expect(displayValue([7, 'Azure Interior'])).toBe('Azure Interior');
    expect(displayValue(false)).toBe('—');
    expect(displayValue('')).toBe('—');
    expect(displayValue(true)).toBe('Yes');
    expect(displayValue(12.5)).toBe('12.5');
  });

  test('many2one compares by id, null equals false', () => {
    expect(sameValue(7, [7, 'Azure Interior'])).toBe(true);
    expect(sameValue(null, false)).toBe(true);
    expect(sameValue('a@x.com', 'b@x.com')).toBe(false);
  });

  test('record updates show their values; other payloads their own fields', () => {
    expect(changedValues({ model: 'res.partner', id: 3, values: { email: 'x' } })).toEqual({ email: 'x' });
    expect(changedValues({ model: 'mail.message', id: 3, body: 'hi' })).toEqual({ body: 'hi' });
    expect(changedValues(null)).toEqual({});
  });

  test('field labels', () => {
    expect(fieldLabel('credit_limit')).toBe('Credit limit');
    expect(fieldLabel('partner_id')).toBe('Partner');
    expect(fieldLabel('write_date')).toBe('Last changed in Odoo');
  });
});
