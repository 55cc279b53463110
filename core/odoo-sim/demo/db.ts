/**
 * The record store the generator fills: per-model arrays in id order, ids allocated per model from 1
 * (or from a reserved start), so loadDataset can insert them verbatim.
 */
export type Rec = Record<string, unknown> & { id: number };

export type Db = {
  records: Record<string, Rec[]>;
  /** adds a record, returns its id */
  add(model: string, vals: Record<string, unknown>): number;
  /** the record object (mutable until output) */
  get(model: string, id: number): Rec;
  nextId(model: string): number;
  count(model: string): number;
};

export function createDb(): Db {
  const records: Record<string, Rec[]> = {};
  const byModel = new Map<string, Rec[]>();
  const listFor = (model: string): Rec[] => {
    let list = byModel.get(model);
    if (!list) {
      list = [];
      byModel.set(model, list);
      records[model] = list;
    }
    return list;
  };
  return {
    records,
    add(model, vals) {
      const list = listFor(model);
      const id = list.length + 1;
      // stamped in place (no copy): at size L copying every record doubled the GC work
      const rec = vals as Rec;
      rec.id = id;
      list.push(rec);
      return id;
    },
    get(model, id) {
      const rec = listFor(model)[id - 1];
      if (!rec) throw new Error(`no ${model} ${id}`);
      return rec;
    },
    nextId(model) {
      return listFor(model).length + 1;
    },
    count(model) {
      return byModel.get(model)?.length ?? 0;
    },
  };
}

/** Integer cents → amount. Every monetary computation runs in cents so moves balance exactly. */
export function amt(cents: number): number {
  return cents / 100;
}
