/**
 * Input and output shapes of the matching engine. Inputs carry money the way Odoo gives it (floats in
 * major units); the engine converts to integer cents once and works in cents throughout.
 */

export type AccountType = 'asset_receivable' | 'liability_payable' | 'asset_current';

/** One unreconciled bank statement line (account.bank.statement.line). */
export type StatementLineInput = {
  id: number;
  journalId: number;
  date: string;
  /** signed, in the journal's currency (incoming > 0) */
  amount: number;
  /** ISO code of the journal's currency */
  currency: string;
  /** payment_ref */
  label: string;
  partnerId?: number;
  partnerName?: string;
  accountNumber?: string;
  /** when the bank converted: the original currency and amount (foreign_currency_id, amount_currency) */
  foreignCurrency?: string;
  amountCurrency?: number;
  /** signed company-currency value of the liquidity line, when known (foreign-currency journals) */
  amountCompany?: number;
};

/** An open journal item that a bank line can settle: a receivable/payable item, or an outstanding payment. */
export type CandidateItem = {
  id: number;
  moveId: number;
  /** e.g. INV/2026/00042 */
  moveName: string;
  /** the move's ref (vendor bill number, customer PO) */
  ref?: string;
  /** the move's payment_reference (structured communication, invoice number) */
  paymentReference?: string;
  partnerId?: number;
  accountId: number;
  accountType: AccountType;
  date: string;
  dateMaturity?: string;
  /** signed, company currency */
  amountResidual: number;
  /** ISO code of the item's currency */
  currency: string;
  /** signed, item currency */
  amountResidualCurrency: number;
  /** an outstanding payment (account.payment) rather than an invoice term line */
  isPayment?: boolean;
};

export type PartnerInput = {
  id: number;
  name: string;
  vat?: string;
  commercialPartnerId?: number;
  /** acc_number of its res.partner.bank records, any formatting */
  bankAccounts: string[];
};

export type JournalSettings = {
  /** the gap accepted as a write-off: the larger of percent of the line and the fixed amount (major units) */
  amountTolerance?: { percent?: number; fixed?: number };
  feeAccountId?: number;
  fxGainAccountId?: number;
  fxLossAccountId?: number;
  discountAccountId?: number;
};

/** A label (or bank counterparty name) the user once mapped to a partner; the caller learns these. */
export type LearnedMapping = { key: string; partnerId: number };

export type MatchingInput = {
  companyCurrency: string;
  lines: StatementLineInput[];
  candidates: CandidateItem[];
  partners: PartnerInput[];
  journals?: Record<number, JournalSettings>;
  learned?: LearnedMapping[];
};

export type WriteOffReason = 'bank-fee' | 'fx' | 'discount' | 'rounding';

export type WriteOff = {
  /** company currency, major units, sign of the open residual it closes (short payment > 0 for a receivable) */
  amount: number;
  amountCents: number;
  accountId?: number;
  reason: WriteOffReason;
};

/** full: the items are settled (with the write-off, if any); partial: the items stay partly open; partner-only: no item, set the partner. */
export type ProposalKind = 'full' | 'partial' | 'partner-only';

export type Proposal = {
  moveLineIds: number[];
  partnerId?: number;
  writeOff?: WriteOff;
  kind: ProposalKind;
  /** calibrated probability that this proposal is the right one */
  confidence: number;
  /** the evidence, in words */
  explanation: string[];
  /** uncalibrated ranking score (log-odds) */
  score: number;
};

export type LineResult = { statementLineId: number; proposals: Proposal[] };

export type MatchOptions = {
  /** proposals kept per line (default 5) */
  maxProposals?: number;
  /** proposals below this confidence are dropped (default 0.05): a line with none is left for manual work */
  minConfidence?: number;
  /** subset-sum bounds (default 25 items, 5 picks) */
  maxSubsetItems?: number;
  maxSubsetPicks?: number;
  /** keep the feature vectors on the proposals (fitting and diagnostics) */
  withFeatures?: boolean;
  /** coefficients to use instead of the fitted ones (fitting) */
  model?: { rank: number[]; calib: number[] };
};
