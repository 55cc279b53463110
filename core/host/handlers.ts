import type { CallName, CallOutput, ParsedInput } from '../contract';

/** Who is calling; hosts fill it in. Handlers use it for audit and cancellation, never for security checks. */
export type CallContext = {
  host: 'electron' | 'node' | 'cli' | 'test';
  signal?: AbortSignal;
};

/**
 * The handler map typed against the contract: a missing or mistyped handler is a compile error
 * (Actual Budget's `Handlers` pattern).
 */
export type Handlers = {
  [K in CallName]: (input: ParsedInput<K>, ctx: CallContext) => Promise<CallOutput<K>> | CallOutput<K>;
};
