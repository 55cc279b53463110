import { describe, expect, test } from 'vitest';
import { formatEta, formatRelative, progressPercent, syncPercent } from './format';

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

describe('formatRelative', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  test('recent times read naturally, unknown is null', () => {
    expect(formatRelative(null, now)).toBeNull();
    expect(formatRelative('nope', now)).toBeNull();
    expect(formatRelative('2026-11-25T11:59:30Z', now)).toBe('just now');
    expect(formatRelative('2026-11-25T11:57:00Z', now)).toBe('3 min ago');
    expect(formatRelative('2026-11-25T10:00:00Z', now)).toBe('2 h ago');
    expect(formatRelative('2026-11-24T10:00:00Z', now)).toBe('yesterday');
  });
});

describe('syncPercent', () => {
  test('finished models plus the share of the current one', () => {
    expect(syncPercent({ done: 0, total: 10, modelIndex: 0, modelCount: 4 })).toBe(0);
    expect(syncPercent({ done: 5, total: 10, modelIndex: 1, modelCount: 4 })).toBe(37.5);
    expect(syncPercent({ done: 5, total: null, modelIndex: 2, modelCount: 4 })).toBe(50);
    expect(syncPercent({ done: 20, total: 10, modelIndex: 3, modelCount: 4 })).toBe(100);
    expect(syncPercent({ done: 0, total: 0, modelIndex: 0, modelCount: 0 })).toBe(0);
  });
});
