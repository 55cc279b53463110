/**
 * Load benchmark (not part of the test suite): `npx tsx core/odoo-sim/engine/bench.ts [memory|sqlite]`.
 * Builds a size-L-like synthetic dataset (25k partners, ~300k journal items, 30k statement lines),
 * loads it, then times keyset search_read pages of 2000 move lines × 10 fields.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from './index';
import { syntheticDataset } from './synthetic';

const out = (s: string) => process.stdout.write(`${s}\n`);
const mode = process.argv[2] ?? 'memory';
const dir = mkdtempSync(join(tmpdir(), 'odoo-sim-bench-'));
const t0 = performance.now();
const ds = syntheticDataset({ partners: 25_000, invoices: 80_000, statementLines: 30_000 });
const lines = ds.records['account.move.line']?.length ?? 0;
out(`dataset built: ${lines} move lines in ${(performance.now() - t0).toFixed(0)} ms`);
const engine = createEngine({ version: 17, ...(mode === 'sqlite' ? { storagePath: join(dir, 'bench.sqlite') } : {}) });
const t1 = performance.now();
const c1 = process.cpuUsage();
engine.loadDataset(ds);
const cpu = process.cpuUsage(c1);
out(`loadDataset (${mode}): wall ${((performance.now() - t1) / 1000).toFixed(1)} s, cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
const fields = ['move_id', 'account_id', 'partner_id', 'date', 'debit', 'credit', 'balance', 'amount_residual', 'reconciled', 'matching_number'];
let last = 0;
let pages = 0;
let total = 0;
const t2 = performance.now();
for (;;) {
  const rows = engine.execute({ uid: 2, model: 'account.move.line', method: 'search_read', args: [[['id', '>', last]], fields], kwargs: { order: 'id asc', limit: 2000 }, style: 'rpc' }) as Array<{ id: number }>;
  if (!rows.length) break;
  last = rows[rows.length - 1]!.id;
  pages++;
  total += rows.length;
}
const ms = performance.now() - t2;
out(`keyset search_read: ${total} rows in ${pages} pages, ${(ms / pages).toFixed(1)} ms/page, ${Math.round(total / (ms / 1000))} rows/s`);
const t3 = performance.now();
const c = engine.execute({ uid: 2, model: 'account.move', method: 'search_count', args: [[['payment_state', '=', 'paid']]], kwargs: {}, style: 'rpc' });
out(`search_count paid invoices = ${String(c)} in ${(performance.now() - t3).toFixed(0)} ms`);
const t4 = performance.now();
engine.execute({ uid: 2, model: 'res.partner', method: 'search_read', args: [[['name', 'ilike', 'partner 0001']], ['name', 'email']], kwargs: { limit: 80 }, style: 'rpc' });
out(`partner ilike search (default order) in ${(performance.now() - t4).toFixed(0)} ms`);
engine.close();
if (mode === 'sqlite') {
  const t5 = performance.now();
  const again = createEngine({ version: 17, storagePath: join(dir, 'bench.sqlite') });
  out(`reopen from SQLite: ${((performance.now() - t5) / 1000).toFixed(1)} s, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  again.close();
}
rmSync(dir, { recursive: true, force: true });
