import { useEffect } from 'react';
import { notifications } from '@mantine/notifications';
import type { Job } from '../../../../core/contract';
import { listActiveJobs, listRecentJobs, onEventsConnection, onJobProgress } from './jobs.api';
import { isActive, useJobsStore } from './jobs.store';

/**
 * Feeds the jobs store: subscribes to `jobs:progress` first (so nothing is missed), then asks for the jobs
 * already running. After the event channel drops and comes back, it re-reads the jobs so none stays "running"
 * forever because its last event was missed. Tells the user when a job ends, since the indicator may be closed.
 */
export function useJobsFeed(): void {
  useEffect(() => {
    const { jobProgressed, jobsListed, jobsResynced } = useJobsStore.getState();
    const unsubscribe = onJobProgress((job) => {
      const { byId, watched } = useJobsStore.getState();
      const prev = byId[job.id];
      jobProgressed(job);
      if ((prev === undefined || isActive(prev)) && !isActive(job)) announce(job, watched[job.id] === true);
    });
    listActiveJobs()
      .then(jobsListed)
      .catch(() => {
        // reported by the client
      });
    let dropped = false;
    const unsubscribeConnection = onEventsConnection((state) => {
      if (state === 'closed') dropped = true;
      if (state !== 'open' || !dropped) return;
      dropped = false;
      listRecentJobs()
        .then(jobsResynced)
        .catch(() => {
          // reported by the client
        });
    });
    return () => {
      unsubscribe();
      unsubscribeConnection();
    };
  }, []);
}

/**
 * Marks a job this window started, so its outcome is announced. The job may already have finished (its last
 * event can overtake the answer to the call that started it): then it is announced now.
 */
export function watchJob(jobId: string): void {
  const { byId, jobWatched } = useJobsStore.getState();
  jobWatched(jobId);
  const job = byId[jobId];
  // failures were announced when they happened
  if (job && !isActive(job) && job.state !== 'failed') announce(job, true);
}

/** Jobs whose last step message is their outcome ("3 applied, 1 conflict"), worth more than "Finished". */
const OUTCOME_IN_MESSAGE = new Set(['sync', 'outbox:push']);

function announce(job: Job, startedHere: boolean): void {
  switch (job.state) {
    case 'succeeded':
      if (!startedHere) return;
      notifications.show({ id: `job-${job.id}`, color: 'teal', title: job.title, message: OUTCOME_IN_MESSAGE.has(job.kind) && job.message ? job.message : 'Finished successfully.' });
      return;
    case 'failed':
      notifications.show({
        id: `job-${job.id}`,
        color: 'red',
        title: `${job.title} failed`,
        message: job.error?.message ?? 'The job stopped with an error.',
        autoClose: false,
      });
      return;
    case 'cancelled':
      if (!startedHere) return;
      notifications.show({ id: `job-${job.id}`, color: 'gray', title: job.title, message: 'Cancelled.' });
      return;
    case 'queued':
    case 'running':
      return;
  }
}
