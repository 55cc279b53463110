import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { JournalBalance, JournalBands, LineProposals, OutboxItem, RuleView } from '../../contract';
import type { Service } from '../../host/service';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../command';
import { invoke, withService } from '../service-runner';

const positiveInt = (v: unknown, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive whole number.`);
  return n;
};

/** A fresh data directory has no journals nor statement lines cached yet: bring them in first. */
async function ensureCache(ctx: CliContext, service: Service): Promise<void> {
  const status = await invoke<{ models: Array<{ model: string; cached: number }> }>(service, 'sync:status', {});
  if ((status.models.find((m) => m.model === 'account.journal')?.cached ?? 0) > 0) return;
  const { jobId } = await invoke<{ jobId: string }>(service, 'sync:run', {});
  ctx.signal.addEventListener('abort', () => service.jobs.cancel(jobId), { once: true });
  const job = await service.jobs.wait(jobId);
  if (job.state !== 'succeeded') throw new Error(`The first sync ${job.state}: ${job.error?.message ?? ''}`);
}

/** Pushes the outbox and returns the given items as they ended. */
async function pushAndCollect(service: Service, ids: number[]): Promise<{ job: { state: string; error: { message: string } | null }; items: OutboxItem[] }> {
  const { jobId } = await invoke<{ jobId: string }>(service, 'outbox:push', {});
  const job = await service.jobs.wait(jobId);
  const wanted = new Set(ids);
  const list = await invoke<{ items: OutboxItem[] }>(service, 'outbox:list', { limit: 2000 });
  return { job: { state: job.state, error: job.error ?? null }, items: list.items.filter((i) => wanted.has(i.id)).sort((a, b) => a.id - b.id) };
}

const resultId = (i: OutboxItem): number | null => {
  const r = i.result as { statementLineId?: unknown } | null;
  return typeof r?.statementLineId === 'number' ? r.statementLineId : null;
};

export const statementsCommand: CliCommand = {
  name: 'statements',
  summary: 'Import a bank statement file (CAMT, MT940, OFX, QIF, CSV, XLSX) into a bank journal of Odoo.',
  help: `Usage: smart-odoo statements import FILE --journal ID [--json]
       smart-odoo statements balance [--journal ID] [--json]

import    reads the file, queues every line not imported before (same bank transaction id = duplicate, skipped) and
pushes them to Odoo as bank statement lines, each exactly once even if the connection drops.
balance   per bank journal and month: opening + lines = closing (checked against the closing balances
          the imported statements declared), and whether the books' bank account balance agrees with the
          sum of the statement lines; exit 1 when a month or a journal disagrees

Options:
  --journal ID   import: the bank journal (account.journal id) to import into; balance: only this journal
  --json         import: {"imported", "duplicates", "statementLineIds": [Odoo ids created], "outboxIds", "push"}
                 balance: {"journals": [{journalId, journalName, currency, periods: [{period, opening, movements,
                 closing, statementClosing?, difference, ok, lines}], cacheBalance, odooBalance, agrees}]}

Exit code 1 when the file cannot be read or the push did not finish (the lines stay queued).`,
  options: { journal: { type: 'string' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(ctx, v, positionals) {
    const [action, file, ...extra] = positionals;
    if (action === 'balance') {
      if (file !== undefined) throw new UsageError(`Unexpected argument “${file}”.`);
      const journalId = positiveInt(v.journal, '--journal');
      return withService(ctx, async (service) => {
        await ensureCache(ctx, service);
        const r = await invoke<{ journals: JournalBalance[] }>(service, 'statements:balance', journalId ? { journalId } : {});
        if (v.json) ctx.out(JSON.stringify(r, null, 2));
        else {
          for (const j of r.journals) {
            ctx.out(`${j.journalName} (journal ${j.journalId}, ${j.currency})`);
            for (const p of j.periods) {
              ctx.out(
                `  ${p.period}  opening ${p.opening.toFixed(2).padStart(14)}  + ${p.movements.toFixed(2).padStart(13)}  = ${p.closing.toFixed(2).padStart(14)}` +
                  (p.statementClosing !== undefined ? `  bank says ${p.statementClosing.toFixed(2)}${p.ok ? ' ✓' : `  DIFFERENCE ${p.difference.toFixed(2)}`}` : ''),
              );
            }
            ctx.out(`  statement lines ${j.cacheBalance.toFixed(2)}, books ${j.odooBalance === null ? 'unknown' : j.odooBalance.toFixed(2)}: ${j.agrees === null ? 'cannot compare' : j.agrees ? 'agree' : 'DISAGREE'}`);
          }
        }
        return r.journals.some((j) => j.agrees === false || j.periods.some((p) => !p.ok)) ? EXIT.failure : EXIT.ok;
      });
    }
    if (action !== 'import') throw new UsageError('Say: statements import FILE --journal ID, or statements balance.');
    if (!file) throw new UsageError('statements import needs the statement FILE.');
    if (extra.length) throw new UsageError(`Unexpected argument “${extra[0]}”.`);
    const journalId = positiveInt(v.journal, '--journal');
    if (journalId === undefined) throw new UsageError('statements import needs --journal ID (the bank journal to import into).');
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      ctx.err(`Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
      return EXIT.failure;
    }
    return withService(ctx, async (service) => {
      await ensureCache(ctx, service);
      const r = await invoke<{ imported: number; duplicates: number; outboxIds: number[] }>(service, 'statements:import', {
        fileName: path.basename(file),
        contentBase64: bytes.toString('base64'),
        journalId,
      });
      const pushed = r.outboxIds.length ? await pushAndCollect(service, r.outboxIds) : { job: { state: 'succeeded', error: null }, items: [] };
      const statementLineIds = pushed.items.map(resultId).filter((x): x is number => x !== null);
      const pending = pushed.items.filter((i) => i.state !== 'applied').length;
      if (v.json) {
        ctx.out(JSON.stringify({ imported: r.imported, duplicates: r.duplicates, statementLineIds, outboxIds: r.outboxIds, push: { state: pushed.job.state, notApplied: pending, error: pushed.job.error } }, null, 2));
      } else {
        ctx.out(`${r.imported} line(s) imported, ${r.duplicates} duplicate(s) skipped.`);
        if (statementLineIds.length) ctx.out(`Created in Odoo: ${statementLineIds.join(', ')}`);
        if (pending) ctx.out(`${pending} line(s) still queued; \`smart-odoo outbox push\` sends them.`);
      }
      if (pushed.job.state !== 'succeeded') {
        ctx.err(`Push ${pushed.job.state}: ${pushed.job.error?.message ?? ''}`);
        return EXIT.failure;
      }
      return EXIT.ok;
    });
  },
};

const pct = (c: number) => `${Math.round(c * 100)}%`;

export const reconcileCommand: CliCommand = {
  name: 'reconcile',
  summary: 'Propose matches for open bank statement lines and reconcile the accepted ones in Odoo.',
  help: `Usage: smart-odoo reconcile propose [--journal ID] [--json]
       smart-odoo reconcile accept (--min-confidence X | --line ID [--proposal N]) [--journal ID] [--json]
       smart-odoo reconcile rules [--journal ID] [--mine] [--json]
       smart-odoo reconcile bands [--journal ID] [--json]

propose   for each unreconciled bank statement line in the local cache, the matching proposals, best first
accept    queue the reconciliation of the best proposal of every line at or above a confidence (0–1), or
          of one line (its proposal N, default 0 = the best), then push it to Odoo
rules     learned rules per bank journal (label → partner, label → account and tax) with their back-test
          precision and coverage; --mine mines them first from the reconciled history and your decisions
bands     per bank journal and confidence band: past decisions, measured precision, open lines, and the
          auto-accept threshold

Options:
  --journal ID          only this bank journal's lines
  --min-confidence X    accept every line whose best proposal has at least this confidence (e.g. 0.95)
  --line ID             accept a proposal of this bank statement line (account.bank.statement.line id)
  --proposal N          which proposal of --line (0-based, default 0)
  --json                propose: [{statementLineId, date, amount, label, proposals: [{moveLineIds, partnerId,
                        writeOff?, kind, confidence, explanation: [..]}]}];
                        accept: {"queued", "skipped", "reconciled": [{outboxId, statementLineId, state}], "push"}
                        rules: {"rules": [{id, journalId, kind, pattern, partnerId?, accountId?, taxId?, tolerance?,
                        support, backtest: {lines, matched, correct, precision, coverage}, state, description}]}
                        bands: {"journals": [{journalId, journalName, autoAcceptMin, bands: [{min, max, decisions,
                        correct, precision, bySource: {history, user}, openLines}]}]}
  --mine                rules: mine (and back-test) candidate rules before listing them

Run \`smart-odoo sync\` first for current data; a line changed in Odoo meanwhile becomes a conflict, never overwritten.`,
  options: { journal: { type: 'string' }, 'min-confidence': { type: 'string' }, line: { type: 'string' }, proposal: { type: 'string' }, mine: { type: 'boolean' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(ctx, v, positionals) {
    const [action, ...extra] = positionals;
    if (extra.length) throw new UsageError(`Unexpected argument “${extra[0]}”.`);
    if (action !== 'propose' && action !== 'accept' && action !== 'rules' && action !== 'bands') throw new UsageError('Say propose, accept, rules or bands.');
    const journalId = positiveInt(v.journal, '--journal');
    if (v.mine && action !== 'rules') throw new UsageError('--mine goes with reconcile rules.');
    if (action === 'rules' || action === 'bands') {
      if (v['min-confidence'] !== undefined || v.line !== undefined || v.proposal !== undefined) throw new UsageError(`${action} takes only --journal${action === 'rules' ? ', --mine' : ''} and --json.`);
      return withService(ctx, async (service) => {
        await ensureCache(ctx, service);
        if (action === 'bands') {
          const r = await invoke<{ journals: JournalBands[] }>(service, 'reconcile:bands', journalId ? { journalId } : {});
          if (v.json) ctx.out(JSON.stringify(r, null, 2));
          else {
            for (const j of r.journals) {
              ctx.out(`${j.journalName} (journal ${j.journalId}): auto-accept ${j.autoAcceptMin === null ? 'off' : `at ≥ ${j.autoAcceptMin}`}`);
              for (const b of j.bands) {
                ctx.out(`  ${b.min.toFixed(3)}–${b.max.toFixed(3)}  ${String(b.decisions).padStart(6)} decisions (${b.bySource.history} history, ${b.bySource.user} yours)  precision ${b.precision === null ? 'n/a' : `${(b.precision * 100).toFixed(1)}%`}  ${b.openLines} open`);
              }
            }
          }
          return EXIT.ok;
        }
        if (v.mine) {
          const journals = journalId ? [journalId] : (await invoke<{ journals: Array<{ id: number }> }>(service, 'reconcile:lookups', {})).journals.map((j) => j.id);
          for (const id of journals) await invoke(service, 'reconcile:rules-mine', { journalId: id });
        }
        const r = await invoke<{ rules: RuleView[] }>(service, 'reconcile:rules', journalId ? { journalId } : {});
        if (v.json) ctx.out(JSON.stringify(r, null, 2));
        else {
          for (const x of r.rules) ctx.out(`#${String(x.id).padEnd(4)} ${x.state.padEnd(9)} ${x.description}; coverage ${(x.backtest.coverage * 100).toFixed(1)}%`);
          ctx.out(`${r.rules.length} rule(s)${r.rules.length === 0 && !v.mine ? '; --mine finds candidates' : ''}.`);
        }
        return EXIT.ok;
      });
    }
    if (action === 'propose') {
      if (v['min-confidence'] !== undefined || v.line !== undefined || v.proposal !== undefined) throw new UsageError('propose takes only --journal and --json.');
      return withService(ctx, async (service) => {
        await ensureCache(ctx, service);
        const r = await invoke<{ lines: LineProposals[] }>(service, 'reconcile:propose', { ...(journalId ? { journalId } : {}), limit: 5000 });
        if (v.json) ctx.out(JSON.stringify(r.lines, null, 2));
        else {
          for (const l of r.lines) {
            const best = l.proposals[0];
            ctx.out(
              `${String(l.statementLineId).padEnd(7)} ${l.date} ${l.amount.toFixed(2).padStart(12)}  ${l.label.slice(0, 40).padEnd(40)}  ` +
                (best ? `${pct(best.confidence).padStart(4)} items ${best.moveLineIds.join('+') || '-'}${best.writeOff ? ` write-off ${best.writeOff.amount}` : ''}  ${best.explanation[0] ?? ''}` : 'no proposal'),
            );
          }
          ctx.out(`${r.lines.length} open line(s), ${r.lines.filter((l) => l.proposals.length).length} with a proposal.`);
        }
        return EXIT.ok;
      });
    }
    const line = positiveInt(v.line, '--line');
    const min = v['min-confidence'] === undefined ? undefined : Number(v['min-confidence']);
    if ((line === undefined) === (min === undefined)) throw new UsageError('accept needs either --min-confidence X or --line ID.');
    if (min !== undefined && !(min >= 0 && min <= 1)) throw new UsageError('--min-confidence must be between 0 and 1 (e.g. 0.95).');
    const proposalIndex = v.proposal === undefined ? 0 : Number(v.proposal);
    if (!Number.isInteger(proposalIndex) || proposalIndex < 0) throw new UsageError('--proposal must be 0 or more.');
    return withService(ctx, async (service) => {
      await ensureCache(ctx, service);
      const input = line !== undefined ? { statementLineId: line, proposalIndex } : { minConfidence: min, ...(journalId ? { journalId } : {}) };
      const r = await invoke<{ queued: number; skipped: number; outboxIds: number[] }>(service, 'reconcile:accept', input);
      const pushed = r.outboxIds.length ? await pushAndCollect(service, r.outboxIds) : { job: { state: 'succeeded', error: null }, items: [] };
      const reconciled = pushed.items.map((i) => ({ outboxId: i.id, statementLineId: (i.payload as { statementLineId: number }).statementLineId, state: i.state, summary: i.summary }));
      if (v.json) ctx.out(JSON.stringify({ queued: r.queued, skipped: r.skipped, reconciled, push: { state: pushed.job.state, error: pushed.job.error } }, null, 2));
      else {
        for (const x of reconciled) ctx.out(`#${String(x.outboxId).padEnd(5)} ${x.state.padEnd(9)} ${x.summary}`);
        ctx.out(`${reconciled.filter((x) => x.state === 'applied').length} reconciled in Odoo, ${r.skipped} line(s) skipped.`);
      }
      if (pushed.job.state !== 'succeeded') {
        ctx.err(`Push ${pushed.job.state}: ${pushed.job.error?.message ?? ''}`);
        return EXIT.failure;
      }
      return EXIT.ok;
    });
  },
};
