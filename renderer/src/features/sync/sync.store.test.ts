import { beforeEach, describe, expect, test } from 'vitest';
import type { SyncProgress } from '../../../../core/contract';
import { syncPercent } from '../../shared/format/format';
import { useSyncStore } from './sync.store';

const p = (patch: Partial<SyncProgress>): SyncProgress => ({
  jobId: 'j1',
  model: 'res.partner',
  label: 'Partners',
  mode: 'initial',
  done: 0,
  total: 100,
  modelIndex: 0,
  modelCount: 4,
  etaSeconds: null,
  ...patch,
});

const progressed = (x: SyncProgress) => useSyncStore.getState().syncProgressed(x, syncPercent(x));

beforeEach(() => useSyncStore.setState({ runningJobId: null, progress: null, percent: 0, lastFinished: null, status: null, log: [] }));

describe('sync store', () => {
  test('progress events set the running job and the overall percentage', () => {
    progressed(p({ done: 50 }));
    expect(useSyncStore.getState()).toMatchObject({ runningJobId: 'j1', percent: 12.5 });
    progressed(p({ modelIndex: 2, done: 0 }));
    expect(useSyncStore.getState().percent).toBe(50);
  });

  test('the bar never moves backwards within a run', () => {
    progressed(p({ modelIndex: 1, done: 100 }));
    progressed(p({ modelIndex: 1, done: 40, total: null }));
    expect(useSyncStore.getState().percent).toBe(50);
  });

  test('a finished ok run fills the bar; a cancelled one does not; late events are ignored', () => {
    progressed(p({ modelIndex: 3, done: 10 }));
    useSyncStore.getState().syncFinished({ jobId: 'j1', status: 'cancelled', upserted: 0, deleted: 0 });
    expect(useSyncStore.getState().percent).toBeLessThan(100);
    useSyncStore.getState().syncJobEnded('j1');
    progressed(p({ modelIndex: 3, done: 20 }));
    expect(useSyncStore.getState().runningJobId).toBeNull();

    useSyncStore.setState({ lastFinished: null });
    progressed(p({ jobId: 'j2', done: 10 }));
    useSyncStore.getState().syncFinished({ jobId: 'j2', status: 'ok', upserted: 10, deleted: 0 });
    expect(useSyncStore.getState().percent).toBe(100);
  });

  test('a sync the core reports as running is picked up from the status', () => {
    useSyncStore.getState().statusLoaded({ models: [], lastSyncAt: null, runningJobId: 'bg', intervalMinutes: 15 });
    expect(useSyncStore.getState().runningJobId).toBe('bg');
  });
});
