import type { Chart, Kpi, Table } from '../../contract';
import type { DashboardContext, DrillSpec } from './context';

/** What a widget's compute returns: its figures, or 'empty' with a sentence saying why there are none. */
export type WidgetBody = { status?: 'ok' | 'empty'; message?: string; kpis?: Kpi[]; chart?: Chart; table?: Table };

/** One dashboard widget: what it reads, how it computes its figures, and the records behind each figure. */
export type WidgetDef = {
  id: string;
  title: string;
  /** the formula in words, shown as the widget's help */
  help: string;
  /** cache models it reads; no access or nothing cached → the widget says so instead of computing */
  models: readonly string[];
  compute(ctx: DashboardContext): WidgetBody;
  /** the records behind the figure with this key (a KPI key, a chart slice or a table row's drill key) */
  drill(ctx: DashboardContext, key: string, limit: number): DrillSpec;
};

export const kpi = (k: Omit<Kpi, 'tone' | 'drill'> & Partial<Pick<Kpi, 'tone' | 'drill'>>): Kpi => ({ tone: 'default', drill: true, ...k });
