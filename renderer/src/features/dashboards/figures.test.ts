import { describe, expect, it } from 'vitest';
import { cellCurrency, formatFigure } from './figures';

describe('dashboard figures', () => {
  it('formats money per locale and currency, days, percentages (0–100) and dates', () => {
    expect(formatFigure(1234.5, 'money', 'en-US', 'EUR')).toBe('€1,234.50');
    expect(formatFigure(1234.5, 'money', 'de-DE', 'EUR')).toBe('1.234,50\u00a0€');
    expect(formatFigure(-30, 'money', 'en-US', 'USD')).toBe('-$30.00');
    expect(formatFigure(260_000, 'money', 'en-US', 'EUR', { compact: true })).toBe('€260K');
    expect(formatFigure(1, 'days', 'en-US')).toBe('1 day');
    expect(formatFigure(110.6, 'days', 'en-US')).toBe('110.6 days');
    expect(formatFigure(87.5, 'percent', 'en-US')).toBe('87.5%');
    expect(formatFigure('2026-11-15', 'date', 'en-GB')).toBe('15 Nov 2026');
    expect(formatFigure(null, 'money', 'en-US', 'EUR')).toBe('–');
    expect(formatFigure(12, 'money', 'en-US', 'XYZ1')).toBe('12.00 XYZ1');
  });

  it('takes a money cell’s currency from its row when the column says so', () => {
    expect(cellCurrency({ key: 'balance', label: 'Balance', format: 'money', currencyField: 'currency' }, { currency: 'USD' }, 'EUR')).toBe('USD');
    expect(cellCurrency({ key: 'value', label: 'Value', format: 'money', currency: 'EUR' }, {}, 'GBP')).toBe('EUR');
    expect(cellCurrency({ key: 'n', label: 'N', format: 'number' }, {}, 'EUR')).toBeUndefined();
  });
});
