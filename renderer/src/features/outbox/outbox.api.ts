import type { CallOutput, EventPayload, OutboxItem } from '../../../../core/contract';
import { getClient } from '../../shared/api/client';

export type OutboxState = OutboxItem['state'];
export type OutboxCounts = CallOutput<'outbox:list'>['counts'];
export type AuditEntry = CallOutput<'audit:list'>[number];

export const listOutbox = (state: OutboxState | undefined, limit = 500): Promise<CallOutput<'outbox:list'>> =>
  getClient().invoke('outbox:list', state ? { state, limit } : { limit }, { report: false });
export const pushOutbox = (): Promise<CallOutput<'outbox:push'>> => getClient().invoke('outbox:push', {});
export const retryOutboxItem = (id: number): Promise<OutboxItem> => getClient().invoke('outbox:retry', { id });
export const discardOutboxItem = (id: number): Promise<OutboxItem> => getClient().invoke('outbox:discard', { id, confirm: true });
export const resolveConflict = (id: number, keep: 'mine' | 'theirs'): Promise<OutboxItem> => getClient().invoke('outbox:resolve', { id, keep });
export const listAudit = (limit = 300): Promise<AuditEntry[]> => getClient().invoke('audit:list', { limit }, { report: false });
export const onOutboxChanged = (l: (p: EventPayload<'outbox:changed'>) => void): (() => void) => getClient().on('outbox:changed', l);
