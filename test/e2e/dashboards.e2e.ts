import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, test } from 'vitest';
import type { Dashboard } from '../../core/contract';
import { afterCall, expectOnPage, openApp } from './harness/app';
import { invokeCore, startSyncedDemoHost, type TestHost } from './harness/host';
import { screenshot } from './harness/page';
import { useAppSuite } from './harness/suite';

let host: TestHost;
let page: Page;

const core = <T>(channel: string, input: unknown): Promise<T> => invokeCore<T>(host, channel, input);

useAppSuite({ start: startSyncedDemoHost }, (s) => ({ host, page } = s));

async function chooseRole(label: 'CFO' | 'Sales' | 'Warehouse'): Promise<void> {
  const region = page.getByRole('region', { name: 'Dashboards', exact: true });
  const control = region.getByRole('radiogroup', { name: 'Dashboard role' });
  await control.getByText(label, { exact: true }).click();
  await region.getByRole('region', { name: `${label} dashboard` }).waitFor();
  // the widgets of this role are on screen (not the skeleton)
  await region.locator('[data-widget]').first().waitFor();
  await expect.poll(() => region.getByRole('region', { name: `${label} dashboard` }).getAttribute('aria-busy')).toBe('false');
}

describe('role dashboards', () => {
  // the machine running the suite may be busy: waits in this file get 30 s instead of 10
  beforeEach(() => page.setDefaultTimeout(30_000));

  test('the three dashboards render with data, in light and dark mode, and remember the chosen role', async () => {
    await openApp(page, host, 'dashboards');
    await expectOnPage(page, 'dashboards');
    const region = page.getByRole('region', { name: 'Dashboards', exact: true });
    await region.getByTestId('demo-badge').waitFor();
    await expect.poll(async () => region.getByTestId('dashboard-synced').textContent()).toMatch(/^Last synced /);

    for (const [label, role, widgets] of [
      ['CFO', 'cfo', ['cash', 'ar-aging', 'ap-aging', 'dso-dpo', 'top-overdue', 'unreconciled-bank', 'outbox', 'income-expense']],
      ['Sales', 'sales', ['pipeline', 'weighted-pipeline', 'won-lost', 'top-customers', 'credit-limit', 'quotations']],
      ['Warehouse', 'warehouse', ['orderpoints', 'reorder', 'stock-value', 'late-moves']],
    ] as const) {
      await chooseRole(label);
      const d = await core<Dashboard>('dashboards:get', { role });
      for (const id of widgets) {
        const card = region.locator(`[data-widget="${id}"]`);
        await card.waitFor();
        const w = d.widgets.find((x) => x.id === id)!;
        expect(await card.getAttribute('data-status'), id).toBe(w.status);
      }
      // the demo company has data for every widget but the outbox (nothing queued)
      expect(d.widgets.filter((w) => w.status === 'ok').length).toBeGreaterThanOrEqual(widgets.length - 1);
      // charts are drawn (recharts renders SVG surfaces)
      expect(await region.locator('[data-chart] svg').count()).toBeGreaterThan(0);
      await screenshot(page, `dashboard-${role}-light`);
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.locator('html[data-mantine-color-scheme="dark"]').waitFor();
      await screenshot(page, `dashboard-${role}-dark`);
      await page.emulateMedia({ colorScheme: 'light' });
      await page.locator('html[data-mantine-color-scheme="light"]').waitFor();
    }
    // the role is a setting: a reload opens on the last one chosen
    expect((await core<{ dashboardRole: string }>('settings:get', {})).dashboardRole).toBe('warehouse');
    await page.reload();
    await region.getByRole('region', { name: 'Warehouse dashboard' }).waitFor();
  });

  test('a figure drills down to its records; a table row does too, by keyboard', async () => {
    await core('settings:set', { dashboardRole: 'cfo' });
    await openApp(page, host, 'dashboards');
    await chooseRole('CFO');
    const d = await core<Dashboard>('dashboards:get', { role: 'cfo' });
    const aging = d.widgets.find((w) => w.id === 'ar-aging')!;
    const total = aging.kpis!.find((k) => k.key === 'total')!;
    const card = page.locator('[data-widget="ar-aging"]');
    await afterCall(page, 'dashboards:drill', () => card.locator('[data-kpi="total"]').click());
    const drawer = page.getByRole('dialog');
    const table = drawer.getByRole('table', { name: 'Drill-down records' });
    await table.waitFor();
    const drill = await core<{ total: number; rows: Array<{ id: number; residual: number }> }>('dashboards:drill', { role: 'cfo', widgetId: 'ar-aging', key: 'total', limit: 5000 });
    expect(drill.total).toBe(aging.chart!.data.reduce((s, r) => s + Number(r.count), 0));
    expect(drill.rows.reduce((s, r) => s + r.residual, 0)).toBeCloseTo(total.value!, 1);
    expect(await table.locator('tbody tr').count()).toBe(Math.min(drill.total, 500));
    expect(await table.locator(`tbody tr[data-record-id="${drill.rows[0]!.id}"]`).count()).toBe(1);
    // the demo company has no Odoo web client: the drawer says so instead of offering dead links
    await drawer.getByText('The demo company has no Odoo web client to open records in.').waitFor();
    await screenshot(page, 'dashboard-drill-down', { fullPage: false });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    // keyboard: focus a row of the top-overdue table and press Enter
    const row = page.getByRole('table', { name: 'Top overdue customers table' }).locator('tbody tr').first();
    await row.focus();
    await afterCall(page, 'dashboards:drill', () => page.keyboard.press('Enter'));
    await page.getByRole('dialog').getByRole('table', { name: 'Drill-down records' }).locator('tbody tr').first().waitFor();
    await page.keyboard.press('Escape');
  });

  test('a widget exports to Excel with the numbers on screen, and the dashboard recomputes on outbox events', async () => {
    await core('settings:set', { dashboardRole: 'cfo' });
    await openApp(page, host, 'dashboards');
    await chooseRole('CFO');
    const card = page.locator('[data-widget="ar-aging"]');
    await card.getByRole('button', { name: 'Receivables aging actions' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Export to Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^smart-odoo-cfo-ar-aging-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const d = await core<Dashboard>('dashboards:get', { role: 'cfo' });
    const rows = d.widgets.find((w) => w.id === 'ar-aging')!.table!.rows;
    expect(ws.getRow(1).getCell(3).value).toBe('Open amount');
    rows.forEach((r, i) => expect(ws.getRow(i + 2).getCell(3).value).toBe(r.amount));
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    // a change queued for Odoo shows up without a reload (outbox:changed → recompute)
    const pending = card.page().locator('[data-widget="outbox"] [data-kpi="pending"]');
    const before = await pending.textContent();
    await core('outbox:enqueue', { kind: 'note:post', payload: { model: 'res.partner', id: 1, body: 'From the dashboard e2e' }, summary: 'Dashboard e2e note' });
    await expect.poll(() => pending.textContent()).not.toBe(before);
    await page.locator('[data-widget="outbox"]').getByText('Dashboard e2e note').waitFor();
    const items = await core<{ items: Array<{ id: number; summary: string }> }>('outbox:list', { state: 'pending' });
    for (const it of items.items.filter((i) => i.summary === 'Dashboard e2e note')) await core('outbox:discard', { id: it.id, confirm: true });
  });
});
