/**
 * A small scriptable Odoo for the client's unit tests: real HTTP on 127.0.0.1, the JSON-RPC and JSON-2
 * envelopes of the spec, an in-memory res.partner table, and an `intercept` hook so a test can answer any
 * request itself (errors, gateway pages, dropped sockets, hangs). The full simulator lives in core/odoo-sim.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeRequest = { method: string; path: string; headers: Record<string, string | undefined>; body: unknown };
export type FakeAnswer =
  | { status?: number; json?: unknown; text?: string; headers?: Record<string, string> }
  | 'drop'
  | 'hang'
  /** let the default behaviour answer */
  | undefined;

export type FakeOdooOptions = { version: 16 | 17 | 18 | 19; db?: string; partners?: number; totpLogin?: string };

type Row = Record<string, unknown> & { id: number };

export type FakeOdoo = {
  url: string;
  requests: FakeRequest[];
  /** ORM calls as (model, method) in arrival order */
  calls: Array<{ model: string; method: string; args: unknown[]; kwargs: Record<string, unknown>; ids?: number[] }>;
  partners: Map<number, Row>;
  intercept(fn: ((req: FakeRequest) => FakeAnswer | Promise<FakeAnswer>) | undefined): void;
  /** highest number of requests being handled at once */
  maxInFlight(): number;
  close(): Promise<void>;
};

export const FAKE_LOGIN = 'admin';
export const FAKE_PASSWORD = 'admin-pw';
export const FAKE_API_KEY = 'key-0123456789abcdef';

export function odooError(name: string, message: string): Record<string, unknown> {
  return { name, message, arguments: [message], context: {}, debug: `Traceback (most recent call last):\n${name}: ${message}\n` };
}

export function rpcErrorBody(id: unknown, name: string, message: string, version = 17): Record<string, unknown> {
  return { jsonrpc: '2.0', id, error: { code: version >= 19 ? 0 : 200, message: 'Odoo Server Error', data: odooError(name, message) } };
}

class FakeOdooError extends Error {
  constructor(readonly odooName: string, message: string, readonly status = 500) {
    super(message);
  }
}

const inDomain = (row: Row, domain: unknown[]): boolean =>
  domain.every((t) => {
    if (!Array.isArray(t)) return true; // the fake only understands implicit AND
    const [f, op, v] = t as [string, string, unknown];
    const x = row[f];
    switch (op) {
      case '=':
        return x === v || (v === false && (x === undefined || x === false));
      case '!=':
        return x !== v;
      case '>':
        return (x as number) > (v as number);
      case '<':
        return (x as number) < (v as number);
      case 'in':
        return Array.isArray(v) && v.includes(x);
      case 'ilike':
        return String(x).toLowerCase().includes(String(v).toLowerCase());
      default:
        return true;
    }
  });

export async function startFakeOdoo(opts: FakeOdooOptions): Promise<FakeOdoo> {
  const db = opts.db ?? 'demo';
  const v = opts.version;
  const requests: FakeRequest[] = [];
  const calls: FakeOdoo['calls'] = [];
  const partners = new Map<number, Row>();
  let nextId = 1;
  for (let i = 0; i < (opts.partners ?? 25); i++) {
    const id = nextId++;
    const row: Row = { id, name: `Partner ${id}`, email: id % 3 === 0 ? false : `p${id}@example.test`, is_company: id % 2 === 0, country_id: [21, 'Belgium'] };
    if (v <= 18) row['mobile'] = `+32 470 00 ${String(id).padStart(2, '0')}`;
    partners.set(id, row);
  }
  let interceptor: ((req: FakeRequest) => FakeAnswer | Promise<FakeAnswer>) | undefined;
  let inFlight = 0;
  let maxInFlight = 0;
  let nextMsg = 1000;

  const fieldsGet = (): Record<string, unknown> => {
    const f: Record<string, unknown> = {
      id: { type: 'integer', string: 'ID' },
      name: { type: 'char', string: 'Name' },
      email: { type: 'char', string: 'Email' },
      is_company: { type: 'boolean', string: 'Is a Company' },
      country_id: { type: 'many2one', string: 'Country', relation: 'res.country' },
    };
    if (v <= 18) f['mobile'] = { type: 'char', string: 'Mobile' };
    return f;
  };

  const project = (r: Row, fields: unknown): Row => {
    if (!Array.isArray(fields) || fields.length === 0) return { ...r };
    const out: Row = { id: r.id };
    for (const f of fields as string[]) {
      if (!(f in fieldsGet())) throw new FakeOdooError('builtins.ValueError', `Invalid field '${f}' on model 'res.partner'`);
      out[f] = r[f] ?? false;
    }
    return out;
  };

  /** The ORM, with named params (both protocols are normalised to this before). */
  const orm = (model: string, method: string, ids: number[] | undefined, p: Record<string, unknown>, style: 'rpc' | 'json2'): unknown => {
    if (model !== 'res.partner' && model !== 'res.users') throw new FakeOdooError('werkzeug.exceptions.NotFound', `Model ${model} not found`, 404);
    if (model === 'res.users') {
      if (method === 'context_get') return { lang: 'en_US', tz: 'Europe/Brussels', uid: 2 };
      if (method === 'read') return [{ id: 2, name: 'Mitchell Admin', company_ids: [1, 2], company_id: [1, 'YourCompany'] }];
      throw new FakeOdooError('werkzeug.exceptions.NotFound', 'no such method', 404);
    }
    const all = [...partners.values()].sort((a, b) => a.id - b.id);
    switch (method) {
      case 'fields_get':
        return fieldsGet();
      case 'search_read': {
        const rows = all.filter((r) => inDomain(r, (p['domain'] as unknown[]) ?? []));
        const off = (p['offset'] as number | undefined) ?? 0;
        const lim = (p['limit'] as number | undefined) ?? rows.length;
        return rows.slice(off, off + lim).map((r) => project(r, p['fields']));
      }
      case 'search_count':
        return all.filter((r) => inDomain(r, (p['domain'] as unknown[]) ?? [])).length;
      case 'read':
        return (ids ?? []).map((id) => {
          const r = partners.get(id);
          if (r === undefined) throw new FakeOdooError('odoo.exceptions.MissingError', 'Record does not exist or has been deleted.', 404);
          return project(r, p['fields']);
        });
      case 'create': {
        const vl = p['vals_list'];
        const list = (Array.isArray(vl) ? vl : [vl]) as Array<Record<string, unknown>>;
        const created = list.map((vals) => {
          if (typeof vals['name'] !== 'string' || vals['name'] === '') throw new FakeOdooError('odoo.exceptions.ValidationError', 'The operation cannot be completed: Contacts require a name', 422);
          const id = nextId++;
          partners.set(id, { id, email: false, is_company: false, country_id: false, ...vals });
          return id;
        });
        return style === 'rpc' && !Array.isArray(vl) ? created[0] : created;
      }
      case 'write':
        for (const id of ids ?? []) {
          const r = partners.get(id);
          if (r === undefined) throw new FakeOdooError('odoo.exceptions.MissingError', 'Record does not exist or has been deleted.', 404);
          Object.assign(r, p['vals']);
        }
        return true;
      case 'unlink':
        for (const id of ids ?? []) partners.delete(id);
        return true;
      case 'name_search': {
        const term = String(p['name'] ?? '');
        return all.filter((r) => String(r['name']).toLowerCase().includes(term.toLowerCase())).slice(0, (p['limit'] as number) ?? 100).map((r) => [r.id, r['name']]);
      }
      case 'message_post': {
        const id = nextMsg++;
        return v >= 19 ? [id] : id;
      }
      case 'read_group': {
        const by = ((p['groupby'] as string[]) ?? [])[0] ?? 'is_company';
        const groups = new Map<unknown, Row[]>();
        for (const r of all) groups.set(r[by], [...(groups.get(r[by]) ?? []), r]);
        return [...groups].map(([k, rows]) => ({ [by]: k, __count: rows.length, id: rows.reduce((s, r) => s + r.id, 0), __domain: [[by, '=', k]] }));
      }
      case 'formatted_read_group': {
        if (v < 19) throw new FakeOdooError('werkzeug.exceptions.NotFound', 'no formatted_read_group before 19', 404);
        const by = ((p['groupby'] as string[]) ?? [])[0] ?? 'is_company';
        const groups = new Map<unknown, Row[]>();
        for (const r of all) groups.set(r[by], [...(groups.get(r[by]) ?? []), r]);
        return [...groups].map(([k, rows]) => ({ [by]: k, __count: rows.length, 'id:sum': rows.reduce((s, r) => s + r.id, 0), __extra_domain: [[by, '=', k]] }));
      }
      default:
        throw new FakeOdooError('builtins.AttributeError', `type object 'res.partner' has no attribute '${method}'`);
    }
  };

  /** JSON-RPC positional → named, for the methods the fake knows. */
  const named = (method: string, args: unknown[], kwargs: Record<string, unknown>): { ids?: number[]; p: Record<string, unknown> } => {
    const order: Record<string, { record: boolean; names: string[] }> = {
      search_read: { record: false, names: ['domain', 'fields', 'offset', 'limit', 'order'] },
      search_count: { record: false, names: ['domain', 'limit'] },
      read: { record: true, names: ['fields', 'load'] },
      write: { record: true, names: ['vals'] },
      create: { record: false, names: ['vals_list'] },
      unlink: { record: true, names: [] },
      fields_get: { record: false, names: ['allfields', 'attributes'] },
      name_search: { record: false, names: ['name', v >= 18 ? 'domain' : 'args', 'operator', 'limit'] },
      read_group: { record: false, names: ['domain', 'fields', 'groupby'] },
      message_post: { record: true, names: [] },
    };
    const sig = order[method] ?? { record: false, names: [] };
    const rest = sig.record ? args.slice(1) : args;
    const p: Record<string, unknown> = { ...kwargs };
    rest.forEach((a, i) => {
      const n = sig.names[i];
      if (n !== undefined) p[n] = a;
    });
    if (method === 'create' && args.length === 0) throw new FakeOdooError('builtins.IndexError', 'tuple index out of range');
    return sig.record ? { ids: args[0] as number[], p } : { p };
  };

  const versionInfo = { server_version: `${v}.0`, server_version_info: [v, 0, 0, 'final', 0, ''], server_serie: `${v}.0`, protocol_version: 1 };

  const authenticate = (d: unknown, login: unknown, secret: unknown, interactive: boolean): number | false => {
    if (d !== db) throw new FakeOdooError('psycopg2.OperationalError', `FATAL:  database "${String(d)}" does not exist`);
    if (login !== FAKE_LOGIN && login !== opts.totpLogin) return false;
    if (login === opts.totpLogin && !interactive && secret === FAKE_PASSWORD) return false;
    if (secret === FAKE_PASSWORD) return 2;
    return !interactive && secret === FAKE_API_KEY ? 2 : false;
  };

  const answerDefault = (req: FakeRequest): FakeAnswer => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const id = body['id'] ?? null;
    const params = (body['params'] ?? {}) as Record<string, unknown>;
    const rpcOk = (result: unknown) => ({ json: result === null || result === undefined ? { jsonrpc: '2.0', id } : { jsonrpc: '2.0', id, result } });
    const rpcFail = (e: unknown) =>
      e instanceof FakeOdooError ? { json: rpcErrorBody(id, e.odooName, e.message, v) } : { json: rpcErrorBody(id, 'builtins.Exception', String(e), v) };
    try {
      if (req.path === '/web/version' && req.method === 'GET') return { json: { version_info: versionInfo.server_version_info, version: versionInfo.server_version } };
      if (req.path === '/web/webclient/version_info') return rpcOk(versionInfo);
      if (req.path === '/web/session/authenticate') {
        const uid = params['login'] === opts.totpLogin && params['password'] === FAKE_PASSWORD ? null : authenticate(params['db'], params['login'], params['password'], true);
        if (uid === false) throw new FakeOdooError('odoo.exceptions.AccessDenied', 'Access Denied');
        return rpcOk({ uid });
      }
      if (req.path === '/jsonrpc') {
        const args = (params['args'] ?? []) as unknown[];
        if (params['service'] === 'common' && params['method'] === 'version') return rpcOk(versionInfo);
        if (params['service'] === 'common' && params['method'] === 'authenticate') return rpcOk(authenticate(args[0], args[1], args[2], false));
        if (params['service'] === 'db' && params['method'] === 'list') return rpcOk([db]);
        if (params['service'] === 'object' && params['method'] === 'execute_kw') {
          const [d, uid, secret, model, method, a, kw] = args as [string, number, string, string, string, unknown[], Record<string, unknown> | undefined];
          if (d !== db) throw new FakeOdooError('psycopg2.OperationalError', `FATAL:  database "${d}" does not exist`);
          if (uid !== 2 || (secret !== FAKE_PASSWORD && secret !== FAKE_API_KEY)) throw new FakeOdooError('odoo.exceptions.AccessDenied', 'Access Denied');
          const { context: _c, ...kwargs } = kw ?? {};
          calls.push({ model, method, args: a, kwargs: kw ?? {} });
          const { ids, p } = named(method, a, kwargs);
          return rpcOk(orm(model, method, ids, p, 'rpc'));
        }
      }
      if (req.path.startsWith('/json/2/')) {
        if (v < 19) return { status: 404, text: '<html>404 Not Found</html>', headers: { 'content-type': 'text/html' } };
        if (req.headers['authorization'] !== `bearer ${FAKE_API_KEY}`) return { status: 401, json: odooError('werkzeug.exceptions.Unauthorized', 'Invalid apikey') };
        const [, , , model = '', method = ''] = req.path.split('/');
        const { ids, context: _c, ...p } = body as Record<string, unknown> & { ids?: number[] };
        calls.push({ model, method, args: [], kwargs: body, ...(ids !== undefined ? { ids } : {}) });
        try {
          return { json: orm(model, method, ids, p, 'json2') ?? null };
        } catch (e) {
          if (e instanceof FakeOdooError) return { status: e.status, json: odooError(e.odooName, e.message) };
          throw e;
        }
      }
      return { status: 404, text: '<!doctype html><title>404 Not Found</title>', headers: { 'content-type': 'text/html' } };
    } catch (e) {
      return rpcFail(e);
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          const raw = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = raw === '' ? undefined : JSON.parse(raw);
          } catch {
            body = raw;
          }
          const headers: Record<string, string | undefined> = {};
          for (const [k, val] of Object.entries(req.headers)) headers[k] = Array.isArray(val) ? val.join(', ') : val;
          const fr: FakeRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', headers, body };
          requests.push(fr);
          const answer = (await interceptor?.(fr)) ?? answerDefault(fr);
          if (answer === 'drop') {
            req.socket.destroy();
            return;
          }
          if (answer === 'hang') return; // never answers; the client's timeout must fire
          if (answer === undefined) return;
          const text = answer.text ?? JSON.stringify(answer.json ?? null);
          res.writeHead(answer.status ?? 200, { 'content-type': answer.text !== undefined ? 'text/plain' : 'application/json', ...answer.headers });
          res.end(text);
        } finally {
          inFlight--;
        }
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls,
    partners,
    intercept: (fn) => {
      interceptor = fn;
    },
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
