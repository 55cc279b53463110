import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AnthropicError,
} from '@anthropic-ai/sdk';
import type { ContentBlockParam, MessageCreateParamsNonStreaming, MessageParam, Tool, ToolChoice } from '@anthropic-ai/sdk/resources/messages/messages';
import { AppError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { costOf, modelInfo } from './models';
import type { AiContentBlock, AiMessage, AiProvider, AiRequest, AiResponse, AiStopReason, AiTextBlock, AiToolChoice, AiToolUseBlock, AiUsage } from './types';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

export type AnthropicProviderOptions = {
  apiKey: string;
  model: string;
  /** null or absent: Anthropic's endpoint (never the ANTHROPIC_BASE_URL environment variable) */
  baseUrl?: string | null;
  /** per attempt (default 60 s) */
  timeoutMs?: number;
  /** SDK retries on 408/409/429/5xx/529 and connection errors (default 2) */
  maxRetries?: number;
  /**
   * A `retry-after` longer than this is not waited for: the call fails at once with `ai/rate-limited` (or
   * `ai/unavailable`) and says when to try again. Default 20 s.
   */
  maxRetryAfterMs?: number;
  logger?: Logger;
  /** for tests: the fetch the SDK uses (default: global fetch) */
  fetch?: typeof fetch;
};

function retryAfterMs(h: Headers): number | null {
  const ms = h.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const s = h.get('retry-after');
  if (!s) return null;
  if (Number.isFinite(Number(s))) return Number(s) * 1000;
  const at = Date.parse(s);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

const toSdkBlock = (b: AiContentBlock): ContentBlockParam => {
  switch (b.type) {
    case 'text':
      return { type: 'text', text: b.text };
    case 'image':
      return { type: 'image', source: { type: 'base64', media_type: b.mediaType, data: b.dataBase64 } };
    case 'tool_use':
      return { type: 'tool_use', id: b.id, name: b.name, input: b.input };
    case 'tool_result':
      return { type: 'tool_result', tool_use_id: b.toolUseId, content: b.content, ...(b.isError ? { is_error: true } : {}) };
  }
};

const toSdkMessage = (m: AiMessage): MessageParam => ({
  role: m.role,
  content: typeof m.content === 'string' ? m.content : m.content.map(toSdkBlock),
});

const STOP_REASONS = new Set<AiStopReason>(['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal', 'model_context_window_exceeded']);

/** The tool choice the model accepts: a forced choice becomes `auto` on models that think before answering. */
export function effectiveToolChoice(model: string, choice: AiToolChoice | undefined): AiToolChoice | undefined {
  if (!choice) return undefined;
  if ((choice.type === 'tool' || choice.type === 'any') && !modelInfo(model).forcedToolChoice) return { type: 'auto' };
  return choice;
}

/** Builds the Messages API body (exported for tests and for the mock's own checks). */
export function buildMessagesBody(model: string, req: AiRequest): MessageCreateParamsNonStreaming {
  const choice = effectiveToolChoice(model, req.toolChoice);
  const tools: Tool[] | undefined = req.tools?.map((t) => ({
    name: t.name,
    description: t.description,
    input_schema: t.inputSchema as Tool['input_schema'],
    ...(t.strict ? { strict: true } : {}),
  }));
  return {
    model,
    max_tokens: req.maxTokens,
    // the system prompt is one block so that it can carry the cache breakpoint: tools come before it in the
    // prompt, so the breakpoint caches the tool schemas and the instructions together
    system: [{ type: 'text', text: req.system, ...(req.cache ? { cache_control: { type: 'ephemeral' as const } } : {}) }],
    messages: req.messages.map(toSdkMessage),
    ...(tools && tools.length > 0 ? { tools } : {}),
    ...(choice ? { tool_choice: choice as ToolChoice } : {}),
  };
}

/** Anthropic's errors as the app's stable codes, with a sentence a finance user can act on. */
export function mapAnthropicError(e: unknown, ctx: { model: string; timeoutMs: number }): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof APIUserAbortError) return new AppError('app/cancelled', 'The AI request was cancelled.');
  if (e instanceof APIConnectionTimeoutError) {
    return new AppError('ai/timeout', `Claude did not answer within ${Math.round(ctx.timeoutMs / 1000)} s. Try again, or use a faster model.`, { timeoutMs: ctx.timeoutMs });
  }
  if (e instanceof APIConnectionError) {
    return new AppError('ai/unavailable', 'The Anthropic API cannot be reached. Check the internet connection (or the API address in Settings → AI).', {
      cause: e.cause instanceof Error ? e.cause.message : String(e.message),
    });
  }
  if (e instanceof APIError) {
    const status = e.status ?? 0;
    const apiMessage = e.apiMessage ?? (typeof e.message === 'string' ? e.message : '');
    const details: Record<string, unknown> = { status, type: e.type ?? null, requestId: e.requestID ?? null };
    const after = e.headers ? retryAfterMs(e.headers) : null;
    if (after !== null) details.retryAfterSeconds = Math.ceil(after / 1000);
    if (status === 401) return new AppError('ai/unauthorized', 'Anthropic refused the API key (401). Enter a valid key in Settings → AI.', details);
    if (status === 403) return new AppError('ai/unauthorized', `The API key is not allowed to use ${ctx.model} (403): ${apiMessage}`, details);
    if (status === 402) return new AppError('ai/unauthorized', `The Anthropic account cannot be billed (402): ${apiMessage}`, details);
    if (status === 429) {
      const wait = after !== null ? ` Try again in ${Math.max(1, Math.ceil(after / 1000))} s.` : ' Try again in a minute.';
      return new AppError('ai/rate-limited', `Anthropic's rate limit for this key is reached.${wait}`, details);
    }
    if (status === 529 || e.type === 'overloaded_error') return new AppError('ai/unavailable', 'Claude is overloaded right now; try again in a few minutes.', details);
    if (status === 504 || status === 408) return new AppError('ai/timeout', 'The Anthropic API timed out before answering; try again.', details);
    if (status >= 500) return new AppError('ai/unavailable', `The Anthropic API failed (${status}); try again later.`, details);
    if (status === 404 && /model/i.test(apiMessage)) return new AppError('ai/invalid-request', `The model “${ctx.model}” is not available to this key: ${apiMessage}`, details);
    return new AppError('ai/invalid-request', `Anthropic refused the request (${status}): ${apiMessage || 'no reason given'}`, details);
  }
  if (e instanceof AnthropicError) return new AppError('ai/invalid-response', `The Anthropic client failed: ${e.message}`);
  if (e instanceof Error && e.name === 'AbortError') return new AppError('app/cancelled', 'The AI request was cancelled.');
  return new AppError('ai/unavailable', `The AI request failed: ${e instanceof Error ? e.message : String(e)}`);
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/** Reads a Messages API response defensively: a body that is not a message is `ai/invalid-response`. */
export function parseMessage(raw: unknown, model: string): Omit<AiResponse, 'latencyMs' | 'requestId' | 'toolChoiceSent'> {
  const m = raw as { type?: unknown; content?: unknown; usage?: Record<string, unknown>; stop_reason?: unknown; model?: unknown } | null;
  if (!m || typeof m !== 'object' || m.type !== 'message' || !Array.isArray(m.content) || !m.usage || typeof m.usage !== 'object') {
    throw new AppError('ai/invalid-response', 'The AI service answered with something that is not a message.');
  }
  const content: Array<AiTextBlock | AiToolUseBlock> = [];
  for (const b of m.content as Array<Record<string, unknown>>) {
    if (b?.type === 'text' && typeof b.text === 'string') content.push({ type: 'text', text: b.text });
    else if (b?.type === 'tool_use' && typeof b.id === 'string' && typeof b.name === 'string') content.push({ type: 'tool_use', id: b.id, name: b.name, input: b.input });
    // thinking, redacted_thinking and server-tool blocks carry nothing the features use
  }
  const usage: AiUsage = {
    inputTokens: num(m.usage.input_tokens),
    outputTokens: num(m.usage.output_tokens),
    cacheReadTokens: num(m.usage.cache_read_input_tokens),
    cacheWriteTokens: num(m.usage.cache_creation_input_tokens),
  };
  const answeredModel = typeof m.model === 'string' && m.model ? m.model : model;
  const stop = typeof m.stop_reason === 'string' && STOP_REASONS.has(m.stop_reason as AiStopReason) ? (m.stop_reason as AiStopReason) : 'other';
  const toolUse = content.find((b): b is AiToolUseBlock => b.type === 'tool_use');
  return {
    content,
    text: content.filter((b): b is AiTextBlock => b.type === 'text').map((b) => b.text).join('\n'),
    ...(toolUse ? { toolUse } : {}),
    usage,
    ...costOf(answeredModel, usage),
    model: answeredModel,
    stopReason: stop,
  };
}

/**
 * The Anthropic Messages API through @anthropic-ai/sdk. Retries (429, 5xx, 529 overloaded, connection
 * errors, timeouts) are the SDK's, with its exponential backoff and `retry-after`; a `retry-after` longer
 * than `maxRetryAfterMs` ends the call at once with a clear error instead of a silent long wait.
 */
export function createAnthropicProvider(o: AnthropicProviderOptions): AiProvider {
  const timeoutMs = o.timeoutMs ?? 60_000;
  const maxRetryAfterMs = o.maxRetryAfterMs ?? 20_000;
  const baseFetch = o.fetch ?? globalThis.fetch;
  const log = o.logger;
  const guardedFetch: typeof fetch = async (input, init) => {
    const res = await baseFetch(input, init);
    if (res.ok) return res;
    const after = retryAfterMs(res.headers);
    log?.info('ai request failed', { status: res.status, retryAfterMs: after });
    if (after !== null && after > maxRetryAfterMs) {
      // tell the SDK not to wait minutes for a retry: the caller gets the error now
      const headers = new Headers(res.headers);
      headers.set('x-should-retry', 'false');
      return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
    }
    return res;
  };

  const client = new Anthropic({
    apiKey: o.apiKey,
    baseURL: o.baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL,
    timeout: timeoutMs,
    maxRetries: o.maxRetries ?? 2,
    fetch: guardedFetch,
    openTelemetry: false,
    logLevel: 'off',
  });

  return {
    name: 'anthropic',
    model: o.model,
    async complete(req: AiRequest): Promise<AiResponse> {
      if (!Number.isInteger(req.maxTokens) || req.maxTokens < 1) throw new AppError('ai/invalid-request', 'maxTokens must be a positive integer.');
      const body = buildMessagesBody(o.model, req);
      const started = Date.now();
      const perAttempt = req.timeoutMs ?? timeoutMs;
      try {
        const { data, request_id } = await client.messages
          .create(body, { timeout: perAttempt, ...(req.signal ? { signal: req.signal } : {}) })
          .withResponse();
        const parsed = parseMessage(data, o.model);
        const out: AiResponse = {
          ...parsed,
          latencyMs: Date.now() - started,
          requestId: request_id ?? null,
          ...(body.tool_choice ? { toolChoiceSent: body.tool_choice.type } : {}),
        };
        log?.debug('ai request done', { model: out.model, usage: out.usage, costUsd: out.costUsd, latencyMs: out.latencyMs, stopReason: out.stopReason });
        return out;
      } catch (e) {
        const err = mapAnthropicError(e, { model: o.model, timeoutMs: perAttempt });
        log?.warn('ai request refused', { code: err.code, model: o.model });
        throw err;
      }
    },
  };
}
