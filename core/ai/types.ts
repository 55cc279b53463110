/**
 * The AI layer's provider interface. Features (invoice extraction, digests, reports, close summaries, chat)
 * talk to an `AiProvider`, never to a vendor SDK; `getAiProvider` returns null when no key is configured and
 * every feature then takes its deterministic path.
 */

export type AiTextBlock = { type: 'text'; text: string };
export type AiImageBlock = { type: 'image'; mediaType: 'image/png' | 'image/jpeg'; dataBase64: string };
export type AiToolUseBlock = { type: 'tool_use'; id: string; name: string; input: unknown };
export type AiToolResultBlock = { type: 'tool_result'; toolUseId: string; content: string; isError?: boolean };
export type AiContentBlock = AiTextBlock | AiImageBlock | AiToolUseBlock | AiToolResultBlock;

export type AiMessage = { role: 'user' | 'assistant'; content: string | AiContentBlock[] };

export type AiTool = {
  name: string;
  description: string;
  /** JSON Schema of the tool's input */
  inputSchema: Record<string, unknown>;
  /** ask the API to guarantee the input matches the schema */
  strict?: boolean;
};

/**
 * `tool` and `any` force a tool call. Models that refuse forced tool use (they think first) get `auto`
 * instead, and the caller's prompt must ask for the call; see `modelInfo(model).forcedToolChoice`.
 */
export type AiToolChoice = { type: 'auto' } | { type: 'any' } | { type: 'tool'; name: string } | { type: 'none' };

export type AiRequest = {
  /** instructions; never put untrusted data here */
  system: string;
  messages: AiMessage[];
  tools?: AiTool[];
  toolChoice?: AiToolChoice;
  maxTokens: number;
  /** mark the system prompt (and with it the tool schemas before it) as a prompt-cache prefix */
  cache?: boolean;
  signal?: AbortSignal;
  /** per attempt; the provider's default otherwise */
  timeoutMs?: number;
};

export type AiUsage = {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
};

export type AiStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal' | 'model_context_window_exceeded' | 'other';

export type AiResponse = {
  /** text and tool_use blocks, in order (thinking blocks are dropped) */
  content: Array<AiTextBlock | AiToolUseBlock>;
  /** all text blocks joined */
  text: string;
  /** the first tool call, when there is one */
  toolUse?: AiToolUseBlock;
  usage: AiUsage;
  /** USD, from the price table (`pricing: 'fallback'` when the model is not in it: the dearest known rate) */
  costUsd: number;
  pricing: 'table' | 'fallback';
  model: string;
  stopReason: AiStopReason;
  /** the tool choice actually sent (a forced choice becomes `auto` on models that refuse it) */
  toolChoiceSent?: AiToolChoice['type'];
  latencyMs: number;
  requestId: string | null;
};

export type AiProvider = {
  readonly name: 'anthropic';
  readonly model: string;
  complete(req: AiRequest): Promise<AiResponse>;
};

/** What the user configured (stored in the settings table; the key itself lives in the vault). */
export type AiConfig = {
  model: string;
  /** null: the vendor's default endpoint */
  baseUrl: string | null;
  /** replace IBANs, e-mails, phone numbers and personal names by placeholders before anything is sent */
  redaction: boolean;
};

export const emptyUsage = (): AiUsage => ({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });

export const addUsage = (a: AiUsage, b: AiUsage): AiUsage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
  cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
  cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
});
