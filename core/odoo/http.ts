import { AppError, type ErrorCode } from '../shared/errors';
import { withHint, type AttemptHint } from './odoo-errors';

export type HttpRequest = {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  fetch: typeof fetch;
};

export type HttpResponse = {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body when it is JSON, else undefined. */
  json: unknown;
  isJson: boolean;
  /** Milliseconds from Retry-After, when present and parseable. */
  retryAfterMs: number | undefined;
};

export function cancelledError(): AppError {
  return withHint(new AppError('app/cancelled', 'The operation was cancelled.'), { transient: false, outcome: 'unknown' });
}

const TLS_CODES = /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_|HOSTNAME_MISMATCH|EPROTO$)/;

function causeCode(e: unknown): string | undefined {
  // undici wraps socket errors: TypeError('fetch failed', { cause: Error & { code } }), sometimes twice.
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur !== null && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turns a thrown fetch/socket error into an AppError that says whether the request may have been processed. */
export function classifyNetworkError(e: unknown, url: string): AppError {
  const code = causeCode(e);
  const host = safeHost(url);
  const details: Record<string, unknown> = { url, ...(code !== undefined ? { errno: code } : {}) };
  const mk = (c: ErrorCode, message: string, hint: AttemptHint) => withHint(new AppError(c, message, details, { cause: e }), hint);
  if (code !== undefined && TLS_CODES.test(code)) {
    return mk('odoo/tls', `The secure connection to ${host} failed (${code}); check the URL, or ask your administrator about the server's certificate.`, { transient: false, outcome: 'not-sent' });
  }
  switch (code) {
    case 'ENOTFOUND':
      return mk('odoo/bad-url', `The server name ${host} could not be found; check the Odoo URL.`, { transient: false, outcome: 'not-sent' });
    case 'EAI_AGAIN':
      return mk('odoo/unreachable', `The server name ${host} could not be resolved right now; check your network connection.`, { transient: true, outcome: 'not-sent' });
    case 'ECONNREFUSED':
      return mk('odoo/unreachable', `Nothing answers at ${host}; check the Odoo URL and port, or whether the server is running.`, { transient: true, outcome: 'not-sent' });
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
      return mk('odoo/unreachable', `${host} cannot be reached from this computer; check your network connection.`, { transient: true, outcome: 'not-sent' });
    case 'UND_ERR_CONNECT_TIMEOUT':
      return mk('odoo/timeout', `Connecting to ${host} timed out; check your network connection.`, { transient: true, outcome: 'not-sent' });
    case 'ERR_INVALID_URL':
      return mk('odoo/bad-url', `"${url}" is not a valid URL; it should look like https://yourcompany.odoo.com.`, { transient: false, outcome: 'not-sent' });
    default:
      // ECONNRESET, EPIPE, UND_ERR_SOCKET ("other side closed"), "terminated" while reading the body…:
      // the request may have been processed.
      return mk('odoo/unreachable', `The connection to ${host} was interrupted.`, { transient: true, outcome: 'unknown' });
  }
}

const isAborted = (s: AbortSignal | undefined): boolean => s?.aborted === true;

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function parseRetryAfter(v: string | null): number | undefined {
  if (v === null || v.trim() === '') return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * One HTTP exchange with a deadline covering headers and body. A caller abort becomes `app/cancelled`,
 * the deadline `odoo/timeout` (outcome unknown: Odoo may still commit after we stop waiting).
 */
export async function httpExchange(req: HttpRequest): Promise<HttpResponse> {
  if (req.signal?.aborted === true) throw cancelledError();
  const ctrl = new AbortController();
  let timedOut = false;
  const onAbort = () => ctrl.abort();
  req.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    ctrl.abort();
  }, req.timeoutMs);
  try {
    const init: RequestInit = { method: req.method, headers: req.headers, signal: ctrl.signal, redirect: 'follow' };
    if (req.body !== undefined) init.body = req.body;
    const res = await req.fetch(req.url, init);
    const text = await res.text();
    const ctype = res.headers.get('content-type') ?? '';
    let json: unknown;
    let isJson = false;
    if (/json/i.test(ctype) || /^\s*[[{]/.test(text)) {
      try {
        json = text === '' ? null : JSON.parse(text);
        isJson = true;
      } catch {
        isJson = false;
      }
    }
    return { status: res.status, headers: res.headers, text, json, isJson, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) };
  } catch (e) {
    // re-read: TypeScript narrowed `aborted` to false at the top, but the caller may have aborted since
    if (isAborted(req.signal)) throw cancelledError();
    if (timedOut) {
      throw withHint(
        new AppError('odoo/timeout', `Odoo did not answer within ${req.timeoutMs < 1000 ? `${req.timeoutMs} ms` : `${Math.round(req.timeoutMs / 1000)} s`}.`, { url: req.url, timeoutMs: req.timeoutMs }),
        { transient: true, outcome: 'unknown' },
      );
    }
    throw classifyNetworkError(e, req.url);
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
}
