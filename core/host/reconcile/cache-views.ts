/**
 * Read helpers over the cache for the reconciliation handlers: names of partners, accounts, taxes and
 * journals, bank journals with their account numbers, and open items shaped for the workbench.
 */
import type Database from 'better-sqlite3';
import type { OpenItemView } from '../../contract';
import type { CandidateItem } from '../../engine/reconciliation/matching';

export type JournalRow = { id: number; name: string; type: string | null; acc: string | null; currency: string | null; defaultAccountId: number | null; suspenseAccountId: number | null };

export const m2oId = (v: unknown): number | undefined => (Array.isArray(v) && typeof v[0] === 'number' ? v[0] : typeof v === 'number' ? v : undefined);

/** Account numbers compare without spaces, dashes and case (IBANs are printed in groups of four). */
export const normalizeAccount = (s: string): string => s.replace(/[\s\-./]/g, '').toUpperCase();

const m2oSql = (alias: string, field: string) =>
  `(CASE json_type(${alias}.data, '$.${field}') WHEN 'array' THEN json_extract(${alias}.data, '$.${field}[0]') WHEN 'integer' THEN json_extract(${alias}.data, '$.${field}') END)`;

export function createCacheViews(db: Database.Database) {
  const nameStmt = db.prepare<[string, number], { name: string | null; code: string | null }>(
    `SELECT json_extract(data, '$.name') AS name, json_extract(data, '$.code') AS code FROM cache_records WHERE model = ? AND id = ?`,
  );
  const name = (model: string, id: number | undefined): string | undefined => {
    if (id === undefined) return undefined;
    const r = nameStmt.get(model, id);
    if (!r?.name) return undefined;
    return model === 'account.account' && r.code ? `${r.code} ${r.name}` : r.name;
  };

  const bankJournals = (): JournalRow[] =>
    db
      .prepare<[], JournalRow>(
        `SELECT j.id, json_extract(j.data, '$.name') AS name, json_extract(j.data, '$.type') AS type, json_extract(b.data, '$.acc_number') AS acc,
                json_extract(c.data, '$.name') AS currency, ${m2oSql('j', 'default_account_id')} AS defaultAccountId, ${m2oSql('j', 'suspense_account_id')} AS suspenseAccountId
           FROM cache_records j
           LEFT JOIN cache_records b ON b.model = 'res.partner.bank' AND b.id = ${m2oSql('j', 'bank_account_id')}
           LEFT JOIN cache_records c ON c.model = 'res.currency' AND c.id = ${m2oSql('j', 'currency_id')}
          WHERE j.model = 'account.journal' AND json_extract(j.data, '$.type') IN ('bank', 'cash', 'credit')
          ORDER BY j.id`,
      )
      .all();

  const companyCurrency = (): string =>
    db
      .prepare<[], { name: string | null }>(
        `SELECT json_extract(cur.data, '$.name') AS name FROM cache_records c JOIN cache_records cur ON cur.model = 'res.currency' AND cur.id = ${m2oSql('c', 'currency_id')}
          WHERE c.model = 'res.company' ORDER BY c.id LIMIT 1`,
      )
      .get()?.name ?? 'EUR';

  const accountTypeOf = (c: CandidateItem): OpenItemView['accountType'] =>
    c.accountType === 'asset_receivable' ? 'receivable' : c.accountType === 'liability_payable' ? 'payable' : c.isPayment ? 'outstanding' : 'other';

  /** An engine candidate as the workbench shows it; partner names through `partnerName`. */
  const itemView = (c: CandidateItem, partnerName: (id: number | undefined) => string | undefined, companyCur: string): OpenItemView => {
    const pn = partnerName(c.partnerId);
    const ref = c.ref ?? c.paymentReference;
    return {
      moveLineId: c.id,
      ...(c.moveId ? { moveId: c.moveId } : {}),
      moveName: c.moveName || `#${c.id}`,
      ...(ref && ref !== c.moveName ? { ref } : {}),
      ...(c.partnerId !== undefined ? { partnerId: c.partnerId } : {}),
      ...(pn ? { partnerName: pn } : {}),
      date: c.date,
      ...(c.dateMaturity ? { dateMaturity: c.dateMaturity } : {}),
      residual: c.amountResidual,
      currency: c.currency,
      ...(c.currency !== companyCur ? { residualCurrency: c.amountResidualCurrency } : {}),
      accountType: accountTypeOf(c),
    };
  };

  return { name, bankJournals, companyCurrency, itemView, m2oSql };
}
export type CacheViews = ReturnType<typeof createCacheViews>;
