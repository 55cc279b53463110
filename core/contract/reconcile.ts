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

/** Mirrors `CsvMapping` in core/engine/reconciliation/statements/types.ts (a column is a header text or a 0-based index). */
const ColumnRef = z.union([z.string().min(1).max(200), z.number().int().min(0).max(1000)]);
export const CsvMappingSchema = z
  .object({
    delimiter: z.string().min(1).max(4).optional(),
    decimal: z.enum(['.', ',']),
    thousands: z.string().max(2).optional(),
    dateFormat: z.enum(['YYYY-MM-DD', 'YYYYMMDD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD-MM-YYYY', 'MM-DD-YYYY', 'DD.MM.YY', 'DD/MM/YY', 'MM/DD/YY', 'YYYY/MM/DD']),
    columns: z
      .object({
        date: ColumnRef,
        amount: ColumnRef.optional(),
        debit: ColumnRef.optional(),
        credit: ColumnRef.optional(),
        debitCreditMark: ColumnRef.optional(),
        label: z.union([ColumnRef, z.array(ColumnRef).min(1).max(10)]),
        valueDate: ColumnRef.optional(),
        partnerName: ColumnRef.optional(),
        partnerAccount: ColumnRef.optional(),
        reference: ColumnRef.optional(),
        bankReference: ColumnRef.optional(),
        currency: ColumnRef.optional(),
        balance: ColumnRef.optional(),
        foreignAmount: ColumnRef.optional(),
        foreignCurrency: ColumnRef.optional(),
        transactionType: ColumnRef.optional(),
      })
      .strict(),
    skipRows: z.number().int().min(0).max(1000).optional(),
    hasHeader: z.boolean().optional(),
    debitMarks: z.array(z.string().max(20)).max(20).optional(),
    invertSign: z.boolean().optional(),
    encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-1']).optional(),
    currency: z.string().min(3).max(3).optional(),
    sheet: z.number().int().min(0).max(100).optional(),
  })
  .strict();
export type CsvMappingInput = z.infer<typeof CsvMappingSchema>;

/** An open journal item as the workbench shows it: invoice numbers and names, never bare ids. */
export const OpenItemView = z.object({
  moveLineId: z.number(),
  moveId: z.number().optional(),
  /** e.g. INV/2026/00042 */
  moveName: z.string(),
  /** the entry's ref / payment reference (vendor bill number, customer PO) */
  ref: z.string().optional(),
  partnerId: z.number().optional(),
  partnerName: z.string().optional(),
  date: z.string(),
  dateMaturity: z.string().optional(),
  /** signed, company currency */
  residual: z.number(),
  /** ISO code of the item's currency */
  currency: z.string(),
  /** signed, in the item's currency (when it is not the company's) */
  residualCurrency: z.number().optional(),
  accountType: z.enum(['receivable', 'payable', 'outstanding', 'other']),
});
export type OpenItemView = z.infer<typeof OpenItemView>;

export const SearchItemView = OpenItemView.extend({
  /** ranking score, higher is better (text match and amount closeness) */
  score: z.number().optional(),
});
export type SearchItemView = z.infer<typeof SearchItemView>;

export const ProposalView = z.object({
  moveLineIds: z.array(z.number()),
  partnerId: z.number().optional(),
  partnerName: z.string().optional(),
  writeOff: z
    .object({
      /** company currency: > 0 the line pays that much less than the items (fee, loss), < 0 more; a rule's write-off is the whole line, negative */
      amount: z.number(),
      accountId: z.number().optional(),
      accountName: z.string().optional(),
      taxId: z.number().optional(),
      taxName: z.string().optional(),
      label: z.string().optional(),
      /** 'bank-fee' | 'fx' | 'discount' | 'rounding' | 'rule' (a learned counterpart rule) */
      reason: z.string(),
    })
    .optional(),
  kind: z.enum(['full', 'partial', 'partner-only']),
  confidence: z.number(),
  explanation: z.array(z.string()),
  /** the learned rule that produced or boosted this proposal */
  ruleId: z.number().optional(),
  /** the items of moveLineIds, in the same order */
  items: z.array(OpenItemView),
  /** the user rejected this proposal once (it is no longer offered first) */
  rejected: z.boolean().optional(),
});
export type ProposalView = z.infer<typeof ProposalView>;

export const LineProposals = z.object({
  statementLineId: z.number(),
  journalId: z.number(),
  journalName: z.string().optional(),
  date: z.string(),
  amount: z.number(),
  /** ISO code of the line's (journal's) currency */
  currency: z.string(),
  label: z.string(),
  /** the partner on the line, else the best proposal's */
  partnerName: z.string().optional(),
  /** the bank's counterparty name and account, when the statement gave them */
  counterpartyName: z.string().optional(),
  accountNumber: z.string().optional(),
  /** the original currency and amount when the bank converted */
  foreignCurrency: z.string().optional(),
  amountCurrency: z.number().optional(),
  /** best first */
  proposals: z.array(ProposalView),
});
export type LineProposals = z.infer<typeof LineProposals>;

export const ManualDecision = z
  .object({
    partnerId: z.number().int().positive().optional(),
    /** what this bank line settles of each item: company currency, the item's residual sign (a customer payment settles +100 of a +100 receivable) */
    allocations: z.array(z.object({ moveLineId: z.number().int().positive(), amount: z.number() }).strict()).max(50),
    /** the part of the line booked on an account (tax included when a tax is given), in the line's sign: allocations + writeOff.amount = the line's amount */
    writeOff: z
      .object({ amount: z.number(), accountId: z.number().int().positive(), taxId: z.number().int().positive().optional(), label: z.string().max(200).optional() })
      .strict()
      .optional(),
  })
  .strict();
export type ManualDecision = z.infer<typeof ManualDecision>;

export const BandView = z.object({
  /** confidence range [min, max) (the top band includes 1) */
  min: z.number(),
  max: z.number(),
  /** past decisions on proposals in this band, and how many took the proposal as proposed */
  decisions: z.number(),
  correct: z.number(),
  precision: z.number().nullable(),
  /** where the decisions come from: already reconciled history in the cache, or the user's accepts/rejects */
  bySource: z.object({ history: z.number(), user: z.number() }),
  /** open lines whose best proposal falls in this band now */
  openLines: z.number(),
});
export type BandView = z.infer<typeof BandView>;

export const JournalBands = z.object({
  journalId: z.number(),
  journalName: z.string(),
  /** proposals at or above this confidence are accepted automatically; null: off */
  autoAcceptMin: z.number().nullable(),
  bands: z.array(BandView),
});
export type JournalBands = z.infer<typeof JournalBands>;

export const RuleView = z.object({
  id: z.number(),
  journalId: z.number(),
  kind: z.enum(['label-partner', 'label-account']),
  /** normalised label tokens ("STRIPE PAYOUT"), or a regex as text when `patternKind` is 'regex' */
  pattern: z.string(),
  patternKind: z.enum(['contains', 'regex']),
  partnerId: z.number().optional(),
  partnerName: z.string().optional(),
  accountId: z.number().optional(),
  accountName: z.string().optional(),
  taxId: z.number().optional(),
  taxName: z.string().optional(),
  tolerance: z.object({ kind: z.enum(['percent', 'fixed']), value: z.number() }).optional(),
  /** decisions the rule was mined from */
  support: z.number(),
  backtest: z.object({ lines: z.number(), matched: z.number(), correct: z.number(), precision: z.number().nullable(), coverage: z.number() }),
  state: z.enum(['candidate', 'enabled', 'disabled']),
  exportedAt: z.string().optional(),
  odooId: z.number().optional(),
  /** one sentence, e.g. "label contains 'STRIPE PAYOUT' → Stripe" */
  description: z.string(),
});
export type RuleView = z.infer<typeof RuleView>;

export const BalancePeriod = z.object({
  /** YYYY-MM */
  period: z.string(),
  opening: z.number(),
  movements: z.number(),
  closing: z.number(),
  /** the bank's declared closing balance (account.bank.statement balance_end_real) when known */
  statementClosing: z.number().optional(),
  difference: z.number(),
  ok: z.boolean(),
  lines: z.number(),
});
export type BalancePeriod = z.infer<typeof BalancePeriod>;

export const JournalBalance = z.object({
  journalId: z.number(),
  journalName: z.string(),
  currency: z.string(),
  periods: z.array(BalancePeriod),
  /** sum of the journal's statement lines in the cache */
  cacheBalance: z.number(),
  /** balance of the journal's default (bank) account in Odoo's journal items (cache); null when unknown */
  odooBalance: z.number().nullable(),
  agrees: z.boolean().nullable(),
});
export type JournalBalance = z.infer<typeof JournalBalance>;

const Money = z.number();
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const reconcileCalls = {
  'statements:preview': call(
    'Read a bank statement file: its lines, which bank journal its account belongs to, and how many lines are already imported.',
    z.object({ ...StatementFile, journalId: z.number().int().positive().optional(), csvMapping: CsvMappingSchema.optional() }).strict(),
    z.object({
      format: z.string(),
      statements: z.array(PreviewStatement),
      /** null: the account matches no bank journal; ask the user which one (statements:import needs it) */
      journalId: z.number().nullable(),
      journalMatch: z.enum(['given', 'account']).nullable(),
      lineCount: z.number(),
      duplicates: z.number(),
      warnings: z.array(z.string()),
      /** CSV/XLSX: the mapping used (given, remembered for this bank account, or suggested), the columns and the first rows */
      mapping: z.object({ suggested: CsvMappingSchema, remembered: z.boolean(), columns: z.array(z.string()), sample: z.array(z.array(z.string())) }).optional(),
      /** CSV/XLSX without a confident mapping: show the mapping dialog (statements and lines are then empty) */
      needsMapping: z.boolean(),
    }),
  ),
  'statements:import': call(
    'Queue the new lines of a bank statement file for Odoo (duplicates skipped); their Odoo ids are known after the push.',
    z.object({ ...StatementFile, journalId: z.number().int().positive(), csvMapping: CsvMappingSchema.optional() }).strict(),
    z.object({ imported: z.number(), duplicates: z.number(), statementLineIds: z.array(z.number()), outboxIds: z.array(z.number()) }),
  ),
  'reconcile:propose': call(
    'Matching proposals, best first, for each unreconciled bank statement line in the cache.',
    z
      .object({
        journalId: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(50000).default(500),
        dateFrom: IsoDate.optional(),
        dateTo: IsoDate.optional(),
        /** on the absolute line amount */
        amountMin: Money.optional(),
        amountMax: Money.optional(),
        /** on the best proposal's confidence (a line without proposals counts as 0) */
        minConfidence: z.number().min(0).max(1).optional(),
        maxConfidence: z.number().min(0).max(1).optional(),
      })
      .strict(),
    z.object({ lines: z.array(LineProposals) }),
  ),
  'reconcile:accept': call(
    'Queue reconciliations: one proposal of one line, or every line whose best proposal reaches a confidence.',
    z.union([
      z.object({ statementLineId: z.number().int().positive(), proposalIndex: z.number().int().min(0).default(0) }).strict(),
      z.object({ minConfidence: z.number().min(0).max(1), journalId: z.number().int().positive().optional() }).strict(),
      z.object({ statementLineId: z.number().int().positive(), manual: ManualDecision }).strict(),
    ]),
    z.object({ queued: z.number(), skipped: z.number(), outboxIds: z.array(z.number()) }),
  ),
  'reconcile:undo': call(
    'Undo a reconciliation: discarded while still queued, reversed in Odoo (queued) once pushed.',
    z.object({ outboxId: z.number().int().positive() }).strict(),
    z.object({ action: z.enum(['discarded', 'queued-undo']), outboxId: z.number() }),
  ),
  'reconcile:reject': call(
    'Reject a proposal: the line stays open and the rejected proposal is not offered first again.',
    z.object({ statementLineId: z.number().int().positive(), proposalIndex: z.number().int().min(0) }).strict(),
    z.object({ ok: z.literal(true) }),
  ),
  'reconcile:search': call(
    'Search the open receivable/payable items and outstanding payments in the cache, ranked by text and by amount closeness to a statement line.',
    z
      .object({
        statementLineId: z.number().int().positive().optional(),
        /** invoice number, reference, partner name or an amount */
        query: z.string().max(200).optional(),
        partnerId: z.number().int().positive().optional(),
        amountMin: Money.optional(),
        amountMax: Money.optional(),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    z.object({ items: z.array(SearchItemView) }),
  ),
  'reconcile:bands': call(
    'Confidence bands per bank journal: measured precision from past decisions, open lines per band and the auto-accept threshold.',
    z.object({ journalId: z.number().int().positive().optional() }).strict(),
    z.object({ journals: z.array(JournalBands) }),
  ),
  'reconcile:auto-accept-set': call(
    "Set (or turn off with null) a journal's auto-accept threshold: proposals at or above it are accepted now, after each sync and when imported lines arrive.",
    z.object({ journalId: z.number().int().positive(), minConfidence: z.number().min(0.5).max(1).nullable() }).strict(),
    JournalBands,
  ),
  'reconcile:rules': call(
    'Learned reconciliation rules per bank journal, with their back-test.',
    z.object({ journalId: z.number().int().positive().optional() }).strict(),
    z.object({ rules: z.array(RuleView) }),
  ),
  'reconcile:rules-mine': call(
    "Mine candidate rules from a journal's decisions and reconciled history, and back-test them.",
    z.object({ journalId: z.number().int().positive() }).strict(),
    z.object({ created: z.number(), updated: z.number(), rules: z.array(RuleView) }),
  ),
  'reconcile:rule-set': call(
    'Enable or disable a learned rule (enabled rules apply to new lines).',
    z.object({ ruleId: z.number().int().positive(), enabled: z.boolean() }).strict(),
    RuleView,
  ),
  'reconcile:rule-export': call(
    'Queue the creation of an account.reconcile.model in Odoo from a learned rule.',
    z.object({ ruleId: z.number().int().positive() }).strict(),
    z.object({ outboxId: z.number() }),
  ),
  'reconcile:lookups': call(
    'Bank journals, accounts and taxes for the write-off editor.',
    z.object({}).strict(),
    z.object({
      journals: z.array(z.object({ id: z.number(), name: z.string(), account: z.string().optional(), currency: z.string().optional() })),
      accounts: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), accountType: z.string() })),
      taxes: z.array(z.object({ id: z.number(), name: z.string(), amount: z.number(), typeTaxUse: z.string(), priceInclude: z.boolean().optional() })),
    }),
  ),
  'statements:balance': call(
    'Statement balance check per bank journal and month: opening + lines = closing, and whether Odoo’s journal balance agrees.',
    z.object({ journalId: z.number().int().positive().optional() }).strict(),
    z.object({ journals: z.array(JournalBalance) }),
  ),
} as const;
