import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { LineProposals } from '../../core/contract';
import { afterCall, expectOnPage, openApp } from './harness/app';
import { invokeCore, simRead as simReadIn, startSyncedDemoHost, type TestHost } from './harness/host';
import { screenshot } from './harness/page';
import { useAppSuite } from './harness/suite';

let host: TestHost;
let page: Page;

const core = <T>(channel: string, input: unknown): Promise<T> => invokeCore<T>(host, channel, input);

const simRead = (model: string, ids: number[], fields: string[]) => simReadIn(host, model, ids, fields);

/** The best proposal the user has not rejected (the core lists rejected ones last, flagged). */
const top = (l: LineProposals) => l.proposals.find((p) => !p.rejected);

const m2o = (v: unknown): number => (Array.isArray(v) ? Number(v[0]) : Number(v));

/** The payment state, in the simulator, of the invoices or bills a proposal's move lines belong to. */
async function paymentStates(moveLineIds: number[]): Promise<unknown[]> {
  const items = await simRead('account.move.line', moveLineIds, ['move_id']);
  const moves = await simRead('account.move', [...new Set(items.map((i) => m2o(i['move_id'])))], ['payment_state']);
  return moves.map((m) => m['payment_state']);
}

useAppSuite({ start: startSyncedDemoHost }, (s) => ({ host, page } = s));

describe('reconciliation workbench', () => {
  // runs first: the next test reconciles every line that has a proposal
  test('filters, reject, undo, and the shortcut sheet lists the workbench keys', async () => {
    await openApp(page, host, 'reconciliation');
    const main = page.getByRole('region', { name: 'Reconciliation' });
    const list = main.getByRole('listbox', { name: 'Bank statement lines' });
    await list.waitFor();
    const before = await list.getByRole('option').count();
    expect(before).toBeGreaterThan(0);

    // f focuses the line filter; a label filter narrows the list
    await page.keyboard.press('f');
    const search = main.getByRole('textbox', { name: 'Search bank lines' });
    // typed by hand: this file is compiled without the DOM library
    await expect.poll(() => search.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
    await page.keyboard.type('zzz-no-such-label');
    await main.getByText('No line matches these filters.').waitFor();
    await search.fill('');
    await list.waitFor();

    // r rejects the best proposal: recorded by the core (it is not offered first again), the line shows as skipped
    const first = list.locator('[aria-selected="true"]');
    const id = await first.getAttribute('id');
    await page.getByRole('heading', { name: 'Bank reconciliation' }).click();
    await afterCall(page, 'reconcile:reject', () => page.keyboard.press('r'));
    await list.locator(`[id="${id}"]`).getByText('skipped').waitFor();

    // a accepts the next line, u undoes it
    await page.keyboard.press('j');
    const next = await list.locator('[aria-selected="true"]').getAttribute('id');
    const nextRow = list.locator(`[id="${next}"]`);
    const hasProposal = (await nextRow.getByLabel(/^Confidence: /).textContent()) !== 'no match';
    if (hasProposal) {
      await afterCall(page, 'reconcile:accept', () => page.keyboard.press('a'));
      await nextRow.getByText('queued').waitFor();
      await afterCall(page, 'reconcile:undo', () => page.keyboard.press('u'));
      await nextRow.getByText('queued').waitFor({ state: 'hidden' });
    }

    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    for (const label of ['Next bank line', 'Previous bank line', 'Accept the best proposal', 'Reject the best proposal', 'Undo the last acceptance', 'Search bank lines']) {
      await sheet.getByRole('cell', { name: label, exact: true }).waitFor();
    }
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'hidden' });
  });

  test('lists the open lines with proposals; accept by keyboard, bulk-accept the auto band, push, and Odoo shows the invoices paid', async () => {
    const { lines } = await core<{ lines: LineProposals[] }>('reconcile:propose', { limit: 5000 });
    expect(lines.length).toBeGreaterThan(2);
    const byId = new Map(lines.map((l) => [l.statementLineId, l]));

    await openApp(page, host, 'reconciliation');
    await expectOnPage(page, 'reconciliation');
    const main = page.getByRole('region', { name: 'Reconciliation' });
    const list = main.getByRole('listbox', { name: 'Bank statement lines' });
    await list.waitFor();
    // virtualized: far fewer rows in the DOM than lines
    const rendered = await list.getByRole('option').count();
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(lines.length);

    // the detail pane shows the top proposal with its explanation
    const detail = main.getByLabel('Selected line');
    const first = byId.get(lines[0]!.statementLineId)!;
    await detail.getByText(first.proposals[0]!.explanation[0]!, { exact: true }).waitFor();
    await screenshot(page, 'reconciliation-workbench-light', { fullPage: false });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('html[data-mantine-color-scheme="dark"]').waitFor();
    await screenshot(page, 'reconciliation-workbench-dark', { fullPage: false });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.locator('html[data-mantine-color-scheme="light"]').waitFor();

    // j moves to the second line, a accepts its best proposal
    await page.keyboard.press('j');
    const selected = list.locator('[aria-selected="true"]');
    const selectedId = Number((await selected.getAttribute('id'))?.replace('st-line-', ''));
    expect(selectedId).toBe(lines[1]!.statementLineId);
    const picked = byId.get(selectedId)!;
    expect(top(picked)!.explanation.length).toBeGreaterThan(0);
    await afterCall(page, 'reconcile:accept', () => page.keyboard.press('a'));
    await list.locator(`#st-line-${selectedId}`).getByText('queued').waitFor();

    // shift+a: confirm the auto band of the current filter
    const autoLeft = lines.filter((l) => l.statementLineId !== selectedId && (top(l)?.confidence ?? 0) >= 0.995).length;
    await page.keyboard.press('Shift+A');
    const dialog = page.getByRole('dialog', { name: 'Accept the auto band' });
    await dialog.waitFor();
    await dialog.getByText(`best proposal of ${autoLeft} line`, { exact: false }).waitFor();
    await screenshot(page, 'reconciliation-bulk-light', { fullPage: false });
    await dialog.getByRole('button', { name: `Accept ${autoLeft} lines` }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
    await main.getByText(`${autoLeft + 1} queued`, { exact: false }).waitFor({ timeout: 30_000 });

    // push: the reconciled lines leave the list after the refresh
    await main.getByRole('button', { name: /^Push now/ }).click();
    await page.waitForFunction(
      (id) => !(globalThis as unknown as { document: { getElementById(x: string): unknown } }).document.getElementById(`st-line-${id}`),
      selectedId,
      { timeout: 30_000 },
    );
    await expect.poll(async () => (await core<{ lines: LineProposals[] }>('reconcile:propose', { limit: 5000 })).lines.length, { timeout: 30_000 }).toBe(lines.length - autoLeft - 1);

    for (const s of await paymentStates(top(picked)!.moveLineIds)) expect(['paid', 'in_payment']).toContain(s);
    const invoice = lines.find((l) => l.amount > 0 && l.statementLineId !== selectedId && (top(l)?.confidence ?? 0) >= 0.995 && top(l)?.kind === 'full');
    expect(invoice, 'a customer invoice in the auto band').toBeDefined();
    for (const s of await paymentStates(top(invoice!)!.moveLineIds)) expect(['paid', 'in_payment']).toContain(s);

    await screenshot(page, 'reconciliation-pushed-light', { fullPage: false });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('html[data-mantine-color-scheme="dark"]').waitFor();
    await screenshot(page, 'reconciliation-pushed-dark', { fullPage: false });
  });
});
