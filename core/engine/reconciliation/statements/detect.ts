/**
 * Format detection from content first (a `.txt` may be MT940, a `.xml` may be OFX 2), the file name
 * only to break ties between CSV and plain text.
 */
import { AppError } from '../../../shared/errors';
import { looksLikeCamt } from './camt';
import { sniffDelimiter } from './csv';
import { looksLikeMt940 } from './mt940';
import { looksLikeOfx } from './ofx';
import { looksLikeQif } from './qif';
import type { StatementFormat } from './types';
import { decodeText } from './util';
import { isZip, readZip } from './zip';

export type Detection = { format: StatementFormat; text?: string; encoding?: string; zipEntry?: string };

function extension(fileName: string | undefined): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(fileName ?? '');
  return m ? m[1]!.toLowerCase() : '';
}

export function detectFromText(text: string, fileName?: string): StatementFormat | undefined {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<') || head.startsWith('OFXHEADER') || /^\s*<\?xml/.test(head)) {
    if (looksLikeCamt(head)) return 'camt';
    if (looksLikeOfx(head)) return 'ofx';
    return undefined;
  }
  if (looksLikeOfx(head)) return 'ofx';
  if (looksLikeQif(head)) return 'qif';
  if (looksLikeMt940(head)) return 'mt940';
  const ext = extension(fileName);
  const sniff = sniffDelimiter(head);
  if (sniff.columns >= 2 && (sniff.share >= 0.6 || ext === 'csv' || ext === 'tsv')) return 'csv';
  return undefined;
}

/** Detects the format of a bank file. Throws `statements/unknown-format` when nothing fits. */
export function detectFormat(bytes: Uint8Array, fileName?: string): Detection {
  if (isZip(bytes)) {
    const entries = readZip(bytes);
    if (entries.some((e) => e.name === 'xl/workbook.xml')) return { format: 'xlsx' };
    const files = entries.filter((e) => !e.name.endsWith('/') && !e.name.startsWith('__MACOSX'));
    for (const e of files) {
      const { text, encoding } = decodeText(e.read());
      const f = detectFromText(text, e.name);
      if (f && f !== 'csv') return { format: f, text, encoding, zipEntry: e.name };
    }
    throw new AppError('statements/unknown-format', `${fileName ?? 'ZIP archive'}: no bank statement found among ${files.length} file(s) in the archive`);
  }
  if (bytes.length === 0) throw new AppError('statements/unknown-format', `${fileName ?? 'file'}: the file is empty`);
  const { text, encoding } = decodeText(bytes);
  const format = detectFromText(text, fileName);
  if (!format) {
    const head = text.trimStart();
    const what = head.startsWith('<') ? 'an XML/markup file that is neither CAMT nor OFX' : 'not a CAMT, OFX, MT940, QIF, CSV or XLSX bank file';
    throw new AppError('statements/unknown-format', `${fileName ?? 'file'}: ${what}`);
  }
  return { format, text, encoding };
}
