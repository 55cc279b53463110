/**
 * Bank statement import: bytes in, normalised statements out. Pure (no DB, no network).
 * Malformed files throw `statements/invalid` naming the line or element; unknown files throw
 * `statements/unknown-format`; balance mismatches are warnings, because banks do send such files.
 */
import { AppError } from '../../../shared/errors';
import { parseCamt } from './camt';
import { parseCsv } from './csv';
import { detectFormat, detectFromText } from './detect';
import { parseMt940 } from './mt940';
import { parseOfx } from './ofx';
import { parseQif } from './qif';
import type { DraftStatement, ParseInput, ParsedStatementFile, StatementFormat } from './types';
import { decodeText, finalizeStatements } from './util';
import { isZip, readZip } from './zip';
import type { ZipEntry } from './zip';

export type * from './types';
export type { CsvMappingSuggestion } from './csv';
export { suggestCsvMapping } from './csv';
export { detectFormat } from './detect';
export type { Detection } from './detect';

function toBytes(b: Buffer | Uint8Array): Uint8Array {
  return b instanceof Uint8Array ? b : new Uint8Array(b);
}

export function parseStatement(input: ParseInput): ParsedStatementFile {
  const bytes = toBytes(input.bytes);
  if (isZip(bytes) && input.format !== 'xlsx') {
    const entries = readZip(bytes);
    if (!entries.some((e) => e.name === 'xl/workbook.xml')) return parseArchive(entries, input);
  }
  return parseOne(bytes, input);
}

/** Banks zip a day's CAMT files together: every statement file in the archive is read, in name order. */
function parseArchive(entries: ZipEntry[], input: ParseInput): ParsedStatementFile {
  const files = entries.filter((e) => !e.name.endsWith('/') && !e.name.startsWith('__MACOSX')).sort((a, b) => a.name.localeCompare(b.name));
  const warnings: string[] = [];
  const drafts: DraftStatement[] = [];
  let format: StatementFormat | undefined;
  for (const e of files) {
    const data = e.read();
    const { text } = decodeText(data);
    const f = detectFromText(text, e.name);
    if (!f || f === 'csv') {
      warnings.push(`${e.name}: not a bank statement, skipped`);
      continue;
    }
    if (format && f !== format) throw new AppError('statements/invalid', `ZIP archive mixes ${format} and ${f} files (${e.name})`);
    format = f;
    try {
      const part = parseDrafts(f, data, text, { ...input, fileName: e.name }, warnings);
      drafts.push(...part);
    } catch (err) {
      // Name the archive member: "line 14" means nothing without knowing which file.
      if (err instanceof AppError) throw new AppError(err.code, `${e.name}: ${err.message}`, err.details);
      throw err;
    }
  }
  if (!format) throw new AppError('statements/unknown-format', `${input.fileName ?? 'ZIP archive'}: no bank statement among ${files.length} file(s) in the archive`);
  return { format, statements: finalizeStatements(drafts, warnings), warnings };
}

function parseOne(bytes: Uint8Array, input: ParseInput): ParsedStatementFile {
  const warnings: string[] = [];
  let format: StatementFormat;
  let text: string | undefined;
  if (input.format) {
    format = input.format;
  } else {
    try {
      const d = detectFormat(bytes, input.fileName);
      format = d.format;
      text = d.text;
    } catch (e) {
      // A caller that supplies a column mapping has already said "this is a table"; let the CSV reader
      // report what is wrong with it rather than "unknown format".
      if (!(input.csvMapping && e instanceof AppError && e.code === 'statements/unknown-format')) throw e;
      format = 'csv';
    }
  }
  const drafts = parseDrafts(format, bytes, text, input, warnings);
  return { format, statements: finalizeStatements(drafts, warnings), warnings };
}

function parseDrafts(format: StatementFormat, bytes: Uint8Array, text: string | undefined, input: ParseInput, warnings: string[]): DraftStatement[] {
  const getText = (): string => text ?? decodeText(bytes, input.csvMapping?.encoding).text;
  let drafts: DraftStatement[];
  switch (format) {
    case 'camt':
      drafts = parseCamt(getText(), warnings);
      break;
    case 'ofx':
      drafts = parseOfx(getText(), warnings, input.defaultCurrency);
      break;
    case 'mt940':
      drafts = parseMt940(getText(), warnings, input.defaultCurrency);
      break;
    case 'qif':
      drafts = parseQif(getText(), warnings, { ...input.qif, ...(input.defaultCurrency ? { defaultCurrency: input.defaultCurrency } : {}) });
      break;
    case 'csv':
    case 'xlsx': {
      if (!input.csvMapping) {
        throw new AppError('statements/mapping-required', `${format.toUpperCase()} files need a column mapping: call suggestCsvMapping() and let the user confirm it`);
      }
      drafts = parseCsv(bytes, input.csvMapping, warnings, {
        isXlsx: format === 'xlsx',
        ...(input.defaultCurrency ? { defaultCurrency: input.defaultCurrency } : {}),
      });
      break;
    }
    default: {
      const never: never = format;
      throw new AppError('statements/unknown-format', `unsupported format ${String(never)}`);
    }
  }
  return drafts;
}
