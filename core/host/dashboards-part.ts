import type Database from 'better-sqlite3';
import type { CallName } from '../contract';
import { computeDashboard, computeWidget, drillDashboard } from '../engine/dashboards';
import { exportFileName, widgetWorkbook } from '../engine/dashboards/export';
import { AppError } from '../shared/errors';
import type { Handlers } from './handlers';

type DashboardsCallName = Extract<CallName, `dashboards:${string}`>;

export type DashboardsPartOptions = {
  db: Database.Database;
  /** the active connection (null: none yet, the demo company will be) */
  connection: () => { id: string; kind: 'odoo' | 'demo'; url: string } | null;
};

/** Role dashboards: every figure computed from the local cache (SQL over the store), drill-downs and Excel exports. */
export function createDashboardsPart(o: DashboardsPartOptions) {
  const connection = () => {
    const c = o.connection();
    return { id: c?.id ?? null, url: c && c.kind === 'odoo' ? c.url : null, demo: !c || c.kind === 'demo' };
  };

  const handlers: Pick<Handlers, DashboardsCallName> = {
    'dashboards:get': (i) => computeDashboard({ db: o.db, role: i.role, ...(i.asOf ? { asOf: i.asOf } : {}), connection: connection() }),
    'dashboards:drill': (i) => drillDashboard({ db: o.db, role: i.role, widgetId: i.widgetId, key: i.key, limit: i.limit, ...(i.asOf ? { asOf: i.asOf } : {}), connection: connection() }),
    'dashboards:export': async (i) => {
      const { widget, currency, asOf } = computeWidget({ db: o.db, role: i.role, widgetId: i.widgetId, ...(i.asOf ? { asOf: i.asOf } : {}), connection: connection() });
      const { buffer, rows } = await widgetWorkbook(widget, { currency, asOf });
      return { fileName: exportFileName(i.role, i.widgetId, asOf), contentBase64: buffer.toString('base64'), rows };
    },
    // the desktop app's main process answers this one itself (it owns the window); other hosts print in the browser
    'dashboards:pdf': () => {
      throw new AppError('contract/invalid-input', 'PDF export through the app needs the desktop app; in a browser, print the page and choose “Save as PDF”.');
    },
  };
  return { handlers };
}
export type DashboardsPart = ReturnType<typeof createDashboardsPart>;
