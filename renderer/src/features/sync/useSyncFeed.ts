import { useEffect } from 'react';
import { syncPercent } from '../../shared/format/format';
import { refreshAppInfo, useAppInfoStore } from '../app-info/app-info.store';
import { isActive, useJobsStore } from '../jobs/jobs.store';
import { watchJob } from '../jobs/useJobsFeed';
import { cancelSync, onConnectionChanged, onSyncFinished, onSyncProgress, runSync } from './sync.api';
import { refreshSyncLog, refreshSyncStatus, useSyncStore } from './sync.store';

/** How long a finished bar stays at 100 % before "Synced just now" replaces it. */
const SETTLE_MS = 700;

/**
 * Feeds the sync store: progress and finish events, the end of the sync job (cancelled or failed runs send
 * no `sync:finished`), connection changes, and a first read of the status once the local store is usable.
 */
export function useSyncFeed(): void {
  useEffect(() => {
    let ending: string | null = null;
    const unsubs = [
      onSyncProgress((p) => useSyncStore.getState().syncProgressed(p, syncPercent(p))),
      onSyncFinished((f) => {
        useSyncStore.getState().syncFinished(f);
        void refreshSyncStatus();
        void refreshSyncLog();
      }),
      onConnectionChanged(() => {
        void refreshAppInfo();
        void refreshSyncStatus();
      }),
      useJobsStore.subscribe((s) => {
        const id = useSyncStore.getState().runningJobId;
        const job = id ? s.byId[id] : undefined;
        if (!id || !job || isActive(job) || ending === id) return;
        ending = id;
        setTimeout(() => {
          ending = null;
          useSyncStore.getState().syncJobEnded(id);
          void refreshSyncStatus();
          void refreshSyncLog();
        }, job.state === 'succeeded' ? SETTLE_MS : 0);
      }),
    ];
    // first read once the store can answer (it cannot while the local database is damaged)
    let loaded = false;
    const loadWhenReady = (ok: boolean) => {
      if (!ok) {
        loaded = false;
        return;
      }
      if (loaded) return;
      loaded = true;
      void refreshSyncStatus();
      void refreshSyncLog();
    };
    loadWhenReady(useAppInfoStore.getState().info?.store.state === 'ok');
    unsubs.push(useAppInfoStore.subscribe((s) => loadWhenReady(s.info?.store.state === 'ok')));
    return () => {
      for (const u of unsubs) u();
    };
  }, []);
}

/** "Sync now": starts (or joins) the sync of the active connection. */
export async function startSyncNow(full = false): Promise<void> {
  try {
    const { jobId } = await runSync(full);
    const job = useJobsStore.getState().byId[jobId];
    // its last event may have overtaken this answer
    if (!(job && !isActive(job)) && useSyncStore.getState().lastFinished?.jobId !== jobId) useSyncStore.getState().syncStarted(jobId);
    watchJob(jobId);
  } catch {
    // reported by the client
  }
}

export async function cancelRunningSync(): Promise<void> {
  const id = useSyncStore.getState().runningJobId;
  if (!id) return;
  useJobsStore.getState().jobCancelRequested(id);
  try {
    await cancelSync(id);
  } catch {
    // reported by the client
  }
}
