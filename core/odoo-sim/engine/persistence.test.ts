import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimDataset } from '../types';
import { createEngine } from './index';
import { caller, FIXED_NOW, postedInvoice, setupBooks } from './test-fixtures';
import { syntheticDataset } from './synthetic';

type Rec = Record<string, unknown>;
const dirs: string[] = [];
function tmpFile(): string {
  const d = mkdtempSync(join(tmpdir(), 'odoo-sim-'));
  dirs.push(d);
  return join(d, 'sim.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SQLite persistence', () => {
  it('reopening the file restores records, sequences, reconciliation state and API keys', () => {
    const path = tmpFile();
    let e = createEngine({ version: 17, storagePath: path, now: FIXED_NOW });
    let call = caller(e);
    const b = setupBooks(call);
    const inv = postedInvoice(call, b, 121);
    const st = call('account.bank.statement.line', 'create', [{ journal_id: b.bank, amount: 121, payment_ref: 'x', partner_id: b.customer }]) as number;
    const stRow = (call('account.bank.statement.line', 'read', [[st], ['line_ids']]) as Rec[])[0]!;
    const lines = call('account.move.line', 'search', [[['id', 'in', stRow.line_ids], ['account_id', '=', b.suspense]]]) as number[];
    call('account.move.line', 'write', [lines, { account_id: b.receivable }]);
    const recv = call('account.move.line', 'search', [[['move_id', '=', inv], ['account_id', '=', b.receivable]]]) as number[];
    call('account.move.line', 'reconcile', [[...lines, ...recv]]);
    const key = e.createApiKey('admin');
    expect(() => call('res.partner', 'create', [{ name: 'rolled back', nope: 1 }])).toThrow();
    e.close();

    e = createEngine({ version: 17, storagePath: path, now: FIXED_NOW });
    call = caller(e);
    expect((call('account.move', 'read', [[inv], ['payment_state', 'name']]) as Rec[])[0]).toMatchObject({ payment_state: 'paid', name: 'INV/2024/00001' });
    expect((call('account.bank.statement.line', 'read', [[st], ['is_reconciled']]) as Rec[])[0]!.is_reconciled).toBe(true);
    expect(e.uidForApiKey(key)).toBe(2);
    expect(call('res.partner', 'search', [[['name', '=', 'rolled back']]])).toEqual([]);
    const p = call('res.partner', 'create', [{ name: 'after reopen' }]) as number;
    expect(p).toBeGreaterThan(b.vendor);
    // name sequences continue
    const inv2 = postedInvoice(call, b, 10);
    expect((call('account.move', 'read', [[inv2], ['name']]) as Rec[])[0]!.name).toBe('INV/2024/00002');
    e.close();
  });

  it('reset() clears the store and the file back to the seed data', () => {
    const path = tmpFile();
    const e = createEngine({ version: 18, storagePath: path, now: FIXED_NOW });
    const call = caller(e);
    const id = call('res.partner', 'create', [{ name: 'temp' }]) as number;
    e.reset();
    expect(call('res.partner', 'search', [[['id', '=', id]]])).toEqual([]);
    expect(call('res.partner', 'create', [{ name: 'again' }])).toBe(id);
    e.close();
    const e2 = createEngine({ version: 18, storagePath: path, now: FIXED_NOW });
    expect((caller(e2)('res.partner', 'search_read', [[['id', '=', id]], ['name']]) as Rec[])[0]!.name).toBe('again');
    e2.close();
  });

  it('loadDataset writes in bulk and survives a reopen', () => {
    const path = tmpFile();
    const ds: SimDataset = syntheticDataset({ partners: 200, invoices: 300, statementLines: 150 });
    const e = createEngine({ version: 17, storagePath: path, now: FIXED_NOW });
    e.loadDataset(ds);
    const count = caller(e)('account.move.line', 'search_count', [[]]);
    e.close();
    const e2 = createEngine({ version: 17, storagePath: path, now: FIXED_NOW });
    expect(caller(e2)('account.move.line', 'search_count', [[]])).toBe(count);
    e2.close();
  });
});

describe('loadDataset', () => {
  it('recomputes residuals, matching numbers, payment_state and statement line state', () => {
    const ds = syntheticDataset({ partners: 50, invoices: 40, statementLines: 30 });
    const e = createEngine({ version: 17, now: FIXED_NOW });
    e.loadDataset(ds);
    const call = caller(e);
    const paid = call('account.move', 'search_read', [[['move_type', '=', 'out_invoice'], ['payment_state', '=', 'paid']], ['amount_residual']]) as Rec[];
    const partial = call('account.move', 'search_read', [[['payment_state', '=', 'partial']], ['amount_residual', 'amount_total']]) as Rec[];
    expect(paid.length).toBeGreaterThan(0);
    expect(partial.length).toBeGreaterThan(0);
    for (const p of paid) expect(p.amount_residual).toBe(0);
    for (const p of partial) expect((p.amount_residual as number) < (p.amount_total as number)).toBe(true);
    const reconciledSt = call('account.bank.statement.line', 'search_count', [[['is_reconciled', '=', true]]]) as number;
    const open = call('account.bank.statement.line', 'search_read', [[['is_reconciled', '=', false]], ['amount', 'amount_residual']]) as Rec[];
    expect(reconciledSt).toBeGreaterThan(0);
    for (const o of open) expect(o.amount_residual).toBe(-(o.amount as number));
    const full = call('account.move.line', 'search_read', [[['full_reconcile_id', '!=', false]], ['matching_number', 'reconciled']], { limit: 5 }) as Rec[];
    for (const l of full) expect(l).toMatchObject({ matching_number: expect.stringMatching(/^A\d+$/), reconciled: true });
    const partialLines = call('account.move.line', 'search_read', [[['matching_number', '=like', 'P%']], ['matching_number', 'reconciled']], { limit: 5 }) as Rec[];
    expect(partialLines.length).toBeGreaterThan(0);
    // In a partial group the fully consumed side is reconciled, the invoice side is not.
    expect(partialLines.some((l) => l.reconciled === false)).toBe(true);
    // dataset users get credentials
    expect(e.authenticate('demo', 'demo.accountant', 'pw', { interactive: false })).toBe(100);
    expect(e.uidForApiKey('demo-key-accountant')).toBe(100);
  });
});
