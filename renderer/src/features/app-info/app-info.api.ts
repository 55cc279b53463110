import type { AppInfo, CallOutput } from '../../../../core/contract';
import { getClient, type ConnectionState } from '../../shared/api/client';

export const fetchAppInfo = (): Promise<AppInfo> => getClient().invoke('app:info', {});

/** Moves the damaged file aside (kept as a backup) and starts a fresh cache. */
export const rebuildStore = (): Promise<CallOutput<'store:rebuild'>> => getClient().invoke('store:rebuild', { confirm: true });

/** State of the channel that carries pushed events (always `open` in Electron). */
export const onCoreConnection = (listener: (state: ConnectionState) => void): (() => void) => getClient().onConnection(listener);
