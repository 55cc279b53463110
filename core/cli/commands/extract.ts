import { readFile, stat } from 'node:fs/promises';
import type { ExtractJson } from '../../contract';
import { EXTRACT_LIMITS } from '../../engine/extraction/types';
import { EXIT, UsageError, type CliCommand } from '../command';
import { withService } from '../service-runner';

const LANGS_RE = /^[a-z_]{3,8}(\+[a-z_]{3,8})*$/;

const money = (v: number | null, cur: string | null) => (v === null ? '—' : `${v.toFixed(2)}${cur ? ` ${cur}` : ''}`);

/** The readable summary of one file. */
export function formatExtract(j: ExtractJson): string {
  if (j.status === 'error') return `${j.file}: ERROR ${j.error?.code ?? ''} ${j.error?.message ?? ''}`.trim();
  if (j.status === 'not-invoice') return `${j.file}: not an invoice${j.warnings.length ? ` (${j.warnings.join(' ')})` : ''}`;
  const conf = (k: string) => (j.confidence[k] !== undefined ? ` (${Math.round(j.confidence[k]! * 100)}%)` : '');
  const rows: Array<[string, string]> = [
    ['type', `${j.documentType ?? '—'}${j.method ? ` · read from ${j.method}` : ''}${j.pageCount ? ` · ${j.pageCount} page(s)` : ''}`],
    ['vendor', `${j.vendor.name ?? '—'}${conf('vendorName')}${j.vendor.partnerId !== null ? ` → partner ${j.vendor.partnerId}` : ''}`],
    ['VAT / IBAN', `${j.vendor.vat ?? '—'} / ${j.vendor.iban ?? '—'}`],
    ['e-mail', j.vendor.email ?? '—'],
    ['number', `${j.invoiceNumber ?? '—'}${conf('invoiceNumber')}`],
    ['date / due', `${j.invoiceDate ?? '—'}${conf('invoiceDate')} / ${j.dueDate ?? '—'}`],
    ['net / tax', `${money(j.amountUntaxed, j.currency)} / ${money(j.amountTax, j.currency)}`],
    ['total', `${money(j.amountTotal, j.currency)}${conf('amountTotal')}`],
    ['due', money(j.amountDue, j.currency)],
    ['PO', j.poNumber ?? '—'],
    ['lines', String(j.lines.length)],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return [`${j.file}`, ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`), ...j.warnings.map((x) => `  ! ${x}`)].join('\n');
}

export const extractCommand: CliCommand = {
  name: 'extract',
  summary: 'Read invoices (PDF, PNG, JPG, TIFF, UBL/CII XML) offline: vendor, number, dates, amounts, lines.',
  help: `Usage: smart-odoo extract FILE... [--json] [--lang eng+deu+fra]

Extracts each file with the offline pipeline: e-invoice XML (Factur-X, ZUGFeRD, XRechnung, UBL, CII) read
exactly, else the PDF text layer, else OCR (tesseract, language data bundled, nothing downloaded). With an
Anthropic key configured, Claude refines the result; without one it is never tried. The vendor is matched
against the partners in the local cache (run \`smart-odoo sync\` first) and learned vendor templates apply.
Files are processed in parallel by a bounded pool of worker threads. Nothing is stored.

Options:
  --json          one JSON array, one object per file, in the order given:
                    {"file", "status": "ok"|"not-invoice"|"error", "documentType": "invoice"|"credit-note",
                     "vendor": {"name", "vat", "iban", "email", "partnerId"}, "invoiceNumber", "invoiceDate",
                     "dueDate", "currency", "amountUntaxed", "amountTax", "amountTotal", "amountDue",
                     "poNumber", "lines": [{"description", "quantity", "unitPrice", "amount", "taxRate"}],
                     "confidence": {"<field>": 0..1}, "warnings": [...], "method", "pageCount",
                     "error": {"code", "message"} (status error only)}
                  dates ISO (YYYY-MM-DD), currency ISO 4217, amounts JSON numbers, VAT and IBAN without
                  spaces, null when not found
  --lang LANGS    OCR languages for scans, joined by + (default eng+deu+fra)

A file that cannot be read (missing, corrupt, encrypted, too large, not a document) gets status "error"
and the others go on. Exit code 1 when any file failed, 0 otherwise.

Examples:
  smart-odoo extract invoice.pdf
  smart-odoo extract scans/*.png --lang eng+fra --json > out.json`,
  options: { json: { type: 'boolean' }, lang: { type: 'string' } },
  allowPositionals: true,
  async run(ctx, v, files) {
    if (files.length === 0) throw new UsageError('extract needs at least one FILE.');
    const langs = typeof v.lang === 'string' ? v.lang.trim() : undefined;
    if (langs !== undefined && !LANGS_RE.test(langs)) throw new UsageError(`--lang “${langs}” is not a language list such as eng+deu+fra.`);
    const inputs = await Promise.all(
      files.map(async (file) => {
        try {
          const s = await stat(file);
          if (!s.isFile()) return { file, bytes: null, error: { code: 'contract/invalid-input', message: `${file} is not a file.` } };
          if (s.size > EXTRACT_LIMITS.maxBytes) {
            return { file, bytes: null, error: { code: 'extract/too-large', message: `${file} is ${(s.size / 1024 / 1024).toFixed(1)} MB; files over ${EXTRACT_LIMITS.maxBytes / 1024 / 1024} MB are refused.` } };
          }
          return { file, bytes: new Uint8Array(await readFile(file)) };
        } catch (e) {
          return { file, bytes: null, error: { code: 'app/not-found', message: `${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e)}.` } };
        }
      }),
    );
    const results = await withService(ctx, async (service) => {
      const part = service.documents;
      if (!part) throw new Error('The local database is not available; run `smart-odoo doctor`.');
      return part.extractFiles(inputs, { ...(langs ? { langs } : {}), signal: ctx.signal });
    });
    if (v.json) ctx.out(JSON.stringify(results, null, 2));
    else ctx.out(results.map(formatExtract).join('\n\n'));
    const failed = results.filter((r) => r.status === 'error').length;
    if (failed > 0) ctx.err(`${failed} of ${results.length} file(s) could not be read.`);
    return failed > 0 ? EXIT.failure : EXIT.ok;
  },
};
