import path from 'node:path';
import { createOdooClient } from '../../core/odoo';
import type { OdooClient } from '../../core/odoo/types';
import { startDemoSim, type DemoSim } from '../../core/odoo-sim/server/sim-command';
import type { OdooVersion } from '../../core/odoo-sim/types';
import { silentLogger } from '../../core/shared/logger';

/** A demo-company simulator on loopback plus a client logged in as admin with the API key. */
export async function startTestSim(opts: { dir: string; size?: 'S' | 'M' | 'L'; version?: OdooVersion; seed?: number; file?: string }): Promise<{
  sim: DemoSim;
  client: (o?: { timeoutMs?: number; maxAttempts?: number }) => OdooClient;
}> {
  const version = opts.version ?? 17;
  const size = opts.size ?? 'S';
  const seed = opts.seed ?? 7;
  const sim = await startDemoSim({ version, size, seed, storagePath: opts.file ?? path.join(opts.dir, `sim-${version}-${size}-${seed}.sqlite`), logger: silentLogger });
  return {
    sim,
    client: (o = {}) =>
      createOdooClient({
        url: sim.url,
        db: sim.db,
        login: sim.login,
        secret: sim.apiKey,
        logger: silentLogger,
        timeoutMs: o.timeoutMs ?? 10_000,
        retry: { maxAttempts: o.maxAttempts ?? 6, baseDelayMs: 5, maxDelayMs: 40 },
      }),
  };
}
