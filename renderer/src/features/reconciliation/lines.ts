import type { Proposal, StatementLine } from './reconciliation.api';

export type Band = 'auto' | 'high' | 'medium' | 'none';
export type BandFilter = Band | 'all';
export type SignFilter = 'all' | 'in' | 'out';
/** open: neither queued nor skipped; queued: accepted, waiting in the outbox; skipped: a proposal was rejected */
export type StatusFilter = 'all' | 'open' | 'queued' | 'skipped';

/** The confidence a line needs to be accepted in bulk (the auto band). */
export const AUTO_CONFIDENCE = 0.995;

export const BANDS: readonly { band: Band; label: string; color: string; min: number }[] = [
  { band: 'auto', label: 'auto', color: 'green', min: AUTO_CONFIDENCE },
  { band: 'high', label: 'high', color: 'teal', min: 0.9 },
  { band: 'medium', label: 'review', color: 'yellow', min: 0.5 },
  { band: 'none', label: 'no match', color: 'gray', min: 0 },
];

export function bandOf(confidence: number | undefined): Band {
  if (confidence === undefined) return 'none';
  if (confidence >= AUTO_CONFIDENCE) return 'auto';
  if (confidence >= 0.9) return 'high';
  if (confidence >= 0.5) return 'medium';
  return 'none';
}

export const bandInfo = (band: Band): (typeof BANDS)[number] => BANDS.find((b) => b.band === band) ?? BANDS[3]!;

/**
 * A proposal's identity across refreshes (the core reorders a rejected proposal, so indices move): its items,
 * kind and write-off.
 */
export const proposalKey = (p: Proposal): string => `${p.kind}:${p.partnerId ?? ''}:${p.moveLineIds.join(',')}:${p.writeOff ? Math.round(p.writeOff.amount * 100) : ''}`;

/** A proposal with its index in the core's list (what `reconcile:accept` takes). */
export type IndexedProposal = { index: number; proposal: Proposal };

/** The proposals neither the core nor this session marked rejected, best first. */
export function openProposals(line: StatementLine, rejected: readonly string[] = []): IndexedProposal[] {
  return line.proposals.flatMap((proposal, index) => (proposal.rejected || rejected.includes(proposalKey(proposal)) ? [] : [{ index, proposal }]));
}

/** The proposals the user rejected (kept, so a change of mind is one click). */
export function rejectedProposals(line: StatementLine, rejected: readonly string[] = []): IndexedProposal[] {
  return line.proposals.flatMap((proposal, index) => (proposal.rejected || rejected.includes(proposalKey(proposal)) ? [{ index, proposal }] : []));
}

export const isSkipped = (line: StatementLine, rejected: readonly string[] = []): boolean => rejectedProposals(line, rejected).length > 0;

export type LineFilters = { query: string; band: BandFilter; sign: SignFilter; status: StatusFilter };

export const lineBand = (line: StatementLine, rejected: readonly string[] = []): Band => bandOf(openProposals(line, rejected)[0]?.proposal.confidence);

/** The accept-able best proposal: not partner-only (that one has nothing to reconcile). */
export const acceptableTop = (line: StatementLine, rejected: readonly string[] = []): IndexedProposal | undefined =>
  openProposals(line, rejected).find((p) => p.proposal.moveLineIds.length > 0);

export function matchesText(line: StatementLine, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const hay = [line.label, line.partnerName, line.counterpartyName, line.journalName, line.accountNumber, ...line.proposals.flatMap((p) => [p.partnerName, ...p.items.map((i) => i.moveName)])]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  return q.split(/\s+/).every((w) => hay.includes(w));
}

export function matchesFilters(line: StatementLine, f: Omit<LineFilters, 'band' | 'status'>): boolean {
  if (!matchesText(line, f.query)) return false;
  if (f.sign === 'in' && line.amount < 0) return false;
  if (f.sign === 'out' && line.amount >= 0) return false;
  return true;
}

export type LineState = { rejected: Readonly<Record<number, readonly string[]>>; queued: Readonly<Record<number, number>> };

export function lineStatus(line: StatementLine, s: LineState): Exclude<StatusFilter, 'all'> {
  if (s.queued[line.statementLineId] !== undefined) return 'queued';
  return isSkipped(line, s.rejected[line.statementLineId]) ? 'skipped' : 'open';
}

/** Lines matching the text, sign and status filters, the per-band counts among them, and those in the chosen band. */
export function filterLines(lines: readonly StatementLine[], s: LineState, f: LineFilters): { visible: StatementLine[]; counts: Record<Band, number> } {
  const counts: Record<Band, number> = { auto: 0, high: 0, medium: 0, none: 0 };
  const visible: StatementLine[] = [];
  for (const line of lines) {
    if (!matchesFilters(line, f)) continue;
    if (f.status !== 'all' && lineStatus(line, s) !== f.status) continue;
    const band = lineBand(line, s.rejected[line.statementLineId]);
    counts[band] += 1;
    if (f.band === 'all' || f.band === band) visible.push(line);
  }
  return { visible, counts };
}

/** The server-side filters (journal, period, amount on the absolute value) checked locally, for lines kept while queued. */
export type ServerFilters = { journalId?: number; dateFrom?: string; dateTo?: string; amountMin?: number; amountMax?: number };

export function matchesServerFilters(line: StatementLine, f: ServerFilters): boolean {
  if (f.journalId !== undefined && line.journalId !== f.journalId) return false;
  if (f.dateFrom && line.date < f.dateFrom) return false;
  if (f.dateTo && line.date > f.dateTo) return false;
  const abs = Math.abs(line.amount);
  if (f.amountMin !== undefined && abs < f.amountMin) return false;
  if (f.amountMax !== undefined && abs > f.amountMax) return false;
  return true;
}

export function formatAmount(amount: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'always' }).format(amount);
}

/** "1,234.50 EUR" without a forced sign (residuals, balances). */
export function formatMoney(amount: number, currency?: string, locale?: string): string {
  const n = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
  return currency ? `${n} ${currency}` : n;
}

export const cents = (v: number): number => Math.round(v * 100);
export const round2 = (v: number): number => cents(v) / 100;

export const formatPercent = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(digits)} %`);
