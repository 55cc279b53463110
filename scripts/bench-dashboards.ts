/**
 * npm run bench:dashboards — each role dashboard (CFO, Sales, Warehouse) computed from the local cache of a
 * size-L demo company, as `dashboards:get` does it. The simulator runs in its own process (`smart-odoo sim`)
 * and is synced over loopback HTTP once into a cache kept beside it (reused by later runs; --fresh redoes it).
 * Prints per dashboard the median and worst of --runs computations (goal: < 500 ms each), wall time and
 * this process's CPU time (the same on an idle machine; CPU time is the fair figure when other processes
 * compete for the cores), the slowest widgets, and the cache size. Options: --size S|M|L (default L), --runs N (default 7), --fresh, --json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Role } from '../core/contract';
import { computeDashboard, ROLE_WIDGETS } from '../core/engine/dashboards';
import { createContext } from '../core/engine/dashboards/context';
import { createOdooClient } from '../core/odoo';
import { silentLogger } from '../core/shared/logger';
import { openStore } from '../core/store/db';
import { startSimProcess } from './lib/sim-process';
import { runSync } from '../core/sync/sync-engine';

const { values } = parseArgs({ options: { size: { type: 'string', default: 'L' }, runs: { type: 'string', default: '7' }, fresh: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
const size = values.size!;
if (!['S', 'M', 'L'].includes(size)) throw new Error('--size is S, M or L');
const runs = Math.max(1, Number(values.runs));
const root = path.resolve(import.meta.dirname, '..');
const dir = path.join(root, 'node_modules', '.cache', 'smart-odoo-bench-dashboards');
fs.mkdirSync(dir, { recursive: true });
const cacheFile = path.join(dir, `cache-${size}.sqlite`);
/** the demo company's own "today", so ages and periods match its data */
const AS_OF = '2026-11-15';
const log = (s: string) => {
  if (!values.json) process.stdout.write(`${s}\n`);
};

const startSim = () => startSimProcess({ size, version: '17', dataDir: dir });

async function prepareCache(): Promise<void> {
  if (fs.existsSync(cacheFile) && !values.fresh) return;
  for (const f of [cacheFile, `${cacheFile}-wal`, `${cacheFile}-shm`]) fs.rmSync(f, { force: true });
  log(`Preparing a synced cache of the size-${size} demo company (first run only; the simulator generates it first)…`);
  const t = performance.now();
  const sim = await startSim();
  const store = openStore(`${cacheFile}.tmp`);
  try {
    const client = createOdooClient({ url: sim.info.url, db: sim.info.db, login: sim.info.login, secret: sim.info.apiKey, logger: silentLogger, timeoutMs: 300_000 });
    await client.connect();
    const r = await runSync({ db: store.db, client, logger: silentLogger, serverKey: 'bench' }, { deletionCheck: 'never', today: AS_OF });
    if (r.status !== 'ok') throw new Error(`sync ${r.status}: ${r.models.filter((m) => m.status !== 'ok').map((m) => `${m.model} ${m.message ?? m.status}`).join('; ')}`);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    store.close();
    sim.stop();
  }
  fs.renameSync(`${cacheFile}.tmp`, cacheFile);
  for (const f of [`${cacheFile}.tmp-wal`, `${cacheFile}.tmp-shm`]) fs.rmSync(f, { force: true });
  log(`Cache ready in ${((performance.now() - t) / 1000).toFixed(0)} s.`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function main() {
  await prepareCache();
  const store = openStore(cacheFile);
  const counts = store.db.prepare<[], { model: string; n: number }>('SELECT model, count(*) AS n FROM cache_records GROUP BY model').all();
  const total = counts.reduce((s, c) => s + c.n, 0);
  const aml = counts.find((c) => c.model === 'account.move.line')?.n ?? 0;
  log(`Cache: ${total.toLocaleString('en-US')} records (${aml.toLocaleString('en-US')} journal items), as of ${AS_OF}.`);
  const connection = { id: null, url: 'https://odoo.example.com', demo: false };
  const results: Array<{ role: Role; medianMs: number; maxMs: number; firstMs: number; cpuMedianMs: number; cpuMaxMs: number; widgets: Array<{ id: string; status: string; ms: number }> }> = [];
  for (const role of ['cfo', 'sales', 'warehouse'] as const) {
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const c0 = process.cpuUsage();
      const d = computeDashboard({ db: store.db, role, asOf: AS_OF, connection });
      const c = process.cpuUsage(c0);
      times.push(performance.now() - t);
      cpu.push((c.user + c.system) / 1000);
      const bad = d.widgets.filter((w) => w.status === 'error');
      if (bad.length) throw new Error(`${role}: ${bad.map((w) => `${w.id}: ${w.message}`).join('; ')}`);
    }
    // per widget, once, on a fresh context (the dashboard shares open items between widgets)
    const ctx = createContext({ db: store.db, asOf: AS_OF, odooUrl: null, connectionId: null });
    const widgets = ROLE_WIDGETS[role].map((w) => {
      const t = performance.now();
      let status = 'ok';
      try {
        status = w.compute(ctx).status ?? 'ok';
      } catch (e) {
        status = `error: ${String(e)}`;
      }
      return { id: w.id, status, ms: Math.round((performance.now() - t) * 10) / 10 };
    });
    results.push({ role, firstMs: Math.round(times[0]!), medianMs: Math.round(median(times)), maxMs: Math.round(Math.max(...times)), cpuMedianMs: Math.round(median(cpu)), cpuMaxMs: Math.round(Math.max(...cpu)), widgets });
  }
  store.close();
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ size, asOf: AS_OF, loadAverage: os.loadavg()[0], records: total, journalItems: aml, runs, goalMs: 500, dashboards: results }, null, 2)}\n`);
    return;
  }
  log('');
  const load = os.loadavg()[0]!;
  log(`dashboard   wall: median   worst   first    CPU: median   worst   (${runs} runs; goal < 500 ms; load average ${load.toFixed(1)} on ${os.cpus().length} cores)`);
  for (const r of results) {
    log(`${r.role.padEnd(10)} ${`${r.medianMs} ms`.padStart(13)} ${`${r.maxMs} ms`.padStart(7)} ${`${r.firstMs} ms`.padStart(7)} ${`${r.cpuMedianMs} ms`.padStart(13)} ${`${r.cpuMaxMs} ms`.padStart(7)}   ${r.medianMs < 500 ? 'ok' : r.cpuMedianMs < 500 ? 'ok on CPU time (wall time inflated by other processes)' : 'OVER GOAL'}`);
  }
  log('');
  log('slowest widgets (each on its own):');
  for (const r of results) log(`  ${r.role}: ${[...r.widgets].sort((a, b) => b.ms - a.ms).slice(0, 4).map((w) => `${w.id} ${w.ms} ms`).join(', ')}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
