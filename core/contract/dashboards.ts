import { z } from 'zod';
import { call } from './define';
import { Role } from './settings';

/** How a figure is shown: money in a currency, a plain number, a number of days, a percentage (0–100), a date, text. */
export const FigureFormat = z.enum(['money', 'number', 'days', 'percent', 'date', 'text']);
export type FigureFormat = z.infer<typeof FigureFormat>;

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-15.');

/** A cell or chart value. */
export const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type Cell = z.infer<typeof Cell>;
export const Row = z.record(z.string(), Cell);
export type Row = z.infer<typeof Row>;

export const Kpi = z.object({
  /** also the drill key when `drill` is true */
  key: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  format: FigureFormat,
  currency: z.string().optional(),
  drill: z.boolean(),
  /** 'warning'/'danger' when the figure needs attention */
  tone: z.enum(['default', 'warning', 'danger']).default('default'),
  hint: z.string().optional(),
});
export type Kpi = z.infer<typeof Kpi>;

export const Column = z.object({
  key: z.string(),
  label: z.string(),
  format: FigureFormat,
  /** money columns: one currency for the column, or the row field that names each row's currency */
  currency: z.string().optional(),
  currencyField: z.string().optional(),
});
export type Column = z.infer<typeof Column>;

export const Chart = z.object({
  type: z.enum(['bar', 'line', 'area', 'funnel', 'donut']),
  /** the row field on the category axis (or the slice name for funnel and donut) */
  dataKey: z.string(),
  series: z.array(z.object({ name: z.string(), label: z.string() })),
  data: z.array(Row),
  valueFormat: FigureFormat,
  currency: z.string().optional(),
  /** the row field holding the drill key of each bar/slice */
  drillKeyField: z.string().optional(),
});
export type Chart = z.infer<typeof Chart>;

export const Table = z.object({
  columns: z.array(Column),
  rows: z.array(Row),
  drillKeyField: z.string().optional(),
  /** a boolean row field: rows where it is true are highlighted (e.g. below minimum) */
  highlightField: z.string().optional(),
  /** rows behind the table when it shows only the first ones */
  total: z.number().optional(),
});
export type Table = z.infer<typeof Table>;

export const WidgetStatus = z.enum(['ok', 'empty', 'no-access', 'no-rates', 'error']);
export type WidgetStatus = z.infer<typeof WidgetStatus>;

export const Widget = z.object({
  id: z.string(),
  title: z.string(),
  /** how the figures are computed (formulas in words) */
  help: z.string(),
  status: WidgetStatus,
  /** plain words for anything but 'ok', and notes such as "late deliveries cannot be told" */
  message: z.string().optional(),
  kpis: z.array(Kpi).optional(),
  chart: Chart.optional(),
  table: Table.optional(),
});
export type Widget = z.infer<typeof Widget>;

export const Dashboard = z.object({
  role: Role,
  asOf: z.string(),
  lastSyncedAt: z.string().nullable(),
  demo: z.boolean(),
  currency: z.string(),
  connectionUrl: z.string().nullable(),
  /** milliseconds the core spent computing it */
  ms: z.number(),
  widgets: z.array(Widget),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const DrillRow = z.record(z.string(), Cell).and(z.object({ id: z.number(), odooUrl: z.string().nullable() }));
export type DrillRow = z.infer<typeof DrillRow>;

export const Drill = z.object({
  title: z.string(),
  model: z.string(),
  columns: z.array(Column),
  rows: z.array(DrillRow),
  /** records behind the figure; rows holds at most `limit` of them */
  total: z.number(),
  /** why there is no "Open in Odoo" link, when there is none */
  linkNote: z.string().optional(),
});
export type Drill = z.infer<typeof Drill>;

const WidgetId = z.string().min(1).max(60).regex(/^[a-z0-9-]+$/, 'A widget id is lower-case letters, digits and dashes.');

export const dashboardsCalls = {
  'dashboards:get': call(
    'A role dashboard computed from the local cache: every widget with its figures, or why it has none.',
    z.object({ role: Role, asOf: IsoDay.optional() }).strict(),
    Dashboard,
  ),
  'dashboards:drill': call(
    'The records behind one figure of a dashboard, each with a link to it in Odoo.',
    z.object({ role: Role, widgetId: WidgetId, key: z.string().min(1).max(100), asOf: IsoDay.optional(), limit: z.number().int().min(1).max(5000).default(500) }).strict(),
    Drill,
  ),
  'dashboards:export': call(
    'One widget as an Excel workbook (real number and currency formats, frozen header, filter).',
    z.object({ role: Role, widgetId: WidgetId, asOf: IsoDay.optional() }).strict(),
    z.object({ fileName: z.string(), contentBase64: z.string(), rows: z.number() }),
  ),
  'dashboards:pdf': call(
    'Desktop app only: the dashboard on screen as an A4 landscape PDF (Electron printToPDF, answered by the main process).',
    z.object({ role: Role }).strict(),
    z.object({ fileName: z.string(), contentBase64: z.string() }),
  ),
} as const;
