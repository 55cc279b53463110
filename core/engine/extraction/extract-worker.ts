// The extraction worker thread (see ./worker.ts): runs the pipeline and OCR for one document at a time, so
// that PDF parsing, page rendering and Tesseract never block the core's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorShape } from '../../shared/errors';
import { renderPageImages } from './llm/page-images';
import { createOcr, type Ocr } from './ocr';
import { extractDocument } from './pipeline';
import type { WorkerReply, WorkerRequest } from './worker';

const port = parentPort;
if (!port) throw new Error('extract-worker must run in a worker thread');
const ocrThreads = (workerData as { ocrThreads?: number } | undefined)?.ocrThreads ?? 1;

let ocr: Ocr | null = null;
const running = new Map<number, AbortController>();
const send = (m: WorkerReply) => port.postMessage(m);

async function run(m: Extract<WorkerRequest, { type: 'run' }>): Promise<void> {
  const ctl = new AbortController();
  running.set(m.id, ctl);
  const started = performance.now();
  try {
    // OCR threads start on the first scan only: digital PDFs and e-invoices never pay for them
    const result = await extractDocument(
      { bytes: m.bytes, fileName: m.fileName, ...(m.mime ? { mime: m.mime } : {}) },
      {
        ...(m.langs ? { langs: m.langs } : {}),
        ...(m.ignoreEmbeddedXml ? { ignoreEmbeddedXml: true } : {}),
        ...(m.pageTimeoutMs ? { pageTimeoutMs: m.pageTimeoutMs } : {}),
        ocr: (input, options) => {
          ocr ??= createOcr({ workers: ocrThreads });
          return ocr.ocr(input, options);
        },
        signal: ctl.signal,
        onProgress: (progress) => send({ type: 'progress', id: m.id, progress }),
      },
    );
    // for Claude's vision (asked only when a key is configured and redaction is off): the pages read by OCR
    if (m.pageImages && result.extraction.status === 'ok' && result.extraction.method !== 'e-invoice') {
      result.pageImages = await renderPageImages(m.bytes, { pages: result.pages, pageCount: result.extraction.pageCount }, { signal: ctl.signal });
    }
    send({ type: 'done', id: m.id, result, heapUsed: process.memoryUsage().heapUsed, ms: performance.now() - started });
  } catch (e) {
    const error = ctl.signal.aborted ? { code: 'app/cancelled' as const, message: `${m.fileName}: cancelled.` } : toErrorShape(e);
    send({ type: 'failed', id: m.id, error, heapUsed: process.memoryUsage().heapUsed });
  } finally {
    running.delete(m.id);
  }
}

port.on('message', (m: WorkerRequest) => {
  if (m.type === 'run') void run(m);
  else if (m.type === 'cancel') running.get(m.id)?.abort();
  else if (m.type === 'close') {
    for (const c of running.values()) c.abort();
    void (ocr?.close() ?? Promise.resolve()).finally(() => {
      send({ type: 'closed' });
      port.close();
    });
  }
});
send({ type: 'ready' });
