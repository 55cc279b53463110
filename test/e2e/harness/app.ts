import { expect } from 'vitest';
import type { Page, Response } from 'playwright-core';
import type { TestHost } from './host';

export type Route = 'reconciliation' | 'documents' | 'dashboards' | 'outbox' | 'sync' | 'settings';

export const PAGE_LABEL: Record<Route, string> = {
  reconciliation: 'Reconciliation',
  documents: 'Documents',
  dashboards: 'Dashboards',
  outbox: 'Outbox',
  sync: 'Sync',
  settings: 'Settings',
};

/**
 * Opens the app the way a user does: the tokenised URL (the host swaps the token for an HttpOnly cookie
 * and redirects), keeping the page's hash. Resolves once the shell has talked to the core.
 */
export async function openApp(page: Page, host: TestHost, route?: Route): Promise<void> {
  await page.goto(route ? `${host.host.url}#/${route}` : host.host.url);
  await waitForShell(page);
}

export async function waitForShell(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Smart Odoo', level: 1 }).waitFor();
  // the badge appears once `app:info` answered
  await page.getByLabel(/^Connection: /).waitFor();
}

export async function expectOnPage(page: Page, route: Route): Promise<void> {
  await page.getByRole('region', { name: PAGE_LABEL[route], exact: true }).waitFor();
  expect(new URL(page.url()).hash).toBe(`#/${route}`);
  const current = page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]');
  expect(await current.textContent()).toContain(PAGE_LABEL[route]);
}

export const isInvoke = (channel: string) => (url: string) =>
  url.includes(`/api/invoke/${channel}`) || url.includes(`/api/invoke/${encodeURIComponent(channel)}`);

export async function colorScheme(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('data-mantine-color-scheme');
}

/** Runs `action` and resolves with the response of the `channel` call it triggers (no dangling waits). */
export async function afterCall(page: Page, channel: string, action: () => Promise<unknown>, timeout?: number): Promise<Response> {
  const [response] = await Promise.all([page.waitForResponse((r) => isInvoke(channel)(r.url()), timeout ? { timeout } : undefined), action()]);
  return response;
}
