/**
 * Reads the engine's input from the local cache (`cache_records`, one JSON row per Odoo record, fields
 * as the sync stored them: many2one as [id, "name"] or a bare id, false for empty). Filtering and field
 * extraction happen in SQLite (json_extract), so only the open items and unreconciled lines cross into JS.
 */
import type Database from 'better-sqlite3';
import type { AccountType, CandidateItem, JournalSettings, LearnedMapping, MatchingInput, PartnerInput, StatementLineInput } from './types';

export type LoadMatchingOptions = {
  /** the company whose lines and items are matched (default: the first cached company) */
  companyId?: number;
  /** only these bank journals' statement lines (default: all) */
  journalIds?: readonly number[];
  /** outstanding payments (unreconciled lines of registered payments) are candidates too (default true) */
  includePayments?: boolean;
  journals?: Record<number, JournalSettings>;
  learned?: readonly LearnedMapping[];
};

/** SQL for a many2one field of `alias.data`: the id whether stored as [id, name] or as a bare id. */
const m2o = (alias: string, field: string) =>
  `(CASE json_type(${alias}.data, '$.${field}') WHEN 'array' THEN json_extract(${alias}.data, '$.${field}[0]') WHEN 'integer' THEN json_extract(${alias}.data, '$.${field}') ELSE NULL END)`;
const j = (alias: string, field: string) => `json_extract(${alias}.data, '$.${field}')`;

type ItemRow = {
  id: number; move_id: number | null; move_name: string | null; move_display: string | null; account_id: number; partner_id: number | null; date: string | null; date_maturity: string | null;
  amount_residual: number | null; amount_residual_currency: number | null; currency_id: number | null; payment_id: number | null; account_type: string; ref: string | null; payment_reference: string | null;
};

type LineRow = {
  id: number; journal_id: number | null; date: string | null; amount: number | null; payment_ref: string | null; partner_id: number | null; partner_name: string | null;
  account_number: string | null; foreign_currency_id: number | null; amount_currency: number | null; move_id: number | null;
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

export function loadMatchingInput(db: Database.Database, opts: LoadMatchingOptions = {}): MatchingInput {
  const currencies = new Map<number, string>();
  for (const r of db.prepare<[], { id: number; name: string }>(`SELECT c.id, ${j('c', 'name')} AS name FROM cache_records c WHERE c.model = 'res.currency'`).all()) currencies.set(r.id, r.name);
  const company = opts.companyId !== undefined
    ? db.prepare<[number], { id: number; currency_id: number | null }>(`SELECT c.id, ${m2o('c', 'currency_id')} AS currency_id FROM cache_records c WHERE c.model = 'res.company' AND c.id = ?`).get(opts.companyId)
    : db.prepare<[], { id: number; currency_id: number | null }>(`SELECT c.id, ${m2o('c', 'currency_id')} AS currency_id FROM cache_records c WHERE c.model = 'res.company' ORDER BY c.id LIMIT 1`).get();
  const companyId = company?.id;
  const companyCurrency = (company?.currency_id != null ? currencies.get(company.currency_id) : undefined) ?? 'EUR';
  const curName = (id: number | null | undefined) => (id != null ? (currencies.get(id) ?? companyCurrency) : companyCurrency);

  type JournalRow = { id: number; currency_id: number | null; default_account_id: number | null; suspense_account_id: number | null; company_id: number | null; type: string | null };
  const journals = db.prepare<[], JournalRow>(
    `SELECT c.id, ${m2o('c', 'currency_id')} AS currency_id, ${m2o('c', 'default_account_id')} AS default_account_id, ${m2o('c', 'suspense_account_id')} AS suspense_account_id,
            ${m2o('c', 'company_id')} AS company_id, ${j('c', 'type')} AS type
       FROM cache_records c WHERE c.model = 'account.journal'`,
  ).all();
  const journalById = new Map(journals.map((r) => [r.id, r]));
  const suspense = [...new Set(journals.map((r) => r.suspense_account_id).filter((x): x is number => x != null))];

  const companyFilter = companyId !== undefined ? `AND (${m2o('l', 'company_id')} IS NULL OR ${m2o('l', 'company_id')} = ${Number(companyId)})` : '';
  const paymentClause = opts.includePayments === false
    ? ''
    : `OR (${m2o('l', 'payment_id')} IS NOT NULL AND ${j('a', 'account_type')} = 'asset_current' AND ${j('a', 'reconcile')} = 1 AND a.id NOT IN (${suspense.length ? suspense.join(',') : '-1'}))`;
  const itemRows = db.prepare<[], ItemRow>(
    `SELECT l.id, ${m2o('l', 'move_id')} AS move_id, ${j('l', 'move_name')} AS move_name, ${j('m', 'name')} AS move_display, ${m2o('l', 'account_id')} AS account_id,
            ${m2o('l', 'partner_id')} AS partner_id, ${j('l', 'date')} AS date, ${j('l', 'date_maturity')} AS date_maturity, ${j('l', 'amount_residual')} AS amount_residual,
            ${j('l', 'amount_residual_currency')} AS amount_residual_currency, ${m2o('l', 'currency_id')} AS currency_id, ${m2o('l', 'payment_id')} AS payment_id,
            ${j('a', 'account_type')} AS account_type, ${j('m', 'ref')} AS ref, ${j('m', 'payment_reference')} AS payment_reference
       FROM cache_records l
       JOIN cache_records a ON a.model = 'account.account' AND a.id = ${m2o('l', 'account_id')}
       LEFT JOIN cache_records m ON m.model = 'account.move' AND m.id = ${m2o('l', 'move_id')}
      WHERE l.model = 'account.move.line'
        AND coalesce(${j('l', 'reconciled')}, 0) = 0
        AND coalesce(${j('l', 'parent_state')}, 'posted') = 'posted'
        AND (${j('a', 'account_type')} IN ('asset_receivable', 'liability_payable') ${paymentClause})
        ${companyFilter}`,
  ).all();
  const candidates: CandidateItem[] = [];
  for (const r of itemRows) {
    const res = r.amount_residual ?? 0;
    const resCur = r.amount_residual_currency ?? res;
    if (Math.round(res * 100) === 0 && Math.round(resCur * 100) === 0) continue;
    const item: CandidateItem = {
      id: r.id, moveId: r.move_id ?? 0, moveName: str(r.move_name) ?? str(r.move_display) ?? '', accountId: r.account_id,
      accountType: (r.account_type === 'asset_receivable' || r.account_type === 'liability_payable' ? r.account_type : 'asset_current') as AccountType,
      date: str(r.date) ?? '', amountResidual: res, currency: curName(r.currency_id), amountResidualCurrency: resCur,
    };
    if (r.partner_id != null) item.partnerId = r.partner_id;
    if (str(r.date_maturity)) item.dateMaturity = r.date_maturity as string;
    if (str(r.ref)) item.ref = r.ref as string;
    if (str(r.payment_reference)) item.paymentReference = r.payment_reference as string;
    if (r.payment_id != null && item.accountType === 'asset_current') item.isPayment = true;
    candidates.push(item);
  }

  const journalFilter = opts.journalIds && opts.journalIds.length > 0 ? `AND ${m2o('s', 'journal_id')} IN (${opts.journalIds.map(Number).join(',')})` : '';
  const lineCompany = companyId !== undefined ? `AND (${m2o('s', 'company_id')} IS NULL OR ${m2o('s', 'company_id')} = ${Number(companyId)})` : '';
  const lineRows = db.prepare<[], LineRow>(
    `SELECT s.id, ${m2o('s', 'journal_id')} AS journal_id, ${j('s', 'date')} AS date, ${j('s', 'amount')} AS amount, ${j('s', 'payment_ref')} AS payment_ref,
            ${m2o('s', 'partner_id')} AS partner_id, ${j('s', 'partner_name')} AS partner_name, ${j('s', 'account_number')} AS account_number,
            ${m2o('s', 'foreign_currency_id')} AS foreign_currency_id, ${j('s', 'amount_currency')} AS amount_currency, ${m2o('s', 'move_id')} AS move_id
       FROM cache_records s
      WHERE s.model = 'account.bank.statement.line' AND coalesce(${j('s', 'is_reconciled')}, 0) = 0 ${journalFilter} ${lineCompany}
      ORDER BY ${j('s', 'date')}, s.id`,
  ).all();
  // company value of lines in a foreign-currency journal: their liquidity journal item's balance, read in one
  // pass over the journal items (a query per line would scan them once per line)
  const foreignMoves = new Map<number, number>();
  for (const r of lineRows) {
    const journal = r.journal_id != null ? journalById.get(r.journal_id) : undefined;
    if (r.move_id == null || journal?.default_account_id == null) continue;
    if (curName(journal.currency_id ?? company?.currency_id) !== companyCurrency) foreignMoves.set(r.move_id, journal.default_account_id);
  }
  const liquidityBalance = new Map<number, number>();
  if (foreignMoves.size > 0) {
    for (const l of db.prepare<[], { move_id: number | null; account_id: number | null; balance: number | null }>(
      `SELECT ${m2o('l', 'move_id')} AS move_id, ${m2o('l', 'account_id')} AS account_id, ${j('l', 'balance')} AS balance FROM cache_records l
        WHERE l.model = 'account.move.line' AND ${m2o('l', 'move_id')} IN (${[...foreignMoves.keys()].map(Number).join(',')})`,
    ).all()) {
      if (l.move_id != null && l.account_id === foreignMoves.get(l.move_id) && typeof l.balance === 'number' && !liquidityBalance.has(l.move_id)) liquidityBalance.set(l.move_id, l.balance);
    }
  }
  const lines: StatementLineInput[] = [];
  for (const r of lineRows) {
    const journal = r.journal_id != null ? journalById.get(r.journal_id) : undefined;
    const currency = curName(journal?.currency_id ?? company?.currency_id);
    const line: StatementLineInput = { id: r.id, journalId: r.journal_id ?? 0, date: str(r.date) ?? '', amount: r.amount ?? 0, currency, label: str(r.payment_ref) ?? '' };
    if (r.partner_id != null) line.partnerId = r.partner_id;
    if (str(r.partner_name)) line.partnerName = r.partner_name as string;
    if (str(r.account_number)) line.accountNumber = r.account_number as string;
    if (r.foreign_currency_id != null && r.amount_currency) {
      line.foreignCurrency = curName(r.foreign_currency_id);
      line.amountCurrency = r.amount_currency;
    }
    if (currency !== companyCurrency && r.move_id != null) {
      const b = liquidityBalance.get(r.move_id);
      if (typeof b === 'number') line.amountCompany = b;
    }
    lines.push(line);
  }

  const banks = new Map<number, string[]>();
  for (const b of db.prepare<[], { partner_id: number | null; acc: string | null }>(
    `SELECT ${m2o('b', 'partner_id')} AS partner_id, ${j('b', 'acc_number')} AS acc FROM cache_records b WHERE b.model = 'res.partner.bank' AND b.active = 1`,
  ).all()) {
    if (b.partner_id == null || !str(b.acc)) continue;
    const list = banks.get(b.partner_id) ?? [];
    list.push(b.acc as string);
    banks.set(b.partner_id, list);
  }
  const partners: PartnerInput[] = [];
  for (const p of db.prepare<[], { id: number; name: string | null; vat: string | null; cp: number | null }>(
    `SELECT p.id, ${j('p', 'name')} AS name, ${j('p', 'vat')} AS vat, ${m2o('p', 'commercial_partner_id')} AS cp FROM cache_records p WHERE p.model = 'res.partner' AND p.active = 1`,
  ).all()) {
    const out: PartnerInput = { id: p.id, name: str(p.name) ?? '', bankAccounts: banks.get(p.id) ?? [] };
    if (str(p.vat)) out.vat = p.vat as string;
    if (p.cp != null) out.commercialPartnerId = p.cp;
    partners.push(out);
  }

  const input: MatchingInput = { companyCurrency, lines, candidates, partners };
  if (opts.journals) input.journals = opts.journals;
  if (opts.learned) input.learned = [...opts.learned];
  return input;
}
