import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from '../../core/ai';
import { startMockAnthropic, toolReply, type MockAnthropic } from '../../core/ai/testing/mock-anthropic';
import { TOOL_NAME } from '../../core/engine/extraction/llm';
import { EMPTY_ANSWER } from '../../core/engine/extraction/llm/test-invoice';
import { VISION_MAX_LONG_SIDE, VISION_MAX_PIXELS } from '../../core/engine/extraction/llm/page-images';
import { decodePng } from '../../core/engine/extraction/ocr/decoders';
import { inkShare, invoicePage, mixedPdf, toImagePdf } from '../../core/engine/extraction/ocr/test-images';
import { createDocumentsPart } from '../../core/host/documents-part';
import { EventBus } from '../../core/host/events';
import { silentLogger } from '../../core/shared/logger';
import { openStore, type Store } from '../../core/store/db';
import { documentsPdf } from '../helpers/documents-pdf';
import { makeTempDir } from '../helpers/temp-dir';

// Claude's vision on scans, through the real queue, worker pool, OCR and the mock Messages API: every page
// read by OCR travels as a PNG image block next to its OCR text, a page with a text layer only as text, and
// nothing as an image in redaction mode. The CLI's path (extractFiles) does the same.
let tmp: ReturnType<typeof makeTempDir>;
let store: Store;
let mock: MockAnthropic;
let part: ReturnType<typeof createDocumentsPart>;
let redaction = false;


type Block = { type: string; text?: string; source?: { type: string; media_type: string; data: string } };
/** The user message of the one request the mock received for the last document. */
function sent(): { images: Block[]; text: string } {
  expect(mock.accepted).toHaveLength(1);
  const body = mock.accepted[0]!.body as { messages: Array<{ role: string; content: Block[] }> };
  const content = body.messages[0]!.content;
  return { images: content.filter((b) => b.type === 'image'), text: content.filter((b) => b.type === 'text').map((b) => b.text).join('\n') };
}
const decoded = (b: Block) => {
  expect(b.source).toMatchObject({ type: 'base64', media_type: 'image/png' });
  return decodePng(Buffer.from(b.source!.data, 'base64'));
};

async function process(fileName: string, bytes: Uint8Array) {
  const added = await part.handlers['documents:add']({ files: [{ fileName, contentBase64: Buffer.from(bytes).toString('base64') }] }, { host: 'test' });
  await part.queue.idle();
  return part.handlers['documents:get']({ id: added.documents[0]!.id }, { host: 'test' });
}

const scan = () => invoicePage(150).canvas;
beforeAll(async () => {
  tmp = makeTempDir();
  store = openStore(path.join(tmp.dir, 'smart-odoo.sqlite'));
  mock = await startMockAnthropic();
  const provider = createAnthropicProvider({ apiKey: 'sk-ant-test', model: 'claude-haiku-4-5', baseUrl: mock.url, timeoutMs: 10_000, maxRetries: 0 });
  part = createDocumentsPart({
    db: store.db,
    dataDir: tmp.dir,
    bus: new EventBus(silentLogger),
    logger: silentLogger,
    connectionId: () => 'c',
    outboxChanged: () => {},
    workers: 1,
    defaultLangs: 'eng',
    ai: async () => ({ provider, redaction }),
  });
});
afterAll(async () => {
  await part?.close();
  await mock?.close();
  store?.close();
  tmp?.cleanup();
});
beforeEach(() => {
  mock.reset();
  mock.enqueue(toolReply(TOOL_NAME, EMPTY_ANSWER));
  redaction = false;
});

describe('page images for Claude', () => {
  it('a scanned PDF: one image block per page (PNG within the vision limits) and the OCR text', async () => {
    const d = await process('scan.pdf', toImagePdf([scan(), scan()]));
    expect(d.summary.status).toBe('done');
    const { images, text } = sent();
    expect(images).toHaveLength(2);
    for (const b of images) {
      const g = decoded(b);
      expect(Math.max(g.width, g.height)).toBeLessThanOrEqual(VISION_MAX_LONG_SIDE);
      expect(g.width * g.height).toBeLessThanOrEqual(VISION_MAX_PIXELS);
      expect(g.height).toBeGreaterThan(1000);
      expect(inkShare(g, 0.05, 0.15)).toBeGreaterThan(0.005);
    }
    expect(text).toContain('The 2 images above are pages 1 and 2 of the document');
    expect(text).toContain('source="ocr"');
    // the OCR text travels too, inside the data block
    expect(text).toMatch(/INV-2024-0042/);
  }, 180_000);

  it('a digital PDF: text only, no image block', async () => {
    const d = await process('digital.pdf', documentsPdf([[{ x: 50, y: 60, text: 'Kestrel Tooling BV' }, { x: 350, y: 180, text: 'Invoice No: KT-1' }, { x: 380, y: 430, text: 'Total EUR 121,00' }]]));
    expect(d.summary.status).toBe('done');
    const { images, text } = sent();
    expect(images).toEqual([]);
    expect(text).toContain('Invoice No: KT-1');
    expect(text).not.toContain('images above');
  }, 180_000);

  it('a mixed PDF: an image only for the page without a text layer', async () => {
    const d = await process('mixed.pdf', mixedPdf('Cover note: please find our invoice attached', 150));
    expect(d.summary.status).toBe('done');
    const { images, text } = sent();
    expect(images).toHaveLength(1);
    expect(text).toContain('The image above is page 2 of the document');
    // it is the invoice scan (ink at its total, near the bottom), not the one-line cover page
    expect(inkShare(decoded(images[0]!), 0.8, 0.86)).toBeGreaterThan(0.001);
    expect(text).toContain('Cover note: please find our invoice attached');
    expect(text).toMatch(/INV-2024-0042/);
  }, 180_000);

  it('redaction mode: no image block, only the redacted OCR text', async () => {
    redaction = true;
    const d = await process('scan-redacted.pdf', toImagePdf([invoicePage(150, 0.5).canvas]));
    expect(d.summary.status).toBe('done');
    const { images, text } = sent();
    expect(images).toEqual([]);
    expect(mock.accepted[0]!.rawBody).not.toContain('"type":"image"');
    expect(text).toMatch(/INV-2024-0042/);
    expect(d.extraction!.warnings.join('\n')).toMatch(/Redaction mode: page images were not sent to Claude/);
  }, 180_000);

  it('the CLI path (extractFiles): the same image blocks for a scan', async () => {
    const [out] = await part.extractFiles([{ file: 'cli-scan.pdf', bytes: toImagePdf([scan()]) }]);
    expect(out!.status).toBe('ok');
    const { images, text } = sent();
    expect(images).toHaveLength(1);
    expect(decoded(images[0]!).height).toBeGreaterThan(1000);
    expect(text).toContain('The image above is page 1 of the document');
  }, 180_000);
});
