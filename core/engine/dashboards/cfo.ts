import type { Column, Row } from '../../contract';
import { accountIds, addDays, daysBetween, f, idKey, inList, keyedTable, m2o, m2oName, queryDrill, round2, unknownKey, type DashboardContext, type DrillSpec } from './context';
import { kpi, type WidgetDef } from './types';

const AML = 'account.move.line';
/** the covering index of journal items by account and date (migration 0005): sums never touch the table */
const AD = 'FROM cache_records INDEXED BY cache_records_by_aml_account_date';
export const RECEIVABLE = ['asset_receivable'] as const;
export const PAYABLE = ['liability_payable'] as const;
export const INCOME = ['income', 'income_other'] as const;
export const EXPENSE = ['expense', 'expense_depreciation', 'expense_direct_cost'] as const;

/** Aging buckets by days past the due date (date_maturity, else the entry date) at the as-of date. */
export const BUCKETS = [
  { key: 'not-due', label: 'Not due', test: (d: number) => d <= 0 },
  { key: 'd1-30', label: '1–30', test: (d: number) => d >= 1 && d <= 30 },
  { key: 'd31-60', label: '31–60', test: (d: number) => d >= 31 && d <= 60 },
  { key: 'd61-90', label: '61–90', test: (d: number) => d >= 61 && d <= 90 },
  { key: 'd90+', label: '> 90', test: (d: number) => d > 90 },
] as const;
export const bucketOf = (daysOverdue: number): string => BUCKETS.find((b) => b.test(daysOverdue))!.key;

export type OpenItem = { id: number; partnerId: number | null; due: string; residual: number; moveId: number | null; date: string };

/**
 * Open receivable or payable items at the as-of date: posted, not reconciled, dated on or before it, with a
 * residual (company currency; Odoo keeps it current, so the as-of date moves the ages, not the residuals).
 * Payables are returned positive. Read from the covering index of migration 0005 (names come separately).
 */
export function openItems(ctx: DashboardContext, kind: 'receivable' | 'payable'): OpenItem[] {
  return ctx.memo(`open-${kind}`, () => {
    const accounts = accountIds(ctx, kind === 'receivable' ? RECEIVABLE : PAYABLE);
    const sign = kind === 'receivable' ? 1 : -1;
    return ctx.db
      .prepare<[string], { id: number; partner: number | null; due: string | null; date: string; residual: number; move: number | null }>(
        `SELECT id, ${m2o('partner_id')} AS partner, ${f('date_maturity')} AS due, ${f('date')} AS date, ${f('amount_residual')} AS residual, ${m2o('move_id')} AS move
           FROM cache_records INDEXED BY cache_records_by_aml_open
          WHERE model = '${AML}' AND ${m2o('account_id')} IN (${inList(accounts)}) AND ${f('reconciled')} = 0 AND ${f('parent_state')} = 'posted'
            AND ${f('date')} <= ? AND ${f('amount_residual')} <> 0`,
      )
      .all(ctx.asOf)
      .map((r) => ({ id: r.id, partnerId: r.partner, due: r.due || r.date, residual: sign * r.residual, moveId: r.move, date: r.date }));
  });
}

/** Names of partners by id (only for the rows shown). */
export function partnerNames(ctx: DashboardContext, ids: Iterable<number>): Map<number, string> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  return new Map(
    ctx.db
      .prepare<[], { id: number; name: string }>(`SELECT id, ${f('name')} AS name FROM cache_records WHERE model = 'res.partner' AND id IN (${inList(list)})`)
      .all()
      .map((r) => [r.id, r.name]),
  );
}

/** Entry and partner names of journal items (only for the rows shown). */
function itemNames(ctx: DashboardContext, ids: number[]): Map<number, { move: string | null; partner: string | null }> {
  if (ids.length === 0) return new Map();
  return new Map(
    ctx.db
      .prepare<[], { id: number; move: string | null; partner: string | null }>(`SELECT id, ${f('move_name')} AS move, ${m2oName('partner_id')} AS partner FROM cache_records WHERE model = '${AML}' AND id IN (${inList(ids)})`)
      .all()
      .map((r) => [r.id, { move: r.move, partner: r.partner }]),
  );
}

const daysOverdue = (ctx: DashboardContext, due: string) => daysBetween(due, ctx.asOf);

const ITEM_COLUMNS = (ctx: DashboardContext, partnerLabel: string): Column[] => [
  { key: 'move', label: 'Entry', format: 'text' },
  { key: 'partner', label: partnerLabel, format: 'text' },
  { key: 'date', label: 'Date', format: 'date' },
  { key: 'due', label: 'Due', format: 'date' },
  { key: 'daysOverdue', label: 'Days overdue', format: 'days' },
  { key: 'residual', label: 'Open amount', format: 'money', currency: ctx.currency },
];

export function itemRows(ctx: DashboardContext, items: OpenItem[], limit: number): DrillSpec['rows'] {
  const shown = items
    .slice()
    .sort((a, b) => a.due.localeCompare(b.due) || b.residual - a.residual || a.id - b.id)
    .slice(0, limit);
  const names = itemNames(ctx, shown.map((i) => i.id));
  return shown.map((i) => ({
      id: i.id,
      move: names.get(i.id)?.move ?? null,
      partner: names.get(i.id)?.partner ?? null,
      date: i.date,
      due: i.due,
      daysOverdue: Math.max(0, daysOverdue(ctx, i.due)),
      residual: round2(i.residual),
      odooUrl: ctx.link('account.move', i.moveId),
    }));
}

function agingWidget(kind: 'receivable' | 'payable'): WidgetDef {
  const ar = kind === 'receivable';
  return {
    id: ar ? 'ar-aging' : 'ap-aging',
    title: ar ? 'Receivables aging' : 'Payables aging',
    help: `Open ${ar ? 'customer' : 'vendor'} items (posted ${ar ? 'receivable' : 'payable'} journal items not yet reconciled) by days past their due date at the as-of date, in ${'company currency'}: not due, 1–30, 31–60, 61–90 and over 90 days.`,
    models: [AML, 'account.account'],
    compute(ctx) {
      const items = openItems(ctx, kind);
      if (items.length === 0) return { status: 'empty', message: `No open ${ar ? 'receivables' : 'payables'}.` };
      const sums = new Map<string, { amount: number; count: number }>(BUCKETS.map((b) => [b.key, { amount: 0, count: 0 }]));
      for (const i of items) {
        const s = sums.get(bucketOf(daysOverdue(ctx, i.due)))!;
        s.amount += i.residual;
        s.count++;
      }
      const total = items.reduce((s, i) => s + i.residual, 0);
      const overdue = total - sums.get('not-due')!.amount;
      return {
        kpis: [
          kpi({ key: 'total', label: ar ? 'Total receivable' : 'Total payable', value: round2(total), format: 'money', currency: ctx.currency }),
          kpi({ key: 'overdue', label: 'Overdue', value: round2(overdue), format: 'money', currency: ctx.currency, tone: overdue > 0.3 * total ? 'danger' : overdue > 0 ? 'warning' : 'default' }),
        ],
        chart: {
          type: 'bar',
          dataKey: 'bucket',
          series: [{ name: 'amount', label: 'Open amount' }],
          data: BUCKETS.map((b) => ({ bucket: b.label, key: b.key, amount: round2(sums.get(b.key)!.amount), count: sums.get(b.key)!.count })),
          valueFormat: 'money',
          currency: ctx.currency,
          drillKeyField: 'key',
        },
        table: keyedTable(
          [
            { key: 'bucket', label: 'Days overdue', format: 'text' },
            { key: 'count', label: 'Items', format: 'number' },
            { key: 'amount', label: 'Open amount', format: 'money', currency: ctx.currency },
          ],
          BUCKETS.map((b) => ({ key: b.key, bucket: b.label, count: sums.get(b.key)!.count, amount: round2(sums.get(b.key)!.amount) })),
        ),
      };
    },
    drill(ctx, key, limit) {
      const items = openItems(ctx, kind).filter((i) => (key === 'total' ? true : key === 'overdue' ? daysOverdue(ctx, i.due) > 0 : bucketOf(daysOverdue(ctx, i.due)) === key));
      if (key !== 'total' && key !== 'overdue' && !BUCKETS.some((b) => b.key === key)) throw unknownKey(this.id, key);
      const label = key === 'total' ? 'all' : key === 'overdue' ? 'overdue' : BUCKETS.find((b) => b.key === key)!.label.replace('> 90', 'over 90') + ' days';
      return { title: `${ar ? 'Receivables' : 'Payables'}: ${label}`, model: AML, columns: ITEM_COLUMNS(ctx, ar ? 'Customer' : 'Vendor'), rows: itemRows(ctx, items, limit), total: items.length };
    },
  };
}

/** Bank and cash journals with the account their balance lives on and their currency (null = company currency). */
function cashJournals(ctx: DashboardContext): Array<{ id: number; name: string; account: number | null; currencyId: number | null }> {
  return ctx.db
    .prepare<[], { id: number; name: string; account: number | null; cur: number | null }>(
      `SELECT id, ${f('name')} AS name, ${m2o('default_account_id')} AS account, ${m2o('currency_id')} AS cur FROM cache_records
        WHERE model = 'account.journal' AND ${f('type')} IN ('bank', 'cash') AND active = 1 ORDER BY id`,
    )
    .all()
    .map((r) => ({ id: r.id, name: r.name, account: r.account, currencyId: r.cur && r.cur !== ctx.currencyId ? r.cur : null }));
}

const cash: WidgetDef = {
  id: 'cash',
  title: 'Cash position',
  help: 'Per bank and cash journal: the balance of its bank account (posted journal items up to the as-of date). Journals in a foreign currency show their balance in that currency and its value in company currency at the latest cached rate on or before the as-of date.',
  models: ['account.journal', AML],
  compute(ctx) {
    const journals = cashJournals(ctx);
    if (journals.length === 0) return { status: 'empty', message: 'No bank or cash journal in the cache.' };
    const sums = new Map(
      ctx.db
        .prepare<[string], { account: number; balance: number; cur: number }>(
          `SELECT ${m2o('account_id')} AS account, sum(${f('balance')}) AS balance, sum(${f('amount_currency')}) AS cur ${AD}
            WHERE model = '${AML}' AND ${m2o('account_id')} IN (${inList(journals.map((j) => j.account ?? 0))}) AND ${f('parent_state')} = 'posted' AND ${f('date')} <= ?
            GROUP BY 1`,
        )
        .all(ctx.asOf)
        .map((r) => [r.account, r]),
    );
    const rows: Row[] = journals.map((j) => {
      const s = j.account !== null ? sums.get(j.account) : undefined;
      const native = j.currencyId ? (s?.cur ?? 0) : (s?.balance ?? 0);
      const value = j.currencyId ? ctx.toCompany(native, j.currencyId, ctx.asOf) : native;
      return { key: String(j.id), journal: j.name, currency: ctx.currencyName(j.currencyId), balance: round2(native), value: round2(value) };
    });
    const total = rows.reduce((s, r) => s + (r.value as number), 0);
    return {
      kpis: [kpi({ key: 'total', label: 'Total cash', value: round2(total), format: 'money', currency: ctx.currency, tone: total < 0 ? 'danger' : 'default' })],
      chart: { type: 'bar', dataKey: 'journal', series: [{ name: 'value', label: `Value (${ctx.currency})` }], data: rows, valueFormat: 'money', currency: ctx.currency, drillKeyField: 'key' },
      table: keyedTable(
        [
          { key: 'journal', label: 'Journal', format: 'text' },
          { key: 'balance', label: 'Balance', format: 'money', currencyField: 'currency' },
          { key: 'value', label: `Value (${ctx.currency})`, format: 'money', currency: ctx.currency },
        ],
        rows,
      ),
    };
  },
  drill(ctx, key, limit) {
    const journals = cashJournals(ctx).filter((j) => key === 'total' || String(j.id) === key);
    if (journals.length === 0) throw unknownKey('cash', key);
    const accounts = inList(journals.map((j) => j.account ?? 0));
    return queryDrill<{ id: number; date: string; move: number | null; mname: string; label: string | null; partner: string | null; balance: number; amount_currency: number; cur: number | null }>(
      ctx,
      {
        title: key === 'total' ? 'Cash: all bank and cash journals' : `Cash: ${journals[0]!.name}`,
        model: AML,
        columns: [
          { key: 'date', label: 'Date', format: 'date' },
          { key: 'move', label: 'Entry', format: 'text' },
          { key: 'label', label: 'Label', format: 'text' },
          { key: 'partner', label: 'Partner', format: 'text' },
          { key: 'amount', label: 'Amount', format: 'money', currencyField: 'currency' },
          { key: 'balance', label: `Amount (${ctx.currency})`, format: 'money', currency: ctx.currency },
        ],
      },
      {
        select: `id, ${f('date')} AS date, ${m2o('move_id')} AS move, ${f('move_name')} AS mname, ${f('name')} AS label, ${m2oName('partner_id')} AS partner,
                 ${f('balance')} AS balance, ${f('amount_currency')} AS amount_currency, ${m2o('currency_id')} AS cur`,
        from: AD,
        where: `model = '${AML}' AND ${m2o('account_id')} IN (${accounts}) AND ${f('parent_state')} = 'posted' AND ${f('date')} <= ?`,
        params: [ctx.asOf],
        orderBy: `${f('date')} DESC, id DESC`,
      },
      limit,
      (r) => ({
        id: r.id, date: r.date, move: r.mname, label: r.label, partner: r.partner, amount: round2(r.amount_currency ?? r.balance), currency: ctx.currencyName(r.cur),
        balance: round2(r.balance), odooUrl: ctx.link('account.move', r.move),
      }),
    );
  },
};

/** Σ balance of receivable (payable) items in sale (purchase) journals over the 365 days up to the as-of date. */
function creditVolume(ctx: DashboardContext, kind: 'receivable' | 'payable'): number {
  const accounts = accountIds(ctx, kind === 'receivable' ? RECEIVABLE : PAYABLE);
  const journals = ctx.db
    .prepare<[string], { id: number }>(`SELECT id FROM cache_records WHERE model = 'account.journal' AND ${f('type')} = ?`)
    .all(kind === 'receivable' ? 'sale' : 'purchase')
    .map((r) => r.id);
  const r = ctx.db
    .prepare<[string, string], { s: number | null }>(
      `SELECT sum(${f('balance')}) AS s ${AD} WHERE model = '${AML}' AND ${m2o('account_id')} IN (${inList(accounts)}) AND ${m2o('journal_id')} IN (${inList(journals)})
          AND ${f('parent_state')} = 'posted' AND ${f('date')} > ? AND ${f('date')} <= ?`,
    )
    .get(addDays(ctx.asOf, -365), ctx.asOf);
  return (kind === 'receivable' ? 1 : -1) * (r?.s ?? 0);
}

export function dsoDpo(ctx: DashboardContext): { ar: number; ap: number; sales: number; purchases: number; dso: number | null; dpo: number | null } {
  const ar = openItems(ctx, 'receivable').reduce((s, i) => s + i.residual, 0);
  const ap = openItems(ctx, 'payable').reduce((s, i) => s + i.residual, 0);
  const sales = creditVolume(ctx, 'receivable');
  const purchases = creditVolume(ctx, 'payable');
  return { ar, ap, sales, purchases, dso: sales > 0 ? (ar / sales) * 365 : null, dpo: purchases > 0 ? (ap / purchases) * 365 : null };
}

const dso: WidgetDef = {
  id: 'dso-dpo',
  title: 'DSO and DPO',
  help: 'DSO = open receivables ÷ invoiced sales (incl. tax, net of credit notes) of the last 365 days × 365. DPO = open payables ÷ vendor bills (incl. tax, net of refunds) of the last 365 days × 365. Both in company currency, at the as-of date.',
  models: [AML, 'account.account', 'account.journal'],
  compute(ctx) {
    const d = dsoDpo(ctx);
    if (d.sales === 0 && d.purchases === 0 && d.ar === 0 && d.ap === 0) return { status: 'empty', message: 'No invoices or bills in the last 365 days.' };
    return {
      kpis: [
        kpi({ key: 'dso', label: 'DSO', value: d.dso === null ? null : Math.round(d.dso * 10) / 10, format: 'days', hint: 'open receivables ÷ sales × 365', tone: d.dso !== null && d.dso > 60 ? 'warning' : 'default' }),
        kpi({ key: 'dpo', label: 'DPO', value: d.dpo === null ? null : Math.round(d.dpo * 10) / 10, format: 'days', hint: 'open payables ÷ purchases × 365' }),
        kpi({ key: 'sales', label: 'Invoiced, last 365 days', value: round2(d.sales), format: 'money', currency: ctx.currency, drill: false }),
        kpi({ key: 'purchases', label: 'Billed, last 365 days', value: round2(d.purchases), format: 'money', currency: ctx.currency, drill: false }),
      ],
    };
  },
  drill(ctx, key, limit) {
    if (key !== 'dso' && key !== 'dpo') throw unknownKey('dso-dpo', key);
    const items = openItems(ctx, key === 'dso' ? 'receivable' : 'payable');
    return { title: key === 'dso' ? 'Open receivables behind DSO' : 'Open payables behind DPO', model: AML, columns: ITEM_COLUMNS(ctx, key === 'dso' ? 'Customer' : 'Vendor'), rows: itemRows(ctx, items, limit), total: items.length };
  },
};

export function overdueByCustomer(ctx: DashboardContext): Array<{ partnerId: number; amount: number; count: number; oldest: string }> {
  const by = new Map<number, { partnerId: number; amount: number; count: number; oldest: string }>();
  for (const i of openItems(ctx, 'receivable')) {
    if (i.partnerId === null || daysOverdue(ctx, i.due) <= 0) continue;
    let e = by.get(i.partnerId);
    if (!e) by.set(i.partnerId, (e = { partnerId: i.partnerId, amount: 0, count: 0, oldest: i.due }));
    e.amount += i.residual;
    e.count++;
    if (i.due < e.oldest) e.oldest = i.due;
  }
  return [...by.values()].filter((e) => e.amount > 0.005).sort((a, b) => b.amount - a.amount || a.partnerId - b.partnerId);
}

const topOverdue: WidgetDef = {
  id: 'top-overdue',
  title: 'Top overdue customers',
  help: 'Customers with the largest overdue receivables (open items past their due date at the as-of date), in company currency.',
  models: [AML, 'account.account'],
  compute(ctx) {
    const all = overdueByCustomer(ctx);
    if (all.length === 0) return { status: 'empty', message: 'No customer is overdue.' };
    const top = all.slice(0, 10);
    const names = partnerNames(ctx, top.map((e) => e.partnerId));
    const rows = top.map((e) => ({ key: String(e.partnerId), customer: names.get(e.partnerId) ?? `Partner ${e.partnerId}`, amount: round2(e.amount), items: e.count, oldest: e.oldest, days: daysOverdue(ctx, e.oldest) }));
    return {
      chart: { type: 'bar', dataKey: 'customer', series: [{ name: 'amount', label: 'Overdue' }], data: rows, valueFormat: 'money', currency: ctx.currency, drillKeyField: 'key' },
      table: keyedTable(
        [
          { key: 'customer', label: 'Customer', format: 'text' },
          { key: 'amount', label: 'Overdue', format: 'money', currency: ctx.currency },
          { key: 'items', label: 'Items', format: 'number' },
          { key: 'oldest', label: 'Oldest due', format: 'date' },
          { key: 'days', label: 'Days overdue', format: 'days' },
        ],
        rows,
        { total: all.length },
      ),
    };
  },
  drill(ctx, key, limit) {
    const id = idKey('top-overdue', key);
    const items = openItems(ctx, 'receivable').filter((i) => i.partnerId === id && daysOverdue(ctx, i.due) > 0);
    return { title: `Overdue items of ${partnerNames(ctx, [id]).get(id) ?? `partner ${id}`}`, model: AML, columns: ITEM_COLUMNS(ctx, 'Customer'), rows: itemRows(ctx, items, limit), total: items.length };
  },
};

const ST = 'account.bank.statement.line';

export function unreconciledByJournal(ctx: DashboardContext): Array<{ journalId: number; journal: string; currencyId: number | null; count: number; amount: number; value: number; oldest: string }> {
  const journals = new Map(cashJournals(ctx).map((j) => [j.id, j]));
  return ctx.db
    .prepare<[string], { journal: number; jname: string | null; n: number; amount: number; oldest: string }>(
      `SELECT ${m2o('journal_id')} AS journal, ${m2oName('journal_id')} AS jname, count(*) AS n, sum(${f('amount')}) AS amount, min(${f('date')}) AS oldest
         FROM cache_records INDEXED BY cache_records_by_statement_line_open WHERE model = '${ST}' AND ${f('is_reconciled')} = 0 AND ${f('date')} <= ? GROUP BY 1 ORDER BY 1`,
    )
    .all(ctx.asOf)
    .map((r) => {
      const j = journals.get(r.journal);
      const cur = j?.currencyId ?? null;
      return { journalId: r.journal, journal: j?.name ?? r.jname ?? `Journal ${r.journal}`, currencyId: cur, count: r.n, amount: r.amount, value: cur ? ctx.toCompany(r.amount, cur, ctx.asOf) : r.amount, oldest: r.oldest };
    });
}

const unreconciled: WidgetDef = {
  id: 'unreconciled-bank',
  title: 'Unreconciled bank lines',
  help: 'Bank statement lines dated up to the as-of date that are not reconciled yet: how many, their net amount (foreign-currency journals converted at the latest cached rate) and the oldest one.',
  models: [ST, 'account.journal'],
  compute(ctx) {
    const per = unreconciledByJournal(ctx);
    if (per.length === 0) return { status: 'empty', message: 'Every bank line is reconciled.' };
    const count = per.reduce((s, j) => s + j.count, 0);
    const value = per.reduce((s, j) => s + j.value, 0);
    const oldest = per.reduce((m, j) => (j.oldest < m ? j.oldest : m), per[0]!.oldest);
    return {
      kpis: [
        kpi({ key: 'all', label: 'Lines to reconcile', value: count, format: 'number', tone: count > 0 ? 'warning' : 'default' }),
        kpi({ key: 'amount', label: 'Net amount', value: round2(value), format: 'money', currency: ctx.currency }),
        kpi({ key: 'oldest', label: 'Oldest line', value: daysBetween(oldest, ctx.asOf), format: 'days', hint: oldest, tone: daysBetween(oldest, ctx.asOf) > 30 ? 'danger' : 'default' }),
      ],
      table: keyedTable(
        [
          { key: 'journal', label: 'Journal', format: 'text' },
          { key: 'count', label: 'Lines', format: 'number' },
          { key: 'amount', label: 'Net amount', format: 'money', currencyField: 'currency' },
          { key: 'oldest', label: 'Oldest', format: 'date' },
        ],
        per.map((j) => ({ key: String(j.journalId), journal: j.journal, count: j.count, amount: round2(j.amount), currency: ctx.currencyName(j.currencyId), oldest: j.oldest })),
      ),
    };
  },
  drill(ctx, key, limit) {
    const journalId = key === 'all' || key === 'amount' || key === 'oldest' ? null : Number(key);
    if (journalId !== null && !Number.isInteger(journalId)) throw unknownKey('unreconciled-bank', key);
    const journals = new Map(cashJournals(ctx).map((j) => [j.id, j]));
    return queryDrill<{ id: number; date: string; label: string | null; partner: string | null; pname: string | null; amount: number; journal: number }>(
      ctx,
      {
        title: journalId === null ? 'Unreconciled bank lines' : `Unreconciled bank lines: ${journals.get(journalId)?.name ?? journalId}`,
        model: ST,
        columns: [
          { key: 'date', label: 'Date', format: 'date' },
          { key: 'journal', label: 'Journal', format: 'text' },
          { key: 'label', label: 'Label', format: 'text' },
          { key: 'partner', label: 'Partner', format: 'text' },
          { key: 'amount', label: 'Amount', format: 'money', currencyField: 'currency' },
          { key: 'days', label: 'Age', format: 'days' },
        ],
      },
      {
        select: `id, ${f('date')} AS date, ${f('payment_ref')} AS label, ${m2oName('partner_id')} AS partner, ${f('partner_name')} AS pname, ${f('amount')} AS amount, ${m2o('journal_id')} AS journal`,
        from: 'FROM cache_records',
        where: `model = '${ST}' AND ${f('is_reconciled')} = 0 AND ${f('date')} <= ?${journalId !== null ? ` AND ${m2o('journal_id')} = ${journalId}` : ''}`,
        params: [ctx.asOf],
        orderBy: `${f('date')}, id`,
      },
      limit,
      (r) => ({
        id: r.id, date: r.date, journal: journals.get(r.journal)?.name ?? null, label: r.label, partner: r.partner ?? r.pname, amount: round2(r.amount),
        currency: ctx.currencyName(journals.get(r.journal)?.currencyId ?? null), days: daysBetween(r.date, ctx.asOf), odooUrl: ctx.link(ST, r.id),
      }),
    );
  },
};

const OUTBOX_STATES = ['pending', 'applying', 'conflict', 'failed'] as const;
const outbox: WidgetDef = {
  id: 'outbox',
  title: 'Changes waiting for Odoo',
  help: 'Changes made here and queued for Odoo (the outbox): pending or being sent, in conflict with a newer version in Odoo, or failed.',
  models: [],
  compute(ctx) {
    const counts = new Map(
      ctx.db
        .prepare<[string | null], { state: string; n: number }>(`SELECT state, count(*) AS n FROM outbox WHERE state IN ('pending','applying','conflict','failed') AND (connection_id IS NULL OR coalesce(?, connection_id) = connection_id) GROUP BY state`)
        .all(ctx.connectionId)
        .map((r) => [r.state, r.n]),
    );
    const n = (s: string) => counts.get(s) ?? 0;
    const rows = ctx.db
      .prepare<[string | null], { id: number; state: string; summary: string; created_at: string }>(
        `SELECT id, state, summary, created_at FROM outbox WHERE state IN ('pending','applying','conflict','failed') AND (connection_id IS NULL OR coalesce(?, connection_id) = connection_id) ORDER BY (state = 'conflict') DESC, id LIMIT 10`,
      )
      .all(ctx.connectionId);
    return {
      ...(rows.length === 0 ? { message: 'Nothing is waiting: every change has reached Odoo.' } : {}),
      kpis: [
        kpi({ key: 'pending', label: 'Pending', value: n('pending') + n('applying'), format: 'number' }),
        kpi({ key: 'conflict', label: 'Conflicts', value: n('conflict'), format: 'number', tone: n('conflict') > 0 ? 'danger' : 'default' }),
        kpi({ key: 'failed', label: 'Failed', value: n('failed'), format: 'number', tone: n('failed') > 0 ? 'warning' : 'default' }),
      ],
      table: keyedTable(
        [
          { key: 'id', label: '#', format: 'number' },
          { key: 'state', label: 'State', format: 'text' },
          { key: 'summary', label: 'Change', format: 'text' },
          { key: 'created', label: 'Queued', format: 'date' },
        ],
        rows.map((r) => ({ key: r.state === 'applying' ? 'pending' : r.state, id: r.id, state: r.state, summary: r.summary, created: r.created_at.slice(0, 10) })),
        { total: OUTBOX_STATES.reduce((s, x) => s + n(x), 0) },
      ),
    };
  },
  drill(ctx, key, limit) {
    if (!['pending', 'conflict', 'failed'].includes(key)) throw unknownKey('outbox', key);
    const states = key === 'pending' ? "('pending','applying')" : `('${key}')`;
    return queryDrill<{ id: number; kind: string; state: string; summary: string; created_at: string; attempts: number }>(
      ctx,
      {
        title: `Outbox: ${key}`,
        model: 'outbox',
        columns: [
          { key: 'kind', label: 'Kind', format: 'text' },
          { key: 'state', label: 'State', format: 'text' },
          { key: 'summary', label: 'Change', format: 'text' },
          { key: 'created', label: 'Queued', format: 'date' },
          { key: 'attempts', label: 'Attempts', format: 'number' },
        ],
      },
      {
        select: 'id, kind, state, summary, created_at, attempts',
        from: 'FROM outbox',
        where: `state IN ${states} AND (connection_id IS NULL OR coalesce(?, connection_id) = connection_id)`,
        params: [ctx.connectionId],
        orderBy: 'id',
      },
      limit,
      (r) => ({ id: r.id, kind: r.kind, state: r.state, summary: r.summary, created: r.created_at.slice(0, 10), attempts: r.attempts, odooUrl: null }),
    );
  },
};

/** The twelve months ending with the as-of date's month, oldest first ('YYYY-MM'). */
export function lastTwelveMonths(asOf: string): string[] {
  const y = Number(asOf.slice(0, 4));
  const m = Number(asOf.slice(5, 7));
  const out: string[] = [];
  for (let k = 11; k >= 0; k--) {
    const d = new Date(Date.UTC(y, m - 1 - k, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

export function incomeExpense(ctx: DashboardContext): Array<{ month: string; income: number; expense: number }> {
  const months = lastTwelveMonths(ctx.asOf);
  const inc = accountIds(ctx, INCOME);
  const exp = accountIds(ctx, EXPENSE);
  const isIncome = new Set(inc);
  // grouped by the indexed expressions themselves (account, day) so SQLite reads only the index; months fold here
  const rows = ctx.db
    .prepare<[string, string], { account: number; day: string; balance: number }>(
      `SELECT ${m2o('account_id')} AS account, ${f('date')} AS day, sum(${f('balance')}) AS balance
         ${AD}
        WHERE model = '${AML}' AND ${m2o('account_id')} IN (${inList([...inc, ...exp])}) AND ${f('parent_state')} = 'posted' AND ${f('date')} >= ? AND ${f('date')} <= ?
        GROUP BY 1, 2`,
    )
    .all(`${months[0]}-01`, ctx.asOf);
  const by = new Map(months.map((m) => [m, { income: 0, expense: 0 }]));
  for (const r of rows) {
    const m = by.get(r.day.slice(0, 7));
    if (!m) continue;
    if (isIncome.has(r.account)) m.income -= r.balance;
    else m.expense += r.balance;
  }
  return months.map((m) => ({ month: m, income: round2(by.get(m)!.income), expense: round2(by.get(m)!.expense) }));
}

const incomeVsExpense: WidgetDef = {
  id: 'income-expense',
  title: 'Income vs expense, 12 months',
  help: 'Per month, the last 12 months up to the as-of date: income = credit − debit on income accounts; expense = debit − credit on expense, direct-cost and depreciation accounts (posted entries, company currency).',
  models: [AML, 'account.account'],
  compute(ctx) {
    const data = incomeExpense(ctx);
    if (data.every((d) => d.income === 0 && d.expense === 0)) return { status: 'empty', message: 'No income or expense posted in the last 12 months.' };
    const income = data.reduce((s, d) => s + d.income, 0);
    const expense = data.reduce((s, d) => s + d.expense, 0);
    const rows = data.map((d) => ({ key: d.month, month: d.month, income: d.income, expense: d.expense, result: round2(d.income - d.expense) }));
    return {
      kpis: [
        kpi({ key: 'income', label: 'Income, 12 months', value: round2(income), format: 'money', currency: ctx.currency }),
        kpi({ key: 'expense', label: 'Expense, 12 months', value: round2(expense), format: 'money', currency: ctx.currency }),
        kpi({ key: 'result', label: 'Result', value: round2(income - expense), format: 'money', currency: ctx.currency, drill: false, tone: income - expense < 0 ? 'danger' : 'default' }),
      ],
      chart: {
        type: 'area',
        dataKey: 'month',
        series: [
          { name: 'income', label: 'Income' },
          { name: 'expense', label: 'Expense' },
        ],
        data: rows,
        valueFormat: 'money',
        currency: ctx.currency,
        drillKeyField: 'key',
      },
      table: keyedTable(
        [
          { key: 'month', label: 'Month', format: 'text' },
          { key: 'income', label: 'Income', format: 'money', currency: ctx.currency },
          { key: 'expense', label: 'Expense', format: 'money', currency: ctx.currency },
          { key: 'result', label: 'Result', format: 'money', currency: ctx.currency },
        ],
        rows,
      ),
    };
  },
  drill(ctx, key, limit) {
    const months = lastTwelveMonths(ctx.asOf);
    let types: readonly string[];
    let from = `${months[0]}-01`;
    let to = ctx.asOf;
    if (key === 'income') types = INCOME;
    else if (key === 'expense') types = EXPENSE;
    else if (months.includes(key)) {
      types = [...INCOME, ...EXPENSE];
      from = `${key}-01`;
      to = `${key}-31` < ctx.asOf ? `${key}-31` : ctx.asOf;
    } else throw unknownKey('income-expense', key);
    const accounts = inList(accountIds(ctx, types));
    return queryDrill<{ id: number; date: string; move: number | null; mname: string; account: string | null; label: string | null; partner: string | null; balance: number }>(
      ctx,
      {
        title: key === 'income' ? 'Income, 12 months' : key === 'expense' ? 'Expense, 12 months' : `Income and expense, ${key}`,
        model: AML,
        columns: [
          { key: 'date', label: 'Date', format: 'date' },
          { key: 'move', label: 'Entry', format: 'text' },
          { key: 'account', label: 'Account', format: 'text' },
          { key: 'label', label: 'Label', format: 'text' },
          { key: 'partner', label: 'Partner', format: 'text' },
          { key: 'amount', label: 'Credit − debit', format: 'money', currency: ctx.currency },
        ],
      },
      {
        select: `id, ${f('date')} AS date, ${m2o('move_id')} AS move, ${f('move_name')} AS mname, ${m2oName('account_id')} AS account, ${f('name')} AS label, ${m2oName('partner_id')} AS partner, ${f('balance')} AS balance`,
        from: AD,
        where: `model = '${AML}' AND ${m2o('account_id')} IN (${accounts}) AND ${f('parent_state')} = 'posted' AND ${f('date')} >= ? AND ${f('date')} <= ?`,
        params: [from, to],
        orderBy: `abs(${f('balance')}) DESC, id`,
      },
      limit,
      (r) => ({ id: r.id, date: r.date, move: r.mname, account: r.account, label: r.label, partner: r.partner, amount: round2(-r.balance), odooUrl: ctx.link('account.move', r.move) }),
    );
  },
};

export const CFO_WIDGETS: readonly WidgetDef[] = [cash, agingWidget('receivable'), agingWidget('payable'), dso, topOverdue, unreconciled, outbox, incomeVsExpense];
