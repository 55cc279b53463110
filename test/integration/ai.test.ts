import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMockAnthropic, textReply, type MockAnthropic } from '../../core/ai/testing/mock-anthropic';
import { AiStatus } from '../../core/contract';
import { createService, type Service } from '../../core/host/service';
import { silentLogger } from '../../core/shared/logger';
import { createFileVault } from '../../core/vault';
import { makeTempDir } from '../helpers/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
let mock: MockAnthropic;
let service: Service;
const vaultDir = () => path.join(tmp.dir, 'vault');
const make = () => createService({ dataDir: tmp.dir, host: 'test', logger: silentLogger, checkOutputs: true, vault: createFileVault(vaultDir()) });

beforeEach(async () => {
  tmp = makeTempDir();
  mock = await startMockAnthropic({ apiKeys: ['sk-ant-integration-key'] });
  service = make();
});
afterEach(async () => {
  await service.close();
  await mock.close();
  tmp.cleanup();
});

const call = async (channel: string, input: unknown = {}) => service.invoke(channel, input);

describe('ai:* through the service, with the key in the encrypted file vault and the mock Messages API', () => {
  it('starts unconfigured: deterministic only, and ai:test says so', async () => {
    const s = await call('ai:status');
    expect(s).toMatchObject({ ok: true, value: { configured: false, model: 'claude-sonnet-5-5', baseUrl: null, redaction: false } });
    expect(await call('ai:test')).toMatchObject({ ok: false, error: { code: 'ai/not-configured' } });
  });

  it('configures key, model, endpoint and redaction; tests the connection; survives a restart; removes the key', async () => {
    const r = await call('ai:configure', { apiKey: 'sk-ant-integration-key', model: 'claude-haiku-4-5', baseUrl: `${mock.url}/`, redaction: true });
    expect(r.ok).toBe(true);
    const status = AiStatus.parse((r as { value: unknown }).value);
    expect(status).toMatchObject({ configured: true, model: 'claude-haiku-4-5', baseUrl: mock.url, redaction: true });
    expect(status.vault.backend).toBe('encrypted-file');
    expect(JSON.stringify(status)).not.toContain('sk-ant-integration-key');
    // the key is in the vault file, encrypted; not in the database
    expect(fs.readFileSync(path.join(vaultDir(), 'vault.json'), 'utf8')).not.toContain('sk-ant-integration-key');
    expect(fs.readFileSync(path.join(tmp.dir, 'smart-odoo.sqlite')).includes('sk-ant-integration-key')).toBe(false);

    mock.enqueue(textReply('ok', { usage: { input_tokens: 30, output_tokens: 2 } }));
    const t = await call('ai:test');
    expect(t).toMatchObject({ ok: true, value: { ok: true, model: 'claude-haiku-4-5', latencyMs: expect.any(Number), costUsd: expect.any(Number) } });
    const req = mock.requests.at(-1)!;
    expect(req.headers['x-api-key'] ?? req.headers.authorization).toContain('sk-ant-integration-key');
    expect(req.body).toMatchObject({ model: 'claude-haiku-4-5', max_tokens: 16 });

    // a wrong key given to ai:test is refused by the API with a clear code, and nothing is saved
    expect(await call('ai:test', { apiKey: 'sk-ant-not-the-key' })).toMatchObject({ ok: false, error: { code: 'ai/unauthorized' } });

    await service.close();
    service = make();
    expect(await call('ai:status')).toMatchObject({ ok: true, value: { configured: true, model: 'claude-haiku-4-5', baseUrl: mock.url, redaction: true } });
    expect(await call('ai:test')).toMatchObject({ ok: true });

    // settings:get is not polluted by the AI row
    const settings = await call('settings:get');
    expect(Object.keys((settings as { value: object }).value)).not.toContain('ai');

    expect(await call('ai:configure', { apiKey: null, baseUrl: null })).toMatchObject({ ok: true, value: { configured: false, baseUrl: null, model: 'claude-haiku-4-5' } });
    expect(await call('ai:test')).toMatchObject({ ok: false, error: { code: 'ai/not-configured' } });
  });

  it('refuses an endpoint that would send the key in clear, and other bad input', async () => {
    for (const bad of [
      { baseUrl: 'http://api.example.com' },
      { baseUrl: 'https://user:pw@api.example.com' },
      { apiKey: 'short' },
      { apiKey: 'sk ant with spaces' },
      { model: 'claude sonnet' },
      { temperature: 1 },
    ]) {
      expect(await call('ai:configure', bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'contract/invalid-input' } });
    }
    expect(await call('ai:configure', { baseUrl: 'https://proxy.example.com/anthropic/' })).toMatchObject({ ok: true, value: { baseUrl: 'https://proxy.example.com/anthropic' } });
  });

  it('reports a server that stays overloaded with an ai/* code after the retry', async () => {
    await call('ai:configure', { apiKey: 'sk-ant-integration-key', model: 'claude-haiku-4-5', baseUrl: mock.url });
    mock.enqueue({ kind: 'error', status: 529 }, { kind: 'error', status: 529 });
    expect(await call('ai:test')).toMatchObject({ ok: false, error: { code: 'ai/unavailable' } });
    expect(mock.requests).toHaveLength(2);
  });
});
