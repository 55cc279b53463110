import { z } from 'zod';
import { call } from './define';

const StatementFile = {
  fileName: z.string().min(1).max(500),
  /** the file's bytes, base64 (bank files are small; a year of CAMT is a few MB) */
  contentBase64: z.string().min(1).max(60_000_000),
};

export const PreviewLine = z.object({
  date: z.string(),
  amount: z.number(),
  currency: z.string(),
  label: z.string(),
  partnerName: z.string().optional(),
  partnerAccount: z.string().optional(),
  uniqueId: z.string(),
  /** already in the cache or already queued: importing it again does nothing */
  duplicate: z.boolean(),
});

export const PreviewStatement = z.object({
  account: z.object({ iban: z.string().optional(), number: z.string().optional(), currency: z.string().optional(), name: z.string().optional() }),
  statementId: z.string().optional(),
  openingBalance: z.number().optional(),
  closingBalance: z.number().optional(),
  lines: z.array(PreviewLine),
});

export const ProposalView = z.object({
  moveLineIds: z.array(z.number()),
  partnerId: z.number().optional(),
  writeOff: z.object({ amount: z.number(), accountId: z.number().optional(), reason: z.string() }).optional(),
  kind: z.enum(['full', 'partial', 'partner-only']),
  confidence: z.number(),
  explanation: z.array(z.string()),
});
export type ProposalView = z.infer<typeof ProposalView>;

export const LineProposals = z.object({
  statementLineId: z.number(),
  date: z.string(),
  amount: z.number(),
  label: z.string(),
  /** best first */
  proposals: z.array(ProposalView),
});
export type LineProposals = z.infer<typeof LineProposals>;

export const reconcileCalls = {
  'statements:preview': call(
    'Read a bank statement file: its lines, which bank journal its account belongs to, and how many lines are already imported.',
    z.object({ ...StatementFile, journalId: z.number().int().positive().optional() }).strict(),
    z.object({
      format: z.string(),
      statements: z.array(PreviewStatement),
      /** null: the account matches no bank journal; ask the user which one (statements:import needs it) */
      journalId: z.number().nullable(),
      journalMatch: z.enum(['given', 'account']).nullable(),
      lineCount: z.number(),
      duplicates: z.number(),
      warnings: z.array(z.string()),
    }),
  ),
  'statements:import': call(
    'Queue the new lines of a bank statement file for Odoo (duplicates skipped); their Odoo ids are known after the push.',
    z.object({ ...StatementFile, journalId: z.number().int().positive() }).strict(),
    z.object({ imported: z.number(), duplicates: z.number(), statementLineIds: z.array(z.number()), outboxIds: z.array(z.number()) }),
  ),
  'reconcile:propose': call(
    'Matching proposals, best first, for each unreconciled bank statement line in the cache.',
    z.object({ journalId: z.number().int().positive().optional(), limit: z.number().int().min(1).max(5000).default(500) }).strict(),
    z.object({ lines: z.array(LineProposals) }),
  ),
  'reconcile:accept': call(
    'Queue reconciliations: one proposal of one line, or every line whose best proposal reaches a confidence.',
    z.union([
      z.object({ statementLineId: z.number().int().positive(), proposalIndex: z.number().int().min(0).default(0) }).strict(),
      z.object({ minConfidence: z.number().min(0).max(1), journalId: z.number().int().positive().optional() }).strict(),
    ]),
    z.object({ queued: z.number(), skipped: z.number(), outboxIds: z.array(z.number()) }),
  ),
  'reconcile:undo': call(
    'Undo a reconciliation: discarded while still queued, reversed in Odoo (queued) once pushed.',
    z.object({ outboxId: z.number().int().positive() }).strict(),
    z.object({ action: z.enum(['discarded', 'queued-undo']), outboxId: z.number() }),
  ),
} as const;
