import type Database from 'better-sqlite3';
import type { Dashboard, Drill, Role, Widget } from '../../contract';
import { AppError, toErrorShape } from '../../shared/errors';
import { syncSpec } from '../../sync/models';
import { CFO_WIDGETS } from './cfo';
import { createContext, NoRatesError, type DashboardContext } from './context';
import { SALES_WIDGETS } from './sales';
import type { WidgetDef } from './types';
import { WAREHOUSE_WIDGETS } from './warehouse';

export { createContext, NoRatesError } from './context';
export type { DashboardContext } from './context';
export type { WidgetDef } from './types';

export const ROLE_WIDGETS: Readonly<Record<Role, readonly WidgetDef[]>> = { cfo: CFO_WIDGETS, sales: SALES_WIDGETS, warehouse: WAREHOUSE_WIDGETS };

export type DashboardOptions = {
  db: Database.Database;
  role: Role;
  /** 'YYYY-MM-DD', default today (UTC) */
  asOf?: string;
  /** the active connection: its URL for links (null for the demo company), whether it is the demo */
  connection: { id: string | null; url: string | null; demo: boolean };
};

export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

type ModelState = { state: 'ok' | 'no-access' | 'empty'; message?: string };

/** Whether the cache can answer for a model: synced with rows, refused by Odoo (access), or nothing there yet. */
function modelStates(db: Database.Database, models: readonly string[]): Map<string, ModelState> {
  const out = new Map<string, ModelState>();
  const last = db.prepare<[string], { status: string; message: string | null }>('SELECT status, message FROM sync_log WHERE model = ? ORDER BY id DESC LIMIT 1');
  const has = db.prepare<[string], { x: number }>('SELECT 1 AS x FROM cache_records WHERE model = ? LIMIT 1');
  for (const m of models) {
    const label = syncSpec(m)?.label ?? m;
    const l = last.get(m);
    // non-essential models are skipped on an access error; essential ones fail with Odoo's AccessError text
    const refused = l?.status === 'skipped' || (l?.status === 'failed' && /not allowed to (access|read|use)|access ?error|no access/i.test(l.message ?? ''));
    if (refused) out.set(m, { state: 'no-access', message: `Your Odoo user has no access to ${label} (${m}), so this cannot be computed. Ask your administrator for read access.` });
    else if (!has.get(m)) out.set(m, { state: 'empty', message: l ? `No ${label.toLowerCase()} (${m}) in Odoo.` : `No ${label.toLowerCase()} (${m}) in the local cache yet: sync first.` });
    else out.set(m, { state: 'ok' });
  }
  return out;
}

function runWidget(ctx: DashboardContext, def: WidgetDef, states: Map<string, ModelState>): Widget {
  const head = { id: def.id, title: def.title, help: def.help };
  for (const m of def.models) {
    const s = states.get(m);
    if (s?.state === 'no-access') return { ...head, status: 'no-access', message: s.message! };
  }
  // an empty model only blanks the widget when it is the widget's main one (the first listed)
  const main = def.models[0] ? states.get(def.models[0]) : undefined;
  if (main?.state === 'empty') return { ...head, status: 'empty', message: main.message! };
  try {
    const body = def.compute(ctx);
    return { ...head, status: body.status ?? 'ok', ...(body.message ? { message: body.message } : {}), ...(body.kpis ? { kpis: body.kpis } : {}), ...(body.chart ? { chart: body.chart } : {}), ...(body.table ? { table: body.table } : {}) };
  } catch (e) {
    if (e instanceof NoRatesError) return { ...head, status: 'no-rates', message: e.message };
    return { ...head, status: 'error', message: toErrorShape(e).message };
  }
}

function lastSyncedAt(db: Database.Database): string | null {
  return db.prepare<[], { t: string | null }>("SELECT max(finished_at) AS t FROM sync_log WHERE status = 'ok'").get()?.t ?? null;
}

const contextFor = (o: DashboardOptions): DashboardContext =>
  createContext({ db: o.db, asOf: o.asOf ?? todayUtc(), odooUrl: o.connection.demo ? null : o.connection.url, connectionId: o.connection.id });

/** Every widget of a role's dashboard; a widget that cannot be computed says why, the others still render. */
export function computeDashboard(o: DashboardOptions): Dashboard {
  const t0 = performance.now();
  const ctx = contextFor(o);
  const defs = ROLE_WIDGETS[o.role];
  const states = modelStates(o.db, [...new Set(defs.flatMap((d) => d.models))]);
  // one read snapshot: a sync committing meanwhile cannot make two widgets disagree
  const widgets = o.db.transaction(() => defs.map((d) => runWidget(ctx, d, states)))();
  return {
    role: o.role,
    asOf: ctx.asOf,
    lastSyncedAt: lastSyncedAt(o.db),
    demo: o.connection.demo,
    currency: ctx.currency,
    connectionUrl: o.connection.demo ? null : o.connection.url,
    ms: Math.round((performance.now() - t0) * 10) / 10,
    widgets,
  };
}

export function findWidget(role: Role, widgetId: string): WidgetDef {
  const def = ROLE_WIDGETS[role].find((w) => w.id === widgetId);
  if (!def) throw new AppError('contract/invalid-input', `The ${role} dashboard has no widget “${widgetId}”. It has: ${ROLE_WIDGETS[role].map((w) => w.id).join(', ')}.`);
  return def;
}

/** The records behind one figure. */
export function drillDashboard(o: DashboardOptions & { widgetId: string; key: string; limit?: number }): Drill {
  const def = findWidget(o.role, o.widgetId);
  const ctx = contextFor(o);
  const states = modelStates(o.db, def.models);
  for (const m of def.models) {
    const s = states.get(m);
    if (s?.state === 'no-access') throw new AppError('odoo/access-error', s.message!);
  }
  try {
    const d = def.drill(ctx, o.key, o.limit ?? 500);
    return { ...d, ...(ctx.odooUrl === null ? { linkNote: o.connection.demo ? 'The demo company has no Odoo web client to open records in.' : 'No Odoo address is known for this connection.' } : {}) };
  } catch (e) {
    if (e instanceof NoRatesError) throw new AppError('contract/invalid-input', e.message);
    throw e;
  }
}

/** One widget, computed (for exports). */
export function computeWidget(o: DashboardOptions & { widgetId: string }): { widget: Widget; currency: string; asOf: string } {
  const def = findWidget(o.role, o.widgetId);
  const ctx = contextFor(o);
  const widget = runWidget(ctx, def, modelStates(o.db, def.models));
  return { widget, currency: ctx.currency, asOf: ctx.asOf };
}
