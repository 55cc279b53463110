import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoSim } from '../../core/odoo-sim/server/sim-command';
import type { SimCall } from '../../core/odoo-sim/types';
import { openStore } from '../../core/store/db';
import { createCacheRepo } from '../../core/sync/cache-repo';
import { noteMarker } from '../../core/sync/intents/note-post';
import { SYNC_MODELS } from '../../core/sync/models';
import { enqueueIntent } from '../../core/sync/outbox';
import { createOutboxRepo } from '../../core/sync/outbox-repo';
import { startTestSim } from '../helpers/sim';
import { makeTempDir } from '../helpers/temp-dir';

// Kills the core process (SIGKILL) at many moments during a sync and during an outbox push, with injected
// faults, then checks that the cache equals the simulator and that every intent applied once.
// The kill moments are stratified: kill k lands at a random point of the k-th of KILLS equal slices of the
// window, so that every phase (log-in, each model of a sync, the deletion check, a push's write and its
// bookkeeping) takes kills with fewer of them than purely random moments need. SMART_ODOO_CRASH_KILLS=50 for
// a longer soak.
const KILLS = Number(process.env.SMART_ODOO_CRASH_KILLS ?? 20);
let tmp: ReturnType<typeof makeTempDir>;
let sim: DemoSim;
let worker: string;

const exec = (call: Omit<SimCall, 'uid' | 'style' | 'kwargs'> & { kwargs?: Record<string, unknown> }) =>
  sim.engine.execute({ uid: 2, style: 'rpc', kwargs: {}, ...call });

/** xorshift: the kill moments are random but reproducible */
let seed = 20261125;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return ((seed >>> 0) % 1_000_000) / 1_000_000;
};

function runWorker(mode: 'sync' | 'push', cache: string): { child: ChildProcess; done: Promise<number | null>; ready: Promise<void> } {
  const child = spawn(process.execPath, [worker, mode, cache, sim.url, sim.apiKey], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = new Promise<void>((resolve) => child.stdout!.on('data', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== null && code !== 0) process.stderr.write(`worker ${mode} exited ${code}: ${stderr}\n`);
      resolve(code);
    }),
  );
  return { child, done, ready };
}

/**
 * Starts the worker and kills it after a random delay in slice `slice` (of KILLS) of 0…maxMs after it is ready;
 * returns whether it was killed before finishing.
 */
async function killAtRandom(mode: 'sync' | 'push', cache: string, maxMs: number, slice: number): Promise<boolean> {
  const { child, done, ready } = runWorker(mode, cache);
  const delay = 5 + Math.floor(((slice % KILLS) + rand()) * (maxMs / KILLS));
  const timer = ready.then(() => new Promise<'kill'>((r) => setTimeout(() => r('kill'), delay)));
  const first = await Promise.race([done.then(() => 'exit' as const), timer]);
  if (first === 'kill') {
    child.kill('SIGKILL');
    await done;
    return true;
  }
  return false;
}

beforeAll(async () => {
  tmp = makeTempDir();
  worker = path.join(tmp.dir, 'crash-worker.mjs');
  await build({
    entryPoints: [path.join(import.meta.dirname, 'crash-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: worker,
    external: ['better-sqlite3'],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  // the bundle resolves better-sqlite3 from the project
  const { symlinkSync } = await import('node:fs');
  symlinkSync(path.resolve(import.meta.dirname, '../../node_modules'), path.join(tmp.dir, 'node_modules'), 'dir');
  ({ sim } = await startTestSim({ dir: tmp.dir, size: 'S', seed: 5 }));
}, 180_000);

afterAll(async () => {
  await sim?.close();
  tmp?.cleanup();
});

describe('crash safety', () => {
  it(`sync: killed at ${KILLS} random points with faults, the cache ends equal to the simulator`, async () => {
    const cache = path.join(tmp.dir, 'sync-cache.sqlite');
    sim.faults.set({ seed: 3, http5xx: { rate: 0.1 }, dropAfterCommit: { rate: 0.03 }, latency: { ms: 1, jitterMs: 4 } });
    let killed = 0;
    let i = 0;
    for (; killed < KILLS && i < KILLS * 4; i++) {
      if (await killAtRandom('sync', cache, 500, i)) killed++;
      // the world moves on between crashes: edits, creations and deletions the next sync must pick up
      const ids = exec({ model: 'res.partner', method: 'search', args: [[]], kwargs: { limit: 3, offset: i } }) as number[];
      exec({ model: 'res.partner', method: 'write', args: [ids, { email: `edited${i}@example.com` }] });
      const tmpId = exec({ model: 'res.partner', method: 'create', args: [{ name: `Temp ${i}` }] }) as number;
      if (i % 3 === 0) exec({ model: 'res.partner', method: 'unlink', args: [[tmpId]] });
    }
    expect(killed).toBeGreaterThanOrEqual(KILLS);
    sim.faults.clear();
    expect(await runWorker('sync', cache).done).toBe(0);

    const store = openStore(cache);
    try {
      const repo = createCacheRepo(store.db);
      for (const spec of SYNC_MODELS) {
        const server = exec({ model: spec.model, method: 'search_read', args: [[]], kwargs: { fields: ['write_date'], context: { active_test: false } } }) as Array<{ id: number; write_date: string }>;
        const serverMap = new Map(server.map((r) => [r.id, r.write_date]));
        // nothing in the cache that Odoo does not have, and each cached record is current
        for (const id of repo.ids(spec.model)) expect(repo.writeDateOf(spec.model, id), `${spec.model} ${id}`).toBe(serverMap.get(id));
        if (!spec.initialDomain) expect(repo.count(spec.model), spec.model).toBe(serverMap.size);
      }
    } finally {
      store.close();
    }
  }, 600_000);

  it(`push: killed at ${KILLS} random points with dropped-after-commit responses, every intent applies exactly once`, async () => {
    const cache = path.join(tmp.dir, 'push-cache.sqlite');
    const partnerIds = exec({ model: 'res.partner', method: 'search', args: [[]], kwargs: { order: 'id' } }) as number[];
    const notes: Array<{ key: string; pid: number }> = [];
    const updated: number[] = [];
    let next = 0;
    /** keeps work queued so that every kill interrupts a push that has something to do */
    const topUp = () => {
      const store = openStore(cache);
      try {
        const c = createOutboxRepo(store.db).counts();
        for (let k = c.pending + c.applying; k < 6; k++) {
          const pid = partnerIds[next++ % partnerIds.length]!;
          if (next % 4 === 0) {
            // updates queued without a cached base: applied whatever the record's write_date
            enqueueIntent(store.db, { kind: 'record:update', payload: { model: 'res.partner', id: pid, values: { ref: `CR-${pid}` } }, summary: `ref ${pid}` });
            updated.push(pid);
          } else {
            const r = enqueueIntent(store.db, { kind: 'note:post', payload: { model: 'res.partner', id: pid, body: `Crash test ${next}` }, summary: `note ${pid}` });
            notes.push({ key: r.idempotencyKey, pid });
          }
        }
      } finally {
        store.close();
      }
    };
    sim.faults.set({ seed: 4, dropAfterCommit: { rate: 0.15, scope: { writesOnly: true } }, http5xx: { rate: 0.1, when: 'after', scope: { writesOnly: true } }, latency: { ms: 2, jitterMs: 10 } });
    let killed = 0;
    let i = 0;
    for (; killed < KILLS && i < KILLS * 4; i++) {
      topUp();
      if (await killAtRandom('push', cache, 300, i)) killed++;
    }
    expect(killed).toBeGreaterThanOrEqual(KILLS);
    sim.faults.clear();
    expect(await runWorker('push', cache).done).toBe(0);

    for (const { key, pid } of notes) {
      const n = exec({ model: 'mail.message', method: 'search_count', args: [[['model', '=', 'res.partner'], ['res_id', '=', pid], ['body', 'ilike', noteMarker(key)]]] });
      expect(n, `note for partner ${pid}`).toBe(1);
    }
    const refs = exec({ model: 'res.partner', method: 'read', args: [updated, ['ref']] }) as Array<{ id: number; ref: string }>;
    for (const r of refs) expect(r.ref).toBe(`CR-${r.id}`);
    const check = openStore(cache);
    const counts = createOutboxRepo(check.db).counts();
    check.close();
    expect(counts).toMatchObject({ pending: 0, applying: 0, failed: 0, conflict: 0, applied: notes.length + updated.length });
    // the pushes made progress while being killed, not only during start-up
    expect(notes.length + updated.length).toBeGreaterThan(KILLS / 5);
  }, 600_000);
});
