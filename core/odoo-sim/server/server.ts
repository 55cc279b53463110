import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../shared/logger';
import type { SimEngine } from '../types';
import type { FaultConfig, FaultController } from './faults';
import type { SimHandler } from './handler';
import { createSimHandler } from './handler';
import type { SessionStore } from './sessions';

export type StartSimServerOptions = {
  engine: SimEngine;
  /** 0 (default) picks a free port */
  port?: number;
  /** loopback only: the simulator accepts any password-shaped secret it was seeded with, so it never listens wider */
  host?: '127.0.0.1';
  faults?: FaultConfig;
  logger?: Logger;
  sessionLifetimeMs?: number;
};

export type SimServer = {
  /** `http://127.0.0.1:<port>` without a trailing slash */
  url: string;
  port: number;
  faults: FaultController;
  sessions: SessionStore;
  stats: SimHandler['stats'];
  /** stops listening and cuts open keep-alive connections; the engine stays open (its owner closes it) */
  close(): Promise<void>;
};

export async function startSimServer(opts: StartSimServerOptions): Promise<SimServer> {
  const host = opts.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error(`the simulator only binds 127.0.0.1, not ${String(host)}`);
  const handler = createSimHandler({
    engine: opts.engine,
    ...(opts.faults ? { faults: opts.faults } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.sessionLifetimeMs !== undefined ? { sessionLifetimeMs: opts.sessionLifetimeMs } : {}),
  });
  const server = createServer(handler.listener);
  // fault latency can exceed node's 5 s default; clients own their timeouts, not the simulator
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  opts.logger?.info('odoo simulator listening', { url, version: opts.engine.version, db: opts.engine.dbName });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return { url, port, faults: handler.faults, sessions: handler.sessions, stats: handler.stats, close };
}
