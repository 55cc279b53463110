import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { z } from 'zod';
import { calls } from '../../core/contract';
import { EventBus } from '../../core/host/events';
import { createReconcilePart } from '../../core/host/reconcile-part';
import type { OdooClient } from '../../core/odoo/types';
import type { DemoSim } from '../../core/odoo-sim/server/sim-command';
import { silentLogger } from '../../core/shared/logger';
import { openStore, type Store } from '../../core/store/db';
import { runSync } from '../../core/sync/sync-engine';
import { startTestSim } from './sim';
import { makeTempDir } from './temp-dir';

export type Rec = Record<string, unknown> & { id: number };
type Part = ReturnType<typeof createReconcilePart>;
type Handlers = Part['handlers'];

export const m2o = (v: unknown): number => (Array.isArray(v) ? (v[0] as number) : (v as number));

/**
 * The set-up the reconciliation suites share, as beforeAll/afterAll of the calling file: a demo company (size S,
 * Odoo 17, `seed`) on loopback, a client, a cache synced once, and the core's reconcile part over that cache —
 * plus the simulator-side helpers the tests use to make invoices and bank lines and to check Odoo's state.
 */
export function useReconcileBench(opts: {
  seed: number;
  /** extra conditions on the bank journal the tests use (first by id) */
  journalDomain?: unknown[];
  /** the `name` of invoice lines made by makeInvoice (numbered) */
  invoiceLabel?: string;
  outboxChanged?: () => void;
}) {
  let tmp: ReturnType<typeof makeTempDir> | undefined;
  let sim: DemoSim | undefined;
  let client: OdooClient | undefined;
  let store: Store | undefined;
  let part: Part | undefined;
  let bus: EventBus | undefined;
  const ids = { journalId: 0, customers: [] as number[], expenseAccount: 0 };
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('useReconcileBench: used before its beforeAll ran');
    return v;
  };

  const x = (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => need(sim).engine.execute({ uid: 2, style: 'rpc', model, method, args, kwargs });
  const read = (model: string, recIds: number[], fields: string[]) => x(model, 'read', [recIds, fields]) as Rec[];
  const deps = () => ({ db: need(store).db, client: need(client), logger: silentLogger, connection: { id: 'demo', label: 'Demo company', login: 'admin' } });
  const sync = () => runSync({ db: need(store).db, client: need(client), logger: silentLogger, serverKey: 'test' }, {});
  /** Calls a handler with contract-parsed input and checks its output against the contract too. */
  async function h<K extends keyof Handlers>(name: K, input: z.input<(typeof calls)[K]['input']>): Promise<Awaited<ReturnType<Handlers[K]>>> {
    const parsed = calls[name].input.parse(input);
    const out = await (need(part).handlers[name] as (i: unknown, c: { host: 'test' }) => unknown)(parsed, { host: 'test' });
    const check = calls[name].output.safeParse(out);
    expect(check.success, JSON.stringify(check.error?.issues.slice(0, 3))).toBe(true);
    return out as Awaited<ReturnType<Handlers[K]>>;
  }
  let seq = 0;
  /** A posted customer invoice without tax; returns it and its receivable item. */
  function makeInvoice(partner: number, amount: number): { move: number; item: number } {
    const move = x('account.move', 'create', [{ move_type: 'out_invoice', partner_id: partner, invoice_date: '2026-03-02', invoice_line_ids: [[0, 0, { name: `${opts.invoiceLabel ?? 'Service'} ${++seq}`, quantity: 1, price_unit: amount }]] }]) as number;
    x('account.move', 'action_post', [[move]]);
    const lines = x('account.move.line', 'search_read', [[['move_id', '=', move]], ['account_id']]) as Rec[];
    const types = new Map(read('account.account', [...new Set(lines.map((l) => m2o(l.account_id)))], ['account_type']).map((a) => [a.id, a.account_type]));
    return { move, item: lines.find((l) => types.get(m2o(l.account_id)) === 'asset_receivable')!.id };
  }
  /** A bank statement line on the suite's journal. */
  const makeLine = (amount: number, ref: string, partner?: number, date = '2026-03-10') =>
    x('account.bank.statement.line', 'create', [{ journal_id: ids.journalId, date, amount, payment_ref: ref, ...(partner ? { partner_id: partner } : {}) }]) as number;

  beforeAll(async () => {
    tmp = makeTempDir();
    const t = await startTestSim({ dir: tmp.dir, size: 'S', seed: opts.seed });
    sim = t.sim;
    client = t.client({ maxAttempts: 8 });
    await client.connect();
    store = openStore(path.join(tmp.dir, 'cache.sqlite'));
    await sync();
    const events = new EventBus(silentLogger);
    bus = events;
    part = createReconcilePart({ db: store.db, logger: silentLogger, connectionId: () => null, outboxChanged: opts.outboxChanged ?? (() => {}), subscribe: (l) => events.subscribe(l) });
    ids.journalId = (x('account.journal', 'search', [[['type', '=', 'bank'], ...(opts.journalDomain ?? [])]], { limit: 1, order: 'id' }) as number[])[0]!;
    ids.customers = x('res.partner', 'search', [[['customer_rank', '>', 0], ['is_company', '=', true]]], { limit: 50, order: 'id' }) as number[];
    ids.expenseAccount = (x('account.account', 'search', [[['account_type', '=', 'expense']]], { limit: 1, order: 'id' }) as number[])[0]!;
  }, 300_000);

  afterAll(async () => {
    part?.close();
    store?.close();
    client?.close();
    await sim?.close();
    tmp?.cleanup();
  });

  return {
    get sim() {
      return need(sim);
    },
    get store() {
      return need(store);
    },
    get bus() {
      return need(bus);
    },
    get journalId() {
      return ids.journalId;
    },
    get customers() {
      return ids.customers;
    },
    get expenseAccount() {
      return ids.expenseAccount;
    },
    x,
    read,
    deps,
    sync,
    h,
    makeInvoice,
    makeLine,
  };
}
