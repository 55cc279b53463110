import type { CallOutput } from '../../../../core/contract';
import { getClient } from '../../shared/api/client';

export const resetDemo = (): Promise<CallOutput<'demo:reset'>> => getClient().invoke('demo:reset', { confirm: true });
