import { create } from 'zustand';
import type { Role } from '../../../../core/contract';
import { isClientError } from '../../shared/api/client';
import { fetchDashboard, fetchDrill, type Dashboard, type Drill } from './dashboards.api';

type Slot = { data: Dashboard | null; loading: boolean; error: string | null };
export type DrillState = { role: Role; widgetId: string; key: string; title: string; data: Drill | null; loading: boolean; error: string | null };

type DashboardsState = {
  byRole: Partial<Record<Role, Slot>>;
  drill: DrillState | null;
  dashboardRequested(role: Role): void;
  dashboardLoaded(role: Role, data: Dashboard): void;
  dashboardFailed(role: Role, error: string): void;
  drillOpened(d: Omit<DrillState, 'data' | 'loading' | 'error'>): void;
  drillLoaded(data: Drill): void;
  drillFailed(error: string): void;
  drillClosed(): void;
};

/** Dashboards as the core computed them, per role; the last one stays on screen while a refresh runs. */
export const useDashboardsStore = create<DashboardsState>()((set) => ({
  byRole: {},
  drill: null,
  dashboardRequested: (role) => set((s) => ({ byRole: { ...s.byRole, [role]: { data: s.byRole[role]?.data ?? null, loading: true, error: null } } })),
  dashboardLoaded: (role, data) => set((s) => ({ byRole: { ...s.byRole, [role]: { data, loading: false, error: null } } })),
  dashboardFailed: (role, error) => set((s) => ({ byRole: { ...s.byRole, [role]: { data: s.byRole[role]?.data ?? null, loading: false, error } } })),
  drillOpened: (d) => set({ drill: { ...d, data: null, loading: true, error: null } }),
  drillLoaded: (data) => set((s) => (s.drill ? { drill: { ...s.drill, data, loading: false } } : {})),
  drillFailed: (error) => set((s) => (s.drill ? { drill: { ...s.drill, loading: false, error } } : {})),
  drillClosed: () => set({ drill: null }),
}));

const message = (e: unknown) => (isClientError(e) || e instanceof Error ? e.message : String(e));

/** Latest request per role wins: a slow answer never overwrites a newer one. */
const seq: Partial<Record<Role, number>> = {};
export async function refreshDashboard(role: Role): Promise<void> {
  const n = (seq[role] = (seq[role] ?? 0) + 1);
  const st = useDashboardsStore.getState();
  st.dashboardRequested(role);
  try {
    const data = await fetchDashboard(role);
    if (seq[role] === n) useDashboardsStore.getState().dashboardLoaded(role, data);
  } catch (e) {
    if (seq[role] === n) useDashboardsStore.getState().dashboardFailed(role, message(e));
  }
}

export async function openDrill(role: Role, widgetId: string, key: string, title: string): Promise<void> {
  useDashboardsStore.getState().drillOpened({ role, widgetId, key, title });
  try {
    const data = await fetchDrill(role, widgetId, key);
    const cur = useDashboardsStore.getState().drill;
    if (cur && cur.widgetId === widgetId && cur.key === key) useDashboardsStore.getState().drillLoaded(data);
  } catch (e) {
    useDashboardsStore.getState().drillFailed(message(e));
  }
}
