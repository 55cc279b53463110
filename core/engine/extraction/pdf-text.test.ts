import { afterEach, describe, expect, it } from 'vitest';
import { extractTestPdf } from '../../../test/helpers/extract-pdf';
import { isAppError } from '../../shared/errors';
import { openPdf } from './pdf-text';

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown): void => void unhandled.push(e);

afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  unhandled.length = 0;
});

describe('openPdf', () => {
  it('an already cancelled signal refuses with app/cancelled and leaves no unhandled rejection behind', async () => {
    process.on('unhandledRejection', onUnhandled);
    const bytes = extractTestPdf({ pages: [{ items: [{ x: 50, y: 50, text: 'Invoice 42' }] }] });
    const ac = new AbortController();
    ac.abort();
    const err = await openPdf(bytes, { signal: ac.signal }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(err) && err.code).toBe('app/cancelled');
    // pdf.js rejects its destroyed loading task a few ticks later
    await new Promise((r) => setTimeout(r, 200));
    expect(unhandled.map((e) => (e instanceof Error ? e.message : String(e)))).toEqual([]);
  });

  it('opens a PDF and counts its pages', async () => {
    const bytes = extractTestPdf({ pages: [{ items: [{ x: 50, y: 50, text: 'one' }] }, { items: [{ x: 50, y: 50, text: 'two' }] }] });
    const h = await openPdf(bytes);
    expect(h.pageCount).toBe(2);
    await h.close();
  });
});
