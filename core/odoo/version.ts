import { AppError } from '../shared/errors';
import { httpExchange } from './http';
import { jsonRpcPost } from './jsonrpc-transport';
import { hintOf, withHint } from './odoo-errors';
import { joinUrl, type AttemptOptions } from './transport';

export type ServerVersion = {
  serverVersion: string;
  major: number;
  minor: number;
  edition: 'community' | 'enterprise';
  /** Which route answered: older proxies block `/jsonrpc` but let the web client's routes through. */
  source: '/jsonrpc' | '/web/webclient/version_info' | '/web/version';
};

export const MIN_MAJOR = 16;
export const MAX_TESTED_MAJOR = 19;

/** `17`, `"saas~17"` → 17. SaaS builds put the series in the first element as a string. */
function leadingInt(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') {
    const m = /(\d+)/.exec(v);
    if (m?.[1] !== undefined) return Number(m[1]);
  }
  return undefined;
}

/** Reads `common.version()` / `version_info` / `/web/version` bodies; undefined when none of them fits. */
export function parseVersion(body: unknown, source: ServerVersion['source']): ServerVersion | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const info = Array.isArray(b['server_version_info']) ? b['server_version_info'] : Array.isArray(b['version_info']) ? b['version_info'] : undefined;
  const str = typeof b['server_version'] === 'string' ? b['server_version'] : typeof b['version'] === 'string' ? b['version'] : undefined;
  let major = info !== undefined ? leadingInt(info[0]) : undefined;
  let minor = info !== undefined ? leadingInt(info[1]) : undefined;
  if (major === undefined && str !== undefined) {
    // Fall back to the string only when the list is missing: "saas~18.2+e" → 18, 2.
    const m = /(\d+)\.(\d+)/.exec(str);
    if (m?.[1] !== undefined) {
      major = Number(m[1]);
      minor = Number(m[2]);
    }
  }
  if (major === undefined) return undefined;
  const enterprise = (str !== undefined && /\+e\b|-e$/.test(str)) || (info !== undefined && info[info.length - 1] === 'e');
  return { serverVersion: str ?? `${major}.${minor ?? 0}`, major, minor: minor ?? 0, edition: enterprise ? 'enterprise' : 'community', source };
}

type Probe = { baseUrl: string; fetch: typeof fetch; userAgent: string } & AttemptOptions;

/** Errors that say "nothing Odoo-like is there" rather than "the network is down": try the next route. */
function isRouteMiss(e: unknown): boolean {
  if (!(e instanceof AppError) || hintOf(e)?.transient === true || e.details?.['errno'] !== undefined) return false;
  return ['odoo/bad-url', 'odoo/not-found', 'odoo/server-error', 'odoo/access-denied', 'odoo/protocol'].includes(e.code);
}

/**
 * `/jsonrpc` common.version first (16–19), then `POST /web/webclient/version_info`, then `GET /web/version`
 * (documented for 19, where `/jsonrpc` may some day be removed).
 */
export async function detectVersion(p: Probe): Promise<ServerVersion> {
  const attempts: Array<{ source: ServerVersion['source']; run: () => Promise<unknown> }> = [
    {
      source: '/jsonrpc',
      run: async () =>
        (await jsonRpcPost({ baseUrl: p.baseUrl, path: '/jsonrpc', params: { service: 'common', method: 'version', args: [] }, fetch: p.fetch, userAgent: p.userAgent, signal: p.signal, timeoutMs: p.timeoutMs })).result,
    },
    {
      source: '/web/webclient/version_info',
      run: async () =>
        (await jsonRpcPost({ baseUrl: p.baseUrl, path: '/web/webclient/version_info', params: {}, fetch: p.fetch, userAgent: p.userAgent, signal: p.signal, timeoutMs: p.timeoutMs })).result,
    },
    {
      source: '/web/version',
      run: async () => {
        const res = await httpExchange({ url: joinUrl(p.baseUrl, '/web/version'), method: 'GET', headers: { accept: 'application/json', 'user-agent': p.userAgent }, signal: p.signal, timeoutMs: p.timeoutMs, fetch: p.fetch });
        if (res.status !== 200 || !res.isJson) throw withHint(new AppError('odoo/bad-url', 'not an Odoo version page', { httpStatus: res.status }), { transient: false, outcome: 'rolled-back' });
        return res.json;
      },
    },
  ];
  let firstMiss: unknown;
  let unparsed: unknown;
  for (const a of attempts) {
    try {
      const body = await a.run();
      const v = parseVersion(body, a.source);
      if (v !== undefined) return v;
      unparsed ??= body;
    } catch (e) {
      if (!isRouteMiss(e)) throw e;
      firstMiss ??= e;
    }
  }
  if (unparsed !== undefined) {
    throw new AppError('odoo/unsupported-version', 'The server answered like Odoo but its version could not be recognised; Smart Odoo supports Odoo 16 to 19.', { versionBody: unparsed });
  }
  throw new AppError('odoo/bad-url', `${p.baseUrl} does not look like an Odoo server; check the URL (it should be the address you open Odoo with, e.g. https://yourcompany.odoo.com).`, {
    url: p.baseUrl,
    ...(firstMiss instanceof AppError ? { httpStatus: firstMiss.details?.['httpStatus'] } : {}),
  });
}

export function assertSupported(v: ServerVersion): void {
  if (v.major < MIN_MAJOR) {
    throw new AppError('odoo/unsupported-version', `This server runs Odoo ${v.serverVersion}; Smart Odoo needs Odoo 16 or newer.`, { serverVersion: v.serverVersion, major: v.major });
  }
}
