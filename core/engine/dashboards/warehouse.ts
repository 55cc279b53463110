import type { Column } from '../../contract';
import { daysBetween, f, idKey, keyedTable, listDrill, m2o, m2oName, round2, unknownKey, type DashboardContext, type DrillSpec } from './context';
import { kpi, type WidgetDef } from './types';

const OP = 'stock.warehouse.orderpoint';
const QUANT = 'stock.quant';

type Product = { id: number; name: string; code: string | null; cost: number };
const products = (ctx: DashboardContext): Map<number, Product> =>
  ctx.memo('products', () => {
    const out = new Map<number, Product>();
    for (const r of ctx.db
      .prepare<[], { id: number; name: string; code: string | false | null; cost: number | null }>(
        `SELECT id, ${f('name')} AS name, ${f('default_code')} AS code, ${f('standard_price')} AS cost FROM cache_records WHERE model = 'product.product'`,
      )
      .all()) {
      out.set(r.id, { id: r.id, name: r.name, code: typeof r.code === 'string' && r.code ? r.code : null, cost: r.cost ?? 0 });
    }
    return out;
  });

type Quant = { id: number; productId: number; productName: string | null; locationId: number | null; location: string | null; qty: number; reserved: number };
const quants = (ctx: DashboardContext): Quant[] =>
  ctx.memo('quants', () =>
    ctx.db
      .prepare<[], { id: number; product: number; pname: string | null; loc: number | null; lname: string | null; qty: number | null; res: number | null }>(
        `SELECT id, ${m2o('product_id')} AS product, ${m2oName('product_id')} AS pname, ${m2o('location_id')} AS loc, ${m2oName('location_id')} AS lname,
                ${f('quantity')} AS qty, ${f('reserved_quantity')} AS res FROM cache_records WHERE model = '${QUANT}'`,
      )
      .all()
      .map((r) => ({ id: r.id, productId: r.product, productName: r.pname, locationId: r.loc, location: r.lname, qty: r.qty ?? 0, reserved: r.res ?? 0 })),
  );

export type OrderpointState = {
  id: number;
  productId: number;
  product: string;
  code: string | null;
  location: string | null;
  min: number;
  max: number;
  multiple: number;
  onHand: number;
  below: boolean;
  /** Odoo's rule: below the minimum → order up to the maximum (at least the minimum), rounded up to the multiple */
  suggested: number;
  cost: number;
};

/** Odoo's quantity to order for a rule: 0 at or above the minimum, else up to max(min, max), rounded up to the multiple. */
export function suggestedQty(onHand: number, min: number, max: number, multiple: number): number {
  if (onHand >= min) return 0;
  let qty = Math.max(min, max) - onHand;
  if (multiple > 0) {
    const rem = qty % multiple;
    if (rem > 1e-9) qty += multiple - rem;
  }
  return Math.round(qty * 1000) / 1000;
}

/**
 * Every active reordering rule with the quantity on hand in its location (its quants there and in the
 * locations below it, matched by the location's full name) and what to order.
 */
export function orderpointStates(ctx: DashboardContext): OrderpointState[] {
  return ctx.memo('orderpoints', () => {
    const prods = products(ctx);
    const byProduct = new Map<number, Quant[]>();
    for (const q of quants(ctx)) {
      let l = byProduct.get(q.productId);
      if (!l) byProduct.set(q.productId, (l = []));
      l.push(q);
    }
    return ctx.db
      .prepare<[], { id: number; product: number; pname: string | null; loc: number | null; lname: string | null; min: number | null; max: number | null; mult: number | null }>(
        `SELECT id, ${m2o('product_id')} AS product, ${m2oName('product_id')} AS pname, ${m2o('location_id')} AS loc, ${m2oName('location_id')} AS lname,
                ${f('product_min_qty')} AS min, ${f('product_max_qty')} AS max, ${f('qty_multiple')} AS mult
           FROM cache_records WHERE model = '${OP}' AND active = 1 ORDER BY id`,
      )
      .all()
      .map((r) => {
        const within = (q: Quant) => r.loc === null || q.locationId === r.loc || (r.lname !== null && q.location !== null && q.location.startsWith(`${r.lname}/`));
        const onHand = round2((byProduct.get(r.product) ?? []).filter(within).reduce((a, q) => a + q.qty, 0));
        const min = r.min ?? 0;
        const max = r.max ?? 0;
        const multiple = r.mult ?? 1;
        const p = prods.get(r.product);
        return {
          id: r.id, productId: r.product, product: p?.name ?? r.pname ?? `Product ${r.product}`, code: p?.code ?? null, location: r.lname, min, max, multiple, onHand,
          below: onHand < min, suggested: suggestedQty(onHand, min, max, multiple), cost: p?.cost ?? 0,
        };
      });
  });
}

const quantDrill = (ctx: DashboardContext, productId: number, limit: number): DrillSpec => {
  const list = quants(ctx).filter((q) => q.productId === productId);
  const p = products(ctx).get(productId);
  return listDrill(
    {
      title: `Stock of ${p?.name ?? list[0]?.productName ?? `product ${productId}`}`,
      model: QUANT,
      columns: [
        { key: 'location', label: 'Location', format: 'text' },
        { key: 'quantity', label: 'On hand', format: 'number' },
        { key: 'reserved', label: 'Reserved', format: 'number' },
        { key: 'value', label: 'Value', format: 'money', currency: ctx.currency },
      ],
    },
    list,
    limit,
    (q) => ({ id: q.id, location: q.location, quantity: q.qty, reserved: q.reserved, value: round2(q.qty * (p?.cost ?? 0)), odooUrl: ctx.link('product.product', productId) }),
  );
};

/** A warehouse widget's drill: a figure's key lists the widget's records, a row's key (a product id) that product's stock. */
const productDrill = (ctx: DashboardContext, widget: string, key: string, limit: number, figures: readonly string[], list: () => DrillSpec): DrillSpec =>
  figures.includes(key) ? list() : quantDrill(ctx, idKey(widget, key), limit);

const opColumns = [
  { key: 'product', label: 'Product', format: 'text' as const },
  { key: 'code', label: 'Reference', format: 'text' as const },
  { key: 'onHand', label: 'On hand', format: 'number' as const },
  { key: 'min', label: 'Min', format: 'number' as const },
  { key: 'max', label: 'Max', format: 'number' as const },
];

const stockVsOrderpoints: WidgetDef = {
  id: 'orderpoints',
  title: 'Stock against reordering rules',
  help: 'Each active reordering rule: the quantity on hand in its location (and the locations below it) against its minimum and maximum. Rules below their minimum are highlighted and listed first.',
  models: [OP, QUANT],
  compute(ctx) {
    const all = orderpointStates(ctx);
    if (all.length === 0) return { status: 'empty', message: 'No reordering rules.' };
    const below = all.filter((o) => o.below);
    const sorted = [...below.sort((a, b) => a.onHand / Math.max(a.min, 1) - b.onHand / Math.max(b.min, 1) || a.id - b.id), ...all.filter((o) => !o.below)];
    const rows = sorted.slice(0, 50).map((o) => ({ key: String(o.productId), product: o.product, code: o.code, onHand: o.onHand, min: o.min, max: o.max, below: o.below }));
    return {
      kpis: [
        kpi({ key: 'all', label: 'Reordering rules', value: all.length, format: 'number' }),
        kpi({ key: 'below', label: 'Below minimum', value: below.length, format: 'number', tone: below.length > 0 ? 'danger' : 'default' }),
      ],
      chart: {
        type: 'bar',
        dataKey: 'product',
        series: [
          { name: 'onHand', label: 'On hand' },
          { name: 'min', label: 'Minimum' },
        ],
        data: below.slice(0, 12).map((o) => ({ key: String(o.productId), product: o.code ?? o.product, onHand: o.onHand, min: o.min })),
        valueFormat: 'number',
        drillKeyField: 'key',
      },
      table: keyedTable(opColumns, rows, { highlightField: 'below', total: all.length }),
    };
  },
  drill(ctx, key, limit) {
    return productDrill(ctx, 'orderpoints', key, limit, ['all', 'below'], () =>
      listDrill(
        { title: key === 'all' ? 'Reordering rules' : 'Reordering rules below their minimum', model: OP, columns: [...opColumns, { key: 'location', label: 'Location', format: 'text' }] },
        orderpointStates(ctx).filter((o) => key === 'all' || o.below),
        limit,
        (o) => ({ id: o.id, product: o.product, code: o.code, onHand: o.onHand, min: o.min, max: o.max, location: o.location, odooUrl: ctx.link(OP, o.id) }),
      ),
    );
  },
};

export const reorderList = (ctx: DashboardContext): OrderpointState[] => orderpointStates(ctx).filter((o) => o.below).sort((a, b) => b.suggested * b.cost - a.suggested * a.cost || a.id - b.id);

const reorder: WidgetDef = {
  id: 'reorder',
  title: 'Products to reorder',
  help: 'Rules below their minimum and the quantity to order, as Odoo computes it: up to the maximum (at least the minimum) minus what is on hand, rounded up to the rule’s multiple; valued at the product cost.',
  models: [OP, QUANT, 'product.product'],
  compute(ctx) {
    const list = reorderList(ctx);
    if (list.length === 0) return { status: 'empty', message: 'Nothing to reorder: every product is at or above its minimum.' };
    const rows = list.slice(0, 50).map((o) => ({ key: String(o.productId), product: o.product, code: o.code, onHand: o.onHand, min: o.min, max: o.max, multiple: o.multiple, suggested: o.suggested, cost: round2(o.suggested * o.cost) }));
    return {
      kpis: [
        kpi({ key: 'count', label: 'Products to reorder', value: list.length, format: 'number', tone: 'warning' }),
        kpi({ key: 'cost', label: 'Estimated cost', value: round2(list.reduce((a, o) => a + o.suggested * o.cost, 0)), format: 'money', currency: ctx.currency }),
      ],
      table: keyedTable(
        [
          { key: 'product', label: 'Product', format: 'text' },
          { key: 'suggested', label: 'To order', format: 'number' },
          { key: 'cost', label: 'Estimated cost', format: 'money', currency: ctx.currency },
          { key: 'onHand', label: 'On hand', format: 'number' },
          { key: 'min', label: 'Min', format: 'number' },
          { key: 'max', label: 'Max', format: 'number' },
          { key: 'multiple', label: 'Multiple', format: 'number' },
          { key: 'code', label: 'Reference', format: 'text' },
        ],
        rows,
        { total: list.length },
      ),
    };
  },
  drill(ctx, key, limit) {
    return productDrill(ctx, 'reorder', key, limit, ['count', 'cost'], () =>
      listDrill(
        {
          title: 'Products to reorder',
          model: OP,
          columns: [...opColumns, { key: 'suggested', label: 'To order', format: 'number' }, { key: 'cost', label: 'Estimated cost', format: 'money', currency: ctx.currency }],
        },
        reorderList(ctx),
        limit,
        (o) => ({ id: o.id, product: o.product, code: o.code, onHand: o.onHand, min: o.min, max: o.max, suggested: o.suggested, cost: round2(o.suggested * o.cost), odooUrl: ctx.link(OP, o.id) }),
      ),
    );
  },
};

export function stockValueByProduct(ctx: DashboardContext): Array<{ productId: number; product: string; code: string | null; qty: number; value: number }> {
  const prods = products(ctx);
  const by = new Map<number, { productId: number; product: string; code: string | null; qty: number; value: number }>();
  for (const q of quants(ctx)) {
    const p = prods.get(q.productId);
    let e = by.get(q.productId);
    if (!e) by.set(q.productId, (e = { productId: q.productId, product: p?.name ?? q.productName ?? `Product ${q.productId}`, code: p?.code ?? null, qty: 0, value: 0 }));
    e.qty += q.qty;
    e.value += q.qty * (p?.cost ?? 0);
  }
  return [...by.values()].filter((e) => Math.abs(e.qty) > 1e-9).sort((a, b) => b.value - a.value || a.productId - b.productId);
}

const stockValueColumns = (ctx: DashboardContext): Column[] => [
  { key: 'product', label: 'Product', format: 'text' },
  { key: 'code', label: 'Reference', format: 'text' },
  { key: 'qty', label: 'On hand', format: 'number' },
  { key: 'value', label: 'Value', format: 'money', currency: ctx.currency },
];

const stockValue: WidgetDef = {
  id: 'stock-value',
  title: 'Stock value',
  help: 'Σ quantity on hand (stock quants) × the product’s cost (standard_price), company currency. Odoo’s own valuation layers may differ for FIFO/AVCO products whose cost moved.',
  models: [QUANT, 'product.product'],
  compute(ctx) {
    const all = stockValueByProduct(ctx);
    if (all.length === 0) return { status: 'empty', message: 'No stock on hand.' };
    const total = all.reduce((a, e) => a + e.value, 0);
    const rows = all.slice(0, 10).map((e) => ({ key: String(e.productId), product: e.product, code: e.code, qty: round2(e.qty), value: round2(e.value) }));
    return {
      kpis: [
        kpi({ key: 'total', label: 'Stock value', value: round2(total), format: 'money', currency: ctx.currency }),
        kpi({ key: 'products', label: 'Products in stock', value: all.length, format: 'number' }),
      ],
      chart: { type: 'bar', dataKey: 'product', series: [{ name: 'value', label: 'Value' }], data: rows.map((r) => ({ ...r, product: r.code ?? r.product })), valueFormat: 'money', currency: ctx.currency, drillKeyField: 'key' },
      table: keyedTable(stockValueColumns(ctx), rows, { total: all.length }),
    };
  },
  drill(ctx, key, limit) {
    return productDrill(ctx, 'stock-value', key, limit, ['total', 'products'], () =>
      listDrill({ title: 'Stock value by product', model: 'product.product', columns: stockValueColumns(ctx) }, stockValueByProduct(ctx), limit, (e) => ({
        id: e.productId, product: e.product, code: e.code, qty: round2(e.qty), value: round2(e.value), odooUrl: ctx.link('product.product', e.productId),
      })),
    );
  },
};

type LateLine = { id: number; orderId: number; order: string; vendor: string | null; product: string | null; planned: string; ordered: number; received: number; daysLate: number };

/**
 * Late receipts from purchase order lines: confirmed orders not fully billed whose line's planned date has
 * passed with less received than ordered. (Odoo's receipt transfers, stock.picking, are not mirrored.)
 */
export function lateReceipts(ctx: DashboardContext): LateLine[] {
  return ctx.db
    .prepare<[string], { id: number; oid: number; oname: string; vendor: string | null; product: string | null; planned: string; ordered: number; received: number }>(
      `SELECT l.id, o.id AS oid, ${f('name', 'o')} AS oname, ${m2oName('partner_id', 'o')} AS vendor, ${m2oName('product_id', 'l')} AS product,
              substr(${f('date_planned', 'l')}, 1, 10) AS planned, ${f('product_qty', 'l')} AS ordered, ${f('qty_received', 'l')} AS received
         FROM cache_records l INDEXED BY cache_records_by_purchase_line_unreceived
         JOIN cache_records o ON o.model = 'purchase.order' AND o.id = ${m2o('order_id', 'l')}
        WHERE l.model = 'purchase.order.line' AND ${f('qty_received', 'l')} < ${f('product_qty', 'l')}
          AND ${f('state', 'o')} = 'purchase' AND ${f('invoice_status', 'o')} <> 'invoiced' AND substr(${f('date_planned', 'l')}, 1, 10) < ?`,
    )
    .all(ctx.asOf)
    .map((r) => ({ id: r.id, orderId: r.oid, order: r.oname, vendor: r.vendor, product: r.product, planned: r.planned, ordered: r.ordered, received: r.received, daysLate: daysBetween(r.planned, ctx.asOf) }))
    .sort((a, b) => b.daysLate - a.daysLate || a.id - b.id);
}

/** Confirmed sale order lines of goods with less delivered than ordered. */
export function awaitingDelivery(ctx: DashboardContext): number {
  return (
    ctx.db
      .prepare<[], { n: number }>(
        `SELECT count(*) AS n FROM cache_records l INDEXED BY cache_records_by_sale_line_undelivered
           JOIN cache_records o ON o.model = 'sale.order' AND o.id = ${m2o('order_id', 'l')}
           LEFT JOIN cache_records p ON p.model = 'product.product' AND p.id = ${m2o('product_id', 'l')}
          WHERE l.model = 'sale.order.line' AND ${f('qty_delivered', 'l')} < ${f('product_uom_qty', 'l')} AND ${f('state', 'o')} = 'sale' AND coalesce(${f('type', 'p')}, 'product') <> 'service'`,
      )
      .get()?.n ?? 0
  );
}

const lateWidget: WidgetDef = {
  id: 'late-moves',
  title: 'Late receipts and deliveries',
  help: 'Late receipts: lines of confirmed purchase orders (not yet fully billed) whose planned date is before the as-of date and that are not fully received. Late deliveries need Odoo’s delivery orders (stock.picking) and their scheduled dates, which are not in the local cache.',
  models: ['purchase.order', 'purchase.order.line'],
  compute(ctx) {
    const late = lateReceipts(ctx);
    const waiting = awaitingDelivery(ctx);
    const note = `Late deliveries cannot be told from the cache: Odoo’s delivery orders (stock.picking) and their scheduled dates are not mirrored. ${waiting} confirmed sale order line(s) still await delivery.`;
    if (late.length === 0) return { status: 'empty', message: `No late receipts. ${note}` };
    const orders = new Set(late.map((l) => l.orderId));
    return {
      message: note,
      kpis: [
        kpi({ key: 'all', label: 'Late receipt lines', value: late.length, format: 'number', tone: 'warning' }),
        kpi({ key: 'orders', label: 'Purchase orders', value: orders.size, format: 'number' }),
        kpi({ key: 'deliveries', label: 'Sale lines awaiting delivery', value: waiting, format: 'number', drill: false }),
      ],
      table: keyedTable(
        [
          { key: 'order', label: 'Purchase order', format: 'text' },
          { key: 'vendor', label: 'Vendor', format: 'text' },
          { key: 'product', label: 'Product', format: 'text' },
          { key: 'planned', label: 'Planned', format: 'date' },
          { key: 'daysLate', label: 'Days late', format: 'days' },
          { key: 'open', label: 'Still to receive', format: 'number' },
        ],
        late.slice(0, 50).map((l) => ({ key: String(l.orderId), order: l.order, vendor: l.vendor, product: l.product, planned: l.planned, daysLate: l.daysLate, open: round2(l.ordered - l.received) })),
        { total: late.length },
      ),
    };
  },
  drill(ctx, key, limit) {
    const all = lateReceipts(ctx);
    const list = key === 'all' || key === 'orders' ? all : all.filter((l) => String(l.orderId) === key);
    if (list.length === 0 && key !== 'all' && key !== 'orders') throw unknownKey('late-moves', key);
    return listDrill(
      {
        title: list.length && key !== 'all' && key !== 'orders' ? `Late receipts of ${list[0]!.order}` : 'Late receipts',
        model: 'purchase.order.line',
        columns: [
          { key: 'order', label: 'Purchase order', format: 'text' },
          { key: 'vendor', label: 'Vendor', format: 'text' },
          { key: 'product', label: 'Product', format: 'text' },
          { key: 'planned', label: 'Planned', format: 'date' },
          { key: 'daysLate', label: 'Days late', format: 'days' },
          { key: 'ordered', label: 'Ordered', format: 'number' },
          { key: 'received', label: 'Received', format: 'number' },
        ],
      },
      list,
      limit,
      (l) => ({ id: l.id, order: l.order, vendor: l.vendor, product: l.product, planned: l.planned, daysLate: l.daysLate, ordered: l.ordered, received: l.received, odooUrl: ctx.link('purchase.order', l.orderId) }),
    );
  },
};

export const WAREHOUSE_WIDGETS: readonly WidgetDef[] = [stockVsOrderpoints, reorder, stockValue, lateWidget];
