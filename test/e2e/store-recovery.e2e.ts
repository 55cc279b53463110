import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { afterCall, openApp } from './harness/app';
import { startTestHost, type TestHost } from './harness/host';
import { screenshot } from './harness/page';
import { useAppSuite } from './harness/suite';

let host: TestHost;
let page: Page;

useAppSuite(
  {
    start: () =>
      // not a SQLite file: the core opens with store/corrupt and offers a rebuild
      startTestHost({ storeFileContent: 'this is not a database '.repeat(400) }),
    coreErrorsExpected: true,
  },
  (s) => ({ host, page } = s),
);

test('a damaged local database is explained in Settings and rebuilt after confirmation, keeping the old file', async () => {
  await openApp(page, host, 'settings');
  const alert = page.getByLabel('Local database', { exact: true }).getByRole('alert');
  await alert.getByText('The local database cannot be opened').waitFor();
  await alert.getByText('damaged').waitFor();
  expect(await page.getByRole('button', { name: 'Check local database' }).isDisabled()).toBe(true);
  await screenshot(page, 'settings-store-error-light');

  // a refused call is shown with the core's message, and the optimistic change is rolled back
  const sync = page.getByRole('combobox', { name: 'Sync interval' });
  await sync.click();
  const refused = await afterCall(page, 'settings:set', () => page.getByRole('option', { name: 'Every hour' }).click());
  expect(await refused.json()).toMatchObject({ ok: false, error: { code: 'store/corrupt' } });
  await page.getByRole('alert').filter({ hasText: 'Something went wrong' }).filter({ hasText: 'The local database is damaged' }).waitFor();
  await expect.poll(() => sync.inputValue()).toBe('Every 15 minutes');

  await alert.getByRole('button', { name: 'Rebuild local cache' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rebuild the local cache?' });
  await dialog.getByText('kept as a backup').waitFor();
  await screenshot(page, 'settings-rebuild-confirm-light');

  // Cancel changes nothing
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  expect(fs.readdirSync(host.dataDir).filter((f) => f.includes('.backup-'))).toEqual([]);

  await alert.getByRole('button', { name: 'Rebuild local cache' }).click();
  const response = await afterCall(page, 'store:rebuild', () => dialog.getByRole('button', { name: 'Rebuild local cache' }).click());
  const body = (await response.json()) as { ok: boolean; value: { backupPath: string | null } };
  expect(body.ok).toBe(true);

  await page.getByLabel('Store status: healthy').waitFor();
  await page.getByRole('alert').filter({ hasText: 'Local cache rebuilt' }).waitFor();
  expect(body.value.backupPath).not.toBeNull();
  expect(path.dirname(body.value.backupPath ?? '')).toBe(host.dataDir);
  expect(fs.existsSync(body.value.backupPath ?? '')).toBe(true);
  expect(fs.readFileSync(body.value.backupPath ?? '', 'utf8')).toContain('this is not a database');

  // the fresh store works: the check job runs
  await page.getByRole('button', { name: 'Check local database' }).click();
  await page.getByRole('alert').filter({ hasText: 'Finished successfully.' }).waitFor();
});
