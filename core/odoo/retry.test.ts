import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors';
import { backoffDelay, retryPolicy, sleep } from './retry';
import { createSemaphore } from './semaphore';

describe('backoff with full jitter', () => {
  it('stays within [0, min(max, base·2^(n-1))]', () => {
    const p = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
    expect(backoffDelay(p, 1, () => 0.999)).toBe(99);
    expect(backoffDelay(p, 3, () => 0.999)).toBe(399);
    expect(backoffDelay(p, 10, () => 0.999)).toBe(999);
    expect(backoffDelay(p, 10, () => 0)).toBe(0);
  });

  it('sleep rejects with app/cancelled on abort', async () => {
    const ac = new AbortController();
    const p = sleep(10_000, ac.signal);
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'app/cancelled' });
  });
});

describe('semaphore', () => {
  it('grants in FIFO order and bounds holders', async () => {
    const s = createSemaphore(2);
    const order: number[] = [];
    await s.acquire();
    await s.acquire();
    const waiters = [3, 4, 5].map((n) => s.acquire().then(() => order.push(n)));
    expect([s.inFlight, s.waiting]).toEqual([2, 3]);
    s.release();
    s.release();
    s.release();
    await Promise.all(waiters);
    expect(order).toEqual([3, 4, 5]);
    expect(s.inFlight).toBe(2);
  });

  it('a waiter that aborts leaves the queue', async () => {
    const s = createSemaphore(1);
    await s.acquire();
    const ac = new AbortController();
    const p = s.acquire(ac.signal);
    ac.abort();
    const e: unknown = await p.catch((x: unknown) => x);
    expect(e instanceof AppError && e.code).toBe('app/cancelled');
    expect(s.waiting).toBe(0);
  });
});
