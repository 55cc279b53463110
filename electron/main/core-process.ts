import { isEventName, type EventName } from '../../core/contract';
import { toErrorShape, type AppErrorShape } from '../../core/shared/errors';
import type { Logger } from '../../core/shared/logger';
import { fail, ok, type Result } from '../../core/shared/result';
import type { CredentialVault, VaultInfo } from '../../core/vault/types';
// type-only: the entry module starts the core when loaded, main must never bundle it
import type { CoreEvent, CoreReady, CoreRequest, CoreResponse, CoreVaultRequest, ToCore, VaultOp } from '../../core/host/utility-entry';

/**
 * Main's handle on the core utility process: request/response correlation by id, per-call timeouts,
 * restart with exponential backoff after a crash, and a typed failure for every call a crash interrupted.
 * The child is created by an injected `fork` so all of this is tested without Electron.
 */

/** The subset of Electron's UtilityProcess used here. */
export type CoreChild = {
  postMessage(message: ToCore): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCoreResponse = (m: unknown): m is CoreResponse =>
  isRecord(m) && typeof m.id === 'number' && isRecord(m.result) && typeof m.result.ok === 'boolean';
const isCoreEvent = (m: unknown): m is CoreEvent => isRecord(m) && isEventName(m.event) && 'payload' in m;
const isCoreReady = (m: unknown): m is CoreReady => isRecord(m) && m.ready === true;
const VAULT_OPS: readonly VaultOp[] = ['get', 'set', 'delete', 'has'];
const isVaultRequest = (m: unknown): m is CoreVaultRequest =>
  isRecord(m) &&
  isRecord(m.vaultRequest) &&
  typeof m.vaultRequest.id === 'number' &&
  VAULT_OPS.includes(m.vaultRequest.op as VaultOp) &&
  typeof m.vaultRequest.key === 'string' &&
  (m.vaultRequest.secret === undefined || typeof m.vaultRequest.secret === 'string');

export type CoreFailureReason = 'core-crashed' | 'core-timeout' | 'core-unavailable' | 'core-stopped';

/**
 * Failures of the process itself, not of a call. They are `app/internal` with a machine-readable
 * `details.reason` until core/shared/errors.ts has host codes for them (requested of the lead).
 */
export function coreFailure(reason: CoreFailureReason, message: string): AppErrorShape {
  const code = reason === 'core-crashed' ? 'host/core-crashed' : reason === 'core-timeout' ? 'host/core-timeout' : 'host/core-unavailable';
  return { code, message, details: { reason } };
}

export type BackoffOptions = {
  /** first restart delay */
  initialMs: number;
  /** longest restart delay */
  maxMs: number;
  /** a process that lived this long before exiting resets the crash count */
  stableMs: number;
  /** consecutive crashes after which the core is declared unavailable (no more restarts) */
  maxCrashes: number;
};

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, stableMs: 60_000, maxCrashes: 6 };

/** Restart delay after the n-th consecutive crash (n ≥ 1). */
export function backoffDelay(n: number, b: BackoffOptions = DEFAULT_BACKOFF): number {
  return Math.min(b.maxMs, b.initialMs * 2 ** Math.max(0, n - 1));
}

export type CoreProcessOptions = {
  fork: () => CoreChild;
  logger: Logger;
  onEvent: (event: EventName, payload: unknown) => void;
  /** main's credential vault, which the core reaches by messages (safeStorage exists only in main) */
  vault?: CredentialVault;
  /** per-call timeout; calls are short (long work runs as jobs), so a minute means the core is stuck */
  timeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** how long `stop` waits for a clean exit before killing */
  shutdownGraceMs?: number;
  now?: () => number;
};

export type CoreState = 'starting' | 'ready' | 'restarting' | 'unavailable' | 'stopped';

export type CoreProcess = {
  start(): void;
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  stop(): Promise<void>;
  readonly state: CoreState;
};

type Pending = {
  request: CoreRequest;
  /** false while queued for a process that is not ready yet */
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve: (r: Result<unknown>) => void;
};

export function createCoreProcess(opts: CoreProcessOptions): CoreProcess {
  const logger = opts.logger;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...opts.backoff };
  const now = opts.now ?? Date.now;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let child: CoreChild | null = null;
  let state: CoreState = 'stopped';
  let startedAt = 0;
  let crashes = 0;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;
  let exitWaiters: Array<() => void> = [];

  function settle(id: number, result: Result<unknown>) {
    const p = pending.get(id);
    if (!p) return false;
    clearTimeout(p.timer);
    pending.delete(id);
    p.resolve(result);
    return true;
  }

  function failAll(filter: (p: Pending) => boolean, error: AppErrorShape) {
    for (const [id, p] of [...pending]) if (filter(p)) settle(id, fail(error));
  }

  function send(p: Pending) {
    if (!child || state !== 'ready') return;
    try {
      child.postMessage(p.request);
      p.sent = true;
    } catch (e) {
      settle(p.request.id, fail(coreFailure('core-unavailable', `Could not reach the core: ${e instanceof Error ? e.message : String(e)}`)));
    }
  }

  function spawn() {
    state = 'starting';
    startedAt = now();
    let c: CoreChild;
    try {
      c = opts.fork();
    } catch (e) {
      logger.error('could not start the core process', { error: e instanceof Error ? e.message : String(e) });
      onExit(null, -1);
      return;
    }
    child = c;
    c.on('message', (m) => onMessage(c, m));
    c.on('exit', (code) => onExit(c, code));
  }

  function onMessage(from: CoreChild, m: unknown) {
    if (from !== child) return; // a late message from a process already replaced
    if (isCoreResponse(m)) {
      if (!settle(m.id, m.result)) logger.debug('late or unknown response from core', { id: m.id });
    } else if (isCoreEvent(m)) {
      opts.onEvent(m.event, m.payload);
    } else if (isVaultRequest(m)) {
      void answerVault(from, m.vaultRequest);
    } else if (isCoreReady(m)) {
      state = 'ready';
      logger.info('core ready', { pid: m.pid });
      for (const p of pending.values()) if (!p.sent) send(p);
    } else {
      logger.warn('dropped a malformed message from core');
    }
  }

  const NO_VAULT: VaultInfo = { backend: 'safe-storage', secure: false, warning: 'No credential store is configured.' };

  /** Runs one vault operation for the core. The secret is never logged; errors carry codes, not values. */
  async function answerVault(from: CoreChild, req: CoreVaultRequest['vaultRequest']) {
    const vault = opts.vault;
    let result: Result<unknown>;
    if (!vault) {
      result = fail({ code: 'vault/unavailable', message: NO_VAULT.warning ?? 'No credential store.' });
    } else {
      try {
        switch (req.op) {
          case 'get':
            result = ok(await vault.get(req.key));
            break;
          case 'set':
            if (req.secret === undefined) throw new TypeError('set needs a secret');
            await vault.set(req.key, req.secret);
            result = ok(null);
            break;
          case 'delete':
            await vault.delete(req.key);
            result = ok(null);
            break;
          case 'has':
            result = ok(await vault.has(req.key));
            break;
        }
      } catch (e) {
        const shape = toErrorShape(e);
        result = fail(shape);
        logger.warn('vault operation failed', { op: req.op, code: shape.code });
      }
    }
    if (from !== child) return; // the asking process is gone; its successor will ask again
    try {
      from.postMessage({ vaultReply: { id: req.id, result, info: vault ? vault.info() : NO_VAULT } });
    } catch (e) {
      logger.error('could not answer a vault request', { error: e instanceof Error ? e.message : String(e) });
    }
  }

  function onExit(from: CoreChild | null, code: number) {
    if (from !== null && from !== child) return;
    child = null;
    const waiters = exitWaiters;
    exitWaiters = [];
    for (const w of waiters) w();
    if (state === 'stopped') return;

    const lived = now() - startedAt;
    crashes = lived >= backoff.stableMs ? 1 : crashes + 1;
    // calls the dead process had accepted may or may not have run: they fail, the caller decides to retry;
    // calls still queued never reached it and wait for the next process
    failAll((p) => p.sent, coreFailure('core-crashed', 'The core process stopped unexpectedly; it is restarting. Try again.'));
    if (crashes > backoff.maxCrashes) {
      state = 'unavailable';
      logger.error('core keeps crashing; giving up', { code, crashes });
      failAll(() => true, coreFailure('core-unavailable', 'The core process keeps crashing. Restart the app; see the log for details.'));
      return;
    }
    const delay = backoffDelay(crashes, backoff);
    state = 'restarting';
    logger.error('core process exited', { code, crashes, restartInMs: delay });
    restartTimer = setTimeout(() => {
      restartTimer = null;
      if (state === 'restarting') spawn();
    }, delay);
  }

  return {
    get state() {
      return state;
    },
    start() {
      if (state !== 'stopped') return;
      crashes = 0;
      spawn();
    },
    invoke(channel, input) {
      if (state === 'unavailable' || state === 'stopped') {
        const reason = state === 'stopped' ? 'core-stopped' : 'core-unavailable';
        return Promise.resolve(fail(coreFailure(reason, 'The core process is not running.')));
      }
      const id = nextId++;
      return new Promise<Result<unknown>>((resolve) => {
        const timer = setTimeout(() => {
          logger.warn('core call timed out', { channel, timeoutMs });
          settle(id, fail(coreFailure('core-timeout', `The core did not answer ${channel} within ${Math.round(timeoutMs / 1000)} s.`)));
        }, timeoutMs);
        const p: Pending = { request: { id, channel, input }, sent: false, timer, resolve };
        pending.set(id, p);
        send(p);
      });
    },
    async stop() {
      if (restartTimer) clearTimeout(restartTimer);
      restartTimer = null;
      const c = child;
      state = 'stopped';
      failAll(() => true, coreFailure('core-stopped', 'The app is closing.'));
      if (!c) return;
      const exited = new Promise<void>((r) => exitWaiters.push(r));
      try {
        c.postMessage({ shutdown: true });
      } catch {
        c.kill();
      }
      let grace: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<'timeout'>((r) => (grace = setTimeout(() => r('timeout'), opts.shutdownGraceMs ?? 3000)));
      if ((await Promise.race([exited, timedOut])) === 'timeout') {
        logger.warn('core did not exit in time; killing it');
        c.kill();
      }
      clearTimeout(grace);
    },
  };
}
