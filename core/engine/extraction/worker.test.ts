import { afterEach, describe, expect, it } from 'vitest';
import { documentsPdf } from '../../../test/helpers/documents-pdf';
import { isAppError } from '../../shared/errors';
import { silentLogger } from '../../shared/logger';
import { invoicePage, toPng } from './ocr/test-images';
import { ExtractionPool } from './worker';

// The pool with real worker threads running the real pipeline (and Tesseract for the scan).
const invoicePdf = (n: number) =>
  documentsPdf([
    [
      { x: 50, y: 60, text: 'Acme Supplies GmbH', size: 16, bold: true },
      { x: 50, y: 95, text: 'USt-IdNr.: DE136695976' },
      { x: 350, y: 165, text: `Invoice No: INV-${1000 + n}` },
      { x: 350, y: 180, text: 'Invoice date: 05.03.2024' },
      { x: 380, y: 340, text: 'Subtotal' },
      { x: 480, y: 340, text: '400.00' },
      { x: 380, y: 355, text: 'VAT 19%' },
      { x: 480, y: 355, text: '76.00' },
      { x: 380, y: 370, text: 'Total EUR' },
      { x: 480, y: 370, text: '476.00' },
    ],
  ]);

let pool: ExtractionPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return isAppError(e) ? e.code : `not an AppError: ${String(e)}`;
  }
};

describe('extraction worker pool', () => {
  it('extracts in worker threads, never more at once than its size; a corrupt file fails alone', async () => {
    pool = new ExtractionPool({ logger: silentLogger, size: 2 });
    let maxBusy = 0;
    const watch = () => (maxBusy = Math.max(maxBusy, pool!.stats().busy));
    const jobs = [
      pool.run({ bytes: invoicePdf(1), fileName: 'a.pdf' }, { onProgress: watch }),
      pool.run({ bytes: new TextEncoder().encode('%PDF-1.4\n1 0 obj broken beyond repair'), fileName: 'broken.pdf' }, { onProgress: watch }),
      pool.run({ bytes: invoicePdf(2), fileName: 'b.pdf' }, { onProgress: watch }),
      pool.run({ bytes: new Uint8Array([1, 2, 3, 4, 5]), fileName: 'noise.bin' }, { onProgress: watch }),
      pool.run({ bytes: invoicePdf(3), fileName: 'c.pdf' }, { onProgress: watch }),
    ];
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    const numbers = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.extraction.fields.invoiceNumber?.value] : []));
    expect(numbers).toEqual(['INV-1001', 'INV-1002', 'INV-1003']);
    for (const s of settled) if (s.status === 'rejected') expect(isAppError(s.reason) && s.reason.code.startsWith('extract/')).toBe(true);
    expect(maxBusy).toBeLessThanOrEqual(2);
    expect(pool.stats()).toMatchObject({ size: 2, done: 3, failed: 2, crashed: 0 });
    expect(pool.stats().workers).toBeLessThanOrEqual(2);
    expect(pool.stats().maxWorkerHeap).toBeGreaterThan(0);
  }, 120_000);

  it('cancels a waiting job at once and a running OCR job across the thread boundary; the pool goes on', async () => {
    pool = new ExtractionPool({ logger: silentLogger, size: 1 });
    const scan = toPng(invoicePage(200).canvas);
    const running = new AbortController();
    const waiting = new AbortController();
    let sawOcr = false;
    const a = pool.run(
      { bytes: scan, fileName: 'scan.png', langs: 'eng' },
      {
        signal: running.signal,
        onProgress: (p) => {
          if (p.stage === 'ocr' && !sawOcr) {
            sawOcr = true;
            running.abort();
          }
        },
      },
    );
    const b = pool.run({ bytes: invoicePdf(4), fileName: 'later.pdf' }, { signal: waiting.signal });
    waiting.abort();
    expect(await codeOf(b)).toBe('app/cancelled');
    const started = Date.now();
    expect(await codeOf(a)).toBe('app/cancelled');
    expect(sawOcr).toBe(true);
    // the cancel reached the worker (or the grace period ended it): well before the OCR would have finished
    expect(Date.now() - started).toBeLessThan(10_000);
    const after = await pool.run({ bytes: invoicePdf(5), fileName: 'after.pdf' });
    expect(after.extraction.fields.invoiceNumber?.value).toBe('INV-1005');
  }, 120_000);

  it('stops a document over the time limit by replacing its worker, and reads the next one', async () => {
    pool = new ExtractionPool({ logger: silentLogger, size: 1 });
    const scan = toPng(invoicePage(200).canvas);
    const slow = pool.run({ bytes: scan, fileName: 'slow.png', langs: 'eng' }, { timeoutMs: 300 });
    const next = pool.run({ bytes: invoicePdf(6), fileName: 'next.pdf' });
    expect(await codeOf(slow)).toBe('extract/timeout');
    expect((await next).extraction.fields.invoiceNumber?.value).toBe('INV-1006');
    expect(pool.stats()).toMatchObject({ done: 1, failed: 1, workers: 1 });
  }, 120_000);

  it('refuses work once closed', async () => {
    pool = new ExtractionPool({ logger: silentLogger, size: 1 });
    await pool.close();
    expect(await codeOf(pool.run({ bytes: invoicePdf(7), fileName: 'x.pdf' }))).toBe('app/cancelled');
  });
});
