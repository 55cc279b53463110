import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from './anthropic';
import { getAiProvider, AI_KEY_NAME, DEFAULT_AI_CONFIG } from './index';
import { errorReply, startMockAnthropic, textReply, toolReply, type MockAnthropic } from './testing/mock-anthropic';
import type { AiRequest } from './types';

let mock: MockAnthropic;
beforeEach(async () => (mock = await startMockAnthropic()));
afterEach(async () => mock.close());

const provider = (over: Partial<Parameters<typeof createAnthropicProvider>[0]> = {}) =>
  createAnthropicProvider({ apiKey: 'sk-ant-test', model: 'claude-haiku-4-5', baseUrl: mock.url, timeoutMs: 5_000, maxRetries: 2, ...over });

const hello: AiRequest = { system: 'You answer briefly.', messages: [{ role: 'user', content: 'Say ok.' }], maxTokens: 50 };

const longSystem = `You extract invoices. ${'Every field has rules that you follow carefully. '.repeat(120)}`;

const schemaTool = {
  name: 'record_answer',
  description: 'Record the answer.',
  inputSchema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false },
  strict: true,
};

describe('Anthropic provider against the mock Messages API', () => {
  it('sends a real Messages request and maps text, usage, cost and request id', async () => {
    mock.enqueue(textReply('ok', { usage: { input_tokens: 1000, output_tokens: 200 } }));
    const r = await provider().complete(hello);
    expect(r.text).toBe('ok');
    expect(r.stopReason).toBe('end_turn');
    expect(r.model).toBe('claude-haiku-4-5');
    expect(r.usage).toEqual({ inputTokens: 1000, outputTokens: 200, cacheReadTokens: 0, cacheWriteTokens: 0 });
    // Haiku 4.5: $1 in, $5 out per million tokens
    expect(r.costUsd).toBeCloseTo(0.001 + 0.001, 9);
    expect(r.pricing).toBe('table');
    expect(r.requestId).toMatch(/^req_mock_/);
    const req = mock.requests[0]!;
    expect(req.path).toBe('/v1/messages');
    expect(req.headers['anthropic-version']).toBeTruthy();
    expect(req.headers['x-api-key'] ?? req.headers.authorization).toContain('sk-ant-test');
    expect(req.body).toMatchObject({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'Say ok.' }] });
    expect(req.body?.system).toEqual([{ type: 'text', text: 'You answer briefly.' }]);
  });

  it('puts cache_control on the system prompt and reads the cache on the next identical prefix', async () => {
    const p = provider();
    const req: AiRequest = { ...hello, system: longSystem, tools: [schemaTool], cache: true };
    const first = await p.complete(req);
    const second = await p.complete({ ...req, messages: [{ role: 'user', content: 'Another document.' }] });
    expect(mock.requests[0]!.body?.system).toEqual([{ type: 'text', text: longSystem, cache_control: { type: 'ephemeral' } }]);
    expect(first.usage.cacheWriteTokens).toBeGreaterThan(1024);
    expect(first.usage.cacheReadTokens).toBe(0);
    expect(second.usage.cacheReadTokens).toBe(first.usage.cacheWriteTokens);
    expect(second.usage.cacheWriteTokens).toBe(0);
    // cache reads are cheaper than writes: the second call costs less
    expect(second.costUsd).toBeLessThan(first.costUsd);
    // without cache: true there is no breakpoint
    await p.complete({ ...req, cache: false });
    expect(JSON.stringify(mock.requests[2]!.body?.system)).not.toContain('cache_control');
  });

  it('forces the tool on models that accept it and sends auto to those that refuse forcing', async () => {
    mock.enqueue(toolReply('record_answer', { answer: '42' }), toolReply('record_answer', { answer: '43' }));
    const forced = await provider({ model: 'claude-haiku-4-5' }).complete({ ...hello, tools: [schemaTool], toolChoice: { type: 'tool', name: 'record_answer' } });
    expect(mock.requests[0]!.body?.tool_choice).toEqual({ type: 'tool', name: 'record_answer' });
    expect(forced.toolUse).toMatchObject({ name: 'record_answer', input: { answer: '42' } });
    expect(forced.toolChoiceSent).toBe('tool');
    const auto = await provider({ model: 'claude-sonnet-5-5' }).complete({ ...hello, tools: [schemaTool], toolChoice: { type: 'tool', name: 'record_answer' } });
    expect(mock.requests[1]!.body?.tool_choice).toEqual({ type: 'auto' });
    expect(auto.toolChoiceSent).toBe('auto');
    expect(mock.requests[1]!.body?.tools).toEqual([
      { name: 'record_answer', description: 'Record the answer.', input_schema: schemaTool.inputSchema, strict: true },
    ]);
  });

  it('the mock refuses a forced tool choice on a model that does not accept it, like the API', async () => {
    const res = await fetch(`${mock.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], tools: [{ name: 't', input_schema: { type: 'object' } }], tool_choice: { type: 'tool', name: 't' } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('forced tool use') } });
  });

  it('sends images as base64 blocks', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
    await provider().complete({ ...hello, messages: [{ role: 'user', content: [{ type: 'image', mediaType: 'image/png', dataBase64: png }, { type: 'text', text: 'Read this page.' }] }] });
    expect(mock.requests[0]!.body?.messages).toEqual([
      { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }, { type: 'text', text: 'Read this page.' }] },
    ]);
  });

  it('retries 529 overloaded and 500 and then succeeds', async () => {
    mock.enqueue(errorReply(529), errorReply(500), textReply('finally'));
    const r = await provider().complete(hello);
    expect(r.text).toBe('finally');
    expect(mock.requests.map((q) => q.status)).toEqual([529, 500, 200]);
    // the SDK counts its retries in a header
    expect(mock.requests.map((q) => q.headers['x-stainless-retry-count'])).toEqual(['0', '1', '2']);
  });

  it('waits for retry-after on 429 and then succeeds', async () => {
    mock.enqueue(errorReply(429, { 'retry-after': '1' }), textReply('after the wait'));
    const started = Date.now();
    const r = await provider().complete(hello);
    expect(r.text).toBe('after the wait');
    expect(mock.requests[1]!.at - mock.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('does not sit out a long retry-after: ai/rate-limited at once, saying when to retry', async () => {
    mock.enqueue(errorReply(429, { 'retry-after': '120' }), textReply('never reached'));
    const started = Date.now();
    await expect(provider().complete(hello)).rejects.toMatchObject({ code: 'ai/rate-limited', details: { status: 429, retryAfterSeconds: 120 }, message: expect.stringContaining('120 s') });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(mock.requests).toHaveLength(1);
  });

  it('gives up with ai/unavailable when the API stays overloaded after the retries', async () => {
    mock.enqueue(errorReply(529), errorReply(529), errorReply(529), textReply('too late'));
    await expect(provider({ maxRetries: 2 }).complete(hello)).rejects.toMatchObject({ code: 'ai/unavailable', details: { status: 529, type: 'overloaded_error' } });
    expect(mock.requests).toHaveLength(3);
    expect(mock.pending()).toBe(1);
  });

  it('times out with ai/timeout (each attempt, then the retry)', async () => {
    mock.enqueue(textReply('slow', { delayMs: 3_000 }), textReply('slow again', { delayMs: 3_000 }));
    await expect(provider({ timeoutMs: 300, maxRetries: 1 }).complete(hello)).rejects.toMatchObject({ code: 'ai/timeout', message: expect.stringContaining('did not answer') });
    expect(mock.requests).toHaveLength(2);
  });

  it('an unknown key is ai/unauthorized at once (no retry)', async () => {
    await expect(provider({ apiKey: 'sk-ant-wrong' }).complete(hello)).rejects.toMatchObject({ code: 'ai/unauthorized', details: { status: 401, type: 'authentication_error' } });
    expect(mock.requests).toHaveLength(1);
  });

  it('a body that is not a message is ai/invalid-response', async () => {
    mock.enqueue({ kind: 'raw', status: 200, body: JSON.stringify({ hello: 'proxy' }) });
    await expect(provider().complete(hello)).rejects.toMatchObject({ code: 'ai/invalid-response' });
  });

  it('a refused request (unknown model) is ai/invalid-request with the API message', async () => {
    mock.enqueue({ kind: 'error', status: 404, type: 'not_found_error', message: 'model: claude-nope' });
    await expect(provider({ model: 'claude-nope' }).complete(hello)).rejects.toMatchObject({ code: 'ai/invalid-request', message: expect.stringContaining('claude-nope') });
  });

  it('cancels with app/cancelled when the signal aborts', async () => {
    mock.enqueue(textReply('slow', { delayMs: 3_000 }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await expect(provider().complete({ ...hello, signal: ac.signal })).rejects.toMatchObject({ code: 'app/cancelled' });
  });

  it('an unreachable endpoint is ai/unavailable', async () => {
    const closed = mock.url;
    await mock.close();
    mock = await startMockAnthropic();
    await expect(provider({ baseUrl: closed, maxRetries: 0 }).complete(hello)).rejects.toMatchObject({ code: 'ai/unavailable' });
  });
});

describe('getAiProvider', () => {
  it('is null without a key and a working provider with one', async () => {
    const store = new Map<string, string>();
    const vault = { get: async (k: string) => store.get(k) ?? null };
    expect(await getAiProvider({ vault, config: DEFAULT_AI_CONFIG })).toBeNull();
    store.set(AI_KEY_NAME, 'sk-ant-test');
    const p = await getAiProvider({ vault, config: { model: 'claude-haiku-4-5', baseUrl: mock.url, redaction: false } });
    expect(p?.model).toBe('claude-haiku-4-5');
    expect((await p!.complete(hello)).text).toBe('ok');
  });
});
