import { AppError } from '../shared/errors';
import { httpExchange, type HttpResponse } from './http';
import { mapHttpStatus, mapOdooException, withHint, type ErrorSite } from './odoo-errors';
import { joinUrl, type AttemptOptions, type CallSpec, type Transport, type TransportConfig } from './transport';

let nextId = 1;

export type JsonRpcPost = {
  baseUrl: string;
  path: string;
  params: Record<string, unknown>;
  fetch: typeof fetch;
  userAgent: string;
  site?: ErrorSite;
  headers?: Record<string, string>;
} & AttemptOptions;

/** Response to a JSON-RPC POST with the HTTP details the caller may need (cookies). */
export type JsonRpcResult = { result: unknown; response: HttpResponse };

/**
 * POST a JSON-RPC 2.0 envelope to any Odoo JSON route (`/jsonrpc`, `/web/...`). Odoo answers errors with
 * HTTP 200 and an `error` member; anything else that is not a JSON-RPC body means the URL is not Odoo
 * (an HTML page, a 404) or a gateway problem.
 */
export async function jsonRpcPost(req: JsonRpcPost): Promise<JsonRpcResult> {
  const id = nextId++;
  const res = await httpExchange({
    url: joinUrl(req.baseUrl, req.path),
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': req.userAgent, ...req.headers },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: req.params, id }),
    signal: req.signal,
    timeoutMs: req.timeoutMs,
    fetch: req.fetch,
  });
  const site: ErrorSite = { ...req.site, protocol: 'jsonrpc', httpStatus: res.status };
  const body = res.json;
  if (res.isJson && body !== null && typeof body === 'object' && (body as { jsonrpc?: unknown }).jsonrpc === '2.0') {
    const env = body as { error?: { message?: unknown; data?: Record<string, unknown> }; result?: unknown };
    if (env.error !== undefined && env.error !== null) {
      const data = env.error.data ?? {};
      // `data.message` is the exception text; old builds without `data` still have `error.message`.
      throw mapOdooException(
        { name: data['name'], message: data['message'] ?? env.error.message, arguments: data['arguments'], debug: data['debug'] },
        { ...site, httpStatus: undefined },
      );
    }
    // A method returning None has no `result` member at all.
    return { result: env.result === undefined ? null : env.result, response: res };
  }
  const byStatus = mapHttpStatus(res.status, site, { url: joinUrl(req.baseUrl, req.path) }, res.retryAfterMs);
  if (byStatus !== undefined && (res.status === 429 || res.status >= 500)) throw byStatus;
  throw withHint(
    new AppError(
      'odoo/bad-url',
      `${joinUrl(req.baseUrl, req.path)} did not answer like an Odoo server (HTTP ${res.status}${res.isJson ? '' : ', not JSON'}); check the Odoo URL.`,
      { url: joinUrl(req.baseUrl, req.path), httpStatus: res.status, bodyStart: res.text.slice(0, 120) },
    ),
    { transient: false, outcome: 'rolled-back' },
  );
}

/**
 * The `args`/`kwargs` pair of execute_kw and call_kw: ids first for record methods, then the leading
 * parameters positionally until the first one left out, the rest by keyword, and the context in kwargs.
 */
export function positionalForm(spec: CallSpec): { args: unknown[]; kwargs: Record<string, unknown> } {
  let args: unknown[];
  let kwargs: Record<string, unknown>;
  if (spec.rawArgs !== undefined) {
    args = spec.rawArgs;
    kwargs = { ...spec.rawKwargs };
  } else {
    args = spec.ids !== undefined ? [spec.ids] : [];
    kwargs = {};
    let positional = true;
    spec.params.forEach(([name, value], i) => {
      if (value === undefined) {
        positional = false;
        return;
      }
      if (positional && i < spec.positional) args.push(value);
      else kwargs[name] = value;
    });
  }
  if (Object.keys(spec.context).length > 0 || kwargs['context'] !== undefined) {
    kwargs['context'] = { ...spec.context, ...(kwargs['context'] as Record<string, unknown> | undefined) };
  }
  return { args, kwargs };
}

/** Legacy external API: `POST /jsonrpc` with services common/object/db; credentials checked on every call. */
export function createJsonRpcTransport(cfg: TransportConfig): Transport & {
  rpc(service: string, method: string, args: unknown[], opts: AttemptOptions, site?: ErrorSite): Promise<unknown>;
} {
  const rpc = async (service: string, method: string, args: unknown[], opts: AttemptOptions, site?: ErrorSite) => {
    const { result } = await jsonRpcPost({
      baseUrl: cfg.baseUrl,
      path: '/jsonrpc',
      params: { service, method, args },
      fetch: cfg.fetch,
      userAgent: cfg.userAgent,
      ...(site !== undefined ? { site } : {}),
      ...opts,
    });
    return result;
  };
  return {
    protocol: 'jsonrpc',
    rpc,
    async authenticate(opts) {
      const uid = await rpc('common', 'authenticate', [cfg.db ?? '', cfg.login, cfg.secret, {}], opts, { method: 'authenticate' });
      return typeof uid === 'number' && uid > 0 ? uid : false;
    },
    async execute(spec: CallSpec, uid: number, opts) {
      const { args, kwargs } = positionalForm(spec);
      return rpc('object', 'execute_kw', [cfg.db ?? '', uid, cfg.secret, spec.model, spec.method, args, kwargs], opts, {
        model: spec.model,
        method: spec.method,
      });
    },
  };
}
