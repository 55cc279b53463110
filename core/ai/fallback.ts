import { isAppError, toErrorShape, type AppErrorShape } from '../shared/errors';
import type { AiProvider } from './types';

export type WithFallback<T> =
  | { value: T; source: 'ai' }
  /** `error` is set when Claude was configured but failed; absent when no key is configured */
  | { value: T; source: 'deterministic'; error?: AppErrorShape };

/**
 * The pattern every AI feature follows (digests, reports, close summaries, chat): the AI path when a provider
 * is configured, the deterministic path when not — and also when the AI path fails (key refused, rate limit,
 * outage, timeout, a bad answer), with the reason kept for the UI. Cancellation is not a failure: it throws.
 */
export async function withAiFallback<T>(
  provider: AiProvider | null,
  ai: (provider: AiProvider) => Promise<T>,
  deterministic: () => T | Promise<T>,
): Promise<WithFallback<T>> {
  if (!provider) return { value: await deterministic(), source: 'deterministic' };
  try {
    return { value: await ai(provider), source: 'ai' };
  } catch (e) {
    if ((isAppError(e) && e.code === 'app/cancelled') || (e instanceof Error && e.name === 'AbortError')) throw e;
    return { value: await deterministic(), source: 'deterministic', error: toErrorShape(e) };
  }
}
