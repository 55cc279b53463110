import type { Domain } from '../odoo/types';

/**
 * What the app mirrors from Odoo: per model, the logical fields it uses (the client's field adapters map
 * them to each server version's names), and an optional filter for the initial download (history
 * horizon). Incremental syncs use no filter: any change to any record comes in.
 */
export type SyncModelSpec = {
  model: string;
  label: string;
  fields: string[];
  /** records outside this are not downloaded initially (open items always are) */
  initialDomain?: (ctx: { horizonDate: string }) => Domain;
  /** the model has an `active` field: read with active_test false so archiving is seen */
  hasActive: boolean;
  /** an access error on this model stops the sync (the app cannot work without it) */
  essential: boolean;
};

const openOrRecent = (openField: string, openValue: unknown, dateField: string) => (c: { horizonDate: string }): Domain => [
  '|',
  [openField, '=', openValue],
  [dateField, '>=', c.horizonDate],
];

export const SYNC_MODELS: readonly SyncModelSpec[] = [
  {
    model: 'res.company',
    label: 'Companies',
    fields: ['name', 'currency_id', 'partner_id', 'country_id', 'vat', 'write_date'],
    hasActive: true,
    essential: true,
  },
  { model: 'res.currency', label: 'Currencies', fields: ['name', 'symbol', 'rounding', 'decimal_places', 'active', 'rate', 'write_date'], hasActive: true, essential: true },
  { model: 'res.currency.rate', label: 'Currency rates', fields: ['name', 'rate', 'currency_id', 'company_id', 'write_date'], hasActive: false, essential: false },
  { model: 'res.users', label: 'Users', fields: ['name', 'login', 'partner_id', 'company_id', 'company_ids', 'active', 'write_date'], hasActive: true, essential: false },
  {
    model: 'res.partner',
    label: 'Partners',
    fields: [
      'name', 'display_name', 'email', 'phone', 'mobile', 'vat', 'is_company', 'parent_id', 'commercial_partner_id', 'ref',
      'country_id', 'active', 'company_id', 'customer_rank', 'supplier_rank', 'credit_limit', 'bank_ids', 'write_date',
    ],
    hasActive: true,
    essential: true,
  },
  { model: 'res.partner.bank', label: 'Bank accounts', fields: ['acc_number', 'partner_id', 'active', 'write_date'], hasActive: true, essential: false },
  {
    model: 'account.account',
    label: 'Accounts',
    fields: ['code', 'name', 'account_type', 'reconcile', 'currency_id', 'company_id', 'deprecated', 'write_date'],
    hasActive: false,
    essential: true,
  },
  {
    model: 'account.journal',
    label: 'Journals',
    fields: ['name', 'code', 'type', 'default_account_id', 'suspense_account_id', 'currency_id', 'company_id', 'bank_account_id', 'active', 'write_date'],
    hasActive: true,
    essential: true,
  },
  { model: 'account.tax', label: 'Taxes', fields: ['name', 'amount', 'amount_type', 'type_tax_use', 'active', 'company_id', 'write_date'], hasActive: true, essential: false },
  {
    model: 'account.move',
    label: 'Journal entries',
    fields: [
      'name', 'move_type', 'state', 'ref', 'partner_id', 'invoice_date', 'invoice_date_due', 'date', 'amount_untaxed', 'amount_tax',
      'amount_total', 'amount_residual', 'payment_state', 'currency_id', 'journal_id', 'company_id', 'payment_reference',
      'invoice_origin', 'to_check', 'statement_line_id', 'write_date',
    ],
    initialDomain: (c) => ['|', ['payment_state', 'in', ['not_paid', 'partial', 'in_payment']], ['date', '>=', c.horizonDate]],
    hasActive: false,
    essential: true,
  },
  {
    model: 'account.move.line',
    label: 'Journal items',
    fields: [
      'move_id', 'move_name', 'account_id', 'partner_id', 'name', 'date', 'date_maturity', 'debit', 'credit', 'balance',
      'amount_currency', 'currency_id', 'amount_residual', 'amount_residual_currency', 'reconciled', 'matching_number',
      'parent_state', 'journal_id', 'company_id', 'display_type', 'payment_id', 'statement_line_id', 'write_date',
    ],
    initialDomain: openOrRecent('reconciled', false, 'date'),
    hasActive: false,
    essential: true,
  },
  {
    model: 'account.bank.statement.line',
    label: 'Bank statement lines',
    fields: [
      'date', 'payment_ref', 'amount', 'partner_id', 'partner_name', 'account_number', 'is_reconciled', 'amount_residual', 'move_id',
      'journal_id', 'company_id', 'statement_id', 'foreign_currency_id', 'amount_currency', 'transaction_type', 'sequence', 'unique_import_id', 'write_date',
    ],
    initialDomain: openOrRecent('is_reconciled', false, 'date'),
    hasActive: false,
    essential: true,
  },
  {
    model: 'account.payment',
    label: 'Payments',
    fields: ['name', 'payment_type', 'partner_type', 'amount', 'date', 'journal_id', 'partner_id', 'currency_id', 'state', 'memo', 'is_reconciled', 'is_matched', 'move_id', 'write_date'],
    initialDomain: openOrRecent('is_reconciled', false, 'date'),
    hasActive: false,
    essential: false,
  },
  { model: 'account.reconcile.model', label: 'Reconciliation models', fields: ['name', 'rule_type', 'auto_reconcile', 'active', 'write_date'], hasActive: true, essential: false },
  {
    model: 'purchase.order',
    label: 'Purchase orders',
    fields: ['name', 'partner_id', 'partner_ref', 'state', 'amount_total', 'currency_id', 'date_order', 'date_approve', 'invoice_status', 'company_id', 'write_date'],
    initialDomain: (c) => ['|', ['invoice_status', '!=', 'invoiced'], ['date_order', '>=', `${c.horizonDate} 00:00:00`]],
    hasActive: false,
    essential: false,
  },
  {
    model: 'purchase.order.line',
    label: 'Purchase order lines',
    fields: ['order_id', 'product_id', 'name', 'product_qty', 'qty_received', 'qty_invoiced', 'price_unit', 'price_subtotal', 'date_planned', 'write_date'],
    hasActive: false,
    essential: false,
  },
  {
    model: 'sale.order',
    label: 'Sale orders',
    fields: ['name', 'partner_id', 'state', 'amount_untaxed', 'amount_total', 'currency_id', 'date_order', 'invoice_status', 'user_id', 'company_id', 'write_date'],
    initialDomain: (c) => ['|', ['invoice_status', '!=', 'invoiced'], ['date_order', '>=', `${c.horizonDate} 00:00:00`]],
    hasActive: false,
    essential: false,
  },
  {
    model: 'sale.order.line',
    label: 'Sale order lines',
    fields: ['order_id', 'product_id', 'name', 'product_uom_qty', 'qty_delivered', 'qty_invoiced', 'price_unit', 'price_subtotal', 'write_date'],
    hasActive: false,
    essential: false,
  },
  {
    model: 'product.product',
    label: 'Products',
    fields: ['default_code', 'name', 'barcode', 'lst_price', 'standard_price', 'qty_available', 'virtual_available', 'type', 'active', 'write_date'],
    hasActive: true,
    essential: false,
  },
  { model: 'stock.quant', label: 'Stock', fields: ['product_id', 'location_id', 'quantity', 'reserved_quantity', 'company_id', 'write_date'], hasActive: false, essential: false },
  {
    model: 'stock.warehouse.orderpoint',
    label: 'Reordering rules',
    fields: ['product_id', 'warehouse_id', 'location_id', 'product_min_qty', 'product_max_qty', 'qty_multiple', 'active', 'write_date'],
    hasActive: true,
    essential: false,
  },
  { model: 'crm.stage', label: 'CRM stages', fields: ['name', 'sequence', 'is_won', 'write_date'], hasActive: false, essential: false },
  {
    model: 'crm.lead',
    label: 'CRM leads',
    fields: ['name', 'type', 'stage_id', 'expected_revenue', 'probability', 'partner_id', 'user_id', 'active', 'date_deadline', 'date_closed', 'write_date'],
    hasActive: true,
    essential: false,
  },
];

export const SYNC_MODEL_NAMES = SYNC_MODELS.map((m) => m.model);
export const syncSpec = (model: string): SyncModelSpec | undefined => SYNC_MODELS.find((m) => m.model === model);
