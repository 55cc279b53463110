/**
 * Band splitting: cuts only through blank rows, merged TSV gives page-fraction boxes and distinct lines, and
 * a real two-worker OCR of a drawn invoice reads the same words, in the same places, as one worker.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { PageText, Word } from '../types';
import { cropBand, mergeBandTsv, splitIntoBands, trimBand } from './bands';
import { type Ocr, createOcr, wordsFromTsv } from './index';
import type { Gray } from './preprocess';
import { invoicePage, toPng } from './test-images';

/** White raster with solid black "text lines" at the given [top, bottom) rows. */
function linesRaster(width: number, height: number, lines: [number, number][]): Gray {
  const data = new Uint8Array(width * height).fill(255);
  for (const [a, b] of lines) for (let y = a; y < b; y += 1) data.fill(0, y * width + 20, y * width + width - 20);
  return { width, height, data };
}

function inkRows(g: Gray): Set<number> {
  const rows = new Set<number>();
  for (let y = 0; y < g.height; y += 1) if (g.data.subarray(y * g.width, (y + 1) * g.width).some((v) => v < 255)) rows.add(y);
  return rows;
}

describe('splitIntoBands', () => {
  it('cuts in the middle of a blank gap near the middle, never through a line', () => {
    // lines 30 px tall every 50 px (20 px gaps), from y = 40 to the bottom
    const lines: [number, number][] = [];
    for (let y = 40; y + 30 < 1000; y += 50) lines.push([y, y + 30]);
    const g = linesRaster(400, 1000, lines);
    const bands = splitIntoBands(g, 2);
    expect(bands).toHaveLength(2);
    expect(bands[0]?.y0).toBe(0);
    expect(bands[1]?.y1).toBe(1000);
    expect(bands[0]?.y1).toBe(bands[1]?.y0);
    const cut = bands[0]?.y1 ?? 0;
    expect(Math.abs(cut - 500)).toBeLessThan(60);
    expect(inkRows(g).has(cut)).toBe(false);
    expect(inkRows(g).has(cut - 1)).toBe(false);
    // the cut sits mid-gap: ink is as far above as below (±1 px)
    let up = cut;
    while (!inkRows(g).has(up)) up -= 1;
    let down = cut;
    while (!inkRows(g).has(down)) down += 1;
    expect(Math.abs(cut - up - (down - cut))).toBeLessThanOrEqual(1);
  });

  it('prefers a wide gap between paragraphs over a narrow one that is a little nearer the middle', () => {
    // narrow 3 px gaps everywhere, one 16 px gap at 560..576
    const lines: [number, number][] = [];
    for (let y = 20; y < 980; y += 23) if (y + 20 <= 560 || y >= 576) lines.push([y, y + 20]);
    const g = linesRaster(300, 1000, lines);
    const cut = splitIntoBands(g, 2)[0]?.y1 ?? 0;
    expect(cut).toBeGreaterThanOrEqual(560);
    expect(cut).toBeLessThan(576);
  });

  it('does not cut small images, solid ink, or with one part', () => {
    expect(splitIntoBands(linesRaster(400, 500, [[100, 120], [300, 320]]), 2)).toEqual([{ x0: 0, x1: 400, y0: 0, y1: 500 }]);
    expect(splitIntoBands(linesRaster(400, 1200, [[100, 1100]]), 2)).toEqual([{ x0: 0, x1: 400, y0: 0, y1: 1200 }]);
    expect(splitIntoBands(linesRaster(400, 1200, [[100, 120], [600, 620]]), 1)).toEqual([{ x0: 0, x1: 400, y0: 0, y1: 1200 }]);
  });

  it('ignores rows with a few ink pixels (table rules) but not real text rows', () => {
    const g = linesRaster(1000, 1000, [
      [100, 480],
      [520, 900],
    ]);
    // two vertical rules through the whole page, 1 px each
    for (let y = 0; y < 1000; y += 1) {
      g.data[y * 1000 + 5] = 0;
      g.data[y * 1000 + 995] = 0;
    }
    const cut = splitIntoBands(g, 2)[0]?.y1 ?? 0;
    expect(cut).toBeGreaterThanOrEqual(480);
    expect(cut).toBeLessThan(520);
  });

  it('trims a band to its ink plus a margin, and crops it (a view when it spans whole rows)', () => {
    const g = linesRaster(400, 300, [[100, 120]]);
    g.data[250 * 400 + 300] = 0;
    expect(trimBand(g, { x0: 0, x1: 400, y0: 0, y1: 300 }, 10)).toEqual({ x0: 10, x1: 390, y0: 90, y1: 261 });
    expect(trimBand(g, { x0: 0, x1: 400, y0: 0, y1: 200 }, 10)).toEqual({ x0: 10, x1: 390, y0: 90, y1: 130 });
    // no ink: unchanged
    expect(trimBand(g, { x0: 0, x1: 400, y0: 0, y1: 90 }, 10)).toEqual({ x0: 0, x1: 400, y0: 0, y1: 90 });
    const c = cropBand(g, { x0: 15, x1: 25, y0: 99, y1: 102 });
    expect([c.width, c.height]).toEqual([10, 3]);
    const white = (n: number): number[] => new Array<number>(n).fill(255);
    const ink = (n: number): number[] => new Array<number>(n).fill(0);
    expect(Array.from(c.data)).toEqual([...white(10), ...white(5), ...ink(5), ...white(5), ...ink(5)]);
    const rows = cropBand(g, { x0: 0, x1: 400, y0: 100, y1: 104 });
    expect(rows.height).toBe(4);
    expect(rows.data.buffer).toBe(g.data.buffer);
    expect(rows.data[20]).toBe(0);
  });
});

describe('mergeBandTsv', () => {
  const header = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';
  const row = (block: number, line: number, word: number, left: number, top: number, w: number, h: number, text: string): string =>
    `5\t1\t${block}\t1\t${line}\t${word}\t${left}\t${top}\t${w}\t${h}\t90\t${text}`;

  it('shifts boxes by the band top and keeps lines of different bands apart', () => {
    // a 200×400 page read as two bands of 200 rows; both bands number their first line block 1, line 1
    const top = [header, '4\t1\t1\t1\t1\t0\t10\t10\t100\t20\t-1\t', row(1, 1, 1, 10, 10, 40, 20, 'Invoice'), row(1, 1, 2, 60, 10, 40, 20, 'No')].join('\n');
    const bottom = [header, row(1, 1, 1, 20, 50, 60, 20, 'Total'), row(1, 2, 1, 20, 100, 60, 20, '12.50')].join('\n');
    const words = wordsFromTsv(mergeBandTsv([{ tsv: top, x0: 0, y0: 0 }, { tsv: bottom, x0: 10, y0: 200 }]), 200, 400, 0);
    expect(words.map((w) => w.text)).toEqual(['Invoice', 'No', 'Total', '12.50']);
    expect(words[0]?.box).toEqual({ x: 0.05, y: 0.025, w: 0.2, h: 0.05 });
    expect(words[2]?.box).toEqual({ x: 0.15, y: 0.625, w: 0.3, h: 0.05 });
    expect(words[3]?.box.y).toBeCloseTo(0.75, 10);
    expect(words[0]?.line).toBe(words[1]?.line);
    expect(new Set(words.map((w) => w.line)).size).toBe(3);
    expect(words[2]?.line).toBeGreaterThan(words[1]?.line ?? 0);
  });

  it('skips the header and malformed rows', () => {
    const merged = mergeBandTsv([{ tsv: `${header}\nnot a row\n${row(2, 1, 1, 1, 2, 3, 4, 'x')}`, x0: 5, y0: 7 }]);
    expect(merged.split('\n')).toEqual([row(2, 1, 1, 6, 9, 3, 4, 'x')]);
  });
});

describe('createOcr with two workers reads one page in two bands', () => {
  let two: Ocr | undefined;
  let one: Ocr | undefined;
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });

  it('finds the same words in the same places as one worker', async () => {
    two = createOcr({ workers: 2, langs: 'eng' });
    one = createOcr({ workers: 1, langs: 'eng' });
    const { canvas } = invoicePage(150, 0, 0);
    const png = toPng(canvas);
    const opts = () => ({ langs: 'eng', pageTimeoutMs: 60_000, warnings: [] as string[] });
    const [a] = (await two.ocr({ kind: 'image', bytes: png, mime: 'image/png' }, opts())) as PageText[];
    const [b] = (await one.ocr({ kind: 'image', bytes: png, mime: 'image/png' }, opts())) as PageText[];
    expect(two.stats().spawned).toBe(2);
    expect(a && b).toBeTruthy();
    if (!a || !b) return;
    const texts = (p: PageText) => p.words.map((w) => w.text).sort();
    expect(texts(a)).toEqual(texts(b));
    // words from both halves of the page, with boxes (page fractions) and lines matching the one-worker read
    expect(a.words.some((w) => w.box.y < 0.3)).toBe(true);
    expect(a.words.some((w) => w.box.y > 0.7)).toBe(true);
    // each one-worker word has its twin (same text, box within 1 % of the page) in the two-worker read
    const twin = new Map<Word, Word>();
    for (const v of b.words) {
      const w = a.words.find((x) => x.text === v.text && Math.abs(x.box.x - v.box.x) < 0.01 && Math.abs(x.box.y - v.box.y) < 0.01 && Math.abs(x.box.h - v.box.h) < 0.01);
      expect(w, v.text).toBeDefined();
      if (w) twin.set(v, w);
    }
    // two words share a line with two workers exactly when they do with one
    for (const v of b.words) {
      for (const u of b.words) expect(twin.get(v)?.line === twin.get(u)?.line, `${v.text} / ${u.text}`).toBe(v.line === u.line);
    }
  }, 180_000);
});
