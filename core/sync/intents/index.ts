import { billCreateIntent } from './bill-create';
import { notePostIntent } from './note-post';
import { reconcileIntent, unreconcileIntent } from './reconcile';
import { reconcileModelCreateIntent } from './reconcile-model';
import { recordUpdateIntent } from './record-update';
import { statementLineCreateIntent } from './statement-create';
import type { IntentHandler } from './types';
import { vendorCreateIntent } from './vendor-create';

export type { IntentHandler, Touched } from './types';

/** Every kind of change the outbox knows. Features register theirs here. */
export const INTENT_HANDLERS: Record<string, IntentHandler<unknown>> = Object.fromEntries(
  [recordUpdateIntent, notePostIntent, reconcileIntent, unreconcileIntent, statementLineCreateIntent, reconcileModelCreateIntent, vendorCreateIntent, billCreateIntent].map((h) => [h.kind, h as IntentHandler<unknown>]),
);
