/**
 * npm run bench:sync — full sync of a size-L demo company from the simulator over loopback HTTP, then an
 * incremental sync of 100 changes. The simulator runs in its own process (`smart-odoo sim`), so the
 * figures are the client side's: records/s, peak RSS, and the split between network, JSON and SQLite.
 * Options: --size S|M|L (default L), --batch N (default 2000), --version 16..19 (default 17).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createOdooClient } from '../core/odoo';
import { silentLogger } from '../core/shared/logger';
import { openStore } from '../core/store/db';
import { startSimProcess } from './lib/sim-process';
import { runSync } from '../core/sync/sync-engine';

const { values } = parseArgs({ options: { size: { type: 'string', default: 'L' }, batch: { type: 'string', default: '2000' }, version: { type: 'string', default: '17' }, 'incremental-only': { type: 'boolean' } } });
const root = path.resolve(import.meta.dirname, '..');
const simDir = path.join(root, 'node_modules', '.cache', 'smart-odoo-bench');
fs.mkdirSync(simDir, { recursive: true });

const startSim = () => startSimProcess({ size: values.size!, version: values.version!, dataDir: simDir });

const split = { networkMs: 0, jsonMs: 0, bytes: 0, requests: 0 };
/** fetch that separates waiting for the bytes from parsing them */
const timedFetch: typeof fetch = async (input, init) => {
  const t0 = performance.now();
  const res = await fetch(input, init);
  const text = await res.text();
  split.networkMs += performance.now() - t0;
  split.bytes += text.length;
  split.requests++;
  const t1 = performance.now();
  try {
    JSON.parse(text);
  } catch {
    /* not JSON: the client reports it */
  }
  split.jsonMs += performance.now() - t1;
  return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
};

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  process.stdout.write(`Starting the simulator (size ${values.size}; the first run generates the company)…\n`);
  const t = performance.now();
  const sim = await startSim();
  process.stdout.write(`Simulator ready in ${((performance.now() - t) / 1000).toFixed(1)} s at ${sim.info.url}\n`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smart-odoo-bench-sync-'));
  const store = openStore(path.join(dir, 'cache.sqlite'));
  const client = createOdooClient({ url: sim.info.url, db: sim.info.db, login: sim.info.login, secret: sim.info.apiKey, fetch: timedFetch, logger: silentLogger, timeoutMs: 120_000 });
  try {
    await client.connect();
    Object.assign(split, { networkMs: 0, jsonMs: 0, bytes: 0, requests: 0 });
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const full = await runSync({ db: store.db, client, logger: silentLogger, serverKey: 'bench' }, { batchSize: Number(values.batch), deletionCheck: 'never' });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const records = full.models.reduce((s, m) => s + m.fetched, 0);
    // the simulator runs in its own process, so this process's CPU time is exactly the client side's work
    // (two models are synced at a time, so wall time minus network time would undercount it)
    const clientMs = (cpu.user + cpu.system) / 1000 - split.jsonMs;
    process.stdout.write(`\nFull sync (${full.status}): ${records.toLocaleString('en')} records in ${(ms / 1000).toFixed(2)} s = ${Math.round(records / (ms / 1000)).toLocaleString('en')} records/s end to end\n`);
    process.stdout.write(`  client side (CPU time of this process: HTTP, JSON, adapters, SQLite): ${(clientMs / 1000).toFixed(2)} s = ${Math.round(records / (clientMs / 1000)).toLocaleString('en')} records/s\n`);
    process.stdout.write(`  network (request → last byte, includes the simulator's work; requests overlap): ${(split.networkMs / 1000).toFixed(2)} s over ${split.requests} requests, ${mb(split.bytes)}\n`);
    process.stdout.write(`  JSON parse: ${(split.jsonMs / 1000).toFixed(2)} s   SQLite: ${(full.timing.storeMs / 1000).toFixed(2)} s\n`);
    process.stdout.write(`  peak RSS: ${mb(process.resourceUsage().maxRSS * 1024)}\n`);
    for (const m of full.models) process.stdout.write(`    ${m.model.padEnd(30)} ${String(m.fetched).padStart(8)}  ${(m.ms / 1000).toFixed(2)} s\n`);

    // 100 changes made in Odoo, then an incremental sync
    await new Promise((r) => setTimeout(r, 1100));
    const partnerIds = await client.search('res.partner', [], { limit: 100, order: 'id desc' });
    for (const id of partnerIds) await client.write('res.partner', [id], { ref: `BENCH-${Date.now() % 100000}-${id}` });
    Object.assign(split, { networkMs: 0, jsonMs: 0, bytes: 0, requests: 0 });
    const t1 = performance.now();
    const inc = await runSync({ db: store.db, client, logger: silentLogger, serverKey: 'bench' }, { deletionCheck: 'never' });
    const incMs = performance.now() - t1;
    const changed = inc.models.reduce((s, m) => s + m.fetched, 0);
    process.stdout.write(`\nIncremental sync (${inc.status}) of ${changed} changed records: ${incMs.toFixed(0)} ms (${split.requests} requests, network ${split.networkMs.toFixed(0)} ms, SQLite ${inc.timing.storeMs.toFixed(0)} ms)\n`);
    const slowest = [...inc.models].sort((a, b) => b.ms - a.ms).slice(0, 5);
    process.stdout.write(`  slowest models: ${slowest.map((m) => `${m.model} ${m.ms} ms`).join(', ')}\n`);
  } finally {
    client.close();
    store.close();
    sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench:sync failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
