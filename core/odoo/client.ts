import { AppError, toErrorShape } from '../shared/errors';
import { silentLogger, type Logger } from '../shared/logger';
import { createFieldMap, type FieldMap, type ModelAdapter } from './field-map';
import { createJson2Transport } from './json2-transport';
import { createJsonRpcTransport, jsonRpcPost } from './jsonrpc-transport';
import { createWebSessionTransport } from './web-session-transport';
import { hintOf } from './odoo-errors';
import { backoffDelay, retryPolicy, sleep } from './retry';
import { serverSemaphore } from './semaphore';
import { signatureOf } from './signatures';
import type { AttemptOptions, CallSpec, Transport, TransportConfig } from './transport';
import type {
  CallOptions,
  ConnectionInfo,
  FieldsGetResult,
  MessagePostOptions,
  NameSearchOptions,
  NamedParams,
  OdooClient,
  OdooClientConfig,
  OdooContext,
  OdooProtocol,
  OdooRecord,
  Page,
  ReadGroupOptions,
  ReadGroupRow,
} from './types';
import { assertSupported, detectVersion, MAX_TESTED_MAJOR, type ServerVersion } from './version';

const DEFAULT_TIMEOUT_MS = 30_000;
const FIELD_ATTRIBUTES = ['type', 'string', 'relation', 'required', 'readonly', 'store', 'selection'];
const API_KEY_HINT = 'create an API key in Odoo under Preferences → Account Security → New API Key and use it instead of the password';

type Connection = {
  version: ServerVersion;
  transport: Transport;
  uid: number;
  info: ConnectionInfo;
  modelsChecked: boolean;
};

type PolicyOptions = { idempotent: boolean; signal: AbortSignal | undefined; timeoutMs: number | undefined; label: string; maxAttempts?: number };

/**
 * Normalises what users paste: a missing scheme, a trailing slash, or a link into the web client
 * (`https://x.odoo.com/odoo/action-123`, `/web#…`) all mean the same server.
 */
export function normaliseBaseUrl(raw: string): string {
  const trimmed = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new AppError('odoo/bad-url', `"${raw}" is not a valid address; it should look like https://yourcompany.odoo.com.`, { url: raw });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new AppError('odoo/bad-url', `"${raw}" is not a web address; it should start with https://.`, { url: raw });
  }
  const path = /^\/(web|odoo)(\/|$)/.test(u.pathname) ? '' : u.pathname.replace(/\/+$/, '');
  return `${u.origin}${path}`;
}

function makeTransport(protocol: OdooProtocol, cfg: TransportConfig): Transport {
  switch (protocol) {
    case 'jsonrpc':
      return createJsonRpcTransport(cfg);
    case 'json2':
      return createJson2Transport(cfg);
    case 'web-session':
      return createWebSessionTransport(cfg);
  }
}

function asAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const shape = toErrorShape(e);
  return new AppError(shape.code, shape.message, shape.details, { cause: e });
}

/** A copy of `e` with more details (AppError is immutable); the message says when the outcome is unknown. */
function finalError(e: AppError, extra: Record<string, unknown>): AppError {
  const maybe = extra['maybeCommitted'] === true;
  const message = maybe ? `${e.message} The change may or may not have been saved in Odoo.` : e.message;
  return new AppError(e.code, message, { ...e.details, ...extra }, { cause: e.cause ?? e });
}

const isIdList = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isInteger(x));

export function createOdooClient(config: OdooClientConfig): OdooClient {
  const baseUrl = normaliseBaseUrl(config.url);
  const log: Logger = (config.logger ?? silentLogger).child({ component: 'odoo', url: baseUrl });
  const doFetch = config.fetch ?? globalThis.fetch;
  const userAgent = config.userAgent ?? 'smart-odoo/0.1';
  const policy = retryPolicy(config.retry);
  const random = config.random ?? Math.random;
  const sem = serverSemaphore(`${baseUrl}|${config.db ?? ''}`, config.maxConcurrency ?? 2);
  const defaultTimeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { secret: _secret, ...publicConfig } = config;

  let conn: Connection | undefined;
  let connecting: Promise<Connection> | undefined;
  let closed = false;

  const transportConfig = (db: string | undefined): TransportConfig => ({ baseUrl, db, login: config.login, secret: config.secret, fetch: doFetch, userAgent });

  /**
   * The one place that decides about retries. A failed attempt is repeated when it is transient and
   * either could not have had an effect (`not-sent`, `rolled-back`) or the call is idempotent; a
   * non-idempotent call whose outcome is unknown surfaces at once with `maybeCommitted`, so the outbox
   * can re-read and decide instead of us creating a second invoice.
   */
  async function withPolicy<T>(o: PolicyOptions, attempt: (a: AttemptOptions) => Promise<T>, reauth?: () => Promise<void>): Promise<T> {
    let reauthed = false;
    for (let n = 1; ; n++) {
      await sem.acquire(o.signal);
      const started = performance.now();
      let err: AppError;
      try {
        const out = await attempt({ signal: o.signal, timeoutMs: o.timeoutMs ?? defaultTimeout });
        log.debug('odoo call', { call: o.label, attempt: n, ms: Math.round(performance.now() - started) });
        return out;
      } catch (e) {
        err = asAppError(e);
      } finally {
        sem.release();
      }
      if (err.code === 'app/cancelled') throw err;
      const hint = hintOf(err) ?? { transient: false, outcome: 'rolled-back' as const };
      if (err.code === 'odoo/session-expired' && reauth !== undefined && !reauthed) {
        // the call never ran; a fresh login and one more try is what the web client does too
        reauthed = true;
        log.info('odoo session expired; signing in again', { call: o.label });
        await reauth();
        n--;
        continue;
      }
      if (hint.outcome === 'unknown' && !o.idempotent) {
        log.warn('odoo call outcome unknown; not retried (not idempotent)', { call: o.label, code: err.code, attempt: n });
        throw finalError(err, { attempts: n, maybeCommitted: true });
      }
      if (!hint.transient || n >= (o.maxAttempts ?? policy.maxAttempts)) throw finalError(err, { attempts: n });
      let delay = backoffDelay(policy, n, random);
      if (hint.retryAfterMs !== undefined) {
        if (hint.retryAfterMs > policy.maxRetryAfterMs) throw finalError(err, { attempts: n, retryAfterMs: hint.retryAfterMs });
        delay = Math.max(delay, hint.retryAfterMs);
      }
      log.warn('odoo call failed; retrying', { call: o.label, code: err.code, attempt: n, delayMs: delay });
      await sleep(delay, o.signal);
    }
  }

  // ------------------------------------------------------------------ connection

  async function listDatabasesRaw(signal: AbortSignal | undefined): Promise<string[] | undefined> {
    const t = createJsonRpcTransport(transportConfig(undefined));
    try {
      const dbs = await withPolicy({ idempotent: true, signal, timeoutMs: undefined, label: 'db.list' }, (a) => t.rpc('db', 'list', [], a, { method: 'db.list' }));
      return Array.isArray(dbs) && dbs.every((d) => typeof d === 'string') ? dbs : undefined;
    } catch (e) {
      if (e instanceof AppError && e.code === 'app/cancelled') throw e;
      // list_db=False, a proxy that blocks the db service, or a JSON-2-only server: not an error
      return undefined;
    }
  }

  /**
   * When Odoo refuses the credentials over RPC, the interactive login tells why: it accepts passwords but
   * not API keys, and stops at the second factor for 2FA users. So a password that works there means
   * RPC needs an API key (2FA, or Odoo 19's JSON-2).
   */
  async function explainAuthFailure(db: string | undefined, protocol: OdooProtocol, signal: AbortSignal | undefined): Promise<AppError> {
    let passwordWorksInteractively = false;
    let mfa = false;
    try {
      const { result } = await jsonRpcPost({
        baseUrl,
        path: '/web/session/authenticate',
        params: { db: db ?? '', login: config.login, password: config.secret },
        fetch: doFetch,
        userAgent,
        signal,
        timeoutMs: defaultTimeout,
      });
      const uid = result !== null && typeof result === 'object' ? (result as { uid?: unknown }).uid : undefined;
      passwordWorksInteractively = true;
      mfa = uid === null || uid === false || uid === undefined;
    } catch (e) {
      if (e instanceof AppError && (e.code === 'app/cancelled' || e.code === 'odoo/unknown-database')) return e;
    }
    if (passwordWorksInteractively && mfa) {
      return new AppError('odoo/api-key-required', `This Odoo user signs in with two-factor authentication, so Smart Odoo needs an API key: ${API_KEY_HINT}.`, { login: config.login, reason: '2fa' });
    }
    if (passwordWorksInteractively) {
      return new AppError(
        'odoo/api-key-required',
        protocol === 'json2'
          ? `Odoo 19's API does not accept passwords: ${API_KEY_HINT}.`
          : `Odoo accepts this password in the browser but not from other applications: ${API_KEY_HINT}.`,
        { login: config.login, reason: protocol === 'json2' ? 'json2-password' : 'rpc-api-keys-only' },
      );
    }
    // Some servers refuse a 2FA user's password outright instead of pausing at the second factor, so the
    // message names that case too.
    return new AppError('odoo/auth-failed', `Odoo did not accept the login "${config.login}" with this password or API key; check both, and if this user has two-factor authentication, ${API_KEY_HINT}.`, {
      login: config.login,
    });
  }

  async function readUser(transport: Transport, uid: number, major: number, signal: AbortSignal | undefined): Promise<{ name: string; companyIds: number[]; companyId: number | undefined }> {
    const spec = buildSpec('res.users', 'read', major, [uid], { fields: ['name', 'company_ids', 'company_id'] }, {});
    const rows = await withPolicy({ idempotent: true, signal, timeoutMs: undefined, label: 'res.users.read' }, (a) => transport.execute(spec, uid, a));
    const row = Array.isArray(rows) ? (rows[0] as Record<string, unknown> | undefined) : undefined;
    const companyIds = isIdList(row?.['company_ids']) ? row['company_ids'] : [];
    const c = row?.['company_id'];
    return { name: typeof row?.['name'] === 'string' ? row['name'] : config.login, companyIds, companyId: Array.isArray(c) && typeof c[0] === 'number' ? c[0] : undefined };
  }

  async function doConnect(signal: AbortSignal | undefined): Promise<Connection> {
    const warnings: string[] = [];
    // Someone is waiting on a connection test: a dead or wrong address should fail in one retry, not four.
    const version = await withPolicy({ idempotent: true, signal, timeoutMs: undefined, label: 'version', maxAttempts: Math.min(2, policy.maxAttempts) }, (a) => detectVersion({ baseUrl, fetch: doFetch, userAgent, ...a }));
    assertSupported(version);
    if (version.major > MAX_TESTED_MAJOR) warnings.push(`Odoo ${version.serverVersion} is newer than the versions Smart Odoo was tested with (16 to 19).`);
    const forced = config.protocol === undefined || config.protocol === 'auto' ? undefined : config.protocol;
    let protocol: OdooProtocol = forced ?? (version.major >= 19 ? 'json2' : 'jsonrpc');
    if (protocol === 'json2' && version.major < 19) {
      throw new AppError('odoo/unsupported-version', `The JSON-2 API needs Odoo 19 or newer; this server runs Odoo ${version.serverVersion}.`, { serverVersion: version.serverVersion });
    }

    const databases = await listDatabasesRaw(signal);
    let db = config.db !== undefined && config.db.trim() !== '' ? config.db.trim() : undefined;
    if (db !== undefined && databases !== undefined && !databases.includes(db)) {
      throw new AppError('odoo/unknown-database', `This Odoo server has no database "${db}"${databases.length > 0 ? `; it has: ${databases.join(', ')}` : ''}.`, { db, databases });
    }
    if (db === undefined && databases?.length === 1) db = databases[0];
    if (db === undefined && protocol !== 'json2') {
      throw new AppError(
        'odoo/unknown-database',
        databases !== undefined && databases.length > 1 ? `This Odoo server has several databases; choose one of: ${databases.join(', ')}.` : 'Enter the name of the Odoo database (the server does not list its databases).',
        { databases },
      );
    }

    let transport: Transport = makeTransport(protocol, transportConfig(db));
    const authOpts: PolicyOptions = { idempotent: true, signal, timeoutMs: undefined, label: 'authenticate' };
    let uid = await withPolicy(authOpts, (a) => transport.authenticate(a));
    if (uid === false && protocol === 'json2' && forced === undefined && db !== undefined) {
      // A password on Odoo 19: /jsonrpc still accepts it until Odoo 22, so connect, but say why the key matters.
      const legacy = createJsonRpcTransport(transportConfig(db));
      const legacyUid = await withPolicy(authOpts, (a) => legacy.authenticate(a)).catch(() => false as const);
      if (legacyUid !== false) {
        transport = legacy;
        protocol = 'jsonrpc';
        uid = legacyUid;
        warnings.push(`Connected with the older JSON-RPC API because Odoo 19's API needs an API key; ${API_KEY_HINT}.`);
      }
    }
    if (uid === false) throw await explainAuthFailure(db, protocol, signal);

    const user = await readUser(transport, uid, version.major, signal);
    const info: ConnectionInfo = {
      url: baseUrl,
      db,
      serverVersion: version.serverVersion,
      major: version.major,
      minor: version.minor,
      edition: version.edition,
      protocol,
      uid,
      userName: user.name,
      companyIds: config.companyIds ?? user.companyIds,
      currentCompanyId: config.companyIds?.[0] ?? user.companyId,
      databases,
      adaptedModels: [],
      warnings,
    };
    const c: Connection = { version, transport, uid, info, modelsChecked: false };
    log.info('odoo connected', { version: version.serverVersion, protocol, db, uid });
    return c;
  }

  async function connected(signal: AbortSignal | undefined): Promise<Connection> {
    if (closed) throw new AppError('app/cancelled', 'The Odoo connection was closed.');
    if (conn !== undefined) return conn;
    connecting ??= doConnect(signal)
      .then((c) => {
        conn = c;
        return c;
      })
      .finally(() => {
        connecting = undefined;
      });
    return connecting;
  }

  async function checkRequiredModels(signal: AbortSignal | undefined): Promise<void> {
    const models = config.requiredModels ?? [];
    await Promise.all(
      models.map(async (model) => {
        try {
          await fieldMap.ensure(model, signal);
          await client.searchCount(model, [], { limit: 1, ...(signal !== undefined ? { signal } : {}) });
        } catch (e) {
          if (e instanceof AppError && (e.code === 'odoo/access-error' || e.code === 'odoo/not-found')) {
            throw new AppError(
              e.code,
              e.code === 'odoo/access-error'
                ? `Your Odoo user cannot read ${model} records, which Smart Odoo needs; ask your Odoo administrator for access.`
                : `This Odoo database has no ${model} model, which Smart Odoo needs; the module providing it may not be installed.`,
              { ...e.details, model },
              { cause: e },
            );
          }
          throw e;
        }
      }),
    );
  }

  // ------------------------------------------------------------------ calls

  const baseContext = (extra: OdooContext | undefined): OdooContext => ({
    ...(config.companyIds !== undefined && config.companyIds.length > 0 ? { allowed_company_ids: config.companyIds } : {}),
    ...extra,
  });

  /** Builds a spec from named values using the method's signature (names and positional count). */
  function buildSpec(model: string, method: string, major: number, ids: number[] | undefined, named: Record<string, unknown>, context: OdooContext): CallSpec {
    const sig = signatureOf(method, major);
    const names = sig?.names ?? [];
    const ordered: Array<[string, unknown]> = names.map((n) => [n, named[n]]);
    for (const [k, v] of Object.entries(named)) if (!names.includes(k)) ordered.push([k, v]);
    const spec: CallSpec = { model, method, params: ordered, positional: sig?.positional ?? 0, context };
    if (ids !== undefined) spec.ids = ids;
    return spec;
  }

  async function invoke(c: Connection, spec: CallSpec, opts: CallOptions, defaultIdempotent: boolean): Promise<unknown> {
    return withPolicy(
      { idempotent: opts.idempotent ?? defaultIdempotent, signal: opts.signal, timeoutMs: opts.timeoutMs, label: `${spec.model}.${spec.method}` },
      (a) => c.transport.execute(spec, c.uid, a),
      async () => {
        const uid = await c.transport.authenticate({ signal: opts.signal, timeoutMs: opts.timeoutMs ?? defaultTimeout });
        if (uid === false) throw new AppError('odoo/auth-failed', 'Signing in to Odoo again failed; the password or API key may have been changed or revoked.');
        c.uid = uid;
      },
    );
  }

  async function run(model: string, method: string, ids: number[] | undefined, named: Record<string, unknown>, opts: CallOptions, defaultIdempotent: boolean): Promise<unknown> {
    const c = await connected(opts.signal);
    return invoke(c, buildSpec(model, method, c.version.major, ids, named, baseContext(opts.context)), opts, defaultIdempotent);
  }

  const fieldMap: FieldMap = createFieldMap(async (model, signal) => {
    const res = await run(model, 'fields_get', undefined, { attributes: FIELD_ATTRIBUTES }, signal !== undefined ? { signal } : {}, true);
    if (res === null || typeof res !== 'object') throw new AppError('odoo/protocol', `Odoo returned no field list for ${model}.`, { model });
    return res as FieldsGetResult;
  }, log);

  const adapter = async (model: string, signal: AbortSignal | undefined): Promise<ModelAdapter> => {
    await connected(signal);
    return fieldMap.ensure(model, signal);
  };

  const records = (v: unknown, model: string, method: string): Array<Record<string, unknown>> => {
    if (!Array.isArray(v)) throw new AppError('odoo/protocol', `Odoo returned an unexpected answer to ${model}.${method}.`, { model, method });
    return v as Array<Record<string, unknown>>;
  };

  const client: OdooClient = {
    config: publicConfig,

    async connect(opts) {
      const c = await connected(opts?.signal);
      if (!c.modelsChecked) {
        await checkRequiredModels(opts?.signal);
        c.modelsChecked = true;
      }
      return { ...c.info, adaptedModels: fieldMap.models() };
    },

    async testConnection(opts) {
      conn = undefined;
      fieldMap.clear();
      try {
        return { ok: true, info: await client.connect(opts) };
      } catch (e) {
        return { ok: false, error: toErrorShape(e) };
      }
    },

    info: () => (conn === undefined ? undefined : { ...conn.info, adaptedModels: fieldMap.models() }),

    listDatabases: (opts) => listDatabasesRaw(opts?.signal),

    async searchRead(model, domain = [], opts = {}) {
      const a = await adapter(model, opts.signal);
      const plan = a.readPlan(opts.fields);
      const rows = await run(
        model,
        'search_read',
        undefined,
        { domain: a.translateDomain(domain), fields: plan.serverFields, offset: opts.offset || undefined, limit: opts.limit, order: a.translateOrder(opts.order) },
        opts,
        true,
      );
      return records(rows, model, 'search_read').map(plan.project);
    },

    async *searchReadPages(model, domain = [], opts = {}): AsyncGenerator<Page, void, undefined> {
      const size = opts.batchSize ?? 500;
      let last = opts.afterId ?? 0;
      for (;;) {
        // keyset, not offset: stable while others insert or delete, and resumable from the last id
        const page = await client.searchRead(model, [...domain, ['id', '>', last]], { ...opts, order: 'id asc', limit: size, offset: 0 });
        const tail = page[page.length - 1];
        if (tail === undefined) return;
        last = tail.id;
        yield { records: page, lastId: last };
        if (page.length < size) return;
      }
    },

    async readAll(model, domain = [], opts = {}) {
      const out: OdooRecord[] = [];
      for await (const page of client.searchReadPages(model, domain, opts)) out.push(...page.records);
      return out;
    },

    async read(model, ids, fields, opts = {}) {
      if (ids.length === 0) return [];
      const a = await adapter(model, opts.signal);
      const plan = a.readPlan(fields);
      const rows = await run(model, 'read', ids, { fields: plan.serverFields }, opts, true);
      return records(rows, model, 'read').map(plan.project);
    },

    async search(model, domain = [], opts = {}) {
      const a = await adapter(model, opts.signal);
      const ids = await run(model, 'search', undefined, { domain: a.translateDomain(domain), offset: opts.offset || undefined, limit: opts.limit, order: a.translateOrder(opts.order) }, opts, true);
      if (!isIdList(ids)) throw new AppError('odoo/protocol', `Odoo returned an unexpected answer to ${model}.search.`, { model });
      return ids;
    },

    async searchCount(model, domain = [], opts = {}) {
      const a = await adapter(model, opts.signal);
      const n = await run(model, 'search_count', undefined, { domain: a.translateDomain(domain), limit: opts.limit }, opts, true);
      if (typeof n !== 'number') throw new AppError('odoo/protocol', `Odoo returned an unexpected answer to ${model}.search_count.`, { model });
      return n;
    },

    async fieldsGet(model, opts = {}) {
      return (await adapter(model, opts.signal)).fields;
    },

    create: (async (model: string, vals: Record<string, unknown> | Record<string, unknown>[], opts: CallOptions = {}) => {
      const c = await connected(opts.signal);
      const a = await fieldMap.ensure(model, opts.signal);
      const many = Array.isArray(vals);
      const list = (many ? vals : [vals]).map((v) => a.translateVals(v));
      // JSON-RPC: a dict gives an int, a list a list; JSON-2 takes vals_list and always answers a list
      const payload = c.transport.protocol === 'json2' || many ? list : list[0];
      const res = await invoke(c, buildSpec(model, 'create', c.version.major, undefined, { vals_list: payload }, baseContext(opts.context)), opts, false);
      const ids = typeof res === 'number' ? [res] : res;
      if (!isIdList(ids) || ids.length !== list.length) throw new AppError('odoo/protocol', `Odoo returned an unexpected answer to ${model}.create.`, { model });
      return many ? ids : ids[0];
    }) as OdooClient['create'],

    async write(model, ids, vals, opts = {}) {
      const a = await adapter(model, opts.signal);
      const translated = a.translateVals(vals);
      if (ids.length === 0 || Object.keys(translated).length === 0) return true;
      await run(model, 'write', ids, { vals: translated }, opts, true);
      return true;
    },

    async unlink(model, ids, opts = {}) {
      if (ids.length === 0) return true;
      await run(model, 'unlink', ids, {}, opts, false);
      return true;
    },

    async readGroup(model, domain, groupby, aggregates, opts: ReadGroupOptions = {}) {
      const c = await connected(opts.signal);
      const a = await fieldMap.ensure(model, opts.signal);
      const gb = groupby.map((g) => [g, a.translateSpec(g)] as const);
      const ag = aggregates.filter((s) => s !== '__count').map((s) => [s, a.translateSpec(s)] as const);
      const serverGb = gb.flatMap(([, s]) => (s === undefined ? [] : [s]));
      const serverAg = ag.flatMap(([, s]) => (s === undefined ? [] : [s]));
      const d = a.translateDomain(domain);
      const ctx = baseContext(opts.context);
      const modern = c.version.major >= 19;
      // 19 deprecates read_group for formatted_read_group: keys are the specs themselves ("amount:sum")
      const res = modern
        ? await invoke(
            c,
            buildSpec(model, 'formatted_read_group', c.version.major, undefined, { domain: d, groupby: serverGb, aggregates: [...serverAg, '__count'], offset: opts.offset, limit: opts.limit, order: opts.orderby }, ctx),
            opts,
            true,
          )
        : await invoke(
            c,
            buildSpec(model, 'read_group', c.version.major, undefined, { domain: d, fields: serverAg, groupby: serverGb, offset: opts.offset, limit: opts.limit, orderby: opts.orderby, lazy: false }, ctx),
            opts,
            true,
          );
      return records(res, model, modern ? 'formatted_read_group' : 'read_group').map((row): ReadGroupRow => {
        const group: Record<string, unknown> = {};
        for (const [logical, server] of gb) {
          const v = server === undefined ? false : (row[server] ?? false);
          // date granularity: read_group gives the label ("January 2024"), formatted_read_group [start, label]
          group[logical] = logical.includes(':') && Array.isArray(v) && v.length === 2 && typeof v[1] === 'string' ? v[1] : v;
        }
        const aggs: Record<string, unknown> = {};
        for (const [logical, server] of ag) {
          // read_group names an aggregate by its field ("amount_total"), formatted_read_group by its spec
          aggs[logical] = server === undefined ? false : (row[modern ? server : (server.split(':')[0] ?? server)] ?? false);
        }
        const count = row['__count'];
        if (aggregates.includes('__count')) aggs['__count'] = count;
        return { group, count: typeof count === 'number' ? count : 0, aggregates: aggs };
      });
    },

    async nameSearch(model, name, opts: NameSearchOptions = {}) {
      const c = await connected(opts.signal);
      const a = await fieldMap.ensure(model, opts.signal);
      const domainName = c.version.major >= 18 ? 'domain' : 'args';
      const res = await invoke(
        c,
        buildSpec(model, 'name_search', c.version.major, undefined, { name, [domainName]: a.translateDomain(opts.domain ?? []), operator: opts.operator ?? 'ilike', limit: opts.limit ?? 100 }, baseContext(opts.context)),
        opts,
        true,
      );
      return records(res, model, 'name_search').map((pair) => {
        const p = pair as unknown as unknown[];
        return [Number(p[0]), String(p[1] ?? '')] as [number, string];
      });
    },

    async messagePost(model, id, body, opts: MessagePostOptions = {}) {
      const res = await run(
        model,
        'message_post',
        [id],
        {
          body,
          message_type: opts.messageType ?? 'comment',
          subtype_xmlid: opts.subtypeXmlid ?? 'mail.mt_note',
          attachment_ids: opts.attachmentIds,
          partner_ids: opts.partnerIds,
        },
        opts,
        false,
      );
      // 16–18 return the message id; 19 returns every recordset as a list of ids
      const msgId = Array.isArray(res) ? res[0] : res;
      if (typeof msgId !== 'number') throw new AppError('odoo/protocol', `Odoo returned an unexpected answer to ${model}.message_post.`, { model });
      return msgId;
    },

    async call<T>(model: string, method: string, args: unknown[] | NamedParams = [], kwargs: Record<string, unknown> = {}, opts: CallOptions = {}): Promise<T> {
      const c = await connected(opts.signal);
      const ctx = baseContext({ ...(kwargs['context'] as OdooContext | undefined), ...opts.context });
      const { context: _ignored, ...kw } = kwargs;
      let spec: CallSpec;
      if (!Array.isArray(args)) {
        const { ids, ...named } = args;
        spec = buildSpec(model, method, c.version.major, ids, { ...named, ...kw }, ctx);
      } else if (c.transport.protocol !== 'json2') {
        spec = { model, method, params: [], positional: 0, context: ctx, rawArgs: args, rawKwargs: kw };
      } else {
        // JSON-2 has no positional arguments: name them from the signature when we know it
        const sig = signatureOf(method, c.version.major);
        let rest = args;
        let ids: number[] | undefined;
        if ((sig?.record ?? (rest.length > 0 && isIdList(rest[0]))) && rest.length > 0) {
          if (!isIdList(rest[0])) throw new AppError('odoo/protocol', `${model}.${method} expects a list of ids first.`, { model, method });
          ids = rest[0];
          rest = rest.slice(1);
        }
        if (rest.length > 0 && (sig === undefined || rest.length > sig.names.length)) {
          throw new AppError('odoo/protocol', `Odoo 19's API needs named parameters for ${model}.${method}: call it as call(model, method, { ids, …params }).`, { model, method });
        }
        const named: Record<string, unknown> = { ...kw };
        rest.forEach((v, i) => {
          const n = sig?.names[i];
          if (n !== undefined) named[n] = v;
        });
        spec = buildSpec(model, method, c.version.major, ids, named, ctx);
      }
      return (await invoke(c, spec, opts, false)) as T;
    },

    close() {
      closed = true;
      conn = undefined;
      fieldMap.clear();
    },
  };
  return client;
}
