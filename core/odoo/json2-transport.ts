import { AppError } from '../shared/errors';
import { httpExchange } from './http';
import { mapHttpStatus, mapOdooException, withHint } from './odoo-errors';
import { joinUrl, type AttemptOptions, type CallSpec, type Transport, type TransportConfig } from './transport';

/**
 * Odoo 19+ external API: `POST /json/2/<model>/<method>`, bearer API key, named parameters only, bare JSON
 * results, errors as HTTP statuses with `{name, message, …}` bodies.
 */
export function createJson2Transport(cfg: TransportConfig): Transport {
  const post = async (model: string, method: string, body: Record<string, unknown>, opts: AttemptOptions): Promise<unknown> => {
    const url = joinUrl(cfg.baseUrl, `/json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `bearer ${cfg.secret}`,
      'user-agent': cfg.userAgent,
    };
    if (cfg.db !== undefined && cfg.db !== '') headers['x-odoo-database'] = cfg.db;
    const res = await httpExchange({ url, method: 'POST', headers, body: JSON.stringify(body), signal: opts.signal, timeoutMs: opts.timeoutMs, fetch: cfg.fetch });
    const site = { model, method, httpStatus: res.status, protocol: 'json2' as const };
    if (res.status === 200) {
      if (res.isJson) return res.json;
      throw withHint(
        new AppError('odoo/bad-url', `${cfg.baseUrl} did not answer like an Odoo 19 server (not JSON); check the Odoo URL.`, { url, httpStatus: res.status }),
        { transient: false, outcome: 'unknown' },
      );
    }
    const errBody = res.isJson && res.json !== null && typeof res.json === 'object' ? (res.json as Record<string, unknown>) : undefined;
    // Gateways answer 429/502/503/504 themselves; their bodies say nothing about Odoo's transaction.
    if (res.status === 429 || res.status === 502 || res.status === 503 || res.status === 504 || errBody === undefined || typeof errBody['name'] !== 'string') {
      const mapped = mapHttpStatus(res.status, site, { url }, res.retryAfterMs);
      if (mapped !== undefined) throw mapped;
      throw withHint(new AppError('odoo/protocol', `Odoo answered HTTP ${res.status} without an error description.`, { url, httpStatus: res.status }), {
        transient: false,
        outcome: 'rolled-back',
      });
    }
    throw mapOdooException(errBody, site);
  };

  return {
    protocol: 'json2',
    async authenticate(opts) {
      try {
        const ctx = await post('res.users', 'context_get', {}, opts);
        const uid = ctx !== null && typeof ctx === 'object' ? (ctx as { uid?: unknown }).uid : undefined;
        return typeof uid === 'number' && uid > 0 ? uid : false;
      } catch (e) {
        if (e instanceof AppError && e.code === 'odoo/auth-failed') return false;
        throw e;
      }
    },
    async execute(spec: CallSpec, _uid: number, opts) {
      const body: Record<string, unknown> = {};
      if (spec.ids !== undefined) body['ids'] = spec.ids;
      for (const [name, value] of spec.params) if (value !== undefined) body[name] = value;
      if (spec.rawKwargs !== undefined) Object.assign(body, spec.rawKwargs);
      const ctx = { ...spec.context, ...(body['context'] as Record<string, unknown> | undefined) };
      if (Object.keys(ctx).length > 0) body['context'] = ctx;
      return post(spec.model, spec.method, body, opts);
    },
  };
}
