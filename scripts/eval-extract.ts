/**
 * Field-level accuracy of invoice extraction (no LLM) on the external corpus in ../shared/corpus (env
 * SMART_ODOO_CORPUS overrides; read-only). Run: `npm run eval:extract` [--json] [--verbose] [--verbose-all]
 * [--set NAME] [--no-ocr] [--ocr-cache DIR] (OCR words per scan kept in DIR, so tuning re-runs skip Tesseract).
 *
 * Sets:
 * - invoice2data-pdf: compare/*.pdf (digital PDFs) against their X.json;
 * - invoice2data-png: compare/*.png (rasters of the same invoices, OCR) against the same X.json;
 * - zugferd-xml:      hybrid PDFs read through their embedded XML, against groundtruth.json;
 * - zugferd-text:     the same PDFs with ignoreEmbeddedXml (text layer only);
 * - sroie:            scanned receipts (OCR) against key/*.json (company, date, total).
 *
 * Ground-truth mapping (invoice2data): invoice_number → invoiceNumber, date → invoiceDate, date_due → dueDate,
 * amount → amountTotal, amount_untaxed → amountUntaxed, amount_tax → amountTax, currency → currency,
 * issuer → vendorName, vat/static_vat → vendorVat, iban → vendorIban. (zugferd): invoice_number, issue_date,
 * due_date, currency, seller_name, seller_vat_id, tax_basis_total → amountUntaxed, tax_total (invoice currency)
 * → amountTax, grand_total, due_payable → amountDue, iban (first), type_code 381 → credit-note.
 *
 * Comparison: dates as ISO strings; amounts within 0.01; currency codes exact; invoice numbers ignoring case,
 * spaces and a leading '#'; VAT/IBAN without spaces; vendor names normalised (accents, case, punctuation and
 * legal forms such as GmbH/B.V./Inc./Sdn Bhd removed) and then equal, one's words a subset of the other's,
 * or a character-bigram Dice similarity ≥ 0.8.
 *
 * Held-out split: documents are split by a fixed rule (every third file of a set in name order, and SROIE
 * ids ≥ 400) into dev and held-out; the table shows both. Only dev failures are printed by --verbose
 * (--verbose-all prints all); tuning looks at dev only.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractDocument } from '../core/engine/extraction/pipeline';
import type { ExtractedDocument, ExtractOptions, FieldName, OcrFn } from '../core/engine/extraction/types';
import { isAppError } from '../core/shared/errors';

const here = dirname(fileURLToPath(import.meta.url));
const CORPUS = resolve(process.env.SMART_ODOO_CORPUS ?? resolve(here, '../../shared/corpus'));
const args = new Set(process.argv.slice(2));
const JSON_OUT = args.has('--json');
const VERBOSE = args.has('--verbose') || args.has('--verbose-all');
const VERBOSE_ALL = args.has('--verbose-all');
const NO_OCR = args.has('--no-ocr');
const setArg = process.argv.find((a, i) => process.argv[i - 1] === '--set');
/** --ocr-cache DIR: keep each scan's OCR words there (JSON) so re-runs only redo the field extraction */
const cacheArg = process.argv.find((a, i) => process.argv[i - 1] === '--ocr-cache');

type Expected = Partial<Record<FieldName, string | number>>;
type Case = { set: string; file: string; expected: Expected; split: 'dev' | 'held-out'; options: ExtractOptions; needsOcr: boolean };
type FieldStat = { checked: number; matched: number; devChecked: number; devMatched: number };
type SetReport = { set: string; documents: number; errors: number; ocrUnavailable: number; fields: Record<string, FieldStat>; failures: { file: string; field: string; expected: unknown; actual: unknown; split: string }[]; msPerDoc: number };

// ---------- comparison ----------
const LEGAL = /\b(gmbh(?: & co\.? kg)?|ag|kg|b\.?v\.?|n\.?v\.?|s\.?a\.?r\.?l\.?|sas|s\.?a\.?|s\.?p\.?a\.?|s\.?r\.?l\.?|s\.?l\.?|ltd\.?|limited|llc|inc\.?|corp\.?|plc|pvt\.? ltd\.?|sdn\.? bhd\.?|bhd\.?|co\.?|a\.?g\.?|e\.?k\.?|& co\.?)(?=\s|$)/g;

export function normName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[.,()'"“”’`:;!?|/\\-]+/g, ' ')
    .replace(LEGAL, ' ')
    .replace(/[^a-z0-9& ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function dice(a: string, b: string): number {
  const grams = (s: string): Map<string, number> => {
    const m = new Map<string, number>();
    const t = s.replace(/\s+/g, '');
    for (let i = 0; i < t.length - 1; i++) m.set(t.slice(i, i + 2), (m.get(t.slice(i, i + 2)) ?? 0) + 1);
    return m;
  };
  const ga = grams(a);
  const gb = grams(b);
  let inter = 0;
  let na = 0;
  let nb = 0;
  for (const v of ga.values()) na += v;
  for (const v of gb.values()) nb += v;
  for (const [k, v] of ga) inter += Math.min(v, gb.get(k) ?? 0);
  return na + nb === 0 ? 0 : (2 * inter) / (na + nb);
}

export function sameVendor(expected: string, actual: string): boolean {
  const e = normName(expected);
  const a = normName(actual);
  if (!e || !a) return false;
  if (e === a) return true;
  const te = new Set(e.split(' '));
  const ta = new Set(a.split(' '));
  const subset = (x: Set<string>, y: Set<string>): boolean => [...x].every((w) => y.has(w));
  if (subset(te, ta) || subset(ta, te)) return true;
  return dice(e, a) >= 0.8;
}

function same(field: string, expected: string | number, actual: unknown): boolean {
  if (actual === undefined || actual === null) return false;
  switch (field) {
    case 'amountTotal':
    case 'amountUntaxed':
    case 'amountTax':
    case 'amountDue':
      return typeof actual === 'number' && Math.abs(Number(expected) - actual) <= 0.01 + 1e-9;
    case 'invoiceNumber':
    case 'poNumber': {
      const n = (v: unknown): string => String(v).replace(/\s+/g, '').replace(/^#/, '').toUpperCase();
      return n(expected) === n(actual);
    }
    case 'vendorVat':
    case 'vendorIban':
      return String(expected).replace(/\s+/g, '').toUpperCase() === String(actual).replace(/\s+/g, '').toUpperCase();
    case 'vendorName':
      return sameVendor(String(expected), String(actual));
    case 'vendorEmail':
      return String(expected).toLowerCase() === String(actual).toLowerCase();
    default:
      return String(expected) === String(actual);
  }
}

// ---------- ground truth ----------
function ymd(s: string | null | undefined): string | undefined {
  if (!s) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

function invoice2dataCases(): Case[] {
  const dir = join(CORPUS, 'invoice2data/compare');
  if (!existsSync(dir)) return [];
  const out: Case[] = [];
  const jsons = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  jsons.forEach((j, i) => {
    const gt = (JSON.parse(readFileSync(join(dir, j), 'utf8')) as Record<string, unknown>[])[0] ?? {};
    const e: Expected = {};
    const str = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
    if (str(gt.invoice_number)) e.invoiceNumber = str(gt.invoice_number);
    if (str(gt.date)) e.invoiceDate = str(gt.date);
    if (str(gt.date_due)) e.dueDate = str(gt.date_due);
    if (typeof gt.amount === 'number') e.amountTotal = gt.amount;
    if (typeof gt.amount_untaxed === 'number') e.amountUntaxed = gt.amount_untaxed;
    if (typeof gt.amount_tax === 'number') e.amountTax = gt.amount_tax;
    if (str(gt.currency)) e.currency = str(gt.currency);
    if (str(gt.issuer)) e.vendorName = str(gt.issuer);
    const vat = str(gt.vat) ?? str(gt.static_vat);
    if (vat && /^[A-Z]{2}/i.test(vat)) e.vendorVat = vat.replace(/\s+/g, '');
    if (str(gt.iban) && /^[A-Z]{2}\d{2}/.test(str(gt.iban) ?? '') && (str(gt.iban)?.length ?? 0) > 14) e.vendorIban = str(gt.iban);
    const stem = j.replace(/\.json$/, '');
    const split = i % 3 === 2 ? 'held-out' : 'dev';
    if (existsSync(join(dir, `${stem}.pdf`))) out.push({ set: 'invoice2data-pdf', file: join(dir, `${stem}.pdf`), expected: e, split, options: {}, needsOcr: false });
    if (existsSync(join(dir, `${stem}.png`))) out.push({ set: 'invoice2data-png', file: join(dir, `${stem}.png`), expected: e, split, options: {}, needsOcr: true });
  });
  return out;
}

function zugferdCases(): Case[] {
  const gtFile = join(CORPUS, 'zugferd-corpus/groundtruth.json');
  if (!existsSync(gtFile)) return [];
  const gt = JSON.parse(readFileSync(gtFile, 'utf8')) as Record<string, Record<string, unknown>>;
  const out: Case[] = [];
  Object.keys(gt)
    .sort()
    .forEach((rel, i) => {
      const g = gt[rel] ?? {};
      const s = (k: string): string | undefined => (typeof g[k] === 'string' && g[k] !== '' ? (g[k] as string) : undefined);
      const e: Expected = {};
      if (s('invoice_number')) e.invoiceNumber = s('invoice_number');
      if (ymd(s('issue_date'))) e.invoiceDate = ymd(s('issue_date'));
      if (ymd(s('due_date'))) e.dueDate = ymd(s('due_date'));
      if (s('currency')) e.currency = s('currency');
      if (s('seller_name')) e.vendorName = s('seller_name')?.replace(/\s+/g, ' ');
      if (s('seller_vat_id')) e.vendorVat = s('seller_vat_id')?.replace(/\s+/g, '');
      if (s('tax_basis_total')) e.amountUntaxed = Number(s('tax_basis_total'));
      const taxes = Array.isArray(g.tax_total) ? (g.tax_total as { currency?: string; amount?: string }[]) : [];
      const tax = taxes.find((t) => t.currency === s('currency')) ?? taxes[0];
      if (tax?.amount !== undefined) e.amountTax = Number(tax.amount);
      if (s('grand_total')) e.amountTotal = Number(s('grand_total'));
      if (s('due_payable')) e.amountDue = Number(s('due_payable'));
      if (s('iban')) e.vendorIban = s('iban')?.replace(/\s+/g, '');
      if (s('type_code')) e.documentType = s('type_code') === '381' ? 'credit-note' : 'invoice';
      const split = i % 3 === 2 ? 'held-out' : 'dev';
      const file = join(CORPUS, 'zugferd-corpus', rel);
      out.push({ set: 'zugferd-xml', file, expected: e, split, options: {}, needsOcr: false });
      out.push({ set: 'zugferd-text', file, expected: e, split, options: { ignoreEmbeddedXml: true }, needsOcr: false });
    });
  return out;
}

const MONTHS: Record<string, number> = { JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12 };

/** SROIE dates as printed (day-first: 25/12/2018, 25-12-18, 30 MAY 2018, 2018-05-30). */
function sroieDate(s: string): string | undefined {
  const t = s.trim().toUpperCase();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (m) return `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}`;
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})$/.exec(t);
  if (m) {
    const y = (m[3] ?? '').length === 2 ? `20${m[3]}` : m[3];
    return `${y}-${m[2]?.padStart(2, '0')}-${m[1]?.padStart(2, '0')}`;
  }
  m = /^(\d{1,2})[\s-]*([A-Z]{3})[A-Z]*[\s-]*(\d{2,4})$/.exec(t);
  if (m && MONTHS[m[2] ?? '']) {
    const y = (m[3] ?? '').length === 2 ? `20${m[3]}` : m[3];
    return `${y}-${String(MONTHS[m[2] ?? '']).padStart(2, '0')}-${m[1]?.padStart(2, '0')}`;
  }
  return undefined;
}

function sroieCases(): Case[] {
  const dir = join(CORPUS, 'sroie-zzzdavid');
  if (!existsSync(dir)) return [];
  return readdirSync(join(dir, 'key'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const id = f.replace(/\.json$/, '');
      const k = JSON.parse(readFileSync(join(dir, 'key', f), 'utf8')) as Record<string, string>;
      const e: Expected = {};
      if (k.company) e.vendorName = k.company;
      const d = k.date ? sroieDate(k.date) : undefined;
      if (d) e.invoiceDate = d;
      const total = k.total ? Number(k.total.replace(/[^\d.]/g, '')) : NaN;
      if (Number.isFinite(total)) e.amountTotal = total;
      return { set: 'sroie', file: join(dir, 'img', `${id}.jpg`), expected: e, split: Number(id) >= 400 ? 'held-out' : 'dev', options: {}, needsOcr: true } satisfies Case;
    });
}

// ---------- OCR (X-ocr's createOcr, when present) ----------
type OcrHandle = { ocr: OcrFn; close(): Promise<void> };
async function loadOcr(): Promise<OcrHandle | undefined> {
  if (NO_OCR) return undefined;
  try {
    const mod = (await import('../core/engine/extraction/ocr/index')) as { createOcr?: (o?: Record<string, unknown>) => OcrHandle };
    return mod.createOcr ? mod.createOcr({ langs: 'eng' }) : undefined;
  } catch {
    return undefined;
  }
}

/** Wraps OCR with an on-disk cache keyed by the input's content hash (only with --ocr-cache). */
function cachedOcr(inner: OcrFn, dir: string | undefined): OcrFn {
  if (!dir) return inner;
  mkdirSync(dir, { recursive: true });
  return async (input, opts) => {
    const key = createHash('sha256').update(input.bytes).update(input.kind === 'pdf-pages' ? input.pages.join(',') : input.mime).update(opts.threshold ?? '').digest('hex').slice(0, 24);
    const file = join(dir, `${key}.json`);
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Awaited<ReturnType<OcrFn>>;
    const pages = await inner(input, opts);
    if (opts.warnings.length === 0) writeFileSync(file, JSON.stringify(pages));
    return pages;
  };
}

async function main(): Promise<void> {
  if (!existsSync(CORPUS)) {
    process.stderr.write(`Corpus not found at ${CORPUS} (set SMART_ODOO_CORPUS).\n`);
    process.exit(2);
  }
  let cases = [...invoice2dataCases(), ...zugferdCases(), ...sroieCases()];
  if (setArg) cases = cases.filter((c) => c.set === setArg);
  const ocr = cases.some((c) => c.needsOcr) ? await loadOcr() : undefined;
  const reports = new Map<string, SetReport>();
  const started = new Map<string, number>();
  for (const c of cases) {
    const r = reports.get(c.set) ?? { set: c.set, documents: 0, errors: 0, ocrUnavailable: 0, fields: {}, failures: [], msPerDoc: 0 };
    reports.set(c.set, r);
    r.documents++;
    const t0 = performance.now();
    let doc: ExtractedDocument | undefined;
    let error: string | undefined;
    if (c.needsOcr && !ocr) r.ocrUnavailable++;
    else {
      try {
        // a generous page limit: accuracy should not depend on how busy the machine is
        doc = await extractDocument({ bytes: new Uint8Array(readFileSync(c.file)), fileName: basename(c.file) }, { ...c.options, pageTimeoutMs: 180_000, ...(ocr ? { ocr: cachedOcr(ocr.ocr, cacheArg), langs: 'eng' } : {}) });
        if (doc.extraction.warnings.length > 0 && VERBOSE && (VERBOSE_ALL || c.split === 'dev')) r.failures.push({ file: c.file.slice(CORPUS.length + 1), field: 'warnings', expected: [], actual: doc.extraction.warnings, split: c.split });
      } catch (e) {
        error = isAppError(e) ? `${e.code}: ${e.message}` : String(e);
        r.errors++;
      }
    }
    started.set(c.set, (started.get(c.set) ?? 0) + (performance.now() - t0));
    if (c.needsOcr && !ocr) continue;
    for (const [field, expected] of Object.entries(c.expected) as [FieldName, string | number][]) {
      const st = (r.fields[field] ??= { checked: 0, matched: 0, devChecked: 0, devMatched: 0 });
      const actual = doc?.extraction.fields[field]?.value;
      const ok = same(field, expected, actual);
      st.checked++;
      if (ok) st.matched++;
      if (c.split === 'dev') {
        st.devChecked++;
        if (ok) st.devMatched++;
      }
      if (!ok) r.failures.push({ file: c.file.slice(CORPUS.length + 1), field, expected, actual: error ?? actual, split: c.split });
    }
  }
  await ocr?.close();
  for (const r of reports.values()) r.msPerDoc = Math.round((started.get(r.set) ?? 0) / Math.max(1, r.documents));

  const list = [...reports.values()];
  if (JSON_OUT) {
    process.stdout.write(`${JSON.stringify({ corpus: CORPUS, heldOut: 'every third file per set in name order; SROIE ids >= 400', sets: list.map((r) => ({ ...r, failures: VERBOSE ? r.failures : undefined, accuracy: Object.fromEntries(Object.entries(r.fields).map(([f, s]) => [f, s.checked ? s.matched / s.checked : null])) })) }, null, 2)}\n`);
    return;
  }
  const pct = (m: number, n: number): string => (n === 0 ? '   –  ' : `${((m / n) * 100).toFixed(0).padStart(4)}% `);
  const out: string[] = [];
  out.push(`Extraction accuracy (no LLM) — corpus ${CORPUS}`);
  out.push('held-out: every third file per set (name order) and SROIE ids ≥ 400; "dev" is what tuning looked at.\n');
  for (const r of list) {
    out.push(`${r.set}: ${r.documents} documents, ${r.errors} refused/errors${r.ocrUnavailable ? `, ${r.ocrUnavailable} OCR unavailable` : ''}, ${r.msPerDoc} ms/doc`);
    if (r.ocrUnavailable === r.documents && r.documents > 0) {
      out.push('  OCR unavailable: scans not scored\n');
      continue;
    }
    out.push(`  ${'field'.padEnd(15)} ${'all'.padStart(12)}  ${'dev'.padStart(6)}  ${'held-out'.padStart(8)}`);
    for (const [f, s] of Object.entries(r.fields)) {
      const hc = s.checked - s.devChecked;
      const hm = s.matched - s.devMatched;
      out.push(`  ${f.padEnd(15)} ${`${s.matched}/${s.checked}`.padStart(6)} ${pct(s.matched, s.checked)} ${pct(s.devMatched, s.devChecked)} ${pct(hm, hc)}`);
    }
    if (VERBOSE) {
      for (const f of r.failures) if (VERBOSE_ALL || f.split === 'dev') out.push(`    ✗ ${f.file} ${f.field}: expected ${JSON.stringify(f.expected)} got ${JSON.stringify(f.actual)}`);
    }
    out.push('');
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
