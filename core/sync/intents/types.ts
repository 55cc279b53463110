import type { z } from 'zod';
import type { OdooClient } from '../../odoo/types';

export type Touched = Array<{ model: string; ids: number[] }>;

/**
 * One kind of change the app makes in Odoo. Later features add kinds (reconcile, bill, attachment, merge…).
 * `isApplied` must recognise the change in Odoo from its effect or its idempotency key: it is what makes a
 * push after a crash or a dropped response apply the change exactly once.
 */
export type IntentHandler<P> = {
  kind: string;
  schema: z.ZodType<P>;
  /** the records whose write_date the decision relied on */
  targets(p: P): Array<{ model: string; id: number }>;
  /** fields shown side by side when the target changed in Odoo */
  conflictFields(p: P): string[];
  isApplied(client: OdooClient, p: P, key: string, signal?: AbortSignal): Promise<boolean>;
  apply(client: OdooClient, p: P, key: string, signal?: AbortSignal): Promise<{ result: unknown; touched: Touched }>;
  /** optional: when found already applied, the same result and touched records a successful apply returns */
  appliedResult?(client: OdooClient, p: P, key: string, signal?: AbortSignal): Promise<{ result: unknown; touched: Touched } | null>;
  /** records to refresh in the cache after it applied (also when found already applied) */
  touched(p: P): Touched;
};
