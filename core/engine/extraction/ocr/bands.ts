/**
 * One page, several Tesseract workers: the prepared raster is cut into horizontal bands at blank gaps
 * between text lines, each band is recognised on its own worker at the same time, and the words come back
 * as if Tesseract had read the whole page (boxes offset by the band's corner, lines numbered on). Each band
 * is also trimmed to its ink plus a margin: blank paper costs Tesseract time and holds no words.
 *
 * Tesseract in WebAssembly runs on one thread per worker, so this is what brings one page's wall time down
 * on a multi-core machine; the CPU time stays about the same. A cut never goes through ink: a band boundary
 * sits in the middle of a run of blank rows, and a page without such a gap near the target is not cut.
 */
import type { Gray } from './preprocess';

/** rows y0..y1 (exclusive) and columns x0..x1 (exclusive) of the page raster */
export type Band = { x0: number; x1: number; y0: number; y1: number };

export type BandOptions = {
  /** pages (or images) shorter than this are not cut (default 600 px) */
  minHeight?: number;
  /** a band is never shorter than this (default 150 px) */
  minBand?: number;
  /** how far from the ideal cut a gap may be, as a fraction of the page height (default 0.2) */
  window?: number;
  /** a pixel at or below this value is ink (default 200; the soft threshold leaves paper at 255) */
  inkLevel?: number;
};

/**
 * Splits `g` into at most `parts` bands of roughly equal height, each boundary in the middle of the
 * widest run of blank rows (a row counts as blank with at most 0.2 % ink, e.g. a table's vertical rules)
 * near the ideal position, preferring wide gaps (between lines) over narrow ones. Returns one band covering
 * the whole raster when it is too small or no gap is found.
 */
export function splitIntoBands(g: Gray, parts: number, options: BandOptions = {}): Band[] {
  const whole: Band[] = [{ x0: 0, x1: g.width, y0: 0, y1: g.height }];
  const minHeight = options.minHeight ?? 600;
  const minBand = options.minBand ?? 150;
  const windowFrac = options.window ?? 0.2;
  const inkLevel = options.inkLevel ?? 200;
  if (parts < 2 || g.height < Math.max(minHeight, 2 * minBand)) return whole;
  const { width: w, height: h, data } = g;
  const tol = Math.max(1, Math.floor(w * 0.002));
  const blank = new Uint8Array(h);
  for (let y = 0; y < h; y += 1) {
    let ink = 0;
    const r = y * w;
    for (let x = 0; x < w; x += 1) {
      if ((data[r + x] ?? 255) <= inkLevel) {
        ink += 1;
        if (ink > tol) break;
      }
    }
    blank[y] = ink <= tol ? 1 : 0;
  }
  // runs of blank rows: [start, end)
  const runs: { start: number; end: number }[] = [];
  for (let y = 0; y < h; ) {
    if (!blank[y]) {
      y += 1;
      continue;
    }
    const start = y;
    while (y < h && blank[y]) y += 1;
    runs.push({ start, end: y });
  }
  const cuts: number[] = [];
  let prev = 0;
  for (let k = 1; k < parts; k += 1) {
    const target = Math.round((h * k) / parts);
    const lo = Math.max(prev + minBand, target - Math.round(h * windowFrac));
    const hi = Math.min(h - minBand, target + Math.round(h * windowFrac));
    let best: { mid: number; score: number } | null = null;
    for (const run of runs) {
      // a run touching the top or bottom edge is margin, not a gap between lines
      if (run.start === 0 || run.end === h) continue;
      const mid = (run.start + run.end) >> 1;
      if (mid < lo || mid > hi) continue;
      const len = run.end - run.start;
      if (len < 2) continue;
      // wide gaps first (capped, so a big blank area does not beat a line gap next to the target), then nearness
      const score = Math.min(len, 12) * h - Math.abs(mid - target);
      if (!best || score > best.score) best = { mid, score };
    }
    if (!best) continue;
    cuts.push(best.mid);
    prev = best.mid;
  }
  if (cuts.length === 0) return whole;
  const bands: Band[] = [];
  let y0 = 0;
  for (const c of cuts) {
    bands.push({ x0: 0, x1: w, y0, y1: c });
    y0 = c;
  }
  bands.push({ x0: 0, x1: w, y0, y1: h });
  // a band with no ink at all is not worth a recognition
  return bands.filter((b) => hasInk(g, b, inkLevel));
}

/**
 * The band shrunk to its ink plus `pad` pixels on every side (blank margins cost Tesseract time and carry
 * no text); unchanged when it has no ink.
 */
export function trimBand(g: Gray, b: Band, pad = 24, inkLevel = 200): Band {
  const { width: w, data } = g;
  let x0 = b.x1;
  let x1 = b.x0 - 1;
  let y0 = b.y1;
  let y1 = b.y0 - 1;
  for (let y = b.y0; y < b.y1; y += 1) {
    const r = y * w;
    let first = -1;
    for (let x = b.x0; x < b.x1; x += 1) {
      if ((data[r + x] ?? 255) <= inkLevel) {
        first = x;
        break;
      }
    }
    if (first < 0) continue;
    let last = first;
    for (let x = b.x1 - 1; x > first; x -= 1) {
      if ((data[r + x] ?? 255) <= inkLevel) {
        last = x;
        break;
      }
    }
    if (first < x0) x0 = first;
    if (last > x1) x1 = last;
    if (y < y0) y0 = y;
    y1 = y;
  }
  if (x1 < x0) return b;
  return { x0: Math.max(b.x0, x0 - pad), x1: Math.min(b.x1, x1 + 1 + pad), y0: Math.max(b.y0, y0 - pad), y1: Math.min(b.y1, y1 + 1 + pad) };
}

/** The band's pixels as a raster of their own (a view when it spans whole rows). */
export function cropBand(g: Gray, b: Band): Gray {
  const w = b.x1 - b.x0;
  const h = b.y1 - b.y0;
  if (b.x0 === 0 && w === g.width) return { width: w, height: h, data: g.data.subarray(b.y0 * g.width, b.y1 * g.width) };
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y += 1) data.set(g.data.subarray((b.y0 + y) * g.width + b.x0, (b.y0 + y) * g.width + b.x1), y * w);
  return { width: w, height: h, data };
}

/**
 * Tesseract TSV rows of several bands as one page's TSV: boxes shifted by each band's x0/y0, and the block
 * numbers shifted so that lines of different bands never share a (block, paragraph, line) key.
 */
export function mergeBandTsv(parts: { tsv: string; x0: number; y0: number }[]): string {
  const out: string[] = [];
  let blockBase = 0;
  for (const part of parts) {
    let maxBlock = 0;
    for (const row of part.tsv.split('\n')) {
      const c = row.split('\t');
      if (c.length < 12 || !/^\d+$/.test(c[0] ?? '')) continue;
      const block = Number(c[2]);
      const left = Number(c[6]);
      const top = Number(c[7]);
      if (!Number.isFinite(block) || !Number.isFinite(left) || !Number.isFinite(top)) continue;
      maxBlock = Math.max(maxBlock, block);
      c[2] = String(block + blockBase);
      c[6] = String(left + part.x0);
      c[7] = String(top + part.y0);
      out.push(c.join('\t'));
    }
    blockBase += maxBlock + 1;
  }
  return out.join('\n');
}

function hasInk(g: Gray, b: Band, inkLevel: number): boolean {
  const end = b.y1 * g.width;
  for (let i = b.y0 * g.width; i < end; i += 1) if ((g.data[i] ?? 255) <= inkLevel) return true;
  return false;
}
