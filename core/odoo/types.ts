import type { AppErrorShape } from '../shared/errors';
import type { Logger } from '../shared/logger';

/**
 * `jsonrpc`: `/jsonrpc` execute_kw (16–18, and 19 until Odoo 22); `json2`: `/json/2` (19+);
 * `web-session`: the web client's cookie session, only when asked for (a proxy that blocks `/jsonrpc`).
 */
export type OdooProtocol = 'jsonrpc' | 'json2' | 'web-session';

/** A domain as Odoo takes it: leaves `[field, op, value]` and prefix operators `'&' | '|' | '!'`. */
export type DomainLeaf = [string, string, unknown];
export type DomainTerm = DomainLeaf | '&' | '|' | '!';
export type Domain = DomainTerm[];

export type OdooContext = Record<string, unknown>;
export type OdooRecord = Record<string, unknown> & { id: number };

export type RetryConfig = {
  /** Total attempts including the first (default 4). */
  maxAttempts?: number;
  /** Base of the exponential backoff (default 250 ms); the delay is uniform in [0, min(max, base·2^n)]. */
  baseDelayMs?: number;
  /** Cap of one backoff delay (default 8 s). */
  maxDelayMs?: number;
  /** A Retry-After longer than this fails the call instead of waiting (default 60 s). */
  maxRetryAfterMs?: number;
};

export type OdooClientConfig = {
  url: string;
  db?: string;
  login: string;
  /** Password or API key. Never logged. */
  secret: string;
  protocol?: 'auto' | OdooProtocol;
  /** Per attempt, default 30 s. */
  timeoutMs?: number;
  /** Requests in flight to this server at once (default 2). */
  maxConcurrency?: number;
  retry?: RetryConfig;
  /** Sent as `allowed_company_ids` in every call's context; the first is the current company. */
  companyIds?: number[];
  /** Models the app needs: `connect()` checks read access and loads their field adapters. */
  requiredModels?: string[];
  logger?: Logger;
  fetch?: typeof fetch;
  userAgent?: string;
  /** For tests: the jitter source (default Math.random). */
  random?: () => number;
};

export type ConnectionInfo = {
  url: string;
  db: string | undefined;
  serverVersion: string;
  major: number;
  minor: number;
  edition: 'community' | 'enterprise';
  protocol: OdooProtocol;
  uid: number;
  userName: string;
  companyIds: number[];
  currentCompanyId: number | undefined;
  /** Only when the server allows `db.list`. */
  databases: string[] | undefined;
  /** Models whose `fields_get` is loaded and whose field adapters are ready. */
  adaptedModels: string[];
  /** Things the user should know that did not stop the connection (e.g. a password used on Odoo 19). */
  warnings: string[];
};

export type CallOptions = {
  context?: OdooContext;
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * Whether repeating the call is harmless. Reads and `write` default to true; `create`, `unlink`,
   * `message_post` and `call` to false: such a call that fails after it may have reached Odoo is not
   * retried and throws with `details.maybeCommitted = true`.
   */
  idempotent?: boolean;
};

export type SearchReadOptions = CallOptions & {
  fields?: string[];
  order?: string;
  limit?: number;
  offset?: number;
};

export type PageOptions = CallOptions & {
  fields?: string[];
  /** Records per request (default 500). */
  batchSize?: number;
  /** Resume after this id (exclusive). */
  afterId?: number;
};

export type Page = { records: OdooRecord[]; /** id to resume after */ lastId: number };

export type ReadGroupOptions = CallOptions & { orderby?: string; limit?: number; offset?: number };

/** One group, the same shape whatever the server's method (`read_group` ≤18, `formatted_read_group` 19+). */
export type ReadGroupRow = {
  /** keyed by the groupby spec as asked, e.g. `partner_id` → `[7, "Agrolait"]`, `date:month` → `"January 2024"` */
  group: Record<string, unknown>;
  count: number;
  /** keyed by the aggregate spec as asked, e.g. `amount_total:sum` */
  aggregates: Record<string, unknown>;
};

export type NameSearchOptions = CallOptions & { domain?: Domain; operator?: string; limit?: number };

export type MessagePostOptions = CallOptions & {
  messageType?: string;
  subtypeXmlid?: string;
  attachmentIds?: number[];
  partnerIds?: number[];
};

/** Named form of a generic call: `ids` for record methods, every other key a named parameter. */
export type NamedParams = { ids?: number[] } & Record<string, unknown>;

export type FieldsGetResult = Record<string, { type: string; string?: string; relation?: string; [attr: string]: unknown }>;

export type OdooClient = {
  readonly config: Readonly<Omit<OdooClientConfig, 'secret'>>;
  /** Detects the version, picks the protocol, authenticates; throws AppError. Idempotent. */
  connect(opts?: { signal?: AbortSignal }): Promise<ConnectionInfo>;
  /** Same as connect, but a fresh attempt every time; never throws. */
  testConnection(opts?: { signal?: AbortSignal }): Promise<{ ok: true; info: ConnectionInfo } | { ok: false; error: AppErrorShape }>;
  info(): ConnectionInfo | undefined;
  listDatabases(opts?: { signal?: AbortSignal }): Promise<string[] | undefined>;

  searchRead(model: string, domain?: Domain, opts?: SearchReadOptions): Promise<OdooRecord[]>;
  searchReadPages(model: string, domain?: Domain, opts?: PageOptions): AsyncGenerator<Page, void, undefined>;
  readAll(model: string, domain?: Domain, opts?: PageOptions): Promise<OdooRecord[]>;
  read(model: string, ids: number[], fields?: string[], opts?: CallOptions): Promise<OdooRecord[]>;
  search(model: string, domain?: Domain, opts?: CallOptions & { order?: string; limit?: number; offset?: number }): Promise<number[]>;
  searchCount(model: string, domain?: Domain, opts?: CallOptions & { limit?: number }): Promise<number>;
  fieldsGet(model: string, opts?: CallOptions): Promise<FieldsGetResult>;
  create(model: string, vals: Record<string, unknown>, opts?: CallOptions): Promise<number>;
  create(model: string, vals: Record<string, unknown>[], opts?: CallOptions): Promise<number[]>;
  write(model: string, ids: number[], vals: Record<string, unknown>, opts?: CallOptions): Promise<true>;
  unlink(model: string, ids: number[], opts?: CallOptions): Promise<true>;
  readGroup(model: string, domain: Domain, groupby: string[], aggregates: string[], opts?: ReadGroupOptions): Promise<ReadGroupRow[]>;
  nameSearch(model: string, name: string, opts?: NameSearchOptions): Promise<Array<[number, string]>>;
  messagePost(model: string, id: number, body: string, opts?: MessagePostOptions): Promise<number>;
  /** Positional (`args`, `kwargs`) or named (`{ids, ...params}`) form; JSON-2 needs the named form unless the method is known. */
  call<T = unknown>(model: string, method: string, args?: unknown[] | NamedParams, kwargs?: Record<string, unknown>, opts?: CallOptions): Promise<T>;
  close(): void;
};
