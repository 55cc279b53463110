import type { Role } from '../../../../core/contract';
import { changeSettings } from '../settings/settings.store';

/** The chosen role is a user setting, so it survives restarts and follows the data directory. */
export const saveDashboardRole = (role: Role): Promise<boolean> => changeSettings({ dashboardRole: role });
