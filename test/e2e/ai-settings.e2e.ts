import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startMockAnthropic, type MockAnthropic } from '../../core/ai/testing/mock-anthropic';
import { afterCall, openApp } from './harness/app';
import { startTestHost, type TestHost } from './harness/host';
import { screenshot } from './harness/page';
import { useAppSuite } from './harness/suite';

let host: TestHost;
let page: Page;
let mock: MockAnthropic;

useAppSuite(
  {
    start: async () => {
      mock = await startMockAnthropic({ apiKeys: ['sk-ant-e2e-key-123'] });
      const h = await startTestHost();
      const close = h.close.bind(h);
      return { ...h, close: async () => (await close(), await mock.close()) };
    },
  },
  (s) => ({ host, page } = s),
);

describe('Settings → AI', () => {
  test('enter a key and a local endpoint, test the connection against the mock API, switch redaction on, remove the key', async () => {
    await openApp(page, host, 'settings');
    const card = page.getByRole('region', { name: 'AI' }).or(page.getByLabel('AI', { exact: true }));
    await card.getByText('Off — offline only').waitFor();

    // a wrong key first: the API refuses it, the card says so
    await card.getByLabel('Anthropic API key').fill('sk-ant-wrong-key-999');
    await card.getByLabel('API endpoint (optional)').fill(mock.url);
    await afterCall(page, 'ai:test', () => card.getByRole('button', { name: 'Test connection' }).click());
    await card.getByText('API key refused').waitFor();

    await card.getByLabel('Anthropic API key').fill('sk-ant-e2e-key-123');
    await afterCall(page, 'ai:configure', () => card.getByRole('button', { name: 'Save' }).click());
    await card.getByText('Key stored').waitFor();
    // the key is never shown back
    await expect(card.getByLabel('Replace the API key').inputValue()).resolves.toBe('');

    await afterCall(page, 'ai:test', () => card.getByRole('button', { name: 'Test connection' }).click());
    await card.getByText('Connection works').waitFor();
    await card.getByText(/claude-sonnet-5-5 answered in \d+ ms/).waitFor();
    expect(mock.accepted.at(-1)!.body).toMatchObject({ model: 'claude-sonnet-5-5' });

    await afterCall(page, 'ai:configure', () => card.getByLabel('Redaction mode').click({ force: true }));
    await expect(card.getByLabel('Redaction mode').isChecked()).resolves.toBe(true);
    await screenshot(page, 'settings-ai-light');

    await afterCall(page, 'ai:configure', () => card.getByRole('button', { name: 'Remove key' }).click());
    await card.getByText('Off — offline only').waitFor();
    const status = await host.service.invoke('ai:status', {});
    expect(status).toMatchObject({ ok: true, value: { configured: false, redaction: true, baseUrl: mock.url } });
  });
});
