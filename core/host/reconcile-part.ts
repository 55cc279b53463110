import type Database from 'better-sqlite3';
import Fuse from 'fuse.js';
import type { CallName, CsvMappingInput, JournalBands, LineProposals, OpenItemView, ProposalView, RuleView } from '../contract';
import { computeBands, type BandDecision } from '../engine/reconciliation/bands';
import { periodBalances } from '../engine/reconciliation/balance';
import { buildCandidateIndex } from '../engine/reconciliation/matching/candidate-index';
import { loadMatchingInput, matchLine, matchStatementLines, prepareMatching, type CandidateItem, type JournalSettings, type LearnedMapping, type LineResult, type MatchingInput, type Proposal, type StatementLineInput } from '../engine/reconciliation/matching';
import { backtestRule, labelTokens, matchesPattern, mineRules, mineTolerance, patternRegex, type DecidedLine } from '../engine/reconciliation/rules';
import { detectFormat, parseStatement, suggestCsvMapping, type CsvMapping, type ParsedStatementFile } from '../engine/reconciliation/statements';
import { AppError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { createCacheRepo } from '../sync/cache-repo';
import { allocate, reconcileIntent, type ReconcilePayload } from '../sync/intents/reconcile';
import { reconcileModelCreateIntent } from '../sync/intents/reconcile-model';
import { statementLineCreateIntent } from '../sync/intents/statement-create';
import { enqueueIntent } from '../sync/outbox';
import { createOutboxRepo } from '../sync/outbox-repo';
import type { EventListener } from './events';
import type { Handlers } from './handlers';
import { createCacheViews, normalizeAccount } from './reconcile/cache-views';
import { candidatesAsOf, historyItems, readHistory, type HistoryLine } from './reconcile/history';
import { createReconcileStore, type DecisionDetail, type RuleRow } from './reconcile/store';

export { normalizeAccount } from './reconcile/cache-views';

type ReconcileCallName = Extract<CallName, `statements:${string}` | `reconcile:${string}`>;

export type ReconcilePartOptions = {
  db: Database.Database;
  logger: Logger;
  /** the connection queued changes belong to */
  connectionId: () => string | null;
  /** tells listeners the outbox changed */
  outboxChanged: () => void;
  /** the event bus: auto-accept runs after each finished sync and when new statement lines arrive */
  subscribe?: (l: EventListener) => () => void;
};

const ST = 'account.bank.statement.line';
const statementLineCreateKind = statementLineCreateIntent.kind;
const OPEN_STATES = "('pending','applying','applied','conflict')";
const cents = (x: number) => Math.round(x * 100);

type Filters = { journalId?: number; dateFrom?: string; dateTo?: string; amountMin?: number; amountMax?: number; minConfidence?: number; maxConfidence?: number; lineIds?: number[] };

/** A proposal with what the host adds: the rule behind it, and whether the user rejected it. */
type HostProposal = Proposal & { ruleId?: number; rejected?: boolean; taxId?: number; label?: string };

type Computed = { lines: LineProposals[]; byLine: Map<number, HostProposal[]>; inputs: Map<number, StatementLineInput>; input: MatchingInput };

/** The key a rejection is remembered by: the items (sorted) and the partner, or the write-off account. */
const proposalKey = (p: Pick<Proposal, 'moveLineIds' | 'partnerId' | 'writeOff'>): string =>
  p.moveLineIds.length ? `i${[...p.moveLineIds].sort((a, b) => a - b).join(',')}` : p.writeOff?.accountId !== undefined ? `a${p.writeOff.accountId}` : `p${p.partnerId ?? ''}`;

const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 1000) / 10}%`);

/**
 * Statement import, matching proposals, decisions (accept, manual split with write-off, reject), the
 * decision log with measured band precision and auto-accept, learned rules, and the balance check. Every
 * change to Odoo goes through the outbox.
 */
export function createReconcilePart(o: ReconcilePartOptions) {
  const db = o.db;
  const outbox = createOutboxRepo(db);
  const cache = createCacheRepo(db);
  const views = createCacheViews(db);
  const store = createReconcileStore(db, () => o.connectionId() ?? '');

  const knownImportIds = (): Set<string> => {
    const ids = new Set<string>();
    for (const r of db.prepare<[], { u: string | null }>(`SELECT json_extract(data, '$.unique_import_id') AS u FROM cache_records WHERE model = '${ST}'`).all()) {
      if (r.u) ids.add(r.u);
    }
    for (const r of db
      .prepare<[string], { u: string | null }>(`SELECT json_extract(payload, '$.uniqueImportId') AS u FROM outbox WHERE kind = ? AND state IN ${OPEN_STATES}`)
      .all(statementLineCreateKind)) {
      if (r.u) ids.add(r.u);
    }
    return ids;
  };

  /** statement lines with a reconciliation queued or being sent (not proposed nor accepted again) */
  const queuedLines = (): Set<number> =>
    new Set(
      db
        .prepare<[string], { id: number }>(`SELECT json_extract(payload, '$.statementLineId') AS id FROM outbox WHERE kind = ? AND state IN ('pending','applying')`)
        .all(reconcileIntent.kind)
        .map((r) => r.id),
    );

  // ───────────── statements ─────────────

  const isTabular = (bytes: Buffer, fileName: string): boolean => {
    try {
      const f = detectFormat(bytes, fileName).format;
      return f === 'csv' || f === 'xlsx';
    } catch {
      return false;
    }
  };

  type Parsed = { file: ParsedStatementFile | null; mapping?: { suggested: CsvMapping; remembered: boolean; columns: string[]; sample: string[][] }; needsMapping: boolean };

  function parse(fileName: string, contentBase64: string, journalId: number | undefined, given: CsvMappingInput | undefined): Parsed {
    const bytes = Buffer.from(contentBase64, 'base64');
    if (!isTabular(bytes, fileName)) return { file: parseStatement({ bytes, fileName }), needsMapping: false };
    const s = suggestCsvMapping(bytes);
    const remembered = journalId !== undefined ? store.pref<CsvMapping>(`csv-mapping:journal:${journalId}`) : undefined;
    const mapping = (given as CsvMapping | undefined) ?? remembered ?? s.mapping;
    const info = { suggested: remembered ?? s.mapping, remembered: remembered !== undefined, columns: s.header, sample: s.preview.slice(0, 10) };
    const confident = given !== undefined || remembered !== undefined || (s.confidence >= 0.8 && s.ambiguities.length === 0);
    if (!confident) return { file: null, mapping: info, needsMapping: true };
    try {
      return { file: parseStatement({ bytes, fileName, csvMapping: mapping }), mapping: info, needsMapping: false };
    } catch (e) {
      // a guessed mapping that does not read the file: ask, rather than fail
      if (given === undefined && remembered === undefined) return { file: null, mapping: info, needsMapping: true };
      throw e;
    }
  }

  function matchJournal(file: ParsedStatementFile, given: number | undefined): { journalId: number; match: 'given' | 'account' } {
    const journals = views.bankJournals();
    if (given !== undefined) {
      if (!journals.some((j) => j.id === given)) throw new AppError('contract/invalid-input', `Journal ${given} is not a bank journal of the active connection.`);
      return { journalId: given, match: 'given' };
    }
    const accounts = file.statements.flatMap((s) => [s.account.iban, s.account.number]).filter((a): a is string => Boolean(a)).map(normalizeAccount);
    const hit = journals.find((j) => j.acc && accounts.some((a) => a === normalizeAccount(j.acc!) || (a.length >= 8 && normalizeAccount(j.acc!).endsWith(a))));
    if (hit) return { journalId: hit.id, match: 'account' };
    throw new AppError('statements/unknown-account', `The account ${accounts[0] ?? '(none in the file)'} matches no bank journal: choose the journal to import into.`, {
      accounts,
      journals: journals.map((j) => ({ id: j.id, name: j.name, account: j.acc })),
    });
  }

  const currencyId = (code: string | undefined): number | undefined =>
    code
      ? db.prepare<[string], { id: number }>(`SELECT id FROM cache_records WHERE model = 'res.currency' AND json_extract(data, '$.name') = ?`).get(code)?.id
      : undefined;

  // ───────────── proposals ─────────────

  /** An expense account for write-offs the matching engine proposes without one (bank fees). */
  const fallbackWriteOffAccount = (): number | undefined =>
    db
      .prepare<[], { id: number }>(
        `SELECT id FROM cache_records WHERE model = 'account.account' AND json_extract(data, '$.account_type') = 'expense'
          ORDER BY (lower(json_extract(data, '$.name')) LIKE '%bank%') DESC, (lower(json_extract(data, '$.name')) LIKE '%fee%' OR lower(json_extract(data, '$.name')) LIKE '%charge%') DESC, id LIMIT 1`,
      )
      .get()?.id;

  const ruleConfidence = (r: RuleRow): number => (r.backtest.correct + 1) / (r.backtest.matched + 2);
  const ruleText = (r: RuleRow): string => {
    const target = r.kind === 'label-partner' ? (views.name('res.partner', r.partnerId ?? undefined) ?? `partner ${r.partnerId}`) : `${views.name('account.account', r.accountId ?? undefined) ?? `account ${r.accountId}`}${r.taxId ? ` with ${views.name('account.tax', r.taxId) ?? `tax ${r.taxId}`}` : ''}`;
    return `rule #${r.id}: label contains '${r.pattern}' → ${target} (precision ${pct(r.backtest.precision)} on ${r.backtest.matched} lines)`;
  };

  /** Exchange difference accounts: by name, as charts of accounts name them (gain / loss on exchange). */
  const fxAccount = (kind: 'gain' | 'loss'): number | undefined =>
    db
      .prepare<[string, string], { id: number }>(
        `SELECT id FROM cache_records WHERE model = 'account.account' AND lower(json_extract(data, '$.name')) LIKE '%exchange%' AND json_extract(data, '$.account_type') IN (?, 'income', 'expense', 'income_other')
          ORDER BY (json_extract(data, '$.account_type') = ?) DESC, id LIMIT 1`,
      )
      .get(kind === 'gain' ? 'income_other' : 'expense', kind === 'gain' ? 'income_other' : 'expense')?.id;

  function journalSettings(): Record<number, JournalSettings> {
    const fee = fallbackWriteOffAccount();
    const gain = fxAccount('gain');
    const loss = fxAccount('loss');
    const tolerances = store.tolerances();
    const out: Record<number, JournalSettings> = {};
    for (const j of views.bankJournals()) {
      const s: JournalSettings = { ...(fee !== undefined ? { feeAccountId: fee } : {}), ...(gain !== undefined ? { fxGainAccountId: gain } : {}), ...(loss !== undefined ? { fxLossAccountId: loss } : {}) };
      const t = tolerances.get(j.id);
      if (t) s.amountTolerance = t.kind === 'percent' ? { percent: t.value } : { fixed: t.value };
      out[j.id] = s;
    }
    return out;
  }

  function compute(f: Filters, limit: number): Computed {
    const journalIds = f.journalId !== undefined ? [f.journalId] : undefined;
    const input = loadMatchingInput(db, { ...(journalIds ? { journalIds } : {}), journals: journalSettings() });
    const queued = queuedLines();
    const lineSet = f.lineIds ? new Set(f.lineIds) : undefined;
    input.lines = input.lines.filter(
      (l) =>
        !queued.has(l.id) &&
        (!lineSet || lineSet.has(l.id)) &&
        (f.dateFrom === undefined || l.date >= f.dateFrom) &&
        (f.dateTo === undefined || l.date <= f.dateTo) &&
        (f.amountMin === undefined || Math.abs(l.amount) >= f.amountMin) &&
        (f.amountMax === undefined || Math.abs(l.amount) <= f.amountMax),
    );
    // enabled rules: label → partner as learned mappings for the lines they fire on
    const rules = store.rules({ state: 'enabled' }).filter((r) => f.journalId === undefined || r.journalId === f.journalId);
    const tokens = new Map<number, string[]>();
    const firing = new Map<number, RuleRow[]>();
    if (rules.length) {
      const learned: LearnedMapping[] = [];
      for (const l of input.lines) {
        const t = labelTokens(`${l.label} ${l.partnerName ?? ''}`);
        tokens.set(l.id, t);
        for (const r of rules) {
          if (r.journalId !== l.journalId || !matchesPattern(t, r.pattern.split(' '))) continue;
          const list = firing.get(l.id) ?? [];
          list.push(r);
          firing.set(l.id, list);
          if (r.kind === 'label-partner' && r.partnerId !== null && l.label) learned.push({ key: l.label, partnerId: r.partnerId });
        }
      }
      if (learned.length) input.learned = learned;
    }
    const results = matchStatementLines(input);
    const rejected = store.rejectedKeys();
    const partnerNames = new Map<number, string>();
    for (const p of input.partners) partnerNames.set(p.id, p.name);
    const partnerName = (id: number | undefined) => (id === undefined ? undefined : partnerNames.get(id));
    const itemById = new Map<number, CandidateItem>(input.candidates.map((c) => [c.id, c]));
    const companyCur = input.companyCurrency;
    const journalNames = new Map(views.bankJournals().map((j) => [j.id, j.name]));
    const byLine = new Map<number, HostProposal[]>();
    const inputs = new Map<number, StatementLineInput>();
    const lines: LineProposals[] = [];
    results.forEach((r, i) => {
      const l = input.lines[i]!;
      inputs.set(l.id, l);
      let proposals: HostProposal[] = r.proposals.map((p) => ({ ...p }));
      for (const rule of firing.get(l.id) ?? []) {
        if (rule.kind === 'label-partner') {
          for (const p of proposals) {
            if (p.partnerId !== undefined && p.partnerId === rule.partnerId) {
              p.ruleId ??= rule.id;
              p.explanation = [ruleText(rule), ...p.explanation];
            }
          }
        } else if (rule.accountId !== null) {
          // the whole line on the rule's account (engine convention: the part of the line the items do not take, negative)
          const amount = -Math.abs(l.amountCompany ?? l.amount);
          proposals.push({
            moveLineIds: [], kind: 'full', confidence: ruleConfidence(rule), score: 0, explanation: [ruleText(rule)], ruleId: rule.id,
            writeOff: { amount, amountCents: cents(amount), accountId: rule.accountId, reason: 'rounding' }, label: rule.pattern,
            ...(rule.taxId !== null ? { taxId: rule.taxId } : {}),
          });
        }
      }
      proposals.sort((a, b) => b.confidence - a.confidence);
      // rejected proposals go last
      const rej = rejected.get(l.id);
      if (rej) {
        for (const p of proposals) if (rej.has(proposalKey(p))) p.rejected = true;
        proposals = [...proposals.filter((p) => !p.rejected), ...proposals.filter((p) => p.rejected)];
      }
      const best = proposals[0]?.confidence ?? 0;
      if (f.minConfidence !== undefined && best < f.minConfidence) return;
      if (f.maxConfidence !== undefined && best > f.maxConfidence) return;
      byLine.set(l.id, proposals);
      if (lines.length >= limit) return;
      const linePartner = partnerName(l.partnerId) ?? partnerName(proposals[0]?.partnerId);
      lines.push({
        statementLineId: l.id,
        journalId: l.journalId,
        ...(journalNames.get(l.journalId) ? { journalName: journalNames.get(l.journalId)! } : {}),
        date: l.date,
        amount: l.amount,
        currency: l.currency,
        label: l.label,
        ...(linePartner ? { partnerName: linePartner } : {}),
        ...(l.partnerName ? { counterpartyName: l.partnerName } : {}),
        ...(l.accountNumber ? { accountNumber: l.accountNumber } : {}),
        ...(l.foreignCurrency && l.amountCurrency !== undefined ? { foreignCurrency: l.foreignCurrency, amountCurrency: l.amountCurrency } : {}),
        proposals: proposals.map((p) => proposalView(p, itemById, partnerName, companyCur)),
      });
    });
    return { lines, byLine, inputs, input };
  }

  function proposalView(p: HostProposal, itemById: Map<number, CandidateItem>, partnerName: (id: number | undefined) => string | undefined, companyCur: string): ProposalView {
    const pn = partnerName(p.partnerId);
    const items: OpenItemView[] = p.moveLineIds.flatMap((id) => {
      const c = itemById.get(id);
      return c ? [views.itemView(c, partnerName, companyCur)] : [];
    });
    const w = p.writeOff;
    const accountId = w ? (w.accountId ?? fallbackWriteOffAccount()) : undefined;
    return {
      moveLineIds: p.moveLineIds,
      ...(p.partnerId !== undefined ? { partnerId: p.partnerId } : {}),
      ...(pn ? { partnerName: pn } : {}),
      ...(w
        ? {
            writeOff: {
              amount: w.amount,
              reason: p.ruleId !== undefined && p.moveLineIds.length === 0 ? 'rule' : w.reason,
              ...(accountId !== undefined ? { accountId, ...(views.name('account.account', accountId) ? { accountName: views.name('account.account', accountId)! } : {}) } : {}),
              ...(p.taxId !== undefined ? { taxId: p.taxId, ...(views.name('account.tax', p.taxId) ? { taxName: views.name('account.tax', p.taxId)! } : {}) } : {}),
              ...(p.label ? { label: p.label } : {}),
            },
          }
        : {}),
      kind: p.kind,
      confidence: p.confidence,
      explanation: p.explanation,
      ...(p.ruleId !== undefined ? { ruleId: p.ruleId } : {}),
      items,
      ...(p.rejected ? { rejected: true } : {}),
    };
  }

  // ───────────── decisions ─────────────

  /** The payload of a decision, with each item's residual and entry as the cache shows them now. */
  function reconcilePayload(line: StatementLineInput, p: HostProposal, input: MatchingInput): ReconcilePayload | null {
    const writeOffAccount = p.writeOff ? (p.writeOff.accountId ?? fallbackWriteOffAccount()) : undefined;
    if (p.moveLineIds.length === 0 && (!p.writeOff || writeOffAccount === undefined)) return null;
    const byId = new Map(input.candidates.map((c) => [c.id, c]));
    const items = p.moveLineIds.map((id) => {
      const c = byId.get(id);
      return { moveLineId: id, residual: c?.amountResidual ?? 0, ...(c?.moveId ? { moveId: c.moveId } : {}), currency: c?.currency, residualCurrency: c?.amountResidualCurrency };
    });
    // the engine's write-off is positive when the line pays less than the items; the write-off line's balance
    // carries the line's sign (a short incoming payment debits the expense, a short outgoing one credits)
    const lineSign = Math.sign(line.amountCompany ?? line.amount) || 1;
    const writeOffBalance = p.writeOff ? Math.round(p.writeOff.amount * lineSign * 100) / 100 : 0;
    const covered = (line.amountCompany ?? line.amount) + (p.writeOff && writeOffAccount !== undefined ? writeOffBalance : 0);
    const amounts = allocate(covered, items.map((i) => i.residual));
    const label = p.label ?? writeOffLabel(p.writeOff?.reason ?? 'rounding');
    return {
      statementLineId: line.id,
      ...(p.partnerId !== undefined ? { partnerId: p.partnerId } : {}),
      counterparts: items.map((i, k) => {
        const foreign = i.currency !== undefined && i.currency !== input.companyCurrency && i.residualCurrency !== undefined;
        const full = cents(amounts[k]!) === cents(i.residual);
        const cid = foreign ? currencyId(i.currency) : undefined;
        return {
          moveLineId: i.moveLineId,
          residual: i.residual,
          amount: amounts[k]!,
          ...(i.moveId !== undefined ? { moveId: i.moveId } : {}),
          // settled in full: its whole foreign residual; else in proportion
          ...(foreign && cid !== undefined ? { currencyId: cid, amountCurrency: full ? i.residualCurrency! : Math.round(((i.residualCurrency! * amounts[k]!) / (i.residual || 1)) * 100) / 100 } : {}),
        };
      }),
      ...(p.writeOff && writeOffAccount !== undefined ? { writeOff: { amount: writeOffBalance, accountId: writeOffAccount, label, ...(p.taxId !== undefined ? { taxId: p.taxId } : {}) } } : {}),
    };
  }

  function queuePayload(payload: ReconcilePayload, summary: string): number {
    return enqueueIntent(db, { kind: reconcileIntent.kind, payload, summary, connectionId: o.connectionId() }).id;
  }

  const detailOf = (p: HostProposal): DecisionDetail => ({
    moveLineIds: p.moveLineIds,
    ...(p.partnerId !== undefined ? { partnerId: p.partnerId } : {}),
    ...(p.writeOff ? { writeOff: { amount: p.writeOff.amount, reason: p.writeOff.reason, ...(p.writeOff.accountId !== undefined ? { accountId: p.writeOff.accountId } : {}), ...(p.taxId !== undefined ? { taxId: p.taxId } : {}) } } : {}),
    key: proposalKey(p),
  });

  function logDecision(line: StatementLineInput, proposals: HostProposal[], d: { action: 'accept' | 'reject'; mode: 'proposed' | 'alternative' | 'manual' | 'auto'; index: number | null; topCorrect: boolean; detail: DecisionDetail; outboxId: number | null }): void {
    store.addDecision({
      statementLineId: line.id, journalId: line.journalId, action: d.action, mode: d.mode, source: 'user', proposalIndex: d.index,
      confidence: proposals[0]?.confidence ?? 0, topCorrect: d.topCorrect, label: line.label, amount: line.amount, date: line.date,
      partnerId: d.detail.partnerId ?? line.partnerId ?? null, decision: d.detail, outboxId: d.outboxId,
    });
  }

  function acceptProposal(c: Computed, lineId: number, index: number, mode: 'proposed' | 'alternative' | 'auto'): number | null {
    const proposals = c.byLine.get(lineId);
    const line = c.inputs.get(lineId);
    const p = proposals?.[index];
    if (!proposals || !line || !p) return null;
    const payload = reconcilePayload(line, p, c.input);
    if (!payload) return null;
    const id = queuePayload(
      payload,
      `Reconcile bank line ${lineId} with ${p.moveLineIds.length} item(s)${p.writeOff ? ` and a ${p.ruleId !== undefined && p.moveLineIds.length === 0 ? `rule #${p.ruleId}` : p.writeOff.reason} write-off` : ''} (${Math.round(p.confidence * 100)}%${mode === 'auto' ? ', auto-accepted' : ''})`,
    );
    logDecision(line, proposals, { action: 'accept', mode, index, topCorrect: index === 0, detail: detailOf(p), outboxId: id });
    return id;
  }

  function manualPayload(c: Computed, lineId: number, m: NonNullable<Extract<Parameters<Handlers['reconcile:accept']>[0], { manual: unknown }>['manual']>): { payload: ReconcilePayload; line: StatementLineInput } {
    const line = c.inputs.get(lineId);
    if (!line) throw new AppError('app/not-found', `Bank statement line ${lineId} is not an open line in the cache.`);
    if (m.allocations.length === 0 && !m.writeOff) throw new AppError('contract/invalid-input', 'Allocate the line to at least one open item or book it on an account (write-off).');
    const byId = new Map(c.input.candidates.map((x) => [x.id, x]));
    const seen = new Set<number>();
    for (const a of m.allocations) {
      const item = byId.get(a.moveLineId);
      if (!item) throw new AppError('contract/invalid-input', `Journal item ${a.moveLineId} is not an open receivable, payable or outstanding payment in the cache.`, { moveLineId: a.moveLineId });
      if (seen.has(a.moveLineId)) throw new AppError('contract/invalid-input', `Journal item ${item.moveName} is allocated twice.`, { moveLineId: a.moveLineId });
      seen.add(a.moveLineId);
      if (cents(a.amount) === 0) throw new AppError('contract/invalid-input', `The allocation to ${item.moveName} is zero.`, { moveLineId: a.moveLineId });
      if (Math.sign(a.amount) !== Math.sign(item.amountResidual)) {
        throw new AppError('contract/invalid-input', `The allocation to ${item.moveName} (${a.amount.toFixed(2)}) has the wrong sign: its open residual is ${item.amountResidual.toFixed(2)}.`, { moveLineId: a.moveLineId });
      }
      if (Math.abs(cents(a.amount)) > Math.abs(cents(item.amountResidual))) {
        throw new AppError('contract/invalid-input', `The allocation to ${item.moveName} (${a.amount.toFixed(2)}) exceeds its open residual ${item.amountResidual.toFixed(2)}.`, { moveLineId: a.moveLineId });
      }
    }
    const w = m.writeOff;
    if (w) {
      if (cents(w.amount) === 0) throw new AppError('contract/invalid-input', 'The write-off amount is zero: leave the write-off out.');
      const acc = cache.get('account.account', w.accountId);
      if (!acc) throw new AppError('contract/invalid-input', `Account ${w.accountId} is not in the cache.`, { accountId: w.accountId });
      const jr = views.bankJournals().find((j) => j.id === line.journalId);
      if (jr && (w.accountId === jr.defaultAccountId || w.accountId === jr.suspenseAccountId)) throw new AppError('contract/invalid-input', 'The write-off cannot go to the bank journal’s own bank or suspense account.');
      if (w.taxId !== undefined && !cache.get('account.tax', w.taxId)) throw new AppError('contract/invalid-input', `Tax ${w.taxId} is not in the cache.`, { taxId: w.taxId });
    }
    if (m.partnerId !== undefined && !cache.get('res.partner', m.partnerId)) throw new AppError('contract/invalid-input', `Partner ${m.partnerId} is not in the cache.`, { partnerId: m.partnerId });
    const lineAmount = line.amountCompany ?? line.amount;
    const total = m.allocations.reduce((s, a) => s + cents(a.amount), 0) + (w ? cents(w.amount) : 0);
    if (Math.abs(total - cents(lineAmount)) > 0) {
      throw new AppError(
        'contract/invalid-input',
        `Allocations${w ? ' and write-off' : ''} add up to ${(total / 100).toFixed(2)}, the line is ${lineAmount.toFixed(2)}: ${((cents(lineAmount) - total) / 100).toFixed(2)} left to allocate.`,
        { total: total / 100, lineAmount },
      );
    }
    const partner = m.partnerId ?? byId.get(m.allocations[0]?.moveLineId ?? -1)?.partnerId;
    const payload: ReconcilePayload = {
      statementLineId: line.id,
      ...(partner !== undefined ? { partnerId: partner } : {}),
      counterparts: m.allocations.map((a) => {
        const item = byId.get(a.moveLineId)!;
        const foreign = item.currency !== c.input.companyCurrency;
        const cid = foreign ? currencyId(item.currency) : undefined;
        const full = cents(a.amount) === cents(item.amountResidual);
        return {
          moveLineId: a.moveLineId, amount: a.amount, residual: item.amountResidual, ...(item.moveId ? { moveId: item.moveId } : {}),
          ...(cid !== undefined ? { currencyId: cid, amountCurrency: full ? item.amountResidualCurrency : Math.round(((item.amountResidualCurrency * a.amount) / item.amountResidual) * 100) / 100 } : {}),
        };
      }),
      // the write-off line's balance is the opposite of the part of the bank line it takes
      ...(w ? { writeOff: { amount: -w.amount, accountId: w.accountId, label: w.label?.trim() || 'Write-off', ...(w.taxId !== undefined ? { taxId: w.taxId } : {}) } } : {}),
    };
    return { payload, line };
  }

  // ───────────── history, bands, auto-accept ─────────────

  let historyCache: { key: string; lines: HistoryLine[] } | null = null;
  const historyKey = () =>
    String(db.prepare<[], { n: number; w: string | null }>(`SELECT count(*) AS n, max(synced_at) AS w FROM cache_records WHERE model IN ('${ST}', 'account.move.line')`).get()?.w ?? '') +
    String(db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM cache_records WHERE model = '${ST}'`).get()?.n ?? 0);
  function history(): HistoryLine[] {
    const key = historyKey();
    if (historyCache?.key !== key) historyCache = { key, lines: readHistory(db) };
    return historyCache.lines;
  }

  let seeding = false;
  /** One month of history per step, its decisions stored in one transaction; returns how many lines were learned. */
  function* seedSteps(): Generator<number, number, void> {
    const decided = store.decidedLineIds();
    const all = history();
    const todo = all.filter((h) => !decided.has(h.id));
    if (todo.length === 0) return 0;
    const input = loadMatchingInput(db, { journals: journalSettings() });
    const company = input.companyCurrency;
    const journals = new Map(views.bankJournals().map((j) => [j.id, j.currency ?? company]));
    const base = historyItems(db, all, input.candidates, company);
    // month by month: the items as they were then (not yet issued ones left out, later settlements added back)
    const months = [...new Set(todo.map((h) => h.date.slice(0, 7)))].sort();
    // the partner index does not change from month to month: built once
    const prep0 = prepareMatching({ ...input, candidates: [], lines: [] });
    for (const m of months) {
      const lines = todo.filter((h) => h.date.slice(0, 7) === m);
      const asOf = `${m}-01`;
      const until = lines.reduce((mx, h) => (h.date > mx ? h.date : mx), asOf);
      const candidates = candidatesAsOf(base, all, input.candidates, asOf, until, company);
      const monthInput: MatchingInput = { ...input, candidates, lines: lines.map((h) => ({ ...h.line, currency: journals.get(h.journalId) ?? company })) };
      const prep = { ...prep0, input: monthInput, index: buildCandidateIndex(candidates, company, prep0.partners.commercialOf) };
      const results: LineResult[] = monthInput.lines.map((l) => matchLine(prep, l));
      db.transaction(() => {
        results.forEach((r, i) => {
          const h = lines[i]!;
          const top = r.proposals[0];
          const want = new Set(h.items.map((x) => x.id));
          const correct =
            h.items.length > 0
              ? top !== undefined && top.moveLineIds.length === want.size && top.moveLineIds.every((id) => want.has(id))
              : h.target.kind === 'items'
                ? top === undefined || top.moveLineIds.length === 0
                : top === undefined || (top.moveLineIds.length === 0 && top.partnerId === undefined);
          store.addDecision({
            statementLineId: h.id, journalId: h.journalId, action: 'accept', mode: 'history', source: 'history', proposalIndex: null, confidence: top?.confidence ?? 0,
            topCorrect: correct, label: h.label, amount: h.amount, date: h.date, partnerId: h.target.kind === 'items' ? (h.target.partnerId ?? null) : null,
            decision: h.target.kind === 'items' ? { moveLineIds: h.items.map((x) => x.id), ...(h.target.partnerId !== undefined ? { partnerId: h.target.partnerId } : {}) } : { moveLineIds: [], writeOff: { accountId: h.target.accountId, amount: -h.amount, ...(h.target.taxId !== undefined ? { taxId: h.target.taxId } : {}) } },
            outboxId: null,
          });
        });
      })();
      yield lines.length;
    }
    o.logger.info('reconciliation decisions learned from history', { lines: todo.length });
    return todo.length;
  }

  /**
   * Decisions learned from the reconciled history: the engine's proposal for each reconciled line (its
   * items restored to their residual before it, month by month) against what Odoo shows. Stored once per line.
   */
  function seedHistory(): number {
    if (seeding) return 0;
    seeding = true;
    try {
      const it = seedSteps();
      for (;;) {
        const r = it.next();
        if (r.done) return r.value;
      }
    } finally {
      seeding = false;
    }
  }

  /** The same in the background: the event loop is given back between months (the host keeps answering). */
  async function seedHistoryInBackground(): Promise<number> {
    if (seeding) return 0;
    seeding = true;
    let n = 0;
    try {
      const it = seedSteps();
      for (;;) {
        const r = it.next();
        if (r.done) return n;
        n += r.value;
        await new Promise((res) => setImmediate(res));
      }
    } finally {
      seeding = false;
    }
  }

  /** Band decisions per journal: the latest reviewed decision per line (auto-accepts and rejects of alternatives say nothing of the top proposal). */
  function bandDecisions(journalId: number): BandDecision[] {
    const latest = new Map<number, BandDecision>();
    for (const d of store.decisions({ journalId })) {
      if (d.mode === 'auto') continue;
      if (d.action === 'reject' && d.proposalIndex !== 0) continue;
      latest.set(d.statementLineId, { confidence: d.confidence ?? 0, correct: d.topCorrect, source: d.source });
    }
    return [...latest.values()];
  }

  function bandsFor(journalId: number | undefined): JournalBands[] {
    seedHistory();
    const journals = views.bankJournals().filter((j) => journalId === undefined || j.id === journalId);
    const c = compute(journalId !== undefined ? { journalId } : {}, 0);
    const open = new Map<number, number[]>();
    for (const [lineId, ps] of c.byLine) {
      const l = c.inputs.get(lineId);
      if (!l) continue;
      const list = open.get(l.journalId) ?? [];
      list.push(ps[0]?.confidence ?? 0);
      open.set(l.journalId, list);
    }
    return journals.map((j) => ({ journalId: j.id, journalName: j.name, autoAcceptMin: store.autoAcceptMin(j.id), bands: computeBands(bandDecisions(j.id), open.get(j.id) ?? []) }));
  }

  /** Accepts, per journal with a threshold, every open line whose best proposal (not partner-only) reaches it. */
  function runAutoAccept(journalIds?: number[]): number[] {
    const thresholds = store.autoAcceptAll();
    const ids: number[] = [];
    for (const [journalId, min] of thresholds) {
      if (journalIds && !journalIds.includes(journalId)) continue;
      const c = compute({ journalId }, 0);
      db.transaction(() => {
        for (const [lineId, ps] of c.byLine) {
          const best = ps[0];
          if (!best || best.rejected || best.kind === 'partner-only' || best.confidence < min) continue;
          const id = acceptProposal(c, lineId, 0, 'auto');
          if (id !== null) ids.push(id);
        }
      })();
      if (ids.length) o.logger.info('auto-accepted reconciliations', { journalId, threshold: min, queued: ids.length });
    }
    if (ids.length) o.outboxChanged();
    return ids;
  }

  // after every finished sync, and when new statement lines reach the cache (a push of imported lines)
  let lastLineId = -1;
  const maxLineId = () => db.prepare<[], { m: number | null }>(`SELECT max(id) AS m FROM cache_records WHERE model = '${ST}'`).get()?.m ?? 0;
  let autoTimer: NodeJS.Timeout | null = null;
  let autoRunning = false;
  const scheduleAuto = (force: boolean) => {
    if (autoTimer) return;
    autoTimer = setTimeout(() => {
      autoTimer = null;
      if (autoRunning) return;
      const m = maxLineId();
      if (!force && m <= lastLineId) return;
      lastLineId = m;
      if (store.autoAcceptAll().size === 0) return;
      autoRunning = true;
      try {
        runAutoAccept();
      } catch (e) {
        o.logger.warn('auto-accept failed', { error: e instanceof Error ? e.message : String(e) });
      } finally {
        autoRunning = false;
      }
    }, 0);
    autoTimer.unref?.();
  };
  const unsubscribe = o.subscribe?.((event) => {
    if (event === 'sync:finished') {
      scheduleAuto(true);
      // learn from the reconciled history in the background, so the bands answer at once
      setTimeout(() => {
        seedHistoryInBackground().catch((e: unknown) => o.logger.warn('learning from history failed', { error: e instanceof Error ? e.message : String(e) }));
      }, 1000).unref?.();
    }
    else if (event === 'outbox:changed' && !autoRunning) scheduleAuto(false);
  });
  lastLineId = maxLineId();

  // ───────────── rules ─────────────

  function ruleView(r: RuleRow): RuleView {
    const partnerName = views.name('res.partner', r.partnerId ?? undefined);
    const accountName = views.name('account.account', r.accountId ?? undefined);
    const taxName = views.name('account.tax', r.taxId ?? undefined);
    return {
      id: r.id, journalId: r.journalId, kind: r.kind, pattern: r.pattern, patternKind: r.patternKind,
      ...(r.partnerId !== null ? { partnerId: r.partnerId } : {}), ...(partnerName ? { partnerName } : {}),
      ...(r.accountId !== null ? { accountId: r.accountId } : {}), ...(accountName ? { accountName } : {}),
      ...(r.taxId !== null ? { taxId: r.taxId } : {}), ...(taxName ? { taxName } : {}),
      ...(r.tolerance ? { tolerance: r.tolerance } : {}),
      support: r.support, backtest: r.backtest, state: r.state,
      ...(r.exportedAt ? { exportedAt: r.exportedAt } : {}), ...(r.odooId !== null ? { odooId: r.odooId } : {}),
      description: ruleText(r),
    };
  }

  /** Odoo ids of exported rules, once their outbox item applied. */
  function refreshExports(): void {
    for (const r of store.rules()) {
      if (r.outboxId === null || r.odooId !== null) continue;
      const item = outbox.get(r.outboxId);
      const res = item?.result as { reconcileModelId?: unknown } | null | undefined;
      if (item?.state === 'applied' && typeof res?.reconcileModelId === 'number') store.setRuleOdooId(r.id, res.reconcileModelId);
    }
  }

  /** The decided lines of a journal: the reconciled history plus the user's queued decisions not yet back from Odoo. */
  function decidedLines(journalId: number): DecidedLine[] {
    const hist = history().filter((h) => h.journalId === journalId);
    const have = new Set(hist.map((h) => h.id));
    const out: DecidedLine[] = hist.map(({ id, journalId: j, date, amount, label, partnerName, target }) => ({ id, journalId: j, date, amount, label, ...(partnerName ? { partnerName } : {}), target }));
    for (const d of store.decisions({ journalId, source: 'user' })) {
      if (d.action !== 'accept' || have.has(d.statementLineId)) continue;
      have.add(d.statementLineId);
      const w = d.decision.writeOff;
      const target: DecidedLine['target'] =
        (d.decision.moveLineIds?.length ?? 0) > 0
          ? { kind: 'items', ...(d.decision.partnerId !== undefined ? { partnerId: d.decision.partnerId } : {}) }
          : w?.accountId !== undefined
            ? { kind: 'account', accountId: w.accountId, ...(w.taxId !== undefined ? { taxId: w.taxId } : {}) }
            : { kind: 'items' };
      out.push({ id: d.statementLineId, journalId, date: d.date ?? '', amount: d.amount, label: d.label, target });
    }
    return out;
  }

  function mine(journalId: number): { created: number; updated: number; rules: RuleView[] } {
    const lines = decidedLines(journalId);
    const tolerance = mineTolerance(lines);
    const tokenCache = new Map<number, string[]>();
    let created = 0;
    let updated = 0;
    db.transaction(() => {
      for (const kind of ['label-account', 'label-partner'] as const) {
        for (const c of mineRules(lines, kind)) {
          const backtest = backtestRule(c, lines, tokenCache);
          const r = store.upsertRule({
            journalId, kind, pattern: c.pattern, patternKind: 'contains', partnerId: c.partnerId ?? null, accountId: c.accountId ?? null, taxId: c.taxId ?? null,
            tolerance: kind === 'label-partner' ? (tolerance ?? null) : null, support: c.support, backtest,
          });
          if (r.created) created++;
          else updated++;
        }
      }
      if (tolerance) store.setTolerance(journalId, tolerance);
    })();
    o.logger.info('reconciliation rules mined', { journalId, lines: lines.length, created, updated });
    return { created, updated, rules: store.rules({ journalId }).map(ruleView) };
  }

  // ───────────── balance ─────────────

  function balances(journalId: number | undefined) {
    const company = views.companyCurrency();
    return views
      .bankJournals()
      .filter((j) => journalId === undefined || j.id === journalId)
      .map((j) => {
        const foreign = j.currency !== null && j.currency !== company;
        const lines = db
          .prepare<[number], { date: string; amount: number }>(
            `SELECT json_extract(data, '$.date') AS date, coalesce(json_extract(data, '$.amount'), 0) AS amount FROM cache_records
              WHERE model = '${ST}' AND ${views.m2oSql('cache_records', 'journal_id')} = ? ORDER BY json_extract(data, '$.date'), id`,
          )
          .all(j.id);
        const first = lines[0]?.date;
        // the books: the journal's bank account (amount_currency for a foreign-currency journal)
        const field = foreign ? 'amount_currency' : 'balance';
        // one liquidity line per statement entry: lines the cache still holds from an entry Odoo rewrote
        // (a statement line's partner written regenerates its lines) are dropped, the newest kept
        type BookLine = { id: number; move: number | null; st: number | null; date: string | null; v: number | null };
        const bookLines =
          j.defaultAccountId === null
            ? []
            : db
                .prepare<[number], BookLine>(
                  `SELECT id, ${views.m2oSql('cache_records', 'move_id')} AS move, ${views.m2oSql('cache_records', 'statement_line_id')} AS st, json_extract(data, '$.date') AS date,
                          coalesce(json_extract(data, '$.${field}'), 0) AS v FROM cache_records
                    WHERE model = 'account.move.line' AND ${views.m2oSql('cache_records', 'account_id')} = ? AND coalesce(json_extract(data, '$.parent_state'), 'posted') = 'posted'`,
                )
                .all(j.defaultAccountId);
        const newest = new Map<number, number>();
        for (const b of bookLines) if (b.st !== null && b.move !== null) newest.set(b.move, Math.max(newest.get(b.move) ?? 0, b.id));
        const live = bookLines.filter((b) => b.st === null || b.move === null || newest.get(b.move) === b.id);
        const sum = (xs: BookLine[]) => Math.round(xs.reduce((s, b) => s + Math.round((b.v ?? 0) * 100), 0)) / 100;
        const opening = first !== undefined ? sum(live.filter((b) => b.date !== null && b.date < first)) : 0;
        const all = j.defaultAccountId === null ? null : { s: sum(live), n: live.length };
        const declared = [
          ...store.declaredBalances(j.id).flatMap((b) => (b.dateTo && b.closing !== null ? [{ date: b.dateTo, amount: b.closing }] : [])),
          ...db
            .prepare<[number], { date: string | null; amount: number | null }>(
              `SELECT json_extract(data, '$.date') AS date, json_extract(data, '$.balance_end_real') AS amount FROM cache_records WHERE model = 'account.bank.statement' AND ${views.m2oSql('cache_records', 'journal_id')} = ?`,
            )
            .all(j.id)
            .flatMap((b) => (b.date && typeof b.amount === 'number' ? [{ date: b.date, amount: b.amount }] : [])),
        ];
        const periods = periodBalances(lines, declared, opening);
        const cacheBalance = Math.round((opening + lines.reduce((s, l) => s + l.amount, 0)) * 100) / 100;
        const odooBalance = all && all.n > 0 ? Math.round((all.s ?? 0) * 100) / 100 : null;
        return {
          journalId: j.id, journalName: j.name, currency: j.currency ?? company, periods, cacheBalance, odooBalance,
          agrees: odooBalance === null ? null : cents(odooBalance) === cents(cacheBalance),
        };
      });
  }

  // ───────────── handlers ─────────────

  const handlers: Pick<Handlers, ReconcileCallName> = {
    'statements:preview': (i) => {
      const parsed = parse(i.fileName, i.contentBase64, i.journalId, i.csvMapping);
      if (!parsed.file) {
        return { format: 'csv', statements: [], journalId: i.journalId ?? null, journalMatch: i.journalId !== undefined ? ('given' as const) : null, lineCount: 0, duplicates: 0, warnings: [], ...(parsed.mapping ? { mapping: parsed.mapping } : {}), needsMapping: true };
      }
      let file = parsed.file;
      const { journalId, match } = matchJournal(file, i.journalId);
      let mapping = parsed.mapping;
      // found the journal by the account: its remembered mapping reads the file as last time
      if (mapping && i.journalId === undefined && !i.csvMapping) {
        const again = parse(i.fileName, i.contentBase64, journalId, undefined);
        if (again.file) {
          file = again.file;
          mapping = again.mapping;
        }
      }
      const known = knownImportIds();
      let duplicates = 0;
      let lineCount = 0;
      const statements = file.statements.map((s) => ({
        account: {
          ...(s.account.iban ? { iban: s.account.iban } : {}),
          ...(s.account.number ? { number: s.account.number } : {}),
          ...(s.account.currency ? { currency: s.account.currency } : {}),
          ...(s.account.name ? { name: s.account.name } : {}),
        },
        ...(s.statementId ? { statementId: s.statementId } : {}),
        ...(s.openingBalance ? { openingBalance: s.openingBalance.amount } : {}),
        ...(s.closingBalance ? { closingBalance: s.closingBalance.amount } : {}),
        lines: s.lines
          .filter((l) => !l.pending)
          .map((l) => {
            const duplicate = known.has(l.uniqueId);
            lineCount++;
            if (duplicate) duplicates++;
            return {
              date: l.date,
              amount: l.amount,
              currency: l.currency,
              label: l.label,
              ...(l.partnerName ? { partnerName: l.partnerName } : {}),
              ...(l.partnerAccount ? { partnerAccount: l.partnerAccount } : {}),
              uniqueId: l.uniqueId,
              duplicate,
            };
          }),
      }));
      return { format: file.format, statements, journalId, journalMatch: match, lineCount, duplicates, warnings: file.warnings, ...(mapping ? { mapping } : {}), needsMapping: false };
    },
    'statements:import': (i) => {
      const parsed = parse(i.fileName, i.contentBase64, i.journalId, i.csvMapping);
      if (!parsed.file) throw new AppError('statements/mapping-required', 'The columns of this file could not be recognised with confidence: choose the column mapping first.', { columns: parsed.mapping?.columns ?? [] });
      const file = parsed.file;
      const { journalId } = matchJournal(file, i.journalId);
      const outboxIds: number[] = [];
      let duplicates = 0;
      db.transaction(() => {
        const known = knownImportIds();
        for (const s of file.statements) {
          const booked = s.lines.filter((l) => !l.pending);
          if (s.closingBalance && booked.length) {
            const dates = booked.map((l) => l.date).sort();
            store.addDeclaredBalance({
              journalId, statementRef: s.statementId ?? `${i.fileName}`, dateFrom: dates[0] ?? null, dateTo: s.closingBalance.date ?? dates[dates.length - 1] ?? null,
              opening: s.openingBalance?.amount ?? null, closing: s.closingBalance.amount,
            });
          }
          for (const l of booked) {
            if (known.has(l.uniqueId)) {
              duplicates++;
              continue;
            }
            known.add(l.uniqueId);
            const foreign = l.foreignCurrency && l.foreignAmount !== undefined ? currencyId(l.foreignCurrency) : undefined;
            const row = enqueueIntent(db, {
              kind: statementLineCreateKind,
              payload: {
                journalId,
                date: l.date,
                amount: l.amount,
                paymentRef: l.label || l.reference || '/',
                ...(l.partnerName ? { partnerName: l.partnerName } : {}),
                ...(l.partnerAccount ? { accountNumber: l.partnerAccount } : {}),
                uniqueImportId: l.uniqueId,
                ...(foreign !== undefined ? { foreignCurrencyId: foreign, amountCurrency: l.foreignAmount } : {}),
                ...(l.transactionType ? { transactionType: l.transactionType } : {}),
              },
              summary: `Import bank line ${l.date} ${l.amount.toFixed(2)} ${l.currency} “${l.label.slice(0, 60)}”`,
              connectionId: o.connectionId(),
            });
            outboxIds.push(row.id);
          }
        }
        // a mapping that read the file is remembered for this bank journal
        if (parsed.mapping && (i.csvMapping || !parsed.mapping.remembered)) store.setPref(`csv-mapping:journal:${journalId}`, i.csvMapping ?? parsed.mapping.suggested);
      })();
      if (outboxIds.length) o.outboxChanged();
      return { imported: outboxIds.length, duplicates, statementLineIds: [], outboxIds };
    },
    'statements:balance': (i) => ({ journals: balances(i.journalId) }),
    'reconcile:propose': (i) => {
      const { limit, ...f } = i;
      return { lines: compute(f, limit).lines };
    },
    'reconcile:accept': (i) => {
      const queued = queuedLines();
      const outboxIds: number[] = [];
      let skipped = 0;
      if ('manual' in i) {
        if (queued.has(i.statementLineId)) throw new AppError('contract/invalid-input', `Bank statement line ${i.statementLineId} already has a reconciliation queued: undo it first.`);
        const c = compute({ lineIds: [i.statementLineId] }, 1);
        const { payload, line } = manualPayload(c, i.statementLineId, i.manual);
        const proposals = c.byLine.get(i.statementLineId) ?? [];
        const ids = i.manual.allocations.map((a) => a.moveLineId).sort((a, b) => a - b);
        const top = proposals[0];
        const sameAsTop = top !== undefined && top.moveLineIds.length === ids.length && [...top.moveLineIds].sort((a, b) => a - b).every((x, k) => x === ids[k]);
        db.transaction(() => {
          const id = queuePayload(payload, `Reconcile bank line ${i.statementLineId} by hand: ${payload.counterparts.length} item(s)${payload.writeOff ? ` and a write-off of ${(-payload.writeOff.amount).toFixed(2)}` : ''}`);
          outboxIds.push(id);
          logDecision(line, proposals, {
            action: 'accept', mode: 'manual', index: null, topCorrect: sameAsTop,
            detail: { moveLineIds: ids, ...(payload.partnerId ? { partnerId: payload.partnerId } : {}), ...(i.manual.writeOff ? { writeOff: { amount: payload.writeOff!.amount, accountId: i.manual.writeOff.accountId, ...(i.manual.writeOff.taxId !== undefined ? { taxId: i.manual.writeOff.taxId } : {}) } } : {}) },
            outboxId: id,
          });
        })();
      } else if ('statementLineId' in i) {
        if (queued.has(i.statementLineId)) return { queued: 0, skipped: 1, outboxIds };
        const c = compute({ lineIds: [i.statementLineId] }, 1);
        const proposals = c.byLine.get(i.statementLineId);
        if (!proposals) throw new AppError('app/not-found', `Bank statement line ${i.statementLineId} is not an open line in the cache.`);
        if (!proposals[i.proposalIndex]) throw new AppError('contract/invalid-input', `Bank statement line ${i.statementLineId} has ${proposals.length} proposal(s); there is no proposal ${i.proposalIndex}.`);
        const id = db.transaction(() => acceptProposal(c, i.statementLineId, i.proposalIndex, i.proposalIndex === 0 ? 'proposed' : 'alternative'))();
        if (id === null) throw new AppError('contract/invalid-input', 'This proposal only names a partner; there is nothing to reconcile.');
        outboxIds.push(id);
      } else {
        const c = compute(i.journalId !== undefined ? { journalId: i.journalId } : {}, 0);
        db.transaction(() => {
          for (const [lineId, proposals] of c.byLine) {
            const best = proposals[0];
            if (!best || best.rejected || best.confidence < i.minConfidence || best.kind === 'partner-only') {
              skipped++;
              continue;
            }
            const id = acceptProposal(c, lineId, 0, 'proposed');
            if (id === null) skipped++;
            else outboxIds.push(id);
          }
        })();
      }
      if (outboxIds.length) o.outboxChanged();
      return { queued: outboxIds.length, skipped, outboxIds };
    },
    'reconcile:reject': (i) => {
      const c = compute({ lineIds: [i.statementLineId] }, 1);
      const proposals = c.byLine.get(i.statementLineId);
      const line = c.inputs.get(i.statementLineId);
      if (!proposals || !line) throw new AppError('app/not-found', `Bank statement line ${i.statementLineId} is not an open line in the cache.`);
      const p = proposals[i.proposalIndex];
      if (!p) throw new AppError('contract/invalid-input', `Bank statement line ${i.statementLineId} has ${proposals.length} proposal(s); there is no proposal ${i.proposalIndex}.`);
      logDecision(line, proposals, { action: 'reject', mode: i.proposalIndex === 0 ? 'proposed' : 'alternative', index: i.proposalIndex, topCorrect: false, detail: detailOf(p), outboxId: null });
      return { ok: true as const };
    },
    'reconcile:undo': (i) => {
      const r = outbox.get(i.outboxId);
      if (!r || r.kind !== reconcileIntent.kind) throw new AppError('app/not-found', `No reconciliation ${i.outboxId} in the outbox.`);
      if (r.state === 'pending' || r.state === 'failed' || r.state === 'conflict') {
        outbox.finish(r.id, 'discarded', { lastError: r.lastError, conflict: r.conflict });
        store.markUndone(r.id);
        o.outboxChanged();
        return { action: 'discarded' as const, outboxId: r.id };
      }
      if (r.state !== 'applied') throw new AppError('contract/invalid-input', `This reconciliation is ${r.state}; undo it once the push has finished.`);
      const p = r.payload as ReconcilePayload;
      const row = enqueueIntent(db, {
        kind: 'statement-line:unreconcile',
        payload: { statementLineId: p.statementLineId, moveLineIds: p.counterparts.map((c) => c.moveLineId) },
        summary: `Undo the reconciliation of bank line ${p.statementLineId}`,
        connectionId: o.connectionId(),
      });
      store.markUndone(r.id);
      o.outboxChanged();
      return { action: 'queued-undo' as const, outboxId: row.id };
    },
    'reconcile:search': (i) => {
      const input = loadMatchingInput(db, {});
      const partnerNames = new Map(input.partners.map((p) => [p.id, p.name]));
      const partnerName = (id: number | undefined) => (id === undefined ? undefined : partnerNames.get(id));
      const commercial = new Map(input.partners.map((p) => [p.id, p.commercialPartnerId ?? p.id]));
      let items = input.candidates;
      if (i.partnerId !== undefined) {
        const cp = commercial.get(i.partnerId) ?? i.partnerId;
        items = items.filter((c) => c.partnerId !== undefined && (commercial.get(c.partnerId) ?? c.partnerId) === cp);
      }
      if (i.amountMin !== undefined) items = items.filter((c) => Math.abs(c.amountResidual) >= i.amountMin!);
      if (i.amountMax !== undefined) items = items.filter((c) => Math.abs(c.amountResidual) <= i.amountMax!);
      let line: StatementLineInput | undefined;
      if (i.statementLineId !== undefined) {
        line = loadMatchingInput(db, {}).lines.find((l) => l.id === i.statementLineId);
        if (!line) throw new AppError('app/not-found', `Bank statement line ${i.statementLineId} is not an open line in the cache.`);
        const sign = Math.sign(line.amount);
        items = items.filter((c) => Math.sign(c.amountResidual) === sign || Math.sign(c.amountResidualCurrency) === sign);
      }
      const scores = new Map<number, number>(items.map((c) => [c.id, 0]));
      const q = i.query?.trim();
      if (q) {
        const asAmount = Number(q.replace(/\s/g, '').replace(/,(\d{1,2})$/, '.$1').replace(/,/g, ''));
        const docs = items.map((c) => ({ id: c.id, moveName: c.moveName, ref: c.ref ?? '', paymentReference: c.paymentReference ?? '', partner: partnerName(c.partnerId) ?? '' }));
        const fuse = new Fuse(docs, { keys: ['moveName', 'ref', 'paymentReference', 'partner'], includeScore: true, threshold: 0.4, ignoreLocation: true });
        const hits = new Map(fuse.search(q).map((h) => [h.item.id, 1 - (h.score ?? 1)]));
        for (const c of items) {
          const text = hits.get(c.id) ?? 0;
          const amount = Number.isFinite(asAmount) && asAmount !== 0 && (cents(Math.abs(c.amountResidual)) === cents(Math.abs(asAmount)) || cents(Math.abs(c.amountResidualCurrency)) === cents(Math.abs(asAmount))) ? 1 : 0;
          if (text === 0 && amount === 0) scores.delete(c.id);
          else scores.set(c.id, text + amount);
        }
      }
      if (line) {
        const target = Math.abs(line.amountCompany ?? line.amount);
        for (const c of items) {
          const s = scores.get(c.id);
          if (s === undefined) continue;
          const rel = Math.abs(Math.abs(c.amountResidual) - target) / Math.max(1, target);
          scores.set(c.id, s + Math.max(0, 1 - rel) * 0.8 + (line.partnerId !== undefined && c.partnerId === line.partnerId ? 0.3 : 0));
        }
      }
      const companyCur = input.companyCurrency;
      const ranked = items
        .filter((c) => scores.has(c.id))
        .sort((a, b) => (scores.get(b.id) ?? 0) - (scores.get(a.id) ?? 0) || a.date.localeCompare(b.date) || a.id - b.id)
        .slice(0, i.limit);
      return { items: ranked.map((c) => ({ ...views.itemView(c, partnerName, companyCur), score: Math.round((scores.get(c.id) ?? 0) * 1000) / 1000 })) };
    },
    'reconcile:bands': (i) => ({ journals: bandsFor(i.journalId) }),
    'reconcile:auto-accept-set': (i) => {
      if (!views.bankJournals().some((j) => j.id === i.journalId)) throw new AppError('contract/invalid-input', `Journal ${i.journalId} is not a bank journal of the active connection.`);
      store.setAutoAccept(i.journalId, i.minConfidence);
      o.logger.info('auto-accept threshold set', { journalId: i.journalId, minConfidence: i.minConfidence });
      if (i.minConfidence !== null) runAutoAccept([i.journalId]);
      return bandsFor(i.journalId)[0]!;
    },
    'reconcile:rules': (i) => {
      refreshExports();
      return { rules: store.rules(i.journalId !== undefined ? { journalId: i.journalId } : {}).map(ruleView) };
    },
    'reconcile:rules-mine': (i) => {
      if (!views.bankJournals().some((j) => j.id === i.journalId)) throw new AppError('contract/invalid-input', `Journal ${i.journalId} is not a bank journal of the active connection.`);
      return mine(i.journalId);
    },
    'reconcile:rule-set': (i) => {
      const r = store.rule(i.ruleId);
      if (!r) throw new AppError('app/not-found', `No learned rule ${i.ruleId}.`);
      store.setRuleState(r.id, i.enabled ? 'enabled' : 'disabled');
      return ruleView(store.rule(r.id)!);
    },
    'reconcile:rule-export': (i) => {
      const r = store.rule(i.ruleId);
      if (!r) throw new AppError('app/not-found', `No learned rule ${i.ruleId}.`);
      if (r.outboxId !== null) {
        const prev = outbox.get(r.outboxId);
        if (prev && prev.state !== 'discarded' && prev.state !== 'failed') return { outboxId: prev.id };
      }
      const regex = patternRegex(r.pattern);
      const row = enqueueIntent(db, {
        kind: reconcileModelCreateIntent.kind,
        payload: {
          ruleId: r.id,
          name: `Smart Odoo rule #${r.id}: ${r.pattern}`.slice(0, 200),
          ruleType: r.kind === 'label-account' ? 'writeoff_suggestion' : 'invoice_matching',
          journalId: r.journalId,
          matchLabel: 'match_regex',
          matchLabelParam: regex,
          ...(r.kind === 'label-partner' && r.partnerId !== null ? { partnerId: r.partnerId, partnerRegex: regex } : {}),
          ...(r.kind === 'label-account' && r.accountId !== null ? { accountId: r.accountId, lineLabel: r.pattern, ...(r.taxId !== null ? { taxId: r.taxId } : {}) } : {}),
          ...(r.tolerance ? { tolerance: r.tolerance } : {}),
        },
        summary: `Create reconciliation model “${r.pattern}” in Odoo (rule #${r.id})`,
        connectionId: o.connectionId(),
      });
      store.setRuleExport(r.id, row.id);
      o.outboxChanged();
      return { outboxId: row.id };
    },
    'reconcile:lookups': () => {
      type Row = { id: number; data: string };
      const accounts = db
        .prepare<[], Row>(`SELECT id, data FROM cache_records WHERE model = 'account.account' ORDER BY json_extract(data, '$.code'), id`)
        .all()
        .flatMap((r) => {
          const d = JSON.parse(r.data) as { code?: string; name?: string; account_type?: string; deprecated?: boolean };
          return d.deprecated ? [] : [{ id: r.id, code: d.code ?? '', name: d.name ?? '', accountType: d.account_type ?? '' }];
        });
      const taxes = db
        .prepare<[], Row>(`SELECT id, data FROM cache_records WHERE model = 'account.tax' AND active = 1 ORDER BY id`)
        .all()
        .map((r) => {
          const d = JSON.parse(r.data) as { name?: string; amount?: number; type_tax_use?: string; price_include?: boolean };
          return { id: r.id, name: d.name ?? `Tax ${r.id}`, amount: d.amount ?? 0, typeTaxUse: d.type_tax_use ?? 'none', ...(typeof d.price_include === 'boolean' ? { priceInclude: d.price_include } : {}) };
        });
      const journals = views.bankJournals().map((j) => ({ id: j.id, name: j.name, ...(j.acc ? { account: j.acc } : {}), ...(j.currency ? { currency: j.currency } : {}) }));
      return { journals, accounts, taxes };
    },
  };

  return { handlers, runAutoAccept, seedHistory, close: () => unsubscribe?.() };
}
export type ReconcilePart = ReturnType<typeof createReconcilePart>;

const writeOffLabel = (reason: string): string =>
  reason === 'bank-fee' ? 'Bank fees' : reason === 'fx' ? 'Exchange difference' : reason === 'discount' ? 'Payment discount' : 'Rounding difference';


