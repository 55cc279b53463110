import { create } from 'zustand';
import type { EventPayload, SyncProgress } from '../../../../core/contract';
import { isClientError } from '../../shared/api/client';
import { fetchSyncLog, fetchSyncStatus, type SyncLog, type SyncStatus } from './sync.api';

export type SyncFinished = EventPayload<'sync:finished'>;

type SyncState = {
  status: SyncStatus | null;
  log: SyncLog;
  /** why the last status read failed (shown on the Sync page) */
  loadError: string | null;
  /** the sync job running now, as far as this window knows */
  runningJobId: string | null;
  /** latest `sync:progress` of the running job */
  progress: SyncProgress | null;
  /** highest overall percentage seen for the running job: the bar never moves backwards */
  percent: number;
  lastFinished: SyncFinished | null;
  syncStarted(jobId: string): void;
  syncProgressed(p: SyncProgress, percent: number): void;
  syncFinished(f: SyncFinished): void;
  syncJobEnded(jobId: string): void;
  statusLoaded(status: SyncStatus): void;
  statusFailed(message: string): void;
  logLoaded(log: SyncLog): void;
};

export const useSyncStore = create<SyncState>()((set) => ({
  status: null,
  log: [],
  loadError: null,
  runningJobId: null,
  progress: null,
  percent: 0,
  lastFinished: null,
  syncStarted: (jobId) => set((s) => (s.runningJobId === jobId ? {} : { runningJobId: jobId, progress: null, percent: 0 })),
  syncProgressed: (p, percent) =>
    set((s) => {
      // a late event of a finished run must not bring the bar back
      if (s.lastFinished?.jobId === p.jobId) return {};
      const same = s.runningJobId === p.jobId;
      return { runningJobId: p.jobId, progress: p, percent: same ? Math.max(s.percent, percent) : percent };
    }),
  // a cancelled or failed run does not fill the bar
  syncFinished: (f) => set((s) => ({ lastFinished: f, ...(s.runningJobId === f.jobId && (f.status === 'ok' || f.status === 'partial') ? { percent: 100 } : {}) })),
  syncJobEnded: (jobId) => set((s) => (s.runningJobId === jobId ? { runningJobId: null, progress: null, percent: 0 } : {})),
  statusLoaded: (status) =>
    set((s) => ({
      status,
      loadError: null,
      // the core knows about syncs started elsewhere (background, CLI, demo reset)
      ...(status.runningJobId && status.runningJobId !== s.runningJobId && s.lastFinished?.jobId !== status.runningJobId
        ? { runningJobId: status.runningJobId, progress: null, percent: 0 }
        : {}),
    })),
  statusFailed: (message) => set({ loadError: message }),
  logLoaded: (log) => set({ log }),
}));

export async function refreshSyncStatus(): Promise<void> {
  try {
    useSyncStore.getState().statusLoaded(await fetchSyncStatus());
  } catch (e) {
    useSyncStore.getState().statusFailed(isClientError(e) ? e.message : String(e));
  }
}

export async function refreshSyncLog(): Promise<void> {
  try {
    useSyncStore.getState().logLoaded(await fetchSyncLog());
  } catch {
    // the status read reports the same problem
  }
}
