import type { z } from 'zod';
import { appCalls } from './app';
import { settingsCalls } from './settings';
import { jobsCalls, JobProgress } from './jobs';
import { syncCalls, syncEvents } from './sync';
import { reconcileCalls } from './reconcile';
import { dashboardsCalls } from './dashboards';
import { documentsCalls, documentsEvents } from './documents';
import { aiCalls } from './ai';
import type { CallSpec } from './define';
import type { AppErrorShape } from '../shared/errors';

export * from './app';
export * from './settings';
export * from './jobs';
export * from './sync';
export * from './reconcile';
export * from './dashboards';
export * from './documents';
export * from './ai';
export type { CallSpec } from './define';

/**
 * The one contract between the renderer (or CLI, or a script) and the core. Every call is `domain:verb`.
 * Later features add a file per domain and spread its calls and events here.
 */
export const calls = {
  ...appCalls,
  ...settingsCalls,
  ...jobsCalls,
  ...syncCalls,
  ...reconcileCalls,
  ...dashboardsCalls,
  ...documentsCalls,
  ...aiCalls,
} as const;

export const events = {
  'jobs:progress': JobProgress,
  ...syncEvents,
  ...documentsEvents,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type ParsedInput<K extends CallName> = z.output<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export const isCallName = (name: unknown): name is CallName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);

/** Ensures every entry really is a CallSpec (a typo in a domain file is a compile error here). */
const _check: Record<string, CallSpec> = calls;
void _check;

/** The bridge the renderer sees: the preload's `window.smartOdoo` and the HTTP client share this shape. */
export type Bridge = {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
};

/**
 * The gate every host and the service apply to a call: known channel, input that parses. Returns the parsed
 * input, or the error the caller answers with (the same words wherever the check happens).
 */
export function checkCall(
  channel: unknown,
  raw: unknown,
): { ok: true; channel: CallName; input: unknown } | { ok: false; error: AppErrorShape; issues?: Array<{ path: string; message: string }> } {
  if (!isCallName(channel)) {
    return { ok: false, error: { code: 'contract/unknown-channel', message: `Unknown call “${String(channel).slice(0, 100)}”.` } };
  }
  // calls without parameters may be invoked with no input at all
  const parsed = calls[channel].input.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, channel, input: parsed.data };
  const issues = parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
  return {
    ok: false,
    issues,
    error: {
      code: 'contract/invalid-input',
      message: `Invalid input for ${channel}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
      details: { issues },
    },
  };
}
