import { z } from 'zod';
import { call } from './define';

export const Role = z.enum(['cfo', 'sales', 'warehouse']);
export type Role = z.infer<typeof Role>;

/** Every user setting, with its default. Unknown keys are refused, not silently stored. */
export const Settings = z
  .object({
    theme: z.enum(['auto', 'light', 'dark']).default('auto'),
    locale: z.string().min(2).max(35).default('en-US'),
    dashboardRole: Role.default('cfo'),
    /** minutes between background syncs; 0 = manual only */
    syncIntervalMinutes: z.number().int().min(0).max(24 * 60).default(15),
    /** months of closed history kept in the cache */
    historyMonths: z.number().int().min(1).max(120).default(24),
  })
  .strict();
export type Settings = z.infer<typeof Settings>;
export const SettingsPatch = Settings.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
export const DEFAULT_SETTINGS: Settings = Settings.parse({});

export const settingsCalls = {
  'settings:get': call('All settings with defaults applied.', z.object({}).strict(), Settings),
  'settings:set': call('Change some settings; returns all of them.', SettingsPatch, Settings),
} as const;
