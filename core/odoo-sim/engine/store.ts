import type { Row } from './fields';

/**
 * In-memory record store. Rows are immutable objects (every change replaces the row), which makes the
 * undo log of a transaction just the previous references. Ids are kept sorted per model so keyset
 * reads (`id > N`, order id) can binary-search and stop early.
 */
type Table = {
  rows: Map<number, Row>;
  sorted: number[];
  /** false when `sorted` must be rebuilt (an out-of-order insert or a delete). */
  sortedOk: boolean;
  nextId: number;
};

export type Change = { model: string; id: number; before: Row | undefined };

const EMPTY: ReadonlySet<number> = new Set();

export class Store {
  private tables = new Map<string, Table>();
  /** "model.field" → parent id → child ids (for one2many reads and fast equality searches). */
  private indexes = new Map<string, Map<number, Set<number>>>();
  private indexedFields = new Map<string, string[]>();
  private undo: Map<string, Change> | null = null;
  private seqSnapshot: Map<string, number> | null = null;
  meta = new Map<string, string>();
  private metaSnapshot: Map<string, string> | null = null;

  addIndex(model: string, field: string): void {
    const key = `${model}.${field}`;
    if (this.indexes.has(key)) return;
    this.indexes.set(key, new Map());
    const list = this.indexedFields.get(model) ?? [];
    list.push(field);
    this.indexedFields.set(model, list);
    const t = this.tables.get(model);
    if (t) for (const row of t.rows.values()) this.indexAdd(key, row[field], row.id);
  }

  hasIndex(model: string, field: string): boolean {
    return this.indexes.has(`${model}.${field}`);
  }

  private table(model: string): Table {
    let t = this.tables.get(model);
    if (!t) {
      t = { rows: new Map(), sorted: [], sortedOk: true, nextId: 1 };
      this.tables.set(model, t);
    }
    return t;
  }

  models(): string[] {
    return [...this.tables.keys()];
  }

  get(model: string, id: number): Row | undefined {
    return this.tables.get(model)?.rows.get(id);
  }

  count(model: string): number {
    return this.tables.get(model)?.rows.size ?? 0;
  }

  /** All ids in ascending order (shared array: do not mutate). */
  ids(model: string): readonly number[] {
    const t = this.tables.get(model);
    if (!t) return [];
    if (!t.sortedOk) {
      t.sorted = [...t.rows.keys()].sort((a, b) => a - b);
      t.sortedOk = true;
    }
    return t.sorted;
  }

  /** Children of `parent` through an indexed many2one, ascending ids. */
  children(model: string, field: string, parent: number): number[] {
    const idx = this.indexes.get(`${model}.${field}`);
    if (!idx) {
      const out: number[] = [];
      for (const id of this.ids(model)) if (this.get(model, id)?.[field] === parent) out.push(id);
      return out;
    }
    const s = idx.get(parent);
    if (!s || s.size === 0) return [];
    return [...s].sort((a, b) => a - b);
  }

  /** Children in no particular order, without copying (do not mutate the store while iterating). */
  childSet(model: string, field: string, parent: number): ReadonlySet<number> {
    return this.indexes.get(`${model}.${field}`)?.get(parent) ?? EMPTY;
  }

  /** How many children point at `parent` (no allocation; 0 when the field is not indexed). */
  childCount(model: string, field: string, parent: number): number {
    return this.indexes.get(`${model}.${field}`)?.get(parent)?.size ?? 0;
  }

  private indexAdd(key: string, value: unknown, id: number): void {
    if (typeof value !== 'number') return;
    const idx = this.indexes.get(key)!;
    let s = idx.get(value);
    if (!s) idx.set(value, (s = new Set()));
    s.add(id);
  }

  private indexDel(key: string, value: unknown, id: number): void {
    if (typeof value !== 'number') return;
    this.indexes.get(key)?.get(value)?.delete(id);
  }

  private record(model: string, id: number, before: Row | undefined): void {
    if (!this.undo) return;
    const key = `${model}\u0000${id}`;
    if (!this.undo.has(key)) this.undo.set(key, { model, id, before });
  }

  nextId(model: string): number {
    const t = this.table(model);
    return t.nextId++;
  }

  peekNextId(model: string): number {
    return this.table(model).nextId;
  }

  bumpSequence(model: string, atLeast: number): void {
    const t = this.table(model);
    if (t.nextId < atLeast) t.nextId = atLeast;
  }

  put(model: string, row: Row): void {
    const t = this.table(model);
    const before = t.rows.get(row.id);
    this.record(model, row.id, before);
    const fields = this.indexedFields.get(model);
    if (fields) {
      for (const fname of fields) {
        const key = `${model}.${fname}`;
        if (before && before[fname] === row[fname]) continue;
        if (before) this.indexDel(key, before[fname], row.id);
        this.indexAdd(key, row[fname], row.id);
      }
    }
    t.rows.set(row.id, row);
    if (!before && t.sortedOk) {
      const last = t.sorted[t.sorted.length - 1];
      if (last === undefined || row.id > last) t.sorted.push(row.id);
      else t.sortedOk = false;
    }
    if (row.id >= t.nextId) t.nextId = row.id + 1;
  }

  delete(model: string, id: number): void {
    const t = this.tables.get(model);
    const before = t?.rows.get(id);
    if (!t || !before) return;
    this.record(model, id, before);
    for (const fname of this.indexedFields.get(model) ?? []) this.indexDel(`${model}.${fname}`, before[fname], id);
    t.rows.delete(id);
    t.sortedOk = false;
  }

  clear(): void {
    this.tables.clear();
    for (const idx of this.indexes.values()) idx.clear();
    this.meta.clear();
  }

  /** Bulk mode (loadDataset): no undo log, in-place patches; rollback restores a shallow snapshot. */
  private bulkSnapshot: { tables: Map<string, { rows: Map<number, Row>; nextId: number }>; meta: Map<string, string> } | null = null;

  get bulk(): boolean {
    return this.bulkSnapshot !== null;
  }

  beginBulk(): void {
    this.bulkSnapshot = {
      tables: new Map([...this.tables].map(([m, t]) => [m, { rows: new Map(t.rows), nextId: t.nextId }])),
      meta: new Map(this.meta),
    };
  }

  endBulk(): void {
    this.bulkSnapshot = null;
  }

  rollbackBulk(): void {
    const snap = this.bulkSnapshot;
    this.bulkSnapshot = null;
    if (!snap) return;
    this.tables.clear();
    for (const idx of this.indexes.values()) idx.clear();
    // Rows patched in place during the bulk load are new objects (inserted by it), so the snapshot's are intact.
    for (const [m, t] of snap.tables) {
      for (const row of t.rows.values()) this.put(m, row);
      this.table(m).nextId = t.nextId;
    }
    this.meta = snap.meta;
  }

  /** Changes some fields of a row: a new object normally, in place during a bulk load. */
  patch(model: string, id: number, patch: Record<string, unknown>): void {
    const cur = this.get(model, id);
    if (!cur) return;
    if (!this.bulkSnapshot || this.bulkSnapshot.tables.get(model)?.rows.get(id) === cur) {
      this.put(model, { ...cur, ...patch } as Row);
      return;
    }
    for (const fname of this.indexedFields.get(model) ?? []) {
      if (!(fname in patch) || patch[fname] === cur[fname]) continue;
      const key = `${model}.${fname}`;
      this.indexDel(key, cur[fname], id);
      this.indexAdd(key, patch[fname], id);
    }
    Object.assign(cur as Record<string, unknown>, patch);
  }

  get inTransaction(): boolean {
    return this.undo !== null;
  }

  begin(): void {
    this.undo = new Map();
    this.seqSnapshot = new Map([...this.tables].map(([m, t]) => [m, t.nextId]));
    this.metaSnapshot = new Map(this.meta);
  }

  /** Ends the transaction; returns what changed (the caller persists the current state of those keys). */
  commit(): Change[] {
    const changes = this.undo ? [...this.undo.values()] : [];
    this.undo = null;
    this.seqSnapshot = null;
    this.metaSnapshot = null;
    return changes;
  }

  /** Changes recorded so far in the open transaction (recomputation walks them). */
  pending(): Change[] {
    return this.undo ? [...this.undo.values()] : [];
  }

  rollback(): void {
    const undo = this.undo;
    this.undo = null;
    if (undo) {
      for (const c of [...undo.values()].reverse()) {
        if (c.before) this.put(c.model, c.before);
        else this.delete(c.model, c.id);
      }
    }
    if (this.seqSnapshot) for (const [m, n] of this.seqSnapshot) this.table(m).nextId = n;
    for (const [m, t] of this.tables) if (!this.seqSnapshot?.has(m)) t.nextId = 1;
    if (this.metaSnapshot) this.meta = this.metaSnapshot;
    this.seqSnapshot = null;
    this.metaSnapshot = null;
  }

  sequences(): Array<[string, number]> {
    return [...this.tables].map(([m, t]) => [m, t.nextId]);
  }
}
