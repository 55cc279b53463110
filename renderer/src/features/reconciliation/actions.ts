import { notifications } from '@mantine/notifications';
import { watchJob } from '../jobs/useJobsFeed';
import { AUTO_CONFIDENCE, filterLines, lineBand, openProposals } from './lines';
import { acceptProposal, pushNow, undoReconciliation, type StatementLine } from './reconciliation.api';
import { useReconciliationStore, type Acceptance } from './reconciliation.store';

const state = () => useReconciliationStore.getState();

/** The lines the list shows now, in order. */
export function visibleLines(): StatementLine[] {
  const s = state();
  return filterLines(s.lines, s.rejected, { query: s.query, band: s.band, sign: s.sign }).visible;
}

export function moveSelection(delta: number): void {
  const lines = visibleLines();
  if (lines.length === 0) return;
  const { selectedId, lineSelected } = state();
  const at = lines.findIndex((l) => l.statementLineId === selectedId);
  const next = at < 0 ? 0 : Math.min(lines.length - 1, Math.max(0, at + delta));
  lineSelected(lines[next]!.statementLineId);
}

const selectedLine = (): StatementLine | undefined => {
  const { lines, selectedId } = state();
  return lines.find((l) => l.statementLineId === selectedId);
};

/** Accepts a proposal (the top open one by default) of the selected line. */
export async function acceptSelected(proposalIndex?: number): Promise<void> {
  const line = selectedLine();
  if (!line || state().queued[line.statementLineId] !== undefined) return;
  const index = proposalIndex ?? openProposals(line, state().rejected[line.statementLineId])[0]?.index;
  if (index === undefined) return;
  try {
    const r = await acceptProposal(line.statementLineId, index);
    if (r.queued > 0) {
      state().linesAccepted({ statementLineIds: [line.statementLineId], outboxIds: r.outboxIds });
      moveSelection(1);
    }
  } catch {
    // reported by the client
  }
}

export function rejectSelected(proposalIndex?: number): void {
  const line = selectedLine();
  if (!line || state().queued[line.statementLineId] !== undefined) return;
  const index = proposalIndex ?? openProposals(line, state().rejected[line.statementLineId])[0]?.index;
  if (index === undefined) return;
  state().proposalRejected(line.statementLineId, index);
}

/** Lines of the current filter whose top open proposal is in the auto band and not yet queued. */
export function autoBandLines(): StatementLine[] {
  const s = state();
  return visibleLines().filter((l) => s.queued[l.statementLineId] === undefined && lineBand(l, s.rejected[l.statementLineId]) === 'auto');
}

export async function acceptAutoBand(): Promise<number> {
  const lines = autoBandLines();
  const accepted: Acceptance = { statementLineIds: [], outboxIds: [] };
  try {
    for (const line of lines) {
      const top = openProposals(line, state().rejected[line.statementLineId])[0];
      if (!top || top.proposal.confidence < AUTO_CONFIDENCE) continue;
      const r = await acceptProposal(line.statementLineId, top.index);
      if (r.queued > 0 && r.outboxIds[0] !== undefined) {
        accepted.statementLineIds.push(line.statementLineId);
        accepted.outboxIds.push(r.outboxIds[0]);
      }
    }
  } catch {
    // reported by the client; what was queued so far stays queued (and undoable)
  }
  if (accepted.statementLineIds.length > 0) state().linesAccepted(accepted);
  return accepted.statementLineIds.length;
}

export async function undoLastAcceptance(): Promise<void> {
  const last = state().acceptances.at(-1);
  if (!last) return;
  try {
    let reversals = 0;
    for (const id of last.outboxIds) if ((await undoReconciliation(id)).action === 'queued-undo') reversals += 1;
    state().acceptanceUndone(last);
    const n = last.statementLineIds.length;
    notifications.show({
      color: 'gray',
      title: 'Acceptance undone',
      message: reversals > 0 ? `Already in Odoo: ${reversals} reversal${reversals === 1 ? '' : 's'} queued for the next push.` : `${n} line${n === 1 ? '' : 's'} back to review.`,
    });
  } catch {
    // reported by the client
  }
}

export async function pushAccepted(): Promise<string | null> {
  try {
    const { jobId } = await pushNow();
    watchJob(jobId);
    return jobId;
  } catch {
    return null;
  }
}
