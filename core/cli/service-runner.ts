import { createService, type Service } from '../host/service';
import { createLogger } from '../shared/logger';
import { resolveDataDir } from '../store/data-dir';
import { selectNodeVault } from '../vault';
import type { CliContext } from './command';
import { stderrSink } from './log-sink';

/** Runs a CLI command against the same service the app uses, on the user's data directory. */
export async function withService<T>(ctx: CliContext, fn: (service: Service) => Promise<T>): Promise<T> {
  const dataDir = resolveDataDir(ctx.env);
  const logger = createLogger(stderrSink(), ctx.env.SMART_ODOO_LOG_LEVEL === 'debug' ? 'debug' : 'error');
  const vault = await selectNodeVault(dataDir, ctx.env);
  const service = createService({ dataDir, host: 'cli', logger, vault, background: false });
  try {
    return await fn(service);
  } finally {
    await service.close();
  }
}

/** Calls the contract and unwraps the result; failures become an Error carrying the code. */
export async function invoke<T>(service: Service, channel: string, input: unknown): Promise<T> {
  const r = await service.invoke(channel, input, { host: 'cli' });
  if (r.ok) return r.value as T;
  throw Object.assign(new Error(r.error.message), { code: r.error.code, details: r.error.details });
}

/** Reads all of stdin (for --password-stdin). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
