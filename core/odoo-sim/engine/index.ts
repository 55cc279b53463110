import { OdooServerError, type OdooVersion, type SimCall, type SimDataset, type SimEngine, type SimUserInfo, type VersionInfo } from '../types';
import { createStatementMove } from './accounting/statement';
import { flushAccounting, recomputeAll } from './accounting/recompute';
import { addApiKey, apiKeyUid, checkSecret, findLogin, loadAuth, passwordNeedsSecondFactor, newApiKey, revokeApiKey, saveUsers } from './auth';
import type { CompiledModel, EngineCore, ModelDef } from './core';
import { displayName, MAGIC_FIELDS } from './core';
import { dispatch } from './dispatch';
import { valueError } from './errors';
import type { FieldDef, Row } from './fields';
import { ACCOUNT_MODELS } from './models/account';
import { BASE_MODELS } from './models/base';
import { BUSINESS_MODELS } from './models/business';
import { EXTRA_MODELS } from './models/extra';
import { makeEnv, sudo } from './orm';
import { SqlitePersistence } from './persistence';
import { buildExternalFields } from './personality';
import { seed } from './seed';
import { Store } from './store';

export type EngineOptions = {
  version: OdooVersion;
  /** Database name checked by authenticate / checkCredentials. Default 'demo'. */
  dbName?: string;
  /** SQLite file for persistence; absent = memory only. */
  storagePath?: string;
  /** Password of `admin` (uid 2). Default 'admin'. */
  adminPassword?: string;
  /** Clock for create_date / write_date (tests pin it). */
  now?: () => Date;
};

export const ALL_MODELS: ModelDef[] = [...BASE_MODELS, ...ACCOUNT_MODELS, ...BUSINESS_MODELS, ...EXTRA_MODELS];

function compileRegistry(version: OdooVersion, store: Store): Map<string, CompiledModel> {
  const models = new Map<string, CompiledModel>();
  for (const def of ALL_MODELS) {
    const fields = new Map<string, FieldDef>();
    for (const fd of [...MAGIC_FIELDS, ...def.fields]) fields.set(fd.name, fd);
    const dn = fields.get('display_name')!;
    fields.set('display_name', { ...dn, compute: (row, env) => displayName(env, def.name, row) });
    const cm: CompiledModel = {
      name: def.name,
      def,
      fields,
      ext: new Map(),
      hasCompany: fields.get('company_id')?.type === 'many2one' && !fields.get('company_id')?.compute && def.name !== 'res.users' && def.name !== 'res.company',
      activeField: false,
    };
    cm.ext = buildExternalFields(version, cm);
    cm.activeField = cm.ext.has('active');
    models.set(def.name, cm);
  }
  for (const cm of models.values()) {
    for (const fd of cm.fields.values()) {
      if (fd.type === 'many2one' && fd.index && !fd.compute) store.addIndex(cm.name, fd.name);
      if (fd.type === 'one2many' && !fd.compute && fd.relation && fd.relationField) store.addIndex(fd.relation, fd.relationField);
    }
  }
  return models;
}

const pad = (n: number) => String(n).padStart(2, '0');
const fmt = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

export function createEngine(opts: EngineOptions): SimEngine {
  const version = opts.version;
  const dbName = opts.dbName ?? 'demo';
  const adminPassword = opts.adminPassword ?? 'admin';
  const clock = opts.now ?? (() => new Date());
  const store = new Store();
  let last = '';
  let txNow: string | null = null;
  const stampNow = () => {
    const t = fmt(clock());
    // write_date never goes backwards, even if the wall clock does.
    if (t > last) last = t;
    return last;
  };
  const core: EngineCore = {
    version,
    dbName,
    store,
    models: new Map(),
    users: new Map(),
    now: () => txNow ?? stampNow(),
    today: () => (txNow ?? stampNow()).slice(0, 10),
  };
  core.models = compileRegistry(version, store);
  const persistence = opts.storagePath ? new SqlitePersistence(opts.storagePath) : null;

  const persistAll = () => {
    if (!persistence) return;
    const changes = store.models().flatMap((model) => store.ids(model).map((id) => ({ model, id, before: undefined })));
    persistence.save(store, changes);
  };

  const boot = () => {
    if (persistence && !persistence.isEmpty()) {
      persistence.load(store);
      loadAuth(core);
      const lastStamp = store.meta.get('clock:last');
      if (lastStamp && lastStamp > last) last = lastStamp;
      return;
    }
    seed(core, adminPassword);
    persistAll();
  };
  boot();

  const inTransaction = <T>(fn: () => T): T => {
    txNow = stampNow();
    store.begin();
    try {
      const result = fn();
      store.meta.set('clock:last', last);
      const changes = store.commit();
      if (persistence && changes.length) persistence.save(store, changes);
      return result;
    } catch (e) {
      store.rollback();
      loadAuth(core);
      throw e;
    } finally {
      txNow = null;
    }
  };

  const userRow = (uid: number) => store.get('res.users', uid);

  const engine: SimEngine = {
    version,
    dbName,
    versionInfo(): VersionInfo {
      return { server_version: `${version}.0`, server_version_info: [version, 0, 0, 'final', 0, ''], server_serie: `${version}.0`, protocol_version: 1 };
    },
    authenticate(db, login, secret, { interactive }) {
      if (db !== dbName) return false;
      const u = findLogin(core, login);
      if (!u) return false;
      return checkSecret(core, u.id, secret, interactive) ? u.id : false;
    },
    secondFactorPending(db, login, password) {
      const u = db === dbName ? findLogin(core, login) : undefined;
      return u !== undefined && passwordNeedsSecondFactor(core, u.id, password);
    },
    checkCredentials(db, uid, secret) {
      return db === dbName && checkSecret(core, uid, secret, false);
    },
    uidForApiKey(key) {
      return apiKeyUid(core, key);
    },
    userInfo(uid): SimUserInfo {
      const row = userRow(uid);
      const auth = core.users.get(uid);
      if (!row || !auth) throw new OdooServerError('odoo.exceptions.AccessDenied', 'Access Denied');
      const companyIds = Array.isArray(row.company_ids) ? (row.company_ids as number[]) : [row.company_id as number];
      return {
        uid,
        login: auth.login,
        name: String(row.name ?? ''),
        partnerId: row.partner_id as number,
        companyId: row.company_id as number,
        companyIds,
        isAdmin: auth.groups.includes('admin'),
        context: { lang: String(row.lang || 'en_US'), tz: String(row.tz || 'Europe/Brussels'), uid },
      };
    },
    execute(call: SimCall): unknown {
      const auth = core.users.get(call.uid);
      const row = userRow(call.uid);
      if (!auth || !row || row.active === false) throw new OdooServerError('odoo.exceptions.AccessDenied', 'Access Denied');
      const ctx = call.kwargs?.context;
      if (ctx !== undefined && ctx !== null && (typeof ctx !== 'object' || Array.isArray(ctx))) throw valueError('context must be a dictionary');
      return inTransaction(() => {
        const env = makeEnv(core, call.uid, (ctx as Record<string, unknown>) ?? {});
        const result = dispatch(env, call);
        flushAccounting(sudo(env));
        return result;
      });
    },
    loadDataset(ds: SimDataset): void {
      txNow = stampNow();
      store.beginBulk();
      try {
        bulkLoad(core, ds);
        store.meta.set('clock:last', last);
        store.endBulk();
      } catch (e) {
        store.rollbackBulk();
        loadAuth(core);
        throw e;
      } finally {
        txNow = null;
      }
      persistAll();
    },
    createApiKey(login, o) {
      const u = findLogin(core, login);
      if (!u) throw valueError(`Unknown login ${login}`);
      const key = o?.key ?? newApiKey();
      addApiKey(core, u.id, key, o?.name ?? 'smart-odoo');
      persistence?.saveMeta(store);
      return key;
    },
    revokeApiKey(key) {
      const ok = revokeApiKey(core, key);
      if (ok) persistence?.saveMeta(store);
      return ok;
    },
    reset() {
      store.clear();
      core.users.clear();
      persistence?.clear();
      seed(core, adminPassword);
      persistAll();
    },
    close() {
      persistence?.close();
    },
  };
  return engine;
}

/**
 * loadDataset body: raw rows in (moves before their lines so line-related fields and amounts are filled
 * on insert), dataset users and keys, statement-line moves that are missing, then every derived field.
 */
function bulkLoad(core: EngineCore, ds: SimDataset): void {
  const store = core.store;
  const now = core.now();
  // A loaded company is history, not a burst of edits made now: records keep their own dates as create and
  // write dates (what a real database that grew over two years looks like to an incremental sync).
  const historic = (row: Record<string, unknown>): string => {
    for (const f of ['date', 'invoice_date', 'date_order', 'date_planned', 'date_deadline']) {
      const v = row[f];
      if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) && `${v.slice(0, 10)} 08:00:00` < now) return `${v.slice(0, 10)} 08:00:00`;
    }
    const opening = `${ds.meta.today.slice(0, 4)}-01-01 07:00:00`;
    return opening < now ? opening : now;
  };
  const order = (m: string) => (m === 'account.move' ? 1 : m === 'account.move.line' ? 2 : 0);
  const entries = Object.entries(ds.records).sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b));
  for (const [model] of entries) if (!core.models.has(model)) throw valueError(`loadDataset: unknown model ${model}`);
  for (const [model, rows] of entries) {
    for (const raw of rows) {
      const stamp = typeof raw.write_date === 'string' ? raw.write_date : historic(raw);
      const row: Record<string, unknown> = { create_uid: 1, create_date: stamp, write_uid: 1, write_date: stamp, ...raw };
      if (model === 'account.move.line') completeLine(store, row);
      store.put(model, row as Row);
    }
  }
  for (const u of ds.users ?? []) {
    if (!store.get('res.users', u.id)) {
      const partnerId = store.nextId('res.partner');
      store.put('res.partner', { id: partnerId, name: u.name, is_company: false, active: true, type: 'contact', company_id: 1, create_uid: 1, create_date: now, write_uid: 1, write_date: now });
      store.put('res.users', { id: u.id, name: u.name, login: u.login, partner_id: partnerId, company_id: 1, company_ids: [1], active: true, share: false, create_uid: 1, create_date: now, write_uid: 1, write_date: now });
    }
    core.users.set(u.id, { id: u.id, login: u.login, password: u.password, groups: u.groups, totp: u.totp ?? false });
    for (const k of u.apiKeys ?? []) addApiKey(core, u.id, k, 'dataset');
  }
  // A seed user whose login a dataset user took over is archived (one login, one user).
  const datasetIds = new Set((ds.users ?? []).map((u) => u.id));
  const datasetLogins = new Set((ds.users ?? []).map((u) => u.login));
  for (const u of [...core.users.values()]) {
    if (datasetIds.has(u.id) || !datasetLogins.has(u.login)) continue;
    core.users.delete(u.id);
    if (store.get('res.users', u.id)) store.patch('res.users', u.id, { active: false });
  }
  saveUsers(core);
  const env = makeEnv(core, 1, {}, true);
  for (const id of store.ids('account.bank.statement.line')) {
    const st = store.get('account.bank.statement.line', id)!;
    if (typeof st.move_id !== 'number' || !store.get('account.move', st.move_id)) createStatementMove(env, id);
    else if (store.get('account.move', st.move_id)!.statement_line_id !== id) store.patch('account.move', st.move_id, { statement_line_id: id });
  }
  for (const id of store.ids('account.payment')) {
    const p = store.get('account.payment', id)!;
    const mv = typeof p.move_id === 'number' ? store.get('account.move', p.move_id) : undefined;
    if (mv && mv.payment_id !== id) store.patch('account.move', mv.id, { payment_id: id });
  }
  recomputeAll(env);
  // the recompute above stamped what it derived with the load time: give those records their history back
  for (const model of Object.keys(ds.records)) {
    for (const id of store.ids(model)) {
      const row = store.get(model, id)!;
      if (row.write_date === now) store.patch(model, id, { write_date: historic(row), create_date: typeof row.create_date === 'string' && row.create_date !== now ? row.create_date : historic(row) });
    }
  }
}

function completeLine(store: Store, row: Record<string, unknown>): void {
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  const balance = typeof row.balance === 'number' ? row.balance : Math.round((num(row.debit) - num(row.credit)) * 100) / 100;
  row.balance = balance;
  if (typeof row.debit !== 'number') row.debit = balance > 0 ? balance : 0;
  if (typeof row.credit !== 'number') row.credit = balance < 0 ? -balance : 0;
  if (typeof row.amount_currency !== 'number') row.amount_currency = balance;
  const move = typeof row.move_id === 'number' ? store.get('account.move', row.move_id) : undefined;
  if (move) {
    row.date = move.date;
    row.parent_state = move.state;
    row.move_name = move.name;
    row.journal_id = move.journal_id;
    row.company_id = move.company_id;
    if (row.currency_id === undefined) row.currency_id = move.currency_id;
  }
  if (row.display_type === undefined) {
    const acc = typeof row.account_id === 'number' ? store.get('account.account', row.account_id) : undefined;
    const invoice = typeof move?.move_type === 'string' && move.move_type !== 'entry';
    if (row.tax_line_id) row.display_type = 'tax';
    else if (invoice && (acc?.account_type === 'asset_receivable' || acc?.account_type === 'liability_payable')) row.display_type = 'payment_term';
    else row.display_type = 'product';
  }
}

export type { SimEngine } from '../types';
