/**
 * Customer side: sale orders (confirmed, to invoice, waiting quotations, cancelled), the customer
 * invoices they produce over the history window, and credit notes reconciled against their invoice.
 */
import { addPartial, type InvoiceLineInput, type PostedInvoice, postInvoice } from './accounting';
import type { Ctx, PartnerInfo, ProductInfo, TaxKey } from './context';
import { nextName, rateAt } from './context';
import { addMonths, businessDay, type Day, endOfMonth, firstOfMonth, fmtDateTime, monthOf } from './dates';
import { amt } from './db';
import { weightedPicker, type Rng } from './rng';

const EU: ReadonlySet<string> = new Set(['BE', 'NL', 'DE', 'FR', 'LU', 'AT', 'IT', 'DK']);

export function saleTax(p: PartnerInfo): TaxKey {
  if (p.country === 'BE') return 'S21';
  if (EU.has(p.country)) return p.vat ? 'S0EU' : 'S21';
  return 'S0X';
}

function qtyFor(rng: Rng, p: ProductInfo): number {
  if (p.kind === 'service') return rng.pick([1, 2, 2.5, 4, 6, 8, 12, 16]);
  if (p.listCents < 5000) return rng.int(2, 60);
  return rng.int(1, p.listCents > 50000 ? 6 : 14);
}

/** Seasonality: quiet August and late December, busy spring and autumn (office fit-outs). */
const SEASON: readonly number[] = [0.95, 1.0, 1.1, 1.1, 1.05, 1.0, 0.85, 0.6, 1.1, 1.15, 1.1, 0.8];

export function genCustomerInvoices(ctx: Ctx): { invoices: PostedInvoice[]; refunds: number; saleOrders: number } {
  const rng = ctx.rng.fork('sales');
  const invoices: PostedInvoice[] = [];
  const pickCustomer = weightedPicker(ctx.customers, ctx.customers.map((c) => c.weight));
  const sellable = ctx.products;
  let refunds = 0;
  let saleOrders = 0;
  for (let m = 0; m < ctx.cfg.months; m++) {
    const monthStart = firstOfMonth(addMonths(ctx.start, m));
    const monthEnd = Math.min(endOfMonth(monthStart), ctx.today);
    if (monthStart > ctx.today) break;
    const growth = 0.85 + (0.3 * m) / ctx.cfg.months;
    const n = Math.round(ctx.cfg.invoicesPerMonth * (SEASON[monthOf(monthStart) - 1] ?? 1) * growth * (monthEnd - monthStart + 1) / 30.5);
    const days: Day[] = [];
    for (let i = 0; i < n; i++) days.push(Math.min(businessDay(rng.int(monthStart, monthEnd)), ctx.today));
    days.sort((a, b) => a - b);
    for (const day of days) {
      const partner = pickCustomer(rng);
      const inv = customerInvoice(ctx, rng, partner, day, sellable);
      invoices.push(inv.invoice);
      if (inv.fromOrder) saleOrders++;
      // credit notes: returns and price corrections, some weeks later, applied to the invoice
      if (partner.currency === 'EUR' && rng.chance(0.035)) {
        const refundDay = Math.min(ctx.today, businessDay(day + rng.int(5, 40)));
        const full = rng.chance(0.4);
        const line = inv.lines[0];
        if (!line) continue;
        const lines: InvoiceLineInput[] = full ? inv.lines.map((l) => ({ ...l, extra: {} })) : [{ ...line, qty: Math.max(1, Math.floor(line.qty / 2)), name: `Return: ${line.name}`, extra: {} }];
        const refund = postInvoice(ctx, {
          moveType: 'out_refund', partner, day: refundDay, dueDay: refundDay, currency: 'EUR', lines, ref: `Reversal of: ${inv.invoice.name}`,
          reversedEntryId: inv.invoice.moveId, termId: false,
        });
        const applied = Math.min(refund.totalCents, inv.invoice.resC);
        addPartial(ctx, inv.invoice.termLineId, refund.termLineId, applied, applied, applied, refundDay);
        inv.invoice.resC -= applied;
        inv.invoice.resCur -= applied;
        refund.resC -= applied;
        refund.resCur -= applied;
        refunds++;
      }
    }
  }
  return { invoices, refunds, saleOrders };
}

function customerInvoice(ctx: Ctx, rng: Rng, partner: PartnerInfo, day: Day, products: readonly ProductInfo[]): { invoice: PostedInvoice; lines: InvoiceLineInput[]; fromOrder: boolean } {
  const nLines = rng.weighted([1, 2, 3, 4, 6], [35, 30, 18, 12, 5]);
  const tax = saleTax(partner);
  const usdRate = partner.currency === 'USD' ? rateAt(ctx, day) : 1;
  const picked: Array<{ p: ProductInfo; qty: number; priceCents: number }> = [];
  for (let i = 0; i < nLines; i++) {
    const p = rng.pick(products);
    picked.push({ p, qty: qtyFor(rng, p), priceCents: Math.round(p.listCents * usdRate) });
  }
  const fromOrder = rng.chance(0.55);
  let origin: string | false = false;
  const saleLineIds: number[] = [];
  if (fromOrder) {
    const orderDay = Math.max(ctx.start, day - rng.int(1, 12));
    const soId = ctx.db.nextId('sale.order');
    origin = nextName(ctx, 'S', 5).name.replace('S/', 'S');
    const lineIds = picked.map((x) =>
      ctx.db.add('sale.order.line', {
        order_id: soId, product_id: x.p.id, name: x.p.name, product_uom_qty: x.qty, qty_delivered: x.p.kind === 'service' ? x.qty : x.qty, qty_invoiced: x.qty,
        qty_to_invoice: 0, price_unit: amt(x.priceCents), tax_id: [ctx.tax[tax]], price_subtotal: amt(Math.round(x.qty * x.priceCents)), discount: 0,
        product_uom: x.p.uomId, company_id: ctx.companyId, currency_id: ctx.currency[partner.currency], state: 'sale', invoice_status: 'invoiced',
      }),
    );
    saleLineIds.push(...lineIds);
    addSaleOrder(ctx, rng, soId, origin, partner, orderDay, 'sale', 'invoiced', lineIds, picked, tax);
  }
  const lines: InvoiceLineInput[] = picked.map((x, i) => ({
    productId: x.p.id, name: `[${x.p.code}] ${x.p.name}`, qty: x.qty, priceCents: x.priceCents, taxKey: tax, accountKey: x.p.incomeAccount, uomId: x.p.uomId,
    extra: { sale_line_ids: saleLineIds[i] ? [saleLineIds[i]] : [], purchase_line_id: false },
  }));
  const invoice = postInvoice(ctx, {
    moveType: 'out_invoice', partner, day, dueDay: day + partner.termDays, currency: partner.currency, lines, ref: origin ? `PO ${rng.int(1000, 99999)}` : false, origin, termId: partner.termId,
  });
  if (fromOrder) {
    const soId = ctx.db.count('sale.order');
    ctx.db.get('sale.order', soId).invoice_ids = [invoice.moveId];
  }
  return { invoice, lines, fromOrder };
}

function addSaleOrder(
  ctx: Ctx, rng: Rng, soId: number, name: string, partner: PartnerInfo, day: Day, state: string, invoiceStatus: string,
  lineIds: number[], picked: ReadonlyArray<{ qty: number; priceCents: number }>, tax: TaxKey,
): void {
  let untaxed = 0;
  for (const x of picked) untaxed += Math.round(x.qty * x.priceCents);
  const taxC = Math.round((untaxed * ctx.taxRate[tax]) / 100);
  const id = ctx.db.add('sale.order', {
    name, partner_id: partner.id, partner_invoice_id: partner.id, partner_shipping_id: partner.id, state, locked: false,
    date_order: fmtDateTime(day, rng.int(8 * 3600, 17 * 3600)), validity_date: false, client_order_ref: false,
    amount_untaxed: amt(untaxed), amount_tax: amt(taxC), amount_total: amt(untaxed + taxC), currency_id: ctx.currency[partner.currency],
    invoice_status: invoiceStatus, order_line: lineIds, user_id: ctx.userIds.sales, team_id: 1, company_id: ctx.companyId,
    payment_term_id: partner.termId, invoice_ids: [],
  });
  if (id !== soId) throw new Error('sale.order id drift');
}

/** Recent confirmed orders not yet invoiced, waiting quotations and cancelled ones. */
export function genOpenSaleOrders(ctx: Ctx): { toInvoice: number; quotations: number; cancelled: number } {
  const rng = ctx.rng.fork('open-sales');
  const pickCustomer = weightedPicker(ctx.customers, ctx.customers.map((c) => c.weight));
  const n = Math.max(12, Math.round(ctx.cfg.invoicesPerMonth * 0.6));
  const counts = { toInvoice: 0, quotations: 0, cancelled: 0 };
  for (let i = 0; i < n; i++) {
    const partner = pickCustomer(rng);
    const kind = rng.weighted(['to-invoice', 'draft', 'sent', 'cancel'] as const, [30, 35, 25, 10]);
    const day = ctx.today - rng.int(0, kind === 'to-invoice' ? 20 : 55);
    const tax = saleTax(partner);
    const usdRate = partner.currency === 'USD' ? rateAt(ctx, day) : 1;
    const picked = Array.from({ length: rng.int(1, 4) }, () => {
      const p = rng.pick(ctx.products);
      return { p, qty: qtyFor(rng, p), priceCents: Math.round(p.listCents * usdRate) };
    });
    const soId = ctx.db.nextId('sale.order');
    const name = nextName(ctx, 'S', 5).name.replace('S/', 'S');
    const state = kind === 'to-invoice' ? 'sale' : kind;
    const lineIds = picked.map((x) => {
      const delivered = kind === 'to-invoice' ? x.qty : 0;
      return ctx.db.add('sale.order.line', {
        order_id: soId, product_id: x.p.id, name: x.p.name, product_uom_qty: x.qty, qty_delivered: delivered, qty_invoiced: 0,
        qty_to_invoice: delivered, price_unit: amt(x.priceCents), tax_id: [ctx.tax[tax]], price_subtotal: amt(Math.round(x.qty * x.priceCents)), discount: 0,
        product_uom: x.p.uomId, company_id: ctx.companyId, currency_id: ctx.currency[partner.currency], state, invoice_status: kind === 'to-invoice' ? 'to invoice' : 'no',
      });
    });
    addSaleOrder(ctx, rng, soId, name, partner, day, state, kind === 'to-invoice' ? 'to invoice' : 'no', lineIds, picked, tax);
    if (kind === 'draft' || kind === 'sent') ctx.db.get('sale.order', soId).validity_date = new Date((day + 30) * 86_400_000).toISOString().slice(0, 10);
    if (kind === 'to-invoice') counts.toInvoice++;
    else if (kind === 'cancel') counts.cancelled++;
    else counts.quotations++;
  }
  return counts;
}
