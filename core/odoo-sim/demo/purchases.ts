/**
 * Vendor side: purchase orders (some with quantity or price mismatches against the bill), vendor
 * bills with vendor references in each vendor's own numbering style, recurring expense bills, refunds.
 */
import { addPartial, type InvoiceLineInput, type PostedInvoice, postInvoice } from './accounting';
import type { Ctx, PartnerInfo, TaxKey } from './context';
import { nextName, rateAt } from './context';
import { addMonths, businessDay, type Day, endOfMonth, firstOfMonth, fmtDateTime, yearOf } from './dates';
import { amt } from './db';
import { EXPENSE_KINDS } from './names';
import { weightedPicker, type Rng } from './rng';

const EU: ReadonlySet<string> = new Set(['BE', 'NL', 'DE', 'FR', 'LU', 'AT', 'IT', 'DK']);

function purchaseTax(p: PartnerInfo): TaxKey {
  if (p.country === 'BE') return 'P21';
  return EU.has(p.country) ? 'P0EU' : 'P0X';
}

/** The vendor's own invoice number, in one of the formats seen on real bills. */
export function vendorRef(p: PartnerInfo, day: Day): string {
  p.refCounter += 1;
  const n = p.refCounter;
  const y = yearOf(day);
  const yy = String(y).slice(2);
  switch (p.refStyle) {
    case 0: return `F${y}-${String(n).padStart(4, '0')}`;
    case 1: return `INV-${String(n).padStart(6, '0')}`;
    case 2: return `${y}/${n}`;
    case 3: return `RE-${y}-${String(n).padStart(4, '0')}`;
    case 4: return `FA${yy}${String(n).padStart(6, '0')}`;
    case 5: return `SI-${String(n).padStart(5, '0')}`;
    case 6: return `Rechnung ${y}-${n}`;
    case 7: return `#${String(n).padStart(5, '0')}`;
    case 8: return `${yy}${String(n).padStart(5, '0')}`;
    default: return `VF/${y}/${String(n).padStart(4, '0')}`;
  }
}

export type BillsResult = { bills: PostedInvoice[]; billPurchaseOrders: Array<{ billId: number; purchaseOrderId: number }>; refunds: number; openPurchaseOrders: number };

export function genVendorBills(ctx: Ctx): BillsResult {
  const rng = ctx.rng.fork('purchases');
  const bills: PostedInvoice[] = [];
  const billPurchaseOrders: BillsResult['billPurchaseOrders'] = [];
  const goodsVendors = ctx.vendors.filter((v) => v.vendorKind === 'goods');
  const expenseVendors = ctx.vendors.filter((v) => v.vendorKind === 'expense');
  const pickGoods = weightedPicker(goodsVendors, goodsVendors.map((v) => v.weight));
  const pickExpense = weightedPicker(expenseVendors, expenseVendors.map((v) => v.weight));
  const stockable = ctx.products.filter((p) => p.kind !== 'service');
  let refunds = 0;
  for (let m = 0; m < ctx.cfg.months; m++) {
    const monthStart = firstOfMonth(addMonths(ctx.start, m));
    if (monthStart > ctx.today) break;
    const monthEnd = Math.min(endOfMonth(monthStart), ctx.today);
    const n = Math.round((ctx.cfg.billsPerMonth * (monthEnd - monthStart + 1)) / 30.5);
    const days: Day[] = [];
    for (let i = 0; i < n; i++) days.push(Math.min(businessDay(rng.int(monthStart, monthEnd)), ctx.today));
    days.sort((a, b) => a - b);
    for (const day of days) {
      const goods = goodsVendors.length > 0 && (expenseVendors.length === 0 || rng.chance(0.45));
      const vendor = goods ? pickGoods(rng) : pickExpense(rng);
      const tax = purchaseTax(vendor);
      const usdRate = vendor.currency === 'USD' ? rateAt(ctx, day) : 1;
      const ref = vendorRef(vendor, day);
      let lines: InvoiceLineInput[];
      let poId: number | false = false;
      if (goods) {
        const picked = Array.from({ length: rng.weighted([1, 2, 3, 5], [40, 30, 20, 10]) }, () => {
          const p = rng.pick(stockable);
          return { p, qty: p.listCents < 5000 ? rng.int(10, 200) : rng.int(2, 30), priceCents: Math.round(p.costCents * usdRate) };
        });
        const withPo = rng.chance(0.6);
        const poLineIds: Array<number | false> = [];
        if (withPo) {
          poId = ctx.db.nextId('purchase.order');
          const poName = nextName(ctx, 'P', 5).name.replace('P/', 'P');
          const orderDay = Math.max(ctx.start - 20, day - rng.int(3, 30));
          const ids: number[] = [];
          for (const x of picked) {
            // a few lines disagree with the bill: short delivery or a price the vendor changed
            const shortDelivery = rng.chance(0.06);
            const priceDrift = rng.chance(0.05);
            const ordered = x.qty;
            const received = shortDelivery ? Math.max(1, ordered - rng.int(1, Math.max(1, Math.floor(ordered / 3)))) : ordered;
            const poPrice = priceDrift ? Math.round(x.priceCents / (1 + rng.int(1, 4) / 100)) : x.priceCents;
            const lineId = ctx.db.add('purchase.order.line', {
              order_id: poId, product_id: x.p.id, name: x.p.name, product_qty: ordered, qty_received: received, qty_invoiced: x.qty,
              qty_to_invoice: received - x.qty, price_unit: amt(poPrice), price_subtotal: amt(Math.round(ordered * poPrice)), taxes_id: [ctx.tax[tax]],
              product_uom: x.p.uomId, date_planned: fmtDateTime(orderDay + 7, 36000), company_id: ctx.companyId, currency_id: ctx.currency[vendor.currency], state: 'purchase',
            });
            ids.push(lineId);
            poLineIds.push(lineId);
          }
          addPurchaseOrder(ctx, rng, poId, poName, vendor, orderDay, 'purchase', 'invoiced', ids, picked, tax, ref);
        }
        lines = picked.map((x, i) => ({
          productId: x.p.id, name: `[${x.p.code}] ${x.p.name}`, qty: x.qty, priceCents: x.priceCents, taxKey: tax, accountKey: 'purchases', uomId: x.p.uomId,
          extra: { purchase_line_id: poLineIds[i] ?? false, sale_line_ids: [] },
        }));
      } else {
        const kind = EXPENSE_KINDS[vendor.expenseIndex] ?? EXPENSE_KINDS[0];
        if (!kind) continue;
        const base = rng.int(kind.range[0] * 100, kind.range[1] * 100);
        lines = [{ productId: false, name: `${kind.label} ${monthLabel(day)}`, qty: 1, priceCents: Math.round(base * usdRate), taxKey: tax, accountKey: kind.account, extra: { purchase_line_id: false, sale_line_ids: [] } }];
      }
      const bill = postInvoice(ctx, {
        moveType: 'in_invoice', partner: vendor, day, dueDay: day + vendor.termDays, currency: vendor.currency, lines, ref,
        origin: poId ? String(ctx.db.get('purchase.order', poId).name) : false, termId: vendor.termId,
      });
      bills.push(bill);
      if (poId) {
        ctx.db.get('purchase.order', poId).invoice_ids = [bill.moveId];
        billPurchaseOrders.push({ billId: bill.moveId, purchaseOrderId: poId });
      }
      if (vendor.currency === 'EUR' && rng.chance(0.015)) {
        const refundDay = Math.min(ctx.today, businessDay(day + rng.int(5, 30)));
        const first = lines[0];
        if (!first) continue;
        const refund = postInvoice(ctx, {
          moveType: 'in_refund', partner: vendor, day: refundDay, dueDay: refundDay, currency: 'EUR',
          lines: [{ ...first, qty: Math.max(1, Math.floor(first.qty / 4)), name: `Credit: ${first.name}`, extra: { purchase_line_id: false, sale_line_ids: [] } }],
          ref: `CN-${ref}`, reversedEntryId: bill.moveId,
        });
        const applied = Math.min(refund.totalCents, bill.resC);
        addPartial(ctx, refund.termLineId, bill.termLineId, applied, applied, applied, refundDay);
        bill.resC -= applied;
        bill.resCur -= applied;
        refunds++;
      }
    }
  }
  const openPurchaseOrders = genOpenPurchaseOrders(ctx, rng, goodsVendors);
  return { bills, billPurchaseOrders, refunds, openPurchaseOrders };
}

function monthLabel(day: Day): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 7);
}

function addPurchaseOrder(
  ctx: Ctx, rng: Rng, poId: number, name: string, vendor: PartnerInfo, day: Day, state: string, invoiceStatus: string, lineIds: number[],
  picked: ReadonlyArray<{ qty: number; priceCents: number }>, tax: TaxKey, partnerRef: string | false,
): void {
  let untaxed = 0;
  for (const x of picked) untaxed += Math.round(x.qty * x.priceCents);
  const taxC = Math.round((untaxed * ctx.taxRate[tax]) / 100);
  const id = ctx.db.add('purchase.order', {
    name, partner_id: vendor.id, partner_ref: partnerRef && rng.chance(0.5) ? partnerRef : false, state, date_order: fmtDateTime(day, rng.int(8 * 3600, 17 * 3600)),
    date_approve: state === 'purchase' ? fmtDateTime(day, 17 * 3600) : false, date_planned: fmtDateTime(day + 7, 36000),
    amount_untaxed: amt(untaxed), amount_tax: amt(taxC), amount_total: amt(untaxed + taxC), currency_id: ctx.currency[vendor.currency],
    invoice_status: invoiceStatus, order_line: lineIds, invoice_ids: [], user_id: ctx.userIds.admin, company_id: ctx.companyId, payment_term_id: vendor.termId,
  });
  if (id !== poId) throw new Error('purchase.order id drift');
}

/** Confirmed orders received but not billed yet, and RFQs still out. */
function genOpenPurchaseOrders(ctx: Ctx, rng: Rng, vendors: readonly PartnerInfo[]): number {
  if (vendors.length === 0) return 0;
  const n = Math.max(6, Math.round(ctx.cfg.billsPerMonth * 0.25));
  const stockable = ctx.products.filter((p) => p.kind !== 'service');
  for (let i = 0; i < n; i++) {
    const vendor = rng.pick(vendors);
    const kind = rng.weighted(['to-bill', 'draft', 'sent', 'to approve'] as const, [50, 25, 20, 5]);
    const day = ctx.today - rng.int(0, 25);
    const tax = purchaseTax(vendor);
    const poId = ctx.db.nextId('purchase.order');
    const name = nextName(ctx, 'P', 5).name.replace('P/', 'P');
    const picked = Array.from({ length: rng.int(1, 3) }, () => {
      const p = rng.pick(stockable);
      return { p, qty: rng.int(2, 40), priceCents: p.costCents };
    });
    const state = kind === 'to-bill' ? 'purchase' : kind;
    const ids = picked.map((x) => {
      const received = kind === 'to-bill' ? (rng.chance(0.7) ? x.qty : rng.int(0, x.qty)) : 0;
      return ctx.db.add('purchase.order.line', {
        order_id: poId, product_id: x.p.id, name: x.p.name, product_qty: x.qty, qty_received: received, qty_invoiced: 0, qty_to_invoice: received,
        price_unit: amt(x.priceCents), price_subtotal: amt(x.qty * x.priceCents), taxes_id: [ctx.tax[tax]], product_uom: x.p.uomId,
        date_planned: fmtDateTime(day + 7, 36000), company_id: ctx.companyId, currency_id: ctx.currency[vendor.currency], state,
      });
    });
    addPurchaseOrder(ctx, rng, poId, name, vendor, day, state, kind === 'to-bill' ? 'to invoice' : 'no', ids, picked, tax, false);
  }
  return n;
}
