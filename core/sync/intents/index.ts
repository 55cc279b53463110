import { notePostIntent } from './note-post';
import { reconcileIntent, unreconcileIntent } from './reconcile';
import { recordUpdateIntent } from './record-update';
import { statementLineCreateIntent } from './statement-create';
import type { IntentHandler } from './types';

export type { IntentHandler, Touched } from './types';

/** Every kind of change the outbox knows. Features register theirs here. */
export const INTENT_HANDLERS: Record<string, IntentHandler<unknown>> = Object.fromEntries(
  [recordUpdateIntent, notePostIntent, reconcileIntent, unreconcileIntent, statementLineCreateIntent].map((h) => [h.kind, h as IntentHandler<unknown>]),
);
