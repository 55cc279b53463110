import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../shared/logger';
import { silentLogger } from '../../shared/logger';
import type { SimCall, SimEngine } from '../types';
import type { JsonRpcId, OdooErrorData } from './envelopes';
import { WireError, errorData, json2Status, notFound, rpcError, rpcResult, sessionExpired } from './envelopes';
import type { FaultConfig, FaultController, RequestDescriptor } from './faults';
import { createFaultEngine, isWriteMethod } from './faults';
import type { SessionStore, SimSession } from './sessions';
import { DEFAULT_SESSION_LIFETIME_MS, createSessionStore, sessionCookie, sessionIdFrom } from './sessions';

/**
 * The simulator's HTTP surface as a pure request → response function (`dispatch`), plus a node:http listener
 * around it. `dispatch` never throws: every failure becomes the body a real Odoo would send.
 */

export type SimHttpRequest = {
  method: string;
  /** path plus query, e.g. `/web/dataset/call_kw/res.partner/read?debug=1` */
  url: string;
  /** lower-case names */
  headers: Record<string, string | undefined>;
  body: string;
};

export type SimHttpResponse =
  | { kind: 'response'; status: number; headers: Record<string, string | string[]>; body: string }
  /** fault injection: the connection dies without an answer (the node listener destroys the socket) */
  | { kind: 'drop' };

export type SimHandlerOptions = {
  engine: SimEngine;
  faults?: FaultConfig;
  logger?: Logger;
  /** idle lifetime of web sessions; default a week like Odoo */
  sessionLifetimeMs?: number;
  /** largest accepted request body; default 64 MiB (base64 attachments) */
  maxBodyBytes?: number;
};

export type SimHandlerStats = { requests: number; ormCalls: number; errors: number };

export type SimHandler = {
  dispatch(req: SimHttpRequest): Promise<SimHttpResponse>;
  /** a node:http request listener: `http.createServer(handler.listener)` */
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  faults: FaultController;
  sessions: SessionStore;
  stats(): SimHandlerStats;
};

const JSON_RPC_ROUTES = new Set([
  '/jsonrpc',
  '/web/session/authenticate',
  '/web/session/destroy',
  '/web/session/get_session_info',
  '/web/webclient/version_info',
  '/web/dataset/call_kw',
]);

const JSON_MIMETYPES = new Set(['application/json', 'application/json-rpc']);
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const DEFAULT_MAX_BODY = 64 * 1024 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Python's type names, for TypeError messages that read like the real ones. */
function pyType(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  return 'dict';
}

/** `fn() missing 1 required positional argument: 'x'`, as Python phrases it. */
function missingArgs(fn: string, names: string[]): WireError {
  const quoted = names.map((n) => `'${n}'`);
  const list = quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1] ?? ''}`;
  return new WireError('builtins.TypeError', `${fn}() missing ${names.length} required positional argument${names.length > 1 ? 's' : ''}: ${list}`);
}

function requireNamed(fn: string, params: Obj, names: string[]): void {
  const missing = names.filter((n) => !(n in params));
  if (missing.length > 0) throw missingArgs(fn, missing);
}

function requirePositional(fn: string, args: unknown[], names: string[], offset = 0): void {
  if (args.length - offset < names.length) throw missingArgs(fn, names.slice(Math.max(0, args.length - offset)));
}

function mimetype(headers: Record<string, string | undefined>): string {
  return (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function text(status: number, body: string, extra: Record<string, string> = {}): SimHttpResponse {
  return { kind: 'response', status, headers: { 'content-type': 'text/plain; charset=utf-8', ...extra }, body };
}

type SimHttpAnswer = Extract<SimHttpResponse, { kind: 'response' }>;

function html(status: number, title: string, message: string, extra: Record<string, string> = {}): SimHttpAnswer {
  // werkzeug's default error page, which is what clients see from Odoo (and from most proxies) for non-JSON errors
  const body = `<!doctype html>\n<html lang=en>\n<title>${title}</title>\n<h1>${title.replace(/^\d+ /, '')}</h1>\n<p>${message}</p>\n`;
  return { kind: 'response', status, headers: { 'content-type': 'text/html; charset=utf-8', ...extra }, body };
}

function json(status: number, value: unknown, extra: Record<string, string | string[]> = {}): SimHttpResponse {
  return { kind: 'response', status, headers: { ...JSON_HEADERS, ...extra }, body: JSON.stringify(value) };
}

const notFoundPage = () =>
  html(
    404,
    '404 Not Found',
    'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  );

function gatewayPage(status: 502 | 503 | 504): SimHttpResponse {
  const titles = { 502: '502 Bad Gateway', 503: '503 Service Unavailable', 504: '504 Gateway Time-out' } as const;
  const t = titles[status];
  // what nginx in front of Odoo sends: HTML, not JSON
  return { kind: 'response', status, headers: { 'content-type': 'text/html' }, body: `<html>\r\n<head><title>${t}</title></head>\r\n<body>\r\n<center><h1>${t}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n` };
}

function tooManyRequests(retryAfterSeconds: number): SimHttpResponse {
  return html(429, '429 Too Many Requests', 'This user or IP has made too many requests. Please try again later.', {
    'retry-after': String(retryAfterSeconds),
  });
}

/** Python's int() on the uid of execute_kw: ints, bools and numeric strings pass; anything else fails like Python. */
function pyInt(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return Number.parseInt(v, 10);
  if (typeof v === 'string') throw new WireError('builtins.ValueError', `invalid literal for int() with base 10: '${v}'`);
  throw new WireError('builtins.TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${pyType(v)}'`);
}

function checkMethodName(method: string): void {
  if (method.startsWith('_')) {
    throw new WireError('odoo.exceptions.AccessError', `Private methods (such as '${method}') cannot be called remotely.`);
  }
}

/** The result of a JSON-RPC endpoint; `setCookie` for authenticate, `ran` when the engine executed a call. */
type EndpointResult = { value: unknown; setCookie?: string };

export function createSimHandler(opts: SimHandlerOptions): SimHandler {
  const { engine } = opts;
  const log = (opts.logger ?? silentLogger).child({ component: 'odoo-sim' });
  const lifetimeMs = opts.sessionLifetimeMs ?? DEFAULT_SESSION_LIFETIME_MS;
  const sessions = createSessionStore({ lifetimeMs });
  const faults = createFaultEngine(opts.faults ?? {}, sessions);
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const stats: SimHandlerStats = { requests: 0, ormCalls: 0, errors: 0 };
  const version = engine.version;

  const unknownDatabase = (db: unknown) =>
    new WireError(
      'psycopg2.OperationalError',
      `connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "${String(db)}" does not exist\n`,
    );

  /** Runs pending concurrent-modification hooks, then the call itself (one engine transaction). */
  const runCall = async (call: SimCall, d: RequestDescriptor): Promise<unknown> => {
    for (const hook of faults.takeHooks(d)) {
      try {
        await hook(engine, call);
      } catch (e) {
        // a failing hook is a broken test, not a server behaviour: make it loud
        log.error('fault hook failed', { error: e instanceof Error ? e.message : String(e) });
        throw new WireError('builtins.Exception', `[simulator] beforeNextCall hook failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    stats.ormCalls += 1;
    return engine.execute(call);
  };

  // ---------------------------------------------------------------- session info

  const companyInfo = (uid: number, companyIds: number[]): Obj => {
    const allowed: Obj = {};
    let rows: Obj[] = [];
    try {
      const r = engine.execute({ uid, model: 'res.company', method: 'read', args: [companyIds, ['name', 'parent_id', 'child_ids', 'sequence']], kwargs: {}, style: 'rpc' });
      if (Array.isArray(r)) rows = r.filter(isObj);
    } catch {
      // a bare engine without res.company still logs in; names fall back below
    }
    for (const [i, id] of companyIds.entries()) {
      const row = rows.find((r) => r.id === id);
      const parent = row?.parent_id;
      allowed[String(id)] = {
        id,
        name: typeof row?.name === 'string' ? row.name : `Company ${id}`,
        sequence: typeof row?.sequence === 'number' ? row.sequence : 10 + i,
        child_ids: Array.isArray(row?.child_ids) ? row.child_ids : [],
        parent_id: Array.isArray(parent) ? (parent[0] ?? false) : (parent ?? false),
      };
    }
    return allowed;
  };

  /** `ir.http.session_info()`: what the web client (and odoorpc's login) reads after authenticating. */
  const sessionInfo = (s: SimSession, baseUrl: string): Obj => {
    const u = engine.userInfo(s.uid);
    const v = engine.versionInfo();
    return {
      uid: u.uid,
      is_system: u.isAdmin,
      is_admin: u.isAdmin,
      is_public: false,
      is_internal_user: true,
      user_context: { ...u.context },
      db: s.db,
      server_version: v.server_version,
      server_version_info: v.server_version_info,
      support_url: 'https://www.odoo.com/buy',
      name: u.name,
      username: u.login,
      partner_display_name: u.name,
      partner_id: u.partnerId,
      'web.base.url': baseUrl,
      active_ids_limit: 20000,
      profile_session: null,
      profile_collectors: null,
      profile_params: null,
      max_file_upload_size: 128 * 1024 * 1024,
      home_action_id: false,
      currencies: {},
      bundle_params: { lang: u.context.lang },
      user_companies: {
        current_company: u.companyId,
        allowed_companies: companyInfo(u.uid, u.companyIds.length > 0 ? u.companyIds : [u.companyId]),
        disallowed_ancestor_companies: {},
      },
      show_effect: true,
      display_switch_company_menu: u.companyIds.length > 1,
      test_mode: false,
    };
  };

  // ---------------------------------------------------------------- /jsonrpc services

  const common = (method: string, args: unknown[]): unknown => {
    switch (method) {
      case 'version':
        return engine.versionInfo();
      case 'about':
        return args[0] ? ['See http://openerp.com', engine.versionInfo().server_version] : 'See http://openerp.com';
      case 'login':
      case 'authenticate': {
        const names = method === 'login' ? ['db', 'login', 'password'] : ['db', 'login', 'password', 'user_agent_env'];
        requirePositional(`exp_${method}`, args, names);
        const [db, login, password] = args;
        if (db !== engine.dbName) throw unknownDatabase(db);
        if (typeof login !== 'string' || typeof password !== 'string') return false;
        // non-interactive: API keys are accepted here, and a bad password is `false`, never an error
        return engine.authenticate(db, login, password, { interactive: false });
      }
      default:
        throw new WireError('builtins.KeyError', `'exp_${method}'`, [`exp_${method}`]);
    }
  };

  const db = (method: string, args: unknown[]): unknown => {
    switch (method) {
      case 'list':
        return [engine.dbName];
      case 'server_version':
        return engine.versionInfo().server_version;
      case 'db_exist':
        requirePositional('exp_db_exist', args, ['db_name']);
        return args[0] === engine.dbName;
      case 'list_lang':
        return [['en_US', 'English (US)']];
      case 'create_database':
      case 'duplicate_database':
      case 'drop':
      case 'dump':
      case 'restore':
      case 'rename':
      case 'change_admin_password':
      case 'migrate_databases':
        // these need the master password, which the simulator does not have
        throw new WireError('odoo.exceptions.AccessDenied', 'Access Denied');
      default:
        throw new WireError('builtins.KeyError', `'exp_${method}'`, [`exp_${method}`]);
    }
  };

  /** `object.execute` / `object.execute_kw`: credentials are checked on every call (security.check). */
  const object = async (method: string, args: unknown[], d: RequestDescriptor): Promise<unknown> => {
    if (args.length < 3) throw new WireError('builtins.IndexError', 'tuple index out of range');
    const [dbName, rawUid, password] = args;
    const uid = pyInt(rawUid);
    if (dbName !== engine.dbName) throw unknownDatabase(dbName);
    if (typeof password !== 'string' || !engine.checkCredentials(engine.dbName, uid, password)) {
      throw new WireError('odoo.exceptions.AccessDenied', 'Access Denied');
    }
    if (method !== 'execute' && method !== 'execute_kw') throw new WireError('builtins.NameError', `Method not available ${method}`);
    if (method === 'execute') requirePositional('execute', args, ['obj', 'method'], 3);
    else requirePositional('execute_kw', args, ['obj', 'method', 'args'], 3);
    const model = args[3];
    const ormMethod = args[4];
    if (typeof model !== 'string') throw new WireError('odoo.exceptions.UserError', `Object ${String(model)} doesn't exist`);
    if (typeof ormMethod !== 'string') throw new WireError('builtins.TypeError', `attribute name must be string, not '${pyType(ormMethod)}'`);
    checkMethodName(ormMethod);
    let callArgs: unknown[];
    let kwargs: Obj;
    if (method === 'execute') {
      // positional only: no way to pass a context
      callArgs = args.slice(5);
      kwargs = {};
    } else {
      const a = args[5];
      const kw = args[6] ?? {};
      if (!Array.isArray(a)) throw new WireError('builtins.TypeError', `execute_kw() argument after * must be an iterable, not ${pyType(a)}`);
      if (!isObj(kw)) throw new WireError('builtins.TypeError', `execute_kw() argument after ** must be a mapping, not ${pyType(kw)}`);
      callArgs = a;
      kwargs = kw;
    }
    return runCall({ uid, model, method: ormMethod, args: callArgs, kwargs, style: 'rpc' }, d);
  };

  // ---------------------------------------------------------------- JSON-RPC endpoint dispatch

  const sessionFor = (req: SimHttpRequest, query: URLSearchParams, d: RequestDescriptor): SimSession => {
    const sid = sessionIdFrom(query, req.headers);
    const s = sid === undefined ? undefined : sessions.get(sid);
    if (!s) throw sessionExpired();
    if (faults.sessionExpiryFor(d)) {
      sessions.delete(s.sid);
      throw sessionExpired();
    }
    return s;
  };

  const baseUrlOf = (req: SimHttpRequest) => `http://${req.headers.host ?? '127.0.0.1'}`;

  const endpoint = async (path: string, params: Obj, req: SimHttpRequest, query: URLSearchParams, d: RequestDescriptor): Promise<EndpointResult> => {
    if (path === '/jsonrpc') {
      requireNamed('jsonrpc', params, ['service', 'method', 'args']);
      const { service, method } = params;
      const args = params.args;
      if (!Array.isArray(args)) throw new WireError('builtins.TypeError', `'${pyType(args)}' object is not subscriptable`);
      const m = String(method);
      switch (service) {
        case 'common':
          return { value: common(m, args) };
        case 'db':
          return { value: db(m, args) };
        case 'object':
          return { value: await object(m, args, d) };
        default:
          throw new WireError('builtins.KeyError', `'${String(service)}'`, [String(service)]);
      }
    }
    if (path === '/web/webclient/version_info') return { value: engine.versionInfo() };
    if (path === '/web/session/authenticate') {
      requireNamed('authenticate', params, ['db', 'login', 'password']);
      const { db: dbName, login, password } = params;
      if (dbName !== engine.dbName) throw new WireError('odoo.exceptions.AccessError', 'Database not found.');
      // interactive login: API keys are refused here (Odoo only accepts them for RPC)
      const uid = typeof login === 'string' && typeof password === 'string' ? engine.authenticate(engine.dbName, login, password, { interactive: true }) : false;
      if (uid === false) {
        // Odoo's MFA step: the password was right, the login continues with the second factor
        if (typeof login === 'string' && typeof password === 'string' && engine.secondFactorPending?.(engine.dbName, login, password)) return { value: { uid: null } };
        throw new WireError('odoo.exceptions.AccessDenied', 'Access Denied');
      }
      const previous = sessionIdFrom(query, req.headers);
      if (previous !== undefined) sessions.delete(previous);
      const s = sessions.create({ uid, db: engine.dbName, login: String(login) });
      return { value: sessionInfo(s, baseUrlOf(req)), setCookie: sessionCookie(s.sid, lifetimeMs) };
    }
    if (path === '/web/session/get_session_info') {
      const s = sessionFor(req, query, d);
      return { value: sessionInfo(s, baseUrlOf(req)) };
    }
    if (path === '/web/session/destroy') {
      const s = sessionFor(req, query, d);
      sessions.delete(s.sid);
      return { value: null };
    }
    // /web/dataset/call_kw and /web/dataset/call_kw/<path>: the path is cosmetic, params name the call
    const s = sessionFor(req, query, d);
    requireNamed('call_kw', params, ['model', 'method', 'args', 'kwargs']);
    const { model, method, args } = params;
    const kwargs = params.kwargs ?? {};
    if (typeof model !== 'string') throw new WireError('odoo.exceptions.UserError', `Object ${String(model)} doesn't exist`);
    if (typeof method !== 'string') throw new WireError('builtins.TypeError', `attribute name must be string, not '${pyType(method)}'`);
    checkMethodName(method);
    if (!Array.isArray(args)) throw new WireError('builtins.TypeError', `call_kw() argument after * must be an iterable, not ${pyType(args)}`);
    if (!isObj(kwargs)) throw new WireError('builtins.TypeError', `call_kw() argument after ** must be a mapping, not ${pyType(kwargs)}`);
    return { value: await runCall({ uid: s.uid, model, method, args, kwargs, style: 'rpc' }, d) };
  };

  /** What faults can be scoped on, read from the params before anything runs. */
  const describeJsonRpc = (path: string, params: Obj): RequestDescriptor => {
    if (path === '/jsonrpc') {
      const args = Array.isArray(params.args) ? params.args : [];
      const method = typeof params.method === 'string' ? params.method : undefined;
      if (params.service === 'object' && typeof args[3] === 'string' && typeof args[4] === 'string') {
        return { route: 'jsonrpc', path, model: args[3], method: args[4], orm: true, write: isWriteMethod(args[4]) };
      }
      return { route: 'jsonrpc', path, ...(method === undefined ? {} : { method }), orm: false, write: false };
    }
    if (path.startsWith('/web/dataset/call_kw')) {
      const model = typeof params.model === 'string' ? params.model : undefined;
      const method = typeof params.method === 'string' ? params.method : undefined;
      return {
        route: 'call_kw',
        path,
        ...(model === undefined ? {} : { model }),
        ...(method === undefined ? {} : { method }),
        orm: true,
        write: method !== undefined && isWriteMethod(method),
      };
    }
    if (path === '/web/webclient/version_info') return { route: 'version', path, method: 'version_info', orm: false, write: false };
    return { route: 'session', path, method: path.slice('/web/session/'.length), orm: false, write: false };
  };

  /** Latency, 429 and "before" gateway errors: the request never reaches Odoo. */
  const preFaults = async (d: RequestDescriptor): Promise<SimHttpResponse | undefined> => {
    const delay = faults.latencyFor(d);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const limited = faults.rateLimitFor(d);
    if (limited) return tooManyRequests(limited.retryAfterSeconds);
    const gw = faults.gatewayErrorFor(d, 'before');
    if (gw) return gatewayPage(gw);
    return undefined;
  };

  /** Faults after the call ran and committed: a dropped connection or a gateway that gave up. */
  const postFaults = (d: RequestDescriptor): SimHttpResponse | undefined => {
    if (faults.dropAfterCommitFor(d)) return { kind: 'drop' };
    const gw = faults.gatewayErrorFor(d, 'after');
    if (gw) return gatewayPage(gw);
    return undefined;
  };

  const jsonRpc = async (req: SimHttpRequest, path: string, query: URLSearchParams): Promise<SimHttpResponse> => {
    if (req.method !== 'POST') return html(405, '405 Method Not Allowed', 'The method is not allowed for the requested URL.', { allow: 'POST' });
    if (!JSON_MIMETYPES.has(mimetype(req.headers))) {
      return text(
        400,
        `Request inferred type is compatible with ['http'] but '${path}' is type='json'.\n\nPlease verify the Content-Type request header and try again.`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(req.body);
    } catch {
      return text(400, 'Invalid JSON data');
    }
    if (!isObj(body)) {
      return json(200, rpcError(null, new WireError('builtins.AttributeError', `'${pyType(body)}' object has no attribute 'get'`), version));
    }
    const id: JsonRpcId = typeof body.id === 'string' || typeof body.id === 'number' ? body.id : null;
    const params = 'params' in body ? body.params : {};
    const fnName = path === '/jsonrpc' ? 'jsonrpc' : (path.split('/').filter(Boolean).pop() ?? 'call');
    if (!isObj(params)) {
      return json(200, rpcError(id, new WireError('builtins.TypeError', `${fnName}() argument after ** must be a mapping, not ${pyType(params)}`), version));
    }
    const d = describeJsonRpc(path, params);
    const early = await preFaults(d);
    if (early) return early;
    let out: EndpointResult;
    try {
      out = await endpoint(path, params, req, query, d);
    } catch (e) {
      stats.errors += 1;
      logError(e, d);
      return json(200, rpcError(id, e, version));
    }
    const late = postFaults(d);
    if (late) return late;
    return json(200, rpcResult(id, out.value), out.setCookie ? { 'set-cookie': out.setCookie } : {});
  };

  const logError = (e: unknown, d: RequestDescriptor) => {
    const data: OdooErrorData = errorData(e);
    const fields = { path: d.path, model: d.model, method: d.method, error: data.name, message: data.message };
    // plain JS errors are simulator bugs; Odoo exceptions are normal answers
    if (data.name === 'builtins.Exception') log.error('engine failure', { ...fields, debug: data.debug });
    else log.debug('odoo error', fields);
  };

  // ---------------------------------------------------------------- JSON-2 (Odoo 19)

  const json2Error = (e: unknown): SimHttpResponse => {
    const data = errorData(e);
    return json(json2Status(data.name), data);
  };

  const json2 = async (req: SimHttpRequest, path: string, query: URLSearchParams): Promise<SimHttpResponse> => {
    if (version < 19) return notFoundPage();
    const parts = path.slice('/json/2/'.length).split('/');
    const [model, method] = parts;
    if (parts.length !== 2 || !model || !method) return notFoundPage();
    if (req.method !== 'POST') return html(405, '405 Method Not Allowed', 'The method is not allowed for the requested URL.', { allow: 'POST' });
    const d: RequestDescriptor = { route: 'json2', path, model, method, orm: true, write: isWriteMethod(method) };

    const auth = req.headers.authorization;
    let uid: number | false = false;
    if (auth !== undefined) {
      const m = /^bearer\s+(\S+)\s*$/i.exec(auth);
      uid = m?.[1] ? engine.uidForApiKey(m[1]) : false;
    } else {
      // without an Authorization header Odoo falls back to the web session
      const sid = sessionIdFrom(query, req.headers);
      uid = (sid !== undefined ? sessions.get(sid)?.uid : undefined) ?? false;
    }
    if (uid === false) return json2Error(new WireError('werkzeug.exceptions.Unauthorized', 'Invalid apikey'));
    const dbHeader = req.headers['x-odoo-database'];
    if (dbHeader !== undefined && dbHeader !== engine.dbName) {
      return json2Error(new WireError('werkzeug.exceptions.NotFound', `Database not found: ${dbHeader}`));
    }
    if (!JSON_MIMETYPES.has(mimetype(req.headers))) {
      return text(400, `Request inferred type is compatible with ['http'] but '${path}' is type='json2'.\n\nPlease verify the Content-Type request header and try again.`);
    }
    let body: unknown;
    try {
      body = JSON.parse(req.body);
    } catch {
      return json2Error(new WireError('werkzeug.exceptions.BadRequest', 'Invalid JSON data'));
    }
    if (!isObj(body)) return json2Error(new WireError('werkzeug.exceptions.UnprocessableEntity', `the body must be a JSON object, not ${pyType(body)}`));
    if (method.startsWith('_')) return json2Error(notFound());
    const { ids, ...kwargs } = body;
    if (ids !== undefined && !(Array.isArray(ids) && ids.every((i) => Number.isInteger(i)))) {
      return json2Error(new WireError('werkzeug.exceptions.UnprocessableEntity', 'ids must be a list of integers'));
    }
    if (kwargs.context !== undefined && !isObj(kwargs.context)) {
      return json2Error(new WireError('werkzeug.exceptions.UnprocessableEntity', 'context must be a JSON object'));
    }

    const early = await preFaults(d);
    if (early) return early;
    let result: unknown;
    try {
      const call: SimCall = { uid, model, method, args: [], kwargs, style: 'json2' };
      if (ids !== undefined) call.ids = ids as number[];
      result = await runCall(call, d);
    } catch (e) {
      stats.errors += 1;
      logError(e, d);
      return json2Error(e);
    }
    const late = postFaults(d);
    if (late) return late;
    // bare value, no envelope; None is JSON null here
    return json(200, result ?? null);
  };

  // ---------------------------------------------------------------- routing

  const route = async (req: SimHttpRequest): Promise<SimHttpResponse> => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const path = url.pathname;
    if (path === '/web/version') {
      const d: RequestDescriptor = { route: 'version', path, method: 'version', orm: false, write: false };
      const early = await preFaults(d);
      if (early) return early;
      const v = engine.versionInfo();
      return json(200, { version_info: v.server_version_info, version: v.server_version });
    }
    if (JSON_RPC_ROUTES.has(path) || path.startsWith('/web/dataset/call_kw/')) return jsonRpc(req, path, url.searchParams);
    if (path.startsWith('/json/2/')) return json2(req, path, url.searchParams);
    // unknown route: JSON-RPC clients get the 404 envelope they can parse, everything else werkzeug's page
    if (req.method === 'POST' && JSON_MIMETYPES.has(mimetype(req.headers))) {
      let id: JsonRpcId = null;
      try {
        const b: unknown = JSON.parse(req.body);
        if (isObj(b) && (typeof b.id === 'string' || typeof b.id === 'number')) id = b.id;
      } catch {
        // the id is a courtesy; an unparsable body still gets the 404
      }
      return json(200, rpcError(id, notFound(), version));
    }
    return notFoundPage();
  };

  const dispatch = async (req: SimHttpRequest): Promise<SimHttpResponse> => {
    stats.requests += 1;
    const started = performance.now();
    let res: SimHttpResponse;
    try {
      res = await route(req);
    } catch (e) {
      // only a bug in this file gets here; the server must still answer
      log.error('simulator dispatch failed', { url: req.url, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      res = text(500, 'Internal Server Error');
    }
    log.debug('request', {
      method: req.method,
      url: req.url,
      status: res.kind === 'drop' ? 'dropped' : res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
    return res;
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) tooBig = true;
      else if (!tooBig) chunks.push(c);
    });
    req.on('error', () => {
      // client went away mid-body; nothing to answer
    });
    req.on('end', () => {
      if (tooBig) {
        write(res, html(413, '413 Request Entity Too Large', 'The data value transmitted exceeds the capacity limit.'));
        return;
      }
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      void dispatch({ method: req.method ?? 'GET', url: req.url ?? '/', headers, body: Buffer.concat(chunks).toString('utf8') }).then((out) => {
        if (out.kind === 'drop') {
          // the commit already happened inside dispatch; the client never hears about it
          req.socket.destroy();
          return;
        }
        write(res, out);
      });
    });
  };

  return { dispatch, listener, faults, sessions, stats: () => ({ ...stats }) };
}

function write(res: ServerResponse, out: SimHttpAnswer): void {
  if (res.destroyed) return;
  res.on('error', () => {
    // the peer vanished while we wrote; nothing to do
  });
  res.writeHead(out.status, { ...out.headers, 'content-length': String(Buffer.byteLength(out.body)) });
  res.end(out.body);
}
