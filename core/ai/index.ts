import type { Logger } from '../shared/logger';
import { createAnthropicProvider } from './anthropic';
import { DEFAULT_MODEL } from './models';
import type { AiConfig, AiProvider } from './types';

export * from './types';
export { DEFAULT_MODEL, MODELS, costOf, modelInfo, type ModelInfo, type Price } from './models';
export { withAiFallback, type WithFallback } from './fallback';
export { ANTHROPIC_DEFAULT_BASE_URL, createAnthropicProvider, effectiveToolChoice, mapAnthropicError } from './anthropic';

/** The vault entry that holds the Anthropic API key. */
export const AI_KEY_NAME = 'ai:anthropic';

/** The part of a credential vault the AI layer reads (kept structural: `ai` depends on `shared` only). */
export type SecretSource = { get(key: string): Promise<string | null> };

export const DEFAULT_AI_CONFIG: AiConfig = { model: DEFAULT_MODEL, baseUrl: null, redaction: false };

export type GetAiProviderOptions = {
  vault: SecretSource;
  config: AiConfig;
  logger?: Logger;
  timeoutMs?: number;
  maxRetries?: number;
  maxRetryAfterMs?: number;
  fetch?: typeof fetch;
};

/**
 * The configured provider, or null when no key is stored: every AI feature then keeps to its deterministic
 * path (and says so), never fails for want of a key.
 */
export async function getAiProvider(o: GetAiProviderOptions): Promise<AiProvider | null> {
  const apiKey = await o.vault.get(AI_KEY_NAME);
  if (!apiKey) return null;
  return createAnthropicProvider({
    apiKey,
    model: o.config.model || DEFAULT_MODEL,
    baseUrl: o.config.baseUrl,
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.maxRetries !== undefined ? { maxRetries: o.maxRetries } : {}),
    ...(o.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: o.maxRetryAfterMs } : {}),
    ...(o.logger ? { logger: o.logger.child({ part: 'ai' }) } : {}),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
}
