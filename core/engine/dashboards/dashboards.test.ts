import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/helpers/temp-dir';
import { openStore, type Store } from '../../store/db';
import { createCacheRepo } from '../../sync/cache-repo';
import { BUCKETS, bucketOf, incomeExpense, lastTwelveMonths, openItems } from './cfo';
import { createContext, NoRatesError } from './context';
import { suggestedQty } from './warehouse';

let tmp: ReturnType<typeof makeTempDir>;
let store: Store;
beforeEach(() => {
  tmp = makeTempDir();
  store = openStore(path.join(tmp.dir, 'cache.sqlite'));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const AT = '2026-01-01T00:00:00Z';
function seed(): void {
  const cache = createCacheRepo(store.db);
  cache.putMany('res.currency', [{ id: 1, name: 'EUR' }, { id: 2, name: 'USD' }, { id: 3, name: 'GBP' }], AT);
  cache.putMany('res.company', [{ id: 1, name: 'Co', currency_id: [1, 'EUR'] }], AT);
  cache.putMany('res.currency.rate', [{ id: 1, name: '2026-03-01', rate: 1.1, currency_id: [2, 'USD'] }, { id: 2, name: '2026-03-10', rate: 1.2, currency_id: [2, 'USD'] }], AT);
  cache.putMany('account.account', [{ id: 10, account_type: 'asset_receivable' }, { id: 20, account_type: 'income' }, { id: 30, account_type: 'expense' }], AT);
  const line = (id: number, account: number, v: Record<string, unknown>) => ({ id, account_id: [account, 'x'], parent_state: 'posted', reconciled: false, move_id: [id * 10, `M${id}`], partner_id: [7, 'P'], ...v });
  cache.putMany(
    'account.move.line',
    [
      line(1, 10, { date: '2026-03-01', date_maturity: '2026-03-31', amount_residual: 100, balance: 100 }),
      line(2, 10, { date: '2026-01-05', date_maturity: '2026-01-20', amount_residual: 50, balance: 50 }),
      line(3, 10, { date: '2026-01-05', date_maturity: '2026-01-20', amount_residual: 0, balance: 80, reconciled: true }),
      // integer many2ones (as some JSON-2 reads return them) count the same
      { ...line(4, 10, { date: '2025-10-01', date_maturity: '2025-10-01', amount_residual: 25, balance: 25 }), account_id: 10 },
      line(5, 20, { date: '2026-03-02', balance: -300 }),
      line(6, 30, { date: '2026-02-02', balance: 120 }),
      line(7, 20, { date: '2026-03-02', balance: -999, parent_state: 'draft' }),
    ],
    AT,
  );
}

describe('dashboard SQL over the cache', () => {
  it('open items: posted, unreconciled, with a residual, read through the covering index of migration 0005', () => {
    seed();
    const ctx = createContext({ db: store.db, asOf: '2026-03-15', odooUrl: null, connectionId: null });
    const items = openItems(ctx, 'receivable');
    expect(items.map((i) => i.id).sort()).toEqual([1, 2, 4]);
    expect(items.map((i) => bucketOf(Math.round((Date.parse('2026-03-15') - Date.parse(i.due)) / 86_400_000))).sort()).toEqual(['d31-60', 'd90+', 'not-due']);
    const plan = store.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM cache_records INDEXED BY cache_records_by_aml_open WHERE model = 'account.move.line' AND (CASE json_type(data, '$.account_id') WHEN 'array' THEN json_extract(data, '$.account_id[0]') WHEN 'integer' THEN json_extract(data, '$.account_id') END) IN (10) AND json_extract(data, '$.reconciled') = 0`,
      )
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('cache_records_by_aml_open');
  });

  it('income and expense per month count posted entries only, over the twelve months ending at the as-of date', () => {
    seed();
    const ctx = createContext({ db: store.db, asOf: '2026-03-15', odooUrl: null, connectionId: null });
    const months = incomeExpense(ctx);
    expect(months.map((m) => m.month)).toEqual(lastTwelveMonths('2026-03-15'));
    expect(months.at(-1)).toEqual({ month: '2026-03', income: 300, expense: 0 });
    expect(months.at(-2)).toEqual({ month: '2026-02', income: 0, expense: 120 });
    expect(lastTwelveMonths('2026-03-15')[0]).toBe('2025-04');
  });

  it('converts with the latest rate on or before the date (else the oldest), and names a currency without rates', () => {
    seed();
    const ctx = createContext({ db: store.db, asOf: '2026-03-15', odooUrl: 'https://erp.example.com/', connectionId: null });
    expect(ctx.toCompany(110, 2, '2026-03-05')).toBeCloseTo(100, 9);
    expect(ctx.toCompany(120, 2, '2026-03-12 10:00:00')).toBeCloseTo(100, 9);
    expect(ctx.toCompany(110, 2, '2025-12-31')).toBeCloseTo(100, 9);
    expect(ctx.toCompany(50, 1, '2026-03-05')).toBe(50);
    expect(() => ctx.toCompany(10, 3, '2026-03-05')).toThrow(NoRatesError);
    expect(() => ctx.toCompany(10, 3, '2026-03-05')).toThrow(/No exchange rate for GBP/);
    expect(ctx.link('account.move', 42)).toBe('https://erp.example.com/web#id=42&model=account.move&view_type=form');
    expect(createContext({ db: store.db, asOf: '2026-03-15', odooUrl: null, connectionId: null }).link('account.move', 42)).toBeNull();
  });

  it('aging buckets cover every day exactly once', () => {
    for (let d = -400; d <= 400; d++) expect(BUCKETS.filter((b) => b.test(d)).length).toBe(1);
    expect([0, 1, 30, 31, 60, 61, 90, 91].map(bucketOf)).toEqual(['not-due', 'd1-30', 'd1-30', 'd31-60', 'd31-60', 'd61-90', 'd61-90', 'd90+']);
  });
});

describe("Odoo's quantity to order", () => {
  it('is zero at or above the minimum, else up to max(min, max) minus on hand, rounded up to the multiple', () => {
    expect(suggestedQty(10, 10, 30, 1)).toBe(0);
    expect(suggestedQty(4, 10, 30, 1)).toBe(26);
    expect(suggestedQty(4, 10, 30, 10)).toBe(30);
    expect(suggestedQty(0, 20, 5, 1)).toBe(20);
    expect(suggestedQty(-3, 5, 12, 0)).toBe(15);
    expect(suggestedQty(2.5, 5, 12, 0.5)).toBe(9.5);
  });
});
