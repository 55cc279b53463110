import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { afterCall, colorScheme, expectOnPage, openApp, PAGE_LABEL, waitForShell, type Route } from './harness/app';
import { startTestHost, type TestHost } from './harness/host';
import { screenshot } from './harness/page';
import { useAppSuite } from './harness/suite';

const ROUTES: Route[] = ['reconciliation', 'documents', 'dashboards', 'outbox', 'sync', 'settings'];
const SHORTCUT: Record<Route, string> = { reconciliation: 'r', documents: 'd', dashboards: 'b', outbox: 'o', sync: 'y', settings: 's' };

let host: TestHost;
let page: Page;

useAppSuite(
  {
    start: () => startTestHost(),
  },
  (s) => ({ host, page } = s),
);

describe('shell', () => {
  test('opens on the demo company: DEMO badge, navigation, the welcome guide and the way out of the demo', async () => {
    await openApp(page, host);
    await expectOnPage(page, 'reconciliation');
    await expect(page.getByLabel('Connection: demo company').textContent()).resolves.toBe('DEMO');

    const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    expect(await links.allTextContents()).toEqual(ROUTES.map((r) => expect.stringContaining(PAGE_LABEL[r])));

    const main = page.getByRole('region', { name: 'Reconciliation' });
    await main.getByText('No bank lines to reconcile yet').waitFor();
    const guide = main.getByLabel('How to connect Odoo');
    for (const step of ['Odoo address', 'Database', 'Login', 'API key']) await guide.getByText(step, { exact: false }).first().waitFor();
    await guide.getByText('Account Security').waitFor();
    await main.getByText('You are exploring the demo company').waitFor();
    await main.getByRole('button', { name: 'Connect your Odoo' }).waitFor();
    await main.getByRole('button', { name: 'Reset demo data' }).waitFor();
    await page.getByRole('button', { name: 'Background jobs' }).waitFor();
    await page.getByRole('button', { name: 'Sync now' }).waitFor();
    await expect(page.getByLabel('Last synced').textContent()).resolves.toBe('Never synced');

    await screenshot(page, 'reconciliation-light');
  });

  test('navigates by clicking the navigation, and the address is shareable', async () => {
    await openApp(page, host);
    for (const route of [...ROUTES.slice(1), ROUTES[0]!]) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: PAGE_LABEL[route] }).click();
      await expectOnPage(page, route);
    }
    // a deep link opens the right page directly
    await page.goto(`${host.host.origin}/#/dashboards`);
    await waitForShell(page);
    await expectOnPage(page, 'dashboards');
    // back goes back
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expectOnPage(page, 'settings');
    await page.goBack();
    await expectOnPage(page, 'dashboards');
  });

  test('navigates with g-shortcuts, and ignores them while typing in a field', async () => {
    await openApp(page, host);
    for (const route of ['documents', 'dashboards', 'outbox', 'sync', 'settings', 'reconciliation'] as const) {
      await page.keyboard.press('g');
      await page.keyboard.press(SHORTCUT[route]);
      await expectOnPage(page, route);
    }

    await page.keyboard.press('g');
    await page.keyboard.press('s');
    await expectOnPage(page, 'settings');
    const locale = page.getByRole('combobox', { name: 'Locale' });
    await locale.click();
    await page.keyboard.type('gd');
    await page.keyboard.press('Escape');
    await expectOnPage(page, 'settings');
    // a lone key outside a sequence does nothing either
    await page.getByRole('heading', { name: 'Settings', level: 2 }).click();
    await page.keyboard.press('d');
    await expectOnPage(page, 'settings');
  });

  test('? opens the keyboard shortcut sheet; Escape closes it', async () => {
    await openApp(page, host);
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    for (const label of ['Reconciliation', 'Documents', 'Dashboards', 'Outbox', 'Sync', 'Settings', 'Show this list', 'Sync now', 'Next item', 'Previous item', 'Open the highlighted item']) {
      await sheet.getByRole('cell', { name: label, exact: true }).waitFor();
    }
    await screenshot(page, 'shortcut-sheet-light', { fullPage: false });
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'hidden' });

    // the header button opens the same sheet
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await sheet.waitFor();
  });
});

describe('dashboards', () => {
  test('the role switcher changes the dashboard and the choice survives a reload', async () => {
    await openApp(page, host, 'dashboards');
    const roles = page.getByRole('radiogroup', { name: 'Dashboard role' });
    await page.getByRole('region', { name: 'CFO dashboard' }).getByText('Cash position').waitFor();
    expect(await roles.getByRole('radio', { name: 'CFO' }).isChecked()).toBe(true);
    await screenshot(page, 'dashboards-cfo-light');

    for (const [label, panel] of [
      ['Warehouse', 'Stock value'],
      ['Sales', 'Pipeline by stage'],
    ] as const) {
      const saved = await afterCall(page, 'settings:set', () => roles.getByText(label, { exact: true }).click());
      expect(await saved.json()).toMatchObject({ ok: true, value: { dashboardRole: label.toLowerCase() } });
      await page.getByRole('region', { name: `${label} dashboard` }).getByText(panel).waitFor();
    }
    // no invented numbers on a dashboard without data
    const body = (await page.getByRole('region', { name: 'Sales dashboard' }).textContent()) ?? '';
    expect(body).not.toMatch(/[$€£]\s?\d|\d[\d,.]*\s?[$€£%]/);
    await screenshot(page, 'dashboards-sales-light');

    // persisted by the core, not by the page
    const stored = await host.service.invoke('settings:get', {});
    expect(stored).toMatchObject({ ok: true, value: { dashboardRole: 'sales' } });

    await page.reload();
    await waitForShell(page);
    await page.getByRole('region', { name: 'Sales dashboard' }).waitFor();
    expect(await roles.getByRole('radio', { name: 'Sales' }).isChecked()).toBe(true);
  });
});

describe('jobs', () => {
  test('"Check local database" starts a job that the header indicator shows until it finishes', async () => {
    await openApp(page, host, 'settings');
    await page.getByLabel('Store status: healthy').waitFor();
    const started = await afterCall(page, 'jobs:start-store-check', () => page.getByRole('button', { name: 'Check local database' }).click());
    const res = (await started.json()) as { ok: boolean; value: { jobId: string } };
    expect(res.ok).toBe(true);

    // the finish is announced even with the indicator closed
    await page.getByRole('alert').filter({ hasText: 'Checking the local database' }).filter({ hasText: 'Finished successfully.' }).waitFor();

    await page.getByRole('button', { name: /^Background jobs/ }).click();
    const row = page.getByRole('list', { name: 'Jobs' }).getByRole('listitem', { name: 'Checking the local database: Done' });
    await row.waitFor();
    await screenshot(page, 'jobs-finished-light');

    const listed = await host.service.invoke('jobs:list', {});
    expect(listed).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ id: res.value.jobId, state: 'succeeded' })]) });

    await page.getByRole('button', { name: 'Clear finished' }).click();
    await row.waitFor({ state: 'detached' });
  });

  test('a running job shows progress and ETA, is listed on load, and can be cancelled', async () => {
    // started before the page opens: the indicator must pick it up from `jobs:list`, then follow events
    const jobId = host.service.jobs.start('e2e:slow', 'Importing bank statements', async (ctx) => {
      const total = 400;
      for (let i = 0; i < total; i++) {
        await new Promise((r) => setTimeout(r, 100));
        ctx.throwIfCancelled();
        ctx.progress(i + 1, total, `Statement line ${i + 1}`);
      }
    });
    const finished = host.service.jobs.wait(jobId);

    await openApp(page, host);
    const button = page.getByRole('button', { name: 'Background jobs: 1 running' });
    await button.click();
    const row = page.getByRole('listitem', { name: 'Importing bank statements: Running' });
    await row.waitFor();
    await row.getByText(/ \/ 400 · \d+ (s|min) left/).waitFor();
    await row.getByRole('progressbar').waitFor();
    await screenshot(page, 'jobs-running-light');

    await row.getByRole('button', { name: 'Cancel Importing bank statements' }).click();
    await page.getByRole('listitem', { name: 'Importing bank statements: Cancelled' }).waitFor();
    await expect(finished).resolves.toMatchObject({ state: 'cancelled' });
    await page.getByRole('button', { name: 'Background jobs', exact: true }).waitFor();
  });
});

describe('appearance', () => {
  test('follows the OS colour scheme, and the theme setting can pin it', async () => {
    await openApp(page, host, 'settings');
    expect(await colorScheme(page)).toBe('light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => colorScheme(page)).toBe('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => colorScheme(page)).toBe('light');

    await page.getByRole('combobox', { name: 'Theme' }).click();
    const saved = await afterCall(page, 'settings:set', () => page.getByRole('option', { name: 'Dark' }).click());
    expect(await saved.json()).toMatchObject({ ok: true, value: { theme: 'dark' } });
    await expect.poll(() => colorScheme(page)).toBe('dark');
    // pinned: survives a reload under a light OS
    await page.reload();
    await waitForShell(page);
    await expect.poll(() => colorScheme(page)).toBe('dark');
    await expect(host.service.invoke('settings:get', {})).resolves.toMatchObject({ value: { theme: 'dark' } });

    await page.getByRole('combobox', { name: 'Theme' }).click();
    const reset = await afterCall(page, 'settings:set', () => page.getByRole('option', { name: 'Match system' }).click());
    expect(await reset.json()).toMatchObject({ ok: true, value: { theme: 'auto' } });
    await expect.poll(() => colorScheme(page)).toBe('light');
  });

  test('screenshots of every page, light and dark', async () => {
    await openApp(page, host);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect.poll(() => colorScheme(page)).toBe(scheme);
      for (const route of ROUTES) {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: PAGE_LABEL[route] }).click();
        await expectOnPage(page, route);
        const file = await screenshot(page, `${route}-${scheme}`);
        expect(fs.statSync(file).size).toBeGreaterThan(10_000);
      }
    }
  });
});
