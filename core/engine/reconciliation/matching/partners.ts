/**
 * Who paid: partner evidence from the statement line (partner set by the bank import, IBAN / account
 * number, learned label mappings, counterparty name, names written in the label). Name matching is a
 * small IDF-weighted token matcher with legal forms removed; it tolerates bank truncation ("RETAIL W"),
 * abbreviations ("SERV", "V.D.") and one typo per word.
 */
import { normalizeIban } from '../../../shared/iban';
import { foldText, labelNameTokens, nameTokens, normalizeName, withinOneEdit } from './normalize';
import type { LearnedMapping, PartnerInput, StatementLineInput } from './types';

export type PartnerEvidence = {
  partnerId: number;
  /** the statement line already carries this partner */
  line: boolean;
  /** the line's account number belongs to this partner; `shared`: to how many partners */
  iban: boolean;
  ibanShared: number;
  learned?: string;
  /** counterparty name similarity 0..1 */
  nameSim: number;
  /** share of the partner's name found in the label 0..1 */
  labelSim: number;
};

export type PartnerIndex = {
  commercialOf(id: number | undefined): number | undefined;
  nameOf(id: number): string;
  byAccount: Map<string, number[]>;
  resolve(line: StatementLineInput): Map<number, PartnerEvidence>;
};

const MAX_POSTING = 300;

export function buildPartnerIndex(partners: readonly PartnerInput[], learned: readonly LearnedMapping[] = []): PartnerIndex {
  // only contacts differ from their commercial partner: the map stays small
  const commercial = new Map<number, number>();
  for (const p of partners) if (p.commercialPartnerId !== undefined && p.commercialPartnerId !== p.id) commercial.set(p.id, p.commercialPartnerId);
  /** per partner: its name, and for commercial partners the name's tokens (one map: fewer rehashes at 50k+ partners) */
  const byId = new Map<number, { name: string; tokens: string[] }>();
  const commercialOf = (id: number | undefined) => (id === undefined ? undefined : (commercial.get(id) ?? id));

  const byAccount = new Map<string, number[]>();
  for (const p of partners) {
    const cp = commercialOf(p.id) ?? p.id;
    for (const acc of p.bankAccounts) {
      const key = normalizeIban(acc);
      if (!key) continue;
      const list = byAccount.get(key);
      if (!list) byAccount.set(key, [cp]);
      else if (!list.includes(cp)) list.push(cp);
    }
  }

  // name tokens of commercial partners only: contacts (persons) never appear as bank counterparties of an invoice
  const postings = new Map<string, number[]>();
  let companies = 0;
  for (const p of partners) {
    if (commercial.has(p.id)) {
      byId.set(p.id, { name: p.name, tokens: [] });
      continue;
    }
    const all = nameTokens(p.name);
    const toks = all.filter((t, i) => all.indexOf(t) === i);
    byId.set(p.id, { name: p.name, tokens: toks });
    companies++;
    for (const t of toks) {
      const list = postings.get(t);
      if (list) list.push(p.id);
      else postings.set(t, [p.id]);
    }
  }
  const n = Math.max(1, companies);
  const idfCache = new Map<string, number>();
  const idf = (t: string): number => {
    let v = idfCache.get(t);
    if (v === undefined) {
      v = Math.log(1 + n / (1 + (postings.get(t)?.length ?? 0)));
      idfCache.set(t, v);
    }
    return v;
  };
  const sortedTokens = [...postings.keys()].sort();
  const prefixTokens = (q: string): string[] => {
    let lo = 0;
    let hi = sortedTokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sortedTokens[mid] ?? '') < q) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < sortedTokens.length && out.length < 20; i++) {
      const t = sortedTokens[i] ?? '';
      if (!t.startsWith(q)) break;
      if (t !== q) out.push(t);
    }
    return out;
  };

  const learnedByKey = new Map<string, number>();
  for (const m of learned) learnedByKey.set(normalizeName(m.key) || foldText(m.key).trim(), m.partnerId);

  /** how well query token q matches partner token p (exact, prefix/abbreviation, initial, one typo) */
  const tokenMatch = (q: string, p: string): number => {
    if (q === p) return 1;
    if (q.length >= 3 && p.startsWith(q)) return 0.85;
    if (q.length === 1 && p.startsWith(q)) return 0.5;
    // one typo: cheap length and first-letter checks first, the edit distance only for the few that pass
    if (q.length >= 4 && p.length >= 4 && Math.abs(q.length - p.length) <= 1 && q.charCodeAt(0) === p.charCodeAt(0) && withinOneEdit(q, p)) return 0.85;
    if (p.length >= 4 && q.length > p.length && q.startsWith(p)) return 0.7;
    return 0;
  };

  const similarity = (query: string[], pid: number): { cq: number; cp: number } => {
    const ptoks = byId.get(pid)?.tokens ?? [];
    if (ptoks.length === 0 || query.length === 0) return { cq: 0, cp: 0 };
    let qw = 0;
    let qm = 0;
    const pMatched = new Array<number>(ptoks.length).fill(0);
    for (const q of query) {
      const w = q.length === 1 ? 0.5 : idf(q) || Math.log(1 + n);
      qw += w;
      let best = 0;
      ptoks.forEach((p, i) => {
        const s = tokenMatch(q, p);
        if (s > best) best = s;
        if (s > (pMatched[i] ?? 0)) pMatched[i] = s;
      });
      qm += w * best;
    }
    let pw = 0;
    let pm = 0;
    ptoks.forEach((p, i) => {
      const w = idf(p);
      pw += w;
      pm += w * (pMatched[i] ?? 0);
    });
    return { cq: qw > 0 ? qm / qw : 0, cp: pw > 0 ? pm / pw : 0 };
  };

  /**
   * Partners sharing a reasonably rare token (exact or as a prefix) with the query, roughly ranked by the
   * IDF they share; only the best few get the full (pairwise) similarity.
   */
  const retrieve = (query: string[], keep = 25): number[] => {
    const rough = new Map<number, number>();
    let rarest: number[] | undefined;
    for (const q of query) {
      const lists: Array<{ list: number[]; w: number }> = [];
      const exact = postings.get(q);
      if (exact) lists.push({ list: exact, w: idf(q) });
      if (q.length >= 3) for (const t of prefixTokens(q)) lists.push({ list: postings.get(t) ?? [], w: 0.85 * idf(t) });
      for (const { list, w } of lists) {
        if (list.length <= MAX_POSTING) for (const id of list) rough.set(id, (rough.get(id) ?? 0) + w);
        else if (!rarest || list.length < rarest.length) rarest = list;
      }
    }
    if (rough.size === 0 && rarest) for (const id of rarest.slice(0, keep)) rough.set(id, 0);
    if (rough.size <= keep) return [...rough.keys()];
    return [...rough].sort((a, b) => b[1] - a[1]).slice(0, keep).map((x) => x[0]);
  };

  // bank counterparty names and label wordings repeat (the same customers pay every month)
  type Hits = Array<{ pid: number; sim: number }>;
  const nameCache = new Map<string, Hits>();
  const labelCache = new Map<string, Hits>();
  const remember = (cache: Map<string, Hits>, key: string, hits: Hits) => {
    if (cache.size > 50_000) cache.clear();
    cache.set(key, hits);
  };
  /** share of the partner's name (IDF-weighted) the label's words cover; a partner with only generic words needs them all */
  const labelCover = (labelToks: string[], pid: number): number => {
    const { cp } = similarity(labelToks, pid);
    return cp;
  };

  const resolve = (line: StatementLineInput): Map<number, PartnerEvidence> => {
    const ev = new Map<number, PartnerEvidence>();
    const get = (pid: number): PartnerEvidence => {
      let e = ev.get(pid);
      if (!e) {
        e = { partnerId: pid, line: false, iban: false, ibanShared: 0, nameSim: 0, labelSim: 0 };
        ev.set(pid, e);
      }
      return e;
    };
    const lp = commercialOf(line.partnerId);
    if (lp !== undefined) get(lp).line = true;
    if (line.accountNumber) {
      const owners = byAccount.get(normalizeIban(line.accountNumber)) ?? [];
      for (const pid of owners) {
        const e = get(pid);
        e.iban = true;
        e.ibanShared = owners.length;
      }
    }
    const counterparty = line.partnerName ? nameTokens(line.partnerName) : [];
    if (learnedByKey.size > 0) {
      const keys = [normalizeName(line.partnerName ?? ''), normalizeName(line.label)];
      for (const k of keys) {
        const pid = k ? learnedByKey.get(k) : undefined;
        if (pid !== undefined) get(commercialOf(pid) ?? pid).learned = k;
      }
      // a learned key may also sit inside a longer label ("SEPA CT CAX COLLECT REF 123"), as whole words
      const label = ` ${keys[1] ?? ''} `;
      for (const [k, pid] of learnedByKey) {
        if (k.length >= 3 && label.includes(` ${k} `)) {
          const e = get(commercialOf(pid) ?? pid);
          e.learned ??= k;
        }
      }
    }
    // a partner set by the bank or a single known account settles who paid; names then only add evidence for it
    const settled = [...ev.values()].some((e) => e.line || (e.iban && e.ibanShared === 1));
    if (counterparty.length > 0 && !settled) {
      const key = counterparty.join(' ');
      let hits = nameCache.get(key);
      if (!hits) {
        const scored: Array<{ pid: number; sim: number }> = [];
        for (const pid of retrieve(counterparty)) {
          const { cq, cp } = similarity(counterparty, pid);
          const sim = 0.55 * cq + 0.45 * cp;
          if (sim >= 0.45) scored.push({ pid, sim });
        }
        scored.sort((a, b) => b.sim - a.sim);
        hits = scored.slice(0, 6);
        remember(nameCache, key, hits);
      }
      for (const s of hits) get(s.pid).nameSim = s.sim;
    }
    const labelToks = labelNameTokens(line.label);
    if (labelToks.length > 0) {
      if (settled) {
        for (const e of ev.values()) e.labelSim = Math.max(e.labelSim, labelCover(labelToks, e.partnerId));
      } else {
        const key = labelToks.join(' ');
        let hits = labelCache.get(key);
        if (!hits) {
          const scored: Array<{ pid: number; sim: number }> = [];
          for (const pid of retrieve(labelToks)) {
            const sim = labelCover(labelToks, pid);
            if (sim >= 0.6) scored.push({ pid, sim });
          }
          scored.sort((a, b) => b.sim - a.sim);
          hits = scored.slice(0, 4);
          remember(labelCache, key, hits);
        }
        for (const s of hits) get(s.pid).labelSim = s.sim;
      }
    }
    // partners already known through the line or IBAN also get their name similarity, for the explanation
    for (const e of ev.values()) {
      if (e.nameSim === 0 && counterparty.length > 0 && (e.line || e.iban)) {
        const { cq, cp } = similarity(counterparty, e.partnerId);
        e.nameSim = 0.55 * cq + 0.45 * cp;
      }
    }
    return ev;
  };

  return { commercialOf, nameOf: (id) => byId.get(id)?.name ?? `#${id}`, byAccount, resolve };
}

/** One number summarising how sure we are of a partner, for ordering hypotheses (not a probability). */
export function partnerStrength(e: PartnerEvidence): number {
  return (e.line ? 3 : 0) + (e.iban ? (e.ibanShared > 1 ? 1.5 : 2.5) : 0) + (e.learned ? 2.5 : 0) + 2 * e.nameSim + 1.5 * e.labelSim;
}
