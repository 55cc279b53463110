import type { AiStatus, AiTestResult, CallInput } from '../../../../core/contract';
import { getClient } from '../../shared/api/client';

/** Settings → AI: the core keeps the key; the renderer only learns whether one is stored. */
export const fetchAiStatus = (): Promise<AiStatus> => getClient().invoke('ai:status', {}, { report: false });
export const configureAi = (input: CallInput<'ai:configure'>): Promise<AiStatus> => getClient().invoke('ai:configure', input, { report: false });
export const testAi = (input: CallInput<'ai:test'> = {}): Promise<AiTestResult> => getClient().invoke('ai:test', input, { report: false });
