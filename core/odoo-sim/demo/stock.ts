/** Products (office furniture, IT, supplies, services), the warehouse, stock levels and reorder rules. */
import type { Ctx } from './context';
import { PRODUCT_FAMILIES } from './names';

const VARIANTS: readonly string[] = ['', ' Pro', ' Basic', ' XL', ' Compact', ' Black', ' White', ' Oak', ' Graphite', ' Eco', ' Plus', ' 2.0'];

export function genProducts(ctx: Ctx): void {
  const { db } = ctx;
  const rng = ctx.rng.fork('products');
  const uomCat = db.add('uom.category', { name: 'Unit' });
  const timeCat = db.add('uom.category', { name: 'Working Time' });
  const uoms = {
    Units: db.add('uom.uom', { name: 'Units', category_id: uomCat, factor: 1, uom_type: 'reference', rounding: 0.01, active: true }),
    Hours: db.add('uom.uom', { name: 'Hours', category_id: timeCat, factor: 8, uom_type: 'reference', rounding: 0.01, active: true }),
    Box: db.add('uom.uom', { name: 'Box', category_id: uomCat, factor: 1, uom_type: 'bigger', rounding: 1, active: true }),
  };
  const allCateg = db.add('product.category', { name: 'All', complete_name: 'All', parent_id: false });
  const categ = new Map<string, number>();
  for (const f of PRODUCT_FAMILIES) categ.set(f.family, db.add('product.category', { name: f.family, complete_name: `All / ${f.family}`, parent_id: allCateg }));

  const seen = new Set<string>();
  for (let i = 0; i < ctx.cfg.products; i++) {
    const f = PRODUCT_FAMILIES[i % PRODUCT_FAMILIES.length];
    if (!f) continue;
    let name = '';
    for (let attempt = 0; attempt < 20; attempt++) {
      name = `${rng.pick(f.items)}${rng.pick(VARIANTS)}`;
      if (!seen.has(name)) break;
      name = `${name} ${f.code}${i}`;
    }
    seen.add(name);
    const list = Math.round((f.price[0] + rng.next() * (f.price[1] - f.price[0])) * 100) / 100;
    const listCents = Math.round(list * 100);
    const costCents = Math.round(listCents * (0.45 + rng.next() * 0.25));
    const code = `${f.code}-${String(1000 + i).padStart(4, '0')}`;
    const tmplId = db.nextId('product.template');
    const productId = db.nextId('product.product');
    const common = {
      name, default_code: code, list_price: listCents / 100, standard_price: costCents / 100, categ_id: categ.get(f.family) ?? allCateg,
      uom_id: uoms[f.uom], uom_po_id: uoms[f.uom], detailed_type: f.kind, type: f.kind, sale_ok: true, purchase_ok: f.kind !== 'service',
      active: true, barcode: f.kind === 'service' ? false : `54${String(100_000_000 + i * 7919).slice(0, 10)}${i % 10}`, company_id: false,
      invoice_policy: f.kind === 'service' ? 'order' : 'delivery', taxes_id: [ctx.tax.S21], supplier_taxes_id: [ctx.tax.P21],
      property_account_income_id: false, property_account_expense_id: false,
    };
    db.add('product.template', { ...common, product_variant_ids: [productId] });
    db.add('product.product', { ...common, product_tmpl_id: tmplId, lst_price: listCents / 100 });
    ctx.products.push({ id: productId, name, code, kind: f.kind, listCents, costCents, uomId: uoms[f.uom], incomeAccount: f.kind === 'service' ? 'income_services' : 'income_goods' });
  }
}

export function genStock(ctx: Ctx): { belowMinimum: number; orderpoints: number; quants: number } {
  const { db } = ctx;
  const rng = ctx.rng.fork('stock');
  const loc = (name: string, complete: string, usage: string, parent: number | false) =>
    db.add('stock.location', { name, complete_name: complete, usage, location_id: parent, company_id: usage === 'internal' || usage === 'view' ? ctx.companyId : false, active: true });
  const physical = loc('Physical Locations', 'Physical Locations', 'view', false);
  const partners = loc('Partners', 'Partners', 'view', false);
  const virtual = loc('Virtual Locations', 'Virtual Locations', 'view', false);
  loc('Vendors', 'Partners/Vendors', 'supplier', partners);
  loc('Customers', 'Partners/Customers', 'customer', partners);
  loc('Inventory adjustment', 'Virtual Locations/Inventory adjustment', 'inventory', virtual);
  const whView = loc('WH', 'WH', 'view', physical);
  const stock = loc('Stock', 'WH/Stock', 'internal', whView);
  const shelves = [loc('Shelf A', 'WH/Stock/Shelf A', 'internal', stock), loc('Shelf B', 'WH/Stock/Shelf B', 'internal', stock)];
  const wh = db.add('stock.warehouse', { name: 'Antwerpen Warehouse', code: 'WH', company_id: ctx.companyId, partner_id: ctx.companyPartnerId, view_location_id: whView, lot_stock_id: stock, active: true });
  let belowMinimum = 0;
  let orderpoints = 0;
  let quants = 0;
  for (const p of ctx.products) {
    if (p.kind !== 'product') continue;
    const cheap = p.listCents < 5000;
    const min = cheap ? rng.int(20, 80) : rng.int(2, 12);
    const max = min * rng.int(2, 4);
    const below = rng.chance(0.22);
    const qty = below ? rng.int(0, Math.max(0, min - 1)) : rng.int(min, max + min);
    const where = rng.chance(0.5) ? stock : rng.pick(shelves);
    if (qty > 0 || rng.chance(0.5)) {
      db.add('stock.quant', {
        product_id: p.id, location_id: where, lot_id: false, quantity: qty, reserved_quantity: Math.min(qty, rng.chance(0.3) ? rng.int(0, 3) : 0),
        inventory_quantity: 0, company_id: ctx.companyId, in_date: '2026-01-05 08:00:00',
      });
      quants++;
    }
    if (rng.chance(0.65)) {
      db.add('stock.warehouse.orderpoint', {
        name: `OP/${String(orderpoints + 1).padStart(5, '0')}`, product_id: p.id, warehouse_id: wh, location_id: stock,
        product_min_qty: min, product_max_qty: max, qty_multiple: cheap ? 10 : 1, trigger: rng.chance(0.7) ? 'auto' : 'manual',
        route_id: false, company_id: ctx.companyId, active: true,
        // stored in Odoo (recomputed there too): handy for a dashboard reading raw rows
        qty_forecast: qty, qty_to_order: qty < min ? Math.max(0, max - qty) : 0,
      });
      orderpoints++;
      if (qty < min) belowMinimum++;
    }
  }
  return { belowMinimum, orderpoints, quants };
}
