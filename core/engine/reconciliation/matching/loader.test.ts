import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migration0002 } from '../../../store/migrations/0002-cache';
import { matchStatementLines } from './engine';
import { loadMatchingInput } from './loader';
import { OGM_42 } from './test-fixtures';

let db: Database.Database;

/** one cache row per record, fields as the sync stores them: many2one as [id, "name"], empty as false */
function put(model: string, id: number, data: Record<string, unknown>, active = true): void {
  db.prepare('INSERT INTO cache_records (model, id, write_date, active, data, synced_at) VALUES (?, ?, ?, ?, ?, ?)').run(model, id, '2026-11-01 10:00:00', active ? 1 : 0, JSON.stringify(data), '2026-11-01T10:00:00Z');
}

beforeEach(() => {
  db = new Database(':memory:');
  migration0002.up(db);
  put('res.currency', 1, { name: 'EUR' });
  put('res.currency', 2, { name: 'USD' });
  put('res.company', 1, { name: 'Demo', currency_id: [1, 'EUR'] });
  put('account.account', 10, { code: '400000', account_type: 'asset_receivable', reconcile: true });
  put('account.account', 20, { code: '440000', account_type: 'liability_payable', reconcile: true });
  put('account.account', 30, { code: '700000', account_type: 'income', reconcile: false });
  put('account.account', 40, { code: '499000', account_type: 'asset_current', reconcile: true });
  put('account.account', 41, { code: '550000', account_type: 'asset_cash', reconcile: false });
  put('account.account', 42, { code: '550100', account_type: 'asset_cash', reconcile: false });
  put('account.journal', 5, { name: 'Bank EUR', type: 'bank', currency_id: false, default_account_id: [41, 'Bank'], suspense_account_id: [40, 'Suspense'], company_id: [1, 'Demo'] });
  put('account.journal', 6, { name: 'Bank USD', type: 'bank', currency_id: [2, 'USD'], default_account_id: [42, 'Bank USD'], suspense_account_id: [40, 'Suspense'], company_id: [1, 'Demo'] });
  put('res.partner', 1, { name: 'Acme Logistics BV', commercial_partner_id: [1, 'Acme Logistics BV'], vat: 'BE0477472701' });
  put('res.partner', 2, { name: 'Old Partner', commercial_partner_id: [2, 'Old Partner'] }, false);
  put('res.partner.bank', 1, { acc_number: 'BE71 0961 2345 6769', partner_id: [1, 'Acme Logistics BV'] });
  put('account.move', 100, { name: 'INV/2026/00042', ref: 'PO 77', payment_reference: OGM_42, state: 'posted' });
  put('account.move', 101, { name: 'INV/2026/00043', ref: false, payment_reference: 'INV/2026/00043', state: 'posted' });
  const aml = (id: number, move: number, account: number, extra: Record<string, unknown>) =>
    put('account.move.line', id, { move_id: [move, 'x'], move_name: move === 100 ? 'INV/2026/00042' : 'INV/2026/00043', account_id: [account, 'a'], partner_id: [1, 'Acme'], date: '2026-09-01', date_maturity: '2026-10-01', currency_id: [1, 'EUR'], parent_state: 'posted', company_id: [1, 'Demo'], payment_id: false, ...extra });
  aml(1001, 100, 10, { amount_residual: 1210, amount_residual_currency: 1210, reconciled: false });
  aml(1002, 100, 30, { amount_residual: 0, amount_residual_currency: 0, reconciled: false }); // income line: never a candidate
  aml(1003, 101, 10, { amount_residual: 0, amount_residual_currency: 0, reconciled: true }); // paid
  put('account.bank.statement.line', 7, { date: '2026-10-20', amount: 1210, payment_ref: OGM_42, partner_id: false, partner_name: 'ACME', account_number: 'BE71096123456769', is_reconciled: false, journal_id: [5, 'Bank EUR'], company_id: [1, 'Demo'], foreign_currency_id: false, amount_currency: 0, move_id: [900, 'BNK1/1'] });
  put('account.bank.statement.line', 8, { date: '2026-10-21', amount: 500, payment_ref: 'done', is_reconciled: true, journal_id: [5, 'Bank EUR'], company_id: [1, 'Demo'], move_id: [901, 'BNK1/2'] });
  put('account.bank.statement.line', 9, { date: '2026-10-22', amount: 100, payment_ref: 'usd', is_reconciled: false, journal_id: [6, 'Bank USD'], company_id: [1, 'Demo'], move_id: [902, 'BNK2/1'], partner_id: false });
  put('account.move.line', 2001, { move_id: [902, 'BNK2/1'], account_id: [42, 'Bank USD'], balance: 92.5, reconciled: false, parent_state: 'posted' });
});

afterEach(() => db.close());

describe('loadMatchingInput', () => {
  it('reads open items, unreconciled lines and partners from the cache', () => {
    const input = loadMatchingInput(db, { journals: { 5: { feeAccountId: 657 } } });
    expect(input.companyCurrency).toBe('EUR');
    expect(input.candidates).toEqual([
      {
        id: 1001, moveId: 100, moveName: 'INV/2026/00042', accountId: 10, accountType: 'asset_receivable', date: '2026-09-01', dateMaturity: '2026-10-01',
        amountResidual: 1210, currency: 'EUR', amountResidualCurrency: 1210, partnerId: 1, ref: 'PO 77', paymentReference: OGM_42,
      },
    ]);
    expect(input.lines.map((l) => l.id)).toEqual([7, 9]);
    expect(input.lines[0]).toMatchObject({ journalId: 5, currency: 'EUR', amount: 1210, label: OGM_42, partnerName: 'ACME', accountNumber: 'BE71096123456769' });
    expect(input.lines[0]?.partnerId).toBeUndefined();
    // a line in a foreign-currency journal carries its company value (the liquidity item's balance)
    expect(input.lines[1]).toMatchObject({ currency: 'USD', amountCompany: 92.5 });
    expect(input.partners).toEqual([{ id: 1, name: 'Acme Logistics BV', vat: 'BE0477472701', commercialPartnerId: 1, bankAccounts: ['BE71 0961 2345 6769'] }]);
    expect(input.journals?.[5]?.feeAccountId).toBe(657);
  });

  it('filters by journal, and feeds the engine', () => {
    const input = loadMatchingInput(db, { journalIds: [5] });
    expect(input.lines.map((l) => l.id)).toEqual([7]);
    const [r] = matchStatementLines(input);
    expect(r?.proposals[0]?.moveLineIds).toEqual([1001]);
  });
});
