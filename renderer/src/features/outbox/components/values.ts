/** Odoo field values as a person reads them: many2one `[id, name]` → name, `false` → empty, lists joined. */
export function displayValue(v: unknown): string {
  if (v === null || v === undefined || v === false) return '—';
  if (v === true) return 'Yes';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v === '' ? '—' : v;
  if (Array.isArray(v)) {
    if (v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'string') return v[1];
    return v.length === 0 ? '—' : v.map(displayValue).join(', ');
  }
  return JSON.stringify(v);
}

/** Whether two values mean the same to Odoo (a many2one compares by id, `null` is `false`). */
export function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' ? v[0] : v === null || v === undefined ? false : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The field values a change sets: `payload.values` for record updates, else the payload's own fields. */
export function changedValues(payload: unknown): Record<string, unknown> {
  if (!isRecord(payload)) return {};
  if (isRecord(payload['values'])) return payload['values'];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(payload)) if (k !== 'model' && k !== 'id') out[k] = v;
  return out;
}

export const asRecord = (x: unknown): Record<string, unknown> | null => (isRecord(x) ? x : null);

/** "email" → "Email", "credit_limit" → "Credit limit", "write_date" → "Last changed in Odoo". */
export function fieldLabel(name: string): string {
  if (name === 'write_date') return 'Last changed in Odoo';
  const s = name.replace(/_id$/, '').replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Odoo's UTC 'YYYY-MM-DD HH:MM:SS' as a local date-time. */
export function odooDateTime(v: unknown, locale?: string): string {
  if (typeof v !== 'string') return displayValue(v);
  const d = new Date(`${v.replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? v : d.toLocaleString(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
