/**
 * The reconciliation tables of migration 0003: decision log, journal settings, learned rules, remembered
 * CSV mappings and declared statement balances. Rows belong to a connection (the cache mirrors one Odoo).
 */
import type Database from 'better-sqlite3';
import type { Backtest, RuleKind, Tolerance } from '../../engine/reconciliation/rules';

export type DecisionRow = {
  id: number;
  statementLineId: number;
  journalId: number;
  action: 'accept' | 'reject';
  mode: 'proposed' | 'alternative' | 'manual' | 'auto' | 'history';
  source: 'user' | 'history';
  proposalIndex: number | null;
  confidence: number | null;
  topCorrect: boolean;
  label: string;
  amount: number;
  date: string | null;
  partnerId: number | null;
  decision: DecisionDetail;
  outboxId: number | null;
  createdAt: string;
};

export type DecisionDetail = {
  moveLineIds?: number[];
  partnerId?: number;
  writeOff?: { accountId?: number; taxId?: number; amount: number; reason?: string };
  /** a rejected proposal's key (what is not offered first again) */
  key?: string;
};

export type RuleRow = {
  id: number;
  journalId: number;
  kind: RuleKind;
  pattern: string;
  patternKind: 'contains' | 'regex';
  partnerId: number | null;
  accountId: number | null;
  taxId: number | null;
  tolerance: Tolerance | null;
  support: number;
  backtest: Backtest;
  state: 'candidate' | 'enabled' | 'disabled';
  exportedAt: string | null;
  odooId: number | null;
  outboxId: number | null;
};

type RawDecision = {
  id: number; statement_line_id: number; journal_id: number; action: string; mode: string; source: string; proposal_index: number | null; confidence: number | null;
  top_correct: number; label: string; amount: number; date: string | null; partner_id: number | null; decision: string; outbox_id: number | null; created_at: string;
};
type RawRule = {
  id: number; journal_id: number; kind: string; pattern: string; pattern_kind: string; partner_id: number | null; account_id: number | null; tax_id: number | null;
  tolerance: string | null; support: number; backtest: string; state: string; exported_at: string | null; odoo_id: number | null; outbox_id: number | null;
};

const toDecision = (r: RawDecision): DecisionRow => ({
  id: r.id, statementLineId: r.statement_line_id, journalId: r.journal_id, action: r.action as DecisionRow['action'], mode: r.mode as DecisionRow['mode'],
  source: r.source as DecisionRow['source'], proposalIndex: r.proposal_index, confidence: r.confidence, topCorrect: r.top_correct === 1, label: r.label,
  amount: r.amount, date: r.date, partnerId: r.partner_id, decision: JSON.parse(r.decision) as DecisionDetail, outboxId: r.outbox_id, createdAt: r.created_at,
});
const toRule = (r: RawRule): RuleRow => ({
  id: r.id, journalId: r.journal_id, kind: r.kind as RuleKind, pattern: r.pattern, patternKind: r.pattern_kind as RuleRow['patternKind'], partnerId: r.partner_id,
  accountId: r.account_id, taxId: r.tax_id, tolerance: r.tolerance ? (JSON.parse(r.tolerance) as Tolerance) : null, support: r.support,
  backtest: JSON.parse(r.backtest) as Backtest, state: r.state as RuleRow['state'], exportedAt: r.exported_at, odooId: r.odoo_id, outboxId: r.outbox_id,
});

export function createReconcileStore(db: Database.Database, connection: () => string) {
  const now = () => new Date().toISOString();
  return {
    addDecision(d: Omit<DecisionRow, 'id' | 'createdAt'>): number {
      const r = db
        .prepare(
          `INSERT INTO reconcile_decisions (connection_id, statement_line_id, journal_id, action, mode, source, proposal_index, confidence, top_correct, label, amount, date, partner_id, decision, outbox_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(connection(), d.statementLineId, d.journalId, d.action, d.mode, d.source, d.proposalIndex, d.confidence, d.topCorrect ? 1 : 0, d.label, d.amount, d.date, d.partnerId, JSON.stringify(d.decision), d.outboxId, now());
      return Number(r.lastInsertRowid);
    },
    decisions(filter: { journalId?: number; source?: 'user' | 'history' } = {}): DecisionRow[] {
      const where = ['connection_id = ?'];
      const args: unknown[] = [connection()];
      if (filter.journalId !== undefined) {
        where.push('journal_id = ?');
        args.push(filter.journalId);
      }
      if (filter.source) {
        where.push('source = ?');
        args.push(filter.source);
      }
      return db.prepare<unknown[], RawDecision>(`SELECT * FROM reconcile_decisions WHERE ${where.join(' AND ')} ORDER BY id`).all(...args).map(toDecision);
    },
    decidedLineIds(): Set<number> {
      return new Set(db.prepare<[string], { id: number }>(`SELECT DISTINCT statement_line_id AS id FROM reconcile_decisions WHERE connection_id = ?`).all(connection()).map((r) => r.id));
    },
    rejectedKeys(): Map<number, Set<string>> {
      const out = new Map<number, Set<string>>();
      for (const r of db
        .prepare<[string], { line: number; decision: string }>(`SELECT statement_line_id AS line, decision FROM reconcile_decisions WHERE connection_id = ? AND action = 'reject'`)
        .all(connection())) {
        const key = (JSON.parse(r.decision) as DecisionDetail).key;
        if (!key) continue;
        const s = out.get(r.line) ?? new Set<string>();
        s.add(key);
        out.set(r.line, s);
      }
      return out;
    },
    /** an undone decision: its proposal was not right after all */
    markUndone(outboxId: number): void {
      db.prepare(`UPDATE reconcile_decisions SET top_correct = 0 WHERE connection_id = ? AND outbox_id = ?`).run(connection(), outboxId);
    },

    autoAcceptMin(journalId: number): number | null {
      return db.prepare<[string, number], { v: number | null }>(`SELECT auto_accept_min AS v FROM reconcile_journal_settings WHERE connection_id = ? AND journal_id = ?`).get(connection(), journalId)?.v ?? null;
    },
    autoAcceptAll(): Map<number, number> {
      const out = new Map<number, number>();
      for (const r of db
        .prepare<[string], { j: number; v: number | null }>(`SELECT journal_id AS j, auto_accept_min AS v FROM reconcile_journal_settings WHERE connection_id = ? AND auto_accept_min IS NOT NULL`)
        .all(connection()))
        if (r.v !== null) out.set(r.j, r.v);
      return out;
    },
    setAutoAccept(journalId: number, v: number | null): void {
      db.prepare(
        `INSERT INTO reconcile_journal_settings (connection_id, journal_id, auto_accept_min, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(connection_id, journal_id) DO UPDATE SET auto_accept_min = excluded.auto_accept_min, updated_at = excluded.updated_at`,
      ).run(connection(), journalId, v, now());
    },
    tolerances(): Map<number, Tolerance> {
      const out = new Map<number, Tolerance>();
      for (const r of db
        .prepare<[string], { j: number; t: string | null }>(`SELECT journal_id AS j, tolerance AS t FROM reconcile_journal_settings WHERE connection_id = ? AND tolerance IS NOT NULL`)
        .all(connection()))
        if (r.t) out.set(r.j, JSON.parse(r.t) as Tolerance);
      return out;
    },
    setTolerance(journalId: number, t: Tolerance | null): void {
      db.prepare(
        `INSERT INTO reconcile_journal_settings (connection_id, journal_id, tolerance, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(connection_id, journal_id) DO UPDATE SET tolerance = excluded.tolerance, updated_at = excluded.updated_at`,
      ).run(connection(), journalId, t ? JSON.stringify(t) : null, now());
    },

    rules(filter: { journalId?: number; state?: RuleRow['state'] } = {}): RuleRow[] {
      const where = ['connection_id = ?'];
      const args: unknown[] = [connection()];
      if (filter.journalId !== undefined) {
        where.push('journal_id = ?');
        args.push(filter.journalId);
      }
      if (filter.state) {
        where.push('state = ?');
        args.push(filter.state);
      }
      return db.prepare<unknown[], RawRule>(`SELECT * FROM reconcile_rules WHERE ${where.join(' AND ')} ORDER BY journal_id, support DESC, id`).all(...args).map(toRule);
    },
    rule(id: number): RuleRow | undefined {
      const r = db.prepare<[string, number], RawRule>(`SELECT * FROM reconcile_rules WHERE connection_id = ? AND id = ?`).get(connection(), id);
      return r ? toRule(r) : undefined;
    },
    /** insert a mined rule or refresh its support and back-test; true when new */
    upsertRule(r: Omit<RuleRow, 'id' | 'state' | 'exportedAt' | 'odooId' | 'outboxId'>): { id: number; created: boolean } {
      const existing = db
        .prepare<[string, number, string, string], { id: number }>(`SELECT id FROM reconcile_rules WHERE connection_id = ? AND journal_id = ? AND kind = ? AND pattern = ?`)
        .get(connection(), r.journalId, r.kind, r.pattern);
      if (existing) {
        db.prepare(`UPDATE reconcile_rules SET partner_id = ?, account_id = ?, tax_id = ?, tolerance = ?, support = ?, backtest = ?, updated_at = ? WHERE id = ?`).run(
          r.partnerId, r.accountId, r.taxId, r.tolerance ? JSON.stringify(r.tolerance) : null, r.support, JSON.stringify(r.backtest), now(), existing.id,
        );
        return { id: existing.id, created: false };
      }
      const res = db
        .prepare(
          `INSERT INTO reconcile_rules (connection_id, journal_id, kind, pattern, pattern_kind, partner_id, account_id, tax_id, tolerance, support, backtest, state, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'candidate', ?, ?)`,
        )
        .run(connection(), r.journalId, r.kind, r.pattern, r.patternKind, r.partnerId, r.accountId, r.taxId, r.tolerance ? JSON.stringify(r.tolerance) : null, r.support, JSON.stringify(r.backtest), now(), now());
      return { id: Number(res.lastInsertRowid), created: true };
    },
    setRuleState(id: number, state: RuleRow['state']): void {
      db.prepare(`UPDATE reconcile_rules SET state = ?, updated_at = ? WHERE id = ?`).run(state, now(), id);
    },
    setRuleExport(id: number, outboxId: number): void {
      db.prepare(`UPDATE reconcile_rules SET outbox_id = ?, exported_at = ?, updated_at = ? WHERE id = ?`).run(outboxId, now(), now(), id);
    },
    setRuleOdooId(id: number, odooId: number): void {
      db.prepare(`UPDATE reconcile_rules SET odoo_id = ?, updated_at = ? WHERE id = ?`).run(odooId, now(), id);
    },

    pref<T>(key: string): T | undefined {
      const r = db.prepare<[string], { value: string }>(`SELECT value FROM reconcile_prefs WHERE key = ?`).get(`${connection()}|${key}`);
      return r ? (JSON.parse(r.value) as T) : undefined;
    },
    setPref(key: string, value: unknown): void {
      db.prepare(`INSERT INTO reconcile_prefs (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`).run(
        `${connection()}|${key}`, JSON.stringify(value), now(),
      );
    },

    addDeclaredBalance(b: { journalId: number; statementRef: string; dateFrom: string | null; dateTo: string | null; opening: number | null; closing: number | null }): void {
      db.prepare(
        `INSERT INTO statement_balances (connection_id, journal_id, statement_ref, date_from, date_to, opening, closing, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(connection_id, journal_id, statement_ref, date_to) DO UPDATE SET opening = excluded.opening, closing = excluded.closing, date_from = excluded.date_from, imported_at = excluded.imported_at`,
      ).run(connection(), b.journalId, b.statementRef, b.dateFrom, b.dateTo, b.opening, b.closing, now());
    },
    declaredBalances(journalId: number): Array<{ dateFrom: string | null; dateTo: string | null; opening: number | null; closing: number | null }> {
      return db
        .prepare<[string, number], { dateFrom: string | null; dateTo: string | null; opening: number | null; closing: number | null }>(
          `SELECT date_from AS dateFrom, date_to AS dateTo, opening, closing FROM statement_balances WHERE connection_id = ? AND journal_id = ? ORDER BY date_to`,
        )
        .all(connection(), journalId);
    },
  };
}
export type ReconcileStore = ReturnType<typeof createReconcileStore>;
