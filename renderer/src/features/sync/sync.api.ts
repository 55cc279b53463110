import type { CallOutput, EventPayload } from '../../../../core/contract';
import { getClient } from '../../shared/api/client';

export type SyncStatus = CallOutput<'sync:status'>;
export type SyncLog = CallOutput<'sync:log'>;

export const runSync = (full = false): Promise<CallOutput<'sync:run'>> => getClient().invoke('sync:run', { full });
/** background refreshes: a failure is shown where the data would be, not as a notification */
export const fetchSyncStatus = (): Promise<SyncStatus> => getClient().invoke('sync:status', {}, { report: false });
export const fetchSyncLog = (limit = 200): Promise<SyncLog> => getClient().invoke('sync:log', { limit }, { report: false });
export const cancelSync = (jobId: string): Promise<CallOutput<'jobs:cancel'>> => getClient().invoke('jobs:cancel', { jobId });

export const onSyncProgress = (l: (p: EventPayload<'sync:progress'>) => void): (() => void) => getClient().on('sync:progress', l);
export const onSyncFinished = (l: (p: EventPayload<'sync:finished'>) => void): (() => void) => getClient().on('sync:finished', l);
export const onConnectionChanged = (l: (p: EventPayload<'connection:changed'>) => void): (() => void) => getClient().on('connection:changed', l);
