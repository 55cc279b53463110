import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { calls } from '../../core/contract';
import { createDocumentsPart } from '../../core/host/documents-part';
import { EventBus } from '../../core/host/events';
import type { OdooClient } from '../../core/odoo/types';
import type { DemoSim } from '../../core/odoo-sim/server/sim-command';
import type { SimCall } from '../../core/odoo-sim/types';
import { silentLogger } from '../../core/shared/logger';
import { openStore, type Store } from '../../core/store/db';
import { billMarker } from '../../core/sync/intents/bill-create';
import { pushOutbox } from '../../core/sync/outbox';
import { createOutboxRepo } from '../../core/sync/outbox-repo';
import { runSync } from '../../core/sync/sync-engine';
import { documentsPdf, type InvoiceText } from '../helpers/documents-pdf';
import { startTestSim } from '../helpers/sim';
import { makeTempDir } from '../helpers/temp-dir';

// Invoice documents to draft bills in Odoo, against the simulator over loopback HTTP: vendor and PO matched
// from the cache, the bill created with lines, taxes and PO links and the PDF attached — exactly once under
// injected faults (dropped responses after commit, 5xx) — and a new vendor created first when asked.
let tmp: ReturnType<typeof makeTempDir>;
let sim: DemoSim;
let client: OdooClient;
let store: Store;
let part: ReturnType<typeof createDocumentsPart>;

type Rec = Record<string, unknown> & { id: number };
const exec = (call: Omit<SimCall, 'uid' | 'style' | 'kwargs'> & { kwargs?: Record<string, unknown> }) => sim.engine.execute({ uid: 2, style: 'rpc', kwargs: {}, ...call });
const x = (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => exec({ model, method, args, kwargs });
const m2o = (v: unknown) => (Array.isArray(v) ? (v[0] as number) : (v as number));
const deps = () => ({ db: store.db, client, logger: silentLogger, connection: { id: 'demo', label: 'Demo company', login: 'admin' } });

type H = typeof part.handlers;
async function h<K extends keyof H>(name: K, input: z.input<(typeof calls)[K]['input']>): Promise<Awaited<ReturnType<H[K]>>> {
  const parsed = calls[name].input.parse(input);
  const out = await (part.handlers[name] as (i: unknown, c: { host: 'test' }) => unknown)(parsed, { host: 'test' });
  const check = calls[name].output.safeParse(out);
  expect(check.success, JSON.stringify(check.error?.issues.slice(0, 3))).toBe(true);
  return out as Awaited<ReturnType<H[K]>>;
}
const file = (fileName: string, bytes: Uint8Array) => ({ fileName, contentBase64: Buffer.from(bytes).toString('base64') });

/** Pushes until the outbox is empty (faults make single pushes stop early). */
async function drain(max = 200): Promise<void> {
  for (let i = 0; i < max; i++) {
    const r = await pushOutbox(deps());
    expect(r.failed, JSON.stringify(createOutboxRepo(store.db).list({ state: 'failed', limit: 3 }))).toBe(0);
    expect(r.conflicts).toBe(0);
    const c = createOutboxRepo(store.db).counts();
    if (c.pending + c.applying === 0) return;
  }
  throw new Error('the outbox did not drain');
}

const money = (v: number) => v.toFixed(2);

/** A vendor invoice as the vendor would print it. */
function invoice(o: { vendor: string; vat?: string; iban?: string; number: string; date: string; po?: string; lines: Array<{ d: string; q: number; p: number }>; rate: number; credit?: boolean }): Uint8Array {
  const net = o.lines.reduce((s, l) => s + Math.round(l.q * l.p * 100) / 100, 0);
  const tax = Math.round(net * o.rate) / 100;
  const texts: InvoiceText[] = [
    { x: 50, y: 60, text: o.vendor, size: 16, bold: true },
    { x: 50, y: 80, text: '12 Market Street, Springfield' },
    ...(o.vat ? [{ x: 50, y: 95, text: `VAT: ${o.vat}` }] : []),
    ...(o.iban ? [{ x: 50, y: 110, text: `IBAN: ${o.iban}` }] : []),
    { x: 350, y: 140, text: o.credit ? 'CREDIT NOTE' : 'INVOICE', size: 18, bold: true },
    { x: 350, y: 165, text: `Invoice No: ${o.number}` },
    { x: 350, y: 180, text: `Invoice date: ${o.date}` },
    ...(o.po ? [{ x: 350, y: 195, text: `PO number: ${o.po}` }] : []),
    { x: 50, y: 250, text: 'Description' },
    { x: 300, y: 250, text: 'Qty' },
    { x: 380, y: 250, text: 'Unit price' },
    { x: 480, y: 250, text: 'Amount' },
    ...o.lines.flatMap((l, i) => [
      { x: 50, y: 270 + i * 15, text: l.d },
      { x: 300, y: 270 + i * 15, text: String(l.q) },
      { x: 380, y: 270 + i * 15, text: money(l.p) },
      { x: 480, y: 270 + i * 15, text: money(l.q * l.p) },
    ]),
    { x: 380, y: 420, text: 'Subtotal' },
    { x: 480, y: 420, text: money(net) },
    { x: 380, y: 435, text: `VAT ${o.rate}%` },
    { x: 480, y: 435, text: money(tax) },
    { x: 380, y: 450, text: 'Total EUR' },
    { x: 480, y: 450, text: money(net + tax) },
  ];
  return documentsPdf([texts]);
}

let vendor: Rec;
let order: Rec;
let orderLines: Rec[];
let taxRate: number;

beforeAll(async () => {
  tmp = makeTempDir();
  const t = await startTestSim({ dir: tmp.dir, size: 'S', seed: 21 });
  sim = t.sim;
  client = t.client({ maxAttempts: 8 });
  store = openStore(path.join(tmp.dir, 'smart-odoo.sqlite'));
  // a vendor with a VAT id, and an open purchase order of it, received in full and not billed yet
  const eur = (x('res.currency', 'search_read', [[['name', '=', 'EUR']], ['id']]) as Rec[])[0]!.id;
  const taxes = x('account.tax', 'search_read', [[['type_tax_use', '=', 'purchase'], ['amount_type', '=', 'percent'], ['amount', '>', 0]], ['amount']]) as Rec[];
  vendor = (x('res.partner', 'search_read', [[['supplier_rank', '>', 0], ['vat', '!=', false], ['is_company', '=', true]], ['name', 'vat']], { limit: 1, order: 'id' }) as Rec[])[0]!;
  const products = x('product.product', 'search_read', [[], ['name', 'standard_price']], { limit: 2, order: 'id' }) as Rec[];
  const orderId = x('purchase.order', 'create', [
    {
      partner_id: vendor.id,
      currency_id: eur,
      order_line: products.map((p, i) => [0, 0, { product_id: p.id, name: String(p.name), product_qty: 5 + i * 3, price_unit: 40 + i * 12.5, taxes_id: [[6, 0, [taxes[0]!.id]]] }]),
    },
  ]) as number;
  x('purchase.order', 'button_confirm', [[orderId]]);
  order = (x('purchase.order', 'read', [[orderId], ['name', 'partner_id']]) as Rec[])[0]!;
  orderLines = x('purchase.order.line', 'search_read', [[['order_id', '=', orderId]], ['name', 'product_qty', 'qty_received', 'qty_invoiced', 'price_unit']], { order: 'id' }) as Rec[];
  for (const l of orderLines) x('purchase.order.line', 'write', [[l.id], { qty_received: l.product_qty }]);
  await runSync({ db: store.db, client, logger: silentLogger, serverKey: 'test' }, {});
  taxRate = taxes[0]!.amount as number;
  part = createDocumentsPart({ db: store.db, dataDir: tmp.dir, bus: new EventBus(silentLogger), logger: silentLogger, connectionId: () => 'demo', outboxChanged: () => {}, workers: 2 });
}, 240_000);

beforeEach(() => sim.faults.clear());

afterAll(async () => {
  await part?.close();
  store?.close();
  await sim?.close();
  tmp?.cleanup();
});

describe('documents → draft bills in Odoo', () => {
  it('matches vendor and PO from the cache, and the draft bill lands once, with lines, taxes, PO links and the PDF, under faults', async () => {
    const lines = orderLines.map((l) => ({ d: String(l.name).replace(/^\[[^\]]*\]\s*/, ''), q: l.product_qty as number, p: l.price_unit as number }));
    const pdf = invoice({ vendor: String(vendor.name), vat: String(vendor.vat), number: 'SUP-55031', date: '2026-03-14', po: String(order.name), lines, rate: taxRate });
    const added = await h('documents:add', { files: [file('sup-55031.pdf', pdf)] });
    await part.queue.idle();
    const d = await h('documents:get', { id: added.documents[0]!.id });
    expect(d.summary.status).toBe('done');
    expect(d.vendor).toMatchObject({ partnerId: vendor.id, matchedBy: 'vat' });
    expect(d.extraction!.lines).toHaveLength(orderLines.length);
    expect(d.po).toMatchObject({ poId: order.id, poName: order.name, status: 'ok' });
    expect(d.po!.lines.map((l) => l.poLineId).sort()).toEqual(orderLines.map((l) => l.id).sort());
    expect(d.duplicates).toEqual([]);

    const { outboxId } = await h('documents:create-bill', { id: d.summary.id });
    sim.faults.set({ seed: 5, dropAfterCommit: { rate: 0.35, scope: { writesOnly: true } }, http5xx: { rate: 0.25, when: 'after', scope: { writesOnly: true } } });
    await drain();
    const injected = sim.faults.counts();
    expect(injected.dropAfterCommit + injected.http5xx).toBeGreaterThan(0);
    sim.faults.clear();

    const row = createOutboxRepo(store.db).get(outboxId)!;
    expect(row.state).toBe('applied');
    const key = row.idempotencyKey;
    const moves = x('account.move', 'search_read', [[['narration', 'ilike', billMarker(key)]], ['move_type', 'partner_id', 'ref', 'invoice_date', 'state', 'amount_untaxed', 'amount_total', 'invoice_line_ids']]) as Rec[];
    expect(moves).toHaveLength(1);
    const move = moves[0]!;
    expect(move).toMatchObject({ move_type: 'in_invoice', ref: 'SUP-55031', invoice_date: '2026-03-14', state: 'draft' });
    expect(m2o(move.partner_id)).toBe(vendor.id);
    const net = lines.reduce((s, l) => s + Math.round(l.q * l.p * 100) / 100, 0);
    expect(move.amount_untaxed as number).toBeCloseTo(net, 2);
    expect(move.amount_total as number).toBeCloseTo(net + Math.round(net * taxRate) / 100, 1);
    const billLines = x('account.move.line', 'read', [move.invoice_line_ids, ['name', 'quantity', 'price_unit', 'tax_ids', 'purchase_line_id', 'account_id']]) as Rec[];
    expect(billLines).toHaveLength(orderLines.length);
    expect(billLines.map((l) => m2o(l.purchase_line_id)).sort()).toEqual(orderLines.map((l) => l.id).sort());
    for (const l of billLines) {
      expect((l.tax_ids as number[]).length).toBe(1);
      expect(l.account_id).toBeTruthy();
    }
    const attachments = x('ir.attachment', 'search_read', [[['res_model', '=', 'account.move'], ['res_id', '=', move.id]], ['name', 'mimetype', 'datas']]) as Rec[];
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ name: 'sup-55031.pdf', mimetype: 'application/pdf' });
    expect(Buffer.from(String(attachments[0]!.datas), 'base64').equals(Buffer.from(pdf))).toBe(true);
    expect(row.result).toMatchObject({ moveId: move.id, partnerId: vendor.id });

    // the bill is in the cache now: the same invoice again is a duplicate of it
    const s = (await h('documents:get', { id: d.summary.id })).summary;
    expect(s).toMatchObject({ status: 'drafted', billState: 'applied', billMoveId: move.id });
    const again = await h('documents:add', { files: [file('sup-55031-copy.pdf', invoice({ vendor: String(vendor.name), vat: String(vendor.vat), number: 'sup-055031', date: '2026-03-15', lines: [{ d: 'x', q: 1, p: 5 }], rate: taxRate }))] });
    await part.queue.idle();
    const dup = await h('documents:get', { id: again.documents[0]!.id });
    expect(dup.duplicates).toContainEqual(expect.objectContaining({ kind: 'number', moveId: move.id }));
    await expect(h('documents:create-bill', { id: dup.summary.id })).rejects.toMatchObject({ code: 'documents/duplicate-bill' });
  }, 300_000);

  it('creates an unknown vendor first (with its bank account), then its credit note as a refund, each once', async () => {
    const iban = 'DE89370400440532013000';
    const pdf = invoice({ vendor: 'Quokka Fasteners GmbH', vat: 'DE136695976', iban, number: 'CN-204', date: '2026-03-20', lines: [{ d: 'Returned screws', q: 10, p: 4.5 }], rate: taxRate, credit: true });
    const added = await h('documents:add', { files: [file('quokka-cn.pdf', pdf)] });
    await part.queue.idle();
    const d = await h('documents:get', { id: added.documents[0]!.id });
    expect(d.vendor.partnerId).toBeUndefined();
    expect(d.extraction!.fields.documentType?.value).toBe('credit-note');
    await expect(h('documents:create-bill', { id: d.summary.id })).rejects.toMatchObject({ code: 'documents/missing-fields', message: expect.stringMatching(/vendor/) });
    const r = await h('documents:create-bill', { id: d.summary.id, createVendor: { name: 'Quokka Fasteners GmbH', vat: 'DE136695976', iban } });
    expect(r.vendorOutboxId).toBeLessThan(r.outboxId);
    sim.faults.set({ seed: 9, dropAfterCommit: { rate: 0.4, scope: { writesOnly: true } } });
    await drain();
    expect(sim.faults.counts().dropAfterCommit).toBeGreaterThan(0);
    sim.faults.clear();
    const partners = x('res.partner', 'search_read', [[['name', '=', 'Quokka Fasteners GmbH']], ['vat', 'supplier_rank', 'bank_ids']]) as Rec[];
    expect(partners).toHaveLength(1);
    expect(partners[0]).toMatchObject({ vat: 'DE136695976' });
    const bank = x('res.partner.bank', 'read', [partners[0]!.bank_ids, ['acc_number']]) as Rec[];
    expect(bank.map((b) => String(b.acc_number).replace(/\s/g, ''))).toEqual([iban]);
    const key = createOutboxRepo(store.db).get(r.outboxId)!.idempotencyKey;
    const moves = x('account.move', 'search_read', [[['narration', 'ilike', billMarker(key)]], ['move_type', 'partner_id', 'ref']]) as Rec[];
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({ move_type: 'in_refund', ref: 'CN-204' });
    expect(m2o(moves[0]!.partner_id)).toBe(partners[0]!.id);
    expect((await h('documents:get', { id: d.summary.id })).summary).toMatchObject({ status: 'drafted', billState: 'applied', partnerId: partners[0]!.id });
  }, 300_000);

  it('a push that died after the bill was created only attaches the file the next time', async () => {
    const pdf = invoice({ vendor: String(vendor.name), vat: String(vendor.vat), number: 'SUP-70001', date: '2026-03-29', lines: [{ d: 'Cables', q: 2, p: 9.5 }], rate: taxRate });
    const added = await h('documents:add', { files: [file('sup-70001.pdf', pdf)] });
    await part.queue.idle();
    const { outboxId } = await h('documents:create-bill', { id: added.documents[0]!.id });
    // the connection dies right after Odoo committed the bill (before the attachment)
    sim.faults.set({ dropAfterCommit: { rate: 1, times: 1, scope: { models: ['account.move'], methods: ['create'] } } });
    const first = await pushOutbox(deps());
    expect(first.stoppedBy).not.toBeNull();
    const key = createOutboxRepo(store.db).get(outboxId)!.idempotencyKey;
    const [moveId] = x('account.move', 'search', [[['narration', 'ilike', billMarker(key)]]]) as number[];
    expect(moveId).toBeDefined();
    expect(x('ir.attachment', 'search_count', [[['res_model', '=', 'account.move'], ['res_id', '=', moveId]]])).toBe(0);
    sim.faults.clear();
    await drain();
    expect(x('account.move', 'search_count', [[['narration', 'ilike', billMarker(key)]]])).toBe(1);
    expect(x('ir.attachment', 'search_count', [[['res_model', '=', 'account.move'], ['res_id', '=', moveId]]])).toBe(1);
    expect(createOutboxRepo(store.db).get(outboxId)).toMatchObject({ state: 'applied', result: { moveId } });
  }, 300_000);

  it('a drafted document waits in the outbox while Odoo is unreachable, and goes out once it is back', async () => {
    const pdf = invoice({ vendor: String(vendor.name), vat: String(vendor.vat), number: 'SUP-60001', date: '2026-03-28', lines: [{ d: 'Consulting', q: 3, p: 120 }], rate: taxRate });
    const added = await h('documents:add', { files: [file('sup-60001.pdf', pdf)] });
    await part.queue.idle();
    const { outboxId } = await h('documents:create-bill', { id: added.documents[0]!.id });
    sim.faults.set({ seed: 3, http5xx: { rate: 1, when: 'before' } });
    const r = await pushOutbox(deps());
    expect(r.stoppedBy).not.toBeNull();
    expect(createOutboxRepo(store.db).get(outboxId)!.state).toBe('pending');
    sim.faults.clear();
    await drain();
    const key = createOutboxRepo(store.db).get(outboxId)!.idempotencyKey;
    expect(x('account.move', 'search_count', [[['narration', 'ilike', billMarker(key)]]])).toBe(1);
  }, 300_000);
});
