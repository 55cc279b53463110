import { create } from 'zustand';
import { isClientError } from '../../shared/api/client';
import { matchesServerFilters, type BandFilter, type ServerFilters, type SignFilter, type StatusFilter } from './lines';
import { proposeMatches, waitingOutboxIds, type ProposalItem, type StatementLine } from './reconciliation.api';

/** One acceptance (a single line or a bulk accept), for `u` (undo). */
export type Acceptance = { statementLineIds: number[]; outboxIds: number[] };

export type Panel = 'review' | 'bands' | 'rules' | 'balance';

/** The split editor's opening state: the items to allocate (from the best proposal or the manual search). */
export type EditorSeed = { statementLineId: number; items: ProposalItem[]; partnerId?: number };

type ReconciliationState = {
  lines: StatementLine[];
  /** true until the first answer of `reconcile:propose` */
  loading: boolean;
  loaded: boolean;
  loadError: string | null;
  /** sent to `reconcile:propose` */
  server: ServerFilters;
  /** applied here, over the answer */
  query: string;
  band: BandFilter;
  sign: SignFilter;
  status: StatusFilter;
  selectedId: number | null;
  /** proposals (by `proposalKey`) rejected in this session and not yet reflected by a refresh, per statement line */
  rejected: Record<number, string[]>;
  /** accepted lines waiting in the outbox: statement line → outbox id */
  queued: Record<number, number>;
  /** when each queued line was accepted (a counter): a refresh that started earlier cannot know about it */
  queuedAt: Record<number, number>;
  /** lines whose acceptance is on its way to the core: a refresh answering meanwhile must not drop them */
  accepting: Record<number, true>;
  /** lines marked with x / space for shift+a */
  marked: Record<number, true>;
  acceptances: Acceptance[];
  panel: Panel;
  searchOpen: boolean;
  editor: EditorSeed | null;
  loadStarted(): void;
  /**
   * `waiting`: outbox ids not yet sent; accepted lines stay listed (as queued) while theirs is among them.
   * `startedAt`: the acceptance counter when the refresh was asked; later acceptances are kept as they are.
   */
  linesLoaded(lines: StatementLine[], waiting: number[], startedAt?: number): void;
  loadFailed(message: string): void;
  queryChanged(query: string): void;
  bandChosen(band: BandFilter): void;
  signChosen(sign: SignFilter): void;
  statusChosen(status: StatusFilter): void;
  serverFiltersChanged(patch: Partial<ServerFilters>): void;
  filtersCleared(): void;
  lineSelected(id: number | null): void;
  proposalRejected(statementLineId: number, key: string): void;
  rejectionReverted(statementLineId: number, key: string): void;
  markToggled(id: number): void;
  marksCleared(): void;
  acceptingStarted(ids: number[]): void;
  acceptingEnded(ids: number[]): void;
  /** `record: false` while a bulk accept is still running (its one undo step is recorded at the end) */
  linesAccepted(a: Acceptance, record?: boolean): void;
  acceptanceRecorded(a: Acceptance): void;
  acceptanceUndone(a: Acceptance): void;
  panelChosen(panel: Panel): void;
  searchOpened(open: boolean): void;
  editorOpened(seed: EditorSeed | null): void;
};

const dropUndefined = (f: ServerFilters): ServerFilters =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '' && !(typeof v === 'number' && Number.isNaN(v)))) as ServerFilters;

/** Counts acceptances, so a refresh knows which ones it could not have seen. */
let acceptCounter = 0;

export const useReconciliationStore = create<ReconciliationState>()((set) => ({
  lines: [],
  loading: false,
  loaded: false,
  loadError: null,
  server: {},
  query: '',
  band: 'all',
  sign: 'all',
  status: 'all',
  selectedId: null,
  rejected: {},
  queued: {},
  queuedAt: {},
  accepting: {},
  marked: {},
  acceptances: [],
  panel: 'review',
  searchOpen: false,
  editor: null,
  loadStarted: () => set({ loading: true }),
  linesLoaded: (fresh, waiting, startedAt = Number.POSITIVE_INFINITY) =>
    set((s) => {
      const stillWaiting = new Set(waiting);
      const queued = Object.fromEntries(
        Object.entries(s.queued).filter(([id, outboxId]) => stillWaiting.has(outboxId) || (s.queuedAt[Number(id)] ?? 0) >= startedAt),
      ) as Record<number, number>;
      const byId = new Map(fresh.map((l) => [l.statementLineId, l]));
      // keep the order the user saw: updated lines in place, queued ones kept (when the filters still want them), new ones at the end
      const lines = s.lines.flatMap((l) => {
        const next = byId.get(l.statementLineId);
        if (next) return [next];
        return (queued[l.statementLineId] !== undefined || s.accepting[l.statementLineId]) && matchesServerFilters(l, s.server) ? [l] : [];
      });
      const seen = new Set(lines.map((l) => l.statementLineId));
      for (const l of fresh) if (!seen.has(l.statementLineId)) lines.push(l);
      const open = new Set(lines.map((l) => l.statementLineId));
      const selectedId = s.selectedId !== null && open.has(s.selectedId) ? s.selectedId : (lines[0]?.statementLineId ?? null);
      const marked = Object.fromEntries(Object.entries(s.marked).filter(([id]) => open.has(Number(id)))) as Record<number, true>;
      const queuedAt = Object.fromEntries(Object.entries(s.queuedAt).filter(([id]) => queued[Number(id)] !== undefined)) as Record<number, number>;
      return { lines, queued, queuedAt, marked, selectedId, loading: false, loaded: true, loadError: null };
    }),
  loadFailed: (message) => set({ loading: false, loadError: message }),
  queryChanged: (query) => set({ query }),
  bandChosen: (band) => set({ band }),
  signChosen: (sign) => set({ sign }),
  statusChosen: (status) => set({ status }),
  serverFiltersChanged: (patch) => set((s) => ({ server: dropUndefined({ ...s.server, ...patch }) })),
  filtersCleared: () => set({ server: {}, query: '', band: 'all', sign: 'all', status: 'all' }),
  lineSelected: (selectedId) => set({ selectedId }),
  proposalRejected: (id, key) => set((s) => ({ rejected: { ...s.rejected, [id]: [...(s.rejected[id] ?? []), key] } })),
  rejectionReverted: (id, key) => set((s) => ({ rejected: { ...s.rejected, [id]: (s.rejected[id] ?? []).filter((k) => k !== key) } })),
  markToggled: (id) =>
    set((s) => {
      const marked = { ...s.marked };
      if (marked[id]) delete marked[id];
      else marked[id] = true;
      return { marked };
    }),
  marksCleared: () => set({ marked: {} }),
  acceptingStarted: (ids) => set((s) => ({ accepting: { ...s.accepting, ...Object.fromEntries(ids.map((id) => [id, true as const])) } })),
  acceptingEnded: (ids) =>
    set((s) => {
      const accepting = { ...s.accepting };
      for (const id of ids) delete accepting[id];
      return { accepting };
    }),
  acceptanceRecorded: (a) => set((s) => ({ acceptances: [...s.acceptances, a] })),
  linesAccepted: (a, record = true) =>
    set((s) => {
      const queued = { ...s.queued };
      const queuedAt = { ...s.queuedAt };
      const marked = { ...s.marked };
      const at = ++acceptCounter;
      a.statementLineIds.forEach((id, i) => {
        queued[id] = a.outboxIds[i] ?? a.outboxIds[0] ?? 0;
        queuedAt[id] = at;
        delete marked[id];
      });
      return { queued, queuedAt, marked, acceptances: record ? [...s.acceptances, a] : s.acceptances };
    }),
  acceptanceUndone: (a) =>
    set((s) => {
      const queued = { ...s.queued };
      for (const id of a.statementLineIds) delete queued[id];
      return { queued, acceptances: s.acceptances.filter((x) => x !== a) };
    }),
  panelChosen: (panel) => set({ panel }),
  searchOpened: (searchOpen) => set({ searchOpen }),
  editorOpened: (editor) => set({ editor }),
}));

/** Re-runs the matcher over the cache (after a sync, a push, a filter change, or on opening the page). */
let latest = 0;

export async function refreshLines(): Promise<void> {
  const seq = ++latest;
  const startedAt = acceptCounter + 1;
  const st = useReconciliationStore.getState();
  st.loadStarted();
  try {
    const [{ lines }, waiting] = await Promise.all([proposeMatches(st.server), waitingOutboxIds()]);
    // an older answer must not overwrite a newer one
    if (seq === latest) useReconciliationStore.getState().linesLoaded(lines, waiting, startedAt);
  } catch (e) {
    if (seq === latest) useReconciliationStore.getState().loadFailed(isClientError(e) ? e.message : String(e));
  }
}
