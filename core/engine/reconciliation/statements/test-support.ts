import { readFileSync } from 'node:fs';
import { isAppError } from '../../../shared/errors';

/** Test helpers shared by the parser tests: project-owned fixtures and the AppError a parser throws. */
const FIX = new URL('../../../../test/fixtures/statements/', import.meta.url);
export const fixture = (p: string): Buffer => readFileSync(new URL(p, FIX));
export const text = (p: string): string => fixture(p).toString('utf8');

export function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an AppError');
}
