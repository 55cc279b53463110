import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { LineProposals, SearchItemView } from '../../core/contract';
import { afterCall, openApp } from './harness/app';
import { invokeCore, simSearch as simSearchIn, startSyncedDemoHost, type TestHost } from './harness/host';
import { screenshot } from './harness/page';
import { buildCamt053, buildCsv, type StatementEntry } from './harness/statements';
import { useAppSuite } from './harness/suite';

let host: TestHost;
let page: Page;

const core = <T>(channel: string, input: unknown): Promise<T> => invokeCore<T>(host, channel, input);

const simSearch = (model: string, domain: unknown[], fields: string[], limit = 0) => simSearchIn(host, model, domain, fields, { limit });

const m2o = (v: unknown): number => (Array.isArray(v) ? Number(v[0]) : Number(v));
const m2oName = (v: unknown): string => (Array.isArray(v) ? String(v[1]) : '');
const cents = (v: number) => Math.round(v * 100);

type Invoice = { id: number; name: string; partnerId: number; partnerName: string; residual: number; date: string; moveLineId: number };

/** Open customer invoices of the main company in EUR that no bank line of the demo already points at, by partner. */
async function openInvoices(): Promise<Invoice[]> {
  const { lines } = await core<{ lines: LineProposals[] }>('reconcile:propose', { limit: 50000 });
  const taken = new Set(lines.flatMap((l) => l.proposals.flatMap((p) => p.items.map((i) => i.moveId))));
  const moves = await simSearch(
    'account.move',
    [
      ['move_type', '=', 'out_invoice'],
      ['state', '=', 'posted'],
      ['payment_state', '=', 'not_paid'],
      ['company_id', '=', 1],
    ],
    ['name', 'partner_id', 'amount_residual', 'amount_total', 'currency_id', 'invoice_date'],
  );
  const out: Invoice[] = [];
  for (const m of moves) {
    if (m2oName(m['currency_id']) !== 'EUR' || taken.has(Number(m['id']))) continue;
    if (cents(Number(m['amount_residual'])) !== cents(Number(m['amount_total'])) || Number(m['amount_residual']) <= 0) continue;
    // the receivable item, as the workbench's manual search finds it in the cache
    const { items } = await core<{ items: SearchItemView[] }>('reconcile:search', { query: String(m['name']), limit: 10 });
    const item = items.find((i) => i.moveId === Number(m['id']) && i.accountType === 'receivable');
    if (!item) continue;
    out.push({
      id: Number(m['id']),
      name: String(m['name']),
      partnerId: m2o(m['partner_id']),
      partnerName: m2oName(m['partner_id']),
      residual: Number(m['amount_residual']),
      date: String(m['invoice_date']),
      moveLineId: item.moveLineId,
    });
  }
  return out;
}

async function paymentStates(moveIds: number[]): Promise<unknown[]> {
  return (await simSearch('account.move', [['id', 'in', moveIds]], ['payment_state'])).map((m) => m['payment_state']);
}

/** The demo's EUR bank journal and its IBAN (the file's account, so the import finds the journal by itself). */
async function eurBank(): Promise<{ id: number; name: string; iban: string }> {
  const [j] = await simSearch('account.journal', [['type', '=', 'bank'], ['currency_id', '=', false]], ['name', 'bank_account_id'], 1);
  return { id: Number(j!['id']), name: String(j!['name']), iban: m2oName(j!['bank_account_id']).replace(/\s/g, '') };
}

const addDays = (iso: string, n: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * A real drop: a DataTransfer holding the File, `dragenter` on the page (the full-window overlay appears), then
 * `dragover` and `drop` on the overlay. Typed by hand: this file is compiled without the DOM library.
 */
async function dropFile(fileName: string, content: string, type: string): Promise<void> {
  const dt = await page.evaluateHandle(
    ({ fileName, content, type }) => {
      const g = globalThis as unknown as {
        DataTransfer: new () => { items: { add(f: unknown): void } };
        File: new (parts: string[], name: string, opts: { type: string }) => unknown;
      };
      const t = new g.DataTransfer();
      t.items.add(new g.File([content], fileName, { type }));
      return t;
    },
    { fileName, content, type },
  );
  await page.locator('body').dispatchEvent('dragenter', { dataTransfer: dt });
  const zone = page.getByLabel('Drop a bank statement');
  // the overlay (the dropzone's parent) fades in on dragenter
  await expect.poll(() => zone.evaluate((el) => (el as unknown as { parentElement: { style: { opacity: string } } }).parentElement.style.opacity)).toBe('1');
  await zone.dispatchEvent('dragover', { dataTransfer: dt });
  await zone.dispatchEvent('drop', { dataTransfer: dt });
}

async function pushAndWait(): Promise<void> {
  const main = page.getByRole('region', { name: 'Reconciliation' });
  const push = main.getByRole('button', { name: /^Push now/ });
  await push.click();
  await expect
    .poll(async () => (await core<{ counts: { pending: number; applying: number; failed: number; conflict: number } }>('outbox:list', { limit: 1 })).counts, { timeout: 30_000 })
    .toMatchObject({ pending: 0, applying: 0, failed: 0, conflict: 0 });
}

useAppSuite({ start: startSyncedDemoHost }, (s) => ({ host, page } = s));

describe('statement import and the workbench', () => {
  let invoices: Invoice[] = [];
  let bank: { id: number; name: string; iban: string } = { id: 0, name: '', iban: '' };

  test('drop a CAMT.053 paying open invoices, preview, import, push; accept one by keyboard, bulk-accept the band, push, and Odoo shows them paid', async () => {
    invoices = await openInvoices();
    bank = await eurBank();
    // two invoices of one partner for the line that pays both at once
    const byPartner = new Map<number, Invoice[]>();
    for (const i of invoices) byPartner.set(i.partnerId, [...(byPartner.get(i.partnerId) ?? []), i]);
    const pair = [...byPartner.values()].find((l) => l.length >= 2)!.slice(0, 2);
    expect(pair, 'a partner with two open invoices').toHaveLength(2);
    const singles = invoices.filter((i) => !pair.includes(i) && i.partnerId !== pair[0]!.partnerId).slice(0, 2);
    expect(singles).toHaveLength(2);
    const used = [...singles, ...pair];
    const date = addDays(used.map((i) => i.date).sort().at(-1)!, 6);
    const marker = 'E2EDROP';
    const entries: StatementEntry[] = [
      ...singles.map((inv, k) => ({ date, amount: inv.residual, label: `${inv.name} ${marker}`, partnerName: inv.partnerName, bankRef: `${marker}-${k}` })),
      {
        date,
        amount: (cents(pair[0]!.residual) + cents(pair[1]!.residual)) / 100,
        label: `${pair[0]!.name} ${pair[1]!.name} ${marker}`,
        partnerName: pair[0]!.partnerName,
        bankRef: `${marker}-pair`,
      },
    ];
    const xml = buildCamt053({ iban: bank.iban, currency: 'EUR', statementId: `${marker}-STMT`, createdAt: `${date}T18:00:00`, opening: 10_000, entries });

    await openApp(page, host, 'reconciliation');
    const main = page.getByRole('region', { name: 'Reconciliation' });
    await main.getByRole('listbox', { name: 'Bank statement lines' }).waitFor();

    // drop → the preview names the journal (found by the IBAN), the balances and the lines
    const t0 = Date.now();
    await afterCall(page, 'statements:preview', () => dropFile('kbc-statement.xml', xml, 'application/xml'));
    const dialog = page.getByRole('dialog', { name: /Import a bank statement/ });
    await dialog.waitFor();
    await dialog.getByText('found by the account number').waitFor();
    expect(await dialog.getByLabel('Bank journal', { exact: true }).inputValue()).toContain(bank.name);
    await dialog.getByText('10,000.00 EUR').waitFor();
    for (const e of entries) await dialog.getByRole('cell', { name: e.label, exact: true }).waitFor();
    expect(await dialog.getByText('duplicate', { exact: true }).count()).toBe(0);
    await screenshot(page, 'reconciliation-import-preview-light', { fullPage: false });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('html[data-mantine-color-scheme="dark"]').waitFor();
    await screenshot(page, 'reconciliation-import-preview-dark', { fullPage: false });
    await page.emulateMedia({ colorScheme: 'light' });

    // import → queued in the outbox; push from the dialog creates the lines in Odoo and they show up with proposals
    await afterCall(page, 'statements:import', () => dialog.getByRole('button', { name: 'Import 3 lines' }).click());
    const done = page.getByRole('dialog', { name: /Statement imported/ });
    await done.getByText('3 lines queued for Odoo').waitFor();
    await afterCall(page, 'outbox:push', () => done.getByRole('button', { name: 'Push now' }).click());
    await expect.poll(async () => (await simSearch('account.bank.statement.line', [['payment_ref', 'like', marker]], ['id'])).length, { timeout: 30_000 }).toBe(3);
    const list = main.getByRole('listbox', { name: 'Bank statement lines' });
    await main.getByRole('textbox', { name: 'Search bank lines' }).fill(marker);
    await expect.poll(() => list.getByRole('option').count(), { timeout: 30_000 }).toBe(3);
    const importMs = Date.now() - t0;

    // the core's view of the new lines: each single line's best proposal is its invoice, the pair line's both invoices
    const ours = (await core<{ lines: LineProposals[] }>('reconcile:propose', { limit: 50000 })).lines.filter((l) => l.label.includes(marker));
    expect(ours).toHaveLength(3);
    for (const inv of singles) {
      const l = ours.find((x) => x.label.startsWith(inv.name))!;
      expect(l.proposals[0]!.items.map((i) => i.moveName)).toEqual([inv.name]);
    }
    const pairLine = ours.find((l) => l.label.startsWith(pair[0]!.name))!;
    expect(new Set(pairLine.proposals[0]!.items.map((i) => i.moveName))).toEqual(new Set(pair.map((p) => p.name)));

    // names, not ids: the selected line shows partner, journal and invoice numbers
    const first = ours.find((x) => x.label.startsWith(singles[0]!.name))!;
    await list.getByRole('option', { name: first.label }).click();
    const detail = main.getByLabel('Selected line');
    await detail.getByText(bank.name, { exact: false }).waitFor();
    await detail.getByLabel('Top proposal').getByRole('cell', { name: singles[0]!.name, exact: true }).waitFor();
    await detail.getByLabel('Top proposal').getByText(singles[0]!.partnerName).first().waitFor();
    const pairRow = list.getByRole('option', { name: pairLine.label });
    await pairRow.getByText(`${pair[0]!.name}, ${pair[1]!.name}`, { exact: false }).waitFor();
    await screenshot(page, 'reconciliation-imported-lines-light', { fullPage: false });

    // a accepts the selected line by keyboard
    await page.getByRole('heading', { name: 'Bank reconciliation' }).click();
    await afterCall(page, 'reconcile:accept', () => page.keyboard.press('a'));
    await list.getByRole('option', { name: first.label }).getByText('queued').waitFor();

    // shift+a: the auto band of the filtered set (our other two lines)
    const band = ours.filter((l) => l !== first && (l.proposals[0]?.confidence ?? 0) >= 0.995).length;
    expect(band).toBe(2);
    await page.keyboard.press('Shift+A');
    const bulk = page.getByRole('dialog', { name: 'Accept the auto band' });
    await bulk.getByText(`best proposal of ${band} lines`, { exact: false }).waitFor();
    await bulk.getByRole('button', { name: `Accept ${band} lines` }).click();
    await bulk.waitFor({ state: 'hidden', timeout: 30_000 });
    await expect.poll(() => list.getByText('queued', { exact: true }).count()).toBe(3);

    // push: the outbox drains, the lines leave the list, Odoo shows every invoice paid
    const t1 = Date.now();
    await pushAndWait();
    await expect.poll(() => list.getByRole('option').count(), { timeout: 30_000 }).toBe(0);
    const pushMs = Date.now() - t1;
    for (const s of await paymentStates(used.map((i) => i.id))) expect(['paid', 'in_payment']).toContain(s);
    console.log(`[e2e timing] drop→lines listed ${importMs} ms; push of 3 reconciliations→list empty ${pushMs} ms`);
  });

  test('split allocation with a write-off: / searches the open items, E edits, Enter accepts; Odoo books the fee', async () => {
    expect(invoices.length).toBeGreaterThan(6);
    const [a, b] = invoices.filter((i) => !(i.partnerId === invoices[0]!.partnerId)).slice(2, 4);
    const fee = 7.5;
    const marker = 'E2ESPLIT';
    const amount = (cents(a!.residual) + cents(b!.residual) - cents(fee)) / 100;
    const date = addDays([a!.date, b!.date].sort().at(-1)!, 4);
    const xml = buildCamt053({
      iban: bank.iban,
      currency: 'EUR',
      statementId: `${marker}-STMT`,
      createdAt: `${date}T18:00:00`,
      opening: 0,
      entries: [{ date, amount, label: `Sammelzahlung ${marker}`, bankRef: `${marker}-1` }],
    });

    await openApp(page, host, 'reconciliation');
    const main = page.getByRole('region', { name: 'Reconciliation' });
    await main.getByRole('listbox', { name: 'Bank statement lines' }).waitFor();
    // the button's file picker (setInputFiles on the dropzone's input)
    await afterCall(page, 'statements:preview', () =>
      page.getByLabel('Bank statement file').setInputFiles({ name: 'split.xml', mimeType: 'application/xml', buffer: Buffer.from(xml) }),
    );
    const dialog = page.getByRole('dialog', { name: /Import a bank statement/ });
    await afterCall(page, 'statements:import', () => dialog.getByRole('button', { name: 'Import 1 line' }).click());
    await page.getByRole('dialog', { name: /Statement imported/ }).getByRole('button', { name: 'Push now' }).click();

    const list = main.getByRole('listbox', { name: 'Bank statement lines' });
    await main.getByRole('textbox', { name: 'Search bank lines' }).fill(marker);
    await expect.poll(() => list.getByRole('option').count(), { timeout: 30_000 }).toBe(1);
    await list.getByRole('option').first().click();
    await page.getByRole('heading', { name: 'Bank reconciliation' }).click();

    // / opens the manual search; pick both invoices by number, Enter takes them into the allocation
    await page.keyboard.press('/');
    const search = page.getByRole('dialog', { name: 'Search open items' });
    const box = search.getByRole('textbox', { name: 'Search open items' });
    for (const inv of [a!, b!]) {
      await afterCall(page, 'reconcile:search', () => box.fill(inv.name));
      const row = search.getByRole('row', { name: inv.name });
      await row.waitFor();
      await row.click();
      await expect.poll(() => row.getByRole('checkbox').isChecked()).toBe(true);
    }
    await page.keyboard.press('Enter');
    const editor = page.getByRole('dialog', { name: 'Allocate the bank line' });
    await editor.waitFor();
    for (const inv of [a!, b!]) expect(await editor.getByRole('textbox', { name: `Amount for ${inv.name}` }).inputValue()).toBe(inv.residual.toFixed(2));
    await editor.getByLabel('Not allocated').getByText('-7.50 EUR').waitFor();

    // the difference becomes a write-off on the bank charges account; Enter accepts
    await editor.getByRole('button', { name: 'Write off the difference' }).click();
    expect(await editor.getByRole('textbox', { name: 'Write-off amount' }).inputValue()).toBe('-7.50');
    await editor.getByLabel('Write-off account', { exact: true }).fill('Bank charges');
    await page.getByRole('option', { name: /Bank charges/ }).click();
    await editor.getByRole('textbox', { name: 'Write-off label' }).fill('Bank fees');
    await editor.getByLabel('Not allocated').getByText('0.00 EUR').waitFor();
    await screenshot(page, 'reconciliation-split-editor-light', { fullPage: false });
    const accepted = await afterCall(page, 'reconcile:accept', () => page.keyboard.press('Enter'));
    expect(JSON.parse(accepted.request().postData() ?? '{}')).toMatchObject({
      manual: { allocations: [{ moveLineId: a!.moveLineId, amount: a!.residual }, { moveLineId: b!.moveLineId, amount: b!.residual }], writeOff: { amount: -fee, label: 'Bank fees' } },
    });
    await editor.waitFor({ state: 'hidden' });
    await list.getByText('queued').waitFor();

    await pushAndWait();
    for (const s of await paymentStates([a!.id, b!.id])) expect(['paid', 'in_payment']).toContain(s);
    // the statement line's entry carries the fee on the bank charges account
    const [st] = await simSearch('account.bank.statement.line', [['payment_ref', 'like', marker]], ['move_id', 'is_reconciled']);
    expect(st!['is_reconciled']).toBe(true);
    const feeLines = await simSearch('account.move.line', [['move_id', '=', m2o(st!['move_id'])]], ['account_id', 'balance']);
    expect(feeLines.some((l) => m2oName(l['account_id']).includes('Bank charges') && cents(Number(l['balance'])) === cents(fee))).toBe(true);
  });

  test('a CSV without an account: journal first, then the column mapping with a live sample; the mapping is remembered', async () => {
    if (!bank.iban) bank = await eurBank();
    if (invoices.length === 0) invoices = await openInvoices();
    const inv = invoices.filter((i) => i.partnerId !== invoices[0]!.partnerId).at(-1)!;
    const csv = buildCsv(
      ['Col A', 'Col B', 'Col C', 'Col D'],
      [
        ['03.12.2026', `Zahlung ${inv.name} E2ECSV`, inv.residual.toLocaleString('de-DE', { minimumFractionDigits: 2 }), 'x1'],
        ['04.12.2026', 'Kontofuehrung E2ECSV', '-1.234,50', 'x2'],
      ],
    );
    await openApp(page, host, 'reconciliation');
    await page.getByRole('region', { name: 'Reconciliation' }).getByRole('listbox', { name: 'Bank statement lines' }).waitFor();
    await dropFile('export.csv', csv, 'text/csv');

    const dialog = page.getByRole('dialog');
    await dialog.getByText('This file names no bank account', { exact: false }).waitFor();
    await dialog.getByRole('radio', { name: new RegExp(bank.name) }).check();
    await dialog.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('dialog', { name: /Map the columns/ }).waitFor();
    // these headers tell nothing: the core reads the file as header-less; the user says the first row is one
    await dialog.getByRole('switch', { name: 'First row is a header' }).check({ force: true });
    await dialog.getByRole('table', { name: 'File sample' }).getByRole('columnheader', { name: 'Col C' }).waitFor();
    const pick = async (label: string, option: string) => {
      await dialog.getByLabel(label, { exact: true }).click();
      await page.getByRole('option', { name: option, exact: true }).click();
    };
    await pick('Date', 'Col A');
    await pick('Amount', 'Col C');
    // the label is Col B only
    await dialog.getByLabel('Label columns', { exact: true }).click({ force: true });
    for (const [col, want] of [['Col A', 'false'], ['Col B', 'true'], ['Col C', 'false'], ['Col D', 'false']] as const) {
      const option = page.getByRole('option', { name: col, exact: true });
      if (((await option.getAttribute('aria-selected')) ?? 'false') !== want) await option.click();
    }
    await dialog.getByText('Read with this mapping').click();
    await pick('Decimal separator', ', (1234,56)');
    await pick('Thousands separator', '. (dot)');
    await pick('Date format', 'DD.MM.YYYY');
    // no currency column: the journal's currency, shown and changeable
    expect(await dialog.getByLabel('Statement currency', { exact: true }).inputValue()).toBe('EUR');
    const sample = dialog.getByRole('table', { name: 'Parsed sample' });
    await sample.getByText('-1,234.50 EUR').waitFor();
    await sample.getByText('2026-12-03').waitFor();
    await screenshot(page, 'reconciliation-csv-mapping-light', { fullPage: false });
    await dialog.getByRole('button', { name: 'Use this mapping' }).click();
    await page.getByRole('dialog', { name: /Import a bank statement/ }).getByRole('button', { name: 'Import 2 lines' }).click();
    await page.getByRole('dialog', { name: /Statement imported/ }).getByText('2 lines queued for Odoo').waitFor();
    await page.getByRole('dialog', { name: /Statement imported/ }).getByRole('button', { name: 'Close' }).click();

    // the same file again: the journal's remembered mapping reads it; every line is a duplicate
    await dropFile('export.csv', csv, 'text/csv');
    await dialog.getByRole('radio', { name: new RegExp(bank.name) }).check();
    await dialog.getByRole('button', { name: 'Continue' }).click();
    const again = page.getByRole('dialog', { name: /Import a bank statement/ });
    await again.getByRole('button', { name: 'Column mapping (remembered)' }).waitFor();
    await again.getByRole('button', { name: 'Nothing new to import' }).waitFor();
    expect(await again.getByText('duplicate', { exact: true }).count()).toBe(2);
    await page.keyboard.press('Escape');
  });

  test('confidence bands, learned rules and the balance check', async () => {
    await openApp(page, host, 'reconciliation');
    const main = page.getByRole('region', { name: 'Reconciliation' });
    await main.getByRole('tab', { name: 'Confidence bands' }).click();
    const bands = main.getByRole('table', { name: `Confidence bands of ${bank.name}` });
    await bands.waitFor();
    const select = main.getByLabel(`Auto-accept threshold for ${bank.name}`, { exact: true });
    await select.click();
    await afterCall(page, 'reconcile:auto-accept-set', () => page.getByRole('option', { name: '≥ 99.5 %' }).click());
    expect((await core<{ journals: { journalId: number; autoAcceptMin: number | null }[] }>('reconcile:bands', {})).journals.find((j) => j.journalId === bank.id)?.autoAcceptMin).toBe(0.995);
    await screenshot(page, 'reconciliation-bands-light', { fullPage: false });

    await main.getByRole('tab', { name: 'Learned rules' }).click();
    await afterCall(page, 'reconcile:rules-mine', () => main.getByRole('button', { name: /^Mine rules/ }).click());
    const { rules } = await core<{ rules: { id: number; description: string }[] }>('reconcile:rules', {});
    if (rules.length > 0) {
      const table = main.getByRole('table', { name: 'Learned rules' });
      await table.waitFor();
      const sw = table.getByRole('switch', { name: `Enable ${rules[0]!.description}` });
      await afterCall(page, 'reconcile:rule-set', () => sw.click({ force: true }));
      expect((await core<{ rules: { id: number; state: string }[] }>('reconcile:rules', {})).rules.find((r) => r.id === rules[0]!.id)?.state).toBe('enabled');
    } else {
      await main.getByText('No rule yet').waitFor();
    }
    await screenshot(page, 'reconciliation-rules-light', { fullPage: false });

    await main.getByRole('tab', { name: 'Balance check' }).click();
    const card = main.getByLabel(`Balance of ${bank.name}`);
    await card.waitFor();
    await card.getByRole('table', { name: `Periods of ${bank.name}` }).waitFor();
    await screenshot(page, 'reconciliation-balance-light', { fullPage: false });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('html[data-mantine-color-scheme="dark"]').waitFor();
    await screenshot(page, 'reconciliation-balance-dark', { fullPage: false });
  });
});
