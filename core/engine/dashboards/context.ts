import type Database from 'better-sqlite3';
import type { Column, Row, Table } from '../../contract';
import { AppError } from '../../shared/errors';

/** The id of a many2one stored in the cache: `[id, "name"]` over JSON-RPC, a bare id over some JSON-2 reads. */
export const m2o = (field: string, alias = ''): string => {
  const d = `${alias ? `${alias}.` : ''}data`;
  return `(CASE json_type(${d}, '$.${field}') WHEN 'array' THEN json_extract(${d}, '$.${field}[0]') WHEN 'integer' THEN json_extract(${d}, '$.${field}') END)`;
};
/** The display name of a many2one (`[id, "name"]`), null when only the id is cached. */
export const m2oName = (field: string, alias = ''): string => `json_extract(${alias ? `${alias}.` : ''}data, '$.${field}[1]')`;
export const f = (field: string, alias = ''): string => `json_extract(${alias ? `${alias}.` : ''}data, '$.${field}')`;

/** A widget cannot be computed because a currency has no rate in the cache. */
export class NoRatesError extends Error {
  constructor(readonly currency: string) {
    super(`No exchange rate for ${currency} in the local cache, so amounts in ${currency} cannot be converted. Sync Currency rates (res.currency.rate) or add a rate in Odoo.`);
  }
}

/** What every widget reads: the store, the date the figures are computed at, the company currency and rates. */
export type DashboardContext = {
  db: Database.Database;
  /** 'YYYY-MM-DD' */
  asOf: string;
  /** the company currency code (EUR) and its res.currency id */
  currency: string;
  currencyId: number | null;
  /** base URL of the Odoo web client, null for the demo company (it has no web UI) */
  odooUrl: string | null;
  /** outbox rows belong to this connection */
  connectionId: string | null;
  /** company amount for `amount` in currency `currencyId` on `date`; throws NoRatesError */
  toCompany(amount: number, currencyId: number | null | undefined, date: string): number;
  currencyName(currencyId: number | null | undefined): string;
  /** the link to a record in Odoo's web client, or null */
  link(model: string, id: number | null | undefined): string | null;
  /** computes once per dashboard (several widgets read the same open items) */
  memo<T>(key: string, fn: () => T): T;
};

/** 'YYYY-MM-DD' plus n days. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Builds the context: company currency from the first company in the cache, the rates of every other
 * currency (Odoo's convention: units of the currency per one unit of company currency), and the link base.
 */
export function createContext(o: { db: Database.Database; asOf: string; odooUrl: string | null; connectionId: string | null }): DashboardContext {
  const db = o.db;
  const company = db
    .prepare<[], { cur: number | null }>(`SELECT ${m2o('currency_id')} AS cur FROM cache_records WHERE model = 'res.company' ORDER BY id LIMIT 1`)
    .get();
  const currencies = new Map<number, string>();
  for (const r of db.prepare<[], { id: number; name: string }>(`SELECT id, ${f('name')} AS name FROM cache_records WHERE model = 'res.currency'`).all()) currencies.set(r.id, r.name);
  const currencyId = company?.cur ?? null;
  const currency = (currencyId !== null ? currencies.get(currencyId) : undefined) ?? 'EUR';

  // rates per currency, sorted by date, loaded lazily (only widgets that convert pay for it)
  let rates: Map<number, Array<{ day: string; rate: number }>> | null = null;
  const loadRates = () => {
    rates = new Map();
    const rows = db
      .prepare<[], { cur: number; day: string; rate: number }>(
        `SELECT ${m2o('currency_id')} AS cur, substr(${f('name')}, 1, 10) AS day, ${f('rate')} AS rate FROM cache_records WHERE model = 'res.currency.rate' ORDER BY cur, day`,
      )
      .all();
    for (const r of rows) {
      if (!(r.rate > 0)) continue;
      let list = rates.get(r.cur);
      if (!list) rates.set(r.cur, (list = []));
      list.push({ day: r.day, rate: r.rate });
    }
    return rates;
  };

  const rateAt = (cur: number, day: string): number | null => {
    const list = (rates ?? loadRates()).get(cur);
    if (!list || list.length === 0) return null;
    // Odoo: the latest rate on or before the date, else the oldest one
    let lo = 0;
    let hi = list.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.day <= day) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return list[best === -1 ? 0 : best]!.rate;
  };

  const base = o.odooUrl ? o.odooUrl.replace(/\/+$/, '') : null;
  const memos = new Map<string, unknown>();
  return {
    memo<T>(key: string, fn: () => T): T {
      if (!memos.has(key)) memos.set(key, fn());
      return memos.get(key) as T;
    },
    db,
    asOf: o.asOf,
    currency,
    currencyId,
    odooUrl: base,
    connectionId: o.connectionId,
    currencyName: (id) => (id ? (currencies.get(id) ?? `currency ${id}`) : currency),
    toCompany(amount, cur, date) {
      if (!cur || cur === currencyId || amount === 0) return amount;
      const r = rateAt(cur, date.slice(0, 10));
      if (r === null) throw new NoRatesError(currencies.get(cur) ?? `currency ${cur}`);
      return amount / r;
    },
    // /web#id=…&model=…&view_type=form opens the form on 16 and 17 and is redirected to /odoo/… by 18 and 19
    link: (model, id) => (base && id ? `${base}/web#id=${id}&model=${encodeURIComponent(model)}&view_type=form` : null),
  };
}

/** The columns and rows one drill-down returns. */
export type DrillSpec = { title: string; model: string; columns: Column[]; rows: Array<Row & { id: number; odooUrl: string | null }>; total: number };
/** One record behind a figure: its id and the link to it in Odoo. */
export type DrillRow = DrillSpec['rows'][number];

/** A drill key the widget does not have (a bad key from the renderer is a clear error, not an empty list). */
export const unknownKey = (widget: string, key: string) => new AppError('contract/invalid-input', `The widget “${widget}” has no figure “${key}”.`);

/** The record id a table row or chart slice drills by (its `key`); anything else is an unknown key. */
export function idKey(widget: string, key: string): number {
  const id = Number(key);
  if (!Number.isInteger(id)) throw unknownKey(widget, key);
  return id;
}

/** A widget's table whose rows drill by their `key` field (`total`: how many there are when only the first are shown). */
export const keyedTable = (columns: Column[], rows: Row[], more: Pick<Table, 'total' | 'highlightField'> = {}): Table => ({ columns, rows, drillKeyField: 'key', ...more });

/** A drill-down over records already read: the first `limit` of `list` as rows, and how many there are. */
export function listDrill<T>(head: Pick<DrillSpec, 'title' | 'model' | 'columns'>, list: readonly T[], limit: number, row: (t: T) => DrillRow): DrillSpec {
  return { ...head, rows: list.slice(0, limit).map(row), total: list.length };
}

/**
 * A drill-down read from the store: how many rows of `from` (a FROM clause) match `where` with `params`, and
 * the first `limit` of them in `orderBy` order, each made a drill row by `row`.
 */
export function queryDrill<R>(
  ctx: DashboardContext,
  head: Pick<DrillSpec, 'title' | 'model' | 'columns'>,
  q: { select: string; from: string; where: string; params: readonly unknown[]; orderBy: string },
  limit: number,
  row: (r: R) => DrillRow,
): DrillSpec {
  const total = ctx.db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n ${q.from} WHERE ${q.where}`).get(...q.params)?.n ?? 0;
  const rows = ctx.db
    .prepare<unknown[], R>(`SELECT ${q.select} ${q.from} WHERE ${q.where} ORDER BY ${q.orderBy} LIMIT ?`)
    .all(...q.params, limit)
    .map(row);
  return { ...head, rows, total };
}

/** Ids of accounts by type (account.account's `account_type`, Odoo 16+ names). */
export function accountIds(ctx: DashboardContext, types: readonly string[]): number[] {
  if (types.length === 0) return [];
  return ctx.db
    .prepare<string[], { id: number }>(`SELECT id FROM cache_records WHERE model = 'account.account' AND ${f('account_type')} IN (${types.map(() => '?').join(',')})`)
    .all(...types)
    .map((r) => r.id);
}

export const inList = (ids: readonly number[]): string => (ids.length ? ids.map((x) => Number(x)).join(',') : 'NULL');
