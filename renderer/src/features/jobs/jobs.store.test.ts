import { beforeEach, describe, expect, test } from 'vitest';
import type { Job } from '../../../../core/contract';
import { selectJobs, useJobsStore } from './jobs.store';

const job = (id: string, patch: Partial<Job> = {}): Job => ({
  id,
  kind: 'test',
  title: `Job ${id}`,
  state: 'running',
  cancellable: true,
  done: 0,
  total: 10,
  message: null,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  etaSeconds: null,
  error: null,
  ...patch,
});

beforeEach(() => useJobsStore.setState({ byId: {}, order: [], watched: {} }));

describe('jobs store', () => {
  test('new jobs go first; progress updates in place', () => {
    const s = useJobsStore.getState();
    s.jobProgressed(job('a'));
    s.jobProgressed(job('b'));
    s.jobProgressed(job('a', { done: 5 }));
    expect(selectJobs(useJobsStore.getState()).map((j) => [j.id, j.done])).toEqual([
      ['b', 0],
      ['a', 5],
    ]);
  });

  test('a late running event never resurrects a finished job', () => {
    const s = useJobsStore.getState();
    s.jobProgressed(job('a', { state: 'succeeded', done: 10 }));
    s.jobProgressed(job('a', { state: 'running', done: 9 }));
    expect(useJobsStore.getState().byId['a']?.state).toBe('succeeded');
  });

  test('resync updates known jobs and adds running ones, ignores unknown history', () => {
    const s = useJobsStore.getState();
    s.jobProgressed(job('a'));
    s.jobsResynced([job('a', { state: 'succeeded' }), job('b'), job('old', { state: 'failed' })]);
    const st = useJobsStore.getState();
    expect(st.byId['a']?.state).toBe('succeeded');
    expect(st.byId['b']?.state).toBe('running');
    expect(st.byId['old']).toBeUndefined();
  });

  test('clearing finished keeps the running ones', () => {
    const s = useJobsStore.getState();
    s.jobsListed([job('a'), job('b', { state: 'cancelled' })]);
    s.finishedJobsCleared();
    expect(selectJobs(useJobsStore.getState()).map((j) => j.id)).toEqual(['a']);
  });
});
