import type { CallInput, CallOutput, Connection } from '../../../../core/contract';
import { getClient } from '../../shared/api/client';

export type ConnectionsList = CallOutput<'connections:list'>;
export type ConnectionTest = CallOutput<'connections:test'>;
export type ConnectionDraft = CallInput<'connections:save'>;

export const listConnections = (): Promise<ConnectionsList> => getClient().invoke('connections:list', {}, { report: false });
/** failures are shown inline in the form with the core's message */
export const testConnection = (input: CallInput<'connections:test'>): Promise<ConnectionTest> => getClient().invoke('connections:test', input, { report: false });
export const listDatabases = (url: string): Promise<CallOutput<'connections:databases'>> => getClient().invoke('connections:databases', { url }, { report: false });
export const saveConnection = (input: ConnectionDraft): Promise<Connection> => getClient().invoke('connections:save', input, { report: false });
export const activateConnection = (id: string): Promise<Connection> => getClient().invoke('connections:activate', { id });
export const removeConnection = (id: string): Promise<CallOutput<'connections:remove'>> => getClient().invoke('connections:remove', { id, confirm: true });
