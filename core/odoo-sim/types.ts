/**
 * The seams of the Odoo simulator. Three parts meet here:
 *   engine/  — the ORM, models, accounting behaviour, users and API keys, persistence (synchronous, in process)
 *   server/  — the wire: /jsonrpc, /web/*, /json/2/*, envelopes, sessions, fault injection (HTTP on 127.0.0.1)
 *   demo/    — the deterministic demo company generator, producing a SimDataset plus its ground truth
 */

export type OdooVersion = 16 | 17 | 18 | 19;
export const ODOO_VERSIONS: readonly OdooVersion[] = [16, 17, 18, 19];

/** Python-side exception names exactly as Odoo serialises them in `error.data.name`. */
export type OdooExceptionName =
  | 'odoo.exceptions.AccessError'
  | 'odoo.exceptions.AccessDenied'
  | 'odoo.exceptions.ValidationError'
  | 'odoo.exceptions.UserError'
  | 'odoo.exceptions.MissingError'
  | 'odoo.exceptions.RedirectWarning'
  | 'odoo.exceptions.LockError'
  | 'odoo.http.SessionExpiredException'
  | 'werkzeug.exceptions.NotFound'
  | 'werkzeug.exceptions.Unauthorized'
  | 'werkzeug.exceptions.UnprocessableEntity'
  | 'builtins.ValueError'
  | 'builtins.TypeError'
  | 'builtins.KeyError'
  | 'builtins.IndexError'
  | 'builtins.AttributeError'
  | 'psycopg2.errors.SerializationFailure';

/** Thrown by the engine; the server turns it into Odoo's JSON-RPC or JSON-2 error body. */
export class OdooServerError extends Error {
  readonly odooName: OdooExceptionName;
  readonly args: unknown[];

  constructor(odooName: OdooExceptionName, message: string, args?: unknown[]) {
    super(message);
    this.name = 'OdooServerError';
    this.odooName = odooName;
    this.args = args ?? [message];
  }
}

export type VersionInfo = {
  server_version: string;
  server_version_info: [number, number, number, string, number, string];
  server_serie: string;
  protocol_version: number;
};

/**
 * One ORM call. `style: 'rpc'` is execute/execute_kw/call_kw: `args` positional, and for record methods
 * `args[0]` holds the ids. `style: 'json2'` is /json/2: `ids` separate (absent for @api.model methods),
 * `args` empty, everything else named in `kwargs` (a 422 UnprocessableEntity when it does not bind).
 */
export type SimCall = {
  uid: number;
  model: string;
  method: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  style: 'rpc' | 'json2';
  ids?: number[];
};

export type SimUserInfo = {
  uid: number;
  login: string;
  name: string;
  partnerId: number;
  companyId: number;
  companyIds: number[];
  isAdmin: boolean;
  context: { lang: string; tz: string; uid: number };
};

export type SimEngine = {
  readonly version: OdooVersion;
  readonly dbName: string;
  versionInfo(): VersionInfo;
  /** common.login / common.authenticate semantics: uid or false, never throws for bad credentials. */
  authenticate(db: string, login: string, secret: string, opts: { interactive: boolean }): number | false;
  /**
   * The password is right but the user has two-factor authentication: an interactive login stops at the
   * second step (Odoo answers `{uid: null}` there), and RPC needs an API key.
   */
  secondFactorPending?(db: string, login: string, password: string): boolean;
  /** Checks a uid + password/API key pair on every execute_kw (security.check). */
  checkCredentials(db: string, uid: number, secret: string): boolean;
  /** JSON-2 bearer key → uid, or false. */
  uidForApiKey(key: string): number | false;
  userInfo(uid: number): SimUserInfo;
  /** Runs one call in one transaction: on throw, nothing it did remains. */
  execute(call: SimCall): unknown;
  /** Bulk-load a generated dataset (ids preserved), then recompute stored derived fields. */
  loadDataset(dataset: SimDataset): void;
  /** Issue a new API key for a login (what `smart-odoo sim` prints); `key` fixes its value. */
  createApiKey(login: string, opts?: { key?: string; name?: string }): string;
  /** res.users.apikeys revoke semantics: the key stops working at once. False when it was unknown. */
  revokeApiKey(key: string): boolean;
  /** Drops every record (memory and SQLite file) and re-seeds the base data (company, users, currencies). */
  reset(): void;
  close(): void;
};

/**
 * A generated company as raw stored values in the simulator's canonical schema (Odoo 17 field names;
 * the engine renames/hides fields per personality). many2one → id number or false; x2many → id arrays;
 * dates 'YYYY-MM-DD'; datetimes 'YYYY-MM-DD HH:MM:SS' UTC. Every record carries its `id`.
 * Derived stored fields (amount_residual, reconciled, matching_number, payment_state, amount totals,
 * display_name, balance) may be omitted: loadDataset recomputes them.
 * Reconciliation state is given by `account.partial.reconcile` records {debit_move_id, credit_move_id, amount}.
 */
export type SimDataset = {
  meta: { seed: number; size: 'S' | 'M' | 'L'; today: string; companyCurrency: string };
  records: Record<string, Array<Record<string, unknown> & { id: number }>>;
  users?: Array<{ id: number; login: string; password: string; name: string; groups: SimAccessGroup[]; apiKeys?: string[]; totp?: boolean }>;
};

/** Coarse access groups the simulator enforces. */
export type SimAccessGroup = 'admin' | 'accountant' | 'readonly' | 'sales' | 'stock';

/** Ground truth written beside the demo data. */
export type DemoGroundTruth = {
  seed: number;
  size: 'S' | 'M' | 'L';
  /** per bank statement line: the journal items it settles (receivable/payable move line ids), and its case type */
  statementLines: Array<{
    statementLineId: number;
    settles: number[];
    partnerId: number | false;
    case: 'exact' | 'one-to-many' | 'partial' | 'fee' | 'fx' | 'no-reference' | 'typo' | 'unmatched' | 'many-to-one';
    writeOff?: { amount: number; reason: 'bank-fee' | 'fx' | 'discount' };
  }>;
  /** planted duplicate partner clusters (each array lists partner ids of one real entity; first is the original) */
  duplicatePartners: number[][];
  /** vendor bills that correspond to purchase orders */
  billPurchaseOrders: Array<{ billId: number; purchaseOrderId: number }>;
};
