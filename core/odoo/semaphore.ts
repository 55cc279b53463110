import { cancelledError } from './http';

/** A counting semaphore: bounds the requests in flight to one server. FIFO so no caller starves. */
export type Semaphore = {
  acquire(signal?: AbortSignal): Promise<void>;
  release(): void;
  readonly inFlight: number;
  readonly waiting: number;
};

export function createSemaphore(max: number): Semaphore {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxConcurrency must be a positive integer, got ${max}`);
  let inFlight = 0;
  const queue: Array<{ grant: () => void }> = [];
  return {
    get inFlight() {
      return inFlight;
    },
    get waiting() {
      return queue.length;
    },
    acquire(signal) {
      if (signal?.aborted === true) return Promise.reject(cancelledError());
      if (inFlight < max) {
        inFlight++;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const entry = {
          grant: () => {
            signal?.removeEventListener('abort', onAbort);
            inFlight++;
            resolve();
          },
        };
        const onAbort = () => {
          const i = queue.indexOf(entry);
          if (i >= 0) queue.splice(i, 1);
          reject(cancelledError());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(entry);
      });
    },
    release() {
      inFlight--;
      const next = queue.shift();
      if (next !== undefined) next.grant();
    },
  };
}

const shared = new Map<string, Semaphore>();

/**
 * The semaphore for one server: clients of the same server (and the same limit) share it, so opening a
 * second client (a connection test beside a running sync) does not double the load on Odoo.
 */
export function serverSemaphore(server: string, max: number): Semaphore {
  const key = `${server}#${max}`;
  let s = shared.get(key);
  if (s === undefined) {
    s = createSemaphore(max);
    shared.set(key, s);
  }
  return s;
}
