/**
 * The engine's input built straight from a generated demo dataset (the simulator's raw records), for
 * evaluation, benchmarks and tests. Residuals are derived from the account.partial.reconcile records the
 * way Odoo computes them (balance minus what partials took, per side, in company and item currency).
 */
import type { SimDataset } from '../../../odoo-sim/types';
import { toCents } from './candidate-index';
import type { AccountType, CandidateItem, JournalSettings, MatchingInput, PartnerInput, StatementLineInput } from './types';

type Rec = Record<string, unknown> & { id: number };

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
const id = (v: unknown): number | undefined => (typeof v === 'number' && v > 0 ? v : Array.isArray(v) && typeof v[0] === 'number' ? v[0] : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

export type FromDatasetOptions = {
  /** the statement lines to match (default: those whose move still has a line on the suspense account) */
  statementLineIds?: readonly number[];
};

export function matchingInputFromDataset(ds: SimDataset, opts: FromDatasetOptions = {}): MatchingInput {
  const recs = (m: string): Rec[] => (ds.records[m] ?? []) as Rec[];
  const byId = (m: string) => new Map(recs(m).map((r) => [r.id, r]));
  const currencies = byId('res.currency');
  const accounts = byId('account.account');
  const journals = byId('account.journal');
  const moves = byId('account.move');
  const companies = recs('res.company');
  const mainCompany = companies[0];
  const companyId = mainCompany?.id ?? 1;
  const companyCurrency = str(currencies.get(id(mainCompany?.currency_id) ?? -1)?.name) ?? ds.meta.companyCurrency;
  const curName = (v: unknown): string => str(currencies.get(id(v) ?? -1)?.name) ?? companyCurrency;

  // residuals (cents) from partials
  const resC = new Map<number, number>();
  const resCur = new Map<number, number>();
  for (const p of recs('account.partial.reconcile')) {
    const d = id(p.debit_move_id);
    const c = id(p.credit_move_id);
    const amount = toCents(num(p.amount));
    if (d !== undefined) {
      resC.set(d, (resC.get(d) ?? 0) - amount);
      resCur.set(d, (resCur.get(d) ?? 0) - toCents(num(p.debit_amount_currency)));
    }
    if (c !== undefined) {
      resC.set(c, (resC.get(c) ?? 0) + amount);
      resCur.set(c, (resCur.get(c) ?? 0) + toCents(num(p.credit_amount_currency)));
    }
  }

  const suspense = new Set<number>();
  for (const j of journals.values()) {
    const s = id(j.suspense_account_id);
    if (s !== undefined) suspense.add(s);
  }

  const candidates: CandidateItem[] = [];
  const movesWithSuspense = new Set<number>();
  const liquidityBalance = new Map<number, number>();
  const defaultAccountOfJournal = new Map<number, number>();
  for (const j of journals.values()) {
    const a = id(j.default_account_id);
    if (a !== undefined) defaultAccountOfJournal.set(j.id, a);
  }
  for (const l of recs('account.move.line')) {
    const accountId = id(l.account_id) ?? 0;
    const moveId = id(l.move_id) ?? 0;
    const stl = id(l.statement_line_id);
    if (suspense.has(accountId)) movesWithSuspense.add(moveId);
    if (stl !== undefined && accountId === defaultAccountOfJournal.get(id(l.journal_id) ?? 0)) liquidityBalance.set(stl, num(l.balance));
    const move = moves.get(moveId);
    if (!move || (move.state !== undefined && move.state !== 'posted')) continue;
    if (id(l.company_id) !== undefined && id(l.company_id) !== companyId) continue;
    const acc = accounts.get(accountId);
    const type = str(acc?.account_type);
    const isPayment = id(l.payment_id) !== undefined && acc?.reconcile === true && type === 'asset_current' && !suspense.has(accountId);
    if (type !== 'asset_receivable' && type !== 'liability_payable' && !isPayment) continue;
    const rc = toCents(num(l.balance)) + (resC.get(l.id) ?? 0);
    const rcur = toCents(num(l.amount_currency)) + (resCur.get(l.id) ?? 0);
    if (rc === 0 && rcur === 0) continue;
    const item: CandidateItem = {
      id: l.id, moveId, moveName: str(l.move_name) ?? str(move.name) ?? '', accountId, accountType: type as AccountType,
      date: str(l.date) ?? str(move.date) ?? '', amountResidual: rc / 100, currency: curName(l.currency_id), amountResidualCurrency: rcur / 100,
    };
    const ref = str(move.ref);
    const payRef = str(move.payment_reference);
    const partnerId = id(l.partner_id);
    const due = str(l.date_maturity);
    if (ref) item.ref = ref;
    if (payRef) item.paymentReference = payRef;
    if (partnerId !== undefined) item.partnerId = partnerId;
    if (due) item.dateMaturity = due;
    if (isPayment) item.isPayment = true;
    candidates.push(item);
  }

  const wanted = opts.statementLineIds ? new Set(opts.statementLineIds) : undefined;
  const lines: StatementLineInput[] = [];
  for (const s of recs('account.bank.statement.line')) {
    if (wanted ? !wanted.has(s.id) : !movesWithSuspense.has(id(s.move_id) ?? 0)) continue;
    const journal = journals.get(id(s.journal_id) ?? 0);
    const line: StatementLineInput = {
      id: s.id, journalId: journal?.id ?? 0, date: str(s.date) ?? '', amount: num(s.amount), currency: curName(journal?.currency_id ?? mainCompany?.currency_id), label: str(s.payment_ref) ?? '',
    };
    const pid = id(s.partner_id);
    if (pid !== undefined) line.partnerId = pid;
    const pn = str(s.partner_name);
    if (pn) line.partnerName = pn;
    const acc = str(s.account_number);
    if (acc) line.accountNumber = acc;
    const fc = id(s.foreign_currency_id);
    if (fc !== undefined && num(s.amount_currency) !== 0) {
      line.foreignCurrency = curName(fc);
      line.amountCurrency = num(s.amount_currency);
    }
    const liq = liquidityBalance.get(s.id);
    if (liq !== undefined) line.amountCompany = liq;
    lines.push(line);
  }

  const banksOf = new Map<number, string[]>();
  for (const b of recs('res.partner.bank')) {
    const pid = id(b.partner_id);
    const acc = str(b.acc_number);
    if (pid === undefined || !acc || b.active === false) continue;
    const list = banksOf.get(pid) ?? [];
    list.push(acc);
    banksOf.set(pid, list);
  }
  const partners: PartnerInput[] = recs('res.partner').map((p) => {
    const out: PartnerInput = { id: p.id, name: str(p.name) ?? '', bankAccounts: banksOf.get(p.id) ?? [] };
    const vat = str(p.vat);
    if (vat) out.vat = vat;
    const cp = id(p.commercial_partner_id);
    if (cp !== undefined) out.commercialPartnerId = cp;
    return out;
  });

  const feeAccount = [...accounts.values()].find((a) => /bank charges|bank fees|frais bancaires|bankkosten/i.test(str(a.name) ?? ''))?.id;
  const settings: Record<number, JournalSettings> = {};
  for (const j of journals.values()) {
    if (j.type !== 'bank') continue;
    const s: JournalSettings = { amountTolerance: { fixed: 30, percent: 0 } };
    if (feeAccount !== undefined) s.feeAccountId = feeAccount;
    const gain = id(mainCompany?.income_currency_exchange_account_id) ?? id(j.profit_account_id);
    const loss = id(mainCompany?.expense_currency_exchange_account_id) ?? id(j.loss_account_id);
    if (gain !== undefined) s.fxGainAccountId = gain;
    if (loss !== undefined) s.fxLossAccountId = loss;
    settings[j.id] = s;
  }
  return { companyCurrency, lines, candidates, partners, journals: settings };
}
