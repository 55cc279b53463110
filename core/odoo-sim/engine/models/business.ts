import type { Env, ModelDef } from '../core';
import { displayName } from '../core';
import { userError } from '../errors';
import type { Row } from '../fields';
import { f } from '../fields';
import { createRecords, setComputed, sudo, type Vals } from '../orm';
import { num, round2 } from '../accounting/util';

const children = (env: Env, model: string, field: string, id: number) =>
  env.core.store.children(model, field, id).map((c) => env.core.store.get(model, c)!);

function orderSequence(env: Env, model: string, prefix: string): string {
  const key = `seq:${model}`;
  const s = env.core.store;
  let n = Number(s.meta.get(key) ?? NaN);
  if (Number.isNaN(n)) {
    n = 0;
    for (const id of s.ids(model)) {
      const name = s.get(model, id)?.name;
      if (typeof name === 'string' && name.startsWith(prefix)) n = Math.max(n, Number(name.slice(prefix.length)) || 0);
    }
  }
  n++;
  s.meta.set(key, String(n));
  return `${prefix}${String(n).padStart(5, '0')}`;
}

function lineTaxes(env: Env, taxIds: unknown, base: number): number {
  let tax = 0;
  for (const tid of (taxIds as number[]) ?? []) {
    const t = env.core.store.get('account.tax', tid);
    if (!t) continue;
    if (t.amount_type === 'fixed') tax += num(t.amount);
    else if (t.price_include !== true) tax += (base * num(t.amount)) / 100;
  }
  return round2(tax);
}

const sumLines = (env: Env, model: string, field: string, id: number, pick: (l: Row) => number) => round2(children(env, model, field, id).reduce((a, l) => a + pick(l), 0));

/* ------------------------------------------------------------------ product */

export const uomModel: ModelDef = {
  name: 'uom.uom',
  description: 'Product Unit of Measure',
  access: 'config',
  order: 'name',
  fields: [
    f.char('name', 'Unit of Measure', { required: true }),
    f.m2o('category_id', 'Category', 'uom.category'),
    f.float('factor', 'Ratio', { default: 1 }),
    f.float('rounding', 'Rounding Precision', { default: 0.01 }),
    f.sel('uom_type', 'Type', [['bigger', 'Bigger than the reference Unit of Measure'], ['reference', 'Reference Unit of Measure for this category'], ['smaller', 'Smaller than the reference Unit of Measure']], { default: 'reference' }),
    f.bool('active', 'Active', { default: true }),
  ],
};

export const productCategoryModel: ModelDef = {
  name: 'product.category',
  description: 'Product Category',
  access: 'stock',
  order: 'complete_name',
  parentField: 'parent_id',
  fields: [
    f.char('name', 'Name', { required: true }),
    f.m2o('parent_id', 'Parent Category', 'product.category'),
    f.char('complete_name', 'Complete Name', {
      store: true,
      compute: (r, env) => {
        const p = typeof r.parent_id === 'number' ? env.core.store.get('product.category', r.parent_id) : undefined;
        return p ? `${displayName(env, 'product.category', p)} / ${String(r.name ?? '')}` : String(r.name ?? '');
      },
    }),
  ],
  recName: (r, env) => {
    const p = typeof r.parent_id === 'number' ? env.core.store.get('product.category', r.parent_id) : undefined;
    return p ? `${displayName(env, 'product.category', p)} / ${String(r.name ?? '')}` : String(r.name ?? '');
  },
};

function productQty(env: Env, productId: number): number {
  let q = 0;
  for (const quant of children(env, 'stock.quant', 'product_id', productId)) {
    const loc = typeof quant.location_id === 'number' ? env.core.store.get('stock.location', quant.location_id) : undefined;
    if (loc?.usage === 'internal') q += num(quant.quantity);
  }
  return round2(q);
}

export const productModel: ModelDef = {
  name: 'product.product',
  description: 'Product Variant',
  access: 'stock',
  mailThread: true,
  order: 'default_code, name, id',
  recName: (r) => (r.default_code ? `[${String(r.default_code)}] ${String(r.name ?? '')}` : String(r.name ?? '')),
  fields: [
    f.char('name', 'Name', { required: true, translate: true }),
    f.char('default_code', 'Internal Reference'),
    f.char('barcode', 'Barcode'),
    f.sel('type', 'Product Type', [
      ['consu', 'Consumable'],
      ['service', 'Service'],
      ['product', 'Storable Product'],
    ], { required: true, default: 'consu' }),
    f.sel('detailed_type', 'Product Type', [
      ['consu', 'Consumable'],
      ['service', 'Service'],
      ['product', 'Storable Product'],
    ], { required: true, default: 'consu' }),
    f.float('lst_price', 'Sales Price', { default: 1 }),
    f.float('list_price', 'Sales Price (template)'),
    f.m2o('product_tmpl_id', 'Product Template', 'product.template', { index: true }),
    f.m2o('uom_po_id', 'Purchase Unit of Measure', 'uom.uom'),
    f.sel('invoice_policy', 'Invoicing Policy', [['order', 'Ordered quantities'], ['delivery', 'Delivered quantities']], { default: 'order' }),
    f.float('standard_price', 'Cost'),
    f.float('qty_available', 'Quantity On Hand', { compute: (r, env) => productQty(env, r.id), store: false }),
    f.float('virtual_available', 'Forecasted Quantity', { compute: (r, env) => productQty(env, r.id), store: false }),
    f.float('free_qty', 'Free To Use Quantity', {
      store: false,
      compute: (r, env) => round2(productQty(env, r.id) - children(env, 'stock.quant', 'product_id', r.id).reduce((a, q) => a + num(q.reserved_quantity), 0)),
    }),
    f.float('incoming_qty', 'Incoming', { compute: () => 0, store: false }),
    f.float('outgoing_qty', 'Outgoing', { compute: () => 0, store: false }),
    f.m2o('uom_id', 'Unit of Measure', 'uom.uom'),
    f.m2o('categ_id', 'Product Category', 'product.category'),
    f.bool('sale_ok', 'Can be Sold', { default: true }),
    f.bool('purchase_ok', 'Can be Purchased', { default: true }),
    f.m2m('taxes_id', 'Customer Taxes', 'account.tax'),
    f.m2m('supplier_taxes_id', 'Vendor Taxes', 'account.tax'),
    f.m2o('property_account_income_id', 'Income Account', 'account.account', { companyDependent: true }),
    f.m2o('property_account_expense_id', 'Expense Account', 'account.account', { companyDependent: true }),
    f.m2o('company_id', 'Company', 'res.company'),
    f.bool('active', 'Active', { default: true }),
  ],
  hooks: {
    prepareCreate: (_env, vals) => {
      // Odoo 16/17: type follows detailed_type.
      if (vals.detailed_type && vals.type !== vals.detailed_type) vals.type = vals.detailed_type;
      return vals;
    },
  },
};

/* --------------------------------------------------------------------- sale */

export const saleOrderModel: ModelDef = {
  name: 'sale.order',
  description: 'Sales Order',
  access: 'sales',
  mailThread: true,
  order: 'date_order desc, id desc',
  fields: [
    f.char('name', 'Order Reference', { required: true, default: 'New' }),
    f.m2o('partner_id', 'Customer', 'res.partner', { required: true, index: true }),
    f.m2o('partner_invoice_id', 'Invoice Address', 'res.partner'),
    f.m2o('partner_shipping_id', 'Delivery Address', 'res.partner'),
    f.sel('state', 'Status', [
      ['draft', 'Quotation'],
      ['sent', 'Quotation Sent'],
      ['sale', 'Sales Order'],
      ['cancel', 'Cancelled'],
    ], { readonly: true, default: 'draft' }),
    f.bool('locked', 'Locked', { default: false }),
    f.datetime('date_order', 'Order Date', { required: true, default: (env: Env) => env.core.now() }),
    f.o2m('order_line', 'Order Lines', 'sale.order.line', 'order_id'),
    f.money('amount_untaxed', 'Untaxed Amount', { store: true, compute: (r, env) => sumLines(env, 'sale.order.line', 'order_id', r.id, (l) => saleLineSubtotal(l)) }),
    f.money('amount_tax', 'Taxes', { store: true, compute: (r, env) => sumLines(env, 'sale.order.line', 'order_id', r.id, (l) => lineTaxes(env, l.tax_id, saleLineSubtotal(l))) }),
    f.money('amount_total', 'Total', {
      store: true,
      compute: (r, env) => sumLines(env, 'sale.order.line', 'order_id', r.id, (l) => saleLineSubtotal(l) + lineTaxes(env, l.tax_id, saleLineSubtotal(l))),
    }),
    f.m2o('currency_id', 'Currency', 'res.currency'),
    f.sel('invoice_status', 'Invoice Status', [
      ['upselling', 'Upselling Opportunity'],
      ['invoiced', 'Fully Invoiced'],
      ['to invoice', 'To Invoice'],
      ['no', 'Nothing to Invoice'],
    ], { default: 'no' }),
    f.m2o('user_id', 'Salesperson', 'res.users'),
    f.m2o('team_id', 'Sales Team', 'crm.team'),
    f.m2o('company_id', 'Company', 'res.company', { required: true, default: (env: Env) => env.companyId }),
    f.text('partner_credit_warning', 'Partner Credit Warning', {
      store: false,
      compute: (r, env) => {
        const p = typeof r.partner_id === 'number' ? env.core.store.get('res.partner', r.partner_id) : undefined;
        const limit = num(p?.credit_limit);
        if (!p || !p.use_partner_credit_limit || !limit) return '';
        return `${String(p.name)} has reached its credit limit of : ${limit.toFixed(2)}`;
      },
    }),
    f.char('client_order_ref', 'Customer Reference'),
    f.date('validity_date', 'Expiration'),
    f.m2o('payment_term_id', 'Payment Terms', 'account.payment.term'),
    f.m2m('invoice_ids', 'Invoices', 'account.move'),
    f.char('origin', 'Source Document'),
  ],
  hooks: {
    prepareCreate: (env, vals) => {
      if (!vals.name || vals.name === 'New') vals.name = orderSequence(env, 'sale.order', 'S');
      if (!vals.partner_invoice_id) vals.partner_invoice_id = vals.partner_id;
      if (!vals.currency_id) vals.currency_id = env.core.store.get('res.company', env.companyId)?.currency_id ?? false;
      return vals;
    },
  },
  methods: {
    action_confirm: {
      params: [],
      record: true,
      access: 'write',
      impl: (env, _m, ids) => {
        for (const id of ids) {
          const o = env.core.store.get('sale.order', id)!;
          if (!['draft', 'sent'].includes(String(o.state))) throw userError('Some orders are not in a state requiring confirmation.');
          setComputed(sudo(env), 'sale.order', id, { state: 'sale', invoice_status: 'to invoice' });
        }
        return true;
      },
    },
    action_cancel: { params: [], record: true, access: 'write', impl: (env, _m, ids) => (ids.forEach((id) => setComputed(sudo(env), 'sale.order', id, { state: 'cancel' })), true) },
    action_draft: { params: [], record: true, access: 'write', impl: (env, _m, ids) => (ids.forEach((id) => setComputed(sudo(env), 'sale.order', id, { state: 'draft' })), true) },
    action_lock: { params: [], record: true, access: 'write', versions: [17, 18, 19], impl: (env, _m, ids) => (ids.forEach((id) => setComputed(sudo(env), 'sale.order', id, { locked: true })), true) },
    action_unlock: { params: [], record: true, access: 'write', impl: (env, _m, ids) => (ids.forEach((id) => setComputed(sudo(env), 'sale.order', id, { locked: false })), true) },
    action_done: { params: [], record: true, access: 'write', versions: [16], impl: (env, _m, ids) => (ids.forEach((id) => setComputed(sudo(env), 'sale.order', id, { locked: true })), true) },
  },
};

const saleLineSubtotal = (l: Row) => round2(num(l.product_uom_qty) * num(l.price_unit) * (1 - num(l.discount) / 100));

export const saleOrderLineModel: ModelDef = {
  name: 'sale.order.line',
  description: 'Sales Order Line',
  access: 'sales',
  order: 'order_id, sequence, id',
  fields: [
    f.m2o('order_id', 'Order Reference', 'sale.order', { required: true, index: true, ondelete: 'cascade' }),
    f.int('sequence', 'Sequence', { default: 10 }),
    f.m2o('product_id', 'Product', 'product.product'),
    f.text('name', 'Description'),
    f.float('product_uom_qty', 'Quantity', { default: 1 }),
    f.float('qty_delivered', 'Delivery Quantity'),
    f.float('qty_invoiced', 'Invoiced Quantity'),
    f.float('qty_to_invoice', 'Quantity To Invoice'),
    f.sel('state', 'Order Status', [['draft', 'Quotation'], ['sent', 'Quotation Sent'], ['sale', 'Sales Order'], ['cancel', 'Cancelled']]),
    f.sel('invoice_status', 'Invoice Status', [['upselling', 'Upselling Opportunity'], ['invoiced', 'Fully Invoiced'], ['to invoice', 'To Invoice'], ['no', 'Nothing to Invoice']], { default: 'no' }),
    f.float('price_unit', 'Unit Price'),
    f.float('discount', 'Discount (%)'),
    f.m2m('tax_id', 'Taxes', 'account.tax'),
    f.money('price_subtotal', 'Subtotal', { store: true, compute: (r) => saleLineSubtotal(r) }),
    f.money('price_total', 'Total', { store: true, compute: (r, env) => round2(saleLineSubtotal(r) + lineTaxes(env, r.tax_id, saleLineSubtotal(r))) }),
    f.m2o('currency_id', 'Currency', 'res.currency', { compute: (r, env) => env.core.store.get('sale.order', r.order_id as number)?.currency_id ?? false }),
    f.m2o('product_uom', 'Unit of Measure', 'uom.uom'),
    f.m2o('company_id', 'Company', 'res.company', { compute: (r, env) => env.core.store.get('sale.order', r.order_id as number)?.company_id ?? false, store: true }),
  ],
  hooks: {
    prepareCreate: (env, vals) => {
      const p = typeof vals.product_id === 'number' ? env.core.store.get('product.product', vals.product_id) : undefined;
      if (p && !vals.name) vals.name = displayName(env, 'product.product', p);
      if (p && vals.price_unit === undefined) vals.price_unit = p.lst_price ?? 0;
      if (p && vals.tax_id === undefined) vals.tax_id = p.taxes_id ?? [];
      return vals;
    },
  },
};

/* ----------------------------------------------------------------- purchase */

function poLineInvoiced(env: Env, lineId: number): number {
  let q = 0;
  for (const aml of children(env, 'account.move.line', 'purchase_line_id', lineId)) {
    const m = env.core.store.get('account.move', aml.move_id as number);
    if (!m || m.state === 'cancel') continue;
    q += m.move_type === 'in_refund' ? -num(aml.quantity) : num(aml.quantity);
  }
  return round2(q);
}

const poLineSubtotal = (l: Row) => round2(num(l.product_qty) * num(l.price_unit));

export const purchaseOrderModel: ModelDef = {
  name: 'purchase.order',
  description: 'Purchase Order',
  access: 'purchase',
  mailThread: true,
  order: 'id desc',
  fields: [
    f.char('name', 'Order Reference', { required: true, default: 'New' }),
    f.m2o('partner_id', 'Vendor', 'res.partner', { required: true, index: true }),
    f.char('partner_ref', 'Vendor Reference'),
    f.sel('state', 'Status', [
      ['draft', 'RFQ'],
      ['sent', 'RFQ Sent'],
      ['to approve', 'To Approve'],
      ['purchase', 'Purchase Order'],
      ['done', 'Locked'],
      ['cancel', 'Cancelled'],
    ], { readonly: true, default: 'draft' }),
    f.o2m('order_line', 'Order Lines', 'purchase.order.line', 'order_id'),
    f.money('amount_untaxed', 'Untaxed Amount', { store: true, compute: (r, env) => sumLines(env, 'purchase.order.line', 'order_id', r.id, poLineSubtotal) }),
    f.money('amount_tax', 'Taxes', { store: true, compute: (r, env) => sumLines(env, 'purchase.order.line', 'order_id', r.id, (l) => lineTaxes(env, l.taxes_id, poLineSubtotal(l))) }),
    f.money('amount_total', 'Total', {
      store: true,
      compute: (r, env) => sumLines(env, 'purchase.order.line', 'order_id', r.id, (l) => poLineSubtotal(l) + lineTaxes(env, l.taxes_id, poLineSubtotal(l))),
    }),
    f.sel('invoice_status', 'Billing Status', [
      ['no', 'Nothing to Bill'],
      ['to invoice', 'Waiting Bills'],
      ['invoiced', 'Fully Billed'],
    ], {
      store: true,
      compute: (r, env) => {
        if (r.state !== 'purchase' && r.state !== 'done') return 'no';
        const lines = children(env, 'purchase.order.line', 'order_id', r.id);
        if (lines.some((l) => num(l.qty_received || l.product_qty) - poLineInvoiced(env, l.id) > 0.0001)) return 'to invoice';
        return lines.length ? 'invoiced' : 'no';
      },
    }),
    f.m2m('invoice_ids', 'Bills', 'account.move', {
      compute: (r, env) => {
        const out = new Set<number>();
        for (const l of children(env, 'purchase.order.line', 'order_id', r.id)) for (const aml of children(env, 'account.move.line', 'purchase_line_id', l.id)) out.add(aml.move_id as number);
        return [...out].sort((a, b) => a - b);
      },
    }),
    f.datetime('date_order', 'Order Deadline', { required: true, default: (env: Env) => env.core.now() }),
    f.datetime('date_approve', 'Confirmation Date', { readonly: true }),
    f.datetime('date_planned', 'Expected Arrival'),
    f.m2o('currency_id', 'Currency', 'res.currency'),
    f.m2o('company_id', 'Company', 'res.company', { required: true, default: (env: Env) => env.companyId }),
    f.m2o('user_id', 'Buyer', 'res.users'),
    f.char('origin', 'Source Document'),
    f.m2o('payment_term_id', 'Payment Terms', 'account.payment.term'),
  ],
  hooks: {
    prepareCreate: (env, vals) => {
      if (!vals.name || vals.name === 'New') vals.name = orderSequence(env, 'purchase.order', 'P');
      if (!vals.currency_id) vals.currency_id = env.core.store.get('res.company', env.companyId)?.currency_id ?? false;
      return vals;
    },
  },
  methods: {
    button_confirm: {
      params: [],
      record: true,
      access: 'write',
      impl: (env, _m, ids) => {
        for (const id of ids) {
          const o = env.core.store.get('purchase.order', id)!;
          if (!['draft', 'sent', 'to approve'].includes(String(o.state))) continue;
          setComputed(sudo(env), 'purchase.order', id, { state: 'purchase', date_approve: env.core.now() });
        }
        return true;
      },
    },
    button_cancel: { params: [], record: true, access: 'write', impl: (env, _m, ids) => (ids.forEach((id) => setComputed(sudo(env), 'purchase.order', id, { state: 'cancel' })), true) },
    button_done: { params: [], record: true, access: 'write', impl: (env, _m, ids) => (ids.forEach((id) => setComputed(sudo(env), 'purchase.order', id, { state: 'done' })), true) },
    action_create_invoice: {
      params: [],
      record: true,
      access: 'write',
      impl: (env, _m, ids) => {
        const created: number[] = [];
        for (const id of ids) {
          const o = env.core.store.get('purchase.order', id)!;
          if (o.state !== 'purchase' && o.state !== 'done') throw userError('There is no invoiceable line. If a product has a control policy based on received quantity, please make sure that a quantity has been received.');
          const lines: Vals[] = [];
          for (const l of children(env, 'purchase.order.line', 'order_id', id)) {
            const qty = round2(num(l.qty_received || l.product_qty) - poLineInvoiced(env, l.id));
            if (qty <= 0) continue;
            lines.push({ product_id: l.product_id ?? false, name: `${String(o.name)}: ${String(l.name ?? '')}`, quantity: qty, price_unit: l.price_unit ?? 0, tax_ids: [[6, 0, (l.taxes_id as number[]) ?? []]], purchase_line_id: l.id });
          }
          if (!lines.length) throw userError('There is no invoiceable line. If a product has a control policy based on received quantity, please make sure that a quantity has been received.');
          created.push(
            ...createRecords(env, 'account.move', [
              { move_type: 'in_invoice', partner_id: o.partner_id, ref: o.partner_ref || false, invoice_origin: o.name, currency_id: o.currency_id, invoice_line_ids: lines.map((v) => [0, 0, v]) },
            ]),
          );
        }
        return { name: 'Vendor Bills', type: 'ir.actions.act_window', res_model: 'account.move', ...(created.length === 1 ? { view_mode: 'form', res_id: created[0] } : { view_mode: 'tree,form', domain: [['id', 'in', created]] }) };
      },
    },
  },
};

export const purchaseOrderLineModel: ModelDef = {
  name: 'purchase.order.line',
  description: 'Purchase Order Line',
  access: 'purchase',
  order: 'order_id, sequence, id',
  recName: (r, env) => {
    const o = env.core.store.get('purchase.order', r.order_id as number);
    return `${String(o?.name ?? '')}: ${String(r.name ?? '')}`;
  },
  fields: [
    f.m2o('order_id', 'Order Reference', 'purchase.order', { required: true, index: true, ondelete: 'cascade' }),
    f.int('sequence', 'Sequence', { default: 10 }),
    f.m2o('product_id', 'Product', 'product.product'),
    f.text('name', 'Description', { required: true }),
    f.float('product_qty', 'Quantity', { required: true, default: 1 }),
    f.float('qty_received', 'Received Qty'),
    f.float('qty_invoiced', 'Billed Qty', { compute: (r, env) => poLineInvoiced(env, r.id), store: true }),
    f.float('qty_to_invoice', 'To Invoice Quantity', { compute: (r, env) => round2(num(r.qty_received || r.product_qty) - poLineInvoiced(env, r.id)), store: true }),
    f.float('price_unit', 'Unit Price', { required: true }),
    f.money('price_subtotal', 'Subtotal', { store: true, compute: (r) => poLineSubtotal(r) }),
    f.money('price_total', 'Total', { store: true, compute: (r, env) => round2(poLineSubtotal(r) + lineTaxes(env, r.taxes_id, poLineSubtotal(r))) }),
    f.m2m('taxes_id', 'Taxes', 'account.tax'),
    f.m2o('product_uom', 'Unit of Measure', 'uom.uom'),
    f.datetime('date_planned', 'Expected Arrival'),
    f.sel('state', 'Status', [['draft', 'RFQ'], ['sent', 'RFQ Sent'], ['to approve', 'To Approve'], ['purchase', 'Purchase Order'], ['done', 'Locked'], ['cancel', 'Cancelled']]),
    f.m2o('currency_id', 'Currency', 'res.currency', { compute: (r, env) => env.core.store.get('purchase.order', r.order_id as number)?.currency_id ?? false }),
    f.m2o('partner_id', 'Partner', 'res.partner', { compute: (r, env) => env.core.store.get('purchase.order', r.order_id as number)?.partner_id ?? false, store: true }),
    f.m2o('company_id', 'Company', 'res.company', { compute: (r, env) => env.core.store.get('purchase.order', r.order_id as number)?.company_id ?? false, store: true }),
  ],
  hooks: {
    prepareCreate: (env, vals) => {
      const p = typeof vals.product_id === 'number' ? env.core.store.get('product.product', vals.product_id) : undefined;
      if (p && !vals.name) vals.name = displayName(env, 'product.product', p);
      if (p && vals.price_unit === undefined) vals.price_unit = p.standard_price ?? 0;
      if (vals.price_unit === undefined) vals.price_unit = 0;
      return vals;
    },
  },
};

/* -------------------------------------------------------------------- stock */

export const locationModel: ModelDef = {
  name: 'stock.location',
  description: 'Inventory Locations',
  access: 'stock',
  order: 'complete_name, id',
  parentField: 'location_id',
  recName: (r, env) => {
    const p = typeof r.location_id === 'number' ? env.core.store.get('stock.location', r.location_id) : undefined;
    return p && r.usage !== 'view' ? `${displayName(env, 'stock.location', p)}/${String(r.name ?? '')}` : String(r.name ?? '');
  },
  fields: [
    f.char('name', 'Location Name', { required: true }),
    f.char('complete_name', 'Full Location Name', { store: true, compute: (r, env) => displayName(env, 'stock.location', r) }),
    f.m2o('location_id', 'Parent Location', 'stock.location', { index: true }),
    f.o2m('child_ids', 'Contains', 'stock.location', 'location_id'),
    f.sel('usage', 'Location Type', [
      ['supplier', 'Vendor Location'],
      ['view', 'View'],
      ['internal', 'Internal Location'],
      ['customer', 'Customer Location'],
      ['inventory', 'Inventory Loss'],
      ['production', 'Production'],
      ['transit', 'Transit Location'],
    ], { required: true, default: 'internal' }),
    f.bool('active', 'Active', { default: true }),
    f.m2o('company_id', 'Company', 'res.company'),
    f.m2o('warehouse_id', 'Warehouse', 'stock.warehouse'),
  ],
};

export const warehouseModel: ModelDef = {
  name: 'stock.warehouse',
  description: 'Warehouse',
  access: 'stock',
  order: 'sequence, id',
  fields: [
    f.char('name', 'Warehouse', { required: true }),
    f.char('code', 'Short Name', { required: true }),
    f.m2o('lot_stock_id', 'Location Stock', 'stock.location'),
    f.m2o('view_location_id', 'View Location', 'stock.location'),
    f.m2o('partner_id', 'Address', 'res.partner'),
    f.m2o('company_id', 'Company', 'res.company', { required: true, default: (env: Env) => env.companyId }),
    f.int('sequence', 'Sequence', { default: 10 }),
    f.bool('active', 'Active', { default: true }),
  ],
};

export const quantModel: ModelDef = {
  name: 'stock.quant',
  description: 'Quants',
  access: 'stock',
  order: 'id',
  recName: (r, env) => {
    const p = typeof r.product_id === 'number' ? env.core.store.get('product.product', r.product_id) : undefined;
    return p ? displayName(env, 'product.product', p) : `stock.quant,${r.id}`;
  },
  fields: [
    f.m2o('product_id', 'Product', 'product.product', { required: true, index: true }),
    f.m2o('location_id', 'Location', 'stock.location', { required: true, index: true }),
    f.float('quantity', 'Quantity'),
    f.float('reserved_quantity', 'Reserved Quantity'),
    f.float('available_quantity', 'Available Quantity', { compute: (r) => round2(num(r.quantity) - num(r.reserved_quantity)) }),
    f.float('inventory_quantity', 'Counted Quantity'),
    f.m2o('lot_id', 'Lot/Serial Number', 'stock.lot'),
    f.datetime('in_date', 'Incoming Date'),
    f.m2o('company_id', 'Company', 'res.company'),
  ],
};

export const orderpointModel: ModelDef = {
  name: 'stock.warehouse.orderpoint',
  description: 'Minimum Inventory Rule',
  access: 'stock',
  order: 'location_id, id',
  fields: [
    f.char('name', 'Name', { required: true, default: (env: Env) => `OP/${String(env.core.store.peekNextId('stock.warehouse.orderpoint')).padStart(5, '0')}` }),
    f.m2o('product_id', 'Product', 'product.product', { required: true }),
    f.m2o('warehouse_id', 'Warehouse', 'stock.warehouse'),
    f.m2o('location_id', 'Location', 'stock.location'),
    f.float('product_min_qty', 'Min Quantity'),
    f.float('product_max_qty', 'Max Quantity'),
    f.float('qty_multiple', 'Multiple Quantity', { default: 1 }),
    f.float('qty_forecast', 'Forecast', { compute: (r, env) => (typeof r.product_id === 'number' ? productQty(env, r.product_id) : 0) }),
    f.float('qty_to_order', 'To Order', {
      compute: (r, env) => {
        const fc = typeof r.product_id === 'number' ? productQty(env, r.product_id) : 0;
        if (fc >= num(r.product_min_qty)) return 0;
        const need = num(r.product_max_qty) - fc;
        const mult = num(r.qty_multiple) || 1;
        return Math.ceil(need / mult) * mult;
      },
    }),
    f.sel('trigger', 'Trigger', [
      ['auto', 'Auto'],
      ['manual', 'Manual'],
    ], { default: 'auto' }),
    f.m2o('route_id', 'Route', 'stock.route'),
    f.bool('active', 'Active', { default: true }),
    f.m2o('company_id', 'Company', 'res.company'),
  ],
};

/* ---------------------------------------------------------------------- crm */

export const crmTeamModel: ModelDef = {
  name: 'crm.team',
  description: 'Sales Team',
  access: 'sales',
  order: 'sequence, name',
  fields: [f.char('name', 'Sales Team', { required: true }), f.int('sequence', 'Sequence', { default: 10 }), f.bool('active', 'Active', { default: true }), f.m2o('company_id', 'Company', 'res.company'), f.m2o('user_id', 'Team Leader', 'res.users'), f.m2m('member_ids', 'Salespersons', 'res.users')],
};

export const crmStageModel: ModelDef = {
  name: 'crm.stage',
  description: 'CRM Stages',
  access: 'crm',
  order: 'sequence, name, id',
  fields: [f.char('name', 'Stage Name', { required: true }), f.int('sequence', 'Sequence', { default: 1 }), f.bool('is_won', 'Is Won Stage?'), f.bool('fold', 'Folded in Pipeline'), f.m2o('team_id', 'Sales Team', 'crm.team')],
};

export const crmLeadModel: ModelDef = {
  name: 'crm.lead',
  description: 'Lead/Opportunity',
  access: 'crm',
  mailThread: true,
  order: 'priority desc, id desc',
  fields: [
    f.char('name', 'Opportunity', { required: true }),
    f.sel('type', 'Type', [
      ['lead', 'Lead'],
      ['opportunity', 'Opportunity'],
    ], { required: true, default: 'opportunity' }),
    f.sel('priority', 'Priority', [
      ['0', 'Low'],
      ['1', 'Medium'],
      ['2', 'High'],
      ['3', 'Very High'],
    ], { default: '0' }),
    f.m2o('stage_id', 'Stage', 'crm.stage', { index: true }),
    f.money('expected_revenue', 'Expected Revenue'),
    f.float('probability', 'Probability', { default: 10 }),
    f.money('prorated_revenue', 'Prorated Revenue', { store: true, compute: (r) => round2((num(r.expected_revenue) * num(r.probability)) / 100) }),
    f.m2o('partner_id', 'Customer', 'res.partner', { index: true }),
    f.char('partner_name', 'Company Name'),
    f.char('contact_name', 'Contact Name'),
    f.char('email_from', 'Email'),
    f.char('phone', 'Phone'),
    f.char('mobile', 'Mobile'),
    f.m2o('user_id', 'Salesperson', 'res.users'),
    f.m2o('team_id', 'Sales Team', 'crm.team'),
    f.date('date_deadline', 'Expected Closing'),
    f.datetime('date_closed', 'Closed Date'),
    f.bool('active', 'Active', { default: true }),
    f.m2o('lost_reason_id', 'Lost Reason', 'crm.lost.reason'),
    f.html('description', 'Notes'),
    f.m2o('company_id', 'Company', 'res.company'),
    f.m2o('currency_id', 'Currency', 'res.currency', { compute: (r, env) => env.core.store.get('res.company', (r.company_id as number) || env.companyId)?.currency_id ?? false }),
  ],
  methods: {
    action_set_won: {
      params: [],
      record: true,
      access: 'write',
      impl: (env, _m, ids) => {
        const s = env.core.store;
        const won = s.ids('crm.stage').map((id) => s.get('crm.stage', id)!).find((st) => st.is_won === true);
        for (const id of ids) setComputed(sudo(env), 'crm.lead', id, { probability: 100, date_closed: env.core.now(), active: true, ...(won ? { stage_id: won.id } : {}) });
        return true;
      },
    },
    action_set_lost: {
      params: [],
      record: true,
      varKw: true,
      access: 'write',
      impl: (env, _m, ids) => {
        for (const id of ids) setComputed(sudo(env), 'crm.lead', id, { probability: 0, active: false, date_closed: env.core.now() });
        return true;
      },
    },
    action_restore: {
      params: [],
      record: true,
      access: 'write',
      impl: (env, _m, ids) => {
        for (const id of ids) setComputed(sudo(env), 'crm.lead', id, { active: true, probability: 10, date_closed: false });
        return true;
      },
    },
  },
};

export const BUSINESS_MODELS: ModelDef[] = [
  uomModel,
  productCategoryModel,
  productModel,
  saleOrderModel,
  saleOrderLineModel,
  purchaseOrderModel,
  purchaseOrderLineModel,
  locationModel,
  warehouseModel,
  quantModel,
  orderpointModel,
  crmTeamModel,
  crmStageModel,
  crmLeadModel,
];
