import type { Column, FigureFormat, Row, Widget } from '../../contract';
import { AppError } from '../../shared/errors';

/** Excel number format for a figure; money carries its currency code so the sheet stays unambiguous. */
export function excelFormat(format: FigureFormat, currency?: string): string | undefined {
  switch (format) {
    case 'money':
      return currency ? `#,##0.00 "${currency.replace(/"/g, '')}";-#,##0.00 "${currency.replace(/"/g, '')}"` : '#,##0.00';
    case 'number':
      return '#,##0.##';
    case 'days':
      return '#,##0 "days"';
    case 'percent':
      return '0.0%';
    case 'date':
      return 'yyyy-mm-dd';
    default:
      return undefined;
  }
}

/** The rows an export holds: the widget's table, else its chart data, else its KPIs. */
export function exportRows(w: Widget, currency: string): { columns: Column[]; rows: Row[] } {
  if (w.table) return { columns: w.table.columns, rows: w.table.rows };
  if (w.chart) {
    const c = w.chart;
    return {
      columns: [
        { key: c.dataKey, label: c.dataKey.charAt(0).toUpperCase() + c.dataKey.slice(1), format: 'text' },
        ...c.series.map((s) => ({ key: s.name, label: s.label, format: c.valueFormat, ...(c.valueFormat === 'money' ? { currency: c.currency ?? currency } : {}) })),
      ],
      rows: c.data,
    };
  }
  if (w.kpis) {
    return {
      columns: [
        { key: 'label', label: 'Figure', format: 'text' },
        { key: 'value', label: 'Value', format: 'number' },
        { key: 'unit', label: 'Unit', format: 'text' },
      ],
      rows: w.kpis.map((k) => ({ label: k.label, value: k.format === 'percent' && k.value !== null ? k.value / 100 : k.value, unit: k.format === 'money' ? (k.currency ?? currency) : k.format })),
    };
  }
  return { columns: [], rows: [] };
}

const toDate = (v: unknown): Date | null => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? new Date(`${v.slice(0, 10)}T00:00:00Z`) : null);

/**
 * An .xlsx of one widget: a header row (bold, frozen, with an autofilter), one row per table row, real numbers
 * and dates with their formats (money with its currency, per row when the column says so), and a title sheet
 * row with the as-of date.
 */
export async function widgetWorkbook(w: Widget, o: { currency: string; asOf: string; company?: string }): Promise<{ buffer: Buffer; rows: number }> {
  if (w.status !== 'ok' && w.status !== 'empty') throw new AppError('contract/invalid-input', `“${w.title}” has nothing to export: ${w.message ?? w.status}`);
  const { columns, rows } = exportRows(w, o.currency);
  // loaded on first export: exceljs is large and every host and CLI command starts the service
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Smart Odoo';
  wb.created = new Date(`${o.asOf}T00:00:00Z`);
  const ws = wb.addWorksheet(w.title.replace(/[*?:\\/[\]]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.label, key: c.key, width: Math.min(48, Math.max(12, c.label.length + 4)) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const values = columns.map((c) => {
      const v = r[c.key];
      if (c.format === 'date') return toDate(v) ?? v ?? null;
      if (c.format === 'percent' && typeof v === 'number' && w.table) return v / 100;
      return v ?? null;
    });
    const row = ws.addRow(values);
    columns.forEach((c, i) => {
      const cur = c.currencyField ? String(r[c.currencyField] ?? o.currency) : (c.currency ?? o.currency);
      const fmt = excelFormat(c.format, cur);
      if (fmt) row.getCell(i + 1).numFmt = fmt;
    });
  }
  // widen text columns to their content (capped)
  columns.forEach((c, i) => {
    if (c.format !== 'text') return;
    const longest = rows.reduce((m, r) => Math.max(m, String(r[c.key] ?? '').length), c.label.length);
    ws.getColumn(i + 1).width = Math.min(60, Math.max(12, longest + 2));
  });
  if (columns.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: columns.length } };
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, rows: rows.length };
}

export const exportFileName = (role: string, widgetId: string, asOf: string): string => `smart-odoo-${role}-${widgetId}-${asOf}.xlsx`;
