import { describe, expect, it } from 'vitest';
import { MAIN_CALLS, printDashboardPdf } from './print-pdf';

describe('dashboards:pdf in the main process', () => {
  it('prints the window as an A4 landscape PDF with backgrounds and names the file after the role and day', async () => {
    const seen: unknown[] = [];
    const target = {
      printToPDF: async (o: unknown) => {
        seen.push(o);
        return Buffer.from('%PDF-1.7 test');
      },
    };
    const r = await printDashboardPdf(target, { role: 'sales' }, new Date('2026-11-15T10:00:00Z'));
    expect(r).toEqual({ ok: true, value: { fileName: 'smart-odoo-sales-dashboard-2026-11-15.pdf', contentBase64: Buffer.from('%PDF-1.7 test').toString('base64') } });
    expect(seen).toEqual([{ landscape: true, printBackground: true, pageSize: 'A4', margins: { marginType: 'default' } }]);
    expect(MAIN_CALLS.has('dashboards:pdf')).toBe(true);
  });

  it('refuses bad input, a missing window, and reports a failed print plainly', async () => {
    const never = { printToPDF: async () => Promise.reject(new Error('render process gone')) };
    expect(await printDashboardPdf(never, { role: 'boss' })).toMatchObject({ ok: false, error: { code: 'contract/invalid-input' } });
    expect(await printDashboardPdf(null, { role: 'cfo' })).toMatchObject({ ok: false, error: { code: 'app/not-found' } });
    expect(await printDashboardPdf(never, { role: 'cfo' })).toMatchObject({ ok: false, error: { code: 'app/internal', message: expect.stringContaining('render process gone') } });
  });
});
