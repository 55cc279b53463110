import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from '../../core/ai';
import { startMockAnthropic, toolReply, type MockAnthropic } from '../../core/ai/testing/mock-anthropic';
import { TOOL_NAME } from '../../core/engine/extraction/llm';
import { createDocumentsPart } from '../../core/host/documents-part';
import { EventBus } from '../../core/host/events';
import { silentLogger } from '../../core/shared/logger';
import { openStore, type Store } from '../../core/store/db';
import { documentsPdf } from '../helpers/documents-pdf';
import { makeTempDir } from '../helpers/temp-dir';

// The queue with a Claude key configured (the mock Messages API over loopback): the LLM pass runs after the
// deterministic one, its answer is reconciled, and tokens and cost are stored on the document.
let tmp: ReturnType<typeof makeTempDir>;
let store: Store;
let mock: MockAnthropic;
let part: ReturnType<typeof createDocumentsPart>;
let aiOn = true;

const pdf = documentsPdf([
  [
    { x: 50, y: 60, text: 'Kestrel Tooling BV', size: 16, bold: true },
    { x: 50, y: 95, text: 'BTW: NL123456782B01' },
    { x: 350, y: 180, text: 'Dossier' },
    { x: 420, y: 180, text: 'KT-7781' },
    { x: 350, y: 195, text: 'Datum: 12-03-2024' },
    { x: 50, y: 280, text: 'Frezen M8' },
    { x: 480, y: 280, text: '100,00' },
    { x: 380, y: 400, text: 'Subtotaal' },
    { x: 480, y: 400, text: '100,00' },
    { x: 380, y: 415, text: 'BTW 21%' },
    { x: 480, y: 415, text: '21,00' },
    { x: 380, y: 430, text: 'Totaal EUR' },
    { x: 480, y: 430, text: '121,00' },
  ],
]);

beforeAll(async () => {
  tmp = makeTempDir();
  store = openStore(path.join(tmp.dir, 'smart-odoo.sqlite'));
  mock = await startMockAnthropic();
  const provider = createAnthropicProvider({ apiKey: 'sk-ant-test', model: 'claude-haiku-4-5', baseUrl: mock.url, timeoutMs: 5_000, maxRetries: 1 });
  part = createDocumentsPart({
    db: store.db,
    dataDir: tmp.dir,
    bus: new EventBus(silentLogger),
    logger: silentLogger,
    connectionId: () => 'c',
    outboxChanged: () => {},
    workers: 1,
    ai: async () => (aiOn ? { provider, redaction: false } : null),
  });
});
afterAll(async () => {
  await part?.close();
  await mock?.close();
  store?.close();
  tmp?.cleanup();
});

describe('documents with Claude configured', () => {
  it('runs the LLM after the rules, keeps what is printed, and stores tokens and cost', async () => {
    mock.enqueue(
      toolReply(
        TOOL_NAME,
        {
          documentType: 'invoice',
          vendorName: 'Kestrel Tooling BV',
          vendorVat: 'NL123456782B01',
          vendorIban: null,
          vendorEmail: null,
          invoiceNumber: 'KT-7781',
          invoiceDate: '2024-03-12',
          dueDate: null,
          currency: 'EUR',
          amountUntaxed: 100,
          amountTax: 21,
          amountTotal: 121,
          amountDue: 121,
          poNumber: null,
          lines: [{ description: 'Frezen M8', quantity: 1, unitPrice: 100, amount: 100, taxRate: 21 }],
          notes: null,
        },
        { usage: { input_tokens: 1800, output_tokens: 240 } },
      ),
    );
    const added = await part.handlers['documents:add']({ files: [{ fileName: 'k.pdf', contentBase64: Buffer.from(pdf).toString('base64') }] }, { host: 'test' });
    await part.queue.idle();
    const d = await part.handlers['documents:get']({ id: added.documents[0]!.id }, { host: 'test' });
    expect(mock.accepted).toHaveLength(1);
    expect(d.summary.status).toBe('done');
    // the rules miss the number beside “Dossier”; Claude's is printed in the document, so it is taken
    expect(d.extraction!.fields.invoiceNumber).toMatchObject({ value: 'KT-7781', origin: 'llm' });
    expect(d.usage!.inputTokens).toBeGreaterThanOrEqual(1800);
    expect(d.usage!.outputTokens).toBe(240);
    expect(d.usage!.costUsd).toBeGreaterThan(0);
  }, 180_000);

  it('without a key the LLM is never asked', async () => {
    aiOn = false;
    const before = mock.requests.length;
    const other = documentsPdf([[{ x: 50, y: 60, text: 'Another Vendor Ltd' }, { x: 350, y: 165, text: 'Invoice No: A-1' }, { x: 380, y: 370, text: 'Total EUR' }, { x: 480, y: 370, text: '10.00' }]]);
    const added = await part.handlers['documents:add']({ files: [{ fileName: 'o.pdf', contentBase64: Buffer.from(other).toString('base64') }] }, { host: 'test' });
    await part.queue.idle();
    const d = await part.handlers['documents:get']({ id: added.documents[0]!.id }, { host: 'test' });
    expect(d.summary.status).toBe('done');
    expect(d.usage).toBeUndefined();
    expect(mock.requests.length).toBe(before);
  }, 180_000);
});
