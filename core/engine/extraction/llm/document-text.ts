import type { Box, PageText, SourceRegion, Word } from '../types';

/** Words of a page in reading order, grouped into lines (by vertical overlap), left to right. */
export function pageLines(page: PageText): Word[][] {
  const words = page.words.filter((w) => w.text.trim().length > 0);
  if (words.length > 0 && words.every((w) => typeof w.line === 'number')) {
    // OCR already knows its lines
    const byLine = new Map<number, Word[]>();
    for (const w of words) byLine.set(w.line!, [...(byLine.get(w.line!) ?? []), w]);
    return [...byLine.entries()].sort((a, b) => a[0] - b[0]).map(([, ws]) => ws.sort((a, b) => a.box.x - b.box.x));
  }
  const sorted = [...words].sort((a, b) => a.box.y + a.box.h / 2 - (b.box.y + b.box.h / 2) || a.box.x - b.box.x);
  const lines: Array<{ yc: number; h: number; words: Word[] }> = [];
  for (const w of sorted) {
    const yc = w.box.y + w.box.h / 2;
    const line = lines.at(-1);
    if (line && Math.abs(yc - line.yc) <= Math.max(line.h, w.box.h) * 0.5) {
      line.words.push(w);
      line.yc = (line.yc * (line.words.length - 1) + yc) / line.words.length;
      line.h = Math.max(line.h, w.box.h);
    } else lines.push({ yc, h: w.box.h, words: [w] });
  }
  return lines.map((l) => l.words.sort((a, b) => a.box.x - b.box.x));
}

/** Plain text of the pages: one line per printed line, wide gaps kept as runs of spaces (columns). */
export function documentText(pages: PageText[], maxChars = 80_000): { text: string; truncated: boolean } {
  const parts: string[] = [];
  for (const page of pages) {
    parts.push(`--- page ${page.page} ---`);
    for (const line of pageLines(page)) {
      let s = '';
      let prev: Word | null = null;
      for (const w of line) {
        if (prev) {
          const gap = w.box.x - (prev.box.x + prev.box.w);
          s += gap > 0.04 ? '    ' : ' ';
        }
        s += w.text.trim();
        prev = w;
      }
      parts.push(s);
    }
  }
  const text = parts.join('\n');
  return text.length > maxChars ? { text: text.slice(0, maxChars), truncated: true } : { text, truncated: false };
}

const union = (boxes: Box[]): Box => {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const x2 = Math.max(...boxes.map((b) => b.x + b.w));
  const y2 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x, y, w: x2 - x, h: y2 - y };
};

/**
 * Where a value is printed: the smallest run of up to `maxWords` consecutive words (in reading order, on
 * one line) whose text satisfies `matches`. Gives the review UI a box to highlight for values from Claude.
 */
export function locate(pages: PageText[], matches: (text: string) => boolean, maxWords = 6): SourceRegion | undefined {
  for (let size = 1; size <= maxWords; size++) {
    for (const page of pages) {
      for (const line of pageLines(page)) {
        for (let i = 0; i + size <= line.length; i++) {
          const run = line.slice(i, i + size);
          if (matches(run.map((w) => w.text).join(' '))) return { page: page.page, box: union(run.map((w) => w.box)) };
        }
      }
    }
  }
  return undefined;
}
