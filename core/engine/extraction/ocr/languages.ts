/**
 * Tesseract language data, only from the installed npm packages `@tesseract.js-data/<code>` (never fetched).
 * We use the `4.0.0_best_int` variant: LSTM-only, integer-quantised "best" models (eng 2.9 MB gzipped),
 * which is what OEM.LSTM_ONLY needs and loads faster than the legacy+LSTM `4.0.0` files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { AppError } from '../../../shared/errors';

/** Language packages the app depends on (package.json); others are picked up if installed. */
export const BUNDLED_LANGS = ['eng', 'deu', 'fra'] as const;
export const DATA_VARIANT = '4.0.0_best_int';

const require = createRequire(import.meta.url);
const dirCache = new Map<string, string | null>();

/** The folder holding `<code>.traineddata.gz` for a language, or null when its package is not installed. */
export function langDir(code: string): string | null {
  if (!/^[a-z]{3}(_[a-z]+)?$/.test(code)) return null;
  const hit = dirCache.get(code);
  if (hit !== undefined) return hit;
  let dir: string | null = null;
  try {
    const root = dirname(require.resolve(`@tesseract.js-data/${code}/package.json`));
    const d = join(root, DATA_VARIANT);
    dir = existsSync(join(d, `${code}.traineddata.gz`)) ? d : null;
  } catch {
    dir = null;
  }
  dirCache.set(code, dir);
  return dir;
}

/** Installed languages among the bundled ones. */
export function availableLangs(): string[] {
  return BUNDLED_LANGS.filter((c) => langDir(c) !== null);
}

/**
 * Parses a Tesseract language string ('eng', 'eng+deu+fra') into codes, de-duplicated, order kept.
 * Throws extract/unsupported naming the available languages when one is not installed.
 */
export function parseLangs(langs: string): string[] {
  const codes = [
    ...new Set(
      langs
        .split('+')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  const available = availableLangs();
  if (codes.length === 0) {
    throw new AppError('extract/unsupported', `No OCR language given; available: ${available.join(', ')} (combine with +, e.g. eng+deu).`, { available });
  }
  const missing = codes.filter((c) => langDir(c) === null);
  if (missing.length > 0) {
    throw new AppError(
      'extract/unsupported',
      `OCR language${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} not available; available: ${available.join(', ')} (combine with +, e.g. eng+deu).`,
      { unknown: missing, available },
    );
  }
  return codes;
}

/** The gunzipped traineddata of an installed language (read from its package folder). */
export function readTrainedData(code: string): Uint8Array {
  const dir = langDir(code);
  if (!dir) throw new AppError('extract/unsupported', `OCR language '${code}' is not available.`);
  return new Uint8Array(gunzipSync(readFileSync(join(dir, `${code}.traineddata.gz`))));
}
