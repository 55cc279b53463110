import type { CallOutput, EventPayload, LineProposals } from '../../../../core/contract';
import { getClient } from '../../shared/api/client';

export type StatementLine = LineProposals;
export type Proposal = LineProposals['proposals'][number];
export type AcceptResult = CallOutput<'reconcile:accept'>;

export const proposeMatches = (limit = 5000): Promise<CallOutput<'reconcile:propose'>> =>
  getClient().invoke('reconcile:propose', { limit }, { report: false });
export const acceptProposal = (statementLineId: number, proposalIndex: number): Promise<AcceptResult> =>
  getClient().invoke('reconcile:accept', { statementLineId, proposalIndex });
export const acceptConfident = (minConfidence: number): Promise<AcceptResult> => getClient().invoke('reconcile:accept', { minConfidence });
export const undoReconciliation = (outboxId: number): Promise<CallOutput<'reconcile:undo'>> => getClient().invoke('reconcile:undo', { outboxId });
/** Outbox ids still waiting to be sent (pending or being applied). */
export async function waitingOutboxIds(): Promise<number[]> {
  const [pending, applying] = await Promise.all(
    (['pending', 'applying'] as const).map((state) => getClient().invoke('outbox:list', { state, limit: 2000 }, { report: false })),
  );
  return [...(pending?.items ?? []), ...(applying?.items ?? [])].map((i) => i.id);
}
export const pushNow = (): Promise<CallOutput<'outbox:push'>> => getClient().invoke('outbox:push', {});
export const onOutboxChanged = (l: (p: EventPayload<'outbox:changed'>) => void): (() => void) => getClient().on('outbox:changed', l);
export const onSyncFinished = (l: (p: EventPayload<'sync:finished'>) => void): (() => void) => getClient().on('sync:finished', l);
