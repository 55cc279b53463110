import type { ModelDef } from '../core';
import { f } from '../fields';

/**
 * Configuration models the demo company (and real databases) reference but the simulator has no
 * behaviour for: stored as plain records so references resolve and reads show names.
 */
const simple = (name: string, description: string, access: ModelDef['access'], fields: ModelDef['fields'], extra: Partial<ModelDef> = {}): ModelDef => ({
  name,
  description,
  access,
  fields,
  ...extra,
});

export const EXTRA_MODELS: ModelDef[] = [
  simple('res.bank', 'Bank', 'partner', [f.char('name', 'Name', { required: true }), f.char('bic', 'Bank Identifier Code'), f.m2o('country', 'Country', 'res.country'), f.bool('active', 'Active', { default: true })]),
  simple('account.group', 'Account Group', 'accounting', [f.char('name', 'Account Group', { required: true }), f.char('code_prefix_start', 'Code Prefix Start'), f.char('code_prefix_end', 'Code Prefix End'), f.m2o('parent_id', 'Parent', 'account.group'), f.m2o('company_id', 'Company', 'res.company')], { parentField: 'parent_id' }),
  simple('account.account.tag', 'Account Tag', 'accounting', [f.char('name', 'Tag Name', { required: true }), f.sel('applicability', 'Applicability', [['accounts', 'Accounts'], ['taxes', 'Taxes'], ['products', 'Products']], { default: 'accounts' }), f.bool('active', 'Active', { default: true }), f.m2o('country_id', 'Country', 'res.country')]),
  simple('account.tax.group', 'Tax Group', 'accounting', [f.char('name', 'Name', { required: true }), f.int('sequence', 'Sequence', { default: 10 }), f.m2o('company_id', 'Company', 'res.company'), f.m2o('country_id', 'Country', 'res.country')], { order: 'sequence asc, id' }),
  simple('account.tax.repartition.line', 'Tax Repartition Line', 'accounting', [
    f.float('factor_percent', '%', { default: 100 }),
    f.sel('repartition_type', 'Based On', [['base', 'Base'], ['tax', 'of tax']], { required: true, default: 'tax' }),
    f.sel('document_type', 'Related to', [['invoice', 'Invoice'], ['refund', 'Refund']], { required: true, default: 'invoice' }),
    f.m2o('account_id', 'Account', 'account.account'),
    f.m2o('tax_id', 'Tax', 'account.tax', { index: true, ondelete: 'cascade' }),
    f.m2m('tag_ids', 'Tax Grids', 'account.account.tag'),
    f.m2o('company_id', 'Company', 'res.company'),
    f.int('sequence', 'Sequence', { default: 1 }),
    f.bool('use_in_tax_closing', 'Tax Closing Entry'),
  ], { order: 'document_type, repartition_type, sequence, id' }),
  simple('account.payment.method', 'Payment Methods', 'accounting', [f.char('name', 'Name', { required: true }), f.char('code', 'Code', { required: true }), f.sel('payment_type', 'Payment Type', [['inbound', 'Inbound'], ['outbound', 'Outbound']], { required: true })]),
  simple('account.payment.term.line', 'Payment Terms Line', 'accounting', [
    f.sel('value', 'Type', [['percent', 'Percent'], ['fixed', 'Fixed']], { required: true, default: 'percent' }),
    f.float('value_amount', 'Due', { default: 100 }),
    f.int('nb_days', 'Days', { default: 0 }),
    f.sel('delay_type', 'Delay Type', [['days_after', 'Days after invoice date'], ['days_after_end_of_month', 'Days after end of month'], ['days_after_end_of_next_month', 'Days after end of next month'], ['days_end_of_month_on_the', 'Days end of month on the']], { default: 'days_after' }),
    f.m2o('payment_id', 'Payment Terms', 'account.payment.term', { required: true, index: true, ondelete: 'cascade' }),
  ], { order: 'id' }),
  simple('account.fiscal.position', 'Fiscal Position', 'accounting', [f.char('name', 'Fiscal Position', { required: true }), f.bool('active', 'Active', { default: true }), f.m2o('company_id', 'Company', 'res.company'), f.m2o('country_id', 'Country', 'res.country'), f.bool('auto_apply', 'Detect Automatically')]),
  simple('uom.category', 'Product UoM Categories', 'config', [f.char('name', 'Unit of Measure Category', { required: true })]),
  simple('product.pricelist', 'Pricelist', 'sales', [f.char('name', 'Pricelist Name', { required: true }), f.m2o('currency_id', 'Currency', 'res.currency'), f.m2o('company_id', 'Company', 'res.company'), f.bool('active', 'Active', { default: true }), f.int('sequence', 'Sequence', { default: 16 })], { order: 'sequence asc, id asc' }),
  simple('product.template', 'Product', 'stock', [
    f.char('name', 'Name', { required: true }),
    f.char('default_code', 'Internal Reference'),
    f.char('barcode', 'Barcode'),
    f.m2o('property_account_income_id', 'Income Account', 'account.account', { companyDependent: true }),
    f.m2o('property_account_expense_id', 'Expense Account', 'account.account', { companyDependent: true }),
    f.float('list_price', 'Sales Price', { default: 1 }),
    f.float('standard_price', 'Cost'),
    f.sel('type', 'Product Type', [['consu', 'Consumable'], ['service', 'Service'], ['product', 'Storable Product']], { default: 'consu' }),
    f.sel('detailed_type', 'Product Type', [['consu', 'Consumable'], ['service', 'Service'], ['product', 'Storable Product']], { default: 'consu' }),
    f.m2o('categ_id', 'Product Category', 'product.category'),
    f.m2o('uom_id', 'Unit of Measure', 'uom.uom'),
    f.m2o('uom_po_id', 'Purchase Unit of Measure', 'uom.uom'),
    f.bool('sale_ok', 'Can be Sold', { default: true }),
    f.bool('purchase_ok', 'Can be Purchased', { default: true }),
    f.sel('invoice_policy', 'Invoicing Policy', [['order', 'Ordered quantities'], ['delivery', 'Delivered quantities']], { default: 'order' }),
    f.m2m('taxes_id', 'Customer Taxes', 'account.tax'),
    f.m2m('supplier_taxes_id', 'Vendor Taxes', 'account.tax'),
    f.o2m('product_variant_ids', 'Products', 'product.product', 'product_tmpl_id'),
    f.m2o('company_id', 'Company', 'res.company'),
    f.bool('active', 'Active', { default: true }),
  ], { order: 'name', mailThread: true }),
  simple('stock.lot', 'Lot/Serial', 'stock', [f.char('name', 'Lot/Serial Number', { required: true }), f.m2o('product_id', 'Product', 'product.product', { required: true }), f.m2o('company_id', 'Company', 'res.company')], { order: 'name, id' }),
  simple('stock.route', 'Inventory Routes', 'stock', [f.char('name', 'Route', { required: true }), f.bool('active', 'Active', { default: true }), f.int('sequence', 'Sequence', { default: 0 }), f.m2o('company_id', 'Company', 'res.company')], { order: 'sequence' }),
  simple('crm.lost.reason', 'Opp. Lost Reason', 'crm', [f.char('name', 'Description', { required: true }), f.bool('active', 'Active', { default: true })]),
];
