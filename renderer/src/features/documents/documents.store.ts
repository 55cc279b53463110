import { create } from 'zustand';
import type { DocFieldName, DocumentDetail, DocumentSummary, VendorStats } from './documents.api';
import type { DocProgress, DocSourceRegion, DocumentStatus } from '../../../../core/contract';

export type DocumentsTab = 'queue' | 'vendors';

type DocumentsState = {
  docs: DocumentSummary[];
  loaded: boolean;
  loadError: string | null;
  selectedId: number | null;
  /** documents marked with `x` for a batch action */
  checked: Record<number, true>;
  tab: DocumentsTab;
  /** the selected document's detail (null while it loads or when nothing is selected) */
  detail: DocumentDetail | null;
  detailError: string | null;
  /** keyboard cursor in the field list */
  fieldIndex: number;
  /** the field being edited inline */
  editing: DocFieldName | null;
  /** the field under the mouse; wins over the keyboard cursor for the page highlight */
  hovered: DocFieldName | null;
  /** a line item under the mouse (index) */
  hoveredLine: number | null;
  vendors: VendorStats[];
  vendorsLoaded: boolean;
  vendorsError: string | null;
  /** documents added in this window, newest drop first (to select the first one after a drop) */
  lastAdded: number[];

  docsLoaded(docs: DocumentSummary[]): void;
  loadFailed(message: string): void;
  docChanged(p: { id: number; status: DocumentStatus; progress?: DocProgress | undefined }): void;
  docUpdated(doc: DocumentSummary): void;
  docRemoved(id: number): void;
  selected(id: number | null): void;
  toggledChecked(id: number): void;
  checkedCleared(): void;
  tabChosen(tab: DocumentsTab): void;
  detailLoaded(detail: DocumentDetail): void;
  detailFailed(id: number, message: string): void;
  fieldMoved(index: number): void;
  editStarted(field: DocFieldName): void;
  editEnded(): void;
  hoverChanged(field: DocFieldName | null): void;
  lineHoverChanged(index: number | null): void;
  vendorsLoadedOk(vendors: VendorStats[]): void;
  vendorsFailed(message: string): void;
  vendorUpdated(v: VendorStats): void;
  added(ids: number[]): void;
};

export const useDocumentsStore = create<DocumentsState>()((set) => ({
  docs: [],
  loaded: false,
  loadError: null,
  selectedId: null,
  checked: {},
  tab: 'queue',
  detail: null,
  detailError: null,
  fieldIndex: 0,
  editing: null,
  hovered: null,
  hoveredLine: null,
  vendors: [],
  vendorsLoaded: false,
  vendorsError: null,
  lastAdded: [],

  docsLoaded: (fresh) =>
    set((s) => {
      const ids = new Set(fresh.map((d) => d.id));
      // a document's live progress (from events) is newer than the list's copy while it is still running
      const live = new Map(s.docs.map((d) => [d.id, d]));
      const docs = fresh.map((d) => {
        const prev = live.get(d.id);
        return prev && prev.status === d.status && prev.progress && !d.progress ? { ...d, progress: prev.progress } : d;
      });
      const checked = Object.fromEntries(Object.entries(s.checked).filter(([id]) => ids.has(Number(id)))) as Record<number, true>;
      const selectedId = s.selectedId !== null && ids.has(s.selectedId) ? s.selectedId : (docs[0]?.id ?? null);
      const detail = s.detail && ids.has(s.detail.summary.id) ? s.detail : null;
      return { docs, checked, selectedId, detail, loaded: true, loadError: null };
    }),
  loadFailed: (message) => set({ loadError: message, loaded: true }),
  docChanged: ({ id, status, progress }) =>
    set((s) => ({
      docs: s.docs.map((d) => (d.id === id ? { ...d, status, ...(progress ? { progress } : {}), ...(status !== 'processing' && !progress ? { progress: undefined } : {}) } : d)),
    })),
  docUpdated: (doc) =>
    set((s) => ({
      docs: s.docs.some((d) => d.id === doc.id) ? s.docs.map((d) => (d.id === doc.id ? doc : d)) : [doc, ...s.docs],
      detail: s.detail && s.detail.summary.id === doc.id ? { ...s.detail, summary: doc } : s.detail,
    })),
  docRemoved: (id) =>
    set((s) => {
      const at = s.docs.findIndex((d) => d.id === id);
      const docs = s.docs.filter((d) => d.id !== id);
      const checked = { ...s.checked };
      delete checked[id];
      const selectedId = s.selectedId === id ? (docs[Math.min(Math.max(at, 0), docs.length - 1)]?.id ?? null) : s.selectedId;
      return { docs, checked, selectedId, detail: s.detail?.summary.id === id ? null : s.detail };
    }),
  selected: (selectedId) =>
    set((s) => (s.selectedId === selectedId ? {} : { selectedId, detail: null, detailError: null, fieldIndex: 0, editing: null, hovered: null, hoveredLine: null })),
  toggledChecked: (id) =>
    set((s) => {
      const checked = { ...s.checked };
      if (checked[id]) delete checked[id];
      else checked[id] = true;
      return { checked };
    }),
  checkedCleared: () => set({ checked: {} }),
  tabChosen: (tab) => set({ tab }),
  detailLoaded: (detail) =>
    set((s) =>
      s.selectedId === detail.summary.id
        ? { detail, detailError: null, docs: s.docs.map((d) => (d.id === detail.summary.id ? detail.summary : d)) }
        : { docs: s.docs.map((d) => (d.id === detail.summary.id ? detail.summary : d)) },
    ),
  detailFailed: (id, message) => set((s) => (s.selectedId === id ? { detailError: message } : {})),
  fieldMoved: (fieldIndex) => set({ fieldIndex }),
  editStarted: (editing) => set({ editing }),
  editEnded: () => set({ editing: null }),
  hoverChanged: (hovered) => set({ hovered }),
  lineHoverChanged: (hoveredLine) => set({ hoveredLine }),
  vendorsLoadedOk: (vendors) => set({ vendors, vendorsLoaded: true, vendorsError: null }),
  vendorsFailed: (message) => set({ vendorsError: message, vendorsLoaded: true }),
  vendorUpdated: (v) => set((s) => ({ vendors: s.vendors.map((x) => (x.partnerId === v.partnerId ? v : x)) })),
  added: (ids) => set({ lastAdded: ids }),
}));

/** Where the page highlight goes: the hovered line, else the hovered field, else the keyboard cursor's field. */
export function highlightRegion(
  detail: DocumentDetail | null,
  fieldOrder: readonly DocFieldName[],
  s: { hovered: DocFieldName | null; hoveredLine: number | null; fieldIndex: number },
): DocSourceRegion | null {
  const ex = detail?.extraction;
  if (!ex) return null;
  if (s.hoveredLine !== null) return ex.lines[s.hoveredLine]?.source ?? null;
  const field = s.hovered ?? fieldOrder[s.fieldIndex];
  if (!field) return null;
  return ex.fields[field]?.source ?? null;
}
