import { cancelledError } from './http';
import type { RetryConfig } from './types';

export type RetryPolicy = Required<RetryConfig>;

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };

export function retryPolicy(cfg: RetryConfig | undefined): RetryPolicy {
  return { ...DEFAULT_RETRY, ...cfg };
}

/**
 * Exponential backoff with full jitter (uniform in [0, min(cap, base·2^(attempt-1))]): spreads retries
 * of concurrent clients instead of having them hit a recovering server in lockstep.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Waits `ms`, or rejects with `app/cancelled` as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted === true) return Promise.reject(cancelledError());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelledError());
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
