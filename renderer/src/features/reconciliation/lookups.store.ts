import { create } from 'zustand';
import { isClientError } from '../../shared/api/client';
import { loadLookups, type Lookups } from './reconciliation.api';

type LookupsState = Lookups & { loaded: boolean; error: string | null };

/** Bank journals, accounts and taxes of the active connection (for the filters, the import and the write-off editor). */
export const useLookupsStore = create<LookupsState>()(() => ({ journals: [], accounts: [], taxes: [], loaded: false, error: null }));

let inflight: Promise<void> | null = null;

export function refreshLookups(): Promise<void> {
  inflight ??= loadLookups()
    .then((l) => useLookupsStore.setState({ ...l, loaded: true, error: null }))
    .catch((e: unknown) => useLookupsStore.setState({ error: isClientError(e) ? e.message : String(e) }))
    .finally(() => {
      inflight = null;
    });
  return inflight;
}
