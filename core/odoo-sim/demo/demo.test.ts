import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isValidIban, normalizeIban } from '../../shared/iban';
import { checkVat } from '../../shared/vat';
import type { DemoGroundTruth, SimDataset } from '../types';
import { type DemoCompany, generateDemoCompany, readGroundTruth, writeGroundTruth } from './index';

type Rec = Record<string, unknown> & { id: number };

const hash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');
const cents = (v: unknown) => Math.round(Number(v) * 100);

/** many2one/x2many target per field; `model.field` entries override the generic ones. */
const REL: Record<string, string> = {
  partner_id: 'res.partner', commercial_partner_id: 'res.partner', partner_invoice_id: 'res.partner', partner_shipping_id: 'res.partner',
  account_id: 'account.account', default_account_id: 'account.account', suspense_account_id: 'account.account', profit_account_id: 'account.account',
  loss_account_id: 'account.account', property_account_receivable_id: 'account.account', property_account_payable_id: 'account.account',
  destination_account_id: 'account.account', outstanding_account_id: 'account.account', payment_account_id: 'account.account',
  income_currency_exchange_account_id: 'account.account', expense_currency_exchange_account_id: 'account.account',
  account_journal_suspense_account_id: 'account.account', account_journal_payment_debit_account_id: 'account.account', account_journal_payment_credit_account_id: 'account.account',
  move_id: 'account.move', reversed_entry_id: 'account.move', invoice_ids: 'account.move', exchange_move_id: 'account.move',
  debit_move_id: 'account.move.line', credit_move_id: 'account.move.line', statement_line_id: 'account.bank.statement.line', statement_id: 'account.bank.statement',
  payment_id: 'account.payment', journal_id: 'account.journal', currency_exchange_journal_id: 'account.journal',
  currency_id: 'res.currency', debit_currency_id: 'res.currency', credit_currency_id: 'res.currency', foreign_currency_id: 'res.currency',
  company_id: 'res.company', company_ids: 'res.company', product_id: 'product.product', product_tmpl_id: 'product.template', product_variant_ids: 'product.product',
  country_id: 'res.country', country: 'res.country', bank_id: 'res.bank', bank_ids: 'res.partner.bank', bank_account_id: 'res.partner.bank',
  tax_ids: 'account.tax', tax_id: 'account.tax', taxes_id: 'account.tax', supplier_taxes_id: 'account.tax', tax_line_id: 'account.tax', tax_group_id: 'account.tax.group',
  invoice_repartition_line_ids: 'account.tax.repartition.line', refund_repartition_line_ids: 'account.tax.repartition.line',
  payment_method_id: 'account.payment.method', payment_method_line_id: 'account.payment.method.line',
  inbound_payment_method_line_ids: 'account.payment.method.line', outbound_payment_method_line_ids: 'account.payment.method.line',
  invoice_payment_term_id: 'account.payment.term', property_payment_term_id: 'account.payment.term', property_supplier_payment_term_id: 'account.payment.term', payment_term_id: 'account.payment.term',
  user_id: 'res.users', invoice_user_id: 'res.users', member_ids: 'res.users', team_id: 'crm.team', stage_id: 'crm.stage', lost_reason_id: 'crm.lost.reason',
  sale_line_ids: 'sale.order.line', purchase_line_id: 'purchase.order.line', uom_id: 'uom.uom', uom_po_id: 'uom.uom', product_uom: 'uom.uom', product_uom_id: 'uom.uom',
  categ_id: 'product.category', location_id: 'stock.location', warehouse_id: 'stock.warehouse', view_location_id: 'stock.location', lot_stock_id: 'stock.location',
  child_ids: 'res.partner', parent_id: 'res.partner', partner_bank_id: 'res.partner.bank',
  property_account_income_id: 'account.account', property_account_expense_id: 'account.account',
  'account.move.line_ids': 'account.move.line', 'account.bank.statement.line_ids': 'account.bank.statement.line', 'account.payment.term.line_ids': 'account.payment.term.line',
  'account.payment.term.line.payment_id': 'account.payment.term', 'sale.order.line.order_id': 'sale.order', 'purchase.order.line.order_id': 'purchase.order',
  'sale.order.order_line': 'sale.order.line', 'purchase.order.order_line': 'purchase.order.line', 'res.company.child_ids': 'res.company', 'res.company.parent_id': 'res.company',
  'product.category.parent_id': 'product.category', 'uom.uom.category_id': 'uom.category', 'res.partner.category_id': 'res.partner.category', 'stock.location.location_id': 'stock.location',
  'account.account.group_id': 'account.group', 'account.account.tag_ids': 'account.account.tag', 'stock.quant.lot_id': 'stock.lot', 'stock.warehouse.orderpoint.route_id': 'stock.route',
  'account.partial.reconcile.full_reconcile_id': 'account.full.reconcile', 'account.move.fiscal_position_id': 'account.fiscal.position', 'res.partner.property_product_pricelist': 'product.pricelist',
};
const RELATIONAL = /(_id|_ids)$|^(country|order_line|property_product_pricelist)$/;
const NOT_RELATIONAL = new Set(['unique_import_id']);

function index(ds: SimDataset): Map<string, Map<number, Rec>> {
  const out = new Map<string, Map<number, Rec>>();
  for (const [model, recs] of Object.entries(ds.records)) out.set(model, new Map(recs.map((r) => [r.id, r])));
  return out;
}

/** Open residual (company cents) from balance and partials, as the engine will recompute it. */
function residuals(ds: SimDataset): Map<number, number> {
  const res = new Map<number, number>();
  for (const l of ds.records['account.move.line'] ?? []) res.set(l.id, cents(l.balance));
  for (const p of ds.records['account.partial.reconcile'] ?? []) {
    const d = Number(p.debit_move_id);
    const c = Number(p.credit_move_id);
    res.set(d, (res.get(d) ?? 0) - cents(p.amount));
    res.set(c, (res.get(c) ?? 0) + cents(p.amount));
  }
  return res;
}

/** Collects violations instead of calling expect() per record: hundreds of thousands of expect() calls are slow. */
function checkInvariants(demo: DemoCompany): void {
  const { dataset: ds, groundTruth: gt } = demo;
  const problems: string[] = [];
  const ok = (cond: boolean, msg: string | (() => string)) => {
    if (!cond && problems.length < 50) problems.push(typeof msg === 'string' ? msg : msg());
  };
  const idx = index(ds);
  const get = (model: string, id: number) => idx.get(model)?.get(id);

  // every move balanced, debit/credit consistent with balance
  const sums = new Map<number, number>();
  for (const l of ds.records['account.move.line'] ?? []) {
    const d = cents(l.debit);
    const c = cents(l.credit);
    ok(d >= 0 && c >= 0 && (d === 0 || c === 0), () => `line ${l.id} debit/credit`);
    ok(cents(l.balance) === d - c, () => `line ${l.id} balance`);
    sums.set(Number(l.move_id), (sums.get(Number(l.move_id)) ?? 0) + d - c);
  }
  for (const m of ds.records['account.move'] ?? []) {
    ok(sums.get(m.id) === 0, () => `move ${String(m.name)} unbalanced`);
    ok((m.line_ids as number[]).length >= 2, () => `move ${m.id} lines`);
  }

  // partials never over-reconcile a line
  const res = residuals(ds);
  for (const l of ds.records['account.move.line'] ?? []) {
    const r = res.get(l.id) ?? 0;
    const b = cents(l.balance);
    ok(b >= 0 ? r >= 0 && r <= b : r <= 0 && r >= b, () => `line ${l.id} residual ${r} balance ${b}`);
  }

  // referential integrity
  const unknown = new Set<string>();
  for (const [model, recs] of Object.entries(ds.records)) {
    for (const r of recs) {
      for (const [field, value] of Object.entries(r)) {
        if (field === 'id' || !RELATIONAL.test(field) || NOT_RELATIONAL.has(field)) continue;
        const target = REL[`${model}.${field}`] ?? REL[field];
        if (!target) {
          unknown.add(`${model}.${field}`);
          continue;
        }
        const ids = Array.isArray(value) ? value : value === false || value === null ? [] : [value];
        for (const id of ids) ok(get(target, Number(id)) !== undefined, () => `${model}#${r.id}.${field} → ${target}#${String(id)}`);
      }
    }
  }
  expect([...unknown]).toEqual([]);

  // statement lines: move with one liquidity line; unreconciled ones have a suspense line
  const suspense = (ds.records['account.account'] ?? []).find((a) => a.code === '499000')?.id;
  const gtIds = new Set(gt.statementLines.map((g) => g.statementLineId));
  for (const st of ds.records['account.bank.statement.line'] ?? []) {
    const move = get('account.move', Number(st.move_id));
    ok(move?.statement_line_id === st.id, () => `st ${st.id} move link`);
    const lines = (move?.line_ids as number[]).map((id) => get('account.move.line', id));
    const onSuspense = lines.filter((l) => l?.account_id === suspense).length;
    ok(onSuspense === (gtIds.has(st.id) ? 1 : 0), () => `st ${st.id} suspense lines ${onSuspense}`);
  }
  expect(gtIds.size).toBe(gt.statementLines.length);

  // ground truth: settled lines exist, are receivable/payable term lines of the right partner, residual consistent
  const accType = (id: unknown) => get('account.account', Number(id))?.account_type;
  const groups = new Map<string, { paid: number; open: number }>();
  for (const g of gt.statementLines) {
    const st = get('account.bank.statement.line', g.statementLineId);
    ok(st !== undefined, `gt st ${g.statementLineId} missing`);
    const move = get('account.move', Number(st?.move_id));
    const liquidity = (move?.line_ids as number[]).map((id) => get('account.move.line', id)).find((l) => l?.account_id !== suspense);
    const paid = Math.abs(cents(liquidity?.balance));
    if (g.case === 'unmatched') {
      ok(g.settles.length === 0, `unmatched st ${g.statementLineId} settles something`);
      continue;
    }
    ok(g.case === 'one-to-many' ? g.settles.length > 1 : g.settles.length === 1, `st ${g.statementLineId} ${g.case} settles ${g.settles.length}`);
    let open = 0;
    for (const lineId of g.settles) {
      const line = get('account.move.line', lineId);
      ok(line !== undefined, `settled line ${lineId} missing`);
      ok(line?.display_type === 'payment_term', `settled line ${lineId} not a payment_term line`);
      ok(line?.partner_id === g.partnerId, `settled line ${lineId} partner ${String(line?.partner_id)} ≠ ${String(g.partnerId)}`);
      // inbound money settles receivables, outbound settles payables
      ok(accType(line?.account_id) === (cents(st?.amount) > 0 ? 'asset_receivable' : 'liability_payable'), `settled line ${lineId} wrong account type`);
      const r = Math.abs(res.get(lineId) ?? 0);
      ok(r > 0, `settled line ${lineId} already reconciled`);
      open += r;
    }
    const w = g.writeOff ? cents(g.writeOff.amount) : 0;
    switch (g.case) {
      case 'exact':
      case 'typo':
      case 'no-reference':
      case 'one-to-many':
        ok(paid === open && !g.writeOff, `${g.case} st ${g.statementLineId}: paid ${paid} open ${open}`);
        break;
      case 'fee':
        ok(g.writeOff?.reason === 'bank-fee' && paid + w === open && w > 0, `fee st ${g.statementLineId}: paid ${paid} + ${w} ≠ ${open}`);
        break;
      case 'fx':
        ok(g.writeOff?.reason === 'fx' && paid + w === open, `fx st ${g.statementLineId}: paid ${paid} + ${w} ≠ ${open}`);
        break;
      case 'partial':
        ok(paid < open, `partial st ${g.statementLineId}: paid ${paid} open ${open}`);
        break;
      case 'many-to-one': {
        const key = g.settles.join(',');
        const grp = groups.get(key) ?? { paid: 0, open };
        grp.paid += paid;
        groups.set(key, grp);
        break;
      }
    }
  }
  for (const [key, grp] of groups) ok(grp.paid === grp.open, `many-to-one ${key}: ${grp.paid} vs ${grp.open}`);

  // VAT and IBAN checksums (formatting variants of duplicates normalise back)
  const countryCode = (id: unknown) => String(get('res.country', Number(id))?.code ?? '');
  for (const p of ds.records['res.partner'] ?? []) {
    if (typeof p.vat === 'string' && p.vat) ok(checkVat(p.vat, countryCode(p.country_id)).valid, () => `VAT ${String(p.name)} ${String(p.vat)}`);
    if (Number(p.supplier_rank) > 0 && p.is_company && countryCode(p.country_id) !== 'US' && !p.vat) {
      // every vendor has a VAT number unless it is a planted duplicate that lost it
      ok(gt.duplicatePartners.some((c) => c.slice(1).includes(p.id)), `vendor ${String(p.name)} without VAT`);
    }
  }
  for (const b of ds.records['res.partner.bank'] ?? []) ok(isValidIban(String(b.acc_number)), `IBAN ${String(b.acc_number)}`);

  // duplicates as declared: same country, same normalised VAT when both have one, similar name
  const norm = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]/g, '');
  for (const cluster of gt.duplicatePartners) {
    expect(cluster.length).toBeGreaterThanOrEqual(2);
    const [origId, ...dups] = cluster;
    const orig = get('res.partner', Number(origId));
    expect(orig).toBeDefined();
    for (const id of dups) {
      const dup = get('res.partner', id);
      expect(dup).toBeDefined();
      expect(dup?.id).toBeGreaterThan(Number(origId));
      expect(dup?.country_id).toBe(orig?.country_id);
      expect(dup?.name).not.toBe(orig?.name);
      if (typeof dup?.vat === 'string' && typeof orig?.vat === 'string') {
        expect(checkVat(dup.vat, countryCode(dup.country_id)).normalized).toBe(checkVat(orig.vat, countryCode(orig.country_id)).normalized);
      }
      const a = norm(String(orig?.name));
      const b = norm(String(dup?.name));
      expect(a.slice(0, 3) === b.slice(0, 3) || a.slice(-4) === b.slice(-4) || b.includes(a.slice(0, 6)), `${String(orig?.name)} ~ ${String(dup?.name)}`).toBe(true);
      expect(String(dup?.email).toLowerCase().split('@')[1]).toBe(String(orig?.email).toLowerCase().split('@')[1]);
    }
  }

  // bills ↔ purchase orders
  for (const { billId, purchaseOrderId } of gt.billPurchaseOrders) {
    const bill = get('account.move', billId);
    const po = get('purchase.order', purchaseOrderId);
    ok(bill?.move_type === 'in_invoice' && po?.partner_id === bill.partner_id, `bill ${billId} / PO ${purchaseOrderId}`);
    const poLines = new Set(po?.order_line as number[]);
    const linked = (bill?.line_ids as number[]).map((id) => get('account.move.line', id)).filter((l) => l?.purchase_line_id);
    ok(linked.length > 0, `bill ${billId} has no PO lines`);
    for (const l of linked) ok(poLines.has(Number(l?.purchase_line_id)), `bill ${billId} line not on PO ${purchaseOrderId}`);
  }
  expect(problems).toEqual([]);
}

describe('generateDemoCompany S', () => {
  let demo: DemoCompany;
  let ms = 0;
  beforeAll(() => {
    // CPU time, not wall clock: the CI box is shared and a wall-clock bound would flake under load
    const t0 = process.cpuUsage();
    demo = generateDemoCompany({ size: 'S', seed: 7 });
    const d = process.cpuUsage(t0);
    ms = (d.user + d.system) / 1000;
  });

  it('is fast (< 1 s CPU)', () => {
    expect(ms).toBeLessThan(1000);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const again = generateDemoCompany({ size: 'S', seed: 7 });
    expect(hash(again.dataset)).toBe(hash(demo.dataset));
    expect(hash(again.groundTruth)).toBe(hash(demo.groundTruth));
    const other = generateDemoCompany({ size: 'S', seed: 8 });
    expect(hash(other.dataset)).not.toBe(hash(demo.dataset));
    const later = generateDemoCompany({ size: 'S', seed: 7, today: '2026-12-15' });
    expect(later.dataset.meta.today).toBe('2026-12-15');
  });

  it('has the expected sizes', () => {
    const r = demo.dataset.records;
    const partners = r['res.partner']?.length ?? 0;
    expect(partners).toBeGreaterThan(150);
    expect(partners).toBeLessThan(320);
    const invoices = (r['account.move'] ?? []).filter((m) => m.move_type === 'out_invoice').length;
    expect(invoices).toBeGreaterThan(150);
    expect(invoices).toBeLessThan(600);
    const lines = r['account.bank.statement.line']?.length ?? 0;
    expect(lines).toBeGreaterThan(200);
    expect(lines).toBeLessThan(500);
  });

  it('covers every ground-truth case', () => {
    const seen = new Set(demo.groundTruth.statementLines.map((g) => g.case));
    for (const c of ['exact', 'one-to-many', 'partial', 'fee', 'fx', 'no-reference', 'typo', 'unmatched', 'many-to-one'] as const) expect(seen.has(c), c).toBe(true);
  });

  it('holds the accounting and ground-truth invariants', () => {
    checkInvariants(demo);
  });

  it('has the master data an accountant expects', () => {
    const r = demo.dataset.records;
    expect(r['res.company']?.[0]?.name).toContain('NV');
    expect((r['res.currency'] ?? []).map((c) => c.name)).toEqual(['EUR', 'USD', 'GBP']);
    const journals = r['account.journal'] ?? [];
    const banks = journals.filter((j) => j.type === 'bank');
    expect(banks).toHaveLength(2);
    for (const j of banks) expect(j.suspense_account_id).toBeTruthy();
    expect(demo.dataset.users?.find((u) => u.id === 2)).toMatchObject({ login: 'admin', password: 'admin', groups: ['admin'] });
    expect((r['sale.order'] ?? []).some((s) => s.state === 'draft')).toBe(true);
    expect((r['crm.lead'] ?? []).some((l) => l.active === false)).toBe(true);
    const names = (r['account.move'] ?? []).filter((m) => m.move_type === 'out_invoice').map((m) => String(m.name));
    expect(names.every((n) => /^INV\/\d{4}\/\d{5}$/.test(n))).toBe(true);
    expect(demo.stats.customersOverCreditLimit).toBeGreaterThan(0);
    expect(demo.stats.stock.belowMinimum).toBeGreaterThan(0);
  });

  it('round-trips the ground truth file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-gt-'));
    try {
      const path = join(dir, 'demo.ground-truth.json');
      writeGroundTruth(path, demo.groundTruth);
      const back: DemoGroundTruth = readGroundTruth(path);
      expect(back).toEqual(demo.groundTruth);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps IBANs normalised on statement lines', () => {
    for (const st of demo.dataset.records['account.bank.statement.line'] ?? []) {
      if (typeof st.account_number === 'string' && /^[A-Z]{2}\d\d/.test(st.account_number) && !isValidIban(normalizeIban(st.account_number))) throw new Error(`bad IBAN ${st.account_number}`);
    }
  });
});

describe('generateDemoCompany S across seeds', () => {
  it.each([1, 2, 3, 99, 12345])('seed %i holds the invariants and covers every case', (seed) => {
    const demo = generateDemoCompany({ size: 'S', seed });
    checkInvariants(demo);
    const seen = new Set(demo.groundTruth.statementLines.map((g) => g.case));
    expect(seen.size).toBe(9);
  });
});

describe('generateDemoCompany M', () => {
  let demo: DemoCompany;
  beforeAll(() => {
    demo = generateDemoCompany({ size: 'M', seed: 1 });
  });

  it('has the expected sizes', () => {
    const r = demo.dataset.records;
    const partners = r['res.partner']?.length ?? 0;
    expect(partners).toBeGreaterThan(2500);
    expect(partners).toBeLessThan(4000);
    const docs = (r['account.move'] ?? []).filter((m) => m.move_type === 'out_invoice' || m.move_type === 'in_invoice').length;
    expect(docs).toBeGreaterThan(12_000);
    expect(docs).toBeLessThan(19_000);
    const lines = r['account.bank.statement.line']?.length ?? 0;
    expect(lines).toBeGreaterThan(6_000);
    expect(lines).toBeLessThan(11_000);
  });

  it('holds the accounting and ground-truth invariants', () => {
    checkInvariants(demo);
  });
});

// ~10 s and ~500 MB; its speed is measured by the benchmarks, not here
describe('generateDemoCompany L', () => {
  it('meets the benchmark sizes and holds the invariants', () => {
    const demo = generateDemoCompany({ size: 'L', seed: 3 });
    const r = demo.dataset.records;
    expect(r['res.partner']?.length ?? 0).toBeGreaterThanOrEqual(20_000);
    expect(r['account.move.line']?.length ?? 0).toBeGreaterThanOrEqual(200_000);
    expect(r['account.bank.statement.line']?.length ?? 0).toBeGreaterThanOrEqual(30_000);
    checkInvariants(demo);
  }, 120_000);
});
