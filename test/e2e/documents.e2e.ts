import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { afterCall, expectOnPage, openApp } from './harness/app';
import { invokeCore, simSearch as simSearchIn, startSyncedDemoHost, type TestHost } from './harness/host';
import { screenshot } from './harness/page';
import { useAppSuite } from './harness/suite';
import { A4, textWidth, writePdf, type PdfText } from '../helpers/pdf-writer';

let host: TestHost;
let page: Page;

const core = <T>(channel: string, input: unknown): Promise<T> => invokeCore<T>(host, channel, input);

const simSearch = (model: string, domain: unknown[], fields: string[], limit = 0) => simSearchIn(host, model, domain, fields, { limit, order: 'id asc' });

const m2o = (v: unknown): number => (Array.isArray(v) ? Number(v[0]) : Number(v));

type Vendor = { id: number; name: string; vat: string; email: string | null };

/** Where the invoice number is drawn (baseline, top-left origin, points): the highlight must land there. */
const NUMBER_AT = { x: 430, y: 170, size: 10 };
const DUE_AT = { x: 430, y: 202 };

/** A digital invoice from `vendor`, with a text layer (Helvetica), laid out like a typical European bill. */
function invoicePdf(vendor: Vendor, invoiceNumber: string): Buffer {
  const t: PdfText[] = [];
  const right = (x: number, y: number, text: string, bold = false) => t.push({ x: x - textWidth(text, 10, bold), y, text, bold });
  t.push({ x: 50, y: 70, text: vendor.name, size: 16, bold: true });
  t.push({ x: 50, y: 90, text: 'Industrieweg 12, 2030 Antwerpen' });
  t.push({ x: 50, y: 104, text: `VAT: ${vendor.vat}` });
  if (vendor.email) t.push({ x: 50, y: 118, text: `E-mail: ${vendor.email}` });
  t.push({ x: 330, y: 70, text: 'INVOICE', size: 20, bold: true });
  t.push({ x: 50, y: 170, text: 'Bill to:', bold: true });
  t.push({ x: 50, y: 186, text: 'Brabo Office NV' });
  t.push({ x: 50, y: 202, text: 'Noorderlaan 147, 2030 Antwerpen' });
  t.push({ x: 330, y: NUMBER_AT.y, text: 'Invoice no:' });
  t.push({ x: NUMBER_AT.x, y: NUMBER_AT.y, text: invoiceNumber });
  t.push({ x: 330, y: 186, text: 'Invoice date:' });
  t.push({ x: 430, y: 186, text: '2026-11-02' });
  t.push({ x: 330, y: 202, text: 'Due date:' });
  t.push({ x: DUE_AT.x, y: DUE_AT.y, text: '2026-12-02' });
  t.push({ x: 330, y: 218, text: 'Currency:' });
  t.push({ x: 430, y: 218, text: 'EUR' });
  const top = 260;
  t.push({ x: 50, y: top, text: 'Description', bold: true });
  right(360, top, 'Qty', true);
  right(450, top, 'Unit price', true);
  right(545, top, 'Amount', true);
  const lines = [
    ['Ergonomic office chair', '2', '150.00', '300.00'],
    ['LED desk lamp', '4', '25.00', '100.00'],
  ] as const;
  lines.forEach(([d, q, u, a], i) => {
    const y = top + 20 + i * 16;
    t.push({ x: 50, y, text: d });
    right(360, y, q);
    right(450, y, u);
    right(545, y, a);
  });
  const totals = [
    ['Subtotal', '400.00'],
    ['VAT 21%', '84.00'],
    ['Total', '484.00'],
    ['Amount due', '484.00'],
  ] as const;
  totals.forEach(([label, amount], i) => {
    const y = top + 80 + i * 16;
    t.push({ x: 380, y, text: label, bold: label === 'Total' });
    right(545, y, `${amount} EUR`, label === 'Total');
  });
  t.push({ x: 50, y: 780, text: `Please pay within 30 days to our account. Reference: ${invoiceNumber}`, size: 8 });
  return writePdf(
    [
      {
        texts: t,
        lines: [
          { x1: 50, y1: top + 6, x2: 545, y2: top + 6 },
          { x1: 380, y1: top + 66, x2: 545, y2: top + 66 },
        ],
      },
    ],
    { title: `Invoice ${invoiceNumber}` },
  );
}

/**
 * Drops files onto the window the way a file manager does: dragenter on the page (the full-window drop target
 * appears), then dragover and drop on it, all carrying one DataTransfer with real File objects.
 */
async function dropFiles(p: Page, files: { name: string; mime: string; bytes: Buffer }[]): Promise<void> {
  // typed by hand: this file is compiled without the DOM library
  const dt = await p.evaluateHandle((list: { name: string; mime: string; b64: string }[]) => {
    const g = globalThis as unknown as {
      DataTransfer: new () => { items: { add(f: unknown): void } };
      File: new (parts: unknown[], name: string, o: { type: string }) => unknown;
      atob(s: string): string;
    };
    const transfer = new g.DataTransfer();
    for (const f of list) {
      const bin = g.atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      transfer.items.add(new g.File([bytes], f.name, { type: f.mime }));
    }
    return transfer;
  }, files.map((f) => ({ name: f.name, mime: f.mime, b64: f.bytes.toString('base64') })));
  await p.dispatchEvent('main', 'dragenter', { dataTransfer: dt });
  const target = p.locator('[aria-label="Drop to add invoices"]');
  await expect.poll(async () => target.evaluate((el) => (el as unknown as { parentElement: { style: { opacity: string } } }).parentElement.style.opacity)).toBe('1');
  await target.dispatchEvent('dragover', { dataTransfer: dt });
  await target.dispatchEvent('drop', { dataTransfer: dt });
  await dt.dispose();
}

type Box = { x: number; y: number; width: number; height: number };

/** The element's box once two readings 100 ms apart agree (a CSS transition has finished). */
async function settledBox(locator: ReturnType<Page['locator']>): Promise<Box> {
  let last: Box | null = null;
  for (let i = 0; i < 50; i++) {
    const now = (await locator.boundingBox()) as Box;
    if (last && Math.abs(now.x - last.x) < 0.5 && Math.abs(now.y - last.y) < 0.5 && Math.abs(now.width - last.width) < 0.5 && Math.abs(now.height - last.height) < 0.5) return now;
    last = now;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the box never came to rest (last ${JSON.stringify(last)})`);
}

useAppSuite({ start: startSyncedDemoHost }, (s) => ({ host, page } = s));

describe('documents workbench', () => {
  test('drop a PDF anywhere, review it with source highlights, correct a field, draft the bill, push, and Odoo has the bill with the PDF attached', async () => {
    const t0 = Date.now();
    const [row] = await simSearch('res.partner', [['supplier_rank', '>', 0], ['is_company', '=', true], ['vat', '!=', false]], ['name', 'vat', 'email'], 1);
    expect(row, 'a demo vendor with a VAT id').toBeDefined();
    const vendor: Vendor = { id: Number(row!['id']), name: String(row!['name']), vat: String(row!['vat']), email: typeof row!['email'] === 'string' ? row!['email'] : null };
    const invoiceNumber = `INV-E2E-${(Date.now() % 90_000) + 10_000}`;
    const corrected = `${invoiceNumber}-A`;
    const pdf = invoicePdf(vendor, invoiceNumber);
    const fileName = `${vendor.name.replace(/[^A-Za-z0-9]+/g, '-')}-${invoiceNumber}.pdf`;

    // when the core moved the document through its states (for the timings printed at the end)
    const statusAt: Record<string, number> = {};
    const unsubscribe = host.service.subscribe((event, payload) => {
      if (event !== 'documents:changed') return;
      const status = (payload as { status: string }).status;
      statusAt[status] ??= Date.now();
    });

    // dropped on another page: the window-wide target queues it and opens Documents
    await openApp(page, host, 'dashboards');
    const tDrop = Date.now();
    await afterCall(page, 'documents:add', () => dropFiles(page, [{ name: fileName, mime: 'application/pdf', bytes: pdf }]));
    await expectOnPage(page, 'documents');
    const main = page.getByRole('region', { name: 'Documents', exact: true });
    const queued = main.getByRole('listbox', { name: 'Document queue' }).getByRole('option', { name: fileName });
    await queued.waitFor();
    await expect.poll(() => queued.getAttribute('data-status'), { timeout: 60_000, interval: 100 }).toBe('done');
    const processedMs = Date.now() - tDrop;

    // the page is drawn by pdf.js; the fields show their values, confidence and origin
    const canvas = main.locator('canvas[data-page-canvas]');
    await canvas.waitFor();
    const fields = main.getByRole('listbox', { name: 'Extracted fields' });
    await fields.waitFor();
    const numberRow = fields.getByRole('option', { name: 'Invoice number', exact: true });
    await expect.poll(() => numberRow.locator('[data-field-value]').textContent()).toBe(invoiceNumber);
    await expect.poll(() => fields.getByRole('option', { name: 'Total', exact: true }).locator('[data-field-value]').textContent()).toBe('484.00 EUR');
    await numberRow.getByLabel(/^Confidence: \d+%$/).waitFor();
    await numberRow.getByLabel('Origin: text').waitFor();
    // the vendor is the demo partner (matched by VAT)
    await main.getByRole('group', { name: 'Vendor match' }).getByText(vendor.name, { exact: true }).waitFor();

    // hovering a field outlines its source on the page, where the number was drawn
    await numberRow.hover();
    const highlight = main.locator('[data-source-highlight]');
    await highlight.waitFor();
    // the outline glides (80 ms) from wherever it was before (the pointer may have rested on another field):
    // measure once it has come to rest
    const hb = await settledBox(highlight);
    const cb = await settledBox(canvas);
    expect(hb.width).toBeGreaterThan(4);
    expect(hb.x).toBeGreaterThanOrEqual(cb.x - 1);
    expect(hb.y).toBeGreaterThanOrEqual(cb.y - 1);
    expect(hb.x + hb.width).toBeLessThanOrEqual(cb.x + cb.width + 1);
    expect(hb.y + hb.height).toBeLessThanOrEqual(cb.y + cb.height + 1);
    const scale = cb.width / A4.width;
    expect(Math.abs(hb.x - (cb.x + NUMBER_AT.x * scale))).toBeLessThan(12 * scale + 4);
    // the middle of the drawn text (half a font size above the baseline) lies inside the box
    const middle = cb.y + (NUMBER_AT.y - NUMBER_AT.size / 2) * scale;
    expect(middle).toBeGreaterThan(hb.y - 1);
    expect(middle).toBeLessThan(hb.y + hb.height + 1);
    // hovering the total moves the outline
    await fields.getByRole('option', { name: 'Total', exact: true }).hover();
    await expect.poll(async () => ((await highlight.boundingBox()) as Box).y).toBeGreaterThan(hb.y + 100 * scale);
    await numberRow.hover();
    await screenshot(page, 'documents-review-light', { fullPage: false });

    // click-to-correct: Enter saves through documents:correct, the origin becomes "user"
    await numberRow.click();
    const editor = numberRow.getByRole('textbox', { name: 'Invoice number value' });
    await editor.waitFor();
    await editor.fill(corrected);
    await afterCall(page, 'documents:correct', () => editor.press('Enter'));
    await expect.poll(() => numberRow.locator('[data-field-value]').textContent()).toBe(corrected);
    await numberRow.getByLabel('Origin: user').waitFor();

    // Esc cancels an edit without a call
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('e');
    const dateEditor = fields.getByRole('textbox', { name: 'Invoice date value' });
    await dateEditor.waitFor();
    await dateEditor.press('Escape');
    await dateEditor.waitFor({ state: 'detached' });

    // while a field is edited, a click on a word of the page takes it
    await fields.getByRole('option', { name: 'Due date', exact: true }).click();
    const dueEditor = fields.getByRole('textbox', { name: 'Due date value' });
    await dueEditor.fill('');
    await afterCall(page, 'documents:page-words', () => canvas.click({ position: { x: (DUE_AT.x + 12) * scale, y: (DUE_AT.y - 4) * scale } }));
    await expect.poll(() => dueEditor.inputValue()).toBe('2026-12-02');
    await dueEditor.press('Escape');
    await dueEditor.waitFor({ state: 'detached' });

    // the line items: Edit lines puts the caret in the first cell; a description corrected from the keyboard,
    // Enter saves the lines through documents:correct (and teaches the vendor's table layout)
    await main.getByRole('button', { name: 'Edit lines' }).click();
    type Doc = { document: { activeElement: { getAttribute(name: string): string | null } | null } };
    const focused = () => page.evaluate(() => (globalThis as unknown as Doc).document.activeElement?.getAttribute('aria-label'));
    await expect.poll(focused).toBe('Line 1 description');
    // Tab through the line's quantity, unit price, amount, tax rate and delete button to the next line
    for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
    const lampCell = main.getByRole('textbox', { name: 'Line 2 description' });
    await expect.poll(focused).toBe('Line 2 description');
    await lampCell.fill('LED desk lamp, warm white');
    await afterCall(page, 'documents:correct', () => lampCell.press('Enter'));
    await main.getByRole('table', { name: 'Line items' }).getByText('LED desk lamp, warm white').waitFor();

    // b creates the draft bill (into the outbox)
    const billCall = await afterCall(page, 'documents:create-bill', () => page.keyboard.press('b'));
    const billResult = (await billCall.json()) as { ok: boolean; value?: { outboxId: number }; error?: unknown };
    expect(billResult.ok, JSON.stringify(billResult.error)).toBe(true);
    const billStatus = main.getByLabel('Bill status');
    await billStatus.getByText('Draft bill queued').waitFor();

    // push the outbox: the bill reaches Odoo
    const tPush = Date.now();
    await billStatus.getByRole('button', { name: 'Push now' }).click();
    await billStatus.getByText('Draft bill created in Odoo').waitFor({ timeout: 30_000 });
    const pushedMs = Date.now() - tPush;
    await queued.getByText('in Odoo').waitFor();

    const moves = await simSearch('account.move', [['move_type', '=', 'in_invoice'], ['ref', '=', corrected]], ['partner_id', 'state', 'invoice_date', 'amount_total', 'ref']);
    expect(moves).toHaveLength(1);
    const move = moves[0]!;
    expect(m2o(move['partner_id'])).toBe(vendor.id);
    expect(move['state']).toBe('draft');
    expect(move['invoice_date']).toBe('2026-11-02');
    expect(move['amount_total']).toBeCloseTo(484, 2);
    const [withLines] = await simSearch('account.move', [['id', '=', Number(move['id'])]], ['invoice_line_ids']);
    const sim = await host.service.sync!.connections.demo();
    const moveLines = (await sim.execute({ uid: 2, style: 'rpc', model: 'account.move.line', method: 'read', args: [withLines!['invoice_line_ids'], ['name', 'quantity', 'price_unit']], kwargs: {} })) as Record<string, unknown>[];
    // the bill's lines are the corrected ones
    expect(moveLines.map((l) => [l['name'], l['quantity'], l['price_unit']])).toEqual([
      ['Ergonomic office chair', 2, 150],
      ['LED desk lamp, warm white', 4, 25],
    ]);
    const attachments = await simSearch('ir.attachment', [['res_model', '=', 'account.move'], ['res_id', '=', Number(move['id'])]], ['name', 'mimetype', 'datas']);
    expect(attachments).toHaveLength(1);
    expect(attachments[0]!['name']).toBe(fileName);
    expect(attachments[0]!['mimetype']).toBe('application/pdf');
    expect(Buffer.from(String(attachments[0]!['datas']), 'base64').equals(pdf)).toBe(true);

    await screenshot(page, 'documents-drafted-light', { fullPage: false });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('html[data-mantine-color-scheme="dark"]').waitFor();
    await numberRow.hover();
    await screenshot(page, 'documents-drafted-dark', { fullPage: false });

    unsubscribe();
    const since = (status: string) => (statusAt[status] === undefined ? '?' : `${statusAt[status]! - tDrop} ms`);
    console.log(
      `[documents e2e] drop → processing ${since('processing')}, → done ${since('done')}, → shown done in the queue ${processedMs} ms; ` +
        `push → bill in Odoo ${pushedMs} ms; whole test ${Date.now() - t0} ms`,
    );
    // extraction on a loaded CI machine (worker threads start with the first document) can take a while
  }, 150_000);

  test('shortcut sheet, Vendors tab, batch selection, and a non-invoice file refused at the drop', async () => {
    await openApp(page, host, 'documents');
    await expectOnPage(page, 'documents');
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    for (const label of ['Next document', 'Previous document', 'Create the draft bill', 'Select the document for a batch', 'Draft bills for the selected clean documents', 'Remove the document']) {
      await sheet.getByRole('cell', { name: label, exact: true }).waitFor();
    }
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'hidden' });

    // the Vendors tab: the vendor of the first test, with its correction counted and auto-draft not yet allowed
    const vendors = await core<{ vendors: { name: string; correctedFields: number; cleanStreak: number }[] }>('documents:vendors', {});
    const seen = vendors.vendors.find((v) => v.correctedFields > 0);
    expect(seen, 'a vendor with a correction').toBeDefined();
    await page.getByRole('tab', { name: 'Vendors' }).click();
    const table = page.getByRole('table', { name: 'Vendors' });
    await table.waitFor();
    const autoDraft = table.getByRole('switch', { name: `Auto-draft bills for ${seen!.name}` });
    await autoDraft.waitFor({ state: 'attached' });
    expect(await autoDraft.isDisabled()).toBe(seen!.cleanStreak < 3);
    await screenshot(page, 'documents-vendors-light', { fullPage: false });
    await page.getByRole('tab', { name: /^Queue/ }).click();

    // x marks the drafted document, shift+b skips it (it needs no second bill)
    await page.getByRole('listbox', { name: 'Document queue' }).waitFor();
    await page.keyboard.press('x');
    await page.getByRole('checkbox', { checked: true }).waitFor();
    await page.keyboard.press('Shift+B');
    await page.getByText('0 draft bills queued').waitFor();

    const before = (await core<{ documents: unknown[] }>('documents:list', {})).documents.length;
    await dropFiles(page, [{ name: 'notes.docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: Buffer.from('PK not really') }]);
    await page.getByText('notes.docx was not added').waitFor();
    expect((await core<{ documents: unknown[] }>('documents:list', {})).documents.length).toBe(before);
  });
});