import { create } from 'zustand';

export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 4;

type ViewerState = {
  /** 1-based */
  page: number;
  pages: number;
  /** multiple of fit-width: 1 = the page fills the pane's width */
  zoom: number;
  /** a word clicked on the page while a field is being edited (the editor takes it) */
  picked: { text: string; append: boolean; seq: number } | null;
  reset(pages: number): void;
  pagesKnown(pages: number): void;
  pageTurned(delta: number): void;
  pageShown(page: number): void;
  zoomed(delta: number | 'fit'): void;
  wordPicked(text: string, append: boolean): void;
};

export const useViewerStore = create<ViewerState>()((set) => ({
  page: 1,
  pages: 1,
  zoom: 1,
  picked: null,
  reset: (pages) => set({ page: 1, pages: Math.max(1, pages), zoom: 1, picked: null }),
  pagesKnown: (pages) => set((s) => ({ pages: Math.max(1, pages), page: Math.min(s.page, Math.max(1, pages)) })),
  pageTurned: (delta) => set((s) => ({ page: Math.min(s.pages, Math.max(1, s.page + delta)) })),
  pageShown: (page) => set((s) => ({ page: Math.min(s.pages, Math.max(1, page)) })),
  zoomed: (delta) => set((s) => ({ zoom: delta === 'fit' ? 1 : Math.round(Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, s.zoom + delta)) * 100) / 100 })),
  wordPicked: (text, append) => set((s) => ({ picked: { text, append, seq: (s.picked?.seq ?? 0) + 1 } })),
}));
