import type { Env } from '../core';
import { displayName } from '../core';
import { userError } from '../errors';
import type { Row } from '../fields';
import { createRecords, existing, setComputed, sudo, unlinkRecords } from '../orm';
import { account, isZero, num, residualTracked, round2 } from './util';

const PARTIAL = 'account.partial.reconcile';
const AML = 'account.move.line';

export function partialsOf(env: Env, lineId: number): Row[] {
  const s = env.core.store;
  const out: Row[] = [];
  for (const id of s.childSet(PARTIAL, 'debit_move_id', lineId)) {
    const p = s.get(PARTIAL, id);
    if (p) out.push(p);
  }
  for (const id of s.childSet(PARTIAL, 'credit_move_id', lineId)) {
    const p = s.get(PARTIAL, id);
    // a partial can only have the same line on both sides in corrupt data; do not count it twice
    if (p && p.debit_move_id !== lineId) out.push(p);
  }
  return out;
}

/** amount_residual(_currency) straight from the partials (no stored value trusted). */
export function liveResidual(env: Env, line: Row): { residual: number; residualCurrency: number } {
  const s = env.core.store;
  let paid = 0;
  let paidCur = 0;
  for (const pid of s.childSet(PARTIAL, 'debit_move_id', line.id)) {
    const p = s.get(PARTIAL, pid)!;
    paid += num(p.amount);
    paidCur += p.debit_amount_currency === undefined ? num(p.amount) : num(p.debit_amount_currency);
  }
  for (const pid of s.childSet(PARTIAL, 'credit_move_id', line.id)) {
    const p = s.get(PARTIAL, pid)!;
    paid -= num(p.amount);
    paidCur -= p.credit_amount_currency === undefined ? num(p.amount) : num(p.credit_amount_currency);
  }
  const balance = num(line.balance);
  const amountCurrency = line.amount_currency === undefined ? balance : num(line.amount_currency);
  return { residual: round2(balance - paid), residualCurrency: round2(amountCurrency - paidCur) };
}

/**
 * account.move.line.reconcile(): pairs debit and credit lines oldest first with partials; when a whole
 * group ends at zero residual, a full reconcile ('A<n>') ties it together. Returns None like Odoo 16+.
 */
export function reconcileLines(env: Env, ids: number[]): null {
  const lines = existing(env, env.core.models.get(AML)!, [...new Set(ids)]);
  if (!lines.length) return null;
  const accounts = new Set(lines.map((l) => l.account_id));
  const companies = new Set(lines.map((l) => l.company_id));
  if (companies.size > 1) throw userError(`Entries doesn't belong to the same company: ${lines.map((l) => displayName(env, AML, l)).join(', ')}`);
  if (accounts.size > 1) {
    const names = [...accounts].map((a) => {
      const r = account(env, a);
      return r ? displayName(env, 'account.account', r) : String(a);
    });
    throw userError(`Entries are not from the same account: ${names.join(', ')}`);
  }
  const acc = account(env, lines[0]!.account_id);
  if (!residualTracked(acc)) {
    throw userError(`Account ${acc ? displayName(env, 'account.account', acc) : ''} does not allow reconciliation. First change the configuration of this account to allow it.`);
  }
  if (lines.some((l) => l.parent_state !== 'posted')) throw userError('You can only reconcile posted entries.');
  if (lines.some((l) => l.reconciled === true)) throw userError('You are trying to reconcile some entries that are already reconciled.');
  const su = sudo(env);
  const order = (a: Row, b: Row) => String(a.date_maturity || a.date).localeCompare(String(b.date_maturity || b.date)) || a.id - b.id;
  const state = lines.map((l) => ({ line: l, ...liveResidual(env, l) }));
  const debits = state.filter((x) => x.residual > 0.0049).sort((a, b) => order(a.line, b.line));
  const credits = state.filter((x) => x.residual < -0.0049).sort((a, b) => order(a.line, b.line));
  let i = 0;
  let j = 0;
  while (i < debits.length && j < credits.length) {
    const d = debits[i]!;
    const c = credits[j]!;
    const amount = round2(Math.min(d.residual, -c.residual));
    const sameCur = d.line.currency_id === c.line.currency_id;
    const ratioD = num(d.line.balance) ? num(d.line.amount_currency ?? d.line.balance) / num(d.line.balance) : 1;
    const ratioC = num(c.line.balance) ? num(c.line.amount_currency ?? c.line.balance) / num(c.line.balance) : 1;
    createRecords(su, PARTIAL, [
      {
        debit_move_id: d.line.id,
        credit_move_id: c.line.id,
        amount,
        debit_amount_currency: round2(sameCur ? amount * ratioD : amount * ratioD),
        credit_amount_currency: round2(sameCur ? amount * ratioC : amount * ratioC),
        debit_currency_id: d.line.currency_id ?? false,
        credit_currency_id: c.line.currency_id ?? false,
        company_id: d.line.company_id ?? false,
        max_date: String(d.line.date) > String(c.line.date) ? d.line.date : c.line.date,
      },
    ]);
    d.residual = round2(d.residual - amount);
    c.residual = round2(c.residual + amount);
    if (isZero(d.residual)) i++;
    if (isZero(c.residual)) j++;
  }
  refreshReconciliation(env, lines.map((l) => l.id));
  return null;
}

/** remove_move_reconcile(): drops every partial (and thereby full) reconcile of the lines. */
export function removeMoveReconcile(env: Env, ids: number[]): null {
  const lines = existing(env, env.core.models.get(AML)!, ids);
  const partials = new Set<number>();
  for (const l of lines) for (const p of partialsOf(env, l.id)) partials.add(p.id);
  if (partials.size) unlinkRecords(sudo(env), PARTIAL, [...partials]);
  return null;
}

/** Lines connected to `start` through partial reconciles (the reconciliation group). */
export function component(env: Env, start: number[]): Set<number> {
  const seen = new Set<number>();
  const stack = [...start];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    if (!env.core.store.get(AML, id)) continue;
    seen.add(id);
    for (const p of partialsOf(env, id)) {
      stack.push(p.debit_move_id as number, p.credit_move_id as number);
    }
  }
  return seen;
}

/**
 * Recomputes residual, reconciled, full reconcile and matching_number for the groups containing the
 * given lines. Stored-field changes stamp write_date (Odoo does the same on recompute).
 */
export function refreshReconciliation(env: Env, lineIds: Iterable<number>): Set<number> {
  const s = env.core.store;
  const su = sudo(env);
  const done = new Set<number>();
  const changedMoves = new Set<number>();
  for (const start of lineIds) {
    if (done.has(start)) continue;
    const line = s.get(AML, start);
    if (!line) continue;
    if (s.childCount(PARTIAL, 'debit_move_id', start) === 0 && s.childCount(PARTIAL, 'credit_move_id', start) === 0) {
      // Unmatched line (the common case): no group to walk; a full reconcile it still points to is stale.
      done.add(start);
      if (typeof line.full_reconcile_id === 'number' && s.get('account.full.reconcile', line.full_reconcile_id)) s.delete('account.full.reconcile', line.full_reconcile_id);
      const tracked = residualTracked(account(env, line.account_id));
      const balance = num(line.balance);
      const cur = line.amount_currency === undefined ? balance : num(line.amount_currency);
      const changed = setComputed(su, AML, start, {
        amount_residual: tracked ? round2(balance) : 0,
        amount_residual_currency: tracked ? round2(cur) : 0,
        reconciled: tracked && isZero(balance) && isZero(cur),
        full_reconcile_id: false,
        matching_number: false,
      });
      if (changed) changedMoves.add(line.move_id as number);
      continue;
    }
    const group = component(env, [start]);
    for (const id of group) done.add(id);
    const partialIds = new Set<number>();
    for (const id of group) for (const p of partialsOf(env, id)) partialIds.add(p.id);
    const res = new Map<number, { residual: number; residualCurrency: number; tracked: boolean }>();
    for (const id of group) {
      const l = s.get(AML, id)!;
      const tracked = residualTracked(account(env, l.account_id));
      res.set(id, tracked ? { ...liveResidual(env, l), tracked } : { residual: 0, residualCurrency: 0, tracked });
    }
    const allZero = group.size > 1 && [...res.values()].every((r) => r.tracked && isZero(r.residual) && isZero(r.residualCurrency));
    // Full reconcile: keep the existing one if the group is still complete, else drop it.
    const fullIds = new Set<number>();
    for (const id of group) {
      const f = s.get(AML, id)!.full_reconcile_id;
      if (typeof f === 'number' && s.get('account.full.reconcile', f)) fullIds.add(f);
    }
    for (const pid of partialIds) {
      const f = s.get(PARTIAL, pid)!.full_reconcile_id;
      if (typeof f === 'number' && s.get('account.full.reconcile', f)) fullIds.add(f);
    }
    let fullId: number | false = false;
    if (allZero) {
      const keep = [...fullIds].sort((a, b) => a - b)[0];
      for (const f of fullIds) if (f !== keep) s.delete('account.full.reconcile', f);
      if (keep !== undefined) fullId = keep;
      else {
        const n = Number(s.meta.get('seq:full_reconcile') ?? s.count('account.full.reconcile')) + 1;
        s.meta.set('seq:full_reconcile', String(n));
        // Direct insert: loadDataset creates one per settled group, the generic create path is too slow there.
        fullId = s.nextId('account.full.reconcile');
        const now = env.core.now();
        s.put('account.full.reconcile', { id: fullId, name: `A${n}`, create_uid: env.uid, create_date: now, write_uid: env.uid, write_date: now });
      }
      for (const pid of partialIds) setComputed(su, PARTIAL, pid, { full_reconcile_id: fullId });
    } else {
      for (const f of fullIds) s.delete('account.full.reconcile', f);
      for (const pid of partialIds) setComputed(su, PARTIAL, pid, { full_reconcile_id: false });
    }
    let matching: string | false = false;
    if (fullId !== false) matching = String(s.get('account.full.reconcile', fullId)!.name);
    else if (partialIds.size) matching = env.core.version >= 17 ? `P${Math.min(...partialIds)}` : 'P';
    for (const id of group) {
      const r = res.get(id)!;
      const l = s.get(AML, id)!;
      const hasPartials = s.childCount(PARTIAL, 'debit_move_id', id) + s.childCount(PARTIAL, 'credit_move_id', id) > 0;
      const changed = setComputed(su, AML, id, {
        amount_residual: r.residual,
        amount_residual_currency: r.residualCurrency,
        reconciled: r.tracked && isZero(r.residual) && isZero(r.residualCurrency),
        full_reconcile_id: fullId,
        matching_number: hasPartials ? matching : false,
      });
      if (changed) changedMoves.add(l.move_id as number);
    }
  }
  return changedMoves;
}
