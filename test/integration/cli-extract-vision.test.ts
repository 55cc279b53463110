import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockAnthropic, toolReply, type MockAnthropic } from '../../core/ai/testing/mock-anthropic';
import { ExtractJson } from '../../core/contract';
import { TOOL_NAME } from '../../core/engine/extraction/llm';
import { EMPTY_ANSWER } from '../../core/engine/extraction/llm/test-invoice';
import { invoicePage, toImagePdf } from '../../core/engine/extraction/ocr/test-images';
import { createService } from '../../core/host/service';
import { silentLogger } from '../../core/shared/logger';
import { createFileVault } from '../../core/vault';
import { documentsPdf } from '../helpers/documents-pdf';
import { cliRunner, type CliRun } from '../helpers/cli';
import { makeTempDir } from '../helpers/temp-dir';

// `smart-odoo extract` in a child process with a Claude key configured (encrypted file vault, the mock
// Messages API as endpoint): a scan goes to Claude with its page image and OCR text, a digital PDF as text only.
let tmp: ReturnType<typeof makeTempDir>;
let mock: MockAnthropic;
let env: NodeJS.ProcessEnv;
// the CLI bundle compiled once for the run (test/helpers/global-setup.ts), in a child process
const run: CliRun = cliRunner(() => env);

beforeAll(async () => {
  tmp = makeTempDir();
  mock = await startMockAnthropic({ apiKeys: ['sk-ant-cli-key'] });
  const dataDir = path.join(tmp.dir, 'data');
  const service = createService({ dataDir, host: 'test', logger: silentLogger, vault: createFileVault(dataDir) });
  const r = await service.invoke('ai:configure', { apiKey: 'sk-ant-cli-key', model: 'claude-haiku-4-5', baseUrl: mock.url, redaction: false });
  expect(r.ok).toBe(true);
  await service.close();
  env = { ...process.env, SMART_ODOO_DATA_DIR: dataDir, SMART_ODOO_VAULT: 'file' };
  writeFileSync(path.join(tmp.dir, 'scan.pdf'), toImagePdf([invoicePage(150).canvas]));
  writeFileSync(path.join(tmp.dir, 'digital.pdf'), documentsPdf([[{ x: 50, y: 60, text: 'Kestrel Tooling BV' }, { x: 350, y: 180, text: 'Invoice No: KT-1' }, { x: 380, y: 430, text: 'Total EUR 121,00' }]]));
});
afterAll(async () => {
  await mock?.close();
  tmp?.cleanup();
});

describe('smart-odoo extract with a Claude key', () => {
  it('sends the scan with its page image and the digital PDF as text only', async () => {
    const reply = toolReply(TOOL_NAME, EMPTY_ANSWER);
    mock.enqueue(reply, reply);
    const r = await run(['extract', path.join(tmp.dir, 'scan.pdf'), path.join(tmp.dir, 'digital.pdf'), '--json', '--lang', 'eng']);
    expect(r.code, r.stderr).toBe(0);
    const out = (JSON.parse(r.stdout) as unknown[]).map((o) => ExtractJson.parse(o));
    expect(out.map((o) => o.status)).toEqual(['ok', 'ok']);
    expect(mock.accepted).toHaveLength(2);
    const requests = mock.accepted.map((q) => (q.body as { messages: Array<{ content: Array<{ type: string; text?: string }> }> }).messages[0]!.content);
    const scan = requests.find((c) => c.some((b) => b.text?.includes('source="ocr"')))!;
    const digital = requests.find((c) => c.some((b) => b.text?.includes('Invoice No: KT-1')))!;
    expect(scan.filter((b) => b.type === 'image')).toHaveLength(1);
    expect(scan.map((b) => b.text ?? '').join('\n')).toContain('The image above is page 1 of the document');
    expect(digital.filter((b) => b.type === 'image')).toHaveLength(0);
  }, 240_000);
});
