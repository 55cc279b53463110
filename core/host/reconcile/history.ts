/**
 * What already reconciled bank lines in the cache ended on: the items their counterparts are matched with
 * (same matching number), or the accounts they were booked on (fees, rent, salaries). The basis of
 * decisions "learned from history" (band precision from day one) and of rule mining.
 */
import type Database from 'better-sqlite3';
import type { CandidateItem, StatementLineInput } from '../../engine/reconciliation/matching';
import type { DecidedLine, DecidedTarget } from '../../engine/reconciliation/rules';
import { m2oId } from './cache-views';

export type HistoryLine = DecidedLine & {
  line: StatementLineInput;
  /** the items the line settled, and how much of each (company currency and the counterpart's currency, item sign) */
  items: Array<{ id: number; settled: number; settledCurrency: number }>;
};

type Aml = {
  payment: number | undefined;
  id: number; move: number | undefined; account: number | undefined; partner: number | undefined; balance: number; amountCurrency: number;
  matching: string | undefined; statementLine: number | undefined; displayType: string | undefined;
};

type Row = { id: number; data: string };

export function readHistory(db: Database.Database, opts: { journalId?: number } = {}): HistoryLine[] {
  const accounts = new Map<number, { type: string; reconcile: boolean }>();
  for (const r of db.prepare<[], Row>(`SELECT id, data FROM cache_records WHERE model = 'account.account'`).all()) {
    const d = JSON.parse(r.data) as { account_type?: string; reconcile?: boolean };
    accounts.set(r.id, { type: d.account_type ?? '', reconcile: d.reconcile === true });
  }
  const currencies = new Map<number, string>();
  for (const r of db.prepare<[], Row>(`SELECT id, data FROM cache_records WHERE model = 'res.currency'`).all()) {
    const n = (JSON.parse(r.data) as { name?: string }).name;
    if (n) currencies.set(r.id, n);
  }
  const journals = new Map<number, { liquidity?: number; suspense?: number; currency?: number }>();
  for (const r of db.prepare<[], Row>(`SELECT id, data FROM cache_records WHERE model = 'account.journal'`).all()) {
    const d = JSON.parse(r.data) as Record<string, unknown>;
    journals.set(r.id, { liquidity: m2oId(d.default_account_id), suspense: m2oId(d.suspense_account_id), currency: m2oId(d.currency_id) });
  }
  const taxes: Array<{ id: number; amount: number; type: string }> = db
    .prepare<[], Row>(`SELECT id, data FROM cache_records WHERE model = 'account.tax'`)
    .all()
    .map((r) => {
      const d = JSON.parse(r.data) as { amount?: number; amount_type?: string; type_tax_use?: string };
      return { id: r.id, amount: d.amount ?? 0, type: d.type_tax_use ?? '' };
    });

  const journalFilter = opts.journalId !== undefined ? `AND (CASE json_type(data, '$.journal_id') WHEN 'array' THEN json_extract(data, '$.journal_id[0]') ELSE json_extract(data, '$.journal_id') END) = ${Number(opts.journalId)}` : '';
  const stRows = db
    .prepare<[], Row>(
      `SELECT id, data FROM cache_records WHERE model = 'account.bank.statement.line' AND json_extract(data, '$.is_reconciled') = 1 ${journalFilter} ORDER BY json_extract(data, '$.date'), id`,
    )
    .all();
  if (stRows.length === 0) return [];

  // items are invoice / bill terms and payments; exchange-difference and other plain entries are not
  const plainEntries = new Set<number>();
  for (const r of db.prepare<[], { id: number }>(`SELECT id FROM cache_records WHERE model = 'account.move' AND json_extract(data, '$.move_type') = 'entry'`).all()) plainEntries.add(r.id);
  const byMove = new Map<number, Aml[]>();
  const byMatching = new Map<string, Aml[]>();
  // only the journal items reconciliation history needs: those of bank entries and those with a matching number
  const m2 = (f: string) => `(CASE json_type(data, '$.${f}') WHEN 'array' THEN json_extract(data, '$.${f}[0]') WHEN 'integer' THEN json_extract(data, '$.${f}') END)`;
  type AmlRow = { id: number; move: number | null; account: number | null; partner: number | null; payment: number | null; st: number | null; balance: number | null; ac: number | null; matching: string | null; dt: string | null };
  const amlRows = db
    .prepare<[], AmlRow>(
      `SELECT id, ${m2('move_id')} AS move, ${m2('account_id')} AS account, ${m2('partner_id')} AS partner, ${m2('payment_id')} AS payment, ${m2('statement_line_id')} AS st,
              json_extract(data, '$.balance') AS balance, json_extract(data, '$.amount_currency') AS ac,
              CASE json_type(data, '$.matching_number') WHEN 'text' THEN json_extract(data, '$.matching_number') END AS matching, json_extract(data, '$.display_type') AS dt
         FROM cache_records WHERE model = 'account.move.line' AND (json_type(data, '$.matching_number') = 'text' OR json_type(data, '$.statement_line_id') IN ('array', 'integer'))`,
    )
    .all();
  for (const r of amlRows) {
    const a: Aml = {
      payment: r.payment ?? undefined, id: r.id, move: r.move ?? undefined, account: r.account ?? undefined, partner: r.partner ?? undefined, balance: r.balance ?? 0,
      amountCurrency: r.ac ?? 0, matching: r.matching || undefined, statementLine: r.st ?? undefined, displayType: r.dt ?? undefined,
    };
    if (a.move !== undefined) {
      const l = byMove.get(a.move) ?? [];
      l.push(a);
      byMove.set(a.move, l);
    }
    if (a.matching) {
      const l = byMatching.get(a.matching) ?? [];
      l.push(a);
      byMatching.set(a.matching, l);
    }
  }

  const out: HistoryLine[] = [];
  for (const r of stRows) {
    const d = JSON.parse(r.data) as Record<string, unknown>;
    const moveId = m2oId(d.move_id);
    const journalId = m2oId(d.journal_id);
    if (moveId === undefined || journalId === undefined) continue;
    const j = journals.get(journalId);
    const lines = byMove.get(moveId) ?? [];
    const counter = lines.filter((l) => l.account !== j?.liquidity && l.account !== j?.suspense);
    if (counter.length === 0) continue;
    const items: HistoryLine['items'] = [];
    const other: Aml[] = [];
    let unknown = false;
    for (const c of counter) {
      const acc = c.account !== undefined ? accounts.get(c.account) : undefined;
      const matchable = acc && (acc.type === 'asset_receivable' || acc.type === 'liability_payable' || (acc.type === 'asset_current' && acc.reconcile));
      if (matchable && c.matching) {
        const matched = (byMatching.get(c.matching) ?? []).filter(
          (m) =>
            m.move !== moveId &&
            m.statementLine === undefined &&
            !(m.move !== undefined && plainEntries.has(m.move) && m.payment === undefined) &&
            // what this counterpart settles sits on the other side (a credit note in the same group settled the invoice, not this line)
            Math.sign(m.balance) === -Math.sign(c.balance) &&
            !items.some((x) => x.id === m.id),
        );
        // the items of this line are beyond the cache's history horizon: what it settled is unknown
        if (matched.length === 0) {
          unknown = true;
          continue;
        }
        // one counterpart for several items (terms of one invoice): what it settled, split by their amounts
        const total = matched.reduce((s, m) => s + m.balance, 0);
        for (const m of matched) {
          const share = total !== 0 ? m.balance / total : 1 / matched.length;
          items.push({ id: m.id, settled: Math.round(-c.balance * share * 100) / 100, settledCurrency: Math.round(-c.amountCurrency * share * 100) / 100 });
        }
      } else other.push(c);
    }
    if (unknown) continue;
    const label = typeof d.payment_ref === 'string' ? d.payment_ref : '';
    const amount = typeof d.amount === 'number' ? d.amount : 0;
    let target: DecidedTarget;
    if (items.length > 0) {
      const partner = counter.find((c) => c.partner !== undefined)?.partner;
      const gap = other.filter((o) => o.displayType !== 'tax').reduce((s, o) => s + o.balance, 0);
      target = { kind: 'items', ...(partner !== undefined ? { partnerId: partner } : {}), ...(gap > 0 ? { gap: Math.round(gap * 100) / 100, itemsTotal: amount + gap } : {}) };
    } else if (other.some((o) => { const a = o.account !== undefined ? accounts.get(o.account) : undefined; return a?.type === 'asset_receivable' || a?.type === 'liability_payable'; })) {
      // an advance or an unallocated payment: the partner's account, no item
      const partner = other.find((o) => o.partner !== undefined)?.partner;
      target = { kind: 'items', ...(partner !== undefined ? { partnerId: partner } : {}) };
    } else {
      const taxLines = other.filter((o) => o.displayType === 'tax');
      const base = other.filter((o) => o.displayType !== 'tax').sort((a, b) => Math.abs(b.balance) - Math.abs(a.balance))[0];
      if (!base || base.account === undefined) continue;
      let taxId: number | undefined;
      const taxSum = taxLines.reduce((s, t) => s + t.balance, 0);
      if (taxLines.length > 0 && base.balance !== 0) {
        // the tax whose rate gives this tax amount on this base
        const rate = (taxSum / base.balance) * 100;
        taxId = taxes.filter((t) => Math.abs(t.amount - rate) < 0.6).sort((a, b) => Math.abs(a.amount - rate) - Math.abs(b.amount - rate))[0]?.id;
      }
      target = { kind: 'account', accountId: base.account, ...(taxId !== undefined ? { taxId } : {}) };
    }
    const line: StatementLineInput = { id: r.id, journalId, date: typeof d.date === 'string' ? d.date : '', amount, currency: '', label };
    const liquidity = lines.find((l) => l.account === j?.liquidity);
    if (j?.currency !== undefined && liquidity) line.amountCompany = liquidity.balance;
    const foreign = m2oId(d.foreign_currency_id);
    if (foreign !== undefined && typeof d.amount_currency === 'number' && d.amount_currency !== 0) {
      const code = currencies.get(foreign);
      if (code) {
        line.amountCurrency = d.amount_currency;
        line.foreignCurrency = code;
      }
    }
    const partnerId = m2oId(d.partner_id);
    if (partnerId !== undefined) line.partnerId = partnerId;
    if (typeof d.partner_name === 'string' && d.partner_name) line.partnerName = d.partner_name;
    if (typeof d.account_number === 'string' && d.account_number) line.accountNumber = d.account_number;
    out.push({ id: r.id, journalId, date: line.date, amount, label, ...(line.partnerName ? { partnerName: line.partnerName } : {}), target, line, items });
  }
  return out;
}

/**
 * The items history lines settled, as engine candidates, with the residual they had at `asOf` (today's
 * residual plus what lines dated on or after `asOf` settled); items dated after `until` did not exist yet
 * and are left out, as are items already settled by then. `base` is built once by `historyItems`.
 */
export function candidatesAsOf(base: ReadonlyMap<number, CandidateItem>, history: readonly HistoryLine[], open: readonly CandidateItem[], asOf: string, until: string, companyCurrency: string): CandidateItem[] {
  const settled = new Map<number, { c: number; cur: number }>();
  for (const h of history) {
    if (h.date < asOf) continue;
    for (const it of h.items) {
      const e = settled.get(it.id) ?? { c: 0, cur: 0 };
      e.c += it.settled;
      e.cur += it.settledCurrency;
      settled.set(it.id, e);
    }
  }
  const out: CandidateItem[] = [];
  const seen = new Set<number>();
  const add = (c: CandidateItem) => {
    seen.add(c.id);
    if (c.date > until) return;
    const s = settled.get(c.id);
    if (!s) {
      out.push(c);
      return;
    }
    const res = Math.round((c.amountResidual + s.c) * 100) / 100;
    const resCur = c.currency === companyCurrency ? res : Math.round((c.amountResidualCurrency + s.cur) * 100) / 100;
    if (Math.round(res * 100) === 0 && Math.round(resCur * 100) === 0) return;
    out.push({ ...c, amountResidual: res, amountResidualCurrency: resCur });
  };
  for (const c of open) add(c);
  for (const [id, c] of base) if (!seen.has(id) && settled.has(id)) add(c);
  return out;
}

/** The settled items that are no longer open, read once from the cache like the loader reads open items. */
export function historyItems(db: Database.Database, history: readonly HistoryLine[], open: readonly CandidateItem[], companyCurrency: string): Map<number, CandidateItem> {
  const openIds = new Set(open.map((c) => c.id));
  const missing = new Set<number>();
  for (const h of history) for (const it of h.items) if (!openIds.has(it.id)) missing.add(it.id);
  const out = new Map<number, CandidateItem>();
  if (missing.size === 0) return out;
  const currencies = new Map<number, string>();
  for (const r of db.prepare<[], Row>(`SELECT id, data FROM cache_records WHERE model = 'res.currency'`).all()) currencies.set(r.id, (JSON.parse(r.data) as { name?: string }).name ?? companyCurrency);
  const accountTypes = new Map<number, string>();
  for (const r of db.prepare<[], Row>(`SELECT id, data FROM cache_records WHERE model = 'account.account'`).all()) accountTypes.set(r.id, (JSON.parse(r.data) as { account_type?: string }).account_type ?? '');
  const getLine = db.prepare<[number], Row>(`SELECT id, data FROM cache_records WHERE model = 'account.move.line' AND id = ?`);
  const getMove = db.prepare<[number], Row>(`SELECT id, data FROM cache_records WHERE model = 'account.move' AND id = ?`);
  for (const id of missing) {
    const r = getLine.get(id);
    if (!r) continue;
    const d = JSON.parse(r.data) as Record<string, unknown>;
    const moveId = m2oId(d.move_id) ?? 0;
    const mv = moveId ? getMove.get(moveId) : undefined;
    const m = mv ? (JSON.parse(mv.data) as Record<string, unknown>) : {};
    const accountId = m2oId(d.account_id) ?? 0;
    const t = accountTypes.get(accountId) ?? '';
    const cur = currencies.get(m2oId(d.currency_id) ?? -1) ?? companyCurrency;
    const c: CandidateItem = {
      id, moveId, moveName: (typeof d.move_name === 'string' && d.move_name) || (typeof m.name === 'string' ? m.name : ''), accountId,
      accountType: t === 'asset_receivable' || t === 'liability_payable' ? t : 'asset_current', date: typeof d.date === 'string' ? d.date : '',
      amountResidual: typeof d.amount_residual === 'number' ? d.amount_residual : 0, currency: cur,
      amountResidualCurrency: typeof d.amount_residual_currency === 'number' ? d.amount_residual_currency : 0,
    };
    const pid = m2oId(d.partner_id);
    if (pid !== undefined) c.partnerId = pid;
    if (typeof d.date_maturity === 'string' && d.date_maturity) c.dateMaturity = d.date_maturity;
    if (typeof m.ref === 'string' && m.ref) c.ref = m.ref;
    if (typeof m.payment_reference === 'string' && m.payment_reference) c.paymentReference = m.payment_reference;
    if (m2oId(d.payment_id) !== undefined && c.accountType === 'asset_current') c.isPayment = true;
    out.set(id, c);
  }
  return out;
}
