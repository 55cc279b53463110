import { create } from 'zustand';
import type { AppInfo, StoreStatus } from '../../../../core/contract';
import { isClientError } from '../../shared/api/client';
import { fetchAppInfo } from './app-info.api';

type AppInfoState = {
  info: AppInfo | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** why the last `app:info` failed, e.g. `host/unauthorized` when the page was opened without its token */
  errorCode: string | null;
  appInfoRequested(): void;
  appInfoLoaded(info: AppInfo): void;
  appInfoFailed(code: string): void;
  storeRebuilt(store: StoreStatus): void;
};

/** Version, host, connection and local-store status, as the core reports them (`app:info`). */
export const useAppInfoStore = create<AppInfoState>()((set) => ({
  info: null,
  status: 'idle',
  errorCode: null,
  appInfoRequested: () => set((s) => ({ status: s.info ? s.status : 'loading' })),
  appInfoLoaded: (info) => set({ info, status: 'ready', errorCode: null }),
  appInfoFailed: (code) => set((s) => ({ status: s.info ? s.status : 'error', errorCode: code })),
  storeRebuilt: (store) => set((s) => (s.info ? { info: { ...s.info, store } } : {})),
}));

export async function refreshAppInfo(): Promise<void> {
  const { appInfoRequested, appInfoLoaded, appInfoFailed } = useAppInfoStore.getState();
  appInfoRequested();
  try {
    appInfoLoaded(await fetchAppInfo());
  } catch (e) {
    // the client already reported the error to the user
    appInfoFailed(isClientError(e) ? e.code : 'client/unreachable');
  }
}
