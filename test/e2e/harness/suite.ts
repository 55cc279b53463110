import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { launchBrowser, type TestBrowser } from './browser';
import type { TestHost } from './host';
import { openPage, type PageProblems } from './page';

export type AppSuite = { host: TestHost; browser: TestBrowser; page: Page };

/**
 * The lifecycle every e2e file shares: one host and one browser per file, a fresh light-mode page per test,
 * and after each test no console errors, page errors or failed requests — nor core error logs, unless the
 * file provokes them on purpose. `bind` receives the current objects (after start and before each test) so
 * test bodies keep using plain `host` / `page` variables.
 */
export function useAppSuite(
  opts: { start: () => Promise<TestHost>; afterStart?: () => Promise<void>; coreErrorsExpected?: boolean },
  bind: (s: AppSuite) => void,
): void {
  const s = {} as AppSuite;
  let problems: PageProblems;

  beforeAll(async () => {
    s.host = await opts.start();
    bind(s);
    await opts.afterStart?.();
    s.browser = await launchBrowser();
    bind(s);
  });

  afterAll(async () => {
    await s.browser?.close();
    await s.host?.close();
  });

  beforeEach(async () => {
    ({ page: s.page, problems } = await openPage(s.browser.context));
    await s.page.emulateMedia({ colorScheme: 'light' });
    bind(s);
  });

  afterEach(async () => {
    await s.page.close();
    expect(problems).toEqual({ console: [], page: [], failedRequests: [] });
    if (!opts.coreErrorsExpected) expect(s.host.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
}
