import { IconArrowsExchange, IconChartHistogram, IconFileInvoice, IconRefresh, IconSend, IconSettings, type Icon } from '@tabler/icons-react';

export type RouteId = 'reconciliation' | 'documents' | 'dashboards' | 'outbox' | 'sync' | 'settings';

export type RouteDef = {
  id: RouteId;
  label: string;
  icon: Icon;
  /** second key of the `g <key>` shortcut */
  key: string;
  description: string;
};

export const ROUTES: readonly RouteDef[] = [
  { id: 'reconciliation', label: 'Reconciliation', icon: IconArrowsExchange, key: 'r', description: 'Match bank lines to invoices and payments' },
  { id: 'documents', label: 'Documents', icon: IconFileInvoice, key: 'd', description: 'Extract vendor bills and receipts' },
  { id: 'dashboards', label: 'Dashboards', icon: IconChartHistogram, key: 'b', description: 'CFO, Sales and Warehouse views' },
  { id: 'outbox', label: 'Outbox', icon: IconSend, key: 'o', description: 'Changes waiting for Odoo, conflicts and the audit log' },
  { id: 'sync', label: 'Sync', icon: IconRefresh, key: 'y', description: 'Local cache status and the sync log' },
  { id: 'settings', label: 'Settings', icon: IconSettings, key: 's', description: 'Connections, appearance, sync and local data' },
];

export const DEFAULT_ROUTE: RouteId = 'reconciliation';

export const isRouteId = (x: string): x is RouteId => ROUTES.some((r) => r.id === x);

/** `#/dashboards` → `dashboards`; anything unknown → the default page. */
export function routeFromHash(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return isRouteId(id) ? id : DEFAULT_ROUTE;
}

export const hashFor = (id: RouteId): string => `#/${id}`;
