import { describe, expect, test } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { A4, writePdf } from '../helpers/pdf-writer';

type Item = { str: string; transform: number[] };

describe('test pdf-writer', () => {
  test('pdf.js reads back the text with its positions on every page', async () => {
    const bytes = writePdf(
      [
        { texts: [{ x: 50, y: 60, text: 'Acme (Europe) GmbH \\ Rechnung 12,50 €', size: 16, bold: true }, { x: 300, y: 100, text: 'Invoice no: INV-1' }], lines: [{ x1: 50, y1: 110, x2: 545, y2: 110 }] },
        { width: 300, height: 400, texts: [{ x: 20, y: 30, text: 'Page two' }] },
      ],
      { title: 'T (1)' },
    );
    const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    expect(doc.numPages).toBe(2);
    const one = (await (await doc.getPage(1)).getTextContent()).items.filter((i): i is Item & typeof i => 'str' in i && i.str !== '');
    expect(one.map((i) => i.str)).toEqual(['Acme (Europe) GmbH \\ Rechnung 12,50 €', 'Invoice no: INV-1']);
    expect(one[1]!.transform[4]).toBeCloseTo(300, 1);
    expect(one[1]!.transform[5]).toBeCloseTo(A4.height - 100, 1);
    const p2 = await doc.getPage(2);
    expect(p2.getViewport({ scale: 1 }).height).toBe(400);
    expect((await p2.getTextContent()).items.map((i) => ('str' in i ? i.str : ''))).toContain('Page two');
    expect((await doc.getMetadata()).info).toMatchObject({ Title: 'T (1)' });
    await doc.destroy();
  });

  test('every xref offset points at its object', () => {
    const text = writePdf([{ texts: [{ x: 1, y: 1, text: 'x' }] }]).toString('latin1');
    const startxref = Number(/startxref\n(\d+)/.exec(text)![1]);
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets.length).toBeGreaterThanOrEqual(6);
    offsets.forEach((o, i) => expect(text.slice(o, o + 12)).toMatch(new RegExp(`^${i + 1} 0 obj\\n`)));
  });
});
