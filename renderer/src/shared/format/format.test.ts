import { describe, expect, test } from 'vitest';
import { formatEta, progressPercent } from './format';

describe('formatEta', () => {
  test('unknown or invalid is null', () => {
    expect(formatEta(null)).toBeNull();
    expect(formatEta(-1)).toBeNull();
    expect(formatEta(Number.NaN)).toBeNull();
  });
  test('rounds to a readable unit', () => {
    expect(formatEta(0.2)).toBe('1 s left');
    expect(formatEta(42)).toBe('42 s left');
    expect(formatEta(150)).toBe('3 min left');
    expect(formatEta(3600)).toBe('1 h left');
    expect(formatEta(4800)).toBe('1 h 20 min left');
  });
});

describe('progressPercent', () => {
  test('null without a total, clamped otherwise', () => {
    expect(progressPercent(3, null)).toBeNull();
    expect(progressPercent(3, 0)).toBeNull();
    expect(progressPercent(1, 4)).toBe(25);
    expect(progressPercent(9, 4)).toBe(100);
  });
});
