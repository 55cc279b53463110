/**
 * What happens to a document between the pipeline and the draft bill: the vendor template applied, the
 * vendor matched, the user's corrections kept across re-runs, the purchase-order and duplicate checks, the
 * learning from corrections, and the bill's payload (lines, taxes, accounts, PO links). Everything here
 * reads the local cache: it works offline and answers in milliseconds.
 */
import type Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { normalizeIban } from '../../shared/iban';
import { normalizeVat } from '../../shared/vat';
import type { BillCreatePayload } from '../../sync/intents/bill-create';
import { vendorAccuracy } from './learning/accuracy';
import { addRule, applyTemplate, emptyTemplate, learnRule, templateFields } from './learning/anchors';
import { addLineLayout, learnLineLayout } from './learning/line-layout';
import { createTemplatesRepo, identityKeys, type TemplateRow } from './learning/templates-repo';
import { findDuplicates, loadVendorBills, type Duplicate } from './duplicates';
import type { DocumentRow, DocumentsRepo } from './documents-repo';
import { checkOrder, findOrder, findOrderInText, loadOrderLines, loadOrders, type PoCheckResult } from './po-match';
import { FIELD_NAMES, type ExtractedDocument, type ExtractedLine, type Extraction, type FieldName, type FieldValues, type PageText } from './types';
import { createVendorIndexCache, type VendorMatch, type VendorMatchedBy } from './vendor-match';

export type Usage = { inputTokens: number; outputTokens: number; costUsd: number };

export type FieldInput = { field: FieldName; value: string | number | null } | { lines: ExtractedLine[] } | { partnerId: number };

/** Required for a bill: who, how much, when. */
export const BILL_REQUIRED = ['vendor', 'amountTotal', 'invoiceDate'] as const;

const m2oId = (v: unknown): number | undefined => (Array.isArray(v) && typeof v[0] === 'number' ? v[0] : typeof v === 'number' ? v : undefined);

/** A corrected value in its field's type (dates ISO, amounts numbers, codes without spaces). */
export function coerceFieldValue(field: FieldName, value: string | number): FieldValues[FieldName] {
  const bad = (why: string) => new AppError('contract/invalid-input', `${field}: ${why}`);
  switch (field) {
    case 'documentType':
      if (value !== 'invoice' && value !== 'credit-note') throw bad('use “invoice” or “credit-note”.');
      return value;
    case 'invoiceDate':
    case 'dueDate': {
      const s = String(value).trim();
      const d = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00Z`) : null;
      if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) throw bad('use a real date as YYYY-MM-DD.');
      return s;
    }
    case 'amountUntaxed':
    case 'amountTax':
    case 'amountTotal':
    case 'amountDue': {
      const n = typeof value === 'number' ? value : Number(String(value).replace(/\s/g, '').replace(',', '.'));
      if (!Number.isFinite(n)) throw bad('use a number.');
      return Math.round(n * 100) / 100;
    }
    case 'currency': {
      const s = String(value).trim().toUpperCase();
      if (!/^[A-Z]{3}$/.test(s)) throw bad('use an ISO 4217 code such as EUR.');
      return s;
    }
    case 'vendorVat':
      return normalizeVat(String(value));
    case 'vendorIban':
      return normalizeIban(String(value));
    default: {
      const s = String(value).trim();
      if (!s) throw bad('empty; use null to clear the field.');
      return s;
    }
  }
}

/** The user's corrections (latest per field), replayed on a fresh extraction. */
function replayCorrections(e: Extraction, corrections: ReturnType<DocumentsRepo['corrections']>): { extraction: Extraction; partnerId: number | null | undefined; fields: Set<FieldName> } {
  const fields = { ...e.fields } as Record<string, unknown>;
  let lines = e.lines;
  let partnerId: number | null | undefined;
  const corrected = new Set<FieldName>();
  for (const c of corrections) {
    if (c.field === 'lines') lines = (c.newValue as ExtractedLine[]) ?? [];
    else if (c.field === 'partner') partnerId = typeof c.newValue === 'number' ? c.newValue : null;
    else if ((FIELD_NAMES as readonly string[]).includes(c.field)) {
      const name = c.field as FieldName;
      corrected.add(name);
      if (c.newValue === null) delete fields[name];
      else {
        const prev = e.fields[name];
        fields[name] = { value: c.newValue, confidence: 1, origin: 'user', ...(prev?.source ? { source: prev.source } : {}) };
      }
    }
  }
  return { extraction: { ...e, fields: fields as Extraction['fields'], lines }, partnerId, fields: corrected };
}

export type ReviewerOptions = { db: Database.Database; repo: DocumentsRepo; connectionId: () => string; priceTolerancePct?: number };

export function createReviewer(o: ReviewerOptions) {
  const db = o.db;
  const repo = o.repo;
  const vendors = createVendorIndexCache(db);
  const templates = () => createTemplatesRepo(db, o.connectionId());

  function matchVendor(e: Extraction, template: TemplateRow | null, by: string | null): VendorMatch {
    const index = vendors.get();
    const m = index.match(e);
    if (m.partnerId === undefined && template?.partnerId != null && index.nameOf(template.partnerId) !== undefined) {
      // the user chose this partner for the same vendor before
      const kind = (by && by !== 'partner' ? by.split(':')[0] : 'name') as VendorMatchedBy;
      return { ...m, partnerId: template.partnerId, partnerName: index.nameOf(template.partnerId)!, matchedBy: kind, score: 0.9 };
    }
    return m;
  }

  /**
   * A pipeline result made ready for review: template applied, vendor matched, the user's earlier
   * corrections replayed. Returns what to store.
   */
  function finalize(doc: Pick<DocumentRow, 'id'> | null, extracted: ExtractedDocument): { extraction: Extraction; pages: PageText[]; vendorMatch: VendorMatch; partnerId: number | null; templateFields: FieldName[] } {
    let extraction = extracted.extraction;
    const t = templates();
    let vendorMatch = vendors.get().match(extraction);
    const found = t.find(vendorMatch.partnerId ?? null, identityKeys(extraction));
    let applied: FieldName[] = [];
    if (found && extracted.pages.length > 0) {
      const r = applyTemplate(extraction, extracted.pages, found.row.template);
      extraction = r.extraction;
      applied = r.applied;
    } else if (found) {
      // no page words (an e-invoice): constants still apply
      const r = applyTemplate(extraction, [], found.row.template);
      extraction = r.extraction;
      applied = r.applied;
    }
    vendorMatch = matchVendor(extraction, found?.row ?? null, found?.by ?? null);
    const replay = replayCorrections(extraction, doc ? repo.corrections(doc.id) : []);
    extraction = replay.extraction;
    if (replay.fields.size > 0) vendorMatch = matchVendor(extraction, found?.row ?? null, found?.by ?? null);
    const partnerId = replay.partnerId !== undefined ? replay.partnerId : (vendorMatch.partnerId ?? null);
    return { extraction, pages: extracted.pages, vendorMatch, partnerId, templateFields: applied };
  }

  function poCheck(doc: DocumentRow, billInOdoo = false): PoCheckResult | null {
    const e = doc.extraction;
    if (!e) return null;
    const orders = loadOrders(db);
    const order =
      findOrder(e.fields.poNumber?.value, orders, doc.partnerId ?? undefined) ??
      (e.fields.poNumber ? null : findOrderInText(repo.pages(doc.id).flatMap((p) => p.words.map((w) => w.text)), orders, doc.partnerId ?? undefined));
    if (!order) return null;
    return checkOrder(e, order, loadOrderLines(db, order.id), { priceTolerancePct: o.priceTolerancePct ?? 2, billInOdoo });
  }

  /** What the duplicate check reads, loaded once for a whole list of documents. */
  type DupContext = { queue: DocumentRow[]; bills: Map<number, ReturnType<typeof loadVendorBills>> };
  const dupContext = (connectionId: string): DupContext => ({ queue: repo.withExtraction(connectionId), bills: new Map() });

  function duplicates(doc: DocumentRow, billMoveId?: number, ctx: DupContext = dupContext(doc.connectionId)): Duplicate[] {
    const e = doc.extraction;
    if (!e || doc.partnerId === null) return [];
    let bills = ctx.bills.get(doc.partnerId);
    if (!bills) {
      bills = loadVendorBills(db, doc.partnerId);
      ctx.bills.set(doc.partnerId, bills);
    }
    const key = {
      partnerId: doc.partnerId,
      ...(e.fields.invoiceNumber ? { invoiceNumber: e.fields.invoiceNumber.value } : {}),
      ...(e.fields.invoiceDate ? { invoiceDate: e.fields.invoiceDate.value } : {}),
      ...(e.fields.amountTotal ? { amountTotal: e.fields.amountTotal.value } : {}),
    };
    const queue = ctx.queue
      .filter((d) => d.partnerId === doc.partnerId && d.extraction)
      .map((d) => ({
        documentId: d.id,
        partnerId: d.partnerId!,
        ...(d.extraction!.fields.invoiceNumber ? { invoiceNumber: d.extraction!.fields.invoiceNumber.value } : {}),
        ...(d.extraction!.fields.invoiceDate ? { invoiceDate: d.extraction!.fields.invoiceDate.value } : {}),
        ...(d.extraction!.fields.amountTotal ? { amountTotal: d.extraction!.fields.amountTotal.value } : {}),
      }));
    return findDuplicates(key, bills, queue, { documentId: doc.id, ...(billMoveId !== undefined ? { moveId: billMoveId } : {}) });
  }

  /**
   * One correction: stored, applied to the document (origin 'user'), and taught to the vendor's template.
   * Returns the fields the template learned.
   */
  function correct(doc: DocumentRow, input: FieldInput): { learned: boolean } {
    const e = doc.extraction;
    if (!e) throw new AppError('documents/busy', `${doc.fileName} has no extraction to correct yet (${doc.status}).`);
    const connectionId = doc.connectionId;
    let learned = false;
    db.transaction(() => {
      if ('partnerId' in input) {
        if (vendors.get().nameOf(input.partnerId) === undefined) throw new AppError('app/not-found', `Partner ${input.partnerId} is not in the local copy of Odoo; sync and try again.`);
        repo.addCorrection({ documentId: doc.id, connectionId, partnerId: input.partnerId, field: 'partner', oldValue: doc.partnerId, newValue: input.partnerId, oldOrigin: doc.vendorChosen ? 'user' : 'match' });
        const match: VendorMatch = { ...(doc.vendorMatch ?? { matchedBy: null, candidates: [] }) };
        repo.setVendor(doc.id, { match, partnerId: input.partnerId, chosen: true });
        // the same vendor's next documents go to this partner
        const t = templates();
        const existing = t.find(input.partnerId, identityKeys(e))?.row ?? null;
        t.save(existing, { partnerId: input.partnerId, keys: identityKeys(e), template: existing?.template ?? emptyTemplate() });
        learned = true;
        return;
      }
      if ('lines' in input) {
        repo.addCorrection({ documentId: doc.id, connectionId, partnerId: doc.partnerId, field: 'lines', oldValue: e.lines, newValue: input.lines, oldOrigin: null });
        repo.updateExtraction(doc.id, { ...e, lines: input.lines });
        // learn the vendor's line table (header, columns, end) from where the corrected lines are printed
        const layout = learnLineLayout(input.lines, repo.pages(doc.id));
        if (layout) {
          const t = templates();
          const keys = identityKeys(e);
          const existing = t.find(doc.partnerId, keys)?.row ?? null;
          const base = existing?.template ?? emptyTemplate();
          t.save(existing, { partnerId: doc.partnerId, keys, template: { ...base, lines: addLineLayout(base.lines, layout) } });
          learned = true;
        }
        return;
      }
      const prev = e.fields[input.field];
      const value = input.value === null ? null : coerceFieldValue(input.field, input.value);
      repo.addCorrection({ documentId: doc.id, connectionId, partnerId: doc.partnerId, field: input.field, oldValue: prev?.value ?? null, newValue: value, oldOrigin: prev?.origin ?? null });
      const fields = { ...e.fields } as Record<string, unknown>;
      if (value === null) delete fields[input.field];
      else fields[input.field] = { value, confidence: 1, origin: 'user', ...(prev?.source ? { source: prev.source } : {}) };
      const next: Extraction = { ...e, fields: fields as Extraction['fields'] };
      repo.updateExtraction(doc.id, next);
      // learn: the label beside the corrected value (or the vendor constant), saved in the vendor's template
      if (value !== null) {
        const rule = learnRule(input.field, value as string | number, repo.pages(doc.id), prev?.value as string | number | undefined);
        if (rule) {
          const t = templates();
          // identity keys from the extraction as the pipeline read it as well as corrected: the next document reads the same
          const keys = [...new Set([...identityKeys(e), ...identityKeys(next)])];
          const existing = t.find(doc.partnerId, keys)?.row ?? null;
          t.save(existing, { partnerId: doc.partnerId, keys, template: addRule(existing?.template ?? emptyTemplate(), input.field, rule) });
          learned = true;
        }
      }
      // a corrected vendor field may change the partner
      if (['vendorName', 'vendorVat', 'vendorIban', 'vendorEmail'].includes(input.field) && !doc.vendorChosen) {
        const t = templates();
        const found = t.find(null, identityKeys(next));
        const m = matchVendor(next, found?.row ?? null, found?.by ?? null);
        repo.setVendor(doc.id, { match: m, partnerId: m.partnerId ?? null, chosen: false });
      }
    })();
    return { learned };
  }

  /** Per-vendor figures: documents, fields corrected, accuracy, clean streak, auto-draft, learned fields. */
  function vendorStats(connectionId: string): Array<{ partnerId: number; name: string; documents: number; correctedFields: number; accuracy: number | null; cleanStreak: number; autoDraft: boolean; templateFields: FieldName[] }> {
    const acc = vendorAccuracy(repo.reviews(connectionId));
    const counts = repo.documentCounts(connectionId);
    const rows = createTemplatesRepo(db, connectionId).all();
    const ids = new Set<number>([...counts.keys(), ...acc.keys(), ...rows.flatMap((r) => (r.partnerId !== null ? [r.partnerId] : []))]);
    const index = vendors.get();
    return [...ids]
      .map((pid) => {
        const a = acc.get(pid);
        const t = rows.find((r) => r.partnerId === pid);
        return {
          partnerId: pid,
          name: index.nameOf(pid) ?? `#${pid}`,
          documents: counts.get(pid) ?? 0,
          correctedFields: a?.correctedFields ?? 0,
          accuracy: a?.accuracy ?? null,
          cleanStreak: a?.cleanStreak ?? 0,
          autoDraft: t?.autoDraft ?? false,
          templateFields: t ? templateFields(t.template) : [],
        };
      })
      .sort((x, y) => y.documents - x.documents || x.name.localeCompare(y.name));
  }

  // ---- the bill ----

  type Tax = { id: number; amount: number };
  const purchaseTaxes = (): Tax[] =>
    db
      .prepare<[], { id: number; amount: number }>(
        `SELECT id, json_extract(data, '$.amount') AS amount FROM cache_records WHERE model = 'account.tax' AND active = 1
           AND json_extract(data, '$.type_tax_use') = 'purchase' AND coalesce(json_extract(data, '$.amount_type'), 'percent') = 'percent' ORDER BY id`,
      )
      .all();

  /** The purchase tax for a rate (percent), if the company has one. */
  function taxFor(rate: number | undefined, taxes: Tax[]): number[] {
    if (rate === undefined || !Number.isFinite(rate)) return [];
    const hit = taxes.find((t) => Math.abs(t.amount - rate) < 0.05);
    return hit ? [hit.id] : [];
  }

  /** The expense account the vendor's last bill used, else the purchase journal's default account. */
  function accountFor(partnerId: number | null): { accountId?: number; journalId?: number } {
    const journal = db
      .prepare<[], { id: number; acc: number | null }>(
        `SELECT id, CASE json_type(data, '$.default_account_id') WHEN 'array' THEN json_extract(data, '$.default_account_id[0]') WHEN 'integer' THEN json_extract(data, '$.default_account_id') END AS acc
           FROM cache_records WHERE model = 'account.journal' AND json_extract(data, '$.type') = 'purchase' AND active = 1 ORDER BY id LIMIT 1`,
      )
      .get();
    let accountId: number | undefined;
    if (partnerId !== null) {
      const last = db
        .prepare<[number], { acc: number | null }>(
          `SELECT json_extract(l.data, '$.account_id[0]') AS acc FROM cache_records l
             JOIN cache_records m ON m.model = 'account.move' AND m.id = json_extract(l.data, '$.move_id[0]')
            WHERE l.model = 'account.move.line' AND json_extract(l.data, '$.partner_id[0]') = ?
              AND coalesce(json_extract(l.data, '$.display_type'), 'product') = 'product'
              AND json_extract(m.data, '$.move_type') IN ('in_invoice', 'in_refund')
            ORDER BY json_extract(m.data, '$.date') DESC, l.id DESC LIMIT 1`,
        )
        .get(partnerId);
      if (last?.acc) accountId = last.acc;
    }
    accountId ??= journal?.acc ?? undefined;
    return { ...(accountId !== undefined ? { accountId } : {}), ...(journal ? { journalId: journal.id } : {}) };
  }

  const currencyId = (code: string | undefined): number | undefined =>
    code ? db.prepare<[string], { id: number }>(`SELECT id FROM cache_records WHERE model = 'res.currency' AND json_extract(data, '$.name') = ?`).get(code)?.id : undefined;

  /** What is missing for a bill (none: ready). */
  function missingForBill(doc: DocumentRow, partnerId: number | null, creatingVendor: boolean): string[] {
    const e = doc.extraction;
    const missing: string[] = [];
    if (partnerId === null && !creatingVendor) missing.push('vendor');
    if (e?.fields.amountTotal?.value === undefined) missing.push('total');
    if (!e?.fields.invoiceDate?.value) missing.push('invoice date');
    return missing;
  }

  /**
   * The bill's payload from the reviewed document: its lines when they add up to the net amount (with the
   * matched PO lines), else one line for the net amount; taxes matched by rate among the company's purchase
   * taxes; accounts from the vendor's last bill or the purchase journal.
   */
  function billPayload(doc: DocumentRow, vendor: { partnerId: number } | { vendorKey: string }, po: PoCheckResult | null): BillCreatePayload {
    const e = doc.extraction!;
    const f = e.fields;
    const taxes = purchaseTaxes();
    const total = Math.abs(f.amountTotal!.value);
    const tax = f.amountTax?.value !== undefined ? Math.abs(f.amountTax.value) : undefined;
    const net = f.amountUntaxed?.value !== undefined ? Math.abs(f.amountUntaxed.value) : tax !== undefined ? Math.round((total - tax) * 100) / 100 : total;
    const docRate = tax !== undefined && net > 0 ? Math.round((tax / net) * 1000) / 10 : undefined;
    const { accountId, journalId } = accountFor('partnerId' in vendor ? vendor.partnerId : null);
    const sum = Math.round(e.lines.reduce((s, l) => s + Math.abs(l.amount), 0) * 100) / 100;
    const useLines = e.lines.length > 0 && Math.abs(sum - net) <= 0.02 + 0.005 * e.lines.length;
    const poLines = po?.lines ?? [];
    const lines: BillCreatePayload['lines'] = useLines
      ? e.lines.map((l, i) => {
          const qty = l.quantity !== undefined && l.quantity !== 0 ? Math.abs(l.quantity) : 1;
          const price = l.unitPrice !== undefined && Math.abs(Math.abs(l.unitPrice) * qty - Math.abs(l.amount)) < 0.02 + 0.005 * qty ? Math.abs(l.unitPrice) : Math.round((Math.abs(l.amount) / qty) * 10000) / 10000;
          const poLineId = poLines[i]?.poLineId;
          return {
            name: l.description.trim().slice(0, 2000) || `Line ${i + 1}`,
            quantity: qty,
            priceUnit: price,
            taxIds: taxFor(l.taxRate ?? docRate, taxes),
            ...(accountId !== undefined ? { accountId } : {}),
            ...(poLineId !== undefined ? { purchaseLineId: poLineId } : {}),
          };
        })
      : [
          {
            name: [f.vendorName?.value, f.invoiceNumber?.value].filter(Boolean).join(' ') || doc.fileName,
            quantity: 1,
            priceUnit: net,
            taxIds: taxFor(docRate, taxes),
            ...(accountId !== undefined ? { accountId } : {}),
          },
        ];
    const cur = f.currency?.value;
    const curId = currencyId(cur);
    if (cur && curId === undefined) throw new AppError('documents/missing-fields', `The currency ${cur} is not active in Odoo: activate it there (then sync), or correct the currency.`, { missing: ['currency'] });
    return {
      moveType: f.documentType?.value === 'credit-note' ? 'in_refund' : 'in_invoice',
      ...('partnerId' in vendor ? { partnerId: vendor.partnerId } : { vendorKey: vendor.vendorKey }),
      ...(f.invoiceNumber?.value ? { ref: f.invoiceNumber.value.slice(0, 200) } : {}),
      ...(f.invoiceDate?.value ? { invoiceDate: f.invoiceDate.value } : {}),
      ...(f.dueDate?.value ? { invoiceDateDue: f.dueDate.value } : {}),
      ...(curId !== undefined ? { currencyId: curId } : {}),
      ...(journalId !== undefined ? { journalId } : {}),
      lines,
      attachment: { sha256: doc.sha256, name: doc.fileName, mimetype: doc.mime },
      documentId: doc.id,
    };
  }

  /**
   * Fields with a value and how many of them the user corrected (for the vendor's accuracy and clean streak).
   * The line items count as one more field: a document whose lines had to be corrected is not clean.
   */
  function reviewCounts(doc: DocumentRow): { fields: number; corrected: number } {
    const e = doc.extraction;
    const touched = new Set(repo.corrections(doc.id).map((c) => c.field));
    const corrected = new Set([...touched].filter((f) => (FIELD_NAMES as readonly string[]).includes(f)));
    const present = FIELD_NAMES.filter((f) => e?.fields[f] !== undefined || corrected.has(f));
    const linesCorrected = touched.has('lines');
    const hasLines = linesCorrected || (e?.lines.length ?? 0) > 0;
    return { fields: present.length + (hasLines ? 1 : 0), corrected: corrected.size + (linesCorrected ? 1 : 0) };
  }

  return { finalize, poCheck, duplicates, dupContext, correct, vendorStats, billPayload, missingForBill, reviewCounts, vendorIndex: () => vendors.get(), templates, m2oId };
}
export type Reviewer = ReturnType<typeof createReviewer>;
