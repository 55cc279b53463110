import { beforeAll, describe, expect, it } from 'vitest';
import { pushOutbox } from '../../core/sync/outbox';
import { createOutboxRepo } from '../../core/sync/outbox-repo';
import { m2o, useReconcileBench, type Rec } from '../helpers/reconcile-bench';

// The workbench's core calls against the simulator over loopback: manual split with a taxed write-off,
// reject, search, bands from history, auto-accept, learned rules exported as reconcile models, balance check.
let outboxEvents = 0;
const bench = useReconcileBench({ seed: 23, journalDomain: [['currency_id', '=', false]], invoiceLabel: 'Workbench', outboxChanged: () => outboxEvents++ });
const { x, read, deps, sync, h, makeInvoice, makeLine } = bench;
let purchaseTax: number;

async function rejects(p: () => unknown, code: string, message: RegExp): Promise<void> {
  try {
    await p();
  } catch (e) {
    expect((e as { code?: string }).code).toBe(code);
    expect((e as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected an error');
}

async function drain(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const r = await pushOutbox(deps());
    expect(r.failed, JSON.stringify(createOutboxRepo(bench.store.db).list({ state: 'failed', limit: 3 }))).toBe(0);
    const c = createOutboxRepo(bench.store.db).counts();
    if (c.pending + c.applying === 0) return;
  }
}

beforeAll(() => {
  purchaseTax = (x('account.tax', 'search', [[['type_tax_use', '=', 'purchase'], ['amount', '=', 21]]], { limit: 1, order: 'id' }) as number[])[0]!;
});

describe('reconciliation workbench (core)', () => {
  it('proposals name their items: invoice numbers, partners, residuals, journal and currency', async () => {
    const { lines } = await h('reconcile:propose', { limit: 5000 });
    const withItems = lines.filter((l) => l.proposals[0]?.moveLineIds.length);
    expect(withItems.length).toBeGreaterThan(0);
    for (const l of withItems) {
      expect(l.journalId).toBeGreaterThan(0);
      expect(l.currency).toMatch(/^[A-Z]{3}$/);
      const p = l.proposals[0]!;
      expect(p.items.map((i) => i.moveLineId)).toEqual(p.moveLineIds);
      for (const it of p.items) {
        expect(it.moveName).not.toMatch(/^#/);
        const [aml] = read('account.move.line', [it.moveLineId], ['move_name', 'amount_residual', 'partner_id']);
        expect(it.moveName).toBe(aml!.move_name);
        expect(it.residual).toBeCloseTo(aml!.amount_residual as number, 2);
        if (aml!.partner_id) expect(it.partnerName).toBe((aml!.partner_id as [number, string])[1]);
      }
    }
    // filters: an amount window and a confidence floor only return what they say
    const big = await h('reconcile:propose', { limit: 5000, amountMin: 1000 });
    expect(big.lines.every((l) => Math.abs(l.amount) >= 1000)).toBe(true);
    const sure = await h('reconcile:propose', { limit: 5000, minConfidence: 0.9 });
    expect(sure.lines.every((l) => (l.proposals[0]?.confidence ?? 0) >= 0.9)).toBe(true);
    expect(sure.lines.length).toBeLessThan(lines.length);
  });

  it('manual: split across two invoices plus a write-off with 21% tax; Odoo books base and tax lines, the invoices end paid', async () => {
    const partner = bench.customers[3]!;
    const a = makeInvoice(partner, 300);
    const b = makeInvoice(partner, 120);
    // the customer paid 410 for 420: 10 written off on an expense account with a purchase tax, tax included
    const line = makeLine(410, 'Payment two invoices less 10 costs', partner);
    await sync();
    const bad = { statementLineId: line };
    await rejects(() => h('reconcile:accept', { ...bad, manual: { allocations: [{ moveLineId: a.item, amount: 300 }, { moveLineId: b.item, amount: 120 }] } }), 'contract/invalid-input', /add up to 420\.00, the line is 410\.00/);
    await rejects(() => h('reconcile:accept', { ...bad, manual: { allocations: [{ moveLineId: a.item, amount: 310 }], writeOff: { amount: 100, accountId: bench.expenseAccount } } }), 'contract/invalid-input', /exceeds its open residual 300\.00/);
    await rejects(() => h('reconcile:accept', { ...bad, manual: { allocations: [{ moveLineId: a.item, amount: -300 }], writeOff: { amount: 710, accountId: bench.expenseAccount } } }), 'contract/invalid-input', /wrong sign/);
    await rejects(() => h('reconcile:accept', { ...bad, manual: { allocations: [{ moveLineId: 999_999, amount: 410 }] } }), 'contract/invalid-input', /not an open receivable/);
    await rejects(() => h('reconcile:accept', { ...bad, manual: { allocations: [] } }), 'contract/invalid-input', /at least one open item/);

    const r = await h('reconcile:accept', {
      statementLineId: line,
      manual: { allocations: [{ moveLineId: a.item, amount: 300 }, { moveLineId: b.item, amount: 120 }], writeOff: { amount: -10, accountId: bench.expenseAccount, taxId: purchaseTax, label: 'Collection costs' } },
    });
    expect(r.queued).toBe(1);
    const decision = bench.store.db.prepare<[number], { mode: string; source: string }>(`SELECT mode, source FROM reconcile_decisions WHERE statement_line_id = ?`).get(line);
    expect(decision).toEqual({ mode: 'manual', source: 'user' });
    await drain();

    const [st] = read('account.bank.statement.line', [line], ['is_reconciled', 'move_id']);
    expect(st!.is_reconciled).toBe(true);
    for (const inv of read('account.move', [a.move, b.move], ['payment_state'])) expect(['paid', 'in_payment']).toContain(inv.payment_state);
    const moveLines = x('account.move.line', 'search_read', [[['move_id', '=', m2o(st!.move_id)]], ['account_id', 'balance', 'tax_ids', 'tax_line_id', 'tax_base_amount']]) as Rec[];
    const base = moveLines.find((l) => m2o(l.account_id) === bench.expenseAccount)!;
    const tax = moveLines.find((l) => l.tax_line_id && m2o(l.tax_line_id) === purchaseTax)!;
    // 10 tax included at 21%: base 8.26, tax 1.74, as Odoo's reconciliation widget books it
    expect(base.balance).toBeCloseTo(8.26, 2);
    expect(base.tax_ids).toEqual([purchaseTax]);
    expect(tax.balance).toBeCloseTo(1.74, 2);
    expect(tax.tax_base_amount).toBeCloseTo(8.26, 2);
    expect(moveLines.reduce((s, l) => s + (l.balance as number), 0)).toBeCloseTo(0, 2);
  }, 60_000);

  it('manual partial allocation leaves the invoice partly paid', async () => {
    const partner = bench.customers[4]!;
    const inv = makeInvoice(partner, 500);
    const line = makeLine(200, 'first part', partner);
    await sync();
    await h('reconcile:accept', { statementLineId: line, manual: { allocations: [{ moveLineId: inv.item, amount: 200 }] } });
    await drain();
    const [m] = read('account.move', [inv.move], ['payment_state', 'amount_residual']);
    expect(m!.payment_state).toBe('partial');
    expect(m!.amount_residual).toBeCloseTo(300, 2);
  });

  it('foreign currency: a USD invoice paid with an exchange difference is settled in USD, the difference written off', async () => {
    const { lines } = await h('reconcile:propose', { limit: 5000 });
    const l = lines.find((x) => x.proposals[0]?.writeOff?.reason === 'fx' && x.proposals[0].items.length === 1 && x.proposals[0].items[0]!.currency !== 'EUR')!;
    expect(l, 'a demo line paying a foreign-currency invoice').toBeDefined();
    const p = l.proposals[0]!;
    const item = p.items[0]!;
    expect(item.residualCurrency).toBeDefined();
    expect(p.writeOff?.accountName ?? '').toMatch(/exchange/i);
    await h('reconcile:accept', { statementLineId: l.statementLineId, proposalIndex: 0 });
    await drain();
    const [st] = read('account.bank.statement.line', [l.statementLineId], ['is_reconciled', 'move_id']);
    expect(st!.is_reconciled).toBe(true);
    const [aml] = read('account.move.line', [item.moveLineId], ['reconciled', 'amount_residual_currency', 'move_id']);
    expect(aml!.amount_residual_currency).toBeCloseTo(0, 2);
    const [inv] = read('account.move', [m2o(aml!.move_id)], ['payment_state']);
    expect(['paid', 'in_payment']).toContain(inv!.payment_state);
    // the counterpart carries the item's currency and its amount in it
    const counter = x('account.move.line', 'search_read', [[['move_id', '=', m2o(st!.move_id)]], ['amount_currency', 'balance', 'currency_id', 'account_id']]) as Rec[];
    expect(counter.some((c) => Math.abs((c.amount_currency as number) + item.residualCurrency!) < 0.005), JSON.stringify({ counter, item })).toBe(true);
  }, 60_000);

  it('reject: the rejected proposal is no longer offered first, and the decision is logged', async () => {
    // two open invoices of the same amount for the partner: two proposals for its payment
    const partner = bench.customers[7]!;
    makeInvoice(partner, 640);
    makeInvoice(partner, 640);
    const lineId = makeLine(640, 'payment', partner);
    await sync();
    const { lines } = await h('reconcile:propose', { limit: 5000 });
    const l = lines.find((x) => x.statementLineId === lineId)!;
    expect(l.proposals.length).toBeGreaterThanOrEqual(2);
    const first = l.proposals[0]!;
    expect(await h('reconcile:reject', { statementLineId: l.statementLineId, proposalIndex: 0 })).toEqual({ ok: true });
    const again = (await h('reconcile:propose', { limit: 5000 })).lines.find((x) => x.statementLineId === l.statementLineId)!;
    expect(again.proposals[0]!.moveLineIds).not.toEqual(first.moveLineIds);
    const last = again.proposals[again.proposals.length - 1]!;
    expect(last.moveLineIds).toEqual(first.moveLineIds);
    expect(last.rejected).toBe(true);
    const row = bench.store.db.prepare<[number], { action: string; top_correct: number }>(`SELECT action, top_correct FROM reconcile_decisions WHERE statement_line_id = ?`).get(l.statementLineId);
    expect(row).toEqual({ action: 'reject', top_correct: 0 });
  });

  it('search finds an open invoice by its number and ranks by amount closeness to the line', async () => {
    const partner = bench.customers[5]!;
    const inv = makeInvoice(partner, 777.77);
    await sync();
    const [aml] = read('account.move.line', [inv.item], ['move_name']);
    const byName = await h('reconcile:search', { query: aml!.move_name as string, limit: 5 });
    expect(byName.items[0]?.moveLineId).toBe(inv.item);
    const byAmount = await h('reconcile:search', { query: '777.77' });
    expect(byAmount.items.map((i) => i.moveLineId)).toContain(inv.item);
    const { lines } = await h('reconcile:propose', { limit: 1 });
    const near = await h('reconcile:search', { statementLineId: lines[0]!.statementLineId, limit: 500 });
    expect(near.items.length).toBeGreaterThan(0);
    const sign = Math.sign(lines[0]!.amount);
    expect(near.items.every((i) => Math.sign(i.residual) === sign || Math.sign(i.residualCurrency ?? 0) === sign)).toBe(true);
    const lookups = await h('reconcile:lookups', {});
    expect(lookups.journals.map((j) => j.id)).toContain(bench.journalId);
    expect(lookups.taxes.map((t) => t.id)).toContain(purchaseTax);
    expect(lookups.accounts.some((acc) => acc.id === bench.expenseAccount)).toBe(true);
  });

  it('bands: decisions learned from the reconciled history measure each band; the user decisions count as user', async () => {
    const { journals } = await h('reconcile:bands', { journalId: bench.journalId });
    const j = journals[0]!;
    const total = j.bands.reduce((s, b) => s + b.decisions, 0);
    const hist = j.bands.reduce((s, b) => s + b.bySource.history, 0);
    const reconciled = x('account.bank.statement.line', 'search_count', [[['journal_id', '=', bench.journalId], ['is_reconciled', '=', true]]]) as number;
    expect(hist).toBeGreaterThan(reconciled * 0.5);
    expect(j.bands.reduce((s, b) => s + b.bySource.user, 0)).toBeGreaterThan(0);
    expect(total).toBe(hist + j.bands.reduce((s, b) => s + b.bySource.user, 0));
    const top = j.bands[0]!;
    expect(top.min).toBe(0.995);
    expect(top.precision === null || top.precision >= 0.9).toBe(true);
    // open lines over the bands = open lines of the journal not queued
    const open = (await h('reconcile:propose', { journalId: bench.journalId, limit: 50000 })).lines.length;
    expect(j.bands.reduce((s, b) => s + b.openLines, 0)).toBe(open);
  });

  it('auto-accept: the threshold queues exactly the lines whose best proposal reaches it, and new lines after a sync', async () => {
    const before = (await h('reconcile:propose', { journalId: bench.journalId, limit: 50000 })).lines;
    const expected = before.filter((l) => l.proposals[0] && !l.proposals[0].rejected && l.proposals[0].kind !== 'partner-only' && l.proposals[0].confidence >= 0.97).map((l) => l.statementLineId).sort((a, b) => a - b);
    expect(expected.length).toBeGreaterThan(0);
    const outbox = createOutboxRepo(bench.store.db);
    const pendingBefore = new Set(outbox.list({ state: 'pending', limit: 5000 }).map((i) => i.id));
    const band = await h('reconcile:auto-accept-set', { journalId: bench.journalId, minConfidence: 0.97 });
    expect(band.autoAcceptMin).toBe(0.97);
    const queued = outbox.list({ state: 'pending', limit: 5000 }).filter((i) => !pendingBefore.has(i.id));
    expect(queued.map((i) => (i.payload as { statementLineId: number }).statementLineId).sort((a, b) => a - b)).toEqual(expected);
    const modes = bench.store.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM reconcile_decisions WHERE mode = 'auto'`).get()!.n;
    expect(modes).toBe(expected.length);
    await drain();

    // a new line paying an invoice exactly, with its number: accepted after the next sync
    const partner = bench.customers[6]!;
    const inv = makeInvoice(partner, 321.45);
    const [aml] = read('account.move.line', [inv.item], ['move_name']);
    const line = makeLine(321.45, `Invoice ${aml!.move_name as string}`, partner, '2026-03-20');
    await sync();
    bench.bus.emit('sync:finished', { jobId: 'x', status: 'ok', upserted: 1, deleted: 0 });
    await new Promise((r) => setTimeout(r, 50));
    const later = outbox.list({ state: 'pending', limit: 5000 }).map((i) => (i.payload as { statementLineId?: number }).statementLineId);
    expect(later).toContain(line);
    await h('reconcile:auto-accept-set', { journalId: bench.journalId, minConfidence: null });
    await drain();
    const [m] = read('account.move', [inv.move], ['payment_state']);
    expect(['paid', 'in_payment']).toContain(m!.payment_state);
  }, 240_000);

  it('rules: mined from history with a back-test, applied when enabled, exported as account.reconcile.model', async () => {
    const mined = await h('reconcile:rules-mine', { journalId: bench.journalId });
    expect(mined.created).toBeGreaterThan(0);
    const account = mined.rules.filter((r) => r.kind === 'label-account');
    expect(account.length).toBeGreaterThan(0);
    for (const r of mined.rules) {
      expect(r.state).toBe('candidate');
      expect(r.backtest.matched).toBeGreaterThanOrEqual(r.support);
      expect(r.backtest.precision).not.toBeNull();
    }
    const rule = account.sort((a, b) => b.support - a.support)[0]!;
    // mining again updates, creates nothing new
    expect((await h('reconcile:rules-mine', { journalId: bench.journalId })).created).toBe(0);

    // enabled: a new line with the pattern gets a write-off proposal on the rule's account
    expect((await h('reconcile:rule-set', { ruleId: rule.id, enabled: true })).state).toBe('enabled');
    const line = makeLine(-42.5, `${rule.pattern} 03/2026 X`, undefined, '2026-03-21');
    await sync();
    const l = (await h('reconcile:propose', { limit: 50000 })).lines.find((x) => x.statementLineId === line)!;
    const p = l.proposals.find((x) => x.ruleId === rule.id)!;
    expect(p).toBeDefined();
    expect(p.writeOff?.accountId).toBe(rule.accountId);
    expect(p.explanation[0]).toContain(`rule #${rule.id}: label contains '${rule.pattern}'`);
    // accepting it books the line on the account
    const idx = l.proposals.indexOf(p);
    await h('reconcile:accept', { statementLineId: line, proposalIndex: idx });
    await drain();
    const [st] = read('account.bank.statement.line', [line], ['is_reconciled', 'move_id']);
    expect(st!.is_reconciled).toBe(true);
    const booked = x('account.move.line', 'search_read', [[['move_id', '=', m2o(st!.move_id)], ['account_id', '=', rule.accountId]], ['balance']]) as Rec[];
    expect(booked[0]?.balance).toBeCloseTo(42.5, 2);

    const { outboxId } = await h('reconcile:rule-export', { ruleId: rule.id });
    expect((await h('reconcile:rule-export', { ruleId: rule.id })).outboxId).toBe(outboxId);
    await drain();
    const models = x('account.reconcile.model', 'search_read', [[['name', 'like', `rule #${rule.id}`]], ['rule_type', 'match_label', 'match_label_param', 'line_ids', 'match_journal_ids']]) as Rec[];
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({ rule_type: 'writeoff_suggestion', match_label: 'match_regex', match_journal_ids: [bench.journalId] });
    const [ml] = read('account.reconcile.model.line', models[0]!.line_ids as number[], ['account_id', 'amount_type', 'amount_string']);
    expect(m2o(ml!.account_id)).toBe(rule.accountId);
    expect(ml).toMatchObject({ amount_type: 'percentage', amount_string: '100' });
    const after = (await h('reconcile:rules', { journalId: bench.journalId })).rules.find((r) => r.id === rule.id)!;
    expect(after.odooId).toBe(models[0]!.id);
    expect(after.exportedAt).toBeDefined();

    const partnerRule = mined.rules.find((r) => r.kind === 'label-partner');
    if (partnerRule) {
      await h('reconcile:rule-export', { ruleId: partnerRule.id });
      await drain();
      const [pm] = x('account.reconcile.model', 'search_read', [[['name', 'like', `rule #${partnerRule.id}`]], ['rule_type', 'partner_mapping_line_ids']]) as Rec[];
      expect(pm!.rule_type).toBe('invoice_matching');
      const [map] = read('account.reconcile.model.partner.mapping', pm!.partner_mapping_line_ids as number[], ['partner_id', 'payment_ref_regex']);
      expect(m2o(map!.partner_id)).toBe(partnerRule.partnerId);
    }
  }, 120_000);

  it('balance check: per month opening + lines = closing, and the journal balance in the books agrees (recomputed from Odoo)', async () => {
    await sync();
    const { journals } = await h('statements:balance', { journalId: bench.journalId });
    const j = journals[0]!;
    // independently, straight from the simulator
    const stLines = x('account.bank.statement.line', 'search_read', [[['journal_id', '=', bench.journalId]], ['date', 'amount']]) as Rec[];
    const cachedIds = new Set(bench.store.db.prepare<[], { id: number }>(`SELECT id FROM cache_records WHERE model = 'account.bank.statement.line'`).all().map((r) => r.id));
    const inCache = stLines.filter((l) => cachedIds.has(l.id));
    const first = inCache.map((l) => l.date as string).sort()[0]!;
    const [jr] = read('account.journal', [bench.journalId], ['default_account_id']);
    const bank = x('account.move.line', 'search_read', [[['account_id', '=', m2o(jr!.default_account_id)], ['parent_state', '=', 'posted']], ['balance', 'date']]) as Rec[];
    const cents = (v: number) => Math.round(v * 100);
    const opening = bank.filter((b) => (b.date as string) < first).reduce((s, b) => s + cents(b.balance as number), 0);
    const byMonth = new Map<string, number>();
    for (const l of inCache) byMonth.set((l.date as string).slice(0, 7), (byMonth.get((l.date as string).slice(0, 7)) ?? 0) + cents(l.amount as number));
    let running = opening;
    const months = [...byMonth.keys()].sort();
    expect(j.periods.map((p) => p.period)).toEqual(months);
    for (const [k, p] of j.periods.entries()) {
      expect(cents(p.opening)).toBe(running);
      running += byMonth.get(months[k]!)!;
      expect(cents(p.closing)).toBe(running);
      expect(cents(p.opening + p.movements)).toBe(cents(p.closing));
    }
    const booksTotal = bank.reduce((s, b) => s + cents(b.balance as number), 0);
    expect(cents(j.odooBalance!)).toBe(booksTotal);
    expect(cents(j.cacheBalance)).toBe(running);
    expect(j.agrees).toBe(booksTotal === running);
  });

  it('CSV import: an ambiguous file asks for the mapping; the mapping used is remembered for the journal', async () => {
    const csv = 'Datum;Omschrijving;Bedrag\n03/04/2026;Koffie automaat;-3,50\n05/04/2026;Terugbetaling huur;1000,00\n';
    const file = { fileName: 'export.csv', contentBase64: Buffer.from(csv).toString('base64'), journalId: bench.journalId };
    const first = await h('statements:preview', file);
    expect(first.needsMapping).toBe(true);
    expect(first.mapping?.columns).toEqual(['Datum', 'Omschrijving', 'Bedrag']);
    expect(first.mapping?.remembered).toBe(false);
    expect(first.lineCount).toBe(0);
    const mapping = { delimiter: ';', decimal: ',' as const, dateFormat: 'DD/MM/YYYY' as const, columns: { date: 'Datum', label: 'Omschrijving', amount: 'Bedrag' }, currency: 'EUR' };
    const mapped = await h('statements:preview', { ...file, csvMapping: mapping });
    expect(mapped.needsMapping).toBe(false);
    expect(mapped.statements[0]!.lines.map((l) => [l.date, l.amount])).toEqual([
      ['2026-04-03', -3.5],
      ['2026-04-05', 1000],
    ]);
    const imported = await h('statements:import', { ...file, csvMapping: mapping });
    expect(imported.imported).toBe(2);
    const again = await h('statements:preview', file);
    expect(again.needsMapping).toBe(false);
    expect(again.mapping?.remembered).toBe(true);
    expect(again.duplicates).toBe(2);
    // without a journal and without a confident mapping: asked, never guessed
    await rejects(() => h('statements:import', { fileName: 'export.csv', contentBase64: file.contentBase64, journalId: bench.journalId + 1000 }), 'statements/mapping-required', /column mapping/);
  });
});
