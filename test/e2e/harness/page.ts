import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { artifactsDir } from './host';

export type PageProblems = { console: string[]; page: string[]; failedRequests: string[] };

/** A new tab that records console errors, uncaught exceptions and failed requests. */
export async function openPage(context: BrowserContext): Promise<{ page: Page; problems: PageProblems }> {
  const page = await context.newPage();
  // fail fast: nothing in this app should take seconds to appear
  page.setDefaultTimeout(10_000);
  const problems: PageProblems = { console: [], page: [], failedRequests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'assert') problems.console.push(m.text());
  });
  page.on('pageerror', (e) => problems.page.push(`${e.name}: ${e.message}`));
  page.on('requestfailed', (r) => {
    // a reload aborts in-flight requests on purpose; anything else is a real failure
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.failedRequests.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText ?? ''}`);
  });
  return { page, problems };
}

/**
 * PNG under test-results/e2e/, kept as a CI artifact: the full page, or only the viewport (`fullPage: false`,
 * for dialogs, whose overlay covers the viewport only).
 */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean; settleMs?: number } = {}): Promise<string> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  // let Mantine transitions settle so screenshots are stable
  await page.waitForTimeout(opts.settleMs ?? 250);
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? true, animations: 'disabled' });
  return file;
}
