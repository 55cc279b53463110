import type { Proposal, StatementLine } from './reconciliation.api';

export type Band = 'auto' | 'high' | 'medium' | 'none';
export type BandFilter = Band | 'all';
export type SignFilter = 'all' | 'in' | 'out';

/** The confidence a line needs to be accepted in bulk (shift+a). */
export const AUTO_CONFIDENCE = 0.995;

export const BANDS: readonly { band: Band; label: string; color: string }[] = [
  { band: 'auto', label: 'auto', color: 'green' },
  { band: 'high', label: 'high', color: 'teal' },
  { band: 'medium', label: 'review', color: 'yellow' },
  { band: 'none', label: 'no match', color: 'gray' },
];

export function bandOf(confidence: number | undefined): Band {
  if (confidence === undefined) return 'none';
  if (confidence >= AUTO_CONFIDENCE) return 'auto';
  if (confidence >= 0.9) return 'high';
  if (confidence >= 0.5) return 'medium';
  return 'none';
}

export const bandInfo = (band: Band): { band: Band; label: string; color: string } => BANDS.find((b) => b.band === band) ?? BANDS[3]!;

/** A proposal with its index in the core's list (what `reconcile:accept` takes). */
export type IndexedProposal = { index: number; proposal: Proposal };

/** The proposals the user has not rejected, best first. */
export function openProposals(line: StatementLine, rejected: readonly number[] = []): IndexedProposal[] {
  return line.proposals.flatMap((proposal, index) => (rejected.includes(index) ? [] : [{ index, proposal }]));
}

export type LineFilters = { query: string; band: BandFilter; sign: SignFilter };

export const lineBand = (line: StatementLine, rejected: readonly number[] = []): Band => bandOf(openProposals(line, rejected)[0]?.proposal.confidence);

export function matchesFilters(line: StatementLine, f: Omit<LineFilters, 'band'>): boolean {
  const q = f.query.trim().toLowerCase();
  if (q && !line.label.toLowerCase().includes(q)) return false;
  if (f.sign === 'in' && line.amount < 0) return false;
  if (f.sign === 'out' && line.amount >= 0) return false;
  return true;
}

/** Lines matching the text and sign filters, the per-band counts among them, and those in the chosen band. */
export function filterLines(
  lines: readonly StatementLine[],
  rejected: Readonly<Record<number, readonly number[]>>,
  f: LineFilters,
): { visible: StatementLine[]; counts: Record<Band, number> } {
  const counts: Record<Band, number> = { auto: 0, high: 0, medium: 0, none: 0 };
  const visible: StatementLine[] = [];
  for (const line of lines) {
    if (!matchesFilters(line, f)) continue;
    const band = lineBand(line, rejected[line.statementLineId]);
    counts[band] += 1;
    if (f.band === 'all' || f.band === band) visible.push(line);
  }
  return { visible, counts };
}

export function formatAmount(amount: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'always' }).format(amount);
}
