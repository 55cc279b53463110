import { describe, expect, it } from 'vitest';
import { OdooServerError } from '../types';
import { caller, memoryEngine, postedInvoice, setupBooks } from './test-fixtures';

type Rec = Record<string, unknown>;

describe('business models', () => {
  it('sale order totals, confirm, lock; purchase order to vendor bill', () => {
    const call = caller(memoryEngine(17));
    const b = setupBooks(call);
    const prod = call('product.product', 'create', [{ name: 'Chair', default_code: 'CH', lst_price: 40, standard_price: 25, detailed_type: 'product' }]) as number;
    const so = call('sale.order', 'create', [{ partner_id: b.customer, order_line: [[0, 0, { product_id: prod, product_uom_qty: 3, tax_id: [[6, 0, [b.tax21]]] }]] }]) as number;
    const r = (call('sale.order', 'read', [[so], ['name', 'amount_untaxed', 'amount_tax', 'amount_total', 'state', 'order_line']]) as Rec[])[0]!;
    expect(r).toMatchObject({ name: 'S00001', amount_untaxed: 120, amount_tax: 25.2, amount_total: 145.2, state: 'draft' });
    expect(call('sale.order', 'action_confirm', [[so]])).toBe(true);
    expect((call('sale.order.line', 'read', [r.order_line, ['name', 'price_unit']]) as Rec[])[0]).toMatchObject({ name: '[CH] Chair', price_unit: 40 });

    const po = call('purchase.order', 'create', [{ partner_id: b.vendor, partner_ref: 'V-9', order_line: [[0, 0, { product_id: prod, product_qty: 4 }]] }]) as number;
    call('purchase.order', 'button_confirm', [[po]]);
    const action = call('purchase.order', 'action_create_invoice', [[po]]) as Rec;
    const bill = action.res_id as number;
    const billRow = (call('account.move', 'read', [[bill], ['move_type', 'ref', 'invoice_origin', 'amount_total', 'state']]) as Rec[])[0]!;
    expect(billRow).toMatchObject({ move_type: 'in_invoice', ref: 'V-9', invoice_origin: 'P00001', amount_total: 100, state: 'draft' });
    expect((call('purchase.order', 'read', [[po], ['invoice_status', 'invoice_ids']]) as Rec[])[0]).toMatchObject({ invoice_status: 'invoiced', invoice_ids: [bill] });
  });

  it('stock: quants give qty_available; orderpoints compute what to order', () => {
    const call = caller(memoryEngine(18));
    const wh = call('stock.location', 'create', [{ name: 'WH', usage: 'view' }]) as number;
    const stock = call('stock.location', 'create', [{ name: 'Stock', location_id: wh, usage: 'internal' }]) as number;
    const prod = call('product.product', 'create', [{ name: 'Desk', is_storable: true }]) as number;
    call('stock.quant', 'create', [{ product_id: prod, location_id: stock, quantity: 3 }]);
    expect((call('product.product', 'read', [[prod], ['qty_available', 'type', 'is_storable']]) as Rec[])[0]).toMatchObject({ qty_available: 3, type: 'consu', is_storable: true });
    const op = call('stock.warehouse.orderpoint', 'create', [{ product_id: prod, location_id: stock, product_min_qty: 5, product_max_qty: 10 }]) as number;
    expect((call('stock.warehouse.orderpoint', 'read', [[op], ['qty_to_order', 'qty_forecast']]) as Rec[])[0]).toMatchObject({ qty_to_order: 7, qty_forecast: 3 });
    expect((call('stock.location', 'read', [[stock], ['display_name']]) as Rec[])[0]!.display_name).toBe('WH/Stock');
  });

  it('crm: won, lost (archived), restore', () => {
    const call = caller(memoryEngine(17));
    call('crm.stage', 'create', [[{ name: 'New' }, { name: 'Won', is_won: true }]]);
    const lead = call('crm.lead', 'create', [{ name: 'Big deal', expected_revenue: 1000, probability: 40 }]) as number;
    expect((call('crm.lead', 'read', [[lead], ['prorated_revenue']]) as Rec[])[0]!.prorated_revenue).toBe(400);
    call('crm.lead', 'action_set_lost', [[lead]]);
    expect(call('crm.lead', 'search', [[['id', '=', lead]]])).toEqual([]);
    call('crm.lead', 'action_restore', [[lead]]);
    call('crm.lead', 'action_set_won', [[lead]]);
    expect((call('crm.lead', 'read', [[lead], ['probability', 'stage_id', 'active']]) as Rec[])[0]).toMatchObject({ probability: 100, stage_id: [expect.any(Number), 'Won'], active: true });
  });

  it('copy, archive/unarchive, default_get, read_group by month on invoices', () => {
    const call = caller(memoryEngine(17));
    const b = setupBooks(call);
    const copy = call('res.partner', 'copy', [[b.customer]]) as number;
    expect((call('res.partner', 'read', [[copy], ['name']]) as Rec[])[0]!.name).toBe('Agrolait (copy)');
    call('res.partner', 'action_archive', [[copy]]);
    expect(call('res.partner', 'search', [[['id', '=', copy]]])).toEqual([]);
    call('res.partner', 'action_unarchive', [[copy]]);
    expect(call('res.partner', 'search', [[['id', '=', copy]]])).toEqual([copy]);
    expect(call('res.partner', 'default_get', [['type', 'lang', 'is_company']])).toEqual({ type: 'contact', lang: 'en_US', is_company: false });
    postedInvoice(call, b, 100, { date: '2024-03-05' });
    postedInvoice(call, b, 50, { date: '2024-03-20' });
    postedInvoice(call, b, 10, { date: '2024-04-01' });
    const groups = call('account.move', 'read_group', [[['move_type', '=', 'out_invoice']], ['amount_total:sum'], ['invoice_date:month']]) as Rec[];
    expect(groups.map((g) => [g['invoice_date:month'], g.amount_total, g.invoice_date_count])).toEqual([
      ['March 2024', 150, 2],
      ['April 2024', 10, 1],
    ]);
  });

  it('button_draft unreconciles; a direct payment posts its own entry; deleting a statement line deletes its move', () => {
    const call = caller(memoryEngine(17));
    const b = setupBooks(call);
    const inv = postedInvoice(call, b, 100);
    const ctx = { active_model: 'account.move', active_ids: [inv], dont_redirect_to_payments: true };
    call('account.payment.register', 'action_create_payments', [[call('account.payment.register', 'create', [{}], { context: ctx }) as number]], { context: ctx });
    expect((call('account.move', 'read', [[inv], ['payment_state']]) as Rec[])[0]!.payment_state).toBe('paid');
    call('account.move', 'button_draft', [[inv]]);
    expect((call('account.move', 'read', [[inv], ['state', 'payment_state']]) as Rec[])[0]).toMatchObject({ state: 'draft', payment_state: 'not_paid' });

    const pay = call('account.payment', 'create', [{ payment_type: 'outbound', partner_type: 'supplier', partner_id: b.vendor, amount: 30, journal_id: b.bank }]) as number;
    expect(call('account.payment', 'action_post', [[pay]])).toBe(false);
    const p = (call('account.payment', 'read', [[pay], ['state', 'move_id', 'name']]) as Rec[])[0]!;
    expect(p).toMatchObject({ state: 'posted', name: 'PBNK1/2024/00002' });
    const lines = call('account.move.line', 'search_read', [[['move_id', '=', (p.move_id as [number])[0]]], ['account_id', 'balance']]) as Rec[];
    expect(lines.map((l) => [(l.account_id as [number])[0], l.balance])).toEqual([
      [b.bankAccount, -30],
      [b.payable, 30],
    ]);

    const st = call('account.bank.statement.line', 'create', [{ journal_id: b.bank, amount: 5, payment_ref: 'tmp' }]) as number;
    const move = ((call('account.bank.statement.line', 'read', [[st], ['move_id']]) as Rec[])[0]!.move_id as [number])[0];
    expect(call('account.bank.statement.line', 'unlink', [[st]])).toBe(true);
    expect(call('account.move', 'search', [[['id', '=', move]]])).toEqual([]);
    expect(() => call('account.move.line', 'write', [[999999], { name: 'x' }])).toThrow(OdooServerError);
  });
});
