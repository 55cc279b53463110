import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../core/odoo-sim/engine';
import type { SimServer } from '../../core/odoo-sim/server';
import { startSimServer } from '../../core/odoo-sim/server';
import { startDemoSim } from '../../core/odoo-sim/server/sim-command';
import type { OdooVersion, SimEngine } from '../../core/odoo-sim/types';

/**
 * Acceptance: the real odoorpc client (Debian python3-odoorpc 0.9.0, for /usr/bin/python3) drives the simulator
 * (real engine, every supported version) over loopback. odoorpc is how a lot of Odoo scripts talk to Odoo, so a
 * simulator it cannot use is not faithful. This test never skips: CI installs python3-odoorpc.
 */

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'odoorpc_check.py');

type Run = { code: number | null; stdout: string; stderr: string };

// async on purpose: a synchronous spawn would block the event loop the simulator answers on
function run(args: string[], timeoutMs = 90_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(PYTHON, args, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr: stderr || (err && typeof err.code !== 'number' ? String(err.message) : '') });
    });
  });
}

beforeAll(async () => {
  const probe = await run(['-c', 'import odoorpc']);
  if (probe.code !== 0) {
    throw new Error(
      `odoorpc is not importable by ${PYTHON} (${probe.stderr.trim() || `exit ${String(probe.code)}`}). ` +
        'Install it with: sudo apt-get install python3-odoorpc',
    );
  }
});

async function check(port: number, version: OdooVersion): Promise<Record<string, unknown>> {
  const r = await run([SCRIPT, String(port), 'demo', 'admin', 'admin']);
  let summary: Record<string, unknown>;
  try {
    summary = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as Record<string, unknown>;
  } catch {
    throw new Error(`odoorpc_check.py printed no JSON (exit ${String(r.code)}):\n${r.stdout}\n${r.stderr}`);
  }
  if (summary.ok !== true) throw new Error(`odoorpc check failed at step "${String(summary.step)}": ${String(summary.error)}\n${String(summary.trace ?? '')}`);
  expect(r.code).toBe(0);
  expect(summary).toMatchObject({
    ok: true,
    server_version: `${version}.0`,
    uid: expect.any(Number) as unknown,
    bad_login_error: 'odoo.exceptions.AccessDenied',
    reread_email: 'changed@example.com',
    missing_error: 'odoo.exceptions.MissingError',
  });
  expect(summary.partner_fields).toBeGreaterThan(10);
  expect(summary.search_read_count).toBe(5);
  return summary;
}

describe.each([16, 17, 18, 19] as OdooVersion[])('odoorpc against the Odoo %i simulator', (version) => {
  let engine: SimEngine;
  let sim: SimServer;
  beforeAll(async () => {
    engine = createEngine({ version, dbName: 'demo', adminPassword: 'admin' });
    sim = await startSimServer({ engine });
  }, 120_000);
  afterAll(async () => {
    await sim?.close();
    engine?.close();
  });

  it('version, login, fields_get via execute, search_read, create, browse, write, re-read, errors, logout', async () => {
    await check(sim.port, version);
  }, 120_000);
});

describe('odoorpc against the demo company (smart-odoo sim defaults)', () => {
  it('works on a generated company, not only on the base data', async () => {
    const sim = await startDemoSim({ version: 17, size: 'S', seed: 1 });
    try {
      expect(sim.loadedDemo).toBe(true);
      await check(sim.port, 17);
    } finally {
      await sim.close();
    }
  }, 120_000);
});
