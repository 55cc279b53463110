import type { CallInput, CallOutput, EventPayload, LineProposals } from '../../../../core/contract';
import { getClient } from '../../shared/api/client';

export type StatementLine = LineProposals;
export type Proposal = LineProposals['proposals'][number];
export type ProposalItem = Proposal['items'][number];
export type AcceptResult = CallOutput<'reconcile:accept'>;
export type ProposeFilters = Omit<CallInput<'reconcile:propose'>, 'limit'>;
export type SearchInput = CallInput<'reconcile:search'>;
export type SearchItem = CallOutput<'reconcile:search'>['items'][number];
export type ManualDecision = Extract<CallInput<'reconcile:accept'>, { manual: unknown }>['manual'];
export type Lookups = CallOutput<'reconcile:lookups'>;
export type BandsReport = CallOutput<'reconcile:bands'>;
export type JournalBands = BandsReport['journals'][number];
export type Rule = CallOutput<'reconcile:rules'>['rules'][number];
export type BalanceReport = CallOutput<'statements:balance'>;
export type JournalBalance = BalanceReport['journals'][number];
export type StatementPreview = CallOutput<'statements:preview'>;
export type StatementImport = CallOutput<'statements:import'>;
export type CsvMappingInput = NonNullable<CallInput<'statements:preview'>['csvMapping']>;

export const proposeMatches = (filters: ProposeFilters = {}, limit = 5000): Promise<CallOutput<'reconcile:propose'>> =>
  getClient().invoke('reconcile:propose', { ...filters, limit }, { report: false });
export const acceptProposal = (statementLineId: number, proposalIndex: number): Promise<AcceptResult> =>
  getClient().invoke('reconcile:accept', { statementLineId, proposalIndex });
export const acceptManual = (statementLineId: number, manual: ManualDecision): Promise<AcceptResult> =>
  getClient().invoke('reconcile:accept', { statementLineId, manual });
export const rejectProposal = (statementLineId: number, proposalIndex: number): Promise<CallOutput<'reconcile:reject'>> =>
  getClient().invoke('reconcile:reject', { statementLineId, proposalIndex });
export const acceptConfident = (minConfidence: number): Promise<AcceptResult> => getClient().invoke('reconcile:accept', { minConfidence });
export const undoReconciliation = (outboxId: number): Promise<CallOutput<'reconcile:undo'>> => getClient().invoke('reconcile:undo', { outboxId });
export const searchOpenItems = (input: SearchInput): Promise<CallOutput<'reconcile:search'>> => getClient().invoke('reconcile:search', input, { report: false });
export const loadLookups = (): Promise<Lookups> => getClient().invoke('reconcile:lookups', {}, { report: false });
export const loadBands = (journalId?: number): Promise<BandsReport> =>
  getClient().invoke('reconcile:bands', journalId !== undefined ? { journalId } : {}, { report: false });
export const setAutoAccept = (journalId: number, minConfidence: number | null): Promise<CallOutput<'reconcile:auto-accept-set'>> =>
  getClient().invoke('reconcile:auto-accept-set', { journalId, minConfidence });
export const loadRules = (journalId?: number): Promise<CallOutput<'reconcile:rules'>> =>
  getClient().invoke('reconcile:rules', journalId !== undefined ? { journalId } : {}, { report: false });
export const mineRules = (journalId: number): Promise<CallOutput<'reconcile:rules-mine'>> => getClient().invoke('reconcile:rules-mine', { journalId });
export const setRuleEnabled = (ruleId: number, enabled: boolean): Promise<CallOutput<'reconcile:rule-set'>> =>
  getClient().invoke('reconcile:rule-set', { ruleId, enabled });
export const exportRule = (ruleId: number): Promise<CallOutput<'reconcile:rule-export'>> => getClient().invoke('reconcile:rule-export', { ruleId });
export const loadBalance = (journalId?: number): Promise<BalanceReport> =>
  getClient().invoke('statements:balance', journalId !== undefined ? { journalId } : {}, { report: false });

export type StatementFileInput = { fileName: string; contentBase64: string; journalId?: number; csvMapping?: CsvMappingInput };
/** Errors are the caller's to show (the preview dialog shows them inline, and asks for a journal on an unknown account). */
export const previewStatement = (input: StatementFileInput): Promise<StatementPreview> => getClient().invoke('statements:preview', input, { report: false });
export const importStatement = (input: StatementFileInput & { journalId: number }): Promise<StatementImport> =>
  getClient().invoke('statements:import', input, { report: false });

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
