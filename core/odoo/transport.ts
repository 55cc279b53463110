import type { OdooContext, OdooProtocol } from './types';

/**
 * One ORM call in a protocol-neutral form. Parameters are named and ordered as in the Python signature,
 * so JSON-2 can send them by name and JSON-RPC can send the first `positional` ones positionally (which
 * some methods need: `create` only reads `args[0]`).
 */
export type CallSpec = {
  model: string;
  method: string;
  /** Record methods only; JSON-RPC sends them as `args[0]`, JSON-2 as `ids`. */
  ids?: number[];
  params: Array<[name: string, value: unknown]>;
  positional: number;
  context: OdooContext;
  /** Positional args that could not be named (generic `call` on JSON-RPC); overrides `params`. */
  rawArgs?: unknown[];
  rawKwargs?: Record<string, unknown>;
};

export type AttemptOptions = { signal: AbortSignal | undefined; timeoutMs: number };

/** The wire, one attempt at a time: retries, concurrency and mapping live in the client. */
export type Transport = {
  readonly protocol: OdooProtocol;
  /** Resolves the uid for the configured credentials; `false` when the server says they are wrong. */
  authenticate(opts: AttemptOptions): Promise<number | false>;
  execute(spec: CallSpec, uid: number, opts: AttemptOptions): Promise<unknown>;
};

export type TransportConfig = {
  baseUrl: string;
  db: string | undefined;
  login: string;
  secret: string;
  fetch: typeof fetch;
  userAgent: string;
};

export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}
