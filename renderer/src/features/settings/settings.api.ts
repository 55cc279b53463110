import type { CallOutput, Settings, SettingsPatch } from '../../../../core/contract';
import { getClient } from '../../shared/api/client';

export const fetchSettings = (): Promise<Settings> => getClient().invoke('settings:get', {});
export const saveSettings = (patch: SettingsPatch): Promise<Settings> => getClient().invoke('settings:set', patch);
export const startStoreCheck = (): Promise<CallOutput<'jobs:start-store-check'>> => getClient().invoke('jobs:start-store-check', {});
