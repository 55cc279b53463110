/**
 * npm run bench:documents — the document queue end to end (core/host/documents-part.ts): intake, the worker
 * pool (pipeline in worker threads), template + vendor match on the main thread, saving. Prints:
 *   - throughput: documents per second for a batch, and time to first result (includes worker start-up)
 *   - the main thread's event-loop delay while the batch runs (p50/p99/max): extraction must not block it
 *   - peak RSS of the process (workers are threads: included) and the largest V8 heap a worker reported
 *
 * Documents: the digital PDFs of ../shared/corpus/invoice2data (SMART_ODOO_CORPUS overrides; read-only),
 * else generated one-page invoices. Options: --batch N (50), --workers N (pool default), --json.
 */
import { existsSync, readFileSync, readdirSync, rmSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createDocumentsPart } from '../core/host/documents-part';
import { EventBus } from '../core/host/events';
import { silentLogger } from '../core/shared/logger';
import { openStore } from '../core/store/db';
import { documentsPdf } from '../test/helpers/documents-pdf';

const here = dirname(fileURLToPath(import.meta.url));
const CORPUS = resolve(process.env.SMART_ODOO_CORPUS ?? resolve(here, '../../shared/corpus'));
const { values } = parseArgs({ options: { batch: { type: 'string', default: '50' }, workers: { type: 'string' }, json: { type: 'boolean', default: false } } });

const mb = (b: number) => Math.round(b / 1024 / 1024);

function inputs(n: number): Array<{ fileName: string; bytes: Uint8Array }> {
  const dir = join(CORPUS, 'invoice2data/compare');
  const corpus = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort() : [];
  return Array.from({ length: n }, (_, i) => {
    if (corpus.length > 0) {
      const f = corpus[i % corpus.length]!;
      // each copy is a new document (the queue recognises identical content): one trailing byte differs
      const bytes = readFileSync(join(dir, f));
      return { fileName: `${i}-${f}`, bytes: new Uint8Array(Buffer.concat([bytes, Buffer.from(`\n%${i}\n`)])) };
    }
    return {
      fileName: `generated-${i}.pdf`,
      bytes: documentsPdf([
        [
          { x: 50, y: 60, text: `Vendor ${i % 7} Ltd`, size: 16, bold: true },
          { x: 350, y: 165, text: `Invoice No: INV-${10_000 + i}` },
          { x: 350, y: 180, text: 'Invoice date: 14.03.2024' },
          { x: 380, y: 340, text: 'Subtotal' },
          { x: 480, y: 340, text: `${100 + i}.00` },
          { x: 380, y: 355, text: 'VAT 20%' },
          { x: 480, y: 355, text: `${((100 + i) * 0.2).toFixed(2)}` },
          { x: 380, y: 370, text: 'Total EUR' },
          { x: 480, y: 370, text: `${((100 + i) * 1.2).toFixed(2)}` },
        ],
      ]),
    };
  });
}

async function main(): Promise<void> {
  const n = Math.max(1, Number(values.batch));
  const tmp = mkdtempSync(join(os.tmpdir(), 'bench-documents-'));
  const store = openStore(join(tmp, 'smart-odoo.sqlite'));
  const part = createDocumentsPart({
    db: store.db,
    dataDir: tmp,
    bus: new EventBus(silentLogger),
    logger: silentLogger,
    connectionId: () => 'bench',
    outboxChanged: () => {},
    ...(values.workers ? { workers: Number(values.workers) } : {}),
  });
  const files = inputs(n);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  let peak = process.memoryUsage().rss;
  const rssBefore = peak;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  let firstDone = 0;
  const t0 = performance.now();
  loop.enable();
  part.handlers['documents:add'](
    { files: files.map((f) => ({ fileName: f.fileName, contentBase64: Buffer.from(f.bytes).toString('base64') })) },
    { host: 'test' },
  );
  const added = performance.now() - t0;
  for (;;) {
    const done = store.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM documents WHERE status NOT IN ('queued','processing')`).get()!.n;
    if (done > 0 && firstDone === 0) firstDone = performance.now() - t0;
    if (done >= n) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const total = performance.now() - t0;
  loop.disable();
  clearInterval(sampler);
  const statuses = Object.fromEntries(store.db.prepare<[], { status: string; n: number }>('SELECT status, count(*) AS n FROM documents GROUP BY status').all().map((r) => [r.status, r.n]));
  const pool = part.pool().stats();
  await part.close();
  store.close();
  rmSync(tmp, { recursive: true, force: true });
  const report = {
    documents: n,
    source: files[0]!.fileName.startsWith('generated') ? 'generated' : 'invoice2data/compare',
    workers: pool.size,
    statuses,
    intakeMs: Math.round(added),
    firstResultMs: Math.round(firstDone),
    totalMs: Math.round(total),
    docsPerSecond: Math.round((n / (total / 1000)) * 10) / 10,
    /** after the first result: the workers are up, their modules loaded */
    steadyDocsPerSecond: n > 1 && total > firstDone ? Math.round(((n - 1) / ((total - firstDone) / 1000)) * 10) / 10 : null,
    eventLoopDelayMs: { p50: Math.round(loop.percentile(50) / 1e6), p99: Math.round(loop.percentile(99) / 1e6), max: Math.round(loop.max / 1e6) },
    rssBeforeMb: mb(rssBefore),
    peakRssMb: mb(peak),
    maxWorkerHeapMb: mb(pool.maxWorkerHeap),
  };
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    process.stdout.write(
      [
        `document queue: ${n} documents (${report.source}) through ${pool.size} worker thread(s): ${report.totalMs} ms, ${report.docsPerSecond} docs/s (${report.steadyDocsPerSecond ?? '—'} docs/s once the workers are up); first result after ${report.firstResultMs} ms (worker start-up included); intake ${report.intakeMs} ms`,
        `statuses: ${Object.entries(statuses).map(([k, v]) => `${k} ${v}`).join(', ')}`,
        `main thread event-loop delay during the batch: p50 ${report.eventLoopDelayMs.p50} ms, p99 ${report.eventLoopDelayMs.p99} ms, max ${report.eventLoopDelayMs.max} ms`,
        `memory: RSS ${report.rssBeforeMb} → peak ${report.peakRssMb} MB (process, workers included); largest worker V8 heap ${report.maxWorkerHeapMb} MB`,
      ].join('\n') + '\n',
    );
  }
}

await main();
