/**
 * Layout model over page words: words grouped into text lines (by vertical overlap) and, inside a line,
 * into segments (runs of words separated by small gaps — table cells, "label: value" halves).
 */
import type { Box, PageText, SourceRegion, Word } from '../types';

export type Segment = { text: string; words: Word[]; /** start offset of each word in `text` */ offsets: number[]; box: Box; page: number; line: Line };
export type Line = { page: number; index: number; text: string; words: Word[]; box: Box; segments: Segment[]; /** font height relative to page */ size: number };
export type Layout = { lines: Line[]; pages: PageText[]; pageAspect: Map<number, number> };

export function unionBox(boxes: Box[]): Box {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.w);
    y1 = Math.max(y1, b.y + b.h);
  }
  if (!Number.isFinite(x0)) return { x: 0, y: 0, w: 0, h: 0 };
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

export function region(page: number, boxes: Box[]): SourceRegion {
  return { page, box: unionBox(boxes) };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export function buildLayout(pages: PageText[]): Layout {
  const lines: Line[] = [];
  const pageAspect = new Map<number, number>();
  for (const p of pages) {
    pageAspect.set(p.page, p.height > 0 ? p.width / p.height : 1);
    const words = p.words.filter((w) => w.text.trim() !== '').sort((a, b) => a.box.y + a.box.h / 2 - (b.box.y + b.box.h / 2) || a.box.x - b.box.x);
    const groups: Word[][] = [];
    const centers: number[] = [];
    const heights: number[] = [];
    for (const w of words) {
      const c = w.box.y + w.box.h / 2;
      // join the most recent line whose centre is within half a line height (lines are built top-down)
      let joined = false;
      for (let i = groups.length - 1; i >= Math.max(0, groups.length - 3); i--) {
        const tol = Math.max(heights[i] ?? 0, w.box.h) * 0.5;
        if (Math.abs((centers[i] ?? 0) - c) <= tol) {
          const g = groups[i];
          if (!g) continue;
          // a word lying over another of the line (same x) is on the next line down, pulled in by tall type
          // beside it ("INVOICE" in 30 pt next to a two-line letterhead): it does not belong here
          if (g.some((o) => overlapX(o, w) > 0.5 * Math.min(o.box.w, w.box.w) && Math.abs(o.box.y - w.box.y) > 0.5 * Math.min(o.box.h, w.box.h))) continue;
          g.push(w);
          centers[i] = ((centers[i] ?? 0) * (g.length - 1) + c) / g.length;
          heights[i] = Math.max(heights[i] ?? 0, w.box.h);
          joined = true;
          break;
        }
      }
      if (!joined) {
        groups.push([w]);
        centers.push(c);
        heights.push(w.box.h);
      }
    }
    const order = groups.map((g, i) => ({ g, c: centers[i] ?? 0 })).sort((a, b) => a.c - b.c);
    for (const { g } of order) {
      g.sort((a, b) => a.box.x - b.box.x);
      const size = median(g.map((w) => w.box.h));
      const line: Line = { page: p.page, index: lines.length, text: '', words: g, box: unionBox(g.map((w) => w.box)), segments: [], size };
      // a gap wider than ~1.2 em (in page-width units: height × aspect) starts a new segment
      const aspect = p.height > 0 ? p.height / p.width : 1;
      const gapLimit = Math.max(size * aspect * 1.2, 0.012);
      let cur: Word[] = [];
      const flush = (): void => {
        if (cur.length === 0) return;
        const joined = joinWords(cur);
        line.segments.push({ text: joined.text, words: cur, offsets: joined.offsets, box: unionBox(cur.map((w) => w.box)), page: p.page, line });
        cur = [];
      };
      for (const w of g) {
        const prev = cur[cur.length - 1];
        if (prev && w.box.x - (prev.box.x + prev.box.w) > gapLimit) flush();
        cur.push(w);
      }
      flush();
      line.text = line.segments.map((s) => s.text).join('  ');
      lines.push(line);
    }
  }
  return { lines, pages, pageAspect };
}

function overlapX(a: Word, b: Word): number {
  return Math.min(a.box.x + a.box.w, b.box.x + b.box.w) - Math.max(a.box.x, b.box.x);
}

function joinWords(ws: Word[]): { text: string; offsets: number[] } {
  let s = '';
  const offsets: number[] = [];
  let prev: Word | undefined;
  for (const w of ws) {
    if (prev) {
      const gap = w.box.x - (prev.box.x + prev.box.w);
      // OCR words are whole words; text-layer runs may abut ("€" + "12,00")
      s += gap > 0.002 || w.conf !== undefined ? ' ' : '';
    }
    offsets.push(s.length);
    s += w.text.replace(/\s+/g, ' ');
    prev = w;
  }
  return { text: s, offsets };
}

/** The words of a segment that a character range [start, end) of its text covers. */
export function wordsInRange(seg: Segment, start: number, end: number): Word[] {
  const out: Word[] = [];
  seg.words.forEach((w, i) => {
    const s = seg.offsets[i] ?? 0;
    const e = s + w.text.length;
    if (s < end && e > start) out.push(w);
  });
  return out.length > 0 ? out : seg.words;
}
