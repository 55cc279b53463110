import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { modelInfo } from '../models';

/**
 * A local stand-in for Anthropic's Messages API (`POST /v1/messages`), for tests: no test may need the
 * internet, and the SDK pointed at it with `baseURL` must behave as with the real API. It checks what the
 * API checks (key, `anthropic-version`, body shape, tool pairing, forced tool choice on models that refuse
 * it), answers with real message and error bodies and statuses, simulates prompt caching, and is scripted
 * per test: a queue of replies (messages, tool calls, errors with status codes and headers, delays), with
 * every request recorded for assertions.
 */

export type MockBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id?: string; name: string; input: unknown }
  | { type: 'thinking'; thinking: string; signature?: string };

export type MockUsage = {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
};

export type MockStep =
  | { kind: 'message'; content: MockBlock[]; stopReason?: string; usage?: Partial<MockUsage>; model?: string; delayMs?: number }
  | { kind: 'error'; status: number; type?: string; message?: string; headers?: Record<string, string>; delayMs?: number }
  /** any status and body, e.g. a proxy's HTML page or a truncated JSON */
  | { kind: 'raw'; status: number; body: string; contentType?: string; delayMs?: number }
  /** answer with whatever the function returns (computed from the request) */
  | { kind: 'fn'; reply: (req: RecordedRequest) => MockStep };

export type RecordedRequest = {
  at: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** the parsed JSON body (null when it was not JSON) */
  body: MessagesBody | null;
  rawBody: string;
  /** the status the mock answered with */
  status?: number;
};

/** The parts of a Messages API request body the mock looks at. */
export type MessagesBody = {
  model?: unknown;
  max_tokens?: unknown;
  system?: unknown;
  messages?: unknown;
  tools?: unknown;
  tool_choice?: unknown;
  [k: string]: unknown;
};

export type MockAnthropicOptions = {
  /** keys accepted in `x-api-key` or `Authorization: Bearer` (default `['sk-ant-test']`) */
  apiKeys?: string[];
  /** smallest cacheable prefix in tokens (default 1024) */
  minCacheTokens?: number;
  /** whether a model refuses `tool_choice` of type tool/any (default: the model table's answer) */
  refusesForcedToolChoice?: (model: string) => boolean;
};

export type MockAnthropic = {
  /** e.g. http://127.0.0.1:54321 — pass as `baseURL` */
  url: string;
  requests: RecordedRequest[];
  /** requests to /v1/messages that passed the checks (what a model "saw") */
  readonly accepted: RecordedRequest[];
  enqueue(...steps: MockStep[]): void;
  /** replies not consumed yet */
  pending(): number;
  reset(): void;
  close(): Promise<void>;
};

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  408: 'timeout_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  503: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const ERROR_MESSAGES: Record<string, string> = {
  authentication_error: 'invalid x-api-key',
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit',
  api_error: 'Internal server error',
  overloaded_error: 'Overloaded',
  timeout_error: 'Request timed out',
  permission_error: 'Your API key does not have permission to use the specified resource.',
};

/** A reply that calls one tool (the usual scripted answer of an extraction test). */
export const toolReply = (name: string, input: unknown, extra: Partial<Extract<MockStep, { kind: 'message' }>> = {}): MockStep => ({
  kind: 'message',
  content: [{ type: 'tool_use', name, input }],
  stopReason: 'tool_use',
  ...extra,
});

export const textReply = (text: string, extra: Partial<Extract<MockStep, { kind: 'message' }>> = {}): MockStep => ({
  kind: 'message',
  content: [{ type: 'text', text }],
  stopReason: 'end_turn',
  ...extra,
});

export const errorReply = (status: number, headers?: Record<string, string>, message?: string): MockStep => ({
  kind: 'error',
  status,
  ...(headers ? { headers } : {}),
  ...(message ? { message } : {}),
});

const reqId = () => `req_mock_${randomBytes(8).toString('hex')}`;
const tokensOf = (s: string) => Math.ceil(s.length / 4);

type Block = Record<string, unknown>;
const isObj = (v: unknown): v is Block => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a body the way the API does; returns the error message of a 400, or null. */
function validateBody(b: MessagesBody, refusesForced: (m: string) => boolean): string | null {
  if (typeof b.model !== 'string' || !b.model) return 'model: Field required';
  if (!Number.isInteger(b.max_tokens) || (b.max_tokens as number) < 1) return 'max_tokens: Field required (a positive integer)';
  if (!Array.isArray(b.messages) || b.messages.length === 0) return 'messages: at least one message is required';
  let cacheBreakpoints = 0;
  const countCache = (blk: unknown) => {
    if (isObj(blk) && blk.cache_control !== undefined) {
      if (!isObj(blk.cache_control) || blk.cache_control.type !== 'ephemeral') throw new Error('cache_control.type: Input should be \'ephemeral\'');
      cacheBreakpoints++;
    }
  };
  try {
    if (b.system !== undefined) {
      if (Array.isArray(b.system)) {
        for (const s of b.system) {
          if (!isObj(s) || s.type !== 'text' || typeof s.text !== 'string') return 'system: each block must be a text block';
          countCache(s);
        }
      } else if (typeof b.system !== 'string') return 'system: Input should be a string or a list of text blocks';
    }
    const toolNames = new Set<string>();
    if (b.tools !== undefined) {
      if (!Array.isArray(b.tools)) return 'tools: Input should be a valid list';
      for (const [i, t] of b.tools.entries()) {
        if (!isObj(t) || typeof t.name !== 'string' || !/^[a-zA-Z0-9_-]{1,128}$/.test(t.name)) return `tools.${i}.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`;
        if (!isObj(t.input_schema) || t.input_schema.type !== 'object') return `tools.${i}.input_schema: type must be 'object'`;
        if (toolNames.has(t.name)) return `tools: Tool names must be unique.`;
        toolNames.add(t.name);
        countCache(t);
      }
    }
    if (b.tool_choice !== undefined) {
      const tc = b.tool_choice;
      if (!isObj(tc) || !['auto', 'any', 'tool', 'none'].includes(String(tc.type))) return 'tool_choice: Input tag does not match any of the expected tags';
      if (tc.type === 'tool' && (typeof tc.name !== 'string' || !toolNames.has(tc.name))) return `tool_choice.name: Tool '${String(tc.name)}' not found in tools`;
      if ((tc.type === 'tool' || tc.type === 'any') && toolNames.size === 0) return 'tool_choice: may only be specified while providing tools';
      if ((tc.type === 'tool' || tc.type === 'any') && refusesForced(b.model)) {
        return `tool_choice: forced tool use ('${tc.type}') is not supported with ${b.model}; use 'auto' or 'none'`;
      }
    }
    let pendingToolUses: string[] = [];
    for (const [i, m] of (b.messages as unknown[]).entries()) {
      if (!isObj(m) || (m.role !== 'user' && m.role !== 'assistant')) return `messages.${i}.role: Input should be 'user' or 'assistant'`;
      if (i === 0 && m.role !== 'user') return 'messages.0.role: the first message must use the "user" role';
      const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
      if (!Array.isArray(blocks) || blocks.length === 0) return `messages.${i}.content: Input should be a string or a non-empty list`;
      const results = new Set<string>();
      const uses: string[] = [];
      for (const [j, blk] of blocks.entries()) {
        if (!isObj(blk)) return `messages.${i}.content.${j}: Input should be an object`;
        countCache(blk);
        switch (blk.type) {
          case 'text':
            if (typeof blk.text !== 'string') return `messages.${i}.content.${j}.text: Field required`;
            if (blk.text.length === 0) return `messages.${i}.content.${j}.text: text content blocks must be non-empty`;
            break;
          case 'image': {
            const src = blk.source;
            if (m.role !== 'user') return `messages.${i}.content.${j}: images are only allowed in user messages`;
            if (!isObj(src) || src.type !== 'base64') return `messages.${i}.content.${j}.source.type: Input should be 'base64', 'url' or 'file'`;
            if (!['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(String(src.media_type))) return `messages.${i}.content.${j}.source.media_type: unsupported image type`;
            if (typeof src.data !== 'string' || !/^[A-Za-z0-9+/]+=*$/.test(src.data)) return `messages.${i}.content.${j}.source.data: invalid base64 data`;
            break;
          }
          case 'tool_use':
            if (m.role !== 'assistant') return `messages.${i}.content.${j}: tool_use blocks are only allowed in assistant messages`;
            if (typeof blk.id !== 'string' || typeof blk.name !== 'string') return `messages.${i}.content.${j}: tool_use needs id and name`;
            uses.push(blk.id);
            break;
          case 'tool_result':
            if (m.role !== 'user') return `messages.${i}.content.${j}: tool_result blocks are only allowed in user messages`;
            if (typeof blk.tool_use_id !== 'string') return `messages.${i}.content.${j}.tool_use_id: Field required`;
            results.add(blk.tool_use_id);
            break;
          case 'thinking':
          case 'redacted_thinking':
            break;
          default:
            return `messages.${i}.content.${j}.type: unknown content block type '${String(blk.type)}'`;
        }
      }
      if (m.role === 'user' && pendingToolUses.length > 0) {
        const missing = pendingToolUses.filter((id) => !results.has(id));
        if (missing.length > 0) {
          return `messages.${i}: tool_use ids were found without tool_result blocks immediately after: ${missing.join(', ')}. Each tool_use block must have a corresponding tool_result block in the next message.`;
        }
      }
      if (m.role === 'user') {
        const unknown = [...results].filter((id) => !pendingToolUses.includes(id));
        if (unknown.length > 0) return `messages.${i}: unexpected tool_use_id found in tool_result blocks: ${unknown.join(', ')}. Each tool_result block must have a corresponding tool_use block in the previous message.`;
      }
      pendingToolUses = m.role === 'assistant' ? uses : [];
    }
    if (cacheBreakpoints > 4) return 'A maximum of 4 blocks with cache_control may be provided.';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return null;
}

/** The request's prompt split at its last cache breakpoint (tools → system → messages), as the API caches it. */
function promptParts(b: MessagesBody): { total: number; prefix: string | null; prefixTokens: number } {
  const parts: Array<{ text: string; cache: boolean }> = [];
  const imageTokens = 1500;
  for (const t of Array.isArray(b.tools) ? (b.tools as Block[]) : []) parts.push({ text: JSON.stringify(t), cache: t.cache_control !== undefined });
  if (typeof b.system === 'string') parts.push({ text: b.system, cache: false });
  else if (Array.isArray(b.system)) for (const s of b.system as Block[]) parts.push({ text: String(s.text), cache: s.cache_control !== undefined });
  for (const m of b.messages as Block[]) {
    const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content } as Block] : (m.content as Block[]);
    for (const blk of blocks) {
      const text = blk.type === 'image' ? 'x'.repeat(imageTokens * 4) : JSON.stringify(blk);
      parts.push({ text: `${String(m.role)}:${text}`, cache: blk.cache_control !== undefined });
    }
  }
  const last = parts.map((p) => p.cache).lastIndexOf(true);
  const total = parts.reduce((n, p) => n + tokensOf(p.text), 0);
  if (last < 0) return { total, prefix: null, prefixTokens: 0 };
  const prefixParts = parts.slice(0, last + 1);
  return {
    total,
    prefix: `${String(b.model)}\n${prefixParts.map((p) => p.text).join('\n')}`,
    prefixTokens: prefixParts.reduce((n, p) => n + tokensOf(p.text), 0),
  };
}

export async function startMockAnthropic(options: MockAnthropicOptions = {}): Promise<MockAnthropic> {
  const keys = new Set(options.apiKeys ?? ['sk-ant-test']);
  const minCache = options.minCacheTokens ?? 1024;
  const refusesForced = options.refusesForcedToolChoice ?? ((m: string) => !modelInfo(m).forcedToolChoice);
  const requests: RecordedRequest[] = [];
  let queue: MockStep[] = [];
  const cache = new Set<string>();
  const sockets = new Set<Socket>();

  const send = (res: http.ServerResponse, rec: RecordedRequest, status: number, body: string, headers: Record<string, string> = {}, contentType = 'application/json') => {
    rec.status = status;
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': contentType, 'request-id': reqId(), ...headers });
    res.end(body);
  };
  const sendError = (res: http.ServerResponse, rec: RecordedRequest, status: number, type?: string, message?: string, headers?: Record<string, string>) => {
    const t = type ?? ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
    send(res, rec, status, JSON.stringify({ type: 'error', error: { type: t, message: message ?? ERROR_MESSAGES[t] ?? 'Error' }, request_id: reqId() }), headers);
  };
  const wait = (ms: number, res: http.ServerResponse) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      res.once('close', () => {
        clearTimeout(t);
        resolve();
      });
    });

  async function answer(step: MockStep, rec: RecordedRequest, body: MessagesBody, res: http.ServerResponse): Promise<void> {
    if (step.kind === 'fn') return answer(step.reply(rec), rec, body, res);
    if (step.delayMs) await wait(step.delayMs, res);
    if (res.destroyed || res.writableEnded) return;
    if (step.kind === 'error') return sendError(res, rec, step.status, step.type, step.message, step.headers);
    if (step.kind === 'raw') return send(res, rec, step.status, step.body, {}, step.contentType ?? 'application/json');
    const { total, prefix, prefixTokens } = promptParts(body);
    let cacheRead = 0;
    let cacheWrite = 0;
    if (prefix && prefixTokens >= minCache) {
      const key = createHash('sha256').update(prefix).digest('hex');
      if (cache.has(key)) cacheRead = prefixTokens;
      else {
        cacheWrite = prefixTokens;
        cache.add(key);
      }
    }
    const content = step.content.map((b) =>
      b.type === 'tool_use' ? { type: 'tool_use', id: b.id ?? `toolu_mock_${randomBytes(8).toString('hex')}`, name: b.name, input: b.input, caller: { type: 'direct' } } : b.type === 'text' ? { ...b, citations: null } : { signature: 'sig', ...b },
    );
    const usage: MockUsage = {
      input_tokens: total - cacheRead - cacheWrite,
      output_tokens: tokensOf(JSON.stringify(content)),
      cache_creation_input_tokens: cacheWrite,
      cache_read_input_tokens: cacheRead,
      ...step.usage,
    };
    const message = {
      id: `msg_mock_${randomBytes(10).toString('hex')}`,
      type: 'message',
      role: 'assistant',
      model: step.model ?? body.model,
      content,
      stop_reason: step.stopReason ?? (content.some((c) => c.type === 'tool_use') ? 'tool_use' : 'end_turn'),
      stop_sequence: null,
      stop_details: null,
      container: null,
      diagnostics: null,
      usage: {
        ...usage,
        cache_creation: { ephemeral_5m_input_tokens: usage.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
        inference_geo: null,
        output_tokens_details: null,
        server_tool_use: null,
        service_tier: 'standard',
        speed: null,
      },
    };
    send(res, rec, 200, JSON.stringify(message));
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v ?? '');
      let body: MessagesBody | null = null;
      try {
        body = rawBody ? (JSON.parse(rawBody) as MessagesBody) : null;
      } catch {
        body = null;
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const rec: RecordedRequest = { at: Date.now(), method: req.method ?? 'GET', path, headers, body, rawBody };
      requests.push(rec);
      void (async () => {
        if (path !== '/v1/messages') return sendError(res, rec, 404, 'not_found_error', `Not found: ${path}`);
        if (req.method !== 'POST') return sendError(res, rec, 405, 'invalid_request_error', `Method ${String(req.method)} not allowed`);
        const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
        const key = headers['x-api-key'] || bearer;
        if (!key) return sendError(res, rec, 401, 'authentication_error', 'x-api-key header is required');
        if (!keys.has(key)) return sendError(res, rec, 401, 'authentication_error', 'invalid x-api-key');
        if (!headers['anthropic-version']) return sendError(res, rec, 400, 'invalid_request_error', 'anthropic-version: header is required');
        if (!body || !isObj(body)) return sendError(res, rec, 400, 'invalid_request_error', 'There was an issue with the formatting of your request: the body is not valid JSON');
        const invalid = validateBody(body, refusesForced);
        if (invalid) return sendError(res, rec, 400, 'invalid_request_error', invalid);
        const step = queue.shift() ?? textReply('ok');
        await answer(step, rec, body, res);
      })().catch((e: unknown) => sendError(res, rec, 500, 'api_error', `mock failure: ${e instanceof Error ? e.message : String(e)}`));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get accepted() {
      return requests.filter((r) => r.path === '/v1/messages' && r.status === 200);
    },
    enqueue: (...steps) => void queue.push(...steps),
    pending: () => queue.length,
    reset() {
      queue = [];
      requests.length = 0;
      cache.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
