import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors';
import { FALSE_LEAF, TRUE_LEAF, constantLeafValue, createFieldMap, createModelAdapter } from './field-map';
import type { FieldsGetResult } from './types';

const fields = (...names: string[]): FieldsGetResult => Object.fromEntries(names.map((n) => [n, { type: 'char' }]));

describe('field adapters, table (ii) of the spec', () => {
  it('res.partner / crm.lead mobile: read as is ≤18, false on 19, dropped from writes', () => {
    const v18 = createModelAdapter('res.partner', fields('name', 'mobile'));
    const v19 = createModelAdapter('res.partner', fields('name'));
    expect(v18.readPlan(['name', 'mobile']).serverFields).toEqual(['id', 'name', 'mobile']);
    const p19 = v19.readPlan(['name', 'mobile']);
    expect(p19.serverFields).toEqual(['id', 'name']);
    expect(p19.project({ id: 1, name: 'A' })).toEqual({ id: 1, name: 'A', mobile: false });
    expect(v19.translateVals({ name: 'A', mobile: '+32' })).toEqual({ name: 'A' });
    expect(createModelAdapter('crm.lead', fields('name')).readPlan(['mobile']).project({ id: 3 })).toEqual({ id: 3, mobile: false });
  });

  it('account.account company_id (≤17) ↔ company_ids (18+)', () => {
    const v17 = createModelAdapter('account.account', fields('code', 'company_id'));
    const v18 = createModelAdapter('account.account', fields('code', 'company_ids'));
    expect(v17.readPlan(['company_ids']).project({ id: 1, company_id: [3, 'BE Co'] })).toEqual({ id: 1, company_ids: [3] });
    expect(v17.readPlan(['company_ids']).project({ id: 1, company_id: false })).toEqual({ id: 1, company_ids: [] });
    expect(v18.readPlan(['company_id']).project({ id: 1, company_ids: [3, 4] })).toEqual({ id: 1, company_id: [3, ''] });
    expect(v18.readPlan(['company_ids']).serverFields).toEqual(['id', 'company_ids']);
    expect(v18.translateDomain([['company_id', '=', 3]])).toEqual([['company_ids', '=', 3]]);
    expect(v17.translateDomain([['company_ids', 'in', [3]]])).toEqual([['company_id', 'in', [3]]]);
    expect(v18.translateVals({ company_id: 3 })).toEqual({ company_ids: [[6, 0, [3]]] });
  });

  it('account.account deprecated (≤18) ↔ active (19), inverted', () => {
    const v18 = createModelAdapter('account.account', fields('deprecated'));
    const v19 = createModelAdapter('account.account', fields('active'));
    expect(v19.readPlan(['deprecated']).project({ id: 1, active: false })).toEqual({ id: 1, deprecated: true });
    expect(v18.readPlan(['active']).project({ id: 1, deprecated: false })).toEqual({ id: 1, active: true });
    expect(v19.translateDomain([['deprecated', '=', false]])).toEqual([['active', '=', true]]);
    expect(v19.translateVals({ deprecated: true })).toEqual({ active: false });
  });

  it('account.move to_check (≤17) ↔ checked (18+), inverted, in reads, domains, writes and order', () => {
    const v17 = createModelAdapter('account.move', fields('to_check', 'name'));
    const v18 = createModelAdapter('account.move', fields('checked', 'name'));
    expect(v17.readPlan(['checked']).project({ id: 1, to_check: true })).toEqual({ id: 1, checked: false });
    expect(v18.readPlan(['to_check']).project({ id: 1, checked: true })).toEqual({ id: 1, to_check: false });
    expect(v17.translateDomain(['|', ['checked', '=', true], ['name', '=', 'X']])).toEqual(['|', ['to_check', '=', false], ['name', '=', 'X']]);
    expect(v18.translateVals({ to_check: true })).toEqual({ checked: false });
    expect(() => v17.translateDomain([['checked', 'in', [true]]])).toThrow(AppError);
    expect(v17.translateOrder('checked desc, name')).toBe('name');
  });

  it('account.payment ref (≤17) → memo (18+); internal transfer fields gone in 18', () => {
    const v17 = createModelAdapter('account.payment', fields('ref', 'is_internal_transfer', 'destination_journal_id'));
    const v18 = createModelAdapter('account.payment', fields('memo', 'state'));
    expect(v17.readPlan(['memo']).serverFields).toEqual(['id', 'ref']);
    expect(v17.readPlan(['memo']).project({ id: 1, ref: 'INV/1' })).toEqual({ id: 1, memo: 'INV/1' });
    expect(v17.translateDomain([['memo', 'ilike', 'INV']])).toEqual([['ref', 'ilike', 'INV']]);
    expect(v17.translateOrder('memo desc')).toBe('ref desc');
    expect(v18.readPlan(['memo', 'is_internal_transfer', 'destination_journal_id']).project({ id: 1, memo: 'M' })).toEqual({
      id: 1,
      memo: 'M',
      is_internal_transfer: false,
      destination_journal_id: false,
    });
    expect(v18.translateDomain([['is_internal_transfer', '=', false]])).toEqual([TRUE_LEAF]);
    expect(v18.translateDomain([['is_internal_transfer', '=', true]])).toEqual([FALSE_LEAF]);
  });

  it('account.reconcile.model: 19 drops rule_type/matching_order/tolerance and adds trigger', () => {
    const v18 = createModelAdapter('account.reconcile.model', fields('rule_type', 'matching_order', 'auto_reconcile'));
    const v19 = createModelAdapter('account.reconcile.model', fields('trigger'));
    expect(v18.readPlan(['trigger']).project({ id: 1, auto_reconcile: true })).toEqual({ id: 1, trigger: 'auto_reconcile' });
    expect(v19.readPlan(['rule_type', 'matching_order', 'auto_reconcile']).project({ id: 1, trigger: 'manual' })).toEqual({ id: 1, rule_type: false, matching_order: false, auto_reconcile: false });
    expect(v18.translateDomain([['trigger', '=', 'auto_reconcile']])).toEqual([['auto_reconcile', '=', true]]);
  });

  it('sale.order locked (17+) derived from state done on 16; product is_storable (18+) from type product', () => {
    const so16 = createModelAdapter('sale.order', fields('state'));
    expect(so16.readPlan(['state', 'locked']).project({ id: 1, state: 'done' })).toEqual({ id: 1, state: 'done', locked: true });
    expect(so16.readPlan(['state', 'locked']).serverFields).toEqual(['id', 'state']);
    expect(so16.translateDomain([['locked', '=', true]])).toEqual([['state', '=', 'done']]);
    expect(so16.translateVals({ locked: true })).toEqual({}); // derived: not writable this way
    const p17 = createModelAdapter('product.product', fields('type', 'detailed_type'));
    expect(p17.readPlan(['is_storable']).project({ id: 1, type: 'product' })).toEqual({ id: 1, is_storable: true });
    const p18 = createModelAdapter('product.product', fields('type', 'is_storable'));
    expect(p18.readPlan(['detailed_type']).serverFields).toEqual(['id', 'type']);
  });

  it('__last_update (16.0 only) reads write_date elsewhere', () => {
    const a = createModelAdapter('res.partner', fields('write_date'));
    expect(a.readPlan(['__last_update']).project({ id: 1, write_date: '2024-05-01 10:00:00' })).toEqual({ id: 1, __last_update: '2024-05-01 10:00:00' });
  });

  it('unknown fields: dropped from reads, passed through in domains and writes so Odoo reports them', () => {
    const a = createModelAdapter('res.partner', fields('name'));
    expect(a.readPlan(['x_custom']).project({ id: 1 })).toEqual({ id: 1, x_custom: false });
    expect(a.readPlan(['x_custom']).serverFields).toEqual(['id']); // never [], which means "all fields"
    expect(a.translateDomain([['x_custom', '=', 1]])).toEqual([['x_custom', '=', 1]]);
    expect(a.translateVals({ x_custom: 1 })).toEqual({ x_custom: 1 });
  });

  it('translates dotted paths on their first step and group specs', () => {
    const a = createModelAdapter('account.payment', fields('ref', 'date', 'amount'));
    expect(a.translateDomain([['memo.foo', '=', 1]])).toEqual([['ref.foo', '=', 1]]);
    expect(a.translateSpec('memo')).toBe('ref');
    expect(a.translateSpec('date:month')).toBe('date:month');
    expect(a.translateSpec('is_internal_transfer')).toBeUndefined();
  });

  it('constant leaves', () => {
    expect(constantLeafValue('=', false, false)).toBe(true);
    expect(constantLeafValue('!=', false, false)).toBe(false);
    expect(constantLeafValue('ilike', false, 'x')).toBe(false);
    expect(constantLeafValue('not ilike', false, 'x')).toBe(true);
    expect(constantLeafValue('in', false, [false, 1])).toBe(true);
  });

  it('loads fields_get once per model, even for concurrent callers', async () => {
    let loads = 0;
    const map = createFieldMap(async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 10));
      return fields('name');
    });
    const [a, b] = await Promise.all([map.ensure('res.partner'), map.ensure('res.partner')]);
    await map.ensure('res.partner');
    expect(a).toBe(b);
    expect(loads).toBe(1);
    expect(map.models()).toEqual(['res.partner']);
  });
});
