/**
 * Which Odoo partner sent the invoice. Exact evidence first, against the cached partners: VAT id, IBAN (a
 * res.partner.bank of the partner), e-mail, the e-mail's company domain; then a fuzzy name match (fuse.js)
 * on names with legal forms removed ("ACME Trading GmbH" ≈ "Acme Trading"). Contacts resolve to their
 * company. No match → the review offers to create the vendor.
 */
import type Database from 'better-sqlite3';
import Fuse from 'fuse.js';
import { normalizeIban } from '../../shared/iban';
import { normalizeVat } from '../../shared/vat';
import { foldText, nameTokens } from '../reconciliation/matching/normalize';
import type { Extraction } from './types';

export type VendorMatchedBy = 'vat' | 'iban' | 'email' | 'domain' | 'name';

export type VendorCandidate = { partnerId: number; name: string; score: number; matchedBy: VendorMatchedBy };

export type VendorMatch = {
  partnerId?: number;
  partnerName?: string;
  matchedBy: VendorMatchedBy | null;
  score?: number;
  candidates: VendorCandidate[];
};

export type PartnerInput = {
  id: number;
  name: string;
  vat?: string;
  email?: string;
  isCompany: boolean;
  commercialPartnerId?: number;
  supplierRank: number;
  active: boolean;
  bankAccounts: string[];
};

/** Legal forms nameTokens does not know yet (Spanish, Polish, Czech, Hungarian, Greek, Australian…). */
const MORE_LEGAL_FORMS = new Set(['SL', 'SLU', 'SAU', 'SLL', 'SPZOO', 'ZOO', 'SP', 'SRO', 'AS', 'KFT', 'ZRT', 'AE', 'EPE', 'PTY', 'PVT', 'OU', 'DOO', 'SPOLSRO', 'GBR', 'EV', 'SE', 'SCA', 'SCRL', 'SC', 'SCOP']);

/** A vendor name as compared: folded, legal forms and connectors removed ("Acme B.V." → "ACME"). */
export function normalizeVendorName(raw: string): string {
  const toks = nameTokens(raw);
  let end = toks.length;
  while (end > 1 && MORE_LEGAL_FORMS.has(toks[end - 1]!)) end--;
  return toks.slice(0, end).join(' ');
}

/** Mail providers whose domain says nothing about the company. */
const FREE_MAIL = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.fr', 'live.com', 'msn.com', 'yahoo.com', 'yahoo.fr', 'yahoo.de', 'icloud.com', 'me.com',
  'aol.com', 'gmx.de', 'gmx.net', 'gmx.at', 'web.de', 't-online.de', 'orange.fr', 'wanadoo.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'proton.me', 'protonmail.com',
  'mail.com', 'zoho.com', 'telenet.be', 'skynet.be', 'ziggo.nl', 'kpnmail.nl', 'libero.it', 'virgilio.it', 'example.com',
]);

export const emailDomain = (email: string): string | null => {
  const at = email.lastIndexOf('@');
  if (at < 0) return null;
  const d = email.slice(at + 1).trim().toLowerCase();
  return d && !FREE_MAIL.has(d) ? d : null;
};

const SCORE: Record<VendorMatchedBy, number> = { vat: 1, iban: 0.97, email: 0.95, domain: 0.85, name: 0 };
/** A fuzzy name match is taken as the vendor from this score, and only this far ahead of the next one. */
const NAME_ACCEPT = 0.82;
const NAME_MARGIN = 0.05;

export type VendorIndex = {
  match(e: Pick<Extraction, 'fields'>): VendorMatch;
  nameOf(id: number): string | undefined;
  size: number;
};

/** An index over partners; build once per cache state and reuse for every document. */
export function buildVendorIndex(partners: readonly PartnerInput[]): VendorIndex {
  const byId = new Map(partners.map((p) => [p.id, p]));
  /** contacts resolve to their commercial partner (the company the bill is booked on) */
  const commercial = (id: number): PartnerInput => {
    const p = byId.get(id);
    const c = p?.commercialPartnerId !== undefined ? byId.get(p.commercialPartnerId) : undefined;
    return c ?? p!;
  };
  const push = (m: Map<string, number[]>, k: string, id: number) => {
    const list = m.get(k);
    if (!list) m.set(k, [id]);
    else if (!list.includes(id)) list.push(id);
  };
  const byVat = new Map<string, number[]>();
  const byIban = new Map<string, number[]>();
  const byEmail = new Map<string, number[]>();
  const byDomain = new Map<string, number[]>();
  for (const p of partners) {
    if (!p.active) continue;
    const cp = commercial(p.id).id;
    if (p.vat) push(byVat, normalizeVat(p.vat), cp);
    for (const acc of p.bankAccounts) push(byIban, normalizeIban(acc), cp);
    if (p.email) {
      for (const one of p.email.split(/[;,\s]+/).filter(Boolean)) {
        push(byEmail, one.toLowerCase(), cp);
        const d = emailDomain(one);
        if (d) push(byDomain, d, cp);
      }
    }
  }
  const companies = partners.filter((p) => p.active && (p.commercialPartnerId === undefined || p.commercialPartnerId === p.id));
  const docs = companies.map((p) => ({ id: p.id, norm: normalizeVendorName(p.name) || foldText(p.name) }));
  const fuse = new Fuse(docs, { keys: ['norm'], includeScore: true, threshold: 0.45, ignoreLocation: true, minMatchCharLength: 2 });

  /** among several partners with the same evidence: suppliers first, then companies, then the oldest */
  const best = (ids: number[]): number =>
    [...ids].sort((a, b) => {
      const pa = byId.get(a)!;
      const pb = byId.get(b)!;
      return Number(pb.supplierRank > 0) - Number(pa.supplierRank > 0) || Number(pb.isCompany) - Number(pa.isCompany) || a - b;
    })[0]!;

  function match(e: Pick<Extraction, 'fields'>): VendorMatch {
    const f = e.fields;
    const candidates = new Map<number, VendorCandidate>();
    const add = (id: number, matchedBy: VendorMatchedBy, score: number) => {
      const prev = candidates.get(id);
      if (!prev || prev.score < score) candidates.set(id, { partnerId: id, name: byId.get(id)?.name ?? `#${id}`, score, matchedBy });
    };
    const exact: Array<[VendorMatchedBy, number[] | undefined]> = [
      ['vat', f.vendorVat?.value ? byVat.get(normalizeVat(f.vendorVat.value)) : undefined],
      ['iban', f.vendorIban?.value ? byIban.get(normalizeIban(f.vendorIban.value)) : undefined],
      ['email', f.vendorEmail?.value ? byEmail.get(f.vendorEmail.value.trim().toLowerCase()) : undefined],
      ['domain', f.vendorEmail?.value ? byDomain.get(emailDomain(f.vendorEmail.value) ?? '') : undefined],
    ];
    for (const [by, ids] of exact) {
      // evidence shared by many partners (a shared domain, a factoring company's IBAN) counts less
      for (const id of ids ?? []) add(id, by, SCORE[by] - (ids!.length > 1 ? 0.1 : 0));
    }
    const name = f.vendorName?.value ? normalizeVendorName(f.vendorName.value) || foldText(f.vendorName.value) : '';
    if (name.length >= 2) {
      for (const r of fuse.search(name, { limit: 8 })) {
        const score = Math.round((1 - (r.score ?? 1)) * 1000) / 1000;
        if (score >= 0.5) add(r.item.id, 'name', score);
      }
    }
    const list = [...candidates.values()].sort((a, b) => b.score - a.score || a.partnerId - b.partnerId);
    const top = list[0];
    const view = list.slice(0, 6);
    if (top && top.matchedBy !== 'name') {
      // exact evidence: the best partner among those sharing it
      const sameEvidence = list.filter((c) => c.matchedBy === top.matchedBy && c.score === top.score).map((c) => c.partnerId);
      const id = best(sameEvidence);
      return { partnerId: id, partnerName: byId.get(id)?.name ?? '', matchedBy: top.matchedBy, score: top.score, candidates: view };
    }
    if (top && top.score >= NAME_ACCEPT && (list[1]?.score ?? 0) <= top.score - NAME_MARGIN) {
      return { partnerId: top.partnerId, partnerName: top.name, matchedBy: 'name', score: top.score, candidates: view };
    }
    return { matchedBy: null, candidates: view };
  }

  return { match, nameOf: (id) => byId.get(id)?.name, size: partners.length };
}

const m2oId = (v: unknown): number | undefined => (Array.isArray(v) && typeof v[0] === 'number' ? v[0] : typeof v === 'number' ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** Partners and their bank accounts from the local cache of Odoo. */
export function loadPartners(db: Database.Database): PartnerInput[] {
  const banks = new Map<number, string[]>();
  for (const r of db
    .prepare<[], { acc: string | null; partner: string | null; active: number }>(
      `SELECT json_extract(data, '$.acc_number') AS acc, json_extract(data, '$.partner_id') AS partner, active FROM cache_records WHERE model = 'res.partner.bank'`,
    )
    .all()) {
    const pid = m2oId(r.partner ? JSON.parse(r.partner) : undefined);
    if (!r.acc || pid === undefined || r.active === 0) continue;
    const list = banks.get(pid) ?? [];
    list.push(r.acc);
    banks.set(pid, list);
  }
  return db
    .prepare<[], { id: number; active: number; data: string }>(`SELECT id, active, data FROM cache_records WHERE model = 'res.partner'`)
    .all()
    .map((r) => {
      const d = JSON.parse(r.data) as Record<string, unknown>;
      const commercialPartnerId = m2oId(d.commercial_partner_id);
      const vat = str(d.vat);
      const email = str(d.email);
      return {
        id: r.id,
        name: str(d.name) ?? str(d.display_name) ?? `#${r.id}`,
        ...(vat ? { vat } : {}),
        ...(email ? { email } : {}),
        isCompany: d.is_company === true,
        ...(commercialPartnerId !== undefined ? { commercialPartnerId } : {}),
        supplierRank: typeof d.supplier_rank === 'number' ? d.supplier_rank : 0,
        active: r.active !== 0 && d.active !== false,
        bankAccounts: banks.get(r.id) ?? [],
      };
    });
}

/**
 * The vendor index for the current cache, rebuilt only when the cached partners or bank accounts changed
 * (their count or latest sync time), so a batch of documents shares one index.
 */
export function createVendorIndexCache(db: Database.Database) {
  let key = '';
  let index: VendorIndex | null = null;
  const stamp = db.prepare<[], { n: number; at: string | null; wd: string | null }>(
    `SELECT count(*) AS n, max(synced_at) AS at, max(write_date) AS wd FROM cache_records WHERE model IN ('res.partner', 'res.partner.bank')`,
  );
  return {
    get(): VendorIndex {
      const s = stamp.get()!;
      const k = `${s.n}|${s.at}|${s.wd}`;
      if (!index || k !== key) {
        index = buildVendorIndex(loadPartners(db));
        key = k;
      }
      return index;
    },
  };
}
