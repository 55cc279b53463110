import { create } from 'zustand';
import { isClientError } from '../../shared/api/client';
import type { BandFilter, SignFilter } from './lines';
import { proposeMatches, waitingOutboxIds, type StatementLine } from './reconciliation.api';

/** One acceptance (a single line or a bulk accept), for `u` (undo). */
export type Acceptance = { statementLineIds: number[]; outboxIds: number[] };

type ReconciliationState = {
  lines: StatementLine[];
  /** true until the first answer of `reconcile:propose` */
  loading: boolean;
  loaded: boolean;
  loadError: string | null;
  query: string;
  band: BandFilter;
  sign: SignFilter;
  selectedId: number | null;
  /** proposal indices the user rejected, per statement line */
  rejected: Record<number, number[]>;
  /** lines the user skipped (rejected a proposal of) */
  skipped: Record<number, true>;
  /** accepted lines waiting in the outbox: statement line → outbox id */
  queued: Record<number, number>;
  acceptances: Acceptance[];
  loadStarted(): void;
  /** `waiting`: outbox ids not yet sent; accepted lines stay listed (as queued) while theirs is among them */
  linesLoaded(lines: StatementLine[], waiting: number[]): void;
  loadFailed(message: string): void;
  queryChanged(query: string): void;
  bandChosen(band: BandFilter): void;
  signChosen(sign: SignFilter): void;
  lineSelected(id: number | null): void;
  proposalRejected(statementLineId: number, index: number): void;
  linesAccepted(a: Acceptance): void;
  acceptanceUndone(a: Acceptance): void;
};

export const useReconciliationStore = create<ReconciliationState>()((set) => ({
  lines: [],
  loading: false,
  loaded: false,
  loadError: null,
  query: '',
  band: 'all',
  sign: 'all',
  selectedId: null,
  rejected: {},
  skipped: {},
  queued: {},
  acceptances: [],
  loadStarted: () => set({ loading: true }),
  linesLoaded: (fresh, waiting) =>
    set((s) => {
      const stillWaiting = new Set(waiting);
      const queued = Object.fromEntries(Object.entries(s.queued).filter(([, outboxId]) => stillWaiting.has(outboxId)));
      const byId = new Map(fresh.map((l) => [l.statementLineId, l]));
      // keep the order the user saw: updated lines in place, queued ones kept, new ones at the end
      const lines = s.lines.flatMap((l) => {
        const next = byId.get(l.statementLineId);
        if (next) return [next];
        return queued[l.statementLineId] !== undefined ? [l] : [];
      });
      const seen = new Set(lines.map((l) => l.statementLineId));
      for (const l of fresh) if (!seen.has(l.statementLineId)) lines.push(l);
      const open = new Set(lines.map((l) => l.statementLineId));
      const selectedId = s.selectedId !== null && open.has(s.selectedId) ? s.selectedId : (lines[0]?.statementLineId ?? null);
      return { lines, queued, selectedId, loading: false, loaded: true, loadError: null };
    }),
  loadFailed: (message) => set({ loading: false, loadError: message }),
  queryChanged: (query) => set({ query }),
  bandChosen: (band) => set({ band }),
  signChosen: (sign) => set({ sign }),
  lineSelected: (selectedId) => set({ selectedId }),
  proposalRejected: (id, index) =>
    set((s) => ({
      rejected: { ...s.rejected, [id]: [...(s.rejected[id] ?? []), index] },
      skipped: { ...s.skipped, [id]: true },
    })),
  linesAccepted: (a) =>
    set((s) => {
      const queued = { ...s.queued };
      a.statementLineIds.forEach((id, i) => {
        queued[id] = a.outboxIds[i] ?? a.outboxIds[0] ?? 0;
      });
      return { queued, acceptances: [...s.acceptances, a] };
    }),
  acceptanceUndone: (a) =>
    set((s) => {
      const queued = { ...s.queued };
      for (const id of a.statementLineIds) delete queued[id];
      return { queued, acceptances: s.acceptances.filter((x) => x !== a) };
    }),
}));

/** Re-runs the matcher over the cache (after a sync, a push, or on opening the page). */
let latest = 0;

export async function refreshLines(): Promise<void> {
  const seq = ++latest;
  useReconciliationStore.getState().loadStarted();
  try {
    const [{ lines }, waiting] = await Promise.all([proposeMatches(), waitingOutboxIds()]);
    // an older answer must not overwrite a newer one
    if (seq === latest) useReconciliationStore.getState().linesLoaded(lines, waiting);
  } catch (e) {
    if (seq === latest) useReconciliationStore.getState().loadFailed(isClientError(e) ? e.message : String(e));
  }
}
