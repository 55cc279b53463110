import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from './anthropic';
import { withAiFallback } from './fallback';
import { errorReply, startMockAnthropic, textReply, type MockAnthropic } from './testing/mock-anthropic';

let mock: MockAnthropic;
beforeEach(async () => (mock = await startMockAnthropic()));
afterEach(async () => mock.close());

const provider = () => createAnthropicProvider({ apiKey: 'sk-ant-test', model: 'claude-haiku-4-5', baseUrl: mock.url, maxRetries: 0 });
const summarise = async (p: ReturnType<typeof provider>) =>
  (await p.complete({ system: 'Summarise.', messages: [{ role: 'user', content: 'Cash is up 4%.' }], maxTokens: 100 })).text;
const rule = () => 'Cash: +4% (no AI)';

describe('withAiFallback', () => {
  it('takes the deterministic path without a provider, and never calls the API', async () => {
    expect(await withAiFallback(null, summarise, rule)).toEqual({ value: 'Cash: +4% (no AI)', source: 'deterministic' });
    expect(mock.requests).toHaveLength(0);
  });

  it('uses Claude when configured, and falls back with the reason when it fails', async () => {
    mock.enqueue(textReply('Cash grew by four percent.'), errorReply(529));
    expect(await withAiFallback(provider(), summarise, rule)).toEqual({ value: 'Cash grew by four percent.', source: 'ai' });
    expect(await withAiFallback(provider(), summarise, rule)).toMatchObject({ value: 'Cash: +4% (no AI)', source: 'deterministic', error: { code: 'ai/unavailable' } });
  });

  it('does not swallow a cancellation', async () => {
    mock.enqueue(textReply('late', { delayMs: 2_000 }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await expect(
      withAiFallback(provider(), async (p) => (await p.complete({ system: 's', messages: [{ role: 'user', content: 'x' }], maxTokens: 5, signal: ac.signal })).text, rule),
    ).rejects.toMatchObject({ code: 'app/cancelled' });
  });
});
