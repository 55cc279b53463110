import type { Column, Dashboard, FigureFormat, Widget } from '../../contract';
import type { Service } from '../../host/service';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../command';
import { invoke, withService } from '../service-runner';

const ROLES = ['cfo', 'sales', 'warehouse'] as const;

/** A figure as text: grouped, two decimals for money with its currency, "12 days", "45.0 %". */
export function formatFigure(v: unknown, format: FigureFormat, currency?: string): string {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v !== 'number') return String(v);
  const n = (d: number) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  switch (format) {
    case 'money':
      return `${n(2)}${currency ? ` ${currency}` : ''}`;
    case 'days':
      return `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} days`;
    case 'percent':
      return `${n(1)} %`;
    case 'number':
      return v.toLocaleString('en-US', { maximumFractionDigits: 2 });
    default:
      return String(v);
  }
}

const cell = (c: Column, r: Record<string, unknown>, currency: string) =>
  formatFigure(r[c.key], c.format, c.format === 'money' ? (c.currencyField ? String(r[c.currencyField] ?? currency) : (c.currency ?? currency)) : undefined);

/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export function textTable(columns: Column[], rows: Array<Record<string, unknown>>, currency: string, indent = '  '): string[] {
  const cells = rows.map((r) => columns.map((c) => cell(c, r, currency).slice(0, 48)));
  const widths = columns.map((c, i) => Math.max(c.label.length, ...cells.map((row) => row[i]!.length)));
  const right = (c: Column) => c.format !== 'text' && c.format !== 'date';
  const line = (vals: string[]) => indent + vals.map((v, i) => (right(columns[i]!) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(columns.map((c) => c.label)), indent + widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)];
}

export function renderWidget(w: Widget, currency: string): string[] {
  const out = [`${w.title}${w.status === 'ok' ? '' : `  [${w.status}]`}`];
  if (w.message) out.push(`  ${w.message}`);
  for (const k of w.kpis ?? []) out.push(`  ${k.label}: ${formatFigure(k.value, k.format, k.currency)}${k.hint ? `  (${k.hint})` : ''}`);
  if (w.table && w.table.rows.length) {
    out.push(...textTable(w.table.columns, w.table.rows, currency));
    if (w.table.total !== undefined && w.table.total > w.table.rows.length) out.push(`  … ${w.table.total - w.table.rows.length} more`);
  } else if (w.chart && w.chart.data.length) {
    const cols: Column[] = [
      { key: w.chart.dataKey, label: w.chart.dataKey, format: 'text' },
      ...w.chart.series.map((s) => ({ key: s.name, label: s.label, format: w.chart!.valueFormat, ...(w.chart!.currency ? { currency: w.chart!.currency } : {}) })),
    ];
    out.push(...textTable(cols, w.chart.data, currency));
  }
  return out;
}

/** A fresh data directory has nothing cached: bring it in first. */
async function ensureSynced(ctx: CliContext, service: Service): Promise<void> {
  const status = await invoke<{ lastSyncAt: string | null; models: Array<{ cached: number }> }>(service, 'sync:status', {});
  if (status.lastSyncAt || status.models.some((m) => m.cached > 0)) return;
  ctx.err('Nothing is cached yet: syncing first…');
  const { jobId } = await invoke<{ jobId: string }>(service, 'sync:run', {});
  ctx.signal.addEventListener('abort', () => service.jobs.cancel(jobId), { once: true });
  const job = await service.jobs.wait(jobId);
  if (job.state !== 'succeeded') throw new Error(`The first sync ${job.state}: ${job.error?.message ?? ''}`);
}

export const dashboardCommand: CliCommand = {
  name: 'dashboard',
  summary: 'Print a role dashboard (cfo, sales or warehouse) computed from the local cache.',
  help: `Usage: smart-odoo dashboard cfo|sales|warehouse [--as-of YYYY-MM-DD] [--json]

Computes the dashboard from the local cache (no request to Odoo; run \`smart-odoo sync\` for current data — a
data directory with nothing cached is synced first) and prints each widget: its figures and its table.

  cfo        cash per bank journal, receivables and payables aging, DSO/DPO, top overdue customers,
             unreconciled bank lines, changes waiting for Odoo, income vs expense over 12 months
  sales      pipeline by stage, weighted pipeline, won/lost in 90 days, top customers, customers over their
             credit limit, quotations waiting for confirmation
  warehouse  stock against reordering rules, products to reorder, stock value, late receipts

Options:
  --as-of DATE   compute at this date (default today); ages, periods and rates are taken at that date
  --json         print the dashboard as the app receives it: {"role", "asOf", "lastSyncedAt", "demo", "currency",
                 "connectionUrl", "ms", "widgets": [{id, title, help, status: ok|empty|no-access|no-rates|error,
                 message?, kpis?: [{key, label, value, format, currency?}], chart?: {type, dataKey, series, data},
                 table?: {columns: [{key, label, format}], rows, total?}}]}

A widget that cannot be computed (no access to a model in Odoo, no exchange rate for a currency, nothing
synced) says why; the others are still printed. Exit code 1 when the dashboard cannot be computed at all.`,
  options: { 'as-of': { type: 'string' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(ctx, v, positionals) {
    const [role, ...extra] = positionals;
    if (!role) throw new UsageError('Say which dashboard: cfo, sales or warehouse.');
    if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`Unknown dashboard “${role}”: say cfo, sales or warehouse.`);
    if (extra.length) throw new UsageError(`Unexpected argument “${extra[0]}”.`);
    const asOf = v['as-of'];
    if (asOf !== undefined && (typeof asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf)))) throw new UsageError('--as-of takes a date like 2026-11-15.');
    return withService(ctx, async (service) => {
      await ensureSynced(ctx, service);
      const d = await invoke<Dashboard>(service, 'dashboards:get', { role, ...(asOf ? { asOf } : {}) });
      if (v.json) {
        ctx.out(JSON.stringify(d, null, 2));
        return EXIT.ok;
      }
      ctx.out(`${role.toUpperCase()} dashboard at ${d.asOf}${d.demo ? ' — DEMO DATA' : ''} · amounts in ${d.currency} · last synced ${d.lastSyncedAt ?? 'never'}`);
      for (const w of d.widgets) {
        ctx.out('');
        for (const l of renderWidget(w, d.currency)) ctx.out(l);
      }
      return EXIT.ok;
    });
  },
};
