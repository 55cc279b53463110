import type Database from 'better-sqlite3';

export type AuditEntry = {
  at: string;
  actor: string;
  connection: string | null;
  action: string;
  targetModel: string | null;
  targetIds: number[];
  summary: string;
  details?: Record<string, unknown>;
};

/** Append-only: the audit log is never updated or pruned by the app. */
export function createAuditRepo(db: Database.Database) {
  const insert = db.prepare(
    'INSERT INTO audit_log (at, actor, connection, action, target_model, target_ids, summary, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const recent = db.prepare<[number], { at: string; actor: string; connection: string | null; action: string; target_model: string | null; target_ids: string | null; summary: string; details: string | null }>(
    'SELECT at, actor, connection, action, target_model, target_ids, summary, details FROM audit_log ORDER BY id DESC LIMIT ?',
  );
  return {
    append(e: AuditEntry): number {
      const r = insert.run(e.at, e.actor, e.connection, e.action, e.targetModel, JSON.stringify(e.targetIds), e.summary, e.details ? JSON.stringify(e.details) : null);
      return Number(r.lastInsertRowid);
    },
    recent(limit: number): AuditEntry[] {
      return recent.all(limit).map((r) => ({
        at: r.at,
        actor: r.actor,
        connection: r.connection,
        action: r.action,
        targetModel: r.target_model,
        targetIds: r.target_ids ? (JSON.parse(r.target_ids) as number[]) : [],
        summary: r.summary,
        ...(r.details ? { details: JSON.parse(r.details) as Record<string, unknown> } : {}),
      }));
    },
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
