import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CliCommand, CliContext, ExitCode } from '../../cli/command';
import { EXIT, UsageError } from '../../cli/command';
import type { Logger } from '../../shared/logger';
import { createLogger, silentLogger } from '../../shared/logger';
import { resolveDataDir } from '../../store/data-dir';
import { generateDemoCompany, groundTruthPathFor, readGroundTruth, writeGroundTruth } from '../demo';
import { createEngine } from '../engine';
import type { DemoGroundTruth, OdooVersion, SimEngine } from '../types';
import { ODOO_VERSIONS } from '../types';
import type { FaultConfig, FaultController } from './faults';
import type { SimServer } from './server';
import { startSimServer } from './server';

/**
 * `smart-odoo sim`, and `startDemoSim` which the app's demo mode and the tests share: a simulated Odoo with a
 * generated demo company, persisted in SQLite, on 127.0.0.1.
 */

export type DemoSize = 'S' | 'M' | 'L';

/** The credentials every simulator prints and every caller may rely on. */
export const SIM_DB = 'demo';
export const SIM_LOGIN = 'admin';
export const SIM_PASSWORD = 'admin';

export type DemoSimOptions = {
  version: OdooVersion;
  size: DemoSize;
  seed: number;
  /** the SQLite file; omitted = in memory (nothing survives close) */
  storagePath?: string;
  /** the admin API key; default derived from version/size/seed so it is stable across restarts */
  apiKey?: string;
  /** default 0 (a free port) */
  port?: number;
  /** wipe the stored database and load the demo company again */
  reset?: boolean;
  faults?: FaultConfig;
  logger?: Logger;
};

export type DemoSimInfo = {
  url: string;
  port: number;
  db: string;
  login: string;
  password: string;
  apiKey: string;
  version: OdooVersion;
  size: DemoSize;
  seed: number;
  /** the SQLite file, or null in memory */
  dataFile: string | null;
};

export type DemoSim = DemoSimInfo & {
  engine: SimEngine;
  server: SimServer;
  faults: FaultController;
  /** the demo generator's answer key, when the demo company was loaded in this process or stored beside the file */
  groundTruth: DemoGroundTruth | null;
  /** `true` when this start generated and loaded the demo company (first start or reset) */
  loadedDemo: boolean;
  /** stops the server, then closes the engine */
  close(): Promise<void>;
};

/**
 * Written beside the SQLite file once the demo company is fully loaded: its absence means the load never
 * finished (or the file is not ours). The ground truth sits beside it too, where the demo module puts it.
 */
type SimMeta = { version: OdooVersion; size: DemoSize; seed: number; loadedAt: string; groundTruthFile: string };

export function defaultSimFile(dataDir: string, version: OdooVersion, size: DemoSize, seed: number): string {
  return path.join(dataDir, `sim-${version}-${size}-${seed}.sqlite`);
}

/** A stable 40-hex key per (version, size, seed): scripts and saved connections keep working across restarts. */
export function defaultApiKey(version: OdooVersion, size: DemoSize, seed: number): string {
  return createHash('sha1').update(`smart-odoo-sim:${version}:${size}:${seed}`).digest('hex');
}

const metaPath = (dataFile: string) => `${dataFile}.meta.json`;

function readMeta(dataFile: string): SimMeta | undefined {
  try {
    return JSON.parse(readFileSync(metaPath(dataFile), 'utf8')) as SimMeta;
  } catch {
    return undefined;
  }
}

export async function startDemoSim(opts: DemoSimOptions): Promise<DemoSim> {
  const log = opts.logger ?? silentLogger;
  const dataFile = opts.storagePath ? path.resolve(opts.storagePath) : null;
  if (dataFile) {
    mkdirSync(path.dirname(dataFile), { recursive: true });
    if (opts.reset) {
      // the engine's own reset would keep a corrupt file; removing it is the reset users ask for
      for (const f of [dataFile, `${dataFile}-wal`, `${dataFile}-shm`, metaPath(dataFile), groundTruthPathFor(dataFile)]) rmSync(f, { force: true });
    }
  }
  // a meta file without its database (deleted by hand) means nothing is loaded
  const meta0 = dataFile && existsSync(dataFile) ? readMeta(dataFile) : undefined;
  if (dataFile && existsSync(dataFile) && !meta0) {
    // never load over a file we did not finish ourselves: it may be a crashed load, or not ours at all
    throw new Error(`${dataFile} exists but is not a complete simulator database (no ${path.basename(metaPath(dataFile))}); use --reset to recreate it`);
  }
  const createdFile = dataFile !== null && !existsSync(dataFile);
  const engine = createEngine({
    version: opts.version,
    dbName: SIM_DB,
    adminPassword: SIM_PASSWORD,
    ...(dataFile ? { storagePath: dataFile } : {}),
  });
  let server: SimServer | undefined;
  try {
    // bind first: a busy port should fail before seconds of demo generation, not after
    server = await startSimServer({
      engine,
      port: opts.port ?? 0,
      ...(opts.faults ? { faults: opts.faults } : {}),
      logger: log,
    });
    let groundTruth: DemoGroundTruth | null = null;
    let loadedDemo = false;
    if (meta0) {
      try {
        groundTruth = readGroundTruth(meta0.groundTruthFile);
      } catch {
        // the answer key is a convenience for demo mode and tests; the simulator runs without it
        log.warn('demo ground truth missing', { file: meta0.groundTruthFile });
      }
    } else {
      // synchronous: requests that arrive meanwhile wait until the company is complete
      const started = performance.now();
      const generated = generateDemoCompany({ size: opts.size, seed: opts.seed });
      engine.loadDataset(generated.dataset);
      loadedDemo = true;
      log.info('demo company loaded', { size: opts.size, seed: opts.seed, ms: Math.round(performance.now() - started) });
      groundTruth = generated.groundTruth;
      if (dataFile) {
        const groundTruthFile = groundTruthPathFor(dataFile);
        writeGroundTruth(groundTruthFile, generated.groundTruth);
        const meta: SimMeta = { version: opts.version, size: opts.size, seed: opts.seed, loadedAt: new Date().toISOString(), groundTruthFile };
        // last: its presence says the load completed
        writeFileSync(metaPath(dataFile), `${JSON.stringify(meta)}\n`);
      }
    }
    const apiKey = opts.apiKey ?? defaultApiKey(opts.version, opts.size, opts.seed);
    if (engine.uidForApiKey(apiKey) === false) engine.createApiKey(SIM_LOGIN, { key: apiKey, name: 'smart-odoo sim' });

    const srv = server;
    let closing: Promise<void> | undefined;
    return {
      url: srv.url,
      port: srv.port,
      db: SIM_DB,
      login: SIM_LOGIN,
      password: SIM_PASSWORD,
      apiKey,
      version: opts.version,
      size: opts.size,
      seed: opts.seed,
      dataFile,
      engine,
      server: srv,
      faults: srv.faults,
      groundTruth,
      loadedDemo,
      close: () =>
        (closing ??= srv.close().finally(() => {
          engine.close();
        })),
    };
  } catch (e) {
    await server?.close();
    engine.close();
    // a file this call created is half made: leaving it would make the next start refuse it
    if (createdFile && dataFile) for (const f of [dataFile, `${dataFile}-wal`, `${dataFile}-shm`]) rmSync(f, { force: true });
    throw e;
  }
}

export function demoSimInfo(sim: DemoSimInfo): DemoSimInfo {
  const { url, port, db, login, password, apiKey, version, size, seed, dataFile } = sim;
  return { url, port, db, login, password, apiKey, version, size, seed, dataFile };
}

// ---------------------------------------------------------------- the CLI command

const DEFAULTS = { port: 8069, size: 'S' as DemoSize, version: 17 as OdooVersion, seed: 1 };

function intOption(name: string, raw: unknown, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const s = String(raw);
  if (!/^\d+$/.test(s)) throw new UsageError(`--${name} must be a whole number, got "${s}"`);
  const n = Number(s);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function stringOption(name: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.trim() === '') throw new UsageError(`--${name} needs a value`);
  return raw.trim();
}

export function parseSimOptions(values: Record<string, unknown>, env: NodeJS.ProcessEnv): Required<Pick<DemoSimOptions, 'version' | 'size' | 'seed' | 'port' | 'reset'>> & { storagePath: string; apiKey?: string } {
  const port = intOption('port', values.port, 0, 65535) ?? DEFAULTS.port;
  const seed = intOption('seed', values.seed, 0, 2 ** 31 - 1) ?? DEFAULTS.seed;
  const sizeRaw = stringOption('size', values.size)?.toUpperCase() ?? DEFAULTS.size;
  if (sizeRaw !== 'S' && sizeRaw !== 'M' && sizeRaw !== 'L') throw new UsageError(`--size must be S, M or L, got "${sizeRaw}"`);
  const versionRaw = intOption('odoo-version', values['odoo-version'], 0, 999) ?? DEFAULTS.version;
  const version = ODOO_VERSIONS.find((v) => v === versionRaw);
  if (version === undefined) throw new UsageError(`--odoo-version must be one of ${ODOO_VERSIONS.join(', ')}, got ${versionRaw}`);
  const apiKey = stringOption('api-key', values['api-key']);
  if (apiKey !== undefined && !/^\S{8,}$/.test(apiKey)) throw new UsageError('--api-key must be at least 8 characters without spaces');
  const data = stringOption('data', values.data);
  const storagePath = data ? path.resolve(data) : defaultSimFile(resolveDataDir(env), version, sizeRaw, seed);
  return { port, seed, size: sizeRaw, version, storagePath, reset: values.reset === true, ...(apiKey ? { apiKey } : {}) };
}

export const simCommand: CliCommand = {
  name: 'sim',
  summary: 'Run a simulated Odoo (16–19) with a generated demo company on 127.0.0.1',
  help: [
    'Usage: smart-odoo sim [--port N] [--size S|M|L] [--odoo-version 16|17|18|19] [--seed N]',
    '                      [--data FILE] [--api-key KEY] [--reset] [--json]',
    '',
    'Starts a local Odoo simulator speaking JSON-RPC (/jsonrpc, /web/session/*, /web/dataset/call_kw)',
    'and, for 19, JSON-2 (/json/2/<model>/<method>). The first start generates a demo company and',
    'stores it in SQLite; later starts reopen it. Runs until interrupted (Ctrl-C).',
    '',
    'Always: database "demo", login "admin", password "admin", plus an admin API key.',
    '',
    'Options:',
    `  --port N            port on 127.0.0.1 (default ${DEFAULTS.port}; 0 = any free port)`,
    `  --size S|M|L        demo company size (default ${DEFAULTS.size})`,
    `  --odoo-version V    16, 17, 18 or 19 (default ${DEFAULTS.version})`,
    `  --seed N            demo generator seed (default ${DEFAULTS.seed})`,
    '  --data FILE         SQLite file (default <data dir>/sim-<version>-<size>-<seed>.sqlite;',
    '                      the data dir is $SMART_ODOO_DATA_DIR or the OS convention)',
    '  --api-key KEY       the admin API key to accept (default: stable per version/size/seed)',
    '  --reset             delete the stored database and generate the demo company again',
    '  --json              print one JSON object {url, port, db, login, password, apiKey, version, size, seed, dataFile}',
    '',
    'Examples:',
    '  smart-odoo sim',
    '  smart-odoo sim --odoo-version 19 --size M --port 8070',
    '  smart-odoo sim --port 0 --json --data /tmp/sim.sqlite --reset',
  ].join('\n'),
  options: {
    port: { type: 'string' },
    size: { type: 'string' },
    'odoo-version': { type: 'string' },
    seed: { type: 'string' },
    data: { type: 'string' },
    'api-key': { type: 'string' },
    reset: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(ctx: CliContext, values): Promise<ExitCode> {
    const o = parseSimOptions(values, ctx.env);
    // engine failures and simulator bugs go to stderr as JSON lines; stdout stays the one line scripts parse
    const logger = createLogger((e) => ctx.err(JSON.stringify(e)), 'warn');
    let sim: DemoSim;
    try {
      sim = await startDemoSim({ ...o, logger });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'EADDRINUSE') ctx.err(`Port ${o.port} on 127.0.0.1 is already in use. Pick another with --port N (0 = any free port).`);
      else ctx.err(`Could not start the Odoo simulator: ${e instanceof Error ? e.message : String(e)}`);
      return EXIT.failure;
    }
    const info = demoSimInfo(sim);
    if (values.json === true) {
      ctx.out(JSON.stringify(info));
    } else {
      ctx.out(
        `Odoo ${sim.version} simulator at ${sim.url} — database ${sim.db}, login ${sim.login}, password ${sim.password}, API key ${sim.apiKey} (size ${sim.size}, seed ${sim.seed}, data ${sim.dataFile ?? 'in memory'})`,
      );
    }
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await sim.close();
    return EXIT.ok;
  },
};
