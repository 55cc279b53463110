import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpHost, type HttpHost } from '../../../core/host/http-host';
import { createService, storeFile, type Service, type ServiceOptions } from '../../../core/host/service';
import { createLogger, type LogLevel } from '../../../core/shared/logger';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** `SMART_ODOO_E2E_RENDERER_DIR` lets parallel work test its own build (`vite build --outDir …`). */
export const rendererDir = path.resolve(repoRoot, process.env.SMART_ODOO_E2E_RENDERER_DIR ?? 'out/renderer');
export const artifactsDir = path.join(repoRoot, 'test-results/e2e');

export type LogEntry = { level: LogLevel; msg: string; fields: Record<string, unknown> };

export type TestHost = {
  host: HttpHost;
  service: Service;
  dataDir: string;
  /** warnings and errors the core logged during the run */
  logs: LogEntry[];
  close(): Promise<void>;
};

/** Fails with the command to run when the renderer has not been built. */
export function assertRendererBuilt(): void {
  const index = path.join(rendererDir, 'index.html');
  if (!fs.existsSync(index)) {
    throw new Error(`The renderer is not built (${index} is missing). Run \`npm run build:web\` before \`npm run test:e2e\`.`);
  }
}

export type StartOptions = {
  /** bytes written to the database file before the core opens it (to simulate a damaged cache) */
  storeFileContent?: Buffer | string;
  /** the demo company the core serves (default: the service's own default) */
  demo?: ServiceOptions['demo'];
  /** first sync on launch and periodic sync; off by default so tests start syncs themselves */
  background?: boolean;
  /** 'in-process' gives tests the simulator's engine and fault controller (slow answers, outages) */
  demoRunner?: ServiceOptions['demoRunner'];
};

/** The real Node host and core service, in-process, on a random loopback port with a temp data directory. */
export async function startTestHost(opts: StartOptions = {}): Promise<TestHost> {
  assertRendererBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smart-odoo-e2e-data-'));
  if (opts.storeFileContent !== undefined) fs.writeFileSync(storeFile(dataDir), opts.storeFileContent);
  const logs: LogEntry[] = [];
  const logger = createLogger((e) => logs.push({ level: e.level, msg: e.msg, fields: e.fields }), 'warn');
  // no background sync by default: generating the demo company would compete with the browser for CPU,
  // and tests that need a sync start it through the UI
  const service = createService({
    dataDir,
    host: 'node',
    logger,
    checkOutputs: true,
    background: opts.background ?? false,
    ...(opts.demo ? { demo: opts.demo } : {}),
    ...(opts.demoRunner ? { demoRunner: opts.demoRunner } : {}),
  });
  const host = await startHttpHost({ service, port: 0, rendererDir, logger });
  // as the real hosts do once they listen: the demo company becomes the default connection
  service.start();
  return {
    host,
    service,
    dataDir,
    logs,
    async close() {
      await host.close();
      await service.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Calls the core directly (test set-up and checks), throwing with the core's code and message on failure. */
export async function invokeCore<T>(host: TestHost, channel: string, input: unknown): Promise<T> {
  const r = await host.service.invoke(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/**
 * search_read in the host's demo simulator, as the admin (test set-up and checks against Odoo's side).
 * `limit` 0 reads all; `order` defaults to the model's own order.
 */
export async function simSearch(host: TestHost, model: string, domain: unknown[], fields: string[], opts: { limit?: number; order?: string } = {}): Promise<Record<string, unknown>[]> {
  const sim = await host.service.sync!.connections.demo();
  const kwargs = { ...(opts.limit ? { limit: opts.limit } : {}), ...(opts.order ? { order: opts.order } : {}) };
  return (await sim.execute({ uid: 2, style: 'rpc', model, method: 'search_read', args: [domain, fields], kwargs })) as Record<string, unknown>[];
}

/** The records `ids` of `model` in the host's demo simulator. */
export function simRead(host: TestHost, model: string, ids: number[], fields: string[]): Promise<Record<string, unknown>[]> {
  return simSearch(host, model, [['id', 'in', ids]], fields);
}

/** The host most workbench tests start from: the small demo company (Odoo 17, seed 1), synced once. */
export async function startSyncedDemoHost(): Promise<TestHost> {
  const host = await startTestHost({ demo: { version: 17, size: 'S', seed: 1 }, background: false, demoRunner: 'in-process' });
  const { jobId } = await invokeCore<{ jobId: string }>(host, 'sync:run', {});
  const job = await host.service.jobs.wait(jobId);
  if (job.state !== 'succeeded') throw new Error(`The first sync of the demo company ended ${job.state}.`);
  return host;
}
