import { z } from 'zod';
import type { IntentHandler } from './types';

const RM = 'account.reconcile.model';

const Payload = z.object({
  /** the local rule it comes from (named in the model so it is found again after a dropped response) */
  ruleId: z.number().int().positive(),
  name: z.string().min(1).max(200),
  /** writeoff_suggestion: a counterpart line on an account; invoice_matching: match invoices, partner from the label */
  ruleType: z.enum(['writeoff_suggestion', 'invoice_matching']),
  journalId: z.number().int().positive(),
  matchLabel: z.enum(['contains', 'match_regex']),
  matchLabelParam: z.string().min(1).max(500),
  /** label-partner: the partner mapping (payment_ref_regex → partner) */
  partnerId: z.number().int().positive().optional(),
  partnerRegex: z.string().max(500).optional(),
  /** label-account: the counterpart line */
  accountId: z.number().int().positive().optional(),
  taxId: z.number().int().positive().optional(),
  lineLabel: z.string().max(200).optional(),
  tolerance: z.object({ kind: z.enum(['percent', 'fixed']), value: z.number().min(0) }).optional(),
});
export type ReconcileModelPayload = z.infer<typeof Payload>;

/**
 * Creates an `account.reconcile.model` from a learned rule: the label condition on the rule's journal,
 * with a partner mapping line (invoice matching) or a 100% counterpart line on the account and tax
 * (write-off suggestion). Found again by its name, which carries the rule id.
 */
export const reconcileModelCreateIntent: IntentHandler<ReconcileModelPayload> = {
  kind: 'reconcile-model:create',
  schema: Payload,
  targets: () => [],
  conflictFields: () => [],
  touched: () => [],
  async isApplied(client, p, _key, signal) {
    const ids = await client.search(RM, [['name', '=', p.name]], { signal, limit: 1 });
    return ids.length > 0;
  },
  async apply(client, p, _key, signal) {
    const vals: Record<string, unknown> = {
      name: p.name,
      rule_type: p.ruleType,
      auto_reconcile: false,
      match_journal_ids: [[6, 0, [p.journalId]]],
      match_label: p.matchLabel,
      match_label_param: p.matchLabelParam,
    };
    if (p.tolerance) {
      vals.allow_payment_tolerance = true;
      vals.payment_tolerance_type = p.tolerance.kind === 'percent' ? 'percentage' : 'fixed_amount';
      vals.payment_tolerance_param = p.tolerance.value;
    }
    if (p.partnerId !== undefined) vals.partner_mapping_line_ids = [[0, 0, { partner_id: p.partnerId, payment_ref_regex: p.partnerRegex ?? p.matchLabelParam }]];
    if (p.accountId !== undefined) {
      vals.line_ids = [[0, 0, { account_id: p.accountId, amount_type: 'percentage', amount_string: '100', label: p.lineLabel ?? p.name, ...(p.taxId !== undefined ? { tax_ids: [[6, 0, [p.taxId]]] } : {}) }]];
    }
    const id = await client.create(RM, vals, { signal, idempotent: false });
    return { result: { reconcileModelId: id, ruleId: p.ruleId }, touched: [{ model: RM, ids: [id] }] };
  },
};
