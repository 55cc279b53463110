import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/db';
import { makeTempDir } from '../../../test/helpers/temp-dir';
import { createReconcileStore } from './store';

let tmp: ReturnType<typeof makeTempDir> | undefined;
let store: Store | undefined;
afterEach(() => {
  store?.close();
  tmp?.cleanup();
});
const open = () => {
  tmp = makeTempDir();
  store = openStore(path.join(tmp.dir, 'db.sqlite'));
  return store;
};

describe('migration 0003 and the reconciliation store', () => {
  it('creates the tables; the decision log keeps every decision per connection and rejects bad values', () => {
    const s = open();
    let conn = 'a';
    const r = createReconcileStore(s.db, () => conn);
    const base = { statementLineId: 7, journalId: 3, action: 'accept' as const, mode: 'proposed' as const, source: 'user' as const, proposalIndex: 0, confidence: 0.99, topCorrect: true, label: 'x', amount: 10, date: '2026-01-02', partnerId: 5, decision: { moveLineIds: [1, 2], key: 'i1,2' }, outboxId: 9 };
    r.addDecision(base);
    r.addDecision({ ...base, action: 'reject', mode: 'alternative', proposalIndex: 1, topCorrect: false, decision: { moveLineIds: [4], key: 'i4' }, outboxId: null });
    expect(r.decisions().map((d) => [d.action, d.mode, d.topCorrect, d.decision.key])).toEqual([
      ['accept', 'proposed', true, 'i1,2'],
      ['reject', 'alternative', false, 'i4'],
    ]);
    expect(r.rejectedKeys().get(7)).toEqual(new Set(['i4']));
    r.markUndone(9);
    expect(r.decisions()[0]!.topCorrect).toBe(false);
    conn = 'b';
    expect(r.decisions()).toEqual([]);
    expect(() => s.db.prepare(`INSERT INTO reconcile_decisions (statement_line_id, journal_id, action, mode, source, top_correct, created_at) VALUES (1, 1, 'maybe', 'proposed', 'user', 1, 'now')`).run()).toThrow(/CHECK/);
  });

  it('journal settings, rules (one per pattern), prefs and declared balances', () => {
    const s = open();
    const r = createReconcileStore(s.db, () => '');
    r.setAutoAccept(3, 0.99);
    r.setTolerance(3, { kind: 'fixed', value: 15 });
    expect(r.autoAcceptMin(3)).toBe(0.99);
    expect(r.autoAcceptAll()).toEqual(new Map([[3, 0.99]]));
    expect(r.tolerances().get(3)).toEqual({ kind: 'fixed', value: 15 });
    r.setAutoAccept(3, null);
    expect(r.autoAcceptMin(3)).toBeNull();
    const rule = { journalId: 3, kind: 'label-account' as const, pattern: 'BANK FEES', patternKind: 'contains' as const, partnerId: null, accountId: 8, taxId: null, tolerance: null, support: 4, backtest: { lines: 10, matched: 4, correct: 4, precision: 1, coverage: 0.4 } };
    const a = r.upsertRule(rule);
    const b = r.upsertRule({ ...rule, support: 6 });
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    expect(r.rule(a.id)).toMatchObject({ support: 6, state: 'candidate' });
    r.setRuleState(a.id, 'enabled');
    expect(r.rules({ state: 'enabled' }).map((x) => x.id)).toEqual([a.id]);
    r.setPref('csv-mapping:journal:3', { decimal: ',' });
    expect(r.pref('csv-mapping:journal:3')).toEqual({ decimal: ',' });
    r.addDeclaredBalance({ journalId: 3, statementRef: 'S1', dateFrom: '2026-01-01', dateTo: '2026-01-31', opening: 0, closing: 10 });
    r.addDeclaredBalance({ journalId: 3, statementRef: 'S1', dateFrom: '2026-01-01', dateTo: '2026-01-31', opening: 0, closing: 12 });
    expect(r.declaredBalances(3)).toEqual([{ dateFrom: '2026-01-01', dateTo: '2026-01-31', opening: 0, closing: 12 }]);
  });
});
