import { describe, expect, it } from 'vitest';
import { createLogger, redact } from './logger';

describe('logger', () => {
  it('redacts secret-looking keys at any depth and never the others', () => {
    const out = redact({ url: 'https://x', password: 'p', nested: { apiKey: 'k', api_key: 'k2', Authorization: 'Bearer t', list: [{ token: 't' }] }, login: 'admin' });
    expect(out).toEqual({
      url: 'https://x',
      password: '[redacted]',
      nested: { apiKey: '[redacted]', api_key: '[redacted]', Authorization: '[redacted]', list: [{ token: '[redacted]' }] },
      login: 'admin',
    });
  });

  it('filters by level and carries child fields', () => {
    const seen: Array<{ level: string; msg: string; fields: Record<string, unknown> }> = [];
    const log = createLogger((e) => seen.push(e), 'info', { app: 'so' });
    log.debug('hidden');
    log.child({ part: 'sync' }).warn('slow', { secret: 's', ms: 5 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ level: 'warn', msg: 'slow', fields: { app: 'so', part: 'sync', secret: '[redacted]', ms: 5 } });
  });
});
