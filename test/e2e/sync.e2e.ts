import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { afterCall, colorScheme, expectOnPage, openApp } from './harness/app';
import { startTestHost, type TestHost } from './harness/host';
import { screenshot } from './harness/page';
import { useAppSuite } from './harness/suite';

// One host for the whole file: the tests build on each other (sync → outbox → connections), like a user's session.
let host: TestHost;
let page: Page;

useAppSuite(
  {
    start: () =>
      // in-process: the test reaches the simulator's fault controller to make a sync slow enough to cancel
      startTestHost({ demo: { size: 'S', seed: 1, version: 17 }, background: false, demoRunner: 'in-process' }),
  },
  (s) => ({ host, page } = s),
);

type JobStarted = { ok: boolean; value: { jobId: string } };
/** the part of the simulator's fault controller this file uses */
type SlowFaults = { update(patch: { latency: { ms: number } | null }): void };
type JobsList = { value: { kind: string; state: string }[] };

/** the partner the outbox test changed in the demo company (the reset test checks it is back to its original) */
let changedPartner: number | null = null;

/**
 * Records every value the header's sync progress bar shows, from before the click to after the end. Runs in
 * the page (a string: this file is compiled without the DOM library).
 */
const RECORD_HEADER_PROGRESS = `(() => {
  window.__syncValues = [];
  const read = () => {
    const bar = document.querySelector('header [role="progressbar"]');
    // the indeterminate bar (preparing the demo company) has no value to speak of
    if (!bar || bar.closest('[data-indeterminate]')) return;
    const n = Number(bar.getAttribute('aria-valuenow'));
    const last = window.__syncValues[window.__syncValues.length - 1];
    if (last !== n) window.__syncValues.push(n);
  };
  new MutationObserver(read).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
})()`;

const recordHeaderProgress = (p: Page): Promise<void> => p.evaluate(RECORD_HEADER_PROGRESS);
const recorded = (p: Page): Promise<number[]> => p.evaluate('window.__syncValues');

async function bothSchemes(p: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await p.emulateMedia({ colorScheme: scheme });
    await expect.poll(() => colorScheme(p)).toBe(scheme);
    await screenshot(p, `${name}-${scheme}`, opts);
  }
  await p.emulateMedia({ colorScheme: 'light' });
}

describe('sync', () => {
  test('"Sync now" shows a progress bar that moves, finishes, and the per-model status fills in', async () => {
    await openApp(page, host, 'sync');
    const models = page.getByRole('table', { name: 'Per-model sync status' });
    await models.getByRole('row', { name: 'Partners' }).getByText('Not synced').waitFor();
    await expect(page.getByLabel('Last synced').textContent()).resolves.toBe('Never synced');
    await bothSchemes(page, 'sync-empty');

    await recordHeaderProgress(page);
    // a little latency, as over a real network: the bar has time to move even on a fast machine
    const sim = (await host.service.sync!.connections.demo()) as { faults?: SlowFaults };
    sim.faults?.update({ latency: { ms: 15 } });
    const header = page.getByRole('banner');
    const started = await afterCall(page, 'sync:run', () => header.getByRole('button', { name: 'Sync now' }).click());
    const { value } = (await started.json()) as JobStarted;
    await header.getByRole('status', { name: 'Sync in progress' }).waitFor();
    await expect(host.service.jobs.wait(value.jobId)).resolves.toMatchObject({ state: 'succeeded' });
    sim.faults?.update({ latency: null });

    // the bar goes away once the run is done; "Synced just now" replaces it
    await header.getByText('Synced just now').waitFor();
    const values = await recorded(page);
    expect(new Set(values).size).toBeGreaterThanOrEqual(2);
    expect(values.some((v) => v > 0 && v < 100)).toBe(true);
    expect(values).toContain(100);
    // never backwards
    expect(values).toEqual([...values].sort((a, b) => a - b));

    const partners = models.getByRole('row', { name: 'Partners' });
    await partners.getByText('Up to date').waitFor();
    const cached = Number(((await partners.getByTestId('cached-count').textContent()) ?? '').replace(/\D/g, ''));
    expect(cached).toBeGreaterThan(0);
    const status = (await host.service.invoke('sync:status', {})) as { value: { models: { model: string; cached: number }[] } };
    expect(status.value.models.find((m) => m.model === 'res.partner')?.cached).toBe(cached);

    // the log, newest first
    const log = page.getByRole('table', { name: 'Sync log entries' });
    await log.getByRole('cell', { name: 'res.partner', exact: true }).waitFor();
    expect(await log.locator('tbody tr[data-status="ok"]').count()).toBeGreaterThan(5);
    await bothSchemes(page, 'sync');
  });

  test('Ctrl+Shift+S starts a sync; a full sync can be cancelled from the progress bar', async () => {
    await openApp(page, host, 'sync');
    await page.getByLabel('Last synced').waitFor();
    const started = await afterCall(page, 'sync:run', () => page.keyboard.press('Control+Shift+S'));
    expect(await started.json()).toMatchObject({ ok: true });
    await expect(host.service.jobs.wait(((await started.json()) as JobStarted).value.jobId)).resolves.toMatchObject({ state: 'succeeded' });
    await page.getByRole('banner').getByText('Synced just now').waitFor();

    // a slow server: the full sync lasts long enough to stop it from the bar
    const sim = (await host.service.sync!.connections.demo()) as { faults?: SlowFaults };
    expect(sim.faults).toBeDefined();
    sim.faults!.update({ latency: { ms: 150 } });
    await page.getByRole('button', { name: 'More sync options' }).click();
    const full = await afterCall(page, 'sync:run', () => page.getByRole('menuitem', { name: /^Full sync/ }).click());
    const { value } = (await full.json()) as JobStarted;
    // model, records done / total: the bar is fed by sync:progress
    await page.getByRole('banner').getByRole('status', { name: 'Sync in progress' }).getByText(/\d+ \/ \d+/).waitFor();
    await page.getByRole('table', { name: 'Per-model sync status' }).getByText('Syncing', { exact: true }).waitFor();
    await screenshot(page, 'sync-running-light', { fullPage: false, settleMs: 0 });
    const cancelled = await afterCall(page, 'jobs:cancel', () => page.getByRole('banner').getByRole('button', { name: 'Cancel sync' }).click());
    expect(await cancelled.json()).toMatchObject({ ok: true, value: { jobId: value.jobId } });
    await expect(host.service.jobs.wait(value.jobId)).resolves.toMatchObject({ state: 'cancelled' });
    sim.faults!.update({ latency: null });
    await page.getByRole('alert').filter({ hasText: 'Full sync with Odoo' }).filter({ hasText: 'Cancelled.' }).waitFor();
    await page.getByRole('banner').getByRole('button', { name: 'Sync now' }).waitFor();
    // what was downloaded stays; the log says which model was stopped
    await page.getByRole('table', { name: 'Sync log entries' }).locator('tbody tr[data-status="cancelled"]').first().waitFor();
  });
});

describe('outbox', () => {
  test('a change edited in Odoo meanwhile becomes a conflict; "Keep mine" applies the user\'s value', async () => {
    const sim = await host.service.sync!.connections.demo();
    const ids = (await sim.execute({ uid: 2, style: 'rpc', model: 'res.partner', method: 'search', args: [[['is_company', '=', true]]], kwargs: { limit: 1 } })) as number[];
    const id = ids[0]!;
    changedPartner = id;
    const [before] = (await sim.execute({ uid: 2, style: 'rpc', model: 'res.partner', method: 'read', args: [[id], ['name']], kwargs: {} })) as { name: string }[];
    const queued = await host.service.invoke('outbox:enqueue', {
      kind: 'record:update',
      payload: { model: 'res.partner', id, values: { email: 'mine@example.com' } },
      summary: `Update e-mail of ${before!.name}`,
    });
    expect(queued).toMatchObject({ ok: true, value: { state: 'pending' } });

    await openApp(page, host, 'outbox');
    await page.getByRole('navigation', { name: 'Main' }).getByLabel('1 to send', { exact: true }).waitFor();
    const pending = page.getByRole('list', { name: 'Pending changes' });
    await pending.getByRole('listitem', { name: `Update e-mail of ${before!.name}` }).waitFor();
    // keyboard: Enter opens the highlighted change
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.getByLabel('Change details').getByText('mine@example.com').waitFor();
    await bothSchemes(page, 'outbox-pending');

    // someone edits the same partner in Odoo (a second later, so write_date moves)
    await new Promise((r) => setTimeout(r, 1100));
    await sim.execute({ uid: 2, style: 'rpc', model: 'res.partner', method: 'write', args: [[id], { email: 'theirs@example.com' }], kwargs: {} });

    const pushed = await afterCall(page, 'outbox:push', () => page.getByRole('button', { name: /^Push now/ }).first().click());
    await host.service.jobs.wait(((await pushed.json()) as JobStarted).value.jobId);

    const tabs = page.getByRole('radiogroup', { name: 'Outbox view' });
    await page.getByRole('navigation', { name: 'Main' }).getByLabel('1 in conflict', { exact: true }).waitFor();
    await tabs.getByText('Conflicts').click();
    const conflicts = page.getByRole('list', { name: 'Conflicts changes' });
    await conflicts.getByRole('listitem').first().click();
    const mine = page.getByLabel('Your change', { exact: true });
    const theirs = page.getByLabel('Now in Odoo', { exact: true });
    await mine.getByText('mine@example.com').waitFor();
    await theirs.getByText('theirs@example.com').waitFor();
    await theirs.getByText('Last changed in Odoo').waitFor();
    await bothSchemes(page, 'outbox-conflict');

    const resolved = await afterCall(page, 'outbox:resolve', () => page.getByRole('button', { name: "Keep mine (apply over Odoo's version)" }).click());
    expect(await resolved.json()).toMatchObject({ ok: true, value: { state: 'pending' } });
    await tabs.getByText('Pending').click();
    await page.getByRole('list', { name: 'Pending changes' }).getByRole('listitem').first().waitFor();

    const pushed2 = await afterCall(page, 'outbox:push', () => page.getByRole('button', { name: /^Push now/ }).first().click());
    await expect(host.service.jobs.wait(((await pushed2.json()) as JobStarted).value.jobId)).resolves.toMatchObject({ state: 'succeeded' });
    const [after] = (await sim.execute({ uid: 2, style: 'rpc', model: 'res.partner', method: 'read', args: [[id], ['email']], kwargs: {} })) as { email: string }[];
    expect(after!.email).toBe('mine@example.com');

    await tabs.getByText('Applied').click();
    await page.getByRole('list', { name: 'Applied changes' }).getByRole('listitem', { name: `Update e-mail of ${before!.name}` }).waitFor();
    await tabs.getByText('Audit log').click();
    const audit = page.getByRole('table', { name: 'Audit log entries' });
    await audit.getByText(`res.partner #${id}`).waitFor();
    await audit.getByText('Demo company').waitFor();
    await bothSchemes(page, 'outbox-audit');
  });

  test('discarding a queued change asks first', async () => {
    const sim = await host.service.sync!.connections.demo();
    const [id] = (await sim.execute({ uid: 2, style: 'rpc', model: 'res.partner', method: 'search', args: [[['is_company', '=', true]]], kwargs: { limit: 1, offset: 1 } })) as number[];
    await host.service.invoke('outbox:enqueue', { kind: 'record:update', payload: { model: 'res.partner', id: id!, values: { phone: '+32 2 555 01 01' } }, summary: 'Update phone' });
    await openApp(page, host, 'outbox');
    await page.getByRole('radiogroup', { name: 'Outbox view' }).getByText('Pending').click();
    await page.getByRole('list', { name: 'Pending changes' }).getByRole('listitem', { name: 'Update phone' }).click();
    await page.getByRole('button', { name: 'Discard…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Discard this change?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Discard…' }).click();
    const discarded = await afterCall(page, 'outbox:discard', () => dialog.getByRole('button', { name: 'Discard change' }).click());
    expect(await discarded.json()).toMatchObject({ ok: true, value: { state: 'discarded' } });
    await page.getByRole('radiogroup', { name: 'Outbox view' }).getByText('Discarded').click();
    await page.getByRole('list', { name: 'Discarded changes' }).getByRole('listitem', { name: 'Update phone' }).waitFor();
  });
});

describe('connections', () => {
  test('a wrong API key shows the core\'s specific message; a right one saves and activates the connection', async () => {
    const sim = await host.service.sync!.connections.demo();
    await openApp(page, host, 'settings');
    const card = page.getByLabel('Connections', { exact: true });
    const demoRow = card.getByRole('row', { name: 'Demo company' });
    await demoRow.getByText('Active').waitFor();
    await demoRow.getByText('17.0').waitFor();
    await card.getByLabel('Credential storage').waitFor();
    await bothSchemes(page, 'settings-connections');

    await card.getByRole('button', { name: 'Add connection' }).click();
    const form = page.getByRole('dialog', { name: 'Connect your Odoo' });
    // inline validation before anything is sent
    await form.getByRole('button', { name: 'Save and use' }).click();
    await form.getByText('Enter the address of your Odoo').waitFor();
    await form.getByText('Enter the login').waitFor();

    const dbs = await afterCall(page, 'connections:databases', async () => {
      await form.getByRole('textbox', { name: 'Odoo address' }).fill(sim.url);
      await form.getByRole('textbox', { name: 'Login' }).click();
    });
    expect(await dbs.json()).toMatchObject({ ok: true, value: { databases: ['demo'] } });
    // the server lists its databases: a choice, pre-filled with the only one
    await expect.poll(() => form.getByRole('combobox', { name: 'Database' }).inputValue()).toBe('demo');
    await form.getByRole('textbox', { name: 'Login' }).fill('admin');
    await form.getByLabel('API key or password').fill('not-the-key');
    const failed = await afterCall(page, 'connections:test', () => form.getByRole('button', { name: 'Test connection' }).click());
    expect(await failed.json()).toMatchObject({ ok: false, error: { code: 'odoo/auth-failed' } });
    const alert = form.getByRole('alert', { name: 'Login or API key refused' });
    await alert.getByText('did not accept the login "admin"').waitFor();
    await alert.getByText('odoo/auth-failed').waitFor();
    // shown inline, not as a second notification
    expect(await page.locator('.mantine-Notification-root').count()).toBe(0);
    await bothSchemes(page, 'connection-test-failed', { fullPage: false });

    await form.getByLabel('API key or password').fill(sim.apiKey);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await form.getByRole('status').getByText('Mitchell Admin').waitFor();
    await form.getByRole('textbox', { name: 'Label' }).fill('Simulator copy');
    const saved = await afterCall(page, 'connections:save', () => form.getByRole('button', { name: 'Save and use' }).click());
    expect(await saved.json()).toMatchObject({ ok: true, value: { label: 'Simulator copy', active: true, hasCredential: true } });
    await form.waitFor({ state: 'hidden' });
    await card.getByRole('row', { name: 'Simulator copy' }).getByText('Active').waitFor();
    await page.getByLabel('Connection: Simulator copy').waitFor();
    // the key is never sent back
    expect(JSON.stringify(await host.service.invoke('connections:list', {}))).not.toContain(sim.apiKey);

    // editing with an empty key keeps the stored one: the test and the save both work without retyping it
    await card.getByRole('button', { name: 'More actions for Simulator copy' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit “Simulator copy”' });
    expect(await edit.getByLabel('API key or password').inputValue()).toBe('');
    await edit.getByRole('textbox', { name: 'Label' }).fill('Simulator (edited)');
    const retested = await afterCall(page, 'connections:test', () => edit.getByRole('button', { name: 'Test connection' }).click());
    expect(await retested.json()).toMatchObject({ ok: true, value: { userName: 'Mitchell Admin' } });
    const resaved = await afterCall(page, 'connections:save', () => edit.getByRole('button', { name: 'Save and use' }).click());
    expect(await resaved.json()).toMatchObject({ ok: true, value: { label: 'Simulator (edited)', hasCredential: true } });
    await card.getByRole('row', { name: 'Simulator (edited)' }).waitFor();

    // back to the demo company, then remove the copy (with confirmation)
    await afterCall(page, 'connections:activate', () => demoRow.getByRole('button', { name: 'Activate' }).click());
    await page.getByLabel('Connection: demo company').waitFor();
    await card.getByRole('button', { name: 'More actions for Simulator (edited)' }).click();
    await page.getByRole('menuitem', { name: 'Remove…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove this connection?' });
    await afterCall(page, 'connections:remove', () => confirm.getByRole('button', { name: 'Remove connection' }).click());
    await card.getByRole('row', { name: 'Simulator (edited)' }).waitFor({ state: 'detached' });
  });

  test('"Connect your Odoo" on an empty page leads to the form; "Reset demo data" asks first', async () => {
    await openApp(page, host, 'documents');
    const main = page.getByRole('region', { name: 'Documents' });
    await main.getByRole('button', { name: 'Reset demo data' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset the demo data?' });
    await dialog.getByText('Everything you changed in the demo company is lost.').waitFor();
    await screenshot(page, 'demo-reset-confirm-light', { fullPage: false });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await main.getByRole('button', { name: 'Connect your Odoo' }).click();
    await expectOnPage(page, 'settings');
    await page.getByRole('dialog', { name: 'Connect your Odoo' }).getByRole('textbox', { name: 'Odoo address' }).waitFor();
  });

  test('"Reset demo data" regenerates the demo company after confirmation, then syncs it again', async () => {
    const syncs = async () => ((await host.service.invoke('jobs:list', { limit: 200 })) as JobsList).value.filter((j) => j.kind === 'sync' && j.state === 'succeeded').length;
    const before = await syncs();
    await openApp(page, host, 'reconciliation');
    const main = page.getByRole('region', { name: 'Reconciliation' });
    await main.getByRole('button', { name: 'Reset demo data' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset the demo data?' });
    const reset = await afterCall(page, 'demo:reset', () => dialog.getByRole('button', { name: 'Reset demo data' }).click());
    const { value } = (await reset.json()) as JobStarted;
    await dialog.waitFor({ state: 'hidden' });
    await expect(host.service.jobs.wait(value.jobId)).resolves.toMatchObject({ state: 'succeeded' });
    await page.getByRole('alert').filter({ hasText: 'Resetting the demo company' }).waitFor();
    // the core syncs the fresh company by itself; the header follows
    await expect.poll(syncs, { timeout: 30_000 }).toBe(before + 1);
    await page.getByRole('banner').getByText('Synced just now').waitFor();
    await page.getByRole('banner').getByRole('button', { name: 'Sync now' }).waitFor();

    const sim = await host.service.sync!.connections.demo();
    const [partner] = (await sim.execute({ uid: 2, style: 'rpc', model: 'res.partner', method: 'read', args: [[changedPartner!], ['email']], kwargs: {} })) as { email: string | false }[];
    expect(partner?.email).not.toBe('mine@example.com');
  });
});
