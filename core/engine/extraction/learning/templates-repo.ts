import type Database from 'better-sqlite3';
import { normalizeIban } from '../../../shared/iban';
import { normalizeVat } from '../../../shared/vat';
import type { Extraction } from '../types';
import { normalizeVendorName } from '../vendor-match';
import { emptyTemplate, type VendorTemplate } from './anchors';

export type TemplateRow = {
  id: number;
  partnerId: number | null;
  identity: string[];
  template: VendorTemplate;
  autoDraft: boolean;
  updatedAt: string;
};

/** The keys that say "this is the same vendor" without an Odoo partner: VAT, IBAN, e-mail, name as read. */
export function identityKeys(e: Pick<Extraction, 'fields'>): string[] {
  const f = e.fields;
  const keys: string[] = [];
  if (f.vendorVat?.value) keys.push(`vat:${normalizeVat(f.vendorVat.value)}`);
  if (f.vendorIban?.value) keys.push(`iban:${normalizeIban(f.vendorIban.value)}`);
  if (f.vendorEmail?.value) keys.push(`email:${f.vendorEmail.value.trim().toLowerCase()}`);
  const name = f.vendorName?.value ? normalizeVendorName(f.vendorName.value) : '';
  if (name) keys.push(`name:${name}`);
  return keys;
}

const KEY_RANK = ['vat:', 'iban:', 'email:', 'name:'];

type Raw = { id: number; partner_id: number | null; identity: string; template: string; auto_draft: number; updated_at: string };
const toRow = (r: Raw): TemplateRow => ({
  id: r.id,
  partnerId: r.partner_id,
  identity: JSON.parse(r.identity) as string[],
  template: JSON.parse(r.template) as VendorTemplate,
  autoDraft: r.auto_draft === 1,
  updatedAt: r.updated_at,
});

/** Vendor templates of one connection: found by partner first, then by the strongest shared identity key. */
export function createTemplatesRepo(db: Database.Database, connectionId: string) {
  const all = (): TemplateRow[] =>
    db
      .prepare<[string], Raw>(`SELECT id, partner_id, identity, template, auto_draft, updated_at FROM vendor_templates WHERE connection_id = ? ORDER BY id`)
      .all(connectionId)
      .map(toRow);

  function find(partnerId: number | null, keys: string[]): { row: TemplateRow; by: 'partner' | string } | null {
    const rows = all();
    if (partnerId !== null) {
      const r = rows.find((x) => x.partnerId === partnerId);
      if (r) return { row: r, by: 'partner' };
    }
    for (const prefix of KEY_RANK) {
      for (const k of keys.filter((x) => x.startsWith(prefix))) {
        // a template bound to another partner is that partner's, whatever the name says
        const r = rows.find((x) => x.identity.includes(k) && (partnerId === null || x.partnerId === null || x.partnerId === partnerId));
        if (r) return { row: r, by: k };
      }
    }
    return null;
  }

  return {
    all,
    find,
    byPartner: (partnerId: number) => all().find((x) => x.partnerId === partnerId) ?? null,
    /** saves (insert or update) a vendor's template, merging identity keys and binding it to the partner */
    save(existing: TemplateRow | null, t: { partnerId: number | null; keys: string[]; template: VendorTemplate }): TemplateRow {
      const at = new Date().toISOString();
      // binding an unbound template to a partner that already has one: merge into the partner's (its rules yield)
      if (t.partnerId !== null && existing && existing.partnerId !== t.partnerId) {
        const owner = all().find((x) => x.partnerId === t.partnerId);
        if (owner) {
          db.prepare(`DELETE FROM vendor_templates WHERE id = ?`).run(existing.id);
          const rules = { ...owner.template.rules, ...t.template.rules };
          const lines = [...(t.template.lines ?? []), ...(owner.template.lines ?? [])].slice(0, 3);
          return this.save(owner, { partnerId: t.partnerId, keys: [...existing.identity, ...t.keys], template: { ...t.template, rules, ...(lines.length > 0 ? { lines } : {}) } });
        }
      }
      const identity = [...new Set([...(existing?.identity ?? []), ...t.keys])].slice(-50);
      const partnerId = t.partnerId ?? existing?.partnerId ?? null;
      if (existing) {
        db.prepare(`UPDATE vendor_templates SET partner_id = ?, identity = ?, template = ?, updated_at = ? WHERE id = ?`).run(
          partnerId,
          JSON.stringify(identity),
          JSON.stringify(t.template),
          at,
          existing.id,
        );
        return { ...existing, partnerId, identity, template: t.template, updatedAt: at };
      }
      const info = db
        .prepare(`INSERT INTO vendor_templates (connection_id, partner_id, identity, template, auto_draft, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)`)
        .run(connectionId, partnerId, JSON.stringify(identity), JSON.stringify(t.template), at, at);
      return { id: Number(info.lastInsertRowid), partnerId, identity, template: t.template, autoDraft: false, updatedAt: at };
    },
    /** the auto-draft switch lives with the partner's template (an empty template when none was learned) */
    setAutoDraft(partnerId: number, on: boolean): void {
      const row = all().find((x) => x.partnerId === partnerId);
      if (row) {
        db.prepare(`UPDATE vendor_templates SET auto_draft = ?, updated_at = ? WHERE id = ?`).run(on ? 1 : 0, new Date().toISOString(), row.id);
        return;
      }
      const at = new Date().toISOString();
      db.prepare(`INSERT INTO vendor_templates (connection_id, partner_id, identity, template, auto_draft, created_at, updated_at) VALUES (?, ?, '[]', ?, ?, ?, ?)`).run(
        connectionId,
        partnerId,
        JSON.stringify(emptyTemplate()),
        on ? 1 : 0,
        at,
        at,
      );
    },
  };
}
export type TemplatesRepo = ReturnType<typeof createTemplatesRepo>;
