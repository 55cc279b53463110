/**
 * search_read throughput of the Odoo client against the simulator over loopback HTTP.
 *
 *   npm run bench:odoo                 (tsx scripts/bench-odoo.ts)
 *   tsx scripts/bench-odoo.ts --size M --versions 17,19 --rounds 3
 *
 * For each personality it keyset-reads a large table with batches of 500 and 2000 and prints records/s
 * and the simulator's share of the wall time. The server-side time is measured in process: the bench
 * mounts the simulator's own request handler on its own node:http server and times each request from
 * its arrival to the end of the response (engine, JSON encoding and socket write), so no hook in the
 * simulator is needed. Client and simulator share one Node process (and its event loop), as in tests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createOdooClient, type OdooProtocol } from '../core/odoo';
import { generateDemoCompany } from '../core/odoo-sim/demo';
import { createEngine } from '../core/odoo-sim/engine';
import { createSimHandler } from '../core/odoo-sim/server';
import type { OdooVersion, SimDataset, SimEngine } from '../core/odoo-sim/types';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: 'L' },
    seed: { type: 'string', default: '1' },
    versions: { type: 'string', default: '17,19' },
    batches: { type: 'string', default: '500,2000' },
    rounds: { type: 'string', default: '2' },
    model: { type: 'string', default: 'account.move.line' },
  },
});

const FIELDS: Record<string, string[]> = {
  'account.move.line': ['move_id', 'account_id', 'partner_id', 'date', 'name', 'debit', 'credit', 'balance', 'amount_residual', 'reconciled', 'matching_number'],
  'res.partner': ['name', 'email', 'vat', 'country_id', 'customer_rank', 'supplier_rank', 'write_date'],
};

const out = (line = '') => process.stdout.write(`${line}\n`);

type Timed = { url: string; serverMs: () => number; requests: () => number; reset: () => void; close: () => Promise<void> };

/** The simulator's handler behind a listener that adds up how long each request spends on the server side. */
async function startTimedSim(engine: SimEngine): Promise<Timed> {
  const handler = createSimHandler({ engine });
  let busyMs = 0;
  let count = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const t0 = performance.now();
    res.on('close', () => {
      busyMs += performance.now() - t0;
      count++;
    });
    handler.listener(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    serverMs: () => busyMs,
    requests: () => count,
    reset: () => {
      busyMs = 0;
      count = 0;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

function syntheticDataset(n: number): SimDataset {
  // Fallback when the demo generator is unavailable: plain partners are enough for a throughput figure.
  const records = Array.from({ length: n }, (_, i) => ({ id: 1000 + i, name: `Bench partner ${i}`, email: `b${i}@example.test`, is_company: i % 3 === 0, active: true, customer_rank: i % 2, supplier_rank: 0 }));
  return { meta: { seed: 0, size: 'L', today: '2026-11-15', companyCurrency: 'EUR' }, records: { 'res.partner': records } };
}

async function main(): Promise<void> {
  const size = (args.size ?? 'L') as 'S' | 'M' | 'L';
  const versions = (args.versions ?? '17,19').split(',').map((v) => Number(v) as OdooVersion);
  const batches = (args.batches ?? '500,2000').split(',').map(Number);
  const rounds = Number(args.rounds ?? 2);
  let model = args.model ?? 'account.move.line';

  let dataset: SimDataset;
  const g0 = performance.now();
  try {
    dataset = generateDemoCompany({ size, seed: Number(args.seed ?? 1) }).dataset;
    out(`demo company size ${size}: generated in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
  } catch (e) {
    out(`demo generator failed (${e instanceof Error ? e.message : String(e)}); using 50 000 synthetic partners`);
    dataset = syntheticDataset(50_000);
    model = 'res.partner';
  }

  out(`model ${model}, ${rounds} round(s) per figure, Node ${process.version}`);
  out('');
  out('version  protocol  model              batch  records   wall s   records/s   requests   sim share   client+wire share');
  for (const version of versions) {
    let engine = createEngine({ version });
    const l0 = performance.now();
    try {
      engine.loadDataset(dataset);
    } catch (e) {
      // the generator and the engine are developed side by side; a mismatch must not hide the client's figure
      out(`loading the demo company into the ${version} engine failed (${e instanceof Error ? e.message : String(e)}); using 50 000 synthetic partners`);
      engine.close();
      engine = createEngine({ version });
      engine.loadDataset(syntheticDataset(50_000));
      model = 'res.partner';
    }
    const loadS = (performance.now() - l0) / 1000;
    const fields = FIELDS[model] ?? ['name'];
    const apiKey = engine.createApiKey('admin');
    const sim = await startTimedSim(engine);
    const protocol: OdooProtocol = version >= 19 ? 'json2' : 'jsonrpc';
    const client = createOdooClient({ url: sim.url, db: engine.dbName, login: 'admin', secret: protocol === 'json2' ? apiKey : 'admin', protocol, timeoutMs: 120_000 });
    await client.connect();
    await client.fieldsGet(model);
    for (const batchSize of batches) {
      let best = { wall: Infinity, n: 0, simMs: 0, reqs: 0 };
      for (let r = 0; r < rounds; r++) {
        sim.reset();
        const t0 = performance.now();
        let n = 0;
        for await (const page of client.searchReadPages(model, [], { fields, batchSize })) n += page.records.length;
        const wall = performance.now() - t0;
        if (wall < best.wall) best = { wall, n, simMs: sim.serverMs(), reqs: sim.requests() };
      }
      const share = best.simMs / best.wall;
      out(
        [
          String(version).padEnd(8),
          protocol.padEnd(9),
          model.padEnd(18),
          String(batchSize).padStart(5),
          String(best.n).padStart(8),
          (best.wall / 1000).toFixed(2).padStart(8),
          Math.round(best.n / (best.wall / 1000)).toLocaleString('en-US').padStart(11),
          String(best.reqs).padStart(10),
          `${(share * 100).toFixed(0)}%`.padStart(11),
          `${((1 - share) * 100).toFixed(0)}%`.padStart(19),
        ].join(' '),
      );
    }
    out(`         (dataset load into the ${version} engine: ${loadS.toFixed(1)} s)`);
    client.close();
    await sim.close();
    engine.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
