import type { Cell, Column, FigureFormat } from '../../../../core/contract';

/** A figure formatted for the user's locale: money with its currency, days, percentages, dates. */
export function formatFigure(v: Cell | undefined, format: FigureFormat, locale: string, currency?: string, opts: { compact?: boolean } = {}): string {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') {
    if (format === 'date' && /^\d{4}-\d{2}-\d{2}/.test(v)) {
      const d = new Date(`${v.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? v : d.toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    }
    return v;
  }
  const compact = opts.compact && Math.abs(v) >= 1000;
  try {
    switch (format) {
      case 'money':
        return new Intl.NumberFormat(locale, {
          style: currency ? 'currency' : 'decimal',
          ...(currency ? { currency } : {}),
          ...(compact ? { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
        }).format(v);
      case 'percent':
        return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v / 100);
      case 'days':
        return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v)} ${Math.abs(v) === 1 ? 'day' : 'days'}`;
      default:
        return new Intl.NumberFormat(locale, compact ? { notation: 'compact', maximumFractionDigits: 1 } : { maximumFractionDigits: 2 }).format(v);
    }
  } catch {
    // an unknown currency code: the number and the code
    return `${v.toFixed(2)} ${currency ?? ''}`.trim();
  }
}

/** The currency of a money cell: the column's, or the one the row names. */
export const cellCurrency = (c: Column, row: Record<string, Cell>, fallback: string): string | undefined =>
  c.format !== 'money' ? undefined : c.currencyField ? String(row[c.currencyField] ?? fallback) : (c.currency ?? fallback);

/** Saves base64 content as a file (works in Electron and in the browser). */
export function downloadBase64(fileName: string, contentBase64: string, mime: string): void {
  const bytes = Uint8Array.from(atob(contentBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
