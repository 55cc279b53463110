import { create } from 'zustand';
import type { Settings, SettingsPatch } from '../../../../core/contract';
import { fetchSettings, saveSettings } from './settings.api';

type SettingsState = {
  /** null until the core answered `settings:get` */
  settings: Settings | null;
  settingsLoaded(settings: Settings): void;
  /** optimistic local change while `settings:set` is in flight */
  settingsPatched(patch: SettingsPatch): void;
};

/** The user's preferences, persisted by the core. Theme, locale and dashboard role all read from here. */
export const useSettingsStore = create<SettingsState>()((set) => ({
  settings: null,
  settingsLoaded: (settings) => set({ settings }),
  settingsPatched: (patch) => set((s) => (s.settings ? { settings: { ...s.settings, ...patch } } : {})),
}));

export async function loadSettings(): Promise<void> {
  try {
    useSettingsStore.getState().settingsLoaded(await fetchSettings());
  } catch {
    // reported by the client; the app keeps running on defaults
  }
}

/** Applies the change at once and rolls it back if the core refuses it. */
export async function changeSettings(patch: SettingsPatch): Promise<boolean> {
  const { settings: before, settingsPatched, settingsLoaded } = useSettingsStore.getState();
  settingsPatched(patch);
  try {
    settingsLoaded(await saveSettings(patch));
    return true;
  } catch {
    if (before) settingsLoaded(before);
    return false;
  }
}
