import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/shared/logger';
import { openStore } from '../../core/store/db';
import { createCacheRepo } from '../../core/sync/cache-repo';
import type { ReconcilePayload } from '../../core/sync/intents/reconcile';
import { enqueueIntent, pushOutbox } from '../../core/sync/outbox';
import { createOutboxRepo } from '../../core/sync/outbox-repo';
import { runSync } from '../../core/sync/sync-engine';
import { m2o, useReconcileBench, type Rec } from '../helpers/reconcile-bench';
import { startTestSim } from '../helpers/sim';
import { makeTempDir } from '../helpers/temp-dir';

// Reconciliation write-back and statement import through the outbox, against the simulator over loopback.
const bench = useReconcileBench({ seed: 11, invoiceLabel: 'Service' });
const { x, read, deps, sync, h, makeInvoice, makeLine } = bench;

async function drain(max = 400): Promise<{ pushes: number; applied: number; already: number }> {
  let pushes = 0;
  let applied = 0;
  let already = 0;
  for (; pushes < max; ) {
    const r = await pushOutbox(deps());
    pushes++;
    applied += r.applied;
    already += r.alreadyApplied;
    expect(r.failed, JSON.stringify(createOutboxRepo(bench.store.db).list({ state: 'failed', limit: 3 }))).toBe(0);
    expect(r.conflicts).toBe(0);
    const c = createOutboxRepo(bench.store.db).counts();
    if (c.pending + c.applying === 0) break;
  }
  return { pushes, applied, already };
}

beforeEach(() => bench.sim.faults.clear());

describe('reconciliation write-back', () => {
  it('accepting a proposal for a demo-company line reconciles the invoice in Odoo and the cache shows it paid', async () => {
    const { lines } = await h('reconcile:propose', { limit: 5000 });
    expect(lines.length).toBeGreaterThan(0);
    const pick = lines.find((l) => l.amount > 0 && l.proposals[0]?.kind === 'full' && !l.proposals[0].writeOff && l.proposals[0].moveLineIds.length === 1 && l.proposals[0].confidence >= 0.8);
    expect(pick, 'a confident one-to-one proposal in the demo company').toBeDefined();
    expect(pick!.proposals[0]!.explanation.length).toBeGreaterThan(0);
    const accepted = await h('reconcile:accept', { statementLineId: pick!.statementLineId, proposalIndex: 0 });
    expect(accepted).toMatchObject({ queued: 1, skipped: 0 });
    // accepting again while queued does not queue twice
    expect(await h('reconcile:accept', { statementLineId: pick!.statementLineId, proposalIndex: 0 })).toMatchObject({ queued: 0, skipped: 1 });
    const report = await pushOutbox(deps());
    expect(report).toMatchObject({ applied: 1, failed: 0, conflicts: 0 });

    const [st] = read('account.bank.statement.line', [pick!.statementLineId], ['is_reconciled']);
    expect(st!.is_reconciled).toBe(true);
    const [item] = read('account.move.line', pick!.proposals[0]!.moveLineIds, ['reconciled', 'move_id']);
    const moveId = m2o(item!.move_id);
    const [inv] = read('account.move', [moveId], ['payment_state']);
    expect(['paid', 'in_payment']).toContain(inv!.payment_state);
    const cache = createCacheRepo(bench.store.db);
    expect(['paid', 'in_payment']).toContain((cache.get('account.move', moveId)?.data as { payment_state: string }).payment_state);
    expect(cache.get('account.bank.statement.line', pick!.statementLineId)?.data).toMatchObject({ is_reconciled: true });
    // no longer proposed
    expect((await h('reconcile:propose', { limit: 5000 })).lines.some((l) => l.statementLineId === pick!.statementLineId)).toBe(false);
  }, 120_000);

  it('accept --min-confidence queues every confident line once and the push applies them all', async () => {
    const before = (await h('reconcile:propose', { limit: 5000 })).lines;
    const confident = before.filter((l) => l.proposals[0] && l.proposals[0].confidence >= 0.9 && l.proposals[0].kind !== 'partner-only');
    const r = await h('reconcile:accept', { minConfidence: 0.9 });
    expect(r.queued).toBe(confident.length);
    expect(r.queued + r.skipped).toBe(before.length);
    expect((await h('reconcile:accept', { minConfidence: 0.9 })).queued).toBe(0);
    const report = await pushOutbox(deps());
    expect(report).toMatchObject({ applied: confident.length, failed: 0, conflicts: 0 });
    for (const l of confident) expect(read('account.bank.statement.line', [l.statementLineId], ['is_reconciled'])[0]!.is_reconciled).toBe(true);
    process.stderr.write(`[min-confidence 0.9] ${before.length} open demo lines, ${confident.length} accepted and reconciled\n`);
  }, 120_000);

  it('one bank line pays two invoices (one-to-many) and a short payment closes with a bank-fee write-off', async () => {
    const partner = bench.customers[3]!;
    const a = makeInvoice(partner, 120);
    const b = makeInvoice(partner, 80.55);
    const many = makeLine(200.55, 'Payment two invoices');
    const c = makeInvoice(bench.customers[4]!, 100);
    const fee = makeLine(97.5, 'Payment minus fees');
    await sync();
    enqueueIntent(bench.store.db, {
      kind: 'statement-line:reconcile',
      payload: { statementLineId: many, partnerId: partner, counterparts: [{ moveLineId: a.item, moveId: a.move }, { moveLineId: b.item, moveId: b.move }] } satisfies ReconcilePayload,
      summary: 'one-to-many',
    });
    enqueueIntent(bench.store.db, {
      kind: 'statement-line:reconcile',
      payload: {
        statementLineId: fee,
        partnerId: bench.customers[4]!,
        counterparts: [{ moveLineId: c.item, amount: 100, residual: 100, moveId: c.move }],
        writeOff: { amount: 2.5, accountId: bench.expenseAccount, label: 'Bank fees' },
      } satisfies ReconcilePayload,
      summary: 'fee write-off',
    });
    expect(await pushOutbox(deps())).toMatchObject({ applied: 2, failed: 0, conflicts: 0 });
    for (const m of [a.move, b.move, c.move]) expect(['paid', 'in_payment']).toContain(read('account.move', [m], ['payment_state'])[0]!.payment_state);
    for (const s of [many, fee]) expect(read('account.bank.statement.line', [s], ['is_reconciled', 'partner_id'])[0]).toMatchObject({ is_reconciled: true });
    const feeMove = m2o(read('account.bank.statement.line', [fee], ['move_id'])[0]!.move_id);
    const feeLines = x('account.move.line', 'search_read', [[['move_id', '=', feeMove]], ['account_id', 'balance']]) as Rec[];
    expect(feeLines.find((l) => m2o(l.account_id) === bench.expenseAccount)?.balance).toBe(2.5);
    expect(feeLines.reduce((s, l) => s + (l.balance as number), 0)).toBeCloseTo(0, 6);
    const cache = createCacheRepo(bench.store.db);
    for (const m of [a.move, b.move, c.move]) expect(['paid', 'in_payment']).toContain((cache.get('account.move', m)?.data as { payment_state: string }).payment_state);
  }, 120_000);

  it('undo: discarded while queued, reversed in Odoo after the push', async () => {
    const partner = bench.customers[5]!;
    const inv = makeInvoice(partner, 42);
    const line = makeLine(42, 'Undo me', partner);
    await sync();
    const queued = enqueueIntent(bench.store.db, { kind: 'statement-line:reconcile', payload: { statementLineId: line, counterparts: [{ moveLineId: inv.item, moveId: inv.move }] }, summary: 'undo test' });
    expect(await h('reconcile:undo', { outboxId: queued.id })).toMatchObject({ action: 'discarded' });
    const again = enqueueIntent(bench.store.db, { kind: 'statement-line:reconcile', payload: { statementLineId: line, counterparts: [{ moveLineId: inv.item, moveId: inv.move }] }, summary: 'undo test 2' });
    await pushOutbox(deps());
    expect(read('account.move', [inv.move], ['payment_state'])[0]!.payment_state).not.toBe('not_paid');
    expect(await h('reconcile:undo', { outboxId: again.id })).toMatchObject({ action: 'queued-undo' });
    expect(await pushOutbox(deps())).toMatchObject({ applied: 1, failed: 0, conflicts: 0 });
    expect(read('account.bank.statement.line', [line], ['is_reconciled'])[0]!.is_reconciled).toBe(false);
    expect(read('account.move', [inv.move], ['payment_state'])[0]!.payment_state).toBe('not_paid');
  }, 120_000);

  it('exactly once: 200 reconciliations pushed through dropped responses and 5xx after commit', async () => {
    // 200 meet ~100 injected faults (rate 0.2 on writes): each kind of fault hits many pushes
    const N = 200;
    const pairs: Array<{ line: number; move: number; item: number; amount: number }> = [];
    for (let i = 0; i < N; i++) {
      const partner = bench.customers[i % bench.customers.length]!;
      const amount = 100 + ((i * 37) % 900) + (i % 100) / 100;
      const inv = makeInvoice(partner, amount);
      // every fifth one is a partial payment: the invoice stays open with what the line did not cover
      const paid = i % 5 === 0 ? Math.round(amount * 60) / 100 : amount;
      pairs.push({ line: makeLine(paid, `EO ${i}`, i % 2 ? partner : undefined), ...inv, amount: paid });
    }
    await sync();
    bench.store.db.transaction(() => {
      for (const p of pairs) {
        const partner = m2o(read('account.move', [p.move], ['partner_id'])[0]!.partner_id);
        enqueueIntent(bench.store.db, {
          kind: 'statement-line:reconcile',
          payload: { statementLineId: p.line, partnerId: partner, counterparts: [{ moveLineId: p.item, moveId: p.move, amount: p.amount }] } satisfies ReconcilePayload,
          summary: `EO ${p.line}`,
        });
      }
    })();
    bench.sim.faults.set({ seed: 5, dropAfterCommit: { rate: 0.1, scope: { writesOnly: true } }, http5xx: { rate: 0.1, when: 'after', scope: { writesOnly: true } } });
    const t0 = Date.now();
    const run = await drain(2000);
    const faults = bench.sim.faults.counts();
    bench.sim.faults.clear();
    const ms = Date.now() - t0;

    // in Odoo: each line reconciled once: one counterpart, one partial, entry balanced, item residual = what is left
    let duplicates = 0;
    for (const p of pairs) {
      const [st] = read('account.bank.statement.line', [p.line], ['is_reconciled', 'move_id']);
      expect(st!.is_reconciled).toBe(true);
      const lines = x('account.move.line', 'search_read', [[['move_id', '=', m2o(st!.move_id)]], ['balance']]) as Rec[];
      const partials = x('account.partial.reconcile', 'search_count', [['|', ['debit_move_id', '=', p.item], ['credit_move_id', '=', p.item]]]) as number;
      if (lines.length !== 2 || partials !== 1) duplicates++;
      const [item] = read('account.move.line', [p.item], ['amount_residual']);
      const inv = read('account.move', [p.move], ['amount_total'])[0]!;
      expect(item!.amount_residual as number).toBeCloseTo((inv.amount_total as number) - p.amount, 2);
    }
    expect(duplicates).toBe(0);
    expect(createOutboxRepo(bench.store.db).counts()).toMatchObject({ pending: 0, applying: 0, failed: 0, conflict: 0 });
    const injected = (faults.dropAfterCommit ?? 0) + (faults.http5xx ?? 0);
    expect(injected).toBeGreaterThan(20);
    process.stderr.write(`[exactly-once] ${N} reconciliations, ${run.pushes} pushes, ${run.applied} applied, ${run.already} found already applied, faults ${JSON.stringify(faults)}, duplicates ${duplicates}, ${ms} ms\n`);
  }, 600_000);
});

describe('statement import through the outbox', () => {
  const fixture = path.resolve(import.meta.dirname, '../fixtures/statements/genkgo-camt/camt053.v2.multi.statement.xml');
  const content = () => readFileSync(fixture).toString('base64');

  it('an account that matches no journal asks which journal', async () => {
    await expect(h('statements:preview', { fileName: 'camt.xml', contentBase64: content() })).rejects.toMatchObject({ code: 'statements/unknown-account' });
  });

  it('importing the same CAMT file twice queues each line once; after the push the lines are in Odoo once', async () => {
    const preview = await h('statements:preview', { fileName: 'camt.xml', contentBase64: content(), journalId: bench.journalId });
    expect(preview.lineCount).toBeGreaterThan(0);
    expect(preview.duplicates).toBe(0);
    const first = await h('statements:import', { fileName: 'camt.xml', contentBase64: content(), journalId: bench.journalId });
    expect(first).toMatchObject({ imported: preview.lineCount, duplicates: 0 });
    const second = await h('statements:import', { fileName: 'camt.xml', contentBase64: content(), journalId: bench.journalId });
    expect(second).toMatchObject({ imported: 0, duplicates: preview.lineCount });
    bench.sim.faults.set({ seed: 9, dropAfterCommit: { rate: 0.3, scope: { writesOnly: true } } });
    await drain(200);
    bench.sim.faults.clear();
    const ids = first.outboxIds.map((id) => (createOutboxRepo(bench.store.db).get(id)!.payload as { uniqueImportId: string }).uniqueImportId);
    for (const u of ids) expect(x('account.bank.statement.line', 'search_count', [[['unique_import_id', '=', u]]])).toBe(1);
    // the cache knows them now: a third import is all duplicates, and the preview says so
    expect(await h('statements:import', { fileName: 'camt.xml', contentBase64: content(), journalId: bench.journalId })).toMatchObject({ imported: 0, duplicates: preview.lineCount });
    await sync();
    expect((await h('statements:preview', { fileName: 'camt.xml', contentBase64: content(), journalId: bench.journalId })).duplicates).toBe(preview.lineCount);
  }, 120_000);
});

describe.each([16, 19] as const)('reconcile write-back on Odoo %i', (version) => {
  it('partner first, split into two counterparts, reconciled; pushing again changes nothing', async () => {
    const dir = makeTempDir();
    const t = await startTestSim({ dir: dir.dir, size: 'S', version, seed: 3 });
    const c = t.client();
    await c.connect();
    const db = openStore(path.join(dir.dir, 'cache.sqlite'));
    try {
      const run = (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => t.sim.engine.execute({ uid: 2, style: 'rpc', model, method, args, kwargs });
      const journal = (run('account.journal', 'search', [[['type', '=', 'bank']]], { limit: 1, order: 'id' }) as number[])[0]!;
      const partner = (run('res.partner', 'search', [[['customer_rank', '>', 0], ['is_company', '=', true]]], { limit: 1, order: 'id' }) as number[])[0]!;
      const invoice = (amount: number) => {
        const move = run('account.move', 'create', [{ move_type: 'out_invoice', partner_id: partner, invoice_date: '2026-03-02', invoice_line_ids: [[0, 0, { name: 'Work', quantity: 1, price_unit: amount }]] }]) as number;
        run('account.move', 'action_post', [[move]]);
        const lines = run('account.move.line', 'search_read', [[['move_id', '=', move], ['debit', '>', 0]], ['id']]) as Rec[];
        return { move, item: lines[0]!.id };
      };
      const a = invoice(300);
      const b = invoice(45.5);
      const line = run('account.bank.statement.line', 'create', [{ journal_id: journal, date: '2026-03-10', amount: 345.5, payment_ref: 'two invoices' }]) as number;
      await runSync({ db: db.db, client: c, logger: silentLogger, serverKey: `v${version}` }, {});
      enqueueIntent(db.db, { kind: 'statement-line:reconcile', payload: { statementLineId: line, partnerId: partner, counterparts: [{ moveLineId: a.item, moveId: a.move }, { moveLineId: b.item, moveId: b.move }] }, summary: 'v' });
      const d = { db: db.db, client: c, logger: silentLogger, connection: { id: 'x', label: 'x', login: 'admin' } };
      expect(await pushOutbox(d)).toMatchObject({ applied: 1, failed: 0, conflicts: 0 });
      const [st] = run('account.bank.statement.line', 'read', [[line], ['is_reconciled', 'partner_id']]) as Rec[];
      expect(st!.is_reconciled).toBe(true);
      expect(m2o(st!.partner_id)).toBe(partner);
      for (const m of [a.move, b.move]) expect(['paid', 'in_payment']).toContain((run('account.move', 'read', [[m], ['payment_state']]) as Rec[])[0]!.payment_state);
      // the same decision queued again is recognised as applied
      enqueueIntent(db.db, { kind: 'statement-line:reconcile', payload: { statementLineId: line, partnerId: partner, counterparts: [{ moveLineId: a.item }, { moveLineId: b.item }] }, summary: 'again' });
      expect(await pushOutbox(d)).toMatchObject({ applied: 0, alreadyApplied: 1 });
    } finally {
      db.close();
      c.close();
      await t.sim.close();
      dir.cleanup();
    }
  }, 120_000);
});
