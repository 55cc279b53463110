import type { WebContents } from 'electron';
import { calls, type CallName } from '../../core/contract';
import { fail, ok, type Result } from '../../core/shared/result';

/** Calls the main process answers itself instead of forwarding to the core: they need the window. */
export const MAIN_CALLS = new Set<CallName>(['dashboards:pdf']);

/**
 * `dashboards:pdf`: the window's page as an A4 landscape PDF (Chromium applies the page's print CSS, which
 * keeps only the dashboard). Returns the bytes as base64 for the renderer to save.
 */
export async function printDashboardPdf(target: Pick<WebContents, 'printToPDF'> | null, input: unknown, now: Date = new Date()): Promise<Result<unknown>> {
  const parsed = calls['dashboards:pdf'].input.safeParse(input);
  if (!parsed.success) return fail({ code: 'contract/invalid-input', message: 'Say which dashboard to print.' });
  if (!target) return fail({ code: 'app/not-found', message: 'There is no window to print.' });
  try {
    const pdf = await target.printToPDF({ landscape: true, printBackground: true, pageSize: 'A4', margins: { marginType: 'default' } });
    return ok({ fileName: `smart-odoo-${parsed.data.role}-dashboard-${now.toISOString().slice(0, 10)}.pdf`, contentBase64: Buffer.from(pdf).toString('base64') });
  } catch (e) {
    return fail({ code: 'app/internal', message: `The PDF could not be made: ${e instanceof Error ? e.message : String(e)}` });
  }
}
