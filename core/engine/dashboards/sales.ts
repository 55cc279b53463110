import type { Column, Row } from '../../contract';
import { itemRows, openItems, partnerNames } from './cfo';
import { addDays, daysBetween, f, idKey, inList, keyedTable, listDrill, m2o, m2oName, round2, unknownKey, type DashboardContext, type DrillSpec } from './context';
import { kpi, type WidgetDef } from './types';

const LEAD = 'crm.lead';
const SO = 'sale.order';

type Stage = { id: number; name: string; sequence: number; isWon: boolean };
const stages = (ctx: DashboardContext): Stage[] =>
  ctx.memo('stages', () =>
    ctx.db
      .prepare<[], { id: number; name: string; seq: number | null; won: number | null }>(`SELECT id, ${f('name')} AS name, ${f('sequence')} AS seq, ${f('is_won')} AS won FROM cache_records WHERE model = 'crm.stage' ORDER BY seq, id`)
      .all()
      .map((r) => ({ id: r.id, name: r.name, sequence: r.seq ?? 0, isWon: r.won === 1 })),
  );

type Lead = { id: number; stageId: number | null; revenue: number; probability: number; active: boolean; closed: string | null; type: string | null };
/** Every lead, from the covering index of migration 0005 (names and partners come with the rows shown). */
const leads = (ctx: DashboardContext): Lead[] =>
  ctx.memo('leads', () =>
    ctx.db
      .prepare<[], { id: number; stage: number | null; revenue: number | null; prob: number | null; active: number; closed: string | null; type: string | null }>(
        `SELECT id, ${m2o('stage_id')} AS stage, ${f('expected_revenue')} AS revenue, ${f('probability')} AS prob, active, ${f('date_closed')} AS closed, ${f('type')} AS type
           FROM cache_records INDEXED BY cache_records_by_lead WHERE model = '${LEAD}'`,
      )
      .all()
      .map((r) => ({
        id: r.id, stageId: r.stage, revenue: r.revenue ?? 0, probability: r.prob ?? 0, active: r.active === 1,
        closed: typeof r.closed === 'string' && r.closed ? r.closed.slice(0, 10) : null, type: r.type,
      })),
  );

/** Open opportunities: active, not a lead, not in a won stage. */
export function openOpportunities(ctx: DashboardContext): Lead[] {
  const won = new Set(stages(ctx).filter((s) => s.isWon).map((s) => s.id));
  return leads(ctx).filter((l) => l.active && l.type !== 'lead' && !(l.stageId !== null && won.has(l.stageId)));
}

/** Won (won stage, still active) and lost (archived at 0 %) opportunities closed in the 90 days up to the as-of date. */
export function wonLost(ctx: DashboardContext): { won: Lead[]; lost: Lead[] } {
  const wonStages = new Set(stages(ctx).filter((s) => s.isWon).map((s) => s.id));
  const from = addDays(ctx.asOf, -90);
  const inWindow = (l: Lead) => l.closed !== null && l.closed > from && l.closed <= ctx.asOf;
  const all = leads(ctx).filter((l) => l.type !== 'lead' && inWindow(l));
  return {
    won: all.filter((l) => l.active && l.stageId !== null && wonStages.has(l.stageId)),
    lost: all.filter((l) => !l.active && l.probability === 0),
  };
}

const leadColumns = (ctx: DashboardContext) => [
  { key: 'name', label: 'Opportunity', format: 'text' as const },
  { key: 'partner', label: 'Customer', format: 'text' as const },
  { key: 'stage', label: 'Stage', format: 'text' as const },
  { key: 'revenue', label: 'Expected revenue', format: 'money' as const, currency: ctx.currency },
  { key: 'probability', label: 'Probability', format: 'percent' as const },
  { key: 'weighted', label: 'Weighted', format: 'money' as const, currency: ctx.currency },
  { key: 'date', label: 'Closed / expected', format: 'date' as const },
];
function leadRows(ctx: DashboardContext, list: Lead[], limit: number): DrillSpec['rows'] {
  const names = new Map(stages(ctx).map((s) => [s.id, s.name]));
  const shown = list
    .slice()
    .sort((a, b) => b.revenue - a.revenue || a.id - b.id)
    .slice(0, limit);
  const extra = new Map(
    shown.length
      ? ctx.db
          .prepare<[], { id: number; name: string; partner: string | null; deadline: string | null }>(
            `SELECT id, ${f('name')} AS name, ${m2oName('partner_id')} AS partner, ${f('date_deadline')} AS deadline FROM cache_records WHERE model = '${LEAD}' AND id IN (${inList(shown.map((l) => l.id))})`,
          )
          .all()
          .map((r) => [r.id, r])
      : [],
  );
  return shown.map((l) => ({
    id: l.id, name: extra.get(l.id)?.name ?? null, partner: extra.get(l.id)?.partner ?? null, stage: l.stageId !== null ? (names.get(l.stageId) ?? null) : null, revenue: round2(l.revenue), probability: l.probability,
    weighted: round2((l.revenue * l.probability) / 100), date: l.closed ?? (typeof extra.get(l.id)?.deadline === 'string' ? extra.get(l.id)!.deadline : null), odooUrl: ctx.link(LEAD, l.id),
  }));
}

const pipeline: WidgetDef = {
  id: 'pipeline',
  title: 'Pipeline by stage',
  help: 'Open opportunities (active, not in a won stage) per CRM stage, in stage order: their number and expected revenue (company currency).',
  models: [LEAD, 'crm.stage'],
  compute(ctx) {
    const open = openOpportunities(ctx);
    if (open.length === 0) return { status: 'empty', message: 'No open opportunities.' };
    const rows: Row[] = [];
    for (const s of stages(ctx).filter((x) => !x.isWon)) {
      const list = open.filter((l) => l.stageId === s.id);
      rows.push({ key: String(s.id), stage: s.name, count: list.length, revenue: round2(list.reduce((a, l) => a + l.revenue, 0)) });
    }
    const orphans = open.filter((l) => l.stageId === null || !stages(ctx).some((s) => s.id === l.stageId));
    if (orphans.length) rows.push({ key: 'none', stage: 'No stage', count: orphans.length, revenue: round2(orphans.reduce((a, l) => a + l.revenue, 0)) });
    return {
      chart: { type: 'funnel', dataKey: 'stage', series: [{ name: 'revenue', label: 'Expected revenue' }], data: rows, valueFormat: 'money', currency: ctx.currency, drillKeyField: 'key' },
      table: keyedTable(
        [
          { key: 'stage', label: 'Stage', format: 'text' },
          { key: 'count', label: 'Opportunities', format: 'number' },
          { key: 'revenue', label: 'Expected revenue', format: 'money', currency: ctx.currency },
        ],
        rows,
      ),
    };
  },
  drill(ctx, key, limit) {
    const open = openOpportunities(ctx);
    const known = new Set(stages(ctx).map((s) => s.id));
    const list = key === 'none' ? open.filter((l) => l.stageId === null || !known.has(l.stageId)) : open.filter((l) => String(l.stageId) === key);
    if (key !== 'none' && !known.has(Number(key))) throw unknownKey('pipeline', key);
    return { title: `Pipeline: ${stages(ctx).find((s) => String(s.id) === key)?.name ?? 'no stage'}`, model: LEAD, columns: leadColumns(ctx), rows: leadRows(ctx, list, limit), total: list.length };
  },
};

const weighted: WidgetDef = {
  id: 'weighted-pipeline',
  title: 'Weighted pipeline',
  help: 'Σ expected revenue × probability of the open opportunities, next to the unweighted total (company currency).',
  models: [LEAD, 'crm.stage'],
  compute(ctx) {
    const open = openOpportunities(ctx);
    if (open.length === 0) return { status: 'empty', message: 'No open opportunities.' };
    const total = open.reduce((a, l) => a + l.revenue, 0);
    const w = open.reduce((a, l) => a + (l.revenue * l.probability) / 100, 0);
    return {
      kpis: [
        kpi({ key: 'weighted', label: 'Weighted pipeline', value: round2(w), format: 'money', currency: ctx.currency }),
        kpi({ key: 'total', label: 'Total pipeline', value: round2(total), format: 'money', currency: ctx.currency }),
        kpi({ key: 'count', label: 'Open opportunities', value: open.length, format: 'number' }),
      ],
    };
  },
  drill(ctx, key, limit) {
    if (!['weighted', 'total', 'count'].includes(key)) throw unknownKey('weighted-pipeline', key);
    const open = openOpportunities(ctx);
    return { title: 'Open opportunities', model: LEAD, columns: leadColumns(ctx), rows: leadRows(ctx, open, limit), total: open.length };
  },
};

const wonLostWidget: WidgetDef = {
  id: 'won-lost',
  title: 'Won and lost, last 90 days',
  help: 'Opportunities closed in the 90 days up to the as-of date: won (in a won stage) and lost (archived at 0 %), with their expected revenue. Win rate = won ÷ (won + lost).',
  models: [LEAD, 'crm.stage'],
  compute(ctx) {
    const { won, lost } = wonLost(ctx);
    if (won.length + lost.length === 0) return { status: 'empty', message: 'No opportunity was won or lost in the last 90 days.' };
    const sum = (l: Lead[]) => round2(l.reduce((a, x) => a + x.revenue, 0));
    return {
      kpis: [
        kpi({ key: 'won', label: 'Won', value: won.length, format: 'number' }),
        kpi({ key: 'lost', label: 'Lost', value: lost.length, format: 'number' }),
        kpi({ key: 'rate', label: 'Win rate', value: Math.round((won.length / (won.length + lost.length)) * 1000) / 10, format: 'percent', drill: false }),
      ],
      chart: {
        type: 'donut',
        dataKey: 'outcome',
        series: [{ name: 'count', label: 'Opportunities' }],
        data: [
          { key: 'won', outcome: 'Won', count: won.length, revenue: sum(won) },
          { key: 'lost', outcome: 'Lost', count: lost.length, revenue: sum(lost) },
        ],
        valueFormat: 'number',
        drillKeyField: 'key',
      },
      table: keyedTable(
        [
          { key: 'outcome', label: 'Outcome', format: 'text' },
          { key: 'count', label: 'Opportunities', format: 'number' },
          { key: 'revenue', label: 'Expected revenue', format: 'money', currency: ctx.currency },
        ],
        [
          { key: 'won', outcome: 'Won', count: won.length, revenue: sum(won) },
          { key: 'lost', outcome: 'Lost', count: lost.length, revenue: sum(lost) },
        ],
      ),
    };
  },
  drill(ctx, key, limit) {
    if (key !== 'won' && key !== 'lost') throw unknownKey('won-lost', key);
    const list = wonLost(ctx)[key];
    return { title: key === 'won' ? 'Won in the last 90 days' : 'Lost in the last 90 days', model: LEAD, columns: leadColumns(ctx), rows: leadRows(ctx, list, limit), total: list.length };
  },
};

type Order = { id: number; partnerId: number | null; state: string; date: string; untaxed: number; currencyId: number | null };
/** Sale orders in some states dated in (from, asOf], from the covering index of migration 0005. */
const orders = (ctx: DashboardContext, states: readonly string[], from: string | null): Order[] =>
  ctx.db
    .prepare<string[], { id: number; partner: number | null; state: string; date: string; untaxed: number | null; cur: number | null }>(
      `SELECT id, ${m2o('partner_id')} AS partner, ${f('state')} AS state, ${f('date_order')} AS date, ${f('amount_untaxed')} AS untaxed, ${m2o('currency_id')} AS cur
         FROM cache_records INDEXED BY cache_records_by_sale_order_state
        WHERE model = '${SO}' AND ${f('state')} IN (${states.map(() => '?').join(',')}) AND ${f('date_order')} < ?${from ? ` AND ${f('date_order')} >= ?` : ''}`,
    )
    // date_order is 'YYYY-MM-DD HH:MM:SS': before the next day = on or before the day
    .all(...states, addDays(ctx.asOf, 1), ...(from ? [addDays(from, 1)] : []))
    .map((r) => ({ id: r.id, partnerId: r.partner, state: r.state, date: String(r.date).slice(0, 10), untaxed: r.untaxed ?? 0, currencyId: r.cur }));

/** Confirmed sales (untaxed, company currency at each order's date) per customer over the 365 days up to the as-of date. */
export function salesByCustomer(ctx: DashboardContext): Array<{ partnerId: number; amount: number; orders: number }> {
  const by = new Map<number, { partnerId: number; amount: number; orders: number }>();
  for (const o of orders(ctx, ['sale', 'done'], addDays(ctx.asOf, -365))) {
    if (o.partnerId === null) continue;
    let e = by.get(o.partnerId);
    if (!e) by.set(o.partnerId, (e = { partnerId: o.partnerId, amount: 0, orders: 0 }));
    e.amount += ctx.toCompany(o.untaxed, o.currencyId, o.date);
    e.orders++;
  }
  return [...by.values()].sort((a, b) => b.amount - a.amount || a.partnerId - b.partnerId);
}

const orderColumns = (ctx: DashboardContext) => [
  { key: 'name', label: 'Order', format: 'text' as const },
  { key: 'partner', label: 'Customer', format: 'text' as const },
  { key: 'date', label: 'Date', format: 'date' as const },
  { key: 'state', label: 'State', format: 'text' as const },
  { key: 'amount', label: 'Untaxed', format: 'money' as const, currencyField: 'currency' },
  { key: 'value', label: `Untaxed (${ctx.currency})`, format: 'money' as const, currency: ctx.currency },
];
const orderRows = (ctx: DashboardContext, list: Order[], limit: number): DrillSpec['rows'] => {
  const shown = list.slice(0, limit);
  const names = new Map(
    shown.length
      ? ctx.db
          .prepare<[], { id: number; name: string; partner: string | null }>(`SELECT id, ${f('name')} AS name, ${m2oName('partner_id')} AS partner FROM cache_records WHERE model = '${SO}' AND id IN (${inList(shown.map((o) => o.id))})`)
          .all()
          .map((r) => [r.id, r])
      : [],
  );
  return shown.map((o) => ({
    id: o.id, name: names.get(o.id)?.name ?? null, partner: names.get(o.id)?.partner ?? null, date: o.date, state: o.state, amount: round2(o.untaxed), currency: ctx.currencyName(o.currencyId),
    value: round2(ctx.toCompany(o.untaxed, o.currencyId, o.date)), age: daysBetween(o.date, ctx.asOf), odooUrl: ctx.link(SO, o.id),
  }));
};

const topCustomers: WidgetDef = {
  id: 'top-customers',
  title: 'Top customers, 12 months',
  help: 'Confirmed sale orders of the last 365 days per customer, untaxed, converted to company currency at the rate of each order date.',
  models: [SO, 'res.currency.rate'],
  compute(ctx) {
    const all = salesByCustomer(ctx);
    if (all.length === 0) return { status: 'empty', message: 'No confirmed sale orders in the last 365 days.' };
    const names = partnerNames(ctx, all.slice(0, 10).map((e) => e.partnerId));
    const rows = all.slice(0, 10).map((e) => ({ key: String(e.partnerId), customer: names.get(e.partnerId) ?? `Partner ${e.partnerId}`, amount: round2(e.amount), orders: e.orders }));
    return {
      chart: { type: 'bar', dataKey: 'customer', series: [{ name: 'amount', label: 'Sales' }], data: rows, valueFormat: 'money', currency: ctx.currency, drillKeyField: 'key' },
      table: keyedTable(
        [
          { key: 'customer', label: 'Customer', format: 'text' },
          { key: 'orders', label: 'Orders', format: 'number' },
          { key: 'amount', label: 'Sales', format: 'money', currency: ctx.currency },
        ],
        rows,
        { total: all.length },
      ),
    };
  },
  drill(ctx, key, limit) {
    const id = idKey('top-customers', key);
    const list = orders(ctx, ['sale', 'done'], addDays(ctx.asOf, -365)).filter((o) => o.partnerId === id).sort((a, b) => b.date.localeCompare(a.date));
    return { title: `Orders of ${partnerNames(ctx, [id]).get(id) ?? `partner ${id}`}, 12 months`, model: SO, columns: orderColumns(ctx), rows: orderRows(ctx, list, limit), total: list.length };
  },
};

/** Customers with a credit limit whose open receivables (company currency) exceed it. */
export function overCreditLimit(ctx: DashboardContext): Array<{ partnerId: number; name: string; limit: number; open: number }> {
  const open = new Map<number, number>();
  for (const i of openItems(ctx, 'receivable')) if (i.partnerId !== null) open.set(i.partnerId, (open.get(i.partnerId) ?? 0) + i.residual);
  const over = ctx.db
    .prepare<[], { id: number; lim: number }>(`SELECT id, ${f('credit_limit')} AS lim FROM cache_records INDEXED BY cache_records_by_partner_credit_limit WHERE model = 'res.partner' AND ${f('credit_limit')} > 0`)
    .all()
    .map((p) => ({ partnerId: p.id, limit: p.lim, open: round2(open.get(p.id) ?? 0) }))
    .filter((p) => p.open > p.limit);
  const names = partnerNames(ctx, over.map((p) => p.partnerId));
  return over.map((p) => ({ ...p, name: names.get(p.partnerId) ?? `Partner ${p.partnerId}` })).sort((a, b) => b.open - b.limit - (a.open - a.limit) || a.partnerId - b.partnerId);
}

const creditLimitColumns = (ctx: DashboardContext): Column[] => [
  { key: 'customer', label: 'Customer', format: 'text' },
  { key: 'limit', label: 'Credit limit', format: 'money', currency: ctx.currency },
  { key: 'open', label: 'Open receivables', format: 'money', currency: ctx.currency },
  { key: 'over', label: 'Over by', format: 'money', currency: ctx.currency },
];

const creditLimit: WidgetDef = {
  id: 'credit-limit',
  title: 'Customers over their credit limit',
  help: 'Customers with a credit limit whose open receivables (posted, unreconciled, company currency) exceed it; “over by” = open − limit.',
  models: ['res.partner', 'account.move.line', 'account.account'],
  compute(ctx) {
    const over = overCreditLimit(ctx);
    if (over.length === 0) return { status: 'empty', message: 'No customer is over their credit limit.' };
    const rows = over.slice(0, 25).map((p) => ({ key: String(p.partnerId), customer: p.name, limit: round2(p.limit), open: p.open, over: round2(p.open - p.limit) }));
    return {
      kpis: [
        kpi({ key: 'count', label: 'Customers over limit', value: over.length, format: 'number', tone: 'warning' }),
        kpi({ key: 'excess', label: 'Total over limit', value: round2(over.reduce((a, p) => a + p.open - p.limit, 0)), format: 'money', currency: ctx.currency }),
      ],
      table: keyedTable(creditLimitColumns(ctx), rows, { total: over.length }),
    };
  },
  drill(ctx, key, limit) {
    const over = overCreditLimit(ctx);
    if (key === 'count' || key === 'excess') {
      return listDrill({ title: 'Customers over their credit limit', model: 'res.partner', columns: creditLimitColumns(ctx) }, over, limit, (p) => ({
        id: p.partnerId, customer: p.name, limit: p.limit, open: p.open, over: round2(p.open - p.limit), odooUrl: ctx.link('res.partner', p.partnerId),
      }));
    }
    const id = idKey('credit-limit', key);
    const items = openItems(ctx, 'receivable').filter((i) => i.partnerId === id).sort((a, b) => a.due.localeCompare(b.due));
    return {
      title: `Open receivables of ${over.find((p) => p.partnerId === id)?.name ?? partnerNames(ctx, [id]).get(id) ?? `partner ${id}`}`,
      model: 'account.move.line',
      columns: [
        { key: 'move', label: 'Entry', format: 'text' },
        { key: 'date', label: 'Date', format: 'date' },
        { key: 'due', label: 'Due', format: 'date' },
        { key: 'residual', label: 'Open amount', format: 'money', currency: ctx.currency },
      ],
      rows: itemRows(ctx, items, limit).map(({ partner: _p, daysOverdue: _d, ...r }) => r),
      total: items.length,
    };
  },
};

export const quotations = (ctx: DashboardContext): Order[] => orders(ctx, ['draft', 'sent'], null).sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id);

const quotationsWidget: WidgetDef = {
  id: 'quotations',
  title: 'Quotations waiting for confirmation',
  help: 'Sale orders still in quotation (draft or sent) dated up to the as-of date, oldest first; amounts untaxed, converted to company currency at the rate of the quotation date.',
  models: [SO, 'res.currency.rate'],
  compute(ctx) {
    const list = quotations(ctx);
    if (list.length === 0) return { status: 'empty', message: 'No quotation is waiting.' };
    const rows = orderRows(ctx, list, 25).map(({ id, odooUrl: _u, ...r }) => ({ key: String(id), ...r }));
    const value = list.reduce((a, o) => a + ctx.toCompany(o.untaxed, o.currencyId, o.date), 0);
    const stale = list.filter((o) => daysBetween(o.date, ctx.asOf) > 30).length;
    return {
      kpis: [
        kpi({ key: 'all', label: 'Quotations', value: list.length, format: 'number' }),
        kpi({ key: 'value', label: 'Untaxed value', value: round2(value), format: 'money', currency: ctx.currency }),
        kpi({ key: 'stale', label: 'Older than 30 days', value: stale, format: 'number', tone: stale > 0 ? 'warning' : 'default' }),
      ],
      table: keyedTable(
        [
          { key: 'name', label: 'Quotation', format: 'text' },
          { key: 'partner', label: 'Customer', format: 'text' },
          { key: 'date', label: 'Date', format: 'date' },
          { key: 'age', label: 'Age', format: 'days' },
          { key: 'amount', label: 'Untaxed', format: 'money', currencyField: 'currency' },
          { key: 'value', label: `Untaxed (${ctx.currency})`, format: 'money', currency: ctx.currency },
        ],
        rows,
        { total: list.length },
      ),
    };
  },
  drill(ctx, key, limit) {
    const all = quotations(ctx);
    const list = key === 'all' || key === 'value' ? all : key === 'stale' ? all.filter((o) => daysBetween(o.date, ctx.asOf) > 30) : all.filter((o) => String(o.id) === key);
    if (list.length === 0 && !['all', 'value', 'stale'].includes(key)) throw unknownKey('quotations', key);
    return { title: list.length === 1 && key !== 'all' ? 'Quotation' : 'Quotations waiting for confirmation', model: SO, columns: orderColumns(ctx), rows: orderRows(ctx, list, limit), total: list.length };
  },
};

export const SALES_WIDGETS: readonly WidgetDef[] = [pipeline, weighted, wonLostWidget, topCustomers, creditLimit, quotationsWidget];
