import type { Migration } from '../migration';

/**
 * Indexes for the role dashboards, which are SQL over `cache_records`. They are partial (one model each) and
 * on the same JSON expressions the dashboard queries use (SQLite matches an indexed expression only when
 * the query spells it the same way: see core/engine/dashboards/context.ts and the plan test beside it).
 * Journal items: by account and reconciled (open items), and by account and date with the state and amounts
 * the sums read (cash, income/expense, DSO), so those sums never touch the table. Order lines still to
 * deliver or receive are partial indexes of their own. The queries name the index (INDEXED BY): the planner,
 * without statistics, would otherwise prefer the primary key. Cache data only: a rebuild recreates them.
 */
const m2o = (field: string) =>
  `(CASE json_type(data, '$.${field}') WHEN 'array' THEN json_extract(data, '$.${field}[0]') WHEN 'integer' THEN json_extract(data, '$.${field}') END)`;

export const migration0005: Migration = {
  version: 5,
  name: 'dashboard-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX cache_records_by_aml_open ON cache_records(
        ${m2o('account_id')}, json_extract(data, '$.reconciled'), json_extract(data, '$.parent_state'), json_extract(data, '$.date'),
        json_extract(data, '$.date_maturity'), json_extract(data, '$.amount_residual'), ${m2o('partner_id')}, ${m2o('move_id')}, id
      ) WHERE model = 'account.move.line';
      CREATE INDEX cache_records_by_aml_account_date ON cache_records(
        ${m2o('account_id')}, json_extract(data, '$.date'), json_extract(data, '$.parent_state'), json_extract(data, '$.balance'),
        json_extract(data, '$.amount_currency'), ${m2o('journal_id')}
      ) WHERE model = 'account.move.line';
      CREATE INDEX cache_records_by_statement_line_open ON cache_records(
        json_extract(data, '$.is_reconciled'), ${m2o('journal_id')}, json_extract(data, '$.date'), json_extract(data, '$.amount')
      ) WHERE model = 'account.bank.statement.line';
      CREATE INDEX cache_records_by_sale_order_state ON cache_records(
        json_extract(data, '$.state'), json_extract(data, '$.date_order'), ${m2o('partner_id')}, json_extract(data, '$.amount_untaxed'), ${m2o('currency_id')}, id
      ) WHERE model = 'sale.order';
      CREATE INDEX cache_records_by_lead ON cache_records(
        json_extract(data, '$.type'), active, ${m2o('stage_id')}, json_extract(data, '$.expected_revenue'), json_extract(data, '$.probability'), json_extract(data, '$.date_closed'), id
      ) WHERE model = 'crm.lead';
      CREATE INDEX cache_records_by_partner_credit_limit ON cache_records(json_extract(data, '$.credit_limit'), id) WHERE model = 'res.partner';
      CREATE INDEX cache_records_by_sale_line_undelivered ON cache_records(${m2o('order_id')})
        WHERE model = 'sale.order.line' AND json_extract(data, '$.qty_delivered') < json_extract(data, '$.product_uom_qty');
      CREATE INDEX cache_records_by_purchase_line_unreceived ON cache_records(${m2o('order_id')})
        WHERE model = 'purchase.order.line' AND json_extract(data, '$.qty_received') < json_extract(data, '$.product_qty');
    `);
  },
};
