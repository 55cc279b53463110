import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMockAnthropic, type MockAnthropic } from './mock-anthropic';

let mock: MockAnthropic;
beforeEach(async () => (mock = await startMockAnthropic()));
afterEach(async () => mock.close());

const post = (body: unknown, headers: Record<string, string> = { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' }) =>
  fetch(`${mock.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const hello = { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };

describe('mock Messages API checks requests like the API', () => {
  it('wants a key and the anthropic-version header', async () => {
    expect(await (await post(hello, { 'anthropic-version': '2023-06-01' })).json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const noVersion = await post(hello, { 'x-api-key': 'sk-ant-test' });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ error: { message: expect.stringContaining('anthropic-version') } });
    const ok = await post(hello);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('request-id')).toMatch(/^req_/);
    expect(await ok.json()).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', usage: { input_tokens: expect.any(Number), cache_read_input_tokens: 0 } });
  });

  it('refuses a tool_use that is not answered by a tool_result, and malformed bodies', async () => {
    const unanswered = await post({
      ...hello,
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 't', input: {} }] },
        { role: 'user', content: 'and?' },
      ],
    });
    expect(unanswered.status).toBe(400);
    expect(await unanswered.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('toolu_1') } });
    expect((await post({ ...hello, max_tokens: 0 })).status).toBe(400);
    expect((await post({ ...hello, messages: [] })).status).toBe(400);
    expect((await post({ ...hello, tool_choice: { type: 'tool', name: 'missing' }, tools: [{ name: 't', input_schema: { type: 'object' } }] })).status).toBe(400);
    expect(mock.accepted).toHaveLength(0);
    expect(mock.requests).toHaveLength(4);
  });
});
