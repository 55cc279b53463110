import { create } from 'zustand';
import type { OutboxItem } from '../../../../core/contract';
import { isClientError } from '../../shared/api/client';
import { listAudit, listOutbox, type AuditEntry, type OutboxCounts, type OutboxState } from './outbox.api';

export type OutboxTab = 'pending' | 'conflict' | 'failed' | 'applied' | 'discarded' | 'audit';

/** Which item states each tab lists; "Pending" includes a change being sent right now. */
export const TAB_STATES: Record<Exclude<OutboxTab, 'audit'>, OutboxState[]> = {
  pending: ['pending', 'applying'],
  conflict: ['conflict'],
  failed: ['failed'],
  applied: ['applied'],
  discarded: ['discarded'],
};

export const EMPTY_COUNTS: OutboxCounts = { pending: 0, applying: 0, applied: 0, failed: 0, conflict: 0, discarded: 0 };

type OutboxStoreState = {
  counts: OutboxCounts;
  tab: OutboxTab;
  items: OutboxItem[];
  audit: AuditEntry[];
  loading: boolean;
  loadError: string | null;
  /** keyboard/selection cursor in the visible list */
  cursor: number;
  /** the item shown in the detail pane */
  openedId: number | null;
  countsChanged(counts: OutboxCounts): void;
  tabChosen(tab: OutboxTab): void;
  itemsLoaded(tab: OutboxTab, items: OutboxItem[]): void;
  auditLoaded(audit: AuditEntry[]): void;
  loadFailed(message: string): void;
  cursorMoved(delta: number): void;
  itemOpened(id: number | null): void;
};

export const useOutboxStore = create<OutboxStoreState>()((set) => ({
  counts: EMPTY_COUNTS,
  tab: 'pending',
  items: [],
  audit: [],
  loading: false,
  loadError: null,
  cursor: 0,
  openedId: null,
  countsChanged: (counts) => set({ counts }),
  tabChosen: (tab) => set((s) => (s.tab === tab ? {} : { tab, items: [], cursor: 0, openedId: null, loading: true })),
  itemsLoaded: (tab, items) =>
    set((s) => {
      if (s.tab !== tab) return {};
      const opened = s.openedId !== null && items.some((i) => i.id === s.openedId) ? s.openedId : null;
      return { items, loading: false, loadError: null, openedId: opened, cursor: Math.min(s.cursor, Math.max(0, items.length - 1)) };
    }),
  auditLoaded: (audit) => set((s) => ({ audit, ...(s.tab === 'audit' ? { loading: false, loadError: null } : {}) })),
  loadFailed: (message) => set({ loadError: message, loading: false }),
  cursorMoved: (delta) =>
    set((s) => {
      const n = s.tab === 'audit' ? s.audit.length : s.items.length;
      if (n === 0) return {};
      return { cursor: Math.min(n - 1, Math.max(0, s.cursor + delta)) };
    }),
  itemOpened: (id) =>
    set((s) => {
      const idx = id === null ? -1 : s.items.findIndex((i) => i.id === id);
      return { openedId: id, ...(idx >= 0 ? { cursor: idx } : {}) };
    }),
}));

/** Pending pushes and conflicts: what the navigation badge counts (both need the user, sooner or later). */
export const needsAttention = (c: OutboxCounts): number => c.pending + c.applying + c.conflict;

const byNewest = (a: OutboxItem, b: OutboxItem) => b.id - a.id;

/** Reloads the current tab (and the counts that come with every list). */
export async function refreshOutbox(): Promise<void> {
  const { tab } = useOutboxStore.getState();
  try {
    if (tab === 'audit') {
      useOutboxStore.getState().auditLoaded(await listAudit());
      return;
    }
    const results = await Promise.all(TAB_STATES[tab].map((st) => listOutbox(st)));
    const items = results.flatMap((r) => r.items).sort(byNewest);
    const last = results[results.length - 1];
    if (last) useOutboxStore.getState().countsChanged(last.counts);
    useOutboxStore.getState().itemsLoaded(tab, items);
  } catch (e) {
    useOutboxStore.getState().loadFailed(isClientError(e) ? e.message : String(e));
  }
}

/** Only the counts (the navigation badge), e.g. at start. */
export async function refreshOutboxCounts(): Promise<void> {
  try {
    useOutboxStore.getState().countsChanged((await listOutbox(undefined, 1)).counts);
  } catch {
    // the Outbox page shows the problem when opened
  }
}

export function chooseTab(tab: OutboxTab): void {
  useOutboxStore.getState().tabChosen(tab);
  void refreshOutbox();
}
