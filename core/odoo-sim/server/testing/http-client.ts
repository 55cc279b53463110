/** Raw HTTP helpers for the simulator tests: they look at status, headers and bodies exactly as sent. */

export type RawResponse = { status: number; headers: Headers; text: string; json: unknown };

export async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

let nextId = 1;

/** A JSON-RPC call; returns the parsed envelope and the raw response. */
export async function rpc(
  base: string,
  path: string,
  params: unknown,
  opts: { cookie?: string; id?: number | string | null } = {},
): Promise<RawResponse & { body: Record<string, unknown> }> {
  const id = opts.id === undefined ? nextId++ : opts.id;
  const r = await post(base + path, JSON.stringify({ jsonrpc: '2.0', method: 'call', params, id }), opts.cookie ? { cookie: opts.cookie } : {});
  return { ...r, body: r.json as Record<string, unknown> };
}

export const executeKw = (base: string, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}, creds: [string, number, string] = ['demo', 2, 'admin']) =>
  rpc(base, '/jsonrpc', { service: 'object', method: 'execute_kw', args: [...creds, model, method, args, kwargs] });

/** Logs in through /web/session/authenticate and returns the `session_id=…` cookie pair. */
export async function sessionLogin(base: string, login = 'admin', password = 'admin'): Promise<string> {
  const r = await rpc(base, '/web/session/authenticate', { db: 'demo', login, password });
  const cookie = r.headers.get('set-cookie');
  if (!cookie) throw new Error(`no session cookie: ${r.text}`);
  return cookie.split(';')[0] ?? '';
}

export function errorOf(body: Record<string, unknown>): { code: number; message: string; data: Record<string, unknown> } {
  const e = body.error as { code: number; message: string; data: Record<string, unknown> } | undefined;
  if (!e) throw new Error(`expected an error envelope, got ${JSON.stringify(body)}`);
  return e;
}
