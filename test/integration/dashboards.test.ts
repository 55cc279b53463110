import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { calls, type Widget } from '../../core/contract';
import { runCli } from '../../core/cli/main';
import { BUCKETS, lastTwelveMonths } from '../../core/engine/dashboards/cfo';
import { createDashboardsPart } from '../../core/host/dashboards-part';
import { createOdooClient } from '../../core/odoo';
import type { DemoSim } from '../../core/odoo-sim/server/sim-command';
import type { SimCall } from '../../core/odoo-sim/types';
import { silentLogger } from '../../core/shared/logger';
import { openStore, type Store } from '../../core/store/db';
import { enqueueIntent } from '../../core/sync/outbox';
import { runSync } from '../../core/sync/sync-engine';
import { startTestSim } from '../helpers/sim';
import { makeTempDir } from '../helpers/temp-dir';

// Role dashboards on the demo company: every key figure recomputed independently from the simulator (what
// Odoo itself says), compared with what the dashboard service computes from the synced cache.
const AS_OF = '2026-11-15';
let tmp: ReturnType<typeof makeTempDir>;
let sim: DemoSim;
let store: Store;
let part: ReturnType<typeof createDashboardsPart>;
const URL = 'https://odoo.example.com';

type Rec = Record<string, unknown> & { id: number };
const x = (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) =>
  sim.engine.execute({ uid: 2, style: 'rpc', model, method, args, kwargs } as SimCall);
const sr = (model: string, domain: unknown[], fields: string[]) => x(model, 'search_read', [domain, fields], { context: { active_test: false } }) as Rec[];
const m2o = (v: unknown) => (Array.isArray(v) ? (v[0] as number) : typeof v === 'number' ? v : null);
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from.slice(0, 10))) / 86_400_000);
const addDays = (d: string, n: number) => new Date(Date.parse(d) + n * 86_400_000).toISOString().slice(0, 10);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function h<K extends keyof typeof part.handlers>(name: K, input: z.input<(typeof calls)[K]['input']>, p = part): Promise<Awaited<ReturnType<(typeof part.handlers)[K]>>> {
  const parsed = calls[name].input.parse(input);
  const out = await (p.handlers[name] as (i: unknown, c: { host: 'test' }) => unknown)(parsed, { host: 'test' });
  const check = calls[name].output.safeParse(out);
  expect(check.success, JSON.stringify(check.error?.issues.slice(0, 3))).toBe(true);
  return out as Awaited<ReturnType<(typeof part.handlers)[K]>>;
}
const widget = (d: { widgets: Widget[] }, id: string): Widget => {
  const w = d.widgets.find((x) => x.id === id);
  if (!w) throw new Error(`no widget ${id}`);
  return w;
};
const kpiValue = (w: Widget, key: string) => w.kpis?.find((k) => k.key === key)?.value;
const accountsOf = (types: string[]) => (sr('account.account', [['account_type', 'in', types]], ['id']) as Rec[]).map((a) => a.id);

/** The USD→EUR conversion as Odoo does it: the latest rate on or before the date. */
function usdRate(day: string): number {
  const usd = sr('res.currency', [['name', '=', 'USD']], ['id'])[0]!.id;
  const rates = sr('res.currency.rate', [['currency_id', '=', usd], ['name', '<=', day]], ['name', 'rate']).sort((a, b) => String(b.name).localeCompare(String(a.name)));
  return rates[0]!.rate as number;
}

beforeAll(async () => {
  tmp = makeTempDir();
  ({ sim } = await startTestSim({ dir: tmp.dir, size: 'S', seed: 7 }));
  const client = createOdooClient({ url: sim.url, db: sim.db, login: sim.login, secret: sim.apiKey, logger: silentLogger, timeoutMs: 20_000 });
  await client.connect();
  store = openStore(path.join(tmp.dir, 'cache.sqlite'));
  const r = await runSync({ db: store.db, client, logger: silentLogger, serverKey: 'test' }, {});
  expect(r.status).toBe('ok');
  client.close();
  part = createDashboardsPart({ db: store.db, connection: () => ({ id: 'odoo-1', kind: 'odoo', url: URL }) });
}, 300_000);

afterAll(async () => {
  store?.close();
  await sim?.close();
  tmp?.cleanup();
});

describe('CFO dashboard on the demo company', () => {
  it('AR and AP aging buckets equal the open items Odoo reports, and sum to the open residuals', async () => {
    const d = await h('dashboards:get', { role: 'cfo', asOf: AS_OF });
    expect(d).toMatchObject({ role: 'cfo', asOf: AS_OF, currency: 'EUR', demo: false, connectionUrl: URL });
    expect(d.lastSyncedAt).not.toBeNull();
    for (const [id, types, sign] of [['ar-aging', ['asset_receivable'], 1], ['ap-aging', ['liability_payable'], -1]] as const) {
      const items = sr('account.move.line', [['account_id', 'in', accountsOf([...types])], ['reconciled', '=', false], ['parent_state', '=', 'posted'], ['date', '<=', AS_OF]], ['amount_residual', 'date_maturity', 'date']).filter(
        (i) => i.amount_residual !== 0,
      );
      expect(items.length).toBeGreaterThan(5);
      const expected = new Map<string, number>(BUCKETS.map((b) => [b.key, 0]));
      for (const i of items) {
        const overdue = days(String(i.date_maturity || i.date), AS_OF);
        const b = BUCKETS.find((k) => k.test(overdue))!;
        expected.set(b.key, expected.get(b.key)! + sign * (i.amount_residual as number));
      }
      const w = widget(d, id);
      expect(w.status).toBe('ok');
      const data = w.chart!.data;
      expect(data.map((r) => r.key)).toEqual(BUCKETS.map((b) => b.key));
      for (const r of data) expect(r.amount as number).toBeCloseTo(expected.get(String(r.key))!, 2);
      const total = sign * sum(items.map((i) => i.amount_residual as number));
      expect(sum(data.map((r) => r.amount as number))).toBeCloseTo(total, 1);
      expect(kpiValue(w, 'total')).toBeCloseTo(total, 2);
      // several buckets are populated: the demo has overdue items
      expect(data.filter((r) => (r.amount as number) !== 0).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('cash per bank journal equals the balance of its account in Odoo (the USD journal converted at the as-of rate)', async () => {
    const d = await h('dashboards:get', { role: 'cfo', asOf: AS_OF });
    const w = widget(d, 'cash');
    const journals = sr('account.journal', [['type', 'in', ['bank', 'cash']]], ['name', 'default_account_id', 'currency_id']);
    expect(journals.length).toBe(2);
    let totalValue = 0;
    for (const j of journals) {
      const lines = sr('account.move.line', [['account_id', '=', m2o(j.default_account_id)], ['parent_state', '=', 'posted'], ['date', '<=', AS_OF]], ['balance', 'amount_currency']);
      const foreign = m2o(j.currency_id) !== null && (j.currency_id as [number, string])[1] !== 'EUR';
      const native = sum(lines.map((l) => (foreign ? (l.amount_currency as number) : (l.balance as number))));
      const value = foreign ? native / usdRate(AS_OF) : native;
      totalValue += value;
      const row = w.table!.rows.find((r) => r.key === String(j.id))!;
      expect(row, String(j.name)).toBeDefined();
      expect(row.balance as number).toBeCloseTo(native, 1);
      expect(row.value as number).toBeCloseTo(value, 1);
      expect(row.currency).toBe(foreign ? 'USD' : 'EUR');
    }
    expect(kpiValue(w, 'total')).toBeCloseTo(totalValue, 1);
  });

  it('DSO/DPO follow their stated formula, top overdue and unreconciled lines match Odoo', async () => {
    const d = await h('dashboards:get', { role: 'cfo', asOf: AS_OF });
    const rec = accountsOf(['asset_receivable']);
    const sale = (sr('account.journal', [['type', '=', 'sale']], ['id']) as Rec[]).map((j) => j.id);
    const open = sr('account.move.line', [['account_id', 'in', rec], ['reconciled', '=', false], ['parent_state', '=', 'posted'], ['date', '<=', AS_OF]], ['amount_residual', 'date_maturity', 'date', 'partner_id']);
    const sales = sum(sr('account.move.line', [['account_id', 'in', rec], ['journal_id', 'in', sale], ['parent_state', '=', 'posted'], ['date', '>', addDays(AS_OF, -365)], ['date', '<=', AS_OF]], ['balance']).map((l) => l.balance as number));
    const dso = (sum(open.map((i) => i.amount_residual as number)) / sales) * 365;
    const w = widget(d, 'dso-dpo');
    expect(kpiValue(w, 'dso')).toBeCloseTo(dso, 0);
    expect(w.help).toMatch(/DSO = open receivables ÷ invoiced sales/);

    const overdue = new Map<number, number>();
    for (const i of open) if (days(String(i.date_maturity || i.date), AS_OF) > 0) overdue.set(m2o(i.partner_id)!, (overdue.get(m2o(i.partner_id)!) ?? 0) + (i.amount_residual as number));
    const top = [...overdue.entries()].filter(([, v]) => v > 0.005).sort((a, b) => b[1] - a[1]).slice(0, 10);
    const t = widget(d, 'top-overdue').table!;
    expect(t.rows.map((r) => Number(r.key))).toEqual(top.map(([p]) => p));
    t.rows.forEach((r, k) => expect(r.amount as number).toBeCloseTo(top[k]![1], 2));

    const lines = sr('account.bank.statement.line', [['is_reconciled', '=', false], ['date', '<=', AS_OF]], ['date']);
    const u = widget(d, 'unreconciled-bank');
    expect(kpiValue(u, 'all')).toBe(lines.length);
    const oldest = lines.map((l) => String(l.date)).sort()[0]!;
    expect(kpiValue(u, 'oldest')).toBe(days(oldest, AS_OF));
  });

  it('income vs expense per month over 12 months equals the income and expense accounts in Odoo', async () => {
    const d = await h('dashboards:get', { role: 'cfo', asOf: AS_OF });
    const w = widget(d, 'income-expense');
    const months = lastTwelveMonths(AS_OF);
    expect(w.chart!.data.map((r) => r.month)).toEqual(months);
    const inc = new Set(accountsOf(['income', 'income_other']));
    const lines = sr('account.move.line', [['account_id', 'in', [...inc, ...accountsOf(['expense', 'expense_depreciation', 'expense_direct_cost'])]], ['parent_state', '=', 'posted'], ['date', '>=', `${months[0]}-01`], ['date', '<=', AS_OF]], ['account_id', 'balance', 'date']);
    for (const m of [months[0]!, months[6]!, months[11]!]) {
      const inMonth = lines.filter((l) => String(l.date).startsWith(m));
      const row = w.chart!.data.find((r) => r.month === m)!;
      expect(row.income as number).toBeCloseTo(-sum(inMonth.filter((l) => inc.has(m2o(l.account_id)!)).map((l) => l.balance as number)), 1);
      expect(row.expense as number).toBeCloseTo(sum(inMonth.filter((l) => !inc.has(m2o(l.account_id)!)).map((l) => l.balance as number)), 1);
    }
  });

  it('drill-down returns the records behind a figure, with Odoo links; unknown figures are refused plainly', async () => {
    const d = await h('dashboards:get', { role: 'cfo', asOf: AS_OF });
    const bucket = widget(d, 'ar-aging').chart!.data.find((r) => r.key === 'd1-30')!;
    const drill = await h('dashboards:drill', { role: 'cfo', widgetId: 'ar-aging', key: 'd1-30', asOf: AS_OF, limit: 5000 });
    expect(drill.total).toBe(bucket.count);
    expect(sum(drill.rows.map((r) => r.residual as number))).toBeCloseTo(bucket.amount as number, 2);
    expect(drill.rows.every((r) => (r.daysOverdue as number) >= 1 && (r.daysOverdue as number) <= 30)).toBe(true);
    expect(drill.rows[0]!.odooUrl).toMatch(new RegExp(`^${URL}/web#id=\\d+&model=account\\.move&view_type=form$`));
    // the link points at the entry of that journal item
    const [line] = sr('account.move.line', [['id', '=', drill.rows[0]!.id]], ['move_id']);
    expect(drill.rows[0]!.odooUrl).toContain(`id=${m2o(line!.move_id)}&`);
    expect(() => part.handlers['dashboards:drill']({ role: 'cfo', widgetId: 'ar-aging', key: 'nope', limit: 10 }, { host: 'test' })).toThrow(/has no figure “nope”/);
    expect(() => part.handlers['dashboards:drill']({ role: 'cfo', widgetId: 'pipeline', key: 'all', limit: 10 }, { host: 'test' })).toThrow(/cfo dashboard has no widget “pipeline”/);
  });

  it('the outbox widget counts pending and conflicting changes', async () => {
    const before = widget(await h('dashboards:get', { role: 'cfo', asOf: AS_OF }), 'outbox');
    const partner = sr('res.partner', [['customer_rank', '>', 0]], ['id'])[0]!.id;
    enqueueIntent(store.db, { kind: 'note:post', payload: { model: 'res.partner', id: partner, body: 'Dashboard test' }, summary: 'Note for the dashboard test', connectionId: 'odoo-1' });
    const row = enqueueIntent(store.db, { kind: 'note:post', payload: { model: 'res.partner', id: partner, body: 'Second' }, summary: 'Conflicting note', connectionId: 'odoo-1' });
    store.db.prepare("UPDATE outbox SET state = 'conflict' WHERE id = ?").run(row.id);
    const after = widget(await h('dashboards:get', { role: 'cfo', asOf: AS_OF }), 'outbox');
    expect(kpiValue(after, 'pending')).toBe((kpiValue(before, 'pending') ?? 0) + 1);
    expect(kpiValue(after, 'conflict')).toBe((kpiValue(before, 'conflict') ?? 0) + 1);
    expect(after.table!.rows[0]).toMatchObject({ state: 'conflict', summary: 'Conflicting note' });
    const drill = await h('dashboards:drill', { role: 'cfo', widgetId: 'outbox', key: 'conflict', limit: 10 });
    expect(drill.rows.map((r) => r.id)).toContain(row.id);
    store.db.prepare("UPDATE outbox SET state = 'discarded' WHERE state IN ('pending','conflict')").run();
  });
});

describe('Sales dashboard on the demo company', () => {
  it('pipeline by stage, weighted pipeline and won/lost in 90 days equal the CRM in Odoo', async () => {
    const d = await h('dashboards:get', { role: 'sales', asOf: AS_OF });
    const stages = sr('crm.stage', [], ['name', 'is_won', 'sequence']);
    const won = new Set(stages.filter((s) => s.is_won).map((s) => s.id));
    const leads = sr('crm.lead', [], ['type', 'stage_id', 'expected_revenue', 'probability', 'active', 'date_closed']);
    const open = leads.filter((l) => l.active && l.type !== 'lead' && !won.has(m2o(l.stage_id)!));
    expect(open.length).toBeGreaterThan(0);
    const p = widget(d, 'pipeline');
    expect(p.chart!.type).toBe('funnel');
    for (const s of stages.filter((x) => !x.is_won)) {
      const row = p.chart!.data.find((r) => r.key === String(s.id))!;
      const here = open.filter((l) => m2o(l.stage_id) === s.id);
      expect(row.count).toBe(here.length);
      expect(row.revenue as number).toBeCloseTo(sum(here.map((l) => l.expected_revenue as number)), 2);
    }
    const w = widget(d, 'weighted-pipeline');
    expect(kpiValue(w, 'weighted')).toBeCloseTo(sum(open.map((l) => ((l.expected_revenue as number) * (l.probability as number)) / 100)), 2);
    expect(kpiValue(w, 'total')).toBeCloseTo(sum(open.map((l) => l.expected_revenue as number)), 2);

    const from = addDays(AS_OF, -90);
    const closed = leads.filter((l) => l.type !== 'lead' && typeof l.date_closed === 'string' && l.date_closed.slice(0, 10) > from && l.date_closed.slice(0, 10) <= AS_OF);
    const wl = widget(d, 'won-lost');
    expect(kpiValue(wl, 'won')).toBe(closed.filter((l) => l.active && won.has(m2o(l.stage_id)!)).length);
    expect(kpiValue(wl, 'lost')).toBe(closed.filter((l) => !l.active && l.probability === 0).length);
    expect((kpiValue(wl, 'won') ?? 0) + (kpiValue(wl, 'lost') ?? 0)).toBeGreaterThan(0);
  });

  it('customers over their credit limit, quotations and top customers match Odoo (USD converted at order-date rates)', async () => {
    const d = await h('dashboards:get', { role: 'sales', asOf: AS_OF });
    const open = sr('account.move.line', [['account_id', 'in', accountsOf(['asset_receivable'])], ['reconciled', '=', false], ['parent_state', '=', 'posted'], ['date', '<=', AS_OF]], ['partner_id', 'amount_residual']);
    const byPartner = new Map<number, number>();
    for (const i of open) byPartner.set(m2o(i.partner_id)!, (byPartner.get(m2o(i.partner_id)!) ?? 0) + (i.amount_residual as number));
    const over = sr('res.partner', [['credit_limit', '>', 0]], ['credit_limit']).filter((p) => (byPartner.get(p.id) ?? 0) > (p.credit_limit as number));
    expect(over.length).toBeGreaterThan(0);
    const c = widget(d, 'credit-limit');
    expect(kpiValue(c, 'count')).toBe(over.length);
    expect(new Set(c.table!.rows.map((r) => Number(r.key)))).toEqual(new Set(over.map((p) => p.id)));

    const quotes = sr('sale.order', [['state', 'in', ['draft', 'sent']]], ['amount_untaxed', 'currency_id', 'date_order']).filter((o) => String(o.date_order).slice(0, 10) <= AS_OF);
    const q = widget(d, 'quotations');
    expect(kpiValue(q, 'all')).toBe(quotes.length);
    const value = sum(quotes.map((o) => ((o.currency_id as [number, string])[1] === 'USD' ? (o.amount_untaxed as number) / usdRate(String(o.date_order).slice(0, 10)) : (o.amount_untaxed as number))));
    expect(kpiValue(q, 'value')).toBeCloseTo(value, 1);

    const orders = sr('sale.order', [['state', 'in', ['sale', 'done']]], ['partner_id', 'amount_untaxed', 'currency_id', 'date_order']).filter((o) => {
      const day = String(o.date_order).slice(0, 10);
      return day > addDays(AS_OF, -365) && day <= AS_OF;
    });
    const per = new Map<number, number>();
    let usdOrders = 0;
    for (const o of orders) {
      const usd = (o.currency_id as [number, string])[1] === 'USD';
      if (usd) usdOrders++;
      per.set(m2o(o.partner_id)!, (per.get(m2o(o.partner_id)!) ?? 0) + (usd ? (o.amount_untaxed as number) / usdRate(String(o.date_order).slice(0, 10)) : (o.amount_untaxed as number)));
    }
    expect(usdOrders).toBeGreaterThan(0);
    const topExpected = [...per.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
    const t = widget(d, 'top-customers').table!;
    expect(t.rows.map((r) => Number(r.key))).toEqual(topExpected.map(([id]) => id));
    t.rows.forEach((r, k) => expect(r.amount as number).toBeCloseTo(topExpected[k]![1], 1));
  });
});

describe('Warehouse dashboard on the demo company', () => {
  it('the reorder list equals the reordering rules under their minimum, with Odoo’s quantity to order', async () => {
    const d = await h('dashboards:get', { role: 'warehouse', asOf: AS_OF });
    // the simulator computes qty_forecast and qty_to_order as Odoo does
    const ops = sr('stock.warehouse.orderpoint', [['active', '=', true]], ['product_id', 'product_min_qty', 'qty_forecast', 'qty_to_order']);
    const under = ops.filter((o) => (o.qty_forecast as number) < (o.product_min_qty as number));
    expect(under.length).toBeGreaterThan(0);
    const r = widget(d, 'reorder');
    expect(kpiValue(r, 'count')).toBe(under.length);
    const rows = r.table!.rows;
    expect(new Set(rows.map((x) => Number(x.key)))).toEqual(new Set(under.map((o) => m2o(o.product_id))));
    for (const o of under) expect(rows.find((x) => Number(x.key) === m2o(o.product_id))!.suggested).toBe(o.qty_to_order);
    const op = widget(d, 'orderpoints');
    expect(kpiValue(op, 'all')).toBe(ops.length);
    expect(kpiValue(op, 'below')).toBe(under.length);
    expect(op.table!.highlightField).toBe('below');
    expect(op.table!.rows.slice(0, under.length).every((x) => x.below === true)).toBe(true);
  });

  it('stock value is Σ quantity × cost, and late receipts come from purchase lines past their planned date', async () => {
    const d = await h('dashboards:get', { role: 'warehouse', asOf: AS_OF });
    const quants = sr('stock.quant', [], ['product_id', 'quantity']);
    const cost = new Map(sr('product.product', [], ['standard_price']).map((p) => [p.id, p.standard_price as number]));
    expect(kpiValue(widget(d, 'stock-value'), 'total')).toBeCloseTo(sum(quants.map((q) => (q.quantity as number) * (cost.get(m2o(q.product_id)!) ?? 0))), 1);

    const pos = new Map(sr('purchase.order', [['state', '=', 'purchase'], ['invoice_status', '!=', 'invoiced']], ['name']).map((o) => [o.id, o]));
    const late = sr('purchase.order.line', [], ['order_id', 'product_qty', 'qty_received', 'date_planned']).filter(
      (l) => pos.has(m2o(l.order_id)!) && (l.qty_received as number) < (l.product_qty as number) && String(l.date_planned).slice(0, 10) < AS_OF,
    );
    const w = widget(d, 'late-moves');
    expect(kpiValue(w, 'all')).toBe(late.length);
    expect(w.message).toMatch(/Late deliveries cannot be told/);
  });
});

describe('what the dashboards say when data is missing', () => {
  it('a user without access to bank statement lines gets that widget as no-access; the rest renders', async () => {
    const client = createOdooClient({ url: sim.url, db: sim.db, login: 'sales', secret: 'sales', logger: silentLogger, timeoutMs: 20_000 });
    await client.connect();
    const s2 = openStore(path.join(tmp.dir, 'sales-user.sqlite'));
    try {
      const r = await runSync({ db: s2.db, client, logger: silentLogger, serverKey: 'sales' }, { models: ['res.company', 'res.currency', 'res.currency.rate', 'account.account', 'account.journal', 'account.move.line', 'account.bank.statement.line'] });
      expect(r.models.find((m) => m.model === 'account.bank.statement.line')).toMatchObject({ status: 'failed', message: expect.stringMatching(/not allowed to (access|use)/) });
      const p2 = createDashboardsPart({ db: s2.db, connection: () => null });
      const d = await h('dashboards:get', { role: 'cfo', asOf: AS_OF }, p2);
      expect(d.demo).toBe(true);
      const u = widget(d, 'unreconciled-bank');
      expect(u.status).toBe('no-access');
      expect(u.message).toMatch(/no access to Bank statement lines/);
      expect(widget(d, 'ar-aging').status).toBe('ok');
      expect(widget(d, 'cash').status).toBe('ok');
      // drill-downs on a refused model say so too
      expect(() => p2.handlers['dashboards:drill']({ role: 'cfo', widgetId: 'unreconciled-bank', key: 'all', limit: 10 }, { host: 'test' })).toThrow(/no access/);
    } finally {
      client.close();
      s2.close();
    }
  }, 120_000);

  it('a currency without rates makes the widgets that convert it say so, naming the currency; nothing cached → every widget empty', async () => {
    const copy = path.join(tmp.dir, 'no-rates.sqlite');
    store.db.exec(`VACUUM INTO '${copy.replace(/'/g, "''")}'`);
    const s3 = openStore(copy);
    try {
      const usd = s3.db.prepare<[], { id: number }>("SELECT id FROM cache_records WHERE model = 'res.currency' AND json_extract(data, '$.name') = 'USD'").get()!.id;
      s3.db.prepare("DELETE FROM cache_records WHERE model = 'res.currency.rate' AND json_extract(data, '$.currency_id[0]') = ?").run(usd);
      const p3 = createDashboardsPart({ db: s3.db, connection: () => null });
      const cfo = await h('dashboards:get', { role: 'cfo', asOf: AS_OF }, p3);
      expect(widget(cfo, 'cash')).toMatchObject({ status: 'no-rates' });
      expect(widget(cfo, 'cash').message).toMatch(/No exchange rate for USD/);
      expect(widget(cfo, 'ar-aging').status).toBe('ok');
      const sales = await h('dashboards:get', { role: 'sales', asOf: AS_OF }, p3);
      expect(widget(sales, 'top-customers').status).toBe('no-rates');
      expect(widget(sales, 'pipeline').status).toBe('ok');
    } finally {
      s3.close();
    }
    const empty = openStore(path.join(tmp.dir, 'empty.sqlite'));
    try {
      const p4 = createDashboardsPart({ db: empty.db, connection: () => null });
      for (const role of ['cfo', 'sales', 'warehouse'] as const) {
        const d = await h('dashboards:get', { role }, p4);
        expect(d.lastSyncedAt).toBeNull();
        for (const w of d.widgets.filter((x) => x.id !== 'outbox')) {
          expect(w.status, w.id).toBe('empty');
          expect(w.message, w.id).toMatch(/sync first|No /);
        }
      }
    } finally {
      empty.close();
    }
  });
});

describe('exports and the command line', () => {
  it('a widget exports to an .xlsx with the same numbers, real formats, a frozen header and a filter', async () => {
    const d = await h('dashboards:get', { role: 'cfo', asOf: AS_OF });
    const x1 = await h('dashboards:export', { role: 'cfo', widgetId: 'ar-aging', asOf: AS_OF });
    expect(x1.fileName).toBe(`smart-odoo-cfo-ar-aging-${AS_OF}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x1.contentBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, 'Days overdue', 'Items', 'Open amount']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeDefined();
    const rows = widget(d, 'ar-aging').table!.rows;
    expect(x1.rows).toBe(rows.length);
    rows.forEach((r, k) => {
      const cell = ws.getRow(k + 2).getCell(3);
      expect(cell.value).toBe(r.amount);
      expect(cell.numFmt).toContain('"EUR"');
      expect(ws.getRow(k + 2).getCell(2).value).toBe(r.count);
    });
    // a foreign-currency column carries each row's own currency
    const cash = await h('dashboards:export', { role: 'cfo', widgetId: 'cash', asOf: AS_OF });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(Buffer.from(cash.contentBase64, 'base64') as unknown as ArrayBuffer);
    // the PDF is the desktop app's (its main process answers); the core says so plainly
    expect(() => part.handlers['dashboards:pdf']({ role: 'cfo' }, { host: 'test' })).toThrow(/needs the desktop app/);
    const fmts = [2, 3].map((r) => wb2.worksheets[0]!.getRow(r).getCell(2).numFmt);
    expect(fmts.some((f) => f.includes('"USD"'))).toBe(true);
    expect(fmts.some((f) => f.includes('"EUR"'))).toBe(true);
  });

  it('smart-odoo dashboard prints the dashboard as text and as JSON; bad usage exits 2', async () => {
    const dataDir = path.join(tmp.dir, 'cli-data');
    fs.mkdirSync(dataDir);
    store.db.exec(`VACUUM INTO '${path.join(dataDir, 'smart-odoo.sqlite').replace(/'/g, "''")}'`);
    const out: string[] = [];
    const err: string[] = [];
    const ctx = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: { ...process.env, SMART_ODOO_DATA_DIR: dataDir, SMART_ODOO_VAULT: 'file' }, signal: new AbortController().signal };
    expect(await runCli(['dashboard', 'warehouse', '--as-of', AS_OF, '--json'], ctx)).toBe(0);
    const json = JSON.parse(out.join('\n'));
    expect(json).toMatchObject({ role: 'warehouse', asOf: AS_OF, demo: true });
    const direct = await h('dashboards:get', { role: 'warehouse', asOf: AS_OF });
    expect(json.widgets.find((w: Widget) => w.id === 'reorder').kpis).toEqual(widget(direct, 'reorder').kpis);
    out.length = 0;
    expect(await runCli(['dashboard', 'cfo', '--as-of', AS_OF], ctx)).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^CFO dashboard at 2026-11-15 — DEMO DATA/);
    expect(text).toContain('Receivables aging');
    expect(text).toMatch(/Total receivable: [\d,]+\.\d\d EUR/);
    expect(await runCli(['dashboard', 'finance'], ctx)).toBe(2);
    expect(err.join('\n')).toMatch(/Unknown dashboard “finance”/);
    expect(await runCli(['dashboard', 'cfo', '--as-of', 'yesterday'], ctx)).toBe(2);
    out.length = 0;
    expect(await runCli(['dashboard', '--help'], ctx)).toBe(0);
    expect(out.join('\n')).toContain('smart-odoo dashboard cfo|sales|warehouse');
  }, 60_000);
});
