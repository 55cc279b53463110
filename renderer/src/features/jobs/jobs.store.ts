import { create } from 'zustand';
import type { Job } from '../../../../core/contract';

type JobsState = {
  /** jobs seen in this session by id: running ones and those that finished since the app opened */
  byId: Record<string, Job>;
  /** newest first */
  order: string[];
  /** jobs this window started: their success is announced; background jobs only speak up when they fail */
  watched: Record<string, true>;
  jobWatched(jobId: string): void;
  jobsListed(jobs: Job[]): void;
  jobProgressed(job: Job): void;
  /** after a reconnect: the core's view replaces ours for jobs we know, plus any still running */
  jobsResynced(jobs: Job[]): void;
  jobCancelRequested(jobId: string): void;
  finishedJobsCleared(): void;
};

export const isActive = (job: Job): boolean => job.state === 'running' || job.state === 'queued';

const MAX_KEPT = 20;

export const useJobsStore = create<JobsState>()((set) => ({
  byId: {},
  order: [],
  watched: {},
  jobWatched: (jobId) => set((s) => ({ watched: { ...s.watched, [jobId]: true } })),
  jobsListed: (jobs) =>
    set((s) => {
      const byId = { ...s.byId };
      for (const j of jobs) byId[j.id] = j;
      const order = [...new Set([...jobs.map((j) => j.id), ...s.order])].slice(0, MAX_KEPT);
      return { byId, order };
    }),
  jobProgressed: (job) =>
    set((s) => {
      const prev = s.byId[job.id];
      // events can overtake each other; never move a finished job back to running
      if (prev && !isActive(prev) && isActive(job)) return {};
      const order = prev ? s.order : [job.id, ...s.order].slice(0, MAX_KEPT);
      return { byId: { ...s.byId, [job.id]: job }, order };
    }),
  jobsResynced: (jobs) =>
    set((s) => {
      const relevant = jobs.filter((j) => s.byId[j.id] !== undefined || isActive(j));
      const byId = { ...s.byId };
      for (const j of relevant) byId[j.id] = j;
      const fresh = relevant.filter((j) => s.byId[j.id] === undefined).map((j) => j.id);
      return { byId, order: [...fresh, ...s.order].slice(0, MAX_KEPT) };
    }),
  jobCancelRequested: (jobId) =>
    set((s) => {
      const j = s.byId[jobId];
      return j ? { byId: { ...s.byId, [jobId]: { ...j, cancellable: false, message: 'Stopping…' } } } : {};
    }),
  finishedJobsCleared: () =>
    set((s) => {
      const order = s.order.filter((id) => {
        const j = s.byId[id];
        return j !== undefined && isActive(j);
      });
      const byId: Record<string, Job> = {};
      for (const id of order) {
        const j = s.byId[id];
        if (j) byId[id] = j;
      }
      return { byId, order };
    }),
}));

export const selectJobs = (s: JobsState): Job[] => s.order.flatMap((id) => (s.byId[id] ? [s.byId[id]] : []));
