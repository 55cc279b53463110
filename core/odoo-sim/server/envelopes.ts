import { OdooServerError } from '../types';
import type { OdooVersion } from '../types';

/**
 * Odoo's error bodies, byte-for-byte where it matters to clients: `serialize_exception` gives
 * {name, message, arguments, context, debug}; JSON-RPC wraps it in {code, message, data}; JSON-2 sends it bare
 * with an HTTP status chosen from the exception class.
 */

export type OdooErrorData = {
  name: string;
  message: string;
  arguments: unknown[];
  context: Record<string, unknown>;
  debug: string;
};

/**
 * An error raised by the wire layer itself, for Python exception names the engine's `OdooExceptionName` does
 * not list (builtins.NameError, psycopg2.OperationalError, werkzeug.exceptions.BadRequest, …).
 */
export class WireError extends Error {
  readonly odooName: string;
  readonly args: unknown[];

  constructor(odooName: string, message: string, args?: unknown[]) {
    super(message);
    this.name = 'WireError';
    this.odooName = odooName;
    this.args = args ?? [message];
  }
}

/** `instanceof` plus a structural check: a second copy of types.ts (another bundle) must still be recognised. */
function asOdooError(e: unknown): { odooName: string; message: string; args: unknown[] } | undefined {
  if (e instanceof OdooServerError || e instanceof WireError) return e;
  if (e instanceof Error) {
    const { odooName, args } = e as Error & { odooName?: unknown; args?: unknown };
    if (typeof odooName === 'string') return { odooName, message: e.message, args: Array.isArray(args) ? args : [e.message] };
  }
  return undefined;
}

/** Python-looking frames: clients only show or log `debug`, but an empty one would look like a fake. */
const FRAMES = [
  '  File "/usr/lib/python3/dist-packages/odoo/http.py", line 1788, in _serve_db',
  '    return service_model.retrying(self._serve_ir_http, self.env)',
  '  File "/usr/lib/python3/dist-packages/odoo/service/model.py", line 133, in retrying',
  '    result = func()',
  '  File "/usr/lib/python3/dist-packages/odoo/http.py", line 1815, in _serve_ir_http',
  '    response = self.dispatcher.dispatch(rule.endpoint, args)',
].join('\n');

function traceback(name: string, message: string): string {
  return `Traceback (most recent call last):\n${FRAMES}\n${name}: ${message}\n`;
}

/**
 * Turns anything thrown into Odoo's `data` dict. Errors that are not Odoo-shaped are simulator bugs: they become
 * a generic server error whose debug carries the JS stack, so the test that hit it can see where.
 */
export function errorData(e: unknown): OdooErrorData {
  const odoo = asOdooError(e);
  if (odoo) {
    // Odoo strips AccessDenied's traceback so credential probing learns nothing from `debug`
    const debug = odoo.odooName === 'odoo.exceptions.AccessDenied' ? `${odoo.odooName}: ${odoo.message}\n` : traceback(odoo.odooName, odoo.message);
    return { name: odoo.odooName, message: odoo.message, arguments: odoo.args, context: {}, debug };
  }
  const message = e instanceof Error ? e.message : String(e);
  const stack = e instanceof Error && e.stack ? `\n[simulator] ${e.stack}\n` : '';
  return { name: 'builtins.Exception', message, arguments: [message], context: {}, debug: traceback('Exception', message) + stack };
}

export type JsonRpcId = string | number | null;

/** `result` only when not null/undefined: Odoo's `_response` drops the key for None. */
export function rpcResult(id: JsonRpcId, result: unknown): Record<string, unknown> {
  const body: Record<string, unknown> = { jsonrpc: '2.0', id };
  if (result !== null && result !== undefined) body.result = result;
  return body;
}

/** The JSON-RPC error code: 200 in 16–18 ("totally arbitrary"), 0 in 19; 100 and 404 are the two special cases. */
export function rpcError(id: JsonRpcId, e: unknown, version: OdooVersion): Record<string, unknown> {
  const data = errorData(e);
  let code = version >= 19 ? 0 : 200;
  let message = 'Odoo Server Error';
  if (data.name === 'werkzeug.exceptions.NotFound') {
    code = 404;
    message = '404: Not Found';
  } else if (data.name === 'odoo.http.SessionExpiredException') {
    code = 100;
    message = 'Odoo Session Expired';
  }
  return { jsonrpc: '2.0', id, error: { code, message, data } };
}

export function sessionExpired(): WireError {
  return new WireError('odoo.http.SessionExpiredException', 'Session expired');
}

export function notFound(): WireError {
  return new WireError(
    'werkzeug.exceptions.NotFound',
    '404 Not Found: The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  );
}

/** JSON-2 maps the exception class to the HTTP status (UserError.http_status = 422, …). */
export function json2Status(name: string): number {
  switch (name) {
    case 'werkzeug.exceptions.Unauthorized':
      return 401;
    case 'odoo.exceptions.AccessError':
    case 'odoo.exceptions.AccessDenied':
      return 403;
    case 'werkzeug.exceptions.NotFound':
    case 'odoo.exceptions.MissingError':
      return 404;
    case 'odoo.exceptions.LockError':
      return 409;
    case 'werkzeug.exceptions.UnprocessableEntity':
    case 'odoo.exceptions.UserError':
    case 'odoo.exceptions.ValidationError':
    case 'odoo.exceptions.RedirectWarning':
      return 422;
    case 'werkzeug.exceptions.BadRequest':
      return 400;
    default:
      return 500;
  }
}
