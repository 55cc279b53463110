/**
 * Purchase-order cross-check (three-way match): the bill's PO number finds the cached purchase.order, its
 * lines are paired with the order's lines (description similarity, then price and quantity), and each pair
 * is checked — billed quantity against what was ordered and what was received (net of what earlier bills
 * already invoiced), and the unit price against the order's within a tolerance.
 */
import type Database from 'better-sqlite3';
import { foldText } from '../reconciliation/matching/normalize';
import type { Extraction, ExtractedLine } from './types';

export type PoLineStatus = 'ok' | 'over-billed' | 'not-received' | 'price-variance' | 'unmatched';

export type PoOrder = { id: number; name: string; partnerId?: number; partnerRef?: string; state: string; currencyId?: number };
export type PoLine = { id: number; orderId: number; name: string; productName?: string; ordered: number; received: number; invoiced: number; priceUnit: number };

export type PoCheckLine = {
  description: string;
  billedQty: number | null;
  receivedQty: number | null;
  orderedQty: number | null;
  billedPrice: number | null;
  poPrice: number | null;
  priceVariancePct: number | null;
  status: PoLineStatus;
  poLineId?: number;
};

export type PoCheckResult = { poId: number; poName: string; status: 'ok' | 'mismatch'; lines: PoCheckLine[]; messages: string[] };

export type PoCheckOptions = {
  /** allowed unit price difference, percent (default 2) */
  priceTolerancePct?: number;
  /** the bill is already in Odoo: its own quantities are part of the order lines' invoiced quantity */
  billInOdoo?: boolean;
};

/** Letters and digits only, upper case, leading zeros of digit runs kept: "PO-00012" ≈ "po 00012". */
export const poKey = (s: string): string => foldText(s).replace(/[^A-Z0-9]/g, '');

const words = (s: string): string[] => foldText(s).split(/[^A-Z0-9]+/).filter((w) => w.length >= 2);

/** Share of the shorter description's words found in the other (0..1). */
function textSim(a: string, b: string): number {
  const wa = new Set(words(a));
  const wb = new Set(words(b));
  if (wa.size === 0 || wb.size === 0) return 0;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return common / Math.min(wa.size, wb.size);
}

/** The order the bill refers to: its PO number against order names and vendor references. */
export function findOrder(poNumber: string | undefined, orders: readonly PoOrder[], partnerId?: number): PoOrder | null {
  if (!poNumber) return null;
  const k = poKey(poNumber);
  if (k.length < 2) return null;
  const hits = orders.filter((o) => o.state !== 'cancel' && (poKey(o.name) === k || (o.partnerRef ? poKey(o.partnerRef) === k : false)));
  // a PO number written without its prefix ("00012" for "P00012")
  const loose = hits.length > 0 ? hits : /^\d{3,}$/.test(k) ? orders.filter((o) => o.state !== 'cancel' && poKey(o.name).endsWith(k)) : [];
  const mine = partnerId !== undefined ? loose.filter((o) => o.partnerId === partnerId) : loose;
  const list = mine.length > 0 ? mine : loose;
  return list.length === 1 ? list[0]! : (list.sort((a, b) => b.id - a.id)[0] ?? null);
}

/**
 * No PO number read: an order name printed anywhere in the document (a word equal to it, e.g. "P00032" in
 * "Your order P00032"), among the vendor's open orders first. Only a single hit counts.
 */
export function findOrderInText(words: readonly string[], orders: readonly PoOrder[], partnerId?: number): PoOrder | null {
  const tokens = new Set(words.map(poKey).filter((t) => t.length >= 4 && /\d/.test(t)));
  const open = orders.filter((o) => o.state !== 'cancel' && tokens.has(poKey(o.name)));
  const mine = partnerId !== undefined ? open.filter((o) => o.partnerId === partnerId) : [];
  const list = mine.length > 0 ? mine : open;
  return list.length === 1 ? list[0]! : null;
}

/** Pairs bill lines with order lines: the most similar description first, price and quantity breaking ties. */
function pair(lines: readonly ExtractedLine[], poLines: readonly PoLine[]): Array<PoLine | undefined> {
  const scores: Array<{ i: number; j: number; s: number }> = [];
  lines.forEach((l, i) => {
    poLines.forEach((p, j) => {
      const sim = Math.max(textSim(l.description, p.name), p.productName ? textSim(l.description, p.productName) : 0);
      const price = l.unitPrice !== undefined && p.priceUnit > 0 ? Math.max(0, 1 - Math.abs(l.unitPrice - p.priceUnit) / p.priceUnit) : 0;
      const qty = l.quantity !== undefined && p.ordered > 0 ? Math.max(0, 1 - Math.abs(l.quantity - p.ordered) / p.ordered) : 0;
      const s = sim + 0.3 * price + 0.1 * qty;
      // a pair needs words in common, or (single-line orders and bills) a matching price
      if (sim >= 0.34 || (lines.length === 1 && poLines.length === 1) || price > 0.98) scores.push({ i, j, s });
    });
  });
  scores.sort((a, b) => b.s - a.s);
  const out: Array<PoLine | undefined> = lines.map(() => undefined);
  const used = new Set<number>();
  for (const { i, j } of scores) {
    if (out[i] || used.has(j)) continue;
    out[i] = poLines[j];
    used.add(j);
  }
  return out;
}

const r2 = (v: number) => Math.round(v * 100) / 100;
const EPS = 1e-6;

/** Checks a bill's lines against an order's lines. */
export function checkOrder(e: Pick<Extraction, 'lines'>, order: PoOrder, poLines: readonly PoLine[], opts: PoCheckOptions = {}): PoCheckResult {
  const tol = opts.priceTolerancePct ?? 2;
  const mine = poLines.filter((l) => l.orderId === order.id);
  const paired = pair(e.lines, mine);
  const messages: string[] = [];
  const lines = e.lines.map((l, i): PoCheckLine => {
    const p = paired[i];
    const billedQty = l.quantity ?? (l.unitPrice ? r2(l.amount / l.unitPrice) : null);
    const billedPrice = l.unitPrice ?? (l.quantity ? r2(l.amount / l.quantity) : null);
    if (!p) {
      messages.push(`“${l.description.slice(0, 60)}” is not on ${order.name}.`);
      return { description: l.description, billedQty, receivedQty: null, orderedQty: null, billedPrice, poPrice: null, priceVariancePct: null, status: 'unmatched' };
    }
    // what earlier bills already invoiced is no longer open (our own bill counts once it is in Odoo)
    const before = opts.billInOdoo ? Math.max(0, p.invoiced - (billedQty ?? 0)) : p.invoiced;
    const variance = billedPrice !== null && p.priceUnit > 0 ? r2(((billedPrice - p.priceUnit) / p.priceUnit) * 100) : null;
    let status: PoLineStatus = 'ok';
    if (billedQty !== null && billedQty + before > p.ordered + EPS) {
      status = 'over-billed';
      messages.push(`“${l.description.slice(0, 60)}”: ${billedQty} billed, ${p.ordered} ordered${before > 0 ? ` (${before} already billed)` : ''}.`);
    } else if (billedQty !== null && billedQty + before > p.received + EPS) {
      status = 'not-received';
      messages.push(`“${l.description.slice(0, 60)}”: ${billedQty} billed, ${p.received} received${before > 0 ? ` (${before} already billed)` : ''}.`);
    } else if (variance !== null && Math.abs(variance) > tol) {
      status = 'price-variance';
      messages.push(`“${l.description.slice(0, 60)}”: unit price ${billedPrice} against ${p.priceUnit} on the order (${variance > 0 ? '+' : ''}${variance}%).`);
    }
    return {
      description: l.description,
      billedQty,
      receivedQty: p.received,
      orderedQty: p.ordered,
      billedPrice,
      poPrice: p.priceUnit,
      priceVariancePct: variance,
      status,
      poLineId: p.id,
    };
  });
  return { poId: order.id, poName: order.name, status: lines.every((l) => l.status === 'ok') ? 'ok' : 'mismatch', lines, messages };
}

const m2oId = (v: unknown): number | undefined => (Array.isArray(v) && typeof v[0] === 'number' ? v[0] : typeof v === 'number' ? v : undefined);
const m2oName = (v: unknown): string | undefined => (Array.isArray(v) && typeof v[1] === 'string' ? v[1] : undefined);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** Cached purchase orders (all states but cancelled) and, on demand, one order's lines. */
export function loadOrders(db: Database.Database): PoOrder[] {
  return db
    .prepare<[], { id: number; data: string }>(`SELECT id, data FROM cache_records WHERE model = 'purchase.order'`)
    .all()
    .map((r) => {
      const d = JSON.parse(r.data) as Record<string, unknown>;
      const partnerId = m2oId(d.partner_id);
      const currencyId = m2oId(d.currency_id);
      return {
        id: r.id,
        name: typeof d.name === 'string' ? d.name : `PO#${r.id}`,
        ...(partnerId !== undefined ? { partnerId } : {}),
        ...(typeof d.partner_ref === 'string' && d.partner_ref ? { partnerRef: d.partner_ref } : {}),
        state: typeof d.state === 'string' ? d.state : 'draft',
        ...(currencyId !== undefined ? { currencyId } : {}),
      };
    });
}

export function loadOrderLines(db: Database.Database, orderId: number): PoLine[] {
  return db
    .prepare<[number, number], { id: number; data: string }>(
      `SELECT id, data FROM cache_records WHERE model = 'purchase.order.line' AND (json_extract(data, '$.order_id[0]') = ? OR json_extract(data, '$.order_id') = ?) ORDER BY id`,
    )
    .all(orderId, orderId)
    .map((r) => {
      const d = JSON.parse(r.data) as Record<string, unknown>;
      const productName = m2oName(d.product_id);
      return {
        id: r.id,
        orderId,
        name: typeof d.name === 'string' ? d.name : (productName ?? ''),
        ...(productName ? { productName } : {}),
        ordered: num(d.product_qty),
        received: num(d.qty_received),
        invoiced: num(d.qty_invoiced),
        priceUnit: num(d.price_unit),
      };
    });
}
