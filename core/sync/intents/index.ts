import { notePostIntent } from './note-post';
import { recordUpdateIntent } from './record-update';
import type { IntentHandler } from './types';

export type { IntentHandler, Touched } from './types';

/** Every kind of change the outbox knows. Features register theirs here. */
export const INTENT_HANDLERS: Record<string, IntentHandler<unknown>> = Object.fromEntries(
  [recordUpdateIntent, notePostIntent].map((h) => [h.kind, h as IntentHandler<unknown>]),
);
