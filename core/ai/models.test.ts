import { describe, expect, it } from 'vitest';
import { costOf, DEFAULT_MODEL, MODELS, modelInfo } from './models';

describe('model table and cost', () => {
  it('prices input, output, cache writes and cache reads per model', () => {
    const u = { inputTokens: 1_000_000, outputTokens: 1_000_000, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000 };
    // Sonnet 5.5: $2 in, $10 out, $0.10 cache read, $2.50 cache write (5 min)
    expect(costOf('claude-sonnet-5-5', u)).toEqual({ costUsd: 14.6, pricing: 'table' });
    expect(costOf('claude-haiku-4-5', { ...u, cacheReadTokens: 0, cacheWriteTokens: 0 })).toEqual({ costUsd: 6, pricing: 'table' });
  });

  it('resolves dated ids to their family and applies a long-prompt band', () => {
    expect(modelInfo('claude-haiku-4-5-20251001')).toMatchObject({ label: 'Claude Haiku 4.5', known: true, forcedToolChoice: true });
    const short = costOf('claude-haiku-5-5', { inputTokens: 50_000, outputTokens: 1000, cacheReadTokens: 0, cacheWriteTokens: 0 });
    const long = costOf('claude-haiku-5-5', { inputTokens: 150_000, outputTokens: 1000, cacheReadTokens: 0, cacheWriteTokens: 0 });
    expect(short.costUsd).toBeCloseTo(0.005 + 0.0005, 9);
    expect(long.costUsd).toBeCloseTo(0.075 + 0.0025, 9);
  });

  it('prices an unknown model at the dearest known rate and does not force tools on it', () => {
    const dearest = Math.max(...MODELS.map((m) => m.price.output));
    const c = costOf('claude-future-9', { inputTokens: 0, outputTokens: 1_000_000, cacheReadTokens: 0, cacheWriteTokens: 0 });
    expect(c).toEqual({ costUsd: dearest, pricing: 'fallback' });
    expect(modelInfo('claude-future-9').forcedToolChoice).toBe(false);
    expect(modelInfo(DEFAULT_MODEL).known).toBe(true);
  });
});
