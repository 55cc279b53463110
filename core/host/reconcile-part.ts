import type Database from 'better-sqlite3';
import type { CallName, LineProposals } from '../contract';
import { loadMatchingInput, matchStatementLines, type JournalSettings, type Proposal } from '../engine/reconciliation/matching';
import { parseStatement, type ParsedStatementFile } from '../engine/reconciliation/statements';
import { AppError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { createCacheRepo } from '../sync/cache-repo';
import { allocate, reconcileIntent, type ReconcilePayload } from '../sync/intents/reconcile';
import { statementLineCreateIntent } from '../sync/intents/statement-create';
import { enqueueIntent } from '../sync/outbox';
import { createOutboxRepo } from '../sync/outbox-repo';
import type { Handlers } from './handlers';

type ReconcileCallName = Extract<CallName, `statements:${string}` | `reconcile:${string}`>;

export type ReconcilePartOptions = {
  db: Database.Database;
  logger: Logger;
  /** the connection queued changes belong to */
  connectionId: () => string | null;
  /** tells listeners the outbox changed */
  outboxChanged: () => void;
};

const ST = 'account.bank.statement.line';
const statementLineCreateKind = statementLineCreateIntent.kind;
const OPEN_STATES = "('pending','applying','applied','conflict')";

/** Account numbers compare without spaces, dashes and case (IBANs are printed in groups of four). */
export const normalizeAccount = (s: string): string => s.replace(/[\s\-./]/g, '').toUpperCase();

type JournalRow = { id: number; name: string; type: string | null; acc: string | null };

/**
 * Statement import, matching proposals and reconciliation decisions. Every change goes through the outbox:
 * imports become `statement-line:create`, decisions `statement-line:reconcile`; the push applies them once.
 */
export function createReconcilePart(o: ReconcilePartOptions) {
  const db = o.db;
  const outbox = createOutboxRepo(db);
  const cache = createCacheRepo(db);

  const bankJournals = (): JournalRow[] =>
    db
      .prepare<[], JournalRow>(
        `SELECT j.id, json_extract(j.data, '$.name') AS name, json_extract(j.data, '$.type') AS type, json_extract(b.data, '$.acc_number') AS acc
           FROM cache_records j
           LEFT JOIN cache_records b ON b.model = 'res.partner.bank'
             AND b.id = (CASE json_type(j.data, '$.bank_account_id') WHEN 'array' THEN json_extract(j.data, '$.bank_account_id[0]') WHEN 'integer' THEN json_extract(j.data, '$.bank_account_id') END)
          WHERE j.model = 'account.journal' AND json_extract(j.data, '$.type') IN ('bank', 'cash', 'credit')
          ORDER BY j.id`,
      )
      .all();

  /** unique_import_ids already in Odoo (cache) or on their way (queued, applying or applied) */
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

  function parse(fileName: string, contentBase64: string): ParsedStatementFile {
    return parseStatement({ bytes: Buffer.from(contentBase64, 'base64'), fileName });
  }

  function matchJournal(file: ParsedStatementFile, given: number | undefined): { journalId: number; match: 'given' | 'account' } {
    const journals = bankJournals();
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

  /** An expense account for write-offs the matching engine proposes without one (bank fees). */
  const fallbackWriteOffAccount = (): number | undefined =>
    db
      .prepare<[], { id: number }>(
        `SELECT id FROM cache_records WHERE model = 'account.account' AND json_extract(data, '$.account_type') = 'expense'
          ORDER BY (lower(json_extract(data, '$.name')) LIKE '%bank%') DESC, (lower(json_extract(data, '$.name')) LIKE '%fee%' OR lower(json_extract(data, '$.name')) LIKE '%charge%') DESC, id LIMIT 1`,
      )
      .get()?.id;

  function proposalsFor(journalId: number | undefined, limit: number): { lines: LineProposals[]; byLine: Map<number, Proposal[]> } {
    const fee = fallbackWriteOffAccount();
    const journals: Record<number, JournalSettings> = {};
    for (const j of bankJournals()) journals[j.id] = fee !== undefined ? { feeAccountId: fee } : {};
    const input = loadMatchingInput(db, { ...(journalId !== undefined ? { journalIds: [journalId] } : {}), journals });
    const queued = queuedLines();
    input.lines = input.lines.filter((l) => !queued.has(l.id)).slice(0, limit);
    const results = matchStatementLines(input);
    const byLine = new Map<number, Proposal[]>();
    const lines = results.map((r, i) => {
      const l = input.lines[i]!;
      byLine.set(r.statementLineId, r.proposals);
      return {
        statementLineId: r.statementLineId,
        date: l.date,
        amount: l.amount,
        label: l.label,
        proposals: r.proposals.map((p) => ({
          moveLineIds: p.moveLineIds,
          ...(p.partnerId !== undefined ? { partnerId: p.partnerId } : {}),
          ...(p.writeOff ? { writeOff: { amount: p.writeOff.amount, reason: p.writeOff.reason, ...(p.writeOff.accountId !== undefined ? { accountId: p.writeOff.accountId } : {}) } } : {}),
          kind: p.kind,
          confidence: p.confidence,
          explanation: p.explanation,
        })),
      };
    });
    return { lines, byLine };
  }

  /** The payload of a decision, with each item's residual and entry as the cache shows them now. */
  function reconcilePayload(statementLineId: number, p: Proposal): ReconcilePayload | null {
    if (p.moveLineIds.length === 0) return null;
    const st = cache.get(ST, statementLineId)?.data as { amount?: number } | undefined;
    const items = p.moveLineIds.map((id) => {
      const d = cache.get('account.move.line', id)?.data as { amount_residual?: number; move_id?: unknown } | undefined;
      const moveId = Array.isArray(d?.move_id) ? (d.move_id[0] as number) : typeof d?.move_id === 'number' ? d.move_id : undefined;
      return { moveLineId: id, residual: d?.amount_residual ?? 0, ...(moveId !== undefined ? { moveId } : {}) };
    });
    const writeOffAccount = p.writeOff ? (p.writeOff.accountId ?? fallbackWriteOffAccount()) : undefined;
    const covered = (st?.amount ?? 0) + (p.writeOff && writeOffAccount !== undefined ? p.writeOff.amount : 0);
    const amounts = allocate(covered, items.map((i) => i.residual));
    return {
      statementLineId,
      ...(p.partnerId !== undefined ? { partnerId: p.partnerId } : {}),
      counterparts: items.map((i, k) => ({ ...i, amount: amounts[k]! })),
      ...(p.writeOff && writeOffAccount !== undefined ? { writeOff: { amount: p.writeOff.amount, accountId: writeOffAccount, label: writeOffLabel(p.writeOff.reason) } } : {}),
    };
  }

  function queueReconcile(statementLineId: number, p: Proposal): number | null {
    const payload = reconcilePayload(statementLineId, p);
    if (!payload) return null;
    const row = enqueueIntent(db, {
      kind: reconcileIntent.kind,
      payload,
      summary: `Reconcile bank line ${statementLineId} with ${p.moveLineIds.length} item(s)${p.writeOff ? ` and a ${p.writeOff.reason} write-off` : ''} (${Math.round(p.confidence * 100)}%)`,
      connectionId: o.connectionId(),
    });
    return row.id;
  }

  const handlers: Pick<Handlers, ReconcileCallName> = {
    'statements:preview': (i) => {
      const file = parse(i.fileName, i.contentBase64);
      const { journalId, match } = matchJournal(file, i.journalId);
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
      return { format: file.format, statements, journalId, journalMatch: match, lineCount, duplicates, warnings: file.warnings };
    },
    'statements:import': (i) => {
      const file = parse(i.fileName, i.contentBase64);
      const { journalId } = matchJournal(file, i.journalId);
      const outboxIds: number[] = [];
      let duplicates = 0;
      db.transaction(() => {
        const known = knownImportIds();
        for (const s of file.statements) {
          for (const l of s.lines) {
            // not booked yet: the final statement brings it
            if (l.pending) continue;
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
      })();
      if (outboxIds.length) o.outboxChanged();
      return { imported: outboxIds.length, duplicates, statementLineIds: [], outboxIds };
    },
    'reconcile:propose': (i) => ({ lines: proposalsFor(i.journalId, i.limit).lines }),
    'reconcile:accept': (i) => {
      const queued = queuedLines();
      const outboxIds: number[] = [];
      let skipped = 0;
      if ('statementLineId' in i) {
        if (queued.has(i.statementLineId)) return { queued: 0, skipped: 1, outboxIds };
        const { byLine } = proposalsFor(undefined, 5000);
        const proposals = byLine.get(i.statementLineId);
        if (!proposals) throw new AppError('app/not-found', `Bank statement line ${i.statementLineId} is not an open line in the cache.`);
        const p = proposals[i.proposalIndex];
        if (!p) throw new AppError('contract/invalid-input', `Bank statement line ${i.statementLineId} has ${proposals.length} proposal(s); there is no proposal ${i.proposalIndex}.`);
        const id = queueReconcile(i.statementLineId, p);
        if (id === null) throw new AppError('contract/invalid-input', 'This proposal only names a partner; there is nothing to reconcile.');
        outboxIds.push(id);
      } else {
        const { byLine } = proposalsFor(i.journalId, 5000);
        db.transaction(() => {
          for (const [lineId, proposals] of byLine) {
            const best = proposals[0];
            if (!best || best.confidence < i.minConfidence || best.kind === 'partner-only') {
              skipped++;
              continue;
            }
            const id = queueReconcile(lineId, best);
            if (id === null) skipped++;
            else outboxIds.push(id);
          }
        })();
      }
      if (outboxIds.length) o.outboxChanged();
      return { queued: outboxIds.length, skipped, outboxIds };
    },
    'reconcile:undo': (i) => {
      const r = outbox.get(i.outboxId);
      if (!r || r.kind !== reconcileIntent.kind) throw new AppError('app/not-found', `No reconciliation ${i.outboxId} in the outbox.`);
      if (r.state === 'pending' || r.state === 'failed' || r.state === 'conflict') {
        outbox.finish(r.id, 'discarded', { lastError: r.lastError, conflict: r.conflict });
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
      o.outboxChanged();
      return { action: 'queued-undo' as const, outboxId: row.id };
    },
  };

  return { handlers };
}
export type ReconcilePart = ReturnType<typeof createReconcilePart>;

const writeOffLabel = (reason: string): string =>
  reason === 'bank-fee' ? 'Bank fees' : reason === 'fx' ? 'Exchange difference' : reason === 'discount' ? 'Payment discount' : 'Rounding difference';
