import { create } from 'zustand';

type ShortcutsState = {
  sheetOpen: boolean;
  shortcutSheetOpened(): void;
  shortcutSheetClosed(): void;
};

export const useShortcutsStore = create<ShortcutsState>()((set) => ({
  sheetOpen: false,
  shortcutSheetOpened: () => set({ sheetOpen: true }),
  shortcutSheetClosed: () => set({ sheetOpen: false }),
}));
