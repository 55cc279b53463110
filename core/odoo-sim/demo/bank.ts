/**
 * Payments and bank statement lines. Each open invoice or bill gets a payment plan from its partner's
 * habit; plans dated before the cutoff are posted as reconciled history (direct statement matches,
 * registered payments, vendor payment runs, USD settlements with exchange-difference entries); plans
 * inside the last ~2 months become unreconciled statement lines on the suspense account, each with
 * its ground truth. Recurring non-invoice lines (salaries, social security, VAT, fees, loan) fill in.
 */
import type { DemoGroundTruth } from '../types';
import { addPartial, type LineSpec, type PostedInvoice, postInvoice, postMove } from './accounting';
import type { Ctx, PartnerInfo } from './context';
import { nextName, rateAt } from './context';
import { addMonths, businessDay, type Day, firstOfMonth, fmtDay, monthOf, weekday, yearOf } from './dates';
import { amt } from './db';
import { bankName, invoiceRef, noRefLabel, pickRefStyle, typoRef } from './labels';
import { EXPENSE_KINDS, FIRST_NAMES, LAST_NAMES } from './names';
import type { Rng } from './rng';

type GtEntry = DemoGroundTruth['statementLines'][number];
export type GtCase = GtEntry['case'];

type Part = { item: PostedInvoice; cents: number; cur: number };

type Recurring = {
  journal: 'bank_eur' | 'bank_usd';
  label: string;
  /** journal-currency cents, signed */
  amount: number;
  /** counterpart accounts with company cents (signed, sum = −liquidity balance) */
  counter: Array<{ account: number; cents: number; name: string }>;
  partnerName: string | false;
  type: string;
};

type PayEvent = {
  seq: number;
  day: Day;
  dir: 'in' | 'out';
  partner: PartnerInfo | false;
  parts: Part[];
  kind: 'normal' | 'batch' | 'installment' | 'fee' | 'usd' | 'run' | 'direct-debit' | 'recurring' | 'advance' | 'partial';
  feeCents: number;
  /** USD items: through the USD journal (else converted by the customer's bank into EUR) */
  usdBank: boolean;
  installment?: { k: number; n: number };
  forced?: GtCase;
  run?: Array<{ partner: PartnerInfo; parts: Part[] }>;
  recurring?: Recurring;
  advanceCents?: number;
};

export type BankStats = {
  statementLines: number;
  reconciledLines: number;
  unreconciledLines: number;
  payments: number;
  exchangeMoves: number;
  statements: number;
  caseCounts: Record<string, number>;
};

type Planner = { events: PayEvent[]; seq: number };

function push(pl: Planner, e: Omit<PayEvent, 'seq'>): void {
  pl.events.push({ ...e, seq: pl.seq++ });
}

export function genBank(ctx: Ctx, invoices: PostedInvoice[], bills: PostedInvoice[]): { gt: GtEntry[]; stats: BankStats } {
  const rng = ctx.rng.fork('bank');
  const pl: Planner = { events: [], seq: 0 };
  planCustomers(ctx, rng, pl, invoices);
  planVendors(ctx, rng, pl, bills);
  planRecurring(ctx, rng, pl);

  const byDay = (a: PayEvent, b: PayEvent) => a.day - b.day || a.seq - b.seq;
  const history = pl.events.filter((e) => e.day <= ctx.cutoff).sort(byDay);
  const window = pl.events.filter((e) => e.day > ctx.cutoff && e.day <= ctx.today);

  const st = new StatementWriter(ctx);
  const stats: BankStats = { statementLines: 0, reconciledLines: 0, unreconciledLines: 0, payments: 0, exchangeMoves: 0, statements: 0, caseCounts: {} };
  for (const e of history) postHistory(ctx, rng, st, e, stats);

  topUpCases(ctx, rng, pl, window, invoices);
  window.sort(byDay);
  const gt = postWindow(ctx, rng, st, window, stats);
  stats.statements = st.writeStatements();
  stats.statementLines = st.count;
  return { gt, stats };
}

// ───────────────────────────── planning ─────────────────────────────

function planCustomers(ctx: Ctx, rng: Rng, pl: Planner, invoices: PostedInvoice[]): void {
  const byPartner = new Map<number, PostedInvoice[]>();
  for (const inv of invoices) {
    if (inv.moveType !== 'out_invoice' || inv.resC <= 0) continue;
    const list = byPartner.get(inv.partner.id) ?? [];
    list.push(inv);
    byPartner.set(inv.partner.id, list);
  }
  const after = (inv: PostedInvoice, day: Day) => businessDay(Math.max(inv.day + 1, day));
  for (const [, list] of byPartner) {
    const partner = list[0]?.partner;
    if (!partner) continue;
    const batches = new Map<Day, Part[]>();
    for (const inv of list) {
      const whole: Part = { item: inv, cents: inv.resC, cur: inv.resCur };
      if (rng.chance(partner.habit === 'very-late' ? 0.15 : 0.012)) continue; // disputed or bad debt: stays open
      if (inv.currency === 'USD') {
        push(pl, { day: after(inv, inv.dueDay + rng.int(-5, 20)), dir: 'in', partner, parts: [whole], kind: 'usd', feeCents: 0, usdBank: rng.chance(0.6) });
        continue;
      }
      switch (partner.habit) {
        case 'punctual':
          push(pl, { day: after(inv, inv.dueDay + rng.int(-7, 3)), dir: 'in', partner, parts: [whole], kind: 'normal', feeCents: 0, usdBank: false });
          break;
        case 'late':
          push(pl, { day: after(inv, inv.dueDay + rng.int(5, 45)), dir: 'in', partner, parts: [whole], kind: 'normal', feeCents: 0, usdBank: false });
          break;
        case 'very-late':
          push(pl, { day: after(inv, inv.dueDay + rng.int(30, 120)), dir: 'in', partner, parts: [whole], kind: 'normal', feeCents: 0, usdBank: false });
          break;
        case 'fee-payer': {
          const fee = rng.pick([500, 750, 1000, 1250, 1500, 2000, 2500]);
          const kind = fee * 3 < inv.resC ? 'fee' : 'normal';
          push(pl, { day: after(inv, inv.dueDay + rng.int(-3, 10)), dir: 'in', partner, parts: [whole], kind, feeCents: kind === 'fee' ? fee : 0, usdBank: false });
          break;
        }
        case 'installments': {
          const n = inv.resC >= 60_000 ? rng.int(2, 3) : 1;
          let day = after(inv, inv.dueDay + rng.int(0, 20));
          let left = inv.resC;
          for (let k = 1; k <= n; k++) {
            const cents = k === n ? left : Math.floor(inv.resC / n / 10_000) * 10_000 || Math.floor(inv.resC / n);
            left -= cents;
            push(pl, { day, dir: 'in', partner, parts: [{ item: inv, cents, cur: cents }], kind: n > 1 ? 'installment' : 'normal', feeCents: 0, usdBank: false, installment: { k, n } });
            day = businessDay(day + rng.int(14, 35));
          }
          break;
        }
        case 'batch': {
          // pays everything falling due around a month in one transfer on the 25th
          const payDay = businessDay(firstOfMonth(inv.dueDay + 6) + 24);
          const list2 = batches.get(payDay) ?? [];
          list2.push(whole);
          batches.set(payDay, list2);
          break;
        }
      }
    }
    for (const [day, parts] of batches) {
      const first = parts[0];
      if (!first) continue;
      const d = businessDay(Math.max(day, ...parts.map((p) => p.item.day + 1)));
      push(pl, { day: d, dir: 'in', partner, parts, kind: parts.length > 1 ? 'batch' : 'normal', feeCents: 0, usdBank: false });
    }
  }
  // customers paying before any invoice exists (deposits): an open credit on their account
  const n = Math.max(2, Math.round(ctx.customers.length * 0.02));
  for (let i = 0; i < n; i++) {
    const partner = rng.pick(ctx.customers);
    if (partner.currency !== 'EUR') continue;
    push(pl, { day: businessDay(rng.int(ctx.start + 30, ctx.today)), dir: 'in', partner, parts: [], kind: 'advance', feeCents: 0, usdBank: false, advanceCents: rng.int(5, 60) * 10_000 });
  }
}

const DIRECT_DEBIT = new Set(['utilities', 'telecom']);

function planVendors(ctx: Ctx, rng: Rng, pl: Planner, bills: PostedInvoice[]): void {
  const runs = new Map<Day, Map<number, Part[]>>();
  for (const bill of bills) {
    if (bill.moveType !== 'in_invoice' || bill.resC <= 0) continue;
    const vendor = bill.partner;
    const whole: Part = { item: bill, cents: bill.resC, cur: bill.resCur };
    if (rng.chance(0.01)) continue; // disputed, on hold
    const after = (day: Day) => businessDay(Math.max(bill.day + 1, day));
    if (bill.currency === 'USD') {
      push(pl, { day: after(bill.dueDay + rng.int(-3, 3)), dir: 'out', partner: vendor, parts: [whole], kind: 'usd', feeCents: 0, usdBank: true });
      continue;
    }
    const expense = EXPENSE_KINDS[vendor.expenseIndex];
    if (vendor.vendorKind === 'expense' && expense && DIRECT_DEBIT.has(expense.account)) {
      push(pl, { day: after(bill.dueDay), dir: 'out', partner: vendor, parts: [whole], kind: 'direct-debit', feeCents: 0, usdBank: false });
      continue;
    }
    if (rng.chance(0.03) && bill.resC > 20_000) {
      // paid half, the rest after the dispute is settled
      const half = Math.floor(bill.resC / 2 / 100) * 100;
      const d1 = after(bill.dueDay + rng.int(0, 5));
      push(pl, { day: d1, dir: 'out', partner: vendor, parts: [{ item: bill, cents: half, cur: half }], kind: 'installment', feeCents: 0, usdBank: false, installment: { k: 1, n: 2 } });
      push(pl, { day: businessDay(d1 + rng.int(20, 45)), dir: 'out', partner: vendor, parts: [{ item: bill, cents: bill.resC - half, cur: bill.resC - half }], kind: 'installment', feeCents: 0, usdBank: false, installment: { k: 2, n: 2 } });
      continue;
    }
    // payment runs on Tuesdays and Fridays, paying what falls due within two days
    let day = Math.max(bill.day + 1, bill.dueDay - 2);
    while (weekday(day) !== 2 && weekday(day) !== 5) day++;
    const run = runs.get(day) ?? new Map<number, Part[]>();
    const parts = run.get(vendor.id) ?? [];
    parts.push(whole);
    run.set(vendor.id, parts);
    runs.set(day, run);
  }
  for (const [day, run] of [...runs].sort((a, b) => a[0] - b[0])) {
    const groups = [...run].sort((a, b) => a[0] - b[0]).map(([id, parts]) => ({ partner: ctx.partnerInfo.get(id) as PartnerInfo, parts }));
    if (day <= ctx.cutoff) {
      push(pl, { day, dir: 'out', partner: false, parts: groups.flatMap((g) => g.parts), kind: 'run', feeCents: 0, usdBank: false, run: groups });
    } else {
      // recent transfers are still individual lines on the statement
      for (const g of groups) push(pl, { day, dir: 'out', partner: g.partner, parts: g.parts, kind: g.parts.length > 1 ? 'batch' : 'normal', feeCents: 0, usdBank: false });
    }
  }
}

const CARD_MERCHANTS: ReadonlyArray<{ name: string; account: 'fuel' | 'marketing' | 'software' | 'freight' | 'fees'; range: [number, number] }> = [
  { name: 'SHELL ANTWERPEN NOORD', account: 'fuel', range: [40, 120] },
  { name: 'TOTALENERGIES MECHELEN', account: 'fuel', range: [35, 110] },
  { name: 'Q-PARK ANTWERPEN', account: 'freight', range: [4, 35] },
  { name: 'NMBS/SNCB', account: 'freight', range: [8, 60] },
  { name: 'AMAZON EU SARL', account: 'software', range: [12, 450] },
  { name: 'GOOGLE*WORKSPACE', account: 'software', range: [10, 240] },
  { name: 'META ADS', account: 'marketing', range: [50, 900] },
  { name: 'BPOST', account: 'freight', range: [3, 80] },
  { name: 'COLRUYT ANTWERPEN', account: 'marketing', range: [8, 140] },
  { name: 'KBO-BCE UITTREKSEL', account: 'fees', range: [5, 25] },
];

function planRecurring(ctx: Ctx, rng: Rng, pl: Planner): void {
  const f = ctx.size === 'S' ? 1 : ctx.size === 'M' ? 6 : 30;
  const employees = Array.from({ length: ctx.cfg.employees }, (_, i) => ({
    name: `${(LAST_NAMES[(i * 7) % LAST_NAMES.length] ?? 'Peeters').toUpperCase()} ${(FIRST_NAMES[(i * 11) % FIRST_NAMES.length] ?? 'Jan').toUpperCase()}`,
    net: rng.int(2_100, 4_800) * 100 * (ctx.cfg.employees === 1 ? 5 : 1),
  }));
  if (ctx.cfg.employees === 1) employees[0] = { name: 'SOCIAL SECRETARIAT PARTENA NETTOLONEN', net: employees[0]?.net ?? 1_500_000 };
  const acc = ctx.acc;
  const rec = (day: Day, r: Recurring) => {
    if (day > ctx.today) return;
    push(pl, { day: businessDay(day), dir: r.amount > 0 ? 'in' : 'out', partner: false, parts: [], kind: 'recurring', feeCents: 0, usdBank: r.journal === 'bank_usd', recurring: r });
  };
  // opening balances
  const openEur = 150_000_00 * f;
  const openUsd = 40_000_00 * f;
  rec(ctx.start, { journal: 'bank_eur', label: 'Opening balance', amount: openEur, counter: [{ account: acc.capital, cents: -openEur, name: 'Opening balance' }], partnerName: false, type: 'opening' });
  const openUsdEur = Math.round(openUsd / rateAt(ctx, ctx.start));
  rec(ctx.start, { journal: 'bank_usd', label: 'Opening balance', amount: openUsd, counter: [{ account: acc.capital, cents: -openUsdEur, name: 'Opening balance' }], partnerName: false, type: 'opening' });

  for (let m = 0; m <= ctx.cfg.months; m++) {
    const month = firstOfMonth(addMonths(ctx.start, m));
    if (month > ctx.today) break;
    const mm = `${String(monthOf(month)).padStart(2, '0')}/${yearOf(month)}`;
    // payroll entry from the social secretariat, then the bank pays net salaries and social security
    let gross = 0;
    let net = 0;
    for (const e of employees) {
      net += e.net;
      gross += Math.round(e.net * 1.62);
    }
    const employer = Math.round(gross * 0.25);
    const payrollDay = month + 24;
    if (payrollDay <= ctx.today) {
      postMove(ctx, { journal: 'misc', name: nextName(ctx, `MISC/${yearOf(payrollDay)}`, 5).name, day: payrollDay, moveType: 'entry', partnerId: false, currencyId: ctx.currency.EUR, ref: `Payroll ${mm}` }, [
        { account: acc.salaries, partnerId: false, name: `Gross salaries ${mm}`, balance: gross, amountCurrency: gross, currencyId: ctx.currency.EUR },
        { account: acc.social, partnerId: false, name: `Employer contributions ${mm}`, balance: employer, amountCurrency: employer, currencyId: ctx.currency.EUR },
        { account: acc.salaries_payable, partnerId: false, name: `Net salaries ${mm}`, balance: -net, amountCurrency: -net, currencyId: ctx.currency.EUR },
        { account: acc.social_payable, partnerId: false, name: `Social security ${mm}`, balance: -(gross - net + employer), amountCurrency: -(gross - net + employer), currencyId: ctx.currency.EUR },
      ]);
    }
    for (const e of employees) {
      rec(month + 27, { journal: 'bank_eur', label: `SALARIS ${mm} ${e.name}`, amount: -e.net, counter: [{ account: acc.salaries_payable, cents: e.net, name: `Salary ${mm} ${e.name}` }], partnerName: e.name, type: 'SEPA CT' });
    }
    const social = gross - net + employer;
    rec(addMonths(month, 1) + 4, { journal: 'bank_eur', label: `RSZ-ONSS AANGIFTE ${mm} REF 0${rng.int(100000000, 999999999)}`, amount: -social, counter: [{ account: acc.social_payable, cents: social, name: `Social security ${mm}` }], partnerName: 'RSZ - ONSS', type: 'SEPA CT' });
    const fee = rng.int(1250, 4500) * f;
    rec(month + 1, { journal: 'bank_eur', label: `Beheerskosten rekening ${mm}`, amount: -fee, counter: [{ account: acc.bank_fees, cents: fee, name: 'Account maintenance fee' }], partnerName: false, type: 'FEES' });
    const card = rng.int(3000, 40000) * f;
    rec(month + 9, { journal: 'bank_eur', label: `WORLDLINE BELGIUM CARD FEES ${mm}`, amount: -card, counter: [{ account: acc.bank_fees, cents: card, name: 'Card terminal fees' }], partnerName: 'WORLDLINE SA', type: 'SEPA DD' });
    const capital = 2_180_00 * f;
    const interest = Math.max(1_000, 320_00 * f - m * 4_00 * f);
    rec(month + 14, { journal: 'bank_eur', label: `LENING 726-${4400000 + f}-37 AFLOSSING + INTREST`, amount: -(capital + interest), counter: [{ account: acc.loan, cents: capital, name: 'Loan repayment' }, { account: acc.interest, cents: interest, name: 'Loan interest' }], partnerName: 'KBC BANK NV', type: 'LOAN' });
    for (let k = 0; k < ctx.cfg.cardPayments; k++) {
      const shop = rng.pick(CARD_MERCHANTS);
      const day = businessDay(month + rng.int(0, 27));
      const amount = rng.int(shop.range[0] * 100, shop.range[1] * 100);
      const hh = String(rng.int(7, 19)).padStart(2, '0');
      const mi = String(rng.int(0, 59)).padStart(2, '0');
      rec(day, {
        journal: 'bank_eur', label: `BANCONTACT ${rng.pick(['4871', '5520', '9034'])} ${shop.name} ${fmtDay(day).slice(8, 10)}/${fmtDay(day).slice(5, 7)} ${hh}:${mi}`,
        amount: -amount, counter: [{ account: acc[shop.account], cents: amount, name: shop.name }], partnerName: shop.name, type: 'CARD',
      });
    }
    const usdFee = 1500;
    rec(month + 1, { journal: 'bank_usd', label: `USD ACCOUNT FEE ${mm}`, amount: -usdFee, counter: [{ account: acc.bank_fees, cents: Math.round(usdFee / rateAt(ctx, month + 1)), name: 'USD account fee' }], partnerName: false, type: 'FEES' });
    if (monthOf(month) % 3 === 1) {
      const vat = rng.int(2_000, 9_000) * 100 * f;
      rec(month + 19, { journal: 'bank_eur', label: `FOD FINANCIEN BTW +++${rng.int(100, 999)}/${rng.int(1000, 9999)}/${rng.int(10000, 99999)}+++`, amount: -vat, counter: [{ account: acc.vat_due, cents: vat, name: 'VAT payment' }], partnerName: 'FOD FINANCIEN - BTW', type: 'SEPA CT' });
      const credit = rng.int(10, 2500);
      rec(month + 2, { journal: 'bank_eur', label: 'CREDITINTEREST', amount: credit, counter: [{ account: acc.income_other, cents: -credit, name: 'Credit interest' }], partnerName: false, type: 'INTEREST' });
    }
  }
}

// ───────────────────────────── posting ─────────────────────────────

type StLineInput = {
  journal: 'bank_eur' | 'bank_usd';
  day: Day;
  label: string;
  /** journal-currency cents, signed */
  amount: number;
  /** company cents of the liquidity line, signed */
  liquidity: number;
  partnerId: number | false;
  partnerName: string | false;
  accountNumber: string | false;
  counter: LineSpec[];
  foreign?: { currencyId: number; cents: number };
  type: string;
};

class StatementWriter {
  count = 0;
  private readonly ctx: Ctx;
  private readonly lines: Array<{ id: number; journal: 'bank_eur' | 'bank_usd'; day: Day; amount: number }> = [];

  constructor(ctx: Ctx) {
    this.ctx = ctx;
  }

  add(o: StLineInput): { stLineId: number; moveId: number; liquidityLineId: number; counterLineIds: number[] } {
    const ctx = this.ctx;
    const stLineId = ctx.db.nextId('account.bank.statement.line');
    const journalCurrency = o.journal === 'bank_usd' ? ctx.currency.USD : ctx.currency.EUR;
    const name = nextName(ctx, `${ctx.journalCode[o.journal]}/${yearOf(o.day)}`, 5).name;
    const link = { statement_line_id: stLineId, payment_id: false };
    const lines: LineSpec[] = [
      { account: o.journal === 'bank_usd' ? ctx.acc.bank_usd : ctx.acc.bank_eur, partnerId: o.partnerId, name: o.label, balance: o.liquidity, amountCurrency: o.amount, currencyId: journalCurrency, displayType: 'product', extra: link },
      ...o.counter.map((c) => ({ ...c, extra: { ...c.extra, ...link } })),
    ];
    const { moveId, lineIds } = postMove(ctx, { journal: o.journal, name, day: o.day, moveType: 'entry', partnerId: o.partnerId, currencyId: journalCurrency, ref: false, extra: { statement_line_id: stLineId, payment_id: false } }, lines);
    const id = ctx.db.add('account.bank.statement.line', {
      move_id: moveId, journal_id: ctx.journal[o.journal], company_id: ctx.companyId, date: fmtDay(o.day), payment_ref: o.label, amount: amt(o.amount),
      partner_id: o.partnerId, partner_name: o.partnerName, account_number: o.accountNumber, transaction_type: o.type,
      foreign_currency_id: o.foreign?.currencyId ?? false, amount_currency: o.foreign ? amt(o.foreign.cents) : 0, currency_id: journalCurrency,
      statement_id: false, sequence: 1, unique_import_id: `CODA-${ctx.journalCode[o.journal]}-${fmtDay(o.day).replace(/-/g, '')}-${stLineId}`,
      narration: false,
    });
    if (id !== stLineId) throw new Error('statement line id drift');
    this.lines.push({ id, journal: o.journal, day: o.day, amount: o.amount });
    this.count++;
    return { stLineId, moveId, liquidityLineId: lineIds[0] ?? 0, counterLineIds: lineIds.slice(1) };
  }

  /** Monthly statements per journal with running balances (statement_id is optional since 16, but CODA users have them). */
  writeStatements(): number {
    const ctx = this.ctx;
    let n = 0;
    for (const journal of ['bank_eur', 'bank_usd'] as const) {
      const lines = this.lines.filter((l) => l.journal === journal).sort((a, b) => a.day - b.day || a.id - b.id);
      let balance = 0;
      let i = 0;
      while (i < lines.length) {
        const month = firstOfMonth(lines[i]?.day ?? 0);
        const ids: number[] = [];
        const start = balance;
        let lastDay = month;
        while (i < lines.length && firstOfMonth(lines[i]?.day ?? 0) === month) {
          const l = lines[i];
          if (l) {
            ids.push(l.id);
            balance += l.amount;
            lastDay = l.day;
          }
          i++;
        }
        const stId = ctx.db.add('account.bank.statement', {
          name: `${ctx.journalCode[journal]} Statement ${fmtDay(month).slice(0, 7)}`, journal_id: ctx.journal[journal], company_id: ctx.companyId, date: fmtDay(lastDay),
          balance_start: amt(start), balance_end_real: amt(balance), line_ids: ids, reference: `${yearOf(month)}${String(monthOf(month)).padStart(3, '0')}`,
        });
        for (const id of ids) ctx.db.get('account.bank.statement.line', id).statement_id = stId;
        n++;
      }
    }
    return n;
  }
}

function accountNumberFor(ctx: Ctx, rng: Rng, p: PartnerInfo | false): string | false {
  if (!p) return false;
  if (p.iban && rng.chance(0.92)) return p.iban;
  // paid from an account we do not know (another bank, a parent company)
  return p.country === 'US' ? `${rng.int(100000000, 999999999)}` : false;
}

function receivableLine(ctx: Ctx, part: Part, sign: 1 | -1, partnerId: number, day: Day, usd: boolean): LineSpec {
  const isOut = part.item.moveType === 'in_invoice';
  const cents = usd ? Math.round(part.cur / rateAt(ctx, day)) : part.cents;
  return {
    account: isOut ? ctx.acc.payable : ctx.acc.receivable, partnerId, name: part.item.name, balance: sign * cents, amountCurrency: sign * (usd ? part.cur : part.cents),
    currencyId: usd ? ctx.currency.USD : ctx.currency.EUR, displayType: 'product', dateMaturity: day,
  };
}

/** Reconciles an invoice/bill term line with a counterpart line of the opposite side. */
function match(ctx: Ctx, item: PostedInvoice, counterLine: number, cents: number, cur: number, day: Day): void {
  if (item.moveType === 'in_invoice') addPartial(ctx, counterLine, item.termLineId, cents, cur, cur, day);
  else addPartial(ctx, item.termLineId, counterLine, cents, cur, cur, day);
  item.resC -= cents;
  item.resCur -= cur;
}

function postHistory(ctx: Ctx, rng: Rng, st: StatementWriter, e: PayEvent, stats: BankStats): void {
  stats.reconciledLines++;
  const partnerId = e.partner ? e.partner.id : false;
  if (e.kind === 'recurring' && e.recurring) {
    const r = e.recurring;
    const liquidity = -r.counter.reduce((s, c) => s + c.cents, 0);
    st.add({
      journal: r.journal, day: e.day, label: r.label, amount: r.amount, liquidity, partnerId: false, partnerName: r.partnerName, accountNumber: false, type: r.type,
      counter: r.counter.map((c) => ({ account: c.account, partnerId: false, name: c.name, balance: c.cents, amountCurrency: r.journal === 'bank_usd' ? Math.sign(c.cents) * Math.abs(r.amount) : c.cents, currencyId: r.journal === 'bank_usd' ? ctx.currency.USD : ctx.currency.EUR })),
    });
    return;
  }
  if (e.kind === 'advance' && e.partner) {
    const a = e.advanceCents ?? 0;
    st.add({
      journal: 'bank_eur', day: e.day, label: rng.pick(['Voorschot', 'Acompte', 'Advance payment', 'Prepayment order']), amount: a, liquidity: a, partnerId, partnerName: bankName(rng, e.partner),
      accountNumber: accountNumberFor(ctx, rng, e.partner), type: 'SEPA CT',
      counter: [{ account: ctx.acc.receivable, partnerId, name: 'Advance payment', balance: -a, amountCurrency: -a, currencyId: ctx.currency.EUR }],
    });
    return;
  }
  if (e.kind === 'run' && e.run) {
    postRun(ctx, st, e, stats);
    return;
  }
  if (!e.partner) return;
  const p = e.partner;
  const sign = e.dir === 'in' ? 1 : -1;
  const label = labelFor(ctx, rng, e, 'exact');
  if (e.kind === 'usd') {
    postUsdHistory(ctx, rng, st, e, p, label, stats);
    return;
  }
  const total = e.parts.reduce((s, x) => s + x.cents, 0) - e.feeCents;
  if (e.dir === 'in' && (e.kind === 'normal' || e.kind === 'batch') && rng.chance(0.2)) {
    // registered in Odoo first (Register Payment), matched to the bank line later
    const pay = postPayment(ctx, e.day, p, 'inbound', total, e.parts, label);
    stats.payments++;
    const res = st.add({
      journal: 'bank_eur', day: e.day, label, amount: total, liquidity: total, partnerId, partnerName: bankName(rng, p), accountNumber: accountNumberFor(ctx, rng, p), type: 'SEPA CT',
      counter: [{ account: ctx.acc.outstanding_in, partnerId, name: label, balance: -total, amountCurrency: -total, currencyId: ctx.currency.EUR }],
    });
    addPartial(ctx, pay.outstandingLineId, res.counterLineIds[0] ?? 0, total, total, total, e.day);
    return;
  }
  const counter: LineSpec[] = e.parts.map((x) => receivableLine(ctx, x, -sign as 1 | -1, p.id, e.day, false));
  if (e.feeCents) counter.push({ account: ctx.acc.bank_fees, partnerId, name: 'Bank charges deducted', balance: e.feeCents, amountCurrency: e.feeCents, currencyId: ctx.currency.EUR });
  const res = st.add({
    journal: 'bank_eur', day: e.day, label, amount: sign * total, liquidity: sign * total, partnerId, partnerName: bankName(rng, p), accountNumber: accountNumberFor(ctx, rng, p),
    type: e.kind === 'direct-debit' ? 'SEPA DD' : 'SEPA CT', counter,
  });
  e.parts.forEach((x, i) => match(ctx, x.item, res.counterLineIds[i] ?? 0, x.cents, x.cents, e.day));
}

function postPayment(ctx: Ctx, day: Day, p: PartnerInfo, type: 'inbound' | 'outbound', total: number, parts: Part[], memo: string): { paymentId: number; outstandingLineId: number } {
  const paymentId = ctx.db.nextId('account.payment');
  const inbound = type === 'inbound';
  const name = nextName(ctx, `P${ctx.journalCode.bank_eur}/${yearOf(day)}`, 5).name;
  const link = { payment_id: paymentId, statement_line_id: false };
  const s = inbound ? 1 : -1;
  const { moveId, lineIds } = postMove(ctx, { journal: 'bank_eur', name, day, moveType: 'entry', partnerId: p.id, currencyId: ctx.currency.EUR, ref: memo, extra: { payment_id: paymentId, statement_line_id: false } }, [
    { account: inbound ? ctx.acc.outstanding_in : ctx.acc.outstanding_out, partnerId: p.id, name: memo, balance: s * total, amountCurrency: s * total, currencyId: ctx.currency.EUR, extra: link },
    { account: inbound ? ctx.acc.receivable : ctx.acc.payable, partnerId: p.id, name: memo, balance: -s * total, amountCurrency: -s * total, currencyId: ctx.currency.EUR, extra: link },
  ]);
  const id = ctx.db.add('account.payment', {
    name, move_id: moveId, payment_type: type, partner_type: inbound ? 'customer' : 'supplier', amount: amt(total), date: fmtDay(day), journal_id: ctx.journal.bank_eur,
    partner_id: p.id, currency_id: ctx.currency.EUR, payment_method_line_id: inbound ? ctx.paymentMethodLine.inEur : ctx.paymentMethodLine.outEur, ref: memo,
    state: 'posted', is_internal_transfer: false, destination_account_id: inbound ? ctx.acc.receivable : ctx.acc.payable,
    outstanding_account_id: inbound ? ctx.acc.outstanding_in : ctx.acc.outstanding_out, partner_bank_id: false, company_id: ctx.companyId,
  });
  if (id !== paymentId) throw new Error('payment id drift');
  const counterLine = lineIds[1] ?? 0;
  for (const x of parts) match(ctx, x.item, counterLine, x.cents, x.cents, day);
  return { paymentId, outstandingLineId: lineIds[0] ?? 0 };
}

function postRun(ctx: Ctx, st: StatementWriter, e: PayEvent, stats: BankStats): void {
  const payLines: Array<{ line: number; total: number; partnerId: number }> = [];
  for (const g of e.run ?? []) {
    const total = g.parts.reduce((s, x) => s + x.cents, 0);
    const refs = g.parts.map((x) => x.item.ref || x.item.name).join(', ');
    const pay = postPayment(ctx, e.day, g.partner, 'outbound', total, g.parts, refs.slice(0, 120));
    stats.payments++;
    payLines.push({ line: pay.outstandingLineId, total, partnerId: g.partner.id });
  }
  const sum = payLines.reduce((s, x) => s + x.total, 0);
  const res = st.add({
    journal: 'bank_eur', day: e.day, label: `SEPA BATCH PAYMENT ${fmtDay(e.day)} (${payLines.length} TRANSFERS)`, amount: -sum, liquidity: -sum, partnerId: false, partnerName: false,
    accountNumber: false, type: 'SEPA CT BATCH',
    counter: payLines.map((x) => ({ account: ctx.acc.outstanding_out, partnerId: x.partnerId, name: 'Payment run', balance: x.total, amountCurrency: x.total, currencyId: ctx.currency.EUR })),
  });
  payLines.forEach((x, i) => addPartial(ctx, res.counterLineIds[i] ?? 0, x.line, x.total, x.total, x.total, e.day));
}

/** A USD invoice/bill paid in USD: the EUR value moved with the rate, so an exchange-difference entry closes it. */
function postUsdHistory(ctx: Ctx, rng: Rng, st: StatementWriter, e: PayEvent, p: PartnerInfo, label: string, stats: BankStats): void {
  const part = e.parts[0];
  if (!part) return;
  const inbound = e.dir === 'in';
  const sign = inbound ? 1 : -1;
  const L = Math.round(part.cur / rateAt(ctx, e.day));
  const D = part.item.resC;
  const res = st.add({
    journal: 'bank_usd', day: e.day, label, amount: sign * part.cur, liquidity: sign * L, partnerId: p.id, partnerName: bankName(rng, p), accountNumber: accountNumberFor(ctx, rng, p), type: 'SWIFT',
    counter: [receivableLine(ctx, part, -sign as 1 | -1, p.id, e.day, true)],
  });
  const counterLine = res.counterLineIds[0] ?? 0;
  const item = part.item;
  const base = Math.min(D, L);
  if (inbound) addPartial(ctx, item.termLineId, counterLine, base, part.cur, part.cur, e.day);
  else addPartial(ctx, counterLine, item.termLineId, base, part.cur, part.cur, e.day);
  const diff = D - L;
  if (diff !== 0) {
    const acct = inbound ? ctx.acc.receivable : ctx.acc.payable;
    // receivable: D > L is a loss; payable: D > L is a gain
    const lossForUs = inbound ? diff > 0 : diff < 0;
    const abs = Math.abs(diff);
    // the exchange line sits on the side that still has a residual
    const itemSideOpen = diff > 0; // the invoice/bill line keeps |diff| open
    const exchSign = (inbound ? 1 : -1) * (itemSideOpen ? -1 : 1);
    const { lineIds } = postMove(ctx, { journal: 'exch', name: nextName(ctx, `EXCH/${yearOf(e.day)}`, 5).name, day: e.day, moveType: 'entry', partnerId: p.id, currencyId: ctx.currency.EUR, ref: `Exchange difference ${item.name}` }, [
      { account: acct, partnerId: p.id, name: `Currency exchange rate difference`, balance: exchSign * abs, amountCurrency: 0, currencyId: ctx.currency.USD },
      { account: lossForUs ? ctx.acc.fx_loss : ctx.acc.fx_gain, partnerId: p.id, name: `Currency exchange rate difference`, balance: -exchSign * abs, amountCurrency: -exchSign * abs, currencyId: ctx.currency.EUR },
    ]);
    const exchLine = lineIds[0] ?? 0;
    stats.exchangeMoves++;
    const openLine = itemSideOpen ? item.termLineId : counterLine;
    // debit side of the pair is whichever line has the positive balance
    if (exchSign > 0) addPartial(ctx, exchLine, openLine, abs, 0, 0, e.day);
    else addPartial(ctx, openLine, exchLine, abs, 0, 0, e.day);
  }
  item.resC = 0;
  item.resCur -= part.cur;
}

// ───────────────────────────── the unreconciled window ─────────────────────────────

/** Rare cases get planted in small datasets so every case type is present. */
function topUpCases(ctx: Ctx, rng: Rng, pl: Planner, window: PayEvent[], invoices: PostedInvoice[]): void {
  const counts = new Map<string, number>();
  const natural = (e: PayEvent): string => {
    if (e.kind === 'recurring' || e.kind === 'advance') return 'unmatched';
    if (e.kind === 'usd') return 'fx';
    if (e.kind === 'fee') return 'fee';
    if (e.parts.length > 1) return 'one-to-many';
    if (e.kind === 'installment') return 'installment';
    return 'single';
  };
  for (const e of window) counts.set(natural(e), (counts.get(natural(e)) ?? 0) + 1);
  const min = ctx.cfg.minPerCase;
  const candidates = rng.shuffle(window.filter((e) => e.dir === 'in' && e.kind === 'normal' && e.parts.length === 1 && e.partner && e.parts[0]?.item.currency === 'EUR' && (e.parts[0]?.item.resC ?? 0) >= 20_000));
  const take = () => candidates.pop();
  const settled = new Set<number>();
  for (const e of pl.events) for (const x of e.parts) settled.add(x.item.termLineId);
  const need = (key: string, extra = 0) => Math.max(0, min + extra - (counts.get(key) ?? 0));

  for (let i = need('fee'); i > 0; i--) {
    const e = take();
    if (!e) break;
    e.kind = 'fee';
    e.feeCents = rng.pick([500, 750, 1000, 1500]);
  }
  // many-to-one vs partial among the natural installment plans (residuals are final: history is posted)
  const byItem = new Map<number, PayEvent[]>();
  for (const e of window) {
    const x = e.parts[0];
    if (e.kind !== 'installment' || !x) continue;
    const list = byItem.get(x.item.termLineId) ?? [];
    list.push(e);
    byItem.set(x.item.termLineId, list);
  }
  let manyToOne = 0;
  let partial = 0;
  for (const list of byItem.values()) {
    const item = list[0]?.parts[0]?.item;
    if (!item) continue;
    const sum = list.reduce((s, e) => s + (e.parts[0]?.cents ?? 0), 0);
    if (list.length >= 2 && sum === item.resC) manyToOne += list.length;
    else partial += list.filter((e) => (e.parts[0]?.cents ?? 0) !== item.resC).length;
  }
  const splitFirst = (e: PayEvent, part: Part): number => {
    const first = Math.floor((part.item.resC * (0.3 + rng.next() * 0.4)) / 100) * 100;
    part.cents = first;
    part.cur = first;
    e.kind = 'installment';
    e.installment = { k: 1, n: 2 };
    return first;
  };
  for (let i = min - partial; i > 0; i--) {
    const e = take();
    const part = e?.parts[0];
    if (!e || !part) break;
    splitFirst(e, part);
  }
  for (let i = min - manyToOne; i > 0; i -= 2) {
    const e = take();
    const part = e?.parts[0];
    if (!e || !part) break;
    const first = splitFirst(e, part);
    const later = businessDay(e.day + rng.int(3, 20));
    const day2 = later <= ctx.today ? later : e.day;
    window.push({ ...e, seq: pl.seq++, day: day2, parts: [{ item: part.item, cents: part.item.resC - first, cur: part.item.resC - first }], installment: { k: 2, n: 2 } });
  }
  for (let i = need('one-to-many'); i > 0; ) {
    const e = take();
    if (!e) break;
    const p = e.partner;
    if (!p) continue;
    const extra = invoices.find((inv) => inv.partner.id === p.id && inv.moveType === 'out_invoice' && inv.currency === 'EUR' && inv.resC > 0 && inv.day < e.day && !settled.has(inv.termLineId));
    if (!extra) continue;
    settled.add(extra.termLineId);
    e.parts.push({ item: extra, cents: extra.resC, cur: extra.resCur });
    e.kind = 'batch';
    i--;
  }
  for (const c of ['typo', 'no-reference'] as const) {
    for (let i = 0; i < min; i++) {
      const e = take();
      if (!e) break;
      e.forced = c;
    }
  }
  // pull forward USD receipts planned after today: their invoices exist, only the payment date moves
  for (const e of pl.events) {
    if (need('fx') <= 0) break;
    const item = e.parts[0]?.item;
    if (e.kind !== 'usd' || e.dir !== 'in' || e.day <= ctx.today || !item) continue;
    const lo = Math.max(ctx.cutoff + 1, item.day + 1);
    if (lo > ctx.today) continue;
    const day = businessDay(rng.int(lo, ctx.today));
    e.day = day <= ctx.today ? day : lo;
    window.push(e);
    counts.set('fx', (counts.get('fx') ?? 0) + 1);
  }
  if (need('fx') > 0) {
    // last resort for tiny datasets: an extra USD sale (its number lands after later-dated invoices)
    const usdCustomers = ctx.customers.filter((c) => c.currency === 'USD' && !c.duplicateOf);
    for (let i = need('fx'); i > 0 && usdCustomers.length > 0; i--) {
      // an extra USD sale whose payment lands in the window
      const partner = rng.pick(usdCustomers);
      const payDay = businessDay(rng.int(ctx.cutoff + 1, ctx.today - 1));
      const day = businessDay(Math.max(ctx.start, payDay - partner.termDays - rng.int(0, 5)));
      if (day >= payDay) continue;
      const product = rng.pick(ctx.products);
      const inv = postUsdInvoice(ctx, partner, day, product.id, product.name, Math.round(product.listCents * rateAt(ctx, day)), rng.int(1, 8));
      invoices.push(inv);
      window.push({ seq: pl.seq++, day: payDay, dir: 'in', partner, parts: [{ item: inv, cents: inv.resC, cur: inv.resCur }], kind: 'usd', feeCents: 0, usdBank: i % 2 === 0 });
    }
  }
}

function postUsdInvoice(ctx: Ctx, partner: PartnerInfo, day: Day, productId: number, name: string, priceCents: number, qty: number): PostedInvoice {
  return postInvoice(ctx, {
    moveType: 'out_invoice', partner, day, dueDay: day + partner.termDays, currency: 'USD', termId: partner.termId,
    lines: [{ productId, name, qty, priceCents, taxKey: 'S0X', accountKey: 'income_goods', extra: { sale_line_ids: [], purchase_line_id: false } }],
  });
}

function postWindow(ctx: Ctx, rng: Rng, st: StatementWriter, window: PayEvent[], stats: BankStats): GtEntry[] {
  // installments of one item inside the window, to tell many-to-one from partial
  const windowPaid = new Map<number, { sum: number; n: number }>();
  for (const e of window) {
    if (e.kind !== 'installment') continue;
    const x = e.parts[0];
    if (!x) continue;
    const w = windowPaid.get(x.item.termLineId) ?? { sum: 0, n: 0 };
    w.sum += x.cents;
    w.n += 1;
    windowPaid.set(x.item.termLineId, w);
  }
  const gt: GtEntry[] = [];
  for (const e of window) {
    stats.unreconciledLines++;
    const sign = e.dir === 'in' ? 1 : -1;
    const p = e.partner;
    const bump = (c: GtCase) => (stats.caseCounts[c] = (stats.caseCounts[c] ?? 0) + 1);
    if (e.kind === 'recurring' && e.recurring) {
      const r = e.recurring;
      const liquidity = r.journal === 'bank_usd' ? Math.round(r.amount / rateAt(ctx, e.day)) : r.amount;
      const res = suspenseLine(ctx, st, { journal: r.journal, day: e.day, label: r.label, amount: r.amount, liquidity, partnerId: false, partnerName: r.partnerName, accountNumber: false, type: r.type });
      gt.push({ statementLineId: res, settles: [], partnerId: false, case: 'unmatched' });
      bump('unmatched');
      continue;
    }
    if (!p) continue;
    const knownPartner = p.iban !== false && rng.chance(0.6) ? p.id : false;
    if (e.kind === 'advance') {
      const a = e.advanceCents ?? 0;
      const res = suspenseLine(ctx, st, { journal: 'bank_eur', day: e.day, label: rng.pick(['Voorschot', 'Acompte bon de commande', 'Advance payment', 'Payment order confirmation']), amount: a, liquidity: a, partnerId: knownPartner, partnerName: bankName(rng, p), accountNumber: accountNumberFor(ctx, rng, p), type: 'SEPA CT' });
      gt.push({ statementLineId: res, settles: [], partnerId: p.id, case: 'unmatched' });
      bump('unmatched');
      continue;
    }
    const open = e.parts.reduce((s, x) => s + x.item.resC, 0);
    let gtCase: GtCase;
    let writeOff: GtEntry['writeOff'];
    let label: string;
    if (e.kind === 'usd') {
      const part = e.parts[0];
      if (!part) continue;
      gtCase = 'fx';
      label = labelFor(ctx, rng, e, 'exact');
      if (e.usdBank) {
        const L = Math.round(part.cur / rateAt(ctx, e.day));
        const res = suspenseLine(ctx, st, { journal: 'bank_usd', day: e.day, label, amount: sign * part.cur, liquidity: sign * L, partnerId: knownPartner, partnerName: bankName(rng, p), accountNumber: accountNumberFor(ctx, rng, p), type: 'SWIFT' });
        gt.push({ statementLineId: res, settles: [part.item.termLineId], partnerId: p.id, case: 'fx', writeOff: { amount: amt(open - L), reason: 'fx' } });
      } else {
        // converted by the customer's bank at its own rate, spread included
        const L = Math.round((part.cur / rateAt(ctx, e.day)) * (1 - (0.2 + rng.next() * 1.3) / 100));
        const res = suspenseLine(ctx, st, { journal: 'bank_eur', day: e.day, label: `${label} USD ${amt(part.cur).toFixed(2)}`, amount: sign * L, liquidity: sign * L, partnerId: knownPartner, partnerName: bankName(rng, p), accountNumber: accountNumberFor(ctx, rng, p), type: 'SWIFT', foreign: { currencyId: ctx.currency.USD, cents: sign * part.cur } });
        gt.push({ statementLineId: res, settles: [part.item.termLineId], partnerId: p.id, case: 'fx', writeOff: { amount: amt(open - L), reason: 'fx' } });
      }
      bump('fx');
      continue;
    }
    const paid = e.parts.reduce((s, x) => s + x.cents, 0) - e.feeCents;
    if (e.kind === 'fee') {
      gtCase = 'fee';
      writeOff = { amount: amt(e.feeCents), reason: 'bank-fee' };
    } else if (e.parts.length > 1) {
      gtCase = 'one-to-many';
    } else if (e.kind === 'installment') {
      const x = e.parts[0];
      const w = x ? windowPaid.get(x.item.termLineId) : undefined;
      if (x && w && w.n >= 2 && w.sum === x.item.resC) gtCase = 'many-to-one';
      else if (x && x.cents === x.item.resC) gtCase = e.forced ?? pickLabelCase(rng);
      else gtCase = 'partial';
    } else {
      gtCase = e.forced ?? pickLabelCase(rng);
    }
    label = labelFor(ctx, rng, e, gtCase);
    const res = suspenseLine(ctx, st, {
      journal: 'bank_eur', day: e.day, label, amount: sign * paid, liquidity: sign * paid, partnerId: knownPartner, partnerName: bankName(rng, p),
      accountNumber: accountNumberFor(ctx, rng, p), type: e.kind === 'direct-debit' ? 'SEPA DD' : 'SEPA CT',
    });
    const entry: GtEntry = { statementLineId: res, settles: e.parts.map((x) => x.item.termLineId), partnerId: p.id, case: gtCase };
    if (writeOff) entry.writeOff = writeOff;
    gt.push(entry);
    bump(gtCase);
  }
  return gt;
}

function pickLabelCase(rng: Rng): GtCase {
  return rng.weighted(['exact', 'typo', 'no-reference'] as const, [72, 11, 17]);
}

function suspenseLine(ctx: Ctx, st: StatementWriter, o: Omit<StLineInput, 'counter'>): number {
  const usd = o.journal === 'bank_usd';
  const res = st.add({
    ...o,
    counter: [{ account: ctx.acc.suspense, partnerId: o.partnerId, name: o.label, balance: -o.liquidity, amountCurrency: -o.amount, currencyId: usd ? ctx.currency.USD : ctx.currency.EUR }],
  });
  return res.stLineId;
}

function labelFor(ctx: Ctx, rng: Rng, e: PayEvent, c: GtCase): string {
  const p = e.partner;
  if (!p) return 'PAYMENT';
  const items = e.parts.map((x) => x.item);
  const first = items[0];
  if (!first) return noRefLabel(rng, p);
  if (e.dir === 'out') return vendorLabel(rng, e, p, items, c);
  const withName = (s: string) => (rng.chance(0.25) ? `${bankName(rng, p)} ${s}` : s);
  switch (c) {
    case 'typo':
      return withName(typoRef(rng, first));
    case 'no-reference':
      return noRefLabel(rng, p);
    case 'one-to-many': {
      const style = rng.int(0, 3);
      if (style === 3) return rng.pick([`Payment ${items.length} invoices`, 'Facturen', 'Diverse facturen', 'Sammelzahlung']);
      if (style === 2) return `Invoices ${items.map((i) => Number(i.name.split('/')[2] ?? 0)).join(', ')}`;
      const refStyle = pickRefStyle(rng);
      return withName(items.map((i) => invoiceRef(rng, i, refStyle)).join(style === 0 ? ' ' : ', '));
    }
    case 'many-to-one':
    case 'partial': {
      const k = e.installment?.k ?? 1;
      const n = e.installment?.n ?? 2;
      return `${rng.pick(['Installment', 'Partial payment', 'Acompte', 'Deelbetaling', 'Teilzahlung'])} ${k}/${n} ${invoiceRef(rng, first, pickRefStyle(rng))}`;
    }
    case 'fee': {
      const ref = invoiceRef(rng, first, pickRefStyle(rng));
      return rng.chance(0.4) ? `${ref} /CHGS/EUR${amt(e.feeCents).toFixed(2).replace('.', ',')}` : withName(ref);
    }
    default:
      return withName(invoiceRef(rng, first, pickRefStyle(rng)));
  }
}

function vendorLabel(rng: Rng, e: PayEvent, p: PartnerInfo, items: PostedInvoice[], c: GtCase): string {
  const refs = items.map((i) => i.ref || i.name);
  const first = refs[0] ?? '';
  const who = p.name.toUpperCase().slice(0, 35).trim();
  if (e.kind === 'direct-debit') return `SEPA DD ${who} MANDATE M${String(p.id).padStart(6, '0')} ${c === 'no-reference' ? '' : first}`.trim();
  switch (c) {
    case 'typo':
      return `${who} ${first.replace(/(\d)(?!.*\d)/, (d) => String((Number(d) + 1) % 10))}`;
    case 'no-reference':
      return rng.pick([`SEPA CT ${who}`, `Payment ${p.base}`, who]);
    case 'one-to-many':
      return `${who} ${refs.join(' ')}`.slice(0, 140);
    case 'many-to-one':
    case 'partial':
      return `${who} partial ${first}`;
    default:
      return rng.pick([`${who} ${first}`, first, `SEPA CT ${who} ${first}`, `Invoice ${first}`]);
  }
}

