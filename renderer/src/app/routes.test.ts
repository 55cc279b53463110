import { describe, expect, test } from 'vitest';
import { DEFAULT_ROUTE, hashFor, routeFromHash, ROUTES } from './routes';

describe('routeFromHash', () => {
  test('maps every page hash to its route', () => {
    for (const r of ROUTES) expect(routeFromHash(hashFor(r.id))).toBe(r.id);
  });
  test('tolerates a missing slash, sub-paths and queries', () => {
    expect(routeFromHash('#dashboards')).toBe('dashboards');
    expect(routeFromHash('#/settings/advanced')).toBe('settings');
    expect(routeFromHash('#/documents?id=4')).toBe('documents');
  });
  test('falls back to the default page', () => {
    expect(routeFromHash('')).toBe(DEFAULT_ROUTE);
    expect(routeFromHash('#/nope')).toBe(DEFAULT_ROUTE);
    expect(routeFromHash('#/__proto__')).toBe(DEFAULT_ROUTE);
  });
  test('g-shortcut keys are unique', () => {
    expect(new Set(ROUTES.map((r) => r.key)).size).toBe(ROUTES.length);
  });
});
