import type { Env, ModelDef } from '../core';
import { displayName } from '../core';
import type { Row } from '../fields';
import { f } from '../fields';
import { cancelMoves, checkLineWrite, checkMoveUnlink, checkMoveWrite, draftMoves, moveDisplayName, postMoves, prepareLineCreate, prepareMoveCreate } from '../accounting/moves';
import { cancelPayments, createPaymentsFromWizard, postPayments, preparePaymentCreate, prepareRegisterCreate, reconciledMoves } from '../accounting/payment';
import { reconcileLines, removeMoveReconcile } from '../accounting/reconcile';
import {
  afterStatementLineWrite,
  createStatementMove,
  deleteStatementMoves,
  internalIndex,
  prepareStatementLineCreate,
  prepareStatementLineWrite,
  undoReconciliation,
} from '../accounting/statement';
import { moveLines } from '../accounting/util';

const ACCOUNT_TYPES: Array<[string, string]> = [
  ['asset_receivable', 'Receivable'],
  ['asset_cash', 'Bank and Cash'],
  ['asset_current', 'Current Assets'],
  ['asset_non_current', 'Non-current Assets'],
  ['asset_prepayments', 'Prepayments'],
  ['asset_fixed', 'Fixed Assets'],
  ['liability_payable', 'Payable'],
  ['liability_credit_card', 'Credit Card'],
  ['liability_current', 'Current Liabilities'],
  ['liability_non_current', 'Non-current Liabilities'],
  ['equity', 'Equity'],
  ['equity_unaffected', 'Current Year Earnings'],
  ['income', 'Income'],
  ['income_other', 'Other Income'],
  ['expense', 'Expenses'],
  ['expense_depreciation', 'Depreciation'],
  ['expense_direct_cost', 'Cost of Revenue'],
  ['off_balance', 'Off-Balance Sheet'],
];

const MOVE_TYPES: Array<[string, string]> = [
  ['entry', 'Journal Entry'],
  ['out_invoice', 'Customer Invoice'],
  ['out_refund', 'Customer Credit Note'],
  ['in_invoice', 'Vendor Bill'],
  ['in_refund', 'Vendor Credit Note'],
  ['out_receipt', 'Sales Receipt'],
  ['in_receipt', 'Purchase Receipt'],
];

const PAYMENT_STATES: Array<[string, string]> = [
  ['not_paid', 'Not Paid'],
  ['in_payment', 'In Payment'],
  ['paid', 'Paid'],
  ['partial', 'Partially Paid'],
  ['reversed', 'Reversed'],
  ['invoicing_legacy', 'Invoicing App Legacy'],
];

const INVOICE_LINE_TYPES = new Set(['product', 'line_section', 'line_note']);

const moveOf = (env: Env, r: Row) => (typeof r.move_id === 'number' ? env.core.store.get('account.move', r.move_id) : undefined);

export const accountModel: ModelDef = {
  name: 'account.account',
  description: 'Account',
  access: 'accounting',
  order: 'code, id',
  recName: (r) => `${String(r.code ?? '')} ${String(r.name ?? '')}`.trim(),
  fields: [
    f.char('name', 'Account Name', { required: true, translate: true }),
    f.char('code', 'Code', { required: true }),
    f.sel('account_type', 'Type', ACCOUNT_TYPES, { required: true }),
    f.sel('internal_group', 'Internal Group', [
      ['equity', 'Equity'],
      ['asset', 'Asset'],
      ['liability', 'Liability'],
      ['income', 'Income'],
      ['expense', 'Expense'],
      ['off_balance', 'Off Balance'],
    ], { compute: (r) => (String(r.account_type ?? '').split('_')[0] === 'off' ? 'off_balance' : String(r.account_type ?? '').split('_')[0] || false), store: true }),
    f.bool('reconcile', 'Allow Reconciliation', { default: false }),
    f.m2o('currency_id', 'Account Currency', 'res.currency'),
    f.m2o('company_id', 'Company', 'res.company', { required: true, default: (env: Env) => env.companyId }),
    f.bool('deprecated', 'Deprecated', { default: false }),
    f.bool('non_trade', 'Non Trade'),
    f.text('note', 'Internal Notes'),
    f.m2m('tax_ids', 'Default Taxes', 'account.tax'),
    f.m2o('group_id', 'Group', 'account.group'),
    f.m2m('tag_ids', 'Tags', 'account.account.tag'),
  ],
};

export const journalModel: ModelDef = {
  name: 'account.journal',
  description: 'Journal',
  access: 'accounting',
  order: 'sequence, type, code',
  fields: [
    f.char('name', 'Journal Name', { required: true }),
    f.char('code', 'Short Code', { required: true }),
    f.sel('type', 'Type', [
      ['sale', 'Sales'],
      ['purchase', 'Purchase'],
      ['cash', 'Cash'],
      ['bank', 'Bank'],
      ['general', 'Miscellaneous'],
    ], { required: true }),
    f.m2o('default_account_id', 'Default Account', 'account.account'),
    f.m2o('suspense_account_id', 'Suspense Account', 'account.account'),
    f.m2o('profit_account_id', 'Profit Account', 'account.account'),
    f.m2o('loss_account_id', 'Loss Account', 'account.account'),
    f.m2o('currency_id', 'Currency', 'res.currency'),
    f.m2o('company_id', 'Company', 'res.company', { required: true, default: (env: Env) => env.companyId }),
    f.m2o('bank_account_id', 'Bank Account', 'res.partner.bank'),
    f.int('sequence', 'Sequence', { default: 10 }),
    f.bool('active', 'Active', { default: true }),
    f.o2m('inbound_payment_method_line_ids', 'Inbound Payment Methods', 'account.payment.method.line', 'journal_id', { o2mFilter: (l) => l.payment_type === 'inbound' }),
    f.o2m('outbound_payment_method_line_ids', 'Outbound Payment Methods', 'account.payment.method.line', 'journal_id', { o2mFilter: (l) => l.payment_type === 'outbound' }),
  ],
};

export const taxModel: ModelDef = {
  name: 'account.tax',
  description: 'Tax',
  access: 'accounting',
  order: 'sequence, id',
  fields: [
    f.char('name', 'Tax Name', { required: true }),
    f.sel('type_tax_use', 'Tax Type', [
      ['sale', 'Sales'],
      ['purchase', 'Purchases'],
      ['none', 'None'],
    ], { required: true, default: 'sale' }),
    f.sel('amount_type', 'Tax Computation', [
      ['group', 'Group of Taxes'],
      ['fixed', 'Fixed'],
      ['percent', 'Percentage of Price'],
      ['division', 'Percentage of Price Tax Included'],
    ], { required: true, default: 'percent' }),
    f.float('amount', 'Amount', { default: 0 }),
    f.bool('price_include', 'Included in Price', { default: false }),
    f.bool('include_base_amount', 'Affect Base of Subsequent Taxes', { default: false }),
    f.m2o('tax_group_id', 'Tax Group', 'account.tax.group'),
    f.m2o('country_id', 'Country', 'res.country'),
    f.o2m('invoice_repartition_line_ids', 'Distribution for Invoices', 'account.tax.repartition.line', 'tax_id', { o2mFilter: (l) => l.document_type !== 'refund' }),
    f.o2m('refund_repartition_line_ids', 'Distribution for Refund Invoices', 'account.tax.repartition.line', 'tax_id', { o2mFilter: (l) => l.document_type === 'refund' }),
    f.char('description', 'Label on Invoices'),
    f.int('sequence', 'Sequence', { default: 1 }),
    f.bool('active', 'Active', { default: true }),
    f.m2o('company_id', 'Company', 'res.company', { required: true, default: (env: Env) => env.companyId }),
  ],
};

export const moveModel: ModelDef = {
  name: 'account.move',
  description: 'Journal Entry',
  access: 'accounting',
  mailThread: true,
  order: 'date desc, name desc, id desc',
  recName: (r) => moveDisplayName(r),
  fields: [
    f.char('name', 'Number', { readonly: false }),
    f.char('ref', 'Reference'),
    f.date('date', 'Date', { required: true }),
    f.sel('state', 'Status', [
      ['draft', 'Draft'],
      ['posted', 'Posted'],
      ['cancel', 'Cancelled'],
    ], { required: true, readonly: true, default: 'draft' }),
    f.sel('move_type', 'Type', MOVE_TYPES, { required: true, readonly: true, default: 'entry' }),
    f.m2o('journal_id', 'Journal', 'account.journal', { required: true, index: true }),
    f.m2o('company_id', 'Company', 'res.company', { readonly: true, index: true }),
    f.m2o('currency_id', 'Currency', 'res.currency', { required: true }),
    f.m2o('partner_id', 'Partner', 'res.partner', { index: true, ondelete: 'restrict' }),
    f.m2o('commercial_partner_id', 'Commercial Entity', 'res.partner', {
      compute: (r, env) => {
        const p = typeof r.partner_id === 'number' ? env.core.store.get('res.partner', r.partner_id) : undefined;
        if (!p) return false;
        let cur: Row = p;
        while (!cur.is_company && typeof cur.parent_id === 'number') {
          const n = env.core.store.get('res.partner', cur.parent_id);
          if (!n) break;
          cur = n;
        }
        return cur.id;
      },
      store: true,
    }),
    f.date('invoice_date', 'Invoice/Bill Date'),
    f.date('invoice_date_due', 'Due Date'),
    f.m2o('invoice_payment_term_id', 'Payment Terms', 'account.payment.term'),
    f.char('payment_reference', 'Payment Reference'),
    f.char('invoice_origin', 'Origin'),
    f.m2o('invoice_user_id', 'Salesperson', 'res.users'),
    f.m2o('partner_bank_id', 'Recipient Bank', 'res.partner.bank'),
    f.m2o('fiscal_position_id', 'Fiscal Position', 'account.fiscal.position'),
    f.html('narration', 'Terms and Conditions'),
    f.o2m('line_ids', 'Journal Items', 'account.move.line', 'move_id'),
    f.o2m('invoice_line_ids', 'Invoice lines', 'account.move.line', 'move_id', { o2mFilter: (l) => INVOICE_LINE_TYPES.has(String(l.display_type ?? 'product')) }),
    f.money('amount_untaxed', 'Untaxed Amount', { readonly: true }),
    f.money('amount_tax', 'Tax', { readonly: true }),
    f.money('amount_total', 'Total', { readonly: true }),
    f.money('amount_residual', 'Amount Due', { readonly: true }),
    f.money('amount_untaxed_signed', 'Untaxed Amount Signed', { readonly: true, currencyField: 'company_currency_id' }),
    f.money('amount_tax_signed', 'Tax Signed', { readonly: true, currencyField: 'company_currency_id' }),
    f.money('amount_total_signed', 'Total Signed', { readonly: true, currencyField: 'company_currency_id' }),
    f.money('amount_residual_signed', 'Amount Due Signed', { readonly: true, currencyField: 'company_currency_id' }),
    f.sel('payment_state', 'Payment Status', PAYMENT_STATES, { readonly: true, default: 'not_paid' }),
    f.m2o('statement_line_id', 'Statement Line', 'account.bank.statement.line', { index: true }),
    f.m2o('payment_id', 'Payment', 'account.payment', { index: true }),
    f.m2o('reversed_entry_id', 'Reversal of', 'account.move'),
    f.bool('to_check', 'To Check', { default: false }),
    f.bool('posted_before', 'Posted Before', { readonly: true }),
  ],
  hooks: {
    prepareCreate: prepareMoveCreate,
    prepareWrite: checkMoveWrite,
    beforeUnlink: checkMoveUnlink,
  },
  methods: {
    action_post: { params: [], record: true, access: 'write', impl: (env, _m, ids) => postMoves(env, ids) },
    button_draft: { params: [], record: true, access: 'write', impl: (env, _m, ids) => draftMoves(env, ids) },
    button_cancel: { params: [], record: true, access: 'write', impl: (env, _m, ids) => cancelMoves(env, ids) },
  },
};

export const moveLineModel: ModelDef = {
  name: 'account.move.line',
  description: 'Journal Item',
  access: 'accounting',
  order: 'date desc, move_name desc, id',
  recName: (r, env) => {
    const m = moveOf(env, r);
    const base = m ? moveDisplayName(m) : String(r.move_name ?? '');
    return typeof r.name === 'string' && r.name ? `${base} ${r.name}` : base;
  },
  fields: [
    f.m2o('move_id', 'Journal Entry', 'account.move', { required: true, index: true, ondelete: 'cascade' }),
    f.char('move_name', 'Number', { readonly: true }),
    f.date('date', 'Date', { readonly: true }),
    f.char('ref', 'Reference', { compute: (r, env) => moveOf(env, r)?.ref ?? false, store: true }),
    f.sel('parent_state', 'Status', [
      ['draft', 'Draft'],
      ['posted', 'Posted'],
      ['cancel', 'Cancelled'],
    ], { readonly: true }),
    f.m2o('journal_id', 'Journal', 'account.journal', { readonly: true }),
    f.m2o('company_id', 'Company', 'res.company', { readonly: true }),
    f.m2o('company_currency_id', 'Company Currency', 'res.currency', {
      compute: (r, env) => {
        const c = typeof r.company_id === 'number' ? env.core.store.get('res.company', r.company_id) : undefined;
        return c?.currency_id ?? false;
      },
    }),
    f.m2o('account_id', 'Account', 'account.account', { index: true }),
    f.sel('account_type', 'Internal Type', ACCOUNT_TYPES, {
      compute: (r, env) => (typeof r.account_id === 'number' ? env.core.store.get('account.account', r.account_id)?.account_type ?? false : false),
      store: true,
    }),
    f.m2o('partner_id', 'Partner', 'res.partner', { index: true, ondelete: 'restrict' }),
    f.char('name', 'Label'),
    f.money('debit', 'Debit', { currencyField: 'company_currency_id' }),
    f.money('credit', 'Credit', { currencyField: 'company_currency_id' }),
    f.money('balance', 'Balance', { currencyField: 'company_currency_id' }),
    f.money('amount_currency', 'Amount in Currency'),
    f.m2o('currency_id', 'Currency', 'res.currency', { required: true }),
    f.money('amount_residual', 'Residual Amount', { readonly: true, currencyField: 'company_currency_id' }),
    f.money('amount_residual_currency', 'Residual Amount in Currency', { readonly: true }),
    f.bool('reconciled', 'Reconciled', { readonly: true }),
    f.m2o('full_reconcile_id', 'Matching', 'account.full.reconcile', { index: true, readonly: true }),
    f.o2m('matched_debit_ids', 'Matched Debits', 'account.partial.reconcile', 'credit_move_id', { readonly: true }),
    f.o2m('matched_credit_ids', 'Matched Credits', 'account.partial.reconcile', 'debit_move_id', { readonly: true }),
    f.char('matching_number', 'Matching #', { readonly: true }),
    f.date('date_maturity', 'Due Date'),
    f.sel('display_type', 'Display Type', [
      ['product', 'Product'],
      ['cogs', 'Cost of Goods Sold'],
      ['tax', 'Tax'],
      ['discount', 'Discount'],
      ['rounding', 'Rounding'],
      ['payment_term', 'Payment Term'],
      ['line_section', 'Section'],
      ['line_note', 'Note'],
      ['epd', 'Early Payment Discount'],
    ]),
    f.m2o('product_id', 'Product', 'product.product'),
    f.float('quantity', 'Quantity', { default: 1 }),
    f.m2o('product_uom_id', 'Unit of Measure', 'uom.uom'),
    f.float('price_unit', 'Unit Price'),
    f.float('discount', 'Discount (%)'),
    f.m2m('tax_ids', 'Taxes', 'account.tax'),
    f.m2o('tax_line_id', 'Originator Tax', 'account.tax'),
    f.m2o('tax_repartition_line_id', 'Originator Tax Distribution Line', 'account.tax.repartition.line'),
    f.m2m('tax_tag_ids', 'Tags', 'account.account.tag'),
    f.money('tax_base_amount', 'Base Amount', { currencyField: 'company_currency_id' }),
    f.money('price_subtotal', 'Subtotal', { readonly: true }),
    f.money('price_total', 'Total', { readonly: true }),
    f.m2o('payment_id', 'Originator Payment', 'account.payment', {
      compute: (r, env) => moveOf(env, r)?.payment_id ?? false,
      store: true,
    }),
    f.m2o('statement_line_id', 'Originator Statement Line', 'account.bank.statement.line', {
      compute: (r, env) => moveOf(env, r)?.statement_line_id ?? false,
      store: true,
    }),
    f.m2o('purchase_line_id', 'Purchase Order Line', 'purchase.order.line', { index: true }),
    f.m2m('sale_line_ids', 'Sales Order Lines', 'sale.order.line'),
    f.json('analytic_distribution', 'Analytic Distribution'),
    f.int('sequence', 'Sequence', { default: 10 }),
  ],
  hooks: {
    prepareCreate: prepareLineCreate,
    prepareWrite: checkLineWrite,
  },
  methods: {
    reconcile: { params: [], record: true, access: 'write', impl: (env, _m, ids) => reconcileLines(env, ids) },
    remove_move_reconcile: { params: [], record: true, access: 'write', impl: (env, _m, ids) => removeMoveReconcile(env, ids) },
  },
};

export const partialModel: ModelDef = {
  name: 'account.partial.reconcile',
  description: 'Partial Reconcile',
  access: 'accounting',
  order: 'id',
  fields: [
    f.m2o('debit_move_id', 'Debit Move', 'account.move.line', { required: true, index: true, ondelete: 'cascade' }),
    f.m2o('credit_move_id', 'Credit Move', 'account.move.line', { required: true, index: true, ondelete: 'cascade' }),
    f.m2o('full_reconcile_id', 'Full Reconcile', 'account.full.reconcile', { index: true }),
    f.money('amount', 'Amount', { currencyField: 'company_currency_id' }),
    f.money('debit_amount_currency', 'Debit Amount Currency', { currencyField: 'debit_currency_id' }),
    f.money('credit_amount_currency', 'Credit Amount Currency', { currencyField: 'credit_currency_id' }),
    f.m2o('debit_currency_id', 'Debit Currency', 'res.currency'),
    f.m2o('credit_currency_id', 'Credit Currency', 'res.currency'),
    f.m2o('company_id', 'Company', 'res.company'),
    f.date('max_date', 'Max Date of Matched Lines'),
    f.m2o('exchange_move_id', 'Exchange Move', 'account.move'),
  ],
};

export const fullReconcileModel: ModelDef = {
  name: 'account.full.reconcile',
  description: 'Full Reconcile',
  access: 'accounting',
  order: 'id',
  fields: [
    f.char('name', 'Number', { required: true }),
    f.o2m('partial_reconcile_ids', 'Reconciliation Parts', 'account.partial.reconcile', 'full_reconcile_id'),
    f.o2m('reconciled_line_ids', 'Matched Journal Items', 'account.move.line', 'full_reconcile_id'),
    f.m2o('exchange_move_id', 'Exchange Move', 'account.move'),
  ],
};

export const statementModel: ModelDef = {
  name: 'account.bank.statement',
  description: 'Bank Statement',
  access: 'accounting',
  order: 'date desc, id desc',
  fields: [
    f.char('name', 'Reference'),
    f.char('reference', 'External Reference'),
    f.date('date', 'Date'),
    f.m2o('journal_id', 'Journal', 'account.journal'),
    f.m2o('company_id', 'Company', 'res.company'),
    f.m2o('currency_id', 'Currency', 'res.currency'),
    f.money('balance_start', 'Starting Balance'),
    f.money('balance_end_real', 'Ending Balance'),
    f.money('balance_end', 'Computed Balance', {
      compute: (r, env) => {
        let total = typeof r.balance_start === 'number' ? r.balance_start : 0;
        for (const id of env.core.store.children('account.bank.statement.line', 'statement_id', r.id)) {
          const l = env.core.store.get('account.bank.statement.line', id);
          total += typeof l?.amount === 'number' ? l.amount : 0;
        }
        return Math.round(total * 100) / 100;
      },
      store: true,
    }),
    f.o2m('line_ids', 'Statement lines', 'account.bank.statement.line', 'statement_id'),
    f.bool('is_complete', 'Is Complete', { compute: () => true }),
  ],
};

const stMove = (env: Env, r: Row) => moveOf(env, r);

export const statementLineModel: ModelDef = {
  name: 'account.bank.statement.line',
  description: 'Bank Statement Line',
  access: 'accounting',
  order: 'internal_index desc',
  recName: (r, env) => {
    const m = stMove(env, r);
    return m ? moveDisplayName(m) : String(r.payment_ref ?? '');
  },
  fields: [
    // Required in Odoo, but created by the line's own create(), after the row exists.
    f.m2o('move_id', 'Journal Entry', 'account.move', { index: true, ondelete: 'cascade' }),
    f.m2o('journal_id', 'Journal', 'account.journal', { required: true, index: true }),
    f.m2o('company_id', 'Company', 'res.company', { readonly: true }),
    f.m2o('statement_id', 'Statement', 'account.bank.statement', { index: true }),
    f.date('date', 'Date', { required: true }),
    f.char('payment_ref', 'Label'),
    f.money('amount', 'Amount'),
    f.money('amount_currency', 'Amount in Currency', { currencyField: 'foreign_currency_id' }),
    f.m2o('foreign_currency_id', 'Foreign Currency', 'res.currency'),
    f.m2o('currency_id', 'Journal Currency', 'res.currency', { readonly: true }),
    f.m2o('partner_id', 'Partner', 'res.partner', { index: true, ondelete: 'restrict' }),
    f.char('partner_name', 'Partner Name'),
    f.char('account_number', 'Bank Account Number'),
    f.m2o('partner_bank_id', 'Bank Account', 'res.partner.bank'),
    f.char('transaction_type', 'Transaction Type'),
    f.json('transaction_details', 'Transaction Details'),
    f.char('unique_import_id', 'Import ID'),
    f.html('narration', 'Notes'),
    f.bool('is_reconciled', 'Is Reconciled', { readonly: true }),
    f.money('amount_residual', 'Residual Amount', { readonly: true }),
    f.money('running_balance', 'Running Balance', {
      store: false,
      compute: (r, env) => {
        const s = env.core.store;
        const key = String(r.internal_index ?? internalIndex(r));
        let total = 0;
        for (const id of s.children('account.bank.statement.line', 'journal_id', r.journal_id as number)) {
          const o = s.get('account.bank.statement.line', id)!;
          if (String(o.internal_index ?? internalIndex(o)) <= key) total += typeof o.amount === 'number' ? o.amount : 0;
        }
        return Math.round(total * 100) / 100;
      },
    }),
    f.char('internal_index', 'Internal Reference', { readonly: true }),
    f.int('sequence', 'Sequence', { default: 1 }),
    f.sel('state', 'Status', [
      ['draft', 'Draft'],
      ['posted', 'Posted'],
      ['cancel', 'Cancelled'],
    ], { compute: (r, env) => stMove(env, r)?.state ?? 'draft', readonly: true }),
    f.char('name', 'Number', { compute: (r, env) => stMove(env, r)?.name ?? false, readonly: true }),
    f.char('ref', 'Reference', { compute: (r, env) => stMove(env, r)?.ref ?? false }),
    f.bool('to_check', 'To Check', { compute: (r, env) => stMove(env, r)?.to_check === true, inverse: true }),
    f.o2m('line_ids', 'Journal Items', 'account.move.line', 'statement_line_id', {
      inverse: true,
      compute: (r, env) => (typeof r.move_id === 'number' ? moveLines(env, r.move_id).map((l) => l.id) : []),
    }),
    f.m2m('payment_ids', 'Auto-generated Payments', 'account.payment', { compute: () => [] }),
  ],
  createOnly: ['counterpart_account_id'],
  hooks: {
    prepareCreate: prepareStatementLineCreate,
    afterCreate: (env, id, vals) => createStatementMove(env, id, vals.counterpart_account_id),
    prepareWrite: prepareStatementLineWrite,
    afterWrite: afterStatementLineWrite,
    beforeUnlink: deleteStatementMoves,
  },
  methods: {
    action_undo_reconciliation: { params: [], record: true, access: 'write', impl: (env, _m, ids) => undoReconciliation(env, ids) },
  },
};

export const paymentMethodLineModel: ModelDef = {
  name: 'account.payment.method.line',
  description: 'Payment Methods',
  access: 'accounting',
  order: 'sequence, id',
  fields: [
    f.char('name', 'Name', { required: true }),
    f.sel('payment_type', 'Payment Type', [
      ['inbound', 'Inbound'],
      ['outbound', 'Outbound'],
    ]),
    f.m2o('journal_id', 'Journal', 'account.journal'),
    f.m2o('payment_account_id', 'Outstanding Account', 'account.account'),
    f.m2o('payment_method_id', 'Payment Method', 'account.payment.method'),
    f.int('sequence', 'Sequence', { default: 10 }),
  ],
};

export const paymentModel: ModelDef = {
  name: 'account.payment',
  description: 'Payments',
  access: 'accounting',
  mailThread: true,
  order: 'date desc, name desc',
  recName: (r) => (typeof r.name === 'string' && r.name && r.name !== '/' ? r.name : 'Draft Payment'),
  fields: [
    f.char('name', 'Number', { readonly: true }),
    f.m2o('move_id', 'Journal Entry', 'account.move', { index: true }),
    f.sel('payment_type', 'Payment Type', [
      ['outbound', 'Send'],
      ['inbound', 'Receive'],
    ], { required: true, default: 'inbound' }),
    f.sel('partner_type', 'Partner Type', [
      ['customer', 'Customer'],
      ['supplier', 'Vendor'],
    ], { default: 'customer' }),
    f.money('amount', 'Amount'),
    f.date('date', 'Date', { required: true }),
    f.m2o('journal_id', 'Journal', 'account.journal', { required: true }),
    f.m2o('partner_id', 'Customer/Vendor', 'res.partner', { index: true, ondelete: 'restrict' }),
    f.m2o('partner_bank_id', 'Recipient Bank Account', 'res.partner.bank'),
    f.m2o('currency_id', 'Currency', 'res.currency'),
    f.m2o('company_id', 'Company', 'res.company'),
    f.m2o('payment_method_line_id', 'Payment Method', 'account.payment.method.line'),
    f.sel('state', 'Status', [
      ['draft', 'Draft'],
      ['posted', 'Posted'],
      ['cancel', 'Cancelled'],
    ], { required: true, readonly: true, default: 'draft' }),
    f.char('ref', 'Memo'),
    f.bool('is_reconciled', 'Is Reconciled', { readonly: true }),
    f.bool('is_matched', 'Is Matched With a Bank Statement', { readonly: true }),
    f.m2m('reconciled_invoice_ids', 'Reconciled Invoices', 'account.move', { compute: (r, env) => reconciledMoves(env, r, 'invoice') }),
    f.m2m('reconciled_bill_ids', 'Reconciled Bills', 'account.move', { compute: (r, env) => reconciledMoves(env, r, 'bill') }),
    f.bool('is_internal_transfer', 'Internal Transfer', { default: false }),
    f.m2o('destination_journal_id', 'Destination Journal', 'account.journal'),
    f.m2o('destination_account_id', 'Destination Account', 'account.account'),
    f.m2o('outstanding_account_id', 'Outstanding Account', 'account.account'),
  ],
  hooks: { prepareCreate: preparePaymentCreate },
  methods: {
    action_post: { params: [], record: true, access: 'write', impl: (env, _m, ids) => postPayments(env, ids) },
    action_cancel: { params: [], record: true, access: 'write', impl: (env, _m, ids) => cancelPayments(env, ids) },
  },
};

export const paymentRegisterModel: ModelDef = {
  name: 'account.payment.register',
  description: 'Pay',
  access: 'accounting',
  transient: true,
  fields: [
    f.date('payment_date', 'Payment Date', { required: true }),
    f.money('amount', 'Amount'),
    f.char('communication', 'Memo'),
    f.bool('group_payment', 'Group Payments', { default: true }),
    f.m2o('currency_id', 'Currency', 'res.currency'),
    f.m2o('journal_id', 'Journal', 'account.journal'),
    f.m2o('partner_id', 'Customer/Vendor', 'res.partner'),
    f.m2o('company_id', 'Company', 'res.company'),
    f.sel('payment_type', 'Payment Type', [
      ['outbound', 'Send'],
      ['inbound', 'Receive'],
    ]),
    f.sel('partner_type', 'Partner Type', [
      ['customer', 'Customer'],
      ['supplier', 'Vendor'],
    ]),
    f.money('source_amount', 'Amount to Pay (company currency)', { readonly: true }),
    f.money('payment_difference', 'Payment Difference', { readonly: true }),
    f.sel('payment_difference_handling', 'Payment Difference Handling', [
      ['open', 'Keep open'],
      ['reconcile', 'Mark as fully paid'],
    ], { default: 'open' }),
    f.m2o('writeoff_account_id', 'Difference Account', 'account.account'),
    f.char('writeoff_label', 'Journal Item Label', { default: 'Write-Off' }),
    f.m2m('line_ids', 'Journal items', 'account.move.line'),
    f.m2o('payment_method_line_id', 'Payment Method', 'account.payment.method.line'),
  ],
  hooks: { prepareCreate: prepareRegisterCreate },
  methods: {
    action_create_payments: { params: [], record: true, access: 'write', impl: (env, _m, ids) => createPaymentsFromWizard(env, ids) },
  },
};

const RECONCILE_MODEL_FIELDS = [
  f.char('name', 'Name', { required: true }),
  f.int('sequence', 'Sequence', { default: 10 }),
  f.bool('active', 'Active', { default: true }),
  f.m2o('company_id', 'Company', 'res.company', { required: true, default: (env: Env) => env.companyId }),
  f.sel('rule_type', 'Type', [
    ['writeoff_button', 'Button to generate counterpart entry'],
    ['writeoff_suggestion', 'Rule to suggest counterpart entry'],
    ['invoice_matching', 'Rule to match invoices/bills'],
  ], { required: true, default: 'writeoff_button' }),
  f.bool('auto_reconcile', 'Auto-validate', { default: false }),
  f.bool('to_check', 'To Check', { default: false }),
  f.sel('matching_order', 'Matching Order', [
    ['old_first', 'Oldest first'],
    ['new_first', 'Newest first'],
  ], { default: 'old_first' }),
  f.m2m('match_journal_ids', 'Journals Availability', 'account.journal'),
  f.sel('match_nature', 'Amount Type', [
    ['amount_received', 'Received'],
    ['amount_paid', 'Paid'],
    ['both', 'Paid/Received'],
  ], { default: 'both' }),
  f.sel('match_amount', 'Amount Condition', [
    ['lower', 'Is Lower Than'],
    ['greater', 'Is Greater Than'],
    ['between', 'Is Between'],
  ]),
  f.float('match_amount_min', 'Amount Min Parameter'),
  f.float('match_amount_max', 'Amount Max Parameter'),
  f.sel('match_label', 'Label', [
    ['contains', 'Contains'],
    ['not_contains', 'Not Contains'],
    ['match_regex', 'Match Regex'],
  ]),
  f.char('match_label_param', 'Label Parameter'),
  f.bool('match_text_location_label', 'Match Label', { default: true }),
  f.bool('match_text_location_note', 'Match Note', { default: false }),
  f.bool('match_text_location_reference', 'Match Reference', { default: false }),
  f.bool('match_same_currency', 'Same Currency', { default: true }),
  f.bool('allow_payment_tolerance', 'Payment Tolerance', { default: true }),
  f.float('payment_tolerance_param', 'Gap', { default: 0 }),
  f.sel('payment_tolerance_type', 'Payment Tolerance Type', [
    ['percentage', 'in percentage'],
    ['fixed_amount', 'in amount'],
  ], { default: 'percentage' }),
  f.bool('match_partner', 'Partner is Set'),
  f.m2m('match_partner_ids', 'Matching partners', 'res.partner'),
  f.int('past_months_limit', 'Search Months Limit', { default: 18 }),
  f.o2m('line_ids', 'Lines', 'account.reconcile.model.line', 'model_id'),
  f.o2m('partner_mapping_line_ids', 'Partner Mapping Lines', 'account.reconcile.model.partner.mapping', 'model_id'),
];

export const reconcileModelModel: ModelDef = {
  name: 'account.reconcile.model',
  description: 'Preset to create journal entries during a invoices and payments matching',
  access: 'accounting',
  order: 'sequence, id',
  fields: RECONCILE_MODEL_FIELDS,
};

export const reconcileModelLineModel: ModelDef = {
  name: 'account.reconcile.model.line',
  description: 'Rules for the reconciliation model',
  access: 'accounting',
  order: 'sequence, id',
  recName: (r, env) => {
    const m = typeof r.model_id === 'number' ? env.core.store.get('account.reconcile.model', r.model_id) : undefined;
    return m ? displayName(env, 'account.reconcile.model', m) : String(r.label ?? '');
  },
  fields: [
    f.m2o('model_id', 'Model', 'account.reconcile.model', { required: true, index: true, ondelete: 'cascade' }),
    f.int('sequence', 'Sequence', { default: 10 }),
    f.m2o('account_id', 'Account', 'account.account', { required: true }),
    f.sel('amount_type', 'Amount Type', [
      ['fixed', 'Fixed'],
      ['percentage', 'Percentage of balance'],
      ['percentage_st_line', 'Percentage of statement line'],
      ['regex', 'From label'],
    ], { required: true, default: 'percentage' }),
    f.char('amount_string', 'Amount', { default: '100' }),
    f.float('amount', 'Float Amount', { compute: (r) => Number(r.amount_string ?? 0) || 0, store: true }),
    f.char('label', 'Journal Item Label'),
    f.m2m('tax_ids', 'Taxes', 'account.tax'),
    f.m2o('journal_id', 'Journal', 'account.journal'),
    f.m2o('company_id', 'Company', 'res.company'),
  ],
};

export const reconcileModelPartnerMappingModel: ModelDef = {
  name: 'account.reconcile.model.partner.mapping',
  description: 'Partner mapping for reconciliation models',
  access: 'accounting',
  order: 'id',
  recName: (r) => String(r.payment_ref_regex ?? r.narration_regex ?? ''),
  fields: [
    f.m2o('model_id', 'Model', 'account.reconcile.model', { required: true, index: true, ondelete: 'cascade' }),
    f.m2o('partner_id', 'Partner', 'res.partner', { required: true }),
    f.char('payment_ref_regex', 'Find Text in Label'),
    f.char('narration_regex', 'Find Text in Notes'),
  ],
};

export const ACCOUNT_MODELS: ModelDef[] = [
  accountModel,
  journalModel,
  taxModel,
  moveModel,
  moveLineModel,
  partialModel,
  fullReconcileModel,
  statementModel,
  statementLineModel,
  paymentMethodLineModel,
  paymentModel,
  paymentRegisterModel,
  reconcileModelModel,
  reconcileModelLineModel,
  reconcileModelPartnerMappingModel,
];
