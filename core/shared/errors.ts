/**
 * Stable error codes: `<domain>/<what>`. Renderer and CLI branch on these, never on messages.
 * Add codes here as features arrive; keep old ones (scripts rely on them through `--json`).
 */
export const ERROR_CODES = [
  'app/internal',
  'app/cancelled',
  'app/not-found',
  'contract/unknown-channel',
  'contract/invalid-input',
  'contract/invalid-output',
  'contract/forbidden-sender',
  'settings/unknown-key',
  'settings/invalid-value',
  'jobs/not-found',
  'jobs/not-cancellable',
  'store/future-version',
  'store/corrupt',
  'store/migration-failed',
  'store/native-module',
  'host/unauthorized',
  'host/forbidden-origin',
  'host/core-crashed',
  'host/core-timeout',
  'host/core-unavailable',
  'odoo/unreachable',
  'odoo/timeout',
  'odoo/tls',
  'odoo/bad-url',
  'odoo/unknown-database',
  'odoo/auth-failed',
  'odoo/api-key-required',
  'odoo/access-denied',
  'odoo/access-error',
  'odoo/validation',
  'odoo/user-error',
  'odoo/missing-record',
  'odoo/session-expired',
  'odoo/not-found',
  'odoo/unsupported-version',
  'odoo/rate-limited',
  'odoo/conflict',
  'odoo/server-error',
  'odoo/protocol',
  'vault/unavailable',
  'vault/insecure-backend',
  'statements/invalid',
  'statements/unknown-format',
  'statements/ambiguous-dates',
  'statements/mapping-required',
  'statements/unknown-account',
  'ai/not-configured',
  'ai/unauthorized',
  'ai/rate-limited',
  'ai/unavailable',
  'ai/timeout',
  'ai/invalid-request',
  'ai/invalid-response',
  'documents/missing-fields',
  'documents/duplicate-bill',
  'documents/busy',
  'documents/worker-crashed',
  'documents/vendor-required',
  'extract/corrupt',
  'extract/encrypted',
  'extract/empty',
  'extract/too-large',
  'extract/unsupported',
  'extract/timeout',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type AppErrorShape = {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
};

/** An error with a stable code; thrown inside a process, serialised to AppErrorShape at the boundary. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toShape(): AppErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Turns anything thrown into the wire shape. Unknown errors become `app/internal` without leaking stacks. */
export function toErrorShape(e: unknown): AppErrorShape {
  if (e instanceof AppError) return e.toShape();
  if (e instanceof Error && e.name === 'AbortError') return { code: 'app/cancelled', message: 'The operation was cancelled.' };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'app/internal', message: `Internal error: ${message}` };
}
