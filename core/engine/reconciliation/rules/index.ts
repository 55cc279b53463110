/**
 * Learned reconciliation rules per bank journal: recurring label patterns that always end on the same
 * partner (label → partner) or on the same counterpart account and tax (label → account: bank fees, rent,
 * card terminal costs), and the journal's usual payment gap (tolerance). Mined from decided lines (the
 * user's accepts and corrections, and lines already reconciled in Odoo), back-tested on the same journal's
 * history before anyone enables them. Pure functions over plain data.
 */
import { foldText } from '../matching/normalize';

/** What a decided bank line ended on. */
export type DecidedTarget =
  | { kind: 'items'; partnerId?: number; /** company currency, what the items' residuals exceeded the line by (> 0: paid short) */ gap?: number; itemsTotal?: number }
  | { kind: 'account'; accountId: number; taxId?: number };

export type DecidedLine = {
  id: number;
  journalId: number;
  date: string;
  amount: number;
  label: string;
  /** the bank's counterparty name, when the statement gave one */
  partnerName?: string;
  target: DecidedTarget;
};

export type RuleKind = 'label-partner' | 'label-account';

export type RuleCandidate = {
  journalId: number;
  kind: RuleKind;
  /** normalised label tokens separated by one space */
  pattern: string;
  partnerId?: number;
  accountId?: number;
  taxId?: number;
  /** lines of the mining set the pattern covers and that ended on the rule's target */
  support: number;
};

export type Backtest = { lines: number; matched: number; correct: number; precision: number | null; coverage: number };

export type Tolerance = { kind: 'percent' | 'fixed'; value: number };

export type MineOptions = {
  /** least number of lines a pattern must cover (default 3) */
  minSupport?: number;
  /** least share of the pattern's lines that end on its target (default 0.95) */
  minPrecision?: number;
  /** longest pattern in tokens (default 4) */
  maxTokens?: number;
};

/** Tokens of a label that can make a pattern: letters only (dates, amounts, references and counters vary line to line). */
export function labelTokens(label: string): string[] {
  const out: string[] = [];
  for (const t of foldText(label).split(/[^A-Z0-9]+/)) {
    if (t.length < 2 || /\d/.test(t)) continue;
    out.push(t);
  }
  return out;
}

/** Whether the label's tokens contain the pattern's tokens contiguously. */
export function matchesPattern(tokens: readonly string[], pattern: readonly string[]): boolean {
  if (pattern.length === 0 || pattern.length > tokens.length) return false;
  outer: for (let i = 0; i + pattern.length <= tokens.length; i++) {
    for (let k = 0; k < pattern.length; k++) if (tokens[i + k] !== pattern[k]) continue outer;
    return true;
  }
  return false;
}

const targetKey = (kind: RuleKind, t: DecidedTarget): string | undefined => {
  if (kind === 'label-account') return t.kind === 'account' ? `a${t.accountId}:${t.taxId ?? ''}` : undefined;
  return t.kind === 'items' && t.partnerId !== undefined ? `p${t.partnerId}` : undefined;
};

const ngrams = (tokens: readonly string[], maxN: number): Set<string> => {
  const out = new Set<string>();
  for (let n = 1; n <= maxN; n++) for (let i = 0; i + n <= tokens.length; i++) out.add(tokens.slice(i, i + n).join(' '));
  return out;
};

/**
 * Mines candidate rules of one kind from one journal's decided lines: every contiguous word n-gram is
 * counted per target; an n-gram whose lines end on one target often enough (support) and reliably
 * enough (precision) is a candidate; a greedy cover keeps the patterns that cover most lines (the longest
 * among equals) and drops those that add no lines to an already kept rule for the same target.
 */
export function mineRules(lines: readonly DecidedLine[], kind: RuleKind, opts: MineOptions = {}): RuleCandidate[] {
  const minSupport = opts.minSupport ?? 3;
  const minPrecision = opts.minPrecision ?? 0.95;
  const maxN = opts.maxTokens ?? 4;
  const byJournal = new Map<number, DecidedLine[]>();
  for (const l of lines) {
    const list = byJournal.get(l.journalId) ?? [];
    list.push(l);
    byJournal.set(l.journalId, list);
  }
  const out: RuleCandidate[] = [];
  for (const [journalId, list] of byJournal) {
    type Gram = { total: number; byTarget: Map<string, number[]> };
    const grams = new Map<string, Gram>();
    const tokensOf = list.map((l) => labelTokens(l.label));
    list.forEach((l, i) => {
      const key = targetKey(kind, l.target);
      for (const g of ngrams(tokensOf[i] ?? [], maxN)) {
        let e = grams.get(g);
        if (!e) grams.set(g, (e = { total: 0, byTarget: new Map() }));
        e.total++;
        if (key !== undefined) {
          const idx = e.byTarget.get(key) ?? [];
          idx.push(i);
          e.byTarget.set(key, idx);
        }
      }
    });
    type Cand = { pattern: string; key: string; lines: number[]; precision: number; n: number };
    const cands: Cand[] = [];
    for (const [pattern, g] of grams) {
      for (const [key, idxs] of g.byTarget) {
        if (idxs.length < minSupport) continue;
        const precision = idxs.length / g.total;
        if (precision < minPrecision) continue;
        cands.push({ pattern, key, lines: idxs, precision, n: pattern.split(' ').length });
      }
    }
    // most lines first; among equals the most precise, then the longest pattern: as general on the history,
    // but a single common word ("CARD", "RE") would fire on unrelated new lines
    cands.sort((a, b) => b.lines.length - a.lines.length || b.precision - a.precision || b.n - a.n || a.pattern.localeCompare(b.pattern));
    const covered = new Map<string, Set<number>>();
    for (const c of cands) {
      const seen = covered.get(c.key) ?? new Set<number>();
      const fresh = c.lines.filter((i) => !seen.has(i)).length;
      if (fresh < minSupport) continue;
      for (const i of c.lines) seen.add(i);
      covered.set(c.key, seen);
      const rule: RuleCandidate = { journalId, kind, pattern: c.pattern, support: c.lines.length };
      if (c.key.startsWith('p')) rule.partnerId = Number(c.key.slice(1));
      else {
        const [acc, tax] = c.key.slice(1).split(':');
        rule.accountId = Number(acc);
        if (tax) rule.taxId = Number(tax);
      }
      out.push(rule);
    }
  }
  return out;
}

/** Whether a rule's target is what the line ended on. */
export function ruleAgrees(rule: Pick<RuleCandidate, 'kind' | 'partnerId' | 'accountId' | 'taxId'>, t: DecidedTarget): boolean {
  if (rule.kind === 'label-account') return t.kind === 'account' && t.accountId === rule.accountId && (t.taxId ?? undefined) === (rule.taxId ?? undefined);
  return t.kind === 'items' && t.partnerId !== undefined && t.partnerId === rule.partnerId;
}

/**
 * Back-test on a journal's decided lines: how many lines the pattern fires on (matched), how many of those
 * ended on the rule's target (correct → precision), and the share of the journal's lines it covers.
 */
export function backtestRule(rule: RuleCandidate, lines: readonly DecidedLine[], tokenCache?: Map<number, string[]>): Backtest {
  const pattern = rule.pattern.split(' ');
  let n = 0;
  let matched = 0;
  let correct = 0;
  for (const l of lines) {
    if (l.journalId !== rule.journalId) continue;
    n++;
    let tokens = tokenCache?.get(l.id);
    if (!tokens) {
      tokens = labelTokens(l.label);
      tokenCache?.set(l.id, tokens);
    }
    if (!matchesPattern(tokens, pattern)) continue;
    matched++;
    if (ruleAgrees(rule, l.target)) correct++;
  }
  return { lines: n, matched, correct, precision: matched ? correct / matched : null, coverage: n ? matched / n : 0 };
}

/**
 * The journal's payment gap: when short payments settled in full with a write-off are common, the
 * smallest fixed amount (or percent) that covers 90% of them. Undefined when fewer than 3 such lines.
 */
export function mineTolerance(lines: readonly DecidedLine[]): Tolerance | undefined {
  const gaps: Array<{ gap: number; share: number }> = [];
  for (const l of lines) {
    const t = l.target;
    if (t.kind !== 'items' || !t.gap || t.gap <= 0 || !t.itemsTotal) continue;
    gaps.push({ gap: t.gap, share: (t.gap / Math.abs(t.itemsTotal)) * 100 });
  }
  if (gaps.length < 3) return undefined;
  const q = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.ceil(s.length * 0.9) - 1)] ?? 0;
  };
  const fixed = q(gaps.map((g) => g.gap));
  const percent = q(gaps.map((g) => g.share));
  // a fixed gap when the gaps are about the same amount, a percentage when they grow with the payment
  const spread = Math.max(...gaps.map((g) => g.gap)) / Math.max(0.01, Math.min(...gaps.map((g) => g.gap)));
  return spread <= 4 ? { kind: 'fixed', value: Math.ceil(fixed * 100) / 100 } : { kind: 'percent', value: Math.ceil(percent * 100) / 100 };
}

/** Escapes a pattern for Odoo's match_label 'match_regex' (Python re): the words in order, anything between. */
export function patternRegex(pattern: string): string {
  return pattern
    .split(' ')
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\W+');
}
