import { describe, expect, it } from 'vitest';
import type { OdooVersion } from '../types';
import { OdooServerError } from '../types';
import { createEngine } from './index';
import { caller, memoryEngine, postedInvoice, setupBooks, type Books, type Call } from './test-fixtures';

type Rec = Record<string, unknown>;

function setup(version: OdooVersion = 17, now?: () => Date) {
  const engine = now ? createEngine({ version, now }) : memoryEngine(version);
  const call = caller(engine);
  const b = setupBooks(call, version);
  return { engine, call, b };
}

const one = (call: Call, model: string, id: number, fields: string[]) => (call(model, 'read', [[id], fields]) as Rec[])[0]!;

function stLine(call: Call, b: Books, amount: number, extra: Rec = {}): number {
  return call('account.bank.statement.line', 'create', [{ journal_id: b.bank, amount, payment_ref: 'Payment', date: '2024-04-10', partner_id: b.customer, ...extra }]) as number;
}

function suspenseLine(call: Call, b: Books, st: number): number {
  const { move_id } = one(call, 'account.bank.statement.line', st, ['move_id']);
  const lines = call('account.move.line', 'search_read', [[['move_id', '=', (move_id as [number, string])[0]], ['account_id', '=', b.suspense]], ['id']]) as Rec[];
  return lines[0]!.id as number;
}

function receivableLine(call: Call, b: Books, move: number): number {
  return (call('account.move.line', 'search', [[['move_id', '=', move], ['account_id', '=', b.receivable]]]) as number[])[0]!;
}

function expectOdooError(fn: () => unknown, name: string, message?: RegExp): OdooServerError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OdooServerError);
    const err = e as OdooServerError;
    expect(err.odooName).toBe(name);
    if (message) expect(err.message).toMatch(message);
    return err;
  }
  throw new Error('expected an OdooServerError');
}

describe('invoices', () => {
  it('computes totals, tax and receivable lines, and names on post', () => {
    const { call, b } = setup(17);
    const id = call('account.move', 'create', [
      { move_type: 'out_invoice', partner_id: b.customer, invoice_date: '2024-04-01', invoice_line_ids: [[0, 0, { name: 'Chair', quantity: 2, price_unit: 50, tax_ids: [[6, 0, [b.tax21]]] }]] },
    ]) as number;
    const draft = one(call, 'account.move', id, ['name', 'state', 'amount_untaxed', 'amount_tax', 'amount_total', 'amount_residual', 'display_name', 'invoice_line_ids', 'line_ids']);
    expect(draft).toMatchObject({ name: '/', state: 'draft', amount_untaxed: 100, amount_tax: 21, amount_total: 121, display_name: `Draft Invoice (* ${id})` });
    expect((draft.invoice_line_ids as number[]).length).toBe(1);
    expect((draft.line_ids as number[]).length).toBe(3);
    expect(call('account.move', 'action_post', [[id]])).toBe(false);
    const posted = one(call, 'account.move', id, ['name', 'state', 'amount_residual', 'payment_state', 'amount_total_signed']);
    expect(posted).toMatchObject({ name: 'INV/2024/00001', state: 'posted', amount_residual: 121, payment_state: 'not_paid', amount_total_signed: 121 });
  });

  it('draft name is False from 18 on', () => {
    const { call, b } = setup(18);
    const id = call('account.move', 'create', [{ move_type: 'out_invoice', partner_id: b.customer, invoice_line_ids: [[0, 0, { name: 'X', price_unit: 10 }]] }]) as number;
    expect(one(call, 'account.move', id, ['name']).name).toBe(false);
  });

  it('vendor bill with purchase_line_id and an attached PDF', () => {
    const { call, b } = setup(17);
    const po = call('purchase.order', 'create', [{ partner_id: b.vendor, order_line: [[0, 0, { name: 'Planks', product_qty: 10, price_unit: 4 }]] }]) as number;
    call('purchase.order', 'button_confirm', [[po]]);
    const [pol] = (one(call, 'purchase.order', po, ['order_line']).order_line as number[]) ?? [];
    const bill = call('account.move', 'create', [
      { move_type: 'in_invoice', partner_id: b.vendor, ref: 'WC-77', invoice_date: '2024-04-02', invoice_line_ids: [[0, 0, { name: 'Planks', quantity: 10, price_unit: 4, purchase_line_id: pol }]] },
    ]) as number;
    const att = call('ir.attachment', 'create', [{ name: 'bill.pdf', datas: Buffer.from('%PDF-1.4').toString('base64'), res_model: 'account.move', res_id: bill }]) as number;
    expect(one(call, 'ir.attachment', att, ['mimetype', 'res_id', 'file_size'])).toMatchObject({ mimetype: 'application/pdf', res_id: bill, file_size: 8 });
    expect(call('account.move', 'action_post', [[bill]])).toBe(false);
    expect(one(call, 'account.move', bill, ['amount_total', 'amount_total_signed', 'name'])).toMatchObject({ amount_total: 40, amount_total_signed: -40, name: 'BILL/2024/00001' });
    expect(one(call, 'purchase.order.line', pol!, ['qty_invoiced']).qty_invoiced).toBe(10);
    expect(one(call, 'purchase.order', po, ['invoice_ids']).invoice_ids).toEqual([bill]);
  });

  it('refuses to post a bill without date and a move that is unbalanced (nothing remains)', () => {
    const { call, b } = setup(17);
    const bill = call('account.move', 'create', [{ move_type: 'in_invoice', partner_id: b.vendor, invoice_line_ids: [[0, 0, { name: 'X', price_unit: 10 }]] }]) as number;
    expectOdooError(() => call('account.move', 'action_post', [[bill]]), 'odoo.exceptions.UserError', /Bill\/Refund date is required/);
    const before = call('account.move', 'search_count', [[]]);
    expectOdooError(
      () =>
        call('account.move', 'create', [
          { journal_id: b.misc, line_ids: [[0, 0, { account_id: b.income, debit: 10 }], [0, 0, { account_id: b.expense, credit: 9 }]] },
        ]),
      'odoo.exceptions.UserError',
      /is not balanced/,
    );
    expect(call('account.move', 'search_count', [[]])).toBe(before);
  });

  it('protects posted moves unless skip_readonly_check', () => {
    const { call, b } = setup(17);
    const inv = postedInvoice(call, b, 100);
    expectOdooError(() => call('account.move', 'write', [[inv], { line_ids: [[5, 0, 0]] }]), 'odoo.exceptions.UserError', /readonly fields on a posted move: Journal Items/);
    expect(call('account.move', 'write', [[inv], { ref: 'ok to change' }])).toBe(true);
    expectOdooError(() => call('account.move', 'unlink', [[inv]]), 'odoo.exceptions.UserError', /posted once/);
  });
});

describe('bank statement lines and reconciliation', () => {
  it('creating a statement line posts a move with liquidity and suspense lines', () => {
    const { call, b } = setup(17);
    const st = stLine(call, b, 121);
    const rec = one(call, 'account.bank.statement.line', st, ['move_id', 'is_reconciled', 'amount_residual', 'line_ids', 'state', 'journal_id']);
    expect(rec).toMatchObject({ is_reconciled: false, amount_residual: -121, state: 'posted', journal_id: [b.bank, 'Bank'] });
    const lines = call('account.move.line', 'read', [rec.line_ids, ['account_id', 'balance', 'partner_id']]) as Rec[];
    expect(lines.map((l) => [(l.account_id as [number])[0], l.balance])).toEqual([
      [b.bankAccount, 121],
      [b.suspense, -121],
    ]);
  });

  it('counterpart_account_id replaces the suspense account; a journal without suspense refuses', () => {
    const { call, b } = setup(17);
    const st = stLine(call, b, -5, { counterpart_account_id: b.fees });
    const rec = one(call, 'account.bank.statement.line', st, ['is_reconciled', 'line_ids']);
    expect(rec.is_reconciled).toBe(true);
    const j = call('account.journal', 'create', [{ name: 'Cash', code: 'CSH', type: 'cash', default_account_id: b.bankAccount }]) as number;
    expectOdooError(() => call('account.bank.statement.line', 'create', [{ journal_id: j, amount: 1 }]), 'odoo.exceptions.UserError', /without a suspense account/);
  });

  it('suspense rewrite + reconcile pays the invoice; remove and undo restore it', () => {
    let t = Date.parse('2024-05-01T10:00:00Z');
    const { call, b } = setup(17, () => new Date(t));
    const inv = postedInvoice(call, b, 121);
    const st = stLine(call, b, 121);
    const susp = suspenseLine(call, b, st);
    const invWrite = one(call, 'account.move', inv, ['write_date']).write_date;
    t += 5000;
    expect(call('account.move.line', 'write', [[susp], { account_id: b.receivable, partner_id: b.customer }])).toBe(true);
    const recv = receivableLine(call, b, inv);
    expect(call('account.move.line', 'reconcile', [[susp, recv]])).toBe(null);
    const paid = one(call, 'account.move', inv, ['payment_state', 'amount_residual', 'write_date']);
    expect(paid).toMatchObject({ payment_state: 'paid', amount_residual: 0 });
    expect(String(paid.write_date) > String(invWrite)).toBe(true);
    const lines = call('account.move.line', 'read', [[susp, recv], ['reconciled', 'matching_number', 'amount_residual', 'full_reconcile_id']]) as Rec[];
    for (const l of lines) expect(l).toMatchObject({ reconciled: true, matching_number: 'A1', amount_residual: 0 });
    expect(one(call, 'account.bank.statement.line', st, ['is_reconciled', 'amount_residual'])).toMatchObject({ is_reconciled: true, amount_residual: 0 });
    // Reconciling again is refused.
    expectOdooError(() => call('account.move.line', 'reconcile', [[susp, recv]]), 'odoo.exceptions.UserError', /already reconciled/);
    // remove_move_reconcile
    expect(call('account.move.line', 'remove_move_reconcile', [[recv]])).toBe(null);
    expect(one(call, 'account.move', inv, ['payment_state', 'amount_residual'])).toMatchObject({ payment_state: 'not_paid', amount_residual: 121 });
    expect(call('account.full.reconcile', 'search_count', [[]])).toBe(0);
    // reconcile again then undo from the statement line
    call('account.move.line', 'reconcile', [[susp, recv]]);
    expect(call('account.bank.statement.line', 'action_undo_reconciliation', [[st]])).toBe(null);
    expect(one(call, 'account.move', inv, ['payment_state'])).toMatchObject({ payment_state: 'not_paid' });
    const after = one(call, 'account.bank.statement.line', st, ['is_reconciled', 'line_ids', 'amount_residual']);
    expect(after).toMatchObject({ is_reconciled: false, amount_residual: -121 });
    expect((after.line_ids as number[]).length).toBe(2);
  });

  it('partial reconcile: P<id> in 17, P in 16, then completion gives a full reconcile', () => {
    for (const version of [16, 17] as const) {
      const { call, b } = setup(version);
      const inv = postedInvoice(call, b, 121);
      const st = stLine(call, b, 50);
      const susp = suspenseLine(call, b, st);
      call('account.move.line', 'write', [[susp], { account_id: b.receivable }]);
      const recv = receivableLine(call, b, inv);
      call('account.move.line', 'reconcile', [[susp, recv]]);
      expect(one(call, 'account.move', inv, ['payment_state', 'amount_residual'])).toMatchObject({ payment_state: 'partial', amount_residual: 71 });
      const partial = (call('account.partial.reconcile', 'search_read', [[], ['amount', 'debit_move_id', 'credit_move_id']]) as Rec[])[0]!;
      expect(partial).toMatchObject({ amount: 50, debit_move_id: [recv, expect.any(String)] });
      const line = one(call, 'account.move.line', recv, ['matching_number', 'reconciled', 'amount_residual', 'matched_credit_ids']);
      expect(line).toMatchObject({ matching_number: version === 16 ? 'P' : `P${partial.id}`, reconciled: false, amount_residual: 71, matched_credit_ids: [partial.id] });
      const st2 = stLine(call, b, 71);
      const susp2 = suspenseLine(call, b, st2);
      call('account.move.line', 'write', [[susp2], { account_id: b.receivable }]);
      call('account.move.line', 'reconcile', [[susp2, recv]]);
      expect(one(call, 'account.move', inv, ['payment_state', 'amount_residual'])).toMatchObject({ payment_state: 'paid', amount_residual: 0 });
      expect(one(call, 'account.move.line', susp, ['matching_number']).matching_number).toBe('A1');
    }
  });

  it('statement line write with line_ids commands splits a bank fee and keeps the move consistent', () => {
    const { call, b } = setup(17);
    const inv = postedInvoice(call, b, 121);
    const st = stLine(call, b, 118);
    const susp = suspenseLine(call, b, st);
    call('account.bank.statement.line', 'write', [
      [st],
      { line_ids: [[1, susp, { account_id: b.receivable, balance: -121 }], [0, 0, { account_id: b.fees, balance: 3, name: 'Bank fee' }]] },
    ]);
    expect(one(call, 'account.bank.statement.line', st, ['is_reconciled']).is_reconciled).toBe(true);
    call('account.move.line', 'reconcile', [[susp, receivableLine(call, b, inv)]]);
    expect(one(call, 'account.move', inv, ['payment_state']).payment_state).toBe('paid');
    // A second liquidity line is refused.
    expectOdooError(
      () => call('account.bank.statement.line', 'write', [[st], { line_ids: [[0, 0, { account_id: b.bankAccount, balance: 1 }], [0, 0, { account_id: b.fees, balance: -1 }]] }]),
      'odoo.exceptions.UserError',
      /exactly one journal item involving the bank/,
    );
    // Unbalanced commands are refused and roll back entirely.
    expectOdooError(() => call('account.bank.statement.line', 'write', [[st], { line_ids: [[0, 0, { account_id: b.fees, balance: 1 }]] }]), 'odoo.exceptions.UserError', /not balanced/);
    expect(one(call, 'account.move', inv, ['payment_state']).payment_state).toBe('paid');
  });

  it('writing the amount regenerates the lines and drops the counterpart', () => {
    const { call, b } = setup(17);
    const inv = postedInvoice(call, b, 121);
    const st = stLine(call, b, 121);
    const susp = suspenseLine(call, b, st);
    call('account.move.line', 'write', [[susp], { account_id: b.receivable }]);
    call('account.move.line', 'reconcile', [[susp, receivableLine(call, b, inv)]]);
    call('account.bank.statement.line', 'write', [[st], { amount: 120 }]);
    expect(one(call, 'account.bank.statement.line', st, ['is_reconciled', 'amount_residual'])).toMatchObject({ is_reconciled: false, amount_residual: -120 });
    expect(one(call, 'account.move', inv, ['payment_state']).payment_state).toBe('not_paid');
  });

  it('reconcile errors: different accounts, non reconcilable account', () => {
    const { call, b } = setup(17);
    const inv = postedInvoice(call, b, 10);
    const st = stLine(call, b, 10);
    const susp = suspenseLine(call, b, st);
    expectOdooError(() => call('account.move.line', 'reconcile', [[susp, receivableLine(call, b, inv)]]), 'odoo.exceptions.UserError', /not from the same account/);
    const income = (call('account.move.line', 'search', [[['move_id', '=', inv], ['account_id', '=', b.income]]]) as number[])[0]!;
    expectOdooError(() => call('account.move.line', 'reconcile', [[income]]), 'odoo.exceptions.UserError', /does not allow reconciliation/);
  });
});

describe('payments', () => {
  for (const version of [17, 18] as const) {
    it(`register payment creates a posted payment reconciled with the invoice (${version})`, () => {
      const { call, b } = setup(version);
      const outstanding = call('account.account', 'create', [{ code: '499001', name: 'Outstanding Receipts', account_type: 'asset_current', reconcile: true, ...(version >= 18 ? { company_ids: [[6, 0, [1]]] } : { company_id: 1 }) }]) as number;
      call('res.company', 'write', [[1], { account_journal_payment_debit_account_id: outstanding }]);
      const inv = postedInvoice(call, b, 200);
      const ctx = { active_model: 'account.move', active_ids: [inv] };
      const wiz = call('account.payment.register', 'create', [{ journal_id: b.bank }], { context: ctx }) as number;
      const action = call('account.payment.register', 'action_create_payments', [[wiz]], { context: ctx }) as Rec;
      expect(action).toMatchObject({ type: 'ir.actions.act_window', res_model: 'account.payment' });
      const pay = action.res_id as number;
      const fields = version >= 18 ? ['state', 'memo', 'amount', 'is_reconciled', 'reconciled_invoice_ids'] : ['state', 'ref', 'amount', 'is_reconciled', 'reconciled_invoice_ids'];
      const p = one(call, 'account.payment', pay, fields);
      expect(p).toMatchObject({ state: version >= 18 ? 'in_process' : 'posted', amount: 200, is_reconciled: true, reconciled_invoice_ids: [inv] });
      expect(one(call, 'account.move', inv, ['payment_state', 'amount_residual'])).toMatchObject({ payment_state: 'in_payment', amount_residual: 0 });
      expectOdooError(() => call('account.payment.register', 'create', [{}], { context: ctx }), 'odoo.exceptions.UserError', /nothing left to pay/);
      // Matching the outstanding line with a bank statement line turns the invoice paid.
      const st = stLine(call, b, 200);
      const susp = suspenseLine(call, b, st);
      call('account.move.line', 'write', [[susp], { account_id: outstanding }]);
      const outLine = (call('account.move.line', 'search', [[['payment_id', '=', pay], ['account_id', '=', outstanding]]]) as number[])[0]!;
      call('account.move.line', 'reconcile', [[susp, outLine]]);
      expect(one(call, 'account.move', inv, ['payment_state']).payment_state).toBe('paid');
      const after = one(call, 'account.payment', pay, ['is_matched', 'state']);
      expect(after).toMatchObject({ is_matched: true, state: version >= 18 ? 'paid' : 'posted' });
    });
  }

  it('without an outstanding account the payment hits the bank directly and the invoice is paid', () => {
    const { call, b } = setup(17);
    const inv = postedInvoice(call, b, 50);
    const ctx = { active_model: 'account.move', active_ids: [inv], dont_redirect_to_payments: true };
    call('account.payment.register', 'action_create_payments', [[call('account.payment.register', 'create', [{}], { context: ctx }) as number]], { context: ctx });
    expect(one(call, 'account.move', inv, ['payment_state']).payment_state).toBe('paid');
  });

  it('partial payment keeps the invoice partial', () => {
    const { call, b } = setup(17);
    const inv = postedInvoice(call, b, 200);
    const ctx = { active_model: 'account.move', active_ids: [inv], dont_redirect_to_payments: true };
    const wiz = call('account.payment.register', 'create', [{ amount: 80 }], { context: ctx }) as number;
    expect(call('account.payment.register', 'action_create_payments', [[wiz]], { context: ctx })).toBe(true);
    expect(one(call, 'account.move', inv, ['payment_state', 'amount_residual'])).toMatchObject({ payment_state: 'partial', amount_residual: 120 });
  });
});

describe('chatter', () => {
  it('message_post returns an id up to 18 and [id] in 19', () => {
    for (const version of [17, 19] as const) {
      const { call, b } = setup(version);
      const inv = postedInvoice(call, b, 5);
      const res = call('account.move', 'message_post', [[inv]], { body: 'Checked <b>ok</b>', message_type: 'comment', subtype_xmlid: 'mail.mt_note' });
      const id = Array.isArray(res) ? (res[0] as number) : (res as number);
      if (version >= 19) expect(Array.isArray(res)).toBe(true);
      else expect(typeof res).toBe('number');
      const msg = one(call, 'mail.message', id, ['model', 'res_id', 'body', 'subtype_id', 'author_id']);
      expect(msg).toMatchObject({ model: 'account.move', res_id: inv, body: 'Checked &lt;b&gt;ok&lt;/b&gt;', subtype_id: [2, 'Note'], author_id: [3, 'Mitchell Admin'] });
    }
  });
});
