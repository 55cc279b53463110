import { notifications } from '@mantine/notifications';
import { watchJob } from '../jobs/useJobsFeed';
import { AUTO_CONFIDENCE, acceptableTop, bandInfo, filterLines, lineBand, openProposals, proposalKey, type Band } from './lines';
import { acceptManual, acceptProposal, pushNow, rejectProposal, undoReconciliation, type ManualDecision, type StatementLine } from './reconciliation.api';
import { useReconciliationStore, type Acceptance } from './reconciliation.store';

const state = () => useReconciliationStore.getState();

/** The lines the list shows now, in order. */
export function visibleLines(): StatementLine[] {
  const s = state();
  return filterLines(s.lines, s, { query: s.query, band: s.band, sign: s.sign, status: s.status }).visible;
}

export function moveSelection(delta: number): void {
  const lines = visibleLines();
  if (lines.length === 0) return;
  const { selectedId, lineSelected } = state();
  const at = lines.findIndex((l) => l.statementLineId === selectedId);
  const next = at < 0 ? 0 : Math.min(lines.length - 1, Math.max(0, at + delta));
  lineSelected(lines[next]!.statementLineId);
}

export const selectedLine = (): StatementLine | undefined => {
  const { lines, selectedId } = state();
  return lines.find((l) => l.statementLineId === selectedId);
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Accepts a proposal (the best open one by default) of the selected line. */
export async function acceptSelected(proposalIndex?: number): Promise<void> {
  const line = selectedLine();
  if (!line || state().queued[line.statementLineId] !== undefined) return;
  const index = proposalIndex ?? acceptableTop(line, state().rejected[line.statementLineId])?.index;
  if (index === undefined) {
    notifications.show({ color: 'gray', title: 'Nothing to accept', message: 'This line has no match to accept: press E to allocate it yourself, or / to search the open items.' });
    return;
  }
  state().acceptingStarted([line.statementLineId]);
  try {
    const r = await acceptProposal(line.statementLineId, index);
    if (r.queued > 0) {
      state().linesAccepted({ statementLineIds: [line.statementLineId], outboxIds: r.outboxIds });
      moveSelection(1);
    }
  } catch {
    // reported by the client
  } finally {
    state().acceptingEnded([line.statementLineId]);
  }
}

/** Queues the split allocation / write-off the user built for a line. */
export async function acceptManually(statementLineId: number, manual: ManualDecision): Promise<boolean> {
  state().acceptingStarted([statementLineId]);
  try {
    const r = await acceptManual(statementLineId, manual);
    if (r.queued > 0) {
      state().linesAccepted({ statementLineIds: [statementLineId], outboxIds: r.outboxIds });
      if (state().selectedId === statementLineId) moveSelection(1);
      return true;
    }
    return false;
  } catch {
    // reported by the client
    return false;
  } finally {
    state().acceptingEnded([statementLineId]);
  }
}

/** Rejects a proposal (the best open one by default): recorded by the core, so it is not offered first again. */
export async function rejectSelected(proposalIndex?: number): Promise<void> {
  const line = selectedLine();
  if (!line || state().queued[line.statementLineId] !== undefined) return;
  const index = proposalIndex ?? openProposals(line, state().rejected[line.statementLineId])[0]?.index;
  if (index === undefined) return;
  const key = proposalKey(line.proposals[index]!);
  state().proposalRejected(line.statementLineId, key);
  try {
    await rejectProposal(line.statementLineId, index);
  } catch {
    // reported by the client; the proposal is offered again
    state().rejectionReverted(line.statementLineId, key);
  }
}

/** Lines of the current filter whose best open proposal is in `band` (the auto band by default) and not yet queued. */
export function bandLines(band: Band = 'auto'): StatementLine[] {
  const s = state();
  return visibleLines().filter(
    (l) => s.queued[l.statementLineId] === undefined && lineBand(l, s.rejected[l.statementLineId]) === band && acceptableTop(l, s.rejected[l.statementLineId]) !== undefined,
  );
}

/** The band shift+a / "Accept band" works on: the chosen band filter, else the auto band. */
export const bulkBand = (): Band => {
  const b = state().band;
  return b === 'all' || b === 'none' ? 'auto' : b;
};

export const bulkTitle = (band: Band): string => (band === 'auto' ? 'Accept the auto band' : `Accept the ${bandInfo(band).label} band`);

/** One by one (each line's own proposal index), each shown queued at once; one undo step for all. */
async function acceptLines(lines: StatementLine[], minConfidence: number): Promise<number> {
  const accepted: Acceptance = { statementLineIds: [], outboxIds: [] };
  const ids = lines.map((l) => l.statementLineId);
  state().acceptingStarted(ids);
  try {
    for (const line of lines) {
      const top = acceptableTop(line, state().rejected[line.statementLineId]);
      if (!top || top.proposal.confidence < minConfidence) continue;
      const r = await acceptProposal(line.statementLineId, top.index);
      if (r.queued > 0 && r.outboxIds[0] !== undefined) {
        accepted.statementLineIds.push(line.statementLineId);
        accepted.outboxIds.push(r.outboxIds[0]);
        state().linesAccepted({ statementLineIds: [line.statementLineId], outboxIds: [r.outboxIds[0]] }, false);
      }
    }
  } catch {
    // reported by the client; what was queued so far stays queued (and undoable)
  } finally {
    state().acceptingEnded(ids);
  }
  if (accepted.statementLineIds.length > 0) state().acceptanceRecorded(accepted);
  return accepted.statementLineIds.length;
}

/** Accepts the best proposal of every line of the current filter in the band (one undo step). */
export async function acceptBand(band: Band = bulkBand()): Promise<number> {
  return acceptLines(bandLines(band), band === 'auto' ? AUTO_CONFIDENCE : 0);
}

/** The marked lines (x / space) that can still be accepted. */
export function markedLines(): StatementLine[] {
  const s = state();
  return s.lines.filter((l) => s.marked[l.statementLineId] && s.queued[l.statementLineId] === undefined);
}

/** Accepts the best proposal of every marked line (shift+a with a selection). */
export async function acceptMarked(): Promise<number> {
  const lines = markedLines();
  const n = await acceptLines(lines, 0);
  const without = lines.length - n;
  notifications.show({
    color: n > 0 ? 'green' : 'gray',
    title: `${plural(n, 'line')} queued`,
    message: without > 0 ? `${plural(without, 'marked line')} had no match to accept.` : 'Push now to reconcile them in Odoo, or press U to undo.',
  });
  state().marksCleared();
  return n;
}

export function toggleMark(): void {
  const line = selectedLine();
  if (!line || state().queued[line.statementLineId] !== undefined) return;
  state().markToggled(line.statementLineId);
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
      message: reversals > 0 ? `Already in Odoo: ${plural(reversals, 'reversal')} queued for the next push.` : `${plural(n, 'line')} back to review.`,
    });
  } catch {
    // reported by the client
  }
}

/** Opens the split editor on the selected line, seeded with its best proposal's items. */
export function editSelected(): void {
  const line = selectedLine();
  if (!line || state().queued[line.statementLineId] !== undefined) return;
  const top = openProposals(line, state().rejected[line.statementLineId])[0]?.proposal;
  state().editorOpened({
    statementLineId: line.statementLineId,
    items: top?.items ?? [],
    ...(top?.partnerId !== undefined ? { partnerId: top.partnerId } : {}),
  });
}

export function openSearch(): void {
  const line = selectedLine();
  if (!line || state().queued[line.statementLineId] !== undefined) return;
  state().searchOpened(true);
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
