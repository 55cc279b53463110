import type { CallOutput, EventPayload, Role } from '../../../../core/contract';
import { getClient } from '../../shared/api/client';
import { changeSettings } from '../settings/settings.store';

export type Dashboard = CallOutput<'dashboards:get'>;
export type Drill = CallOutput<'dashboards:drill'>;

/** The chosen role is a user setting, so it survives restarts and follows the data directory. */
export const saveDashboardRole = (role: Role): Promise<boolean> => changeSettings({ dashboardRole: role });

/** background refreshes report their failure inline, not as a notification */
export const fetchDashboard = (role: Role): Promise<Dashboard> => getClient().invoke('dashboards:get', { role }, { report: false });
export const fetchDrill = (role: Role, widgetId: string, key: string): Promise<Drill> => getClient().invoke('dashboards:drill', { role, widgetId, key, limit: 500 });
export const exportWidget = (role: Role, widgetId: string): Promise<CallOutput<'dashboards:export'>> => getClient().invoke('dashboards:export', { role, widgetId });

/** Desktop app: the main process prints the window to PDF (Electron printToPDF). */
export const printPdf = (role: Role): Promise<CallOutput<'dashboards:pdf'>> => getClient().invoke('dashboards:pdf', { role });
/** Electron answers dashboards:pdf; in a browser the page's own print (with its print CSS) makes the PDF. */
export const canPrintInApp = (): boolean => getClient().transport === 'electron';

export const onSyncFinished = (l: (p: EventPayload<'sync:finished'>) => void): (() => void) => getClient().on('sync:finished', l);
export const onOutboxChanged = (l: (p: EventPayload<'outbox:changed'>) => void): (() => void) => getClient().on('outbox:changed', l);
export const onConnectionChanged = (l: (p: EventPayload<'connection:changed'>) => void): (() => void) => getClient().on('connection:changed', l);
