import { AppError, type ErrorCode } from '../shared/errors';

/**
 * What one failed attempt tells the retry policy. Kept beside the AppError (not in its details) so that
 * the error the caller sees carries only what it can act on.
 *  - `not-sent`: the request never reached Odoo (refused, DNS, TLS, 429): any call may be repeated.
 *  - `rolled-back`: Odoo answered with an error, so its transaction rolled back.
 *  - `unknown`: the request may have run and committed (timeout, dropped connection, gateway 5xx).
 */
export type AttemptOutcome = 'not-sent' | 'rolled-back' | 'unknown';
export type AttemptHint = { transient: boolean; outcome: AttemptOutcome; retryAfterMs?: number };

const hints = new WeakMap<AppError, AttemptHint>();

export function withHint(error: AppError, hint: AttemptHint): AppError {
  hints.set(error, hint);
  return error;
}

export function hintOf(error: AppError): AttemptHint | undefined {
  return hints.get(error);
}

/** The body Odoo serialises for an exception: JSON-RPC `error.data`, or the whole JSON-2 error body. */
export type OdooErrorBody = {
  name?: unknown;
  message?: unknown;
  arguments?: unknown;
  debug?: unknown;
};

export type ErrorSite = { model?: string; method?: string; httpStatus?: number; protocol?: 'jsonrpc' | 'json2' };

/** `odoo.exceptions.AccessError` → `AccessError`; the module part differs between versions and builds. */
function shortName(name: string): string {
  const i = name.lastIndexOf('.');
  return i < 0 ? name : name.slice(i + 1);
}

/** First non-empty line without its closing full stop, to embed in our own sentence. */
function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim() !== '') ?? s;
  return line.trim().replace(/[.\s]+$/, '');
}

function modelLabel(site: ErrorSite, odooMessage: string): string | undefined {
  // Odoo names the model in parentheses: "… 'Journal Entry' (account.move) records."
  const m = /\(([a-z0-9_]+(?:\.[a-z0-9_]+)+)\)/.exec(odooMessage);
  return m?.[1] ?? site.model;
}

const SERIALIZATION = new Set(['SerializationFailure', 'TransactionRollbackError', 'LockNotAvailable', 'LockError', 'ConcurrencyError']);

/**
 * Maps an Odoo exception (by `data.name`, never by `error.code`, whose value is arbitrary and differs
 * between versions) to a stable code and a sentence a user understands. The Odoo name and message stay
 * in `details` for support.
 */
export function mapOdooException(body: OdooErrorBody, site: ErrorSite): AppError {
  const name = typeof body.name === 'string' ? body.name : '';
  const odooMessage = typeof body.message === 'string' ? body.message : '';
  const short = shortName(name);
  const details: Record<string, unknown> = { odooName: name || undefined, odooMessage, ...siteDetails(site) };
  const rolledBack: AttemptHint = { transient: false, outcome: 'rolled-back' };
  const mk = (code: ErrorCode, message: string, hint: AttemptHint = rolledBack) =>
    withHint(new AppError(code, message, details), hint);

  // psycopg2 "database "x" does not exist" on /jsonrpc; NotFound "Database not found" for JSON-2's X-Odoo-Database
  const business = short === 'ValidationError' || short === 'UserError';
  if ((!business && /database "?[^"]*"? does not exist|database not found/i.test(odooMessage)) || (short === 'OperationalError' && /database/i.test(odooMessage))) {
    return mk('odoo/unknown-database', 'This Odoo server has no database by that name.');
  }
  switch (short) {
    case 'AccessError': {
      const model = modelLabel(site, odooMessage);
      if (model !== undefined) details['model'] = model;
      return mk('odoo/access-error', model !== undefined
        ? `Your Odoo user is not allowed to use ${model} records; ask your Odoo administrator for access.`
        : `Your Odoo user is not allowed to do this; ask your Odoo administrator for access.`);
    }
    case 'AccessDenied':
      return mk('odoo/access-denied', 'Odoo refused the login or API key; check them, or create a new API key in Preferences → Account Security.');
    case 'ValidationError':
      return mk('odoo/validation', `Odoo rejected the change: ${firstLine(odooMessage) || 'a validation rule failed'}.`);
    case 'UserError':
    case 'RedirectWarning':
      return mk('odoo/user-error', `Odoo refused the operation: ${firstLine(odooMessage) || 'a business rule failed'}.`);
    case 'MissingError':
      return mk('odoo/missing-record', `The ${site.model !== undefined ? `${site.model} ` : ''}record no longer exists in Odoo (it was deleted, or you cannot see it).`);
    case 'SessionExpiredException':
      return mk('odoo/session-expired', 'Your Odoo session expired; sign in again.', { transient: false, outcome: 'not-sent' });
    case 'NotFound':
      return mk('odoo/not-found', site.model !== undefined
        ? `Odoo has no ${site.model}${site.method !== undefined ? `.${site.method}` : ''} here (the module may not be installed).`
        : 'Odoo answered "not found" for this address.');
    case 'Unauthorized':
      return mk('odoo/auth-failed', 'Odoo rejected the API key; check it or create a new one in Preferences → Account Security.');
    case 'UnprocessableEntity':
    case 'TypeError':
      return mk('odoo/protocol', `Odoo could not accept the call's arguments${site.method !== undefined ? ` for ${site.method}` : ''}: ${firstLine(odooMessage) || 'no details'}.`);
    case 'TooManyRequests':
      return mk('odoo/rate-limited', 'Odoo is limiting the request rate; try again in a moment.', { transient: true, outcome: 'not-sent' });
    default:
      break;
  }
  if (SERIALIZATION.has(short) || /could not serialize access|lock not available/i.test(odooMessage)) {
    // The transaction rolled back, so repeating it is safe even for a create.
    return mk('odoo/conflict', 'Another change to the same records was being saved in Odoo at the same time.', { transient: true, outcome: 'rolled-back' });
  }
  // Status only when the body did not name a known exception (JSON-2 without a recognised name).
  if (site.httpStatus !== undefined && site.httpStatus !== 200 && site.httpStatus !== 500) {
    const byStatus = mapHttpStatus(site.httpStatus, site, details);
    if (byStatus !== undefined) return byStatus;
  }
  return mk('odoo/server-error', `Odoo failed with an internal error${short ? ` (${short})` : ''}: ${firstLine(odooMessage) || 'no message'}.`);
}

function siteDetails(site: ErrorSite): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  if (site.model !== undefined) d['model'] = site.model;
  if (site.method !== undefined) d['method'] = site.method;
  if (site.httpStatus !== undefined) d['httpStatus'] = site.httpStatus;
  return d;
}

/** For HTTP answers with no usable Odoo error body (proxies, gateways, JSON-2 statuses). */
export function mapHttpStatus(status: number, site: ErrorSite, extra: Record<string, unknown> = {}, retryAfterMs?: number): AppError | undefined {
  const details = { ...extra, ...siteDetails(site), httpStatus: status };
  const mk = (code: ErrorCode, message: string, hint: AttemptHint) => withHint(new AppError(code, message, details), hint);
  switch (status) {
    case 401:
      return mk('odoo/auth-failed', 'Odoo rejected the API key; check it or create a new one in Preferences → Account Security.', { transient: false, outcome: 'not-sent' });
    case 403:
      return mk('odoo/access-error', `Your Odoo user is not allowed to do this${site.model !== undefined ? ` on ${site.model}` : ''}; ask your Odoo administrator for access.`, { transient: false, outcome: 'rolled-back' });
    case 404:
      return mk('odoo/not-found', 'Odoo answered "not found" for this address.', { transient: false, outcome: 'rolled-back' });
    case 409:
      return mk('odoo/conflict', 'Another change to the same records was being saved in Odoo at the same time.', { transient: true, outcome: 'rolled-back' });
    case 422:
      return mk('odoo/protocol', 'Odoo could not accept the call\'s arguments.', { transient: false, outcome: 'rolled-back' });
    case 429:
      return mk('odoo/rate-limited', 'Odoo is limiting the request rate; try again in a moment.', {
        transient: true,
        outcome: 'not-sent',
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
    case 502:
    case 503:
    case 504:
      return mk('odoo/server-error', `The Odoo server is temporarily unavailable (HTTP ${status}).`, {
        transient: true,
        outcome: 'unknown',
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
    default:
      if (status >= 500) return mk('odoo/server-error', `The Odoo server failed (HTTP ${status}).`, { transient: false, outcome: 'unknown' });
      return undefined;
  }
}

/** True when the error says a non-idempotent call may have been applied: the outbox must re-read before retrying. */
export function isMaybeCommitted(e: unknown): boolean {
  return e instanceof AppError && e.details?.['maybeCommitted'] === true;
}
