import type { CallOutput, EventPayload, Job } from '../../../../core/contract';
import { getClient, type ConnectionState } from '../../shared/api/client';

export const listActiveJobs = (): Promise<Job[]> => getClient().invoke('jobs:list', { activeOnly: true, limit: 50 });
export const listRecentJobs = (): Promise<Job[]> => getClient().invoke('jobs:list', { activeOnly: false, limit: 50 });
export const onEventsConnection = (listener: (state: ConnectionState) => void): (() => void) => getClient().onConnection(listener);
export const cancelJob = (jobId: string): Promise<CallOutput<'jobs:cancel'>> => getClient().invoke('jobs:cancel', { jobId });
export const onJobProgress = (listener: (job: EventPayload<'jobs:progress'>) => void): (() => void) =>
  getClient().on('jobs:progress', listener);
