/**
 * The core process of the desktop app. Electron's main process starts this file with `utilityProcess.fork`
 * (Actual Budget's pattern): the service, SQLite and every automation run here, so a crash or a long
 * synchronous query never freezes a window. Main relays contract calls to it and events back.
 *
 * Core never imports `electron`: the only Electron-specific thing here is `process.parentPort`, typed locally.
 * The message handling is plain functions, unit-tested with a real service on a temp data directory;
 * `runCore` and the last line wire them to the port (exercised end-to-end by electron/main/core-roundtrip.test.ts).
 */
import type { EventName } from '../contract';
import { AppError, toErrorShape } from '../shared/errors';
import { createLogger, type LogLevel, type Logger } from '../shared/logger';
import { fail, type Result } from '../shared/result';
import { resolveDataDir } from '../store/data-dir';
import type { CredentialVault, VaultInfo } from '../vault';
import { createService, type Service } from './service';

/** main → core: one contract call */
export type CoreRequest = { id: number; channel: string; input: unknown };
/** main → core: close the store and exit (app quitting) */
export type CoreShutdown = { shutdown: true };
/** main → core: the answer to a vault operation, with the vault's current status */
export type CoreVaultReply = { vaultReply: { id: number; result: Result<unknown>; info: VaultInfo } };
export type ToCore = CoreRequest | CoreShutdown | CoreVaultReply;

/** core → main: the Result of call `id` (never an exception) */
export type CoreResponse = { id: number; result: Result<unknown> };
/** core → main: a contract event, already validated by the service's event bus */
export type CoreEvent = { event: EventName; payload: unknown };
/** core → main: the service is open and requests may be sent */
export type CoreReady = { ready: true; pid: number };
/**
 * core → main: a credential operation. The vault lives in main because Electron's safeStorage exists only
 * there; the secret crosses this private channel and nothing else, and is never logged on either side.
 */
export type VaultOp = 'get' | 'set' | 'delete' | 'has';
export type CoreVaultRequest = { vaultRequest: { id: number; op: VaultOp; key: string; secret?: string } };
export type FromCore = CoreResponse | CoreEvent | CoreReady | CoreVaultRequest;

/** Electron's `process.parentPort`, declared here so core does not depend on Electron's types. */
export type ParentPortLike = {
  on(event: 'message', listener: (message: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isCoreRequest = (m: unknown): m is CoreRequest =>
  isRecord(m) && typeof m.id === 'number' && Number.isSafeInteger(m.id) && 'channel' in m;
export const isCoreShutdown = (m: unknown): m is CoreShutdown => isRecord(m) && m.shutdown === true;
const isVaultReply = (m: unknown): m is CoreVaultReply =>
  isRecord(m) && isRecord(m.vaultReply) && typeof m.vaultReply.id === 'number' && isRecord(m.vaultReply.result);

/**
 * The data directory: `--data-dir=<path>` (main passes Electron's userData or SMART_ODOO_DATA_DIR), else the
 * same rule as the Node host and CLI.
 */
export function dataDirFrom(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === undefined) continue;
    if (a.startsWith('--data-dir=') && a.length > '--data-dir='.length) return a.slice('--data-dir='.length);
    const next = argv[i + 1];
    if (a === '--data-dir' && next) return next;
  }
  return resolveDataDir(env);
}

/**
 * Answers one raw message from main. Returns the response to post, or null for messages that are not
 * requests (they are logged and dropped: there is no id to answer to). Never throws.
 */
export async function handleCoreMessage(service: Service, raw: unknown, logger: Logger): Promise<CoreResponse | null> {
  if (!isCoreRequest(raw)) {
    logger.warn('dropped a malformed message from main', { keys: isRecord(raw) ? Object.keys(raw).slice(0, 5) : typeof raw });
    return null;
  }
  try {
    const channel = typeof raw.channel === 'string' ? raw.channel : String(raw.channel);
    return { id: raw.id, result: await service.invoke(channel, raw.input, { host: 'electron' }) };
  } catch (e) {
    // the service already turns handler errors into Results; this is the belt to its braces
    return { id: raw.id, result: fail(toErrorShape(e)) };
  }
}

/**
 * Connects a service to a message port: requests in, responses and events out. `post` failures (a value that
 * cannot be structured-cloned) become an `app/internal` Result for that call rather than a lost reply.
 */
export function connectCore(
  service: Service,
  post: (message: FromCore) => void,
  logger: Logger,
  onShutdown: () => void = () => {},
): { receive(raw: unknown): Promise<void>; dispose(): void } {
  const unsubscribe = service.subscribe((event, payload) => {
    try {
      post({ event, payload });
    } catch (e) {
      logger.error('could not forward an event', { event, error: e instanceof Error ? e.message : String(e) });
    }
  });
  return {
    async receive(raw) {
      if (isCoreShutdown(raw)) {
        onShutdown();
        return;
      }
      const response = await handleCoreMessage(service, raw, logger);
      if (!response) return;
      try {
        post(response);
      } catch (e) {
        logger.error('could not post a result', { id: response.id, error: e instanceof Error ? e.message : String(e) });
        post({ id: response.id, result: fail({ code: 'app/internal', message: 'The core produced a result that cannot be sent.' }) });
      }
    },
    dispose: unsubscribe,
  };
}

const VAULT_BACKENDS: readonly VaultInfo['backend'][] = ['safe-storage', 'os-keyring', 'encrypted-file', 'memory'];

/** The vault status main passes at fork time (`SMART_ODOO_VAULT_INFO`, JSON); "not secure" when absent or unreadable. */
export function vaultInfoFrom(env: NodeJS.ProcessEnv): VaultInfo {
  try {
    const v = JSON.parse(env.SMART_ODOO_VAULT_INFO ?? '') as Partial<VaultInfo>;
    if (VAULT_BACKENDS.includes(v.backend as VaultInfo['backend']) && typeof v.secure === 'boolean') {
      return typeof v.warning === 'string' ? { backend: v.backend!, secure: v.secure, warning: v.warning } : { backend: v.backend!, secure: v.secure };
    }
  } catch {
    // fall through
  }
  return { backend: 'safe-storage', secure: false, warning: 'The credential store has not answered yet.' };
}

/**
 * The core's `CredentialVault` when it runs under Electron: each operation is a message to main, answered by
 * main's safeStorage vault. `info()` must answer synchronously, so the proxy keeps the status main sent last.
 */
export function createVaultProxy(
  post: (message: CoreVaultRequest) => void,
  initial: VaultInfo,
  timeoutMs = 120_000, // a macOS Keychain prompt waits for the user
): { vault: CredentialVault; receive(raw: unknown): boolean } {
  let info = initial;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: ReturnType<typeof setTimeout> }>();

  const call = (op: VaultOp, key: string, secret?: string) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new AppError('vault/unavailable', 'The credential store did not answer.'));
      }, timeoutMs);
      timer.unref?.();
      pending.set(id, { resolve, reject, timer });
      try {
        post({ vaultRequest: secret === undefined ? { id, op, key } : { id, op, key, secret } });
      } catch (e) {
        clearTimeout(timer);
        pending.delete(id);
        reject(new AppError('vault/unavailable', 'The credential store cannot be reached.', undefined, { cause: e }));
      }
    });

  return {
    vault: {
      info: () => info,
      get: async (key) => {
        const v = await call('get', key);
        return typeof v === 'string' ? v : null;
      },
      set: async (key, secret) => void (await call('set', key, secret)),
      delete: async (key) => void (await call('delete', key)),
      has: async (key) => (await call('has', key)) === true,
    },
    receive(raw) {
      if (!isVaultReply(raw)) return false;
      const { id, result, info: latest } = raw.vaultReply;
      if (isRecord(latest) && VAULT_BACKENDS.includes(latest.backend)) info = latest;
      const p = pending.get(id);
      if (!p) return true;
      clearTimeout(p.timer);
      pending.delete(id);
      if (result.ok) p.resolve(result.value);
      else p.reject(new AppError(result.error.code, result.error.message, result.error.details));
      return true;
    },
  };
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** JSON lines on stderr (main inherits it), through the redacting logger. */
export function stderrLogger(env: NodeJS.ProcessEnv = process.env, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const wanted = env.SMART_ODOO_LOG_LEVEL as LogLevel | undefined;
  const level: LogLevel = wanted && LOG_LEVELS.includes(wanted) ? wanted : 'info';
  return createLogger(({ level: lv, msg, time, fields }) => write(`${JSON.stringify({ time, level: lv, msg, ...fields })}\n`), level, {
    process: 'core',
  });
}

/** Starts the service on a parent port. Exported for the bootstrap below; not called by tests. */
export function runCore(port: ParentPortLike, argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): Service {
  const logger = stderrLogger(env);
  const dataDir = dataDirFrom(argv, env);
  const vault = createVaultProxy((m) => port.postMessage(m), vaultInfoFrom(env));
  const service = createService({
    dataDir,
    host: 'electron',
    logger,
    electronVersion: process.versions.electron ?? null,
    checkOutputs: env.SMART_ODOO_CHECK_OUTPUTS === '1',
    vault: vault.vault,
    // tests and demos can keep the core from syncing on its own
    background: env.SMART_ODOO_BACKGROUND !== '0',
  });
  const shutdown = () => {
    logger.info('core shutting down');
    connection.dispose();
    Promise.resolve(service.close())
      .catch((e: unknown) => logger.error('closing the service failed', { error: e instanceof Error ? e.message : String(e) }))
      .finally(() => process.exit(0));
  };
  const connection = connectCore(service, (m) => port.postMessage(m), logger, shutdown);
  port.on('message', (message) => {
    if (vault.receive(message.data)) return;
    void connection.receive(message.data);
  });
  // an exception that escaped everything leaves the process in an unknown state: exit, main restarts us
  process.on('uncaughtException', (e) => {
    logger.error('uncaught exception in core', { error: e.stack ?? e.message });
    process.exit(70);
  });
  process.on('unhandledRejection', (e) => {
    logger.error('unhandled rejection in core', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    process.exit(70);
  });
  logger.info('core ready', { dataDir, pid: process.pid });
  port.postMessage({ ready: true, pid: process.pid } satisfies CoreReady);
  service.start();
  return service;
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (parentPort) runCore(parentPort);
