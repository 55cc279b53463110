/**
 * A vendor's line-item table learned from one correction of its lines. The corrected lines are found again
 * in the page words (each line's amount, then its quantity, unit price, tax rate and description words);
 * from where they sit the learner keeps the table's layout: the header row's words, the x-range of each
 * column (description, quantity, unit price, amount, tax rate — in whatever order the vendor prints them),
 * whether a description runs onto the line below or starts on the line above its numbers, and the label of
 * the line that ends the table ("Zwischensumme"). On the vendor's next document the header is found again,
 * the columns shifted with it, and the rows below it read column by column up to the end label — no LLM,
 * any number of lines, each with a confidence and its source box.
 */
import { buildLayout, unionBox, type Line, type Segment } from '../fields/layout';
import { STOP } from '../fields/line-items';
import { findAmounts } from '../fields/numbers';
import type { Box, ExtractedLine, PageText, Word } from '../types';

export type LineColumnName = 'quantity' | 'unitPrice' | 'amount' | 'taxRate';
export const LINE_COLUMNS: readonly LineColumnName[] = ['amount', 'quantity', 'unitPrice', 'taxRate'];

export type ColumnRange = { x0: number; x1: number };

export type LineLayout = {
  kind: 'line-table';
  page: number;
  /** the header row: its words folded, with where each was printed (to find it again, and shift the columns) */
  header: { text: string; words: Array<{ word: string; x: number }>; box: Box } | null;
  /** top of the first row when learned (a table without a header row starts there) */
  top: number;
  description: ColumnRange;
  columns: Partial<Record<LineColumnName, ColumnRange>>;
  /** the label of the line after the table, folded ("zwischensumme") */
  end: { label: string; text: string } | null;
  /** a description's extra lines: below its numbers (the usual) or above them */
  continuation: 'below' | 'above';
  /** the widest step (page fraction, top to top) between two lines of the learned table; absent: not measured */
  pitch?: number;
  decimal: '.' | ',';
  /** lines the layout was learned from */
  rows: number;
  learnedAt: string;
};

/** Confidence of a line read by a learned layout: its own arithmetic agrees, is missing, or disagrees. */
export const LINE_CONFIDENCE = { checked: 0.95, amountOnly: 0.88, mismatch: 0.6 } as const;

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]/g, '');
const hasLetter = (s: string): boolean => /\p{L}/u.test(s);
const near = (a: number, b: number, tol = 0.005): boolean => Math.abs(Math.abs(a) - Math.abs(b)) < tol;
const right = (b: Box): number => b.x + b.w;
const overlap = (a0: number, a1: number, b0: number, b1: number): number => Math.min(a1, b1) - Math.max(a0, b0);

type Token = { value: number; raw: string; box: Box; words: Word[] };

/** The numbers printed on a line, each with its words' box. */
function tokens(line: Line, decimal: '.' | ','): Token[] {
  const out: Token[] = [];
  for (const seg of line.segments) {
    for (const hit of findAmounts(seg.text, { decimal, certainty: 1 })) {
      const ws = wordsOf(seg, hit.index, hit.index + hit.length);
      out.push({ value: hit.value, raw: hit.raw, box: unionBox(ws.map((w) => w.box)), words: ws });
    }
  }
  return out;
}

function wordsOf(seg: Segment, start: number, end: number): Word[] {
  const out = seg.words.filter((w, i) => {
    const s = seg.offsets[i] ?? 0;
    return s < end && s + w.text.length > start;
  });
  return out.length > 0 ? out : seg.words;
}

type Row = { item: ExtractedLine; line: Line; toks: Token[]; desc: Word[]; above: Line[]; below: Line[] };

const descTokens = (d: string): Set<string> => new Set(d.split(/\s+/).map(fold).filter((t) => t.length > 0));

/** Words of a line that belong to a description (their folded text is one of its words). */
const descWords = (line: Line, want: Set<string>): Word[] => line.words.filter((w) => fold(w.text) !== '' && want.has(fold(w.text)));

/**
 * The corrected lines found in the page lines: each after the one before it, else anywhere not taken (the
 * user may have typed them in another order); returned in reading order.
 */
function locateRows(items: readonly ExtractedLine[], lines: Line[], decimal: '.' | ','): Row[] {
  const rows: Row[] = [];
  const used = new Set<number>();
  let from = 0;
  const toks = new Map<number, Token[]>();
  const tokOf = (i: number): Token[] => {
    let t = toks.get(i);
    if (!t) toks.set(i, (t = tokens(lines[i]!, decimal)));
    return t;
  };
  const find = (item: ExtractedLine, want: Set<string>, start: number): number => {
    let fallback = -1;
    for (let i = start; i < lines.length; i++) {
      if (used.has(i) || !tokOf(i).some((t) => near(t.value, item.amount))) continue;
      if (fallback < 0) fallback = i;
      // the description printed on the line, just above or just below it
      const around = [i - 1, i, i + 1, i + 2].filter((k) => k >= 0 && k < lines.length);
      if (around.some((k) => descWords(lines[k]!, want).length > 0)) return i;
    }
    return fallback;
  };
  for (const item of items) {
    const want = descTokens(item.description);
    let at = find(item, want, from);
    if (at < 0 && from > 0) at = find(item, want, 0);
    if (at < 0) continue;
    const line = lines[at]!;
    used.add(at);
    rows.push({ item, line, toks: tokOf(at), desc: descWords(line, want), above: [], below: [] });
    from = at + 1;
  }
  return rows.sort((a, b) => a.line.index - b.line.index);
}

const value = (l: ExtractedLine, c: LineColumnName): number | undefined => (c === 'amount' ? l.amount : c === 'quantity' ? l.quantity : c === 'unitPrice' ? l.unitPrice : l.taxRate);

/**
 * The columns: each numeric field's x-range where its values line up over the rows. A value printed twice
 * on a row (a quantity of 1 and a price equal to the amount) is settled by the rows where it is not, and a
 * column once taken is not given to another field.
 */
function columnsOf(rows: Row[]): Partial<Record<LineColumnName, ColumnRange>> {
  type Opt = { col: LineColumnName; range: ColumnRange; support: number; prio: number };
  const opts: Opt[] = [];
  for (const [prio, col] of LINE_COLUMNS.entries()) {
    const cands = rows.flatMap((r, k) => {
      const v = value(r.item, col);
      return v === undefined ? [] : r.toks.filter((t) => near(t.value, v)).map((t) => ({ k, box: t.box }));
    });
    const withValue = rows.filter((r) => value(r.item, col) !== undefined).length;
    for (const c of cands) {
      // candidates of other rows that line up with this one (left, right or centre aligned)
      const aligned = cands.filter((o) => Math.abs(o.box.x - c.box.x) < 0.012 || Math.abs(right(o.box) - right(c.box)) < 0.012 || Math.abs(o.box.x + o.box.w / 2 - (c.box.x + c.box.w / 2)) < 0.012);
      const support = new Set(aligned.map((o) => o.k)).size;
      if (support < Math.max(1, Math.ceil(withValue * 0.5))) continue;
      opts.push({ col, range: { x0: Math.min(...aligned.map((o) => o.box.x)), x1: Math.max(...aligned.map((o) => right(o.box))) }, support, prio });
    }
  }
  opts.sort((a, b) => b.support - a.support || a.prio - b.prio || b.range.x0 - a.range.x0);
  const out: Partial<Record<LineColumnName, ColumnRange>> = {};
  for (const o of opts) {
    if (out[o.col]) continue;
    if (Object.values(out).some((r) => overlap(r.x0, r.x1, o.range.x0, o.range.x1) > 0)) continue;
    out[o.col] = o.range;
  }
  return out;
}

/**
 * Each row's description words (not in a number column), and the description's other lines: lines between
 * rows with nothing in the amount column whose words are mostly the description's.
 */
function continuations(rows: Row[], lines: Line[], cols: Partial<Record<LineColumnName, ColumnRange>>): void {
  const inCol = (w: Word): boolean => Object.values(cols).some((r) => overlap(r.x0 - 0.004, r.x1 + 0.004, w.box.x, right(w.box)) > 0);
  const amount = cols.amount!;
  const textLine = (l: Line, want: Set<string>, page: number): boolean => {
    const ws = descWords(l, want);
    return l.page === page && ws.length > 0 && ws.length >= l.words.length / 2 && !l.words.some((w) => overlap(amount.x0 - 0.004, amount.x1 + 0.004, w.box.x, right(w.box)) > 0);
  };
  for (const [k, r] of rows.entries()) {
    const want = descTokens(r.item.description);
    r.desc = r.desc.filter((w) => !inCol(w));
    const prevEnd = k > 0 ? rows[k - 1]!.line.index : -1;
    const nextStart = rows[k + 1]?.line.index ?? lines.length;
    for (let i = r.line.index + 1; i < nextStart && i <= r.line.index + 4; i++) {
      if (!textLine(lines[i]!, want, r.line.page)) break;
      r.below.push(lines[i]!);
    }
    for (let i = r.line.index - 1; i > prevEnd && i >= r.line.index - 3; i--) {
      const l = lines[i]!;
      // a line the previous row already took as its continuation is not this one's
      if (!textLine(l, want, r.line.page) || (k > 0 && rows[k - 1]!.below.includes(l))) break;
      r.above.unshift(l);
    }
  }
}

/** Lower and upper bound of the description column: from its words, widened to the neighbouring columns. */
function descriptionOf(rows: Row[], cols: Partial<Record<LineColumnName, ColumnRange>>): ColumnRange | null {
  // the rows' own description words set the column; a continuation line may run on under the numbers
  const own = rows.flatMap((r) => r.desc);
  const ws = own.length > 0 ? own : rows.flatMap((r) => [...r.above.flatMap((l) => l.words), ...r.below.flatMap((l) => l.words)]);
  if (ws.length === 0) return null;
  let x0 = Math.min(...ws.map((w) => w.box.x));
  let x1 = Math.max(...ws.map((w) => right(w.box)));
  const ranges = Object.values(cols);
  const leftOf = ranges.filter((r) => r.x1 <= x0 + 0.002).map((r) => r.x1);
  const rightOf = ranges.filter((r) => r.x0 >= x1 - 0.002).map((r) => r.x0);
  // a longer description next time may run up to the next column (not into it)
  x1 = Math.max(x1, (rightOf.length > 0 ? Math.min(...rightOf) : 1) - 0.01);
  x0 = Math.min(x0, leftOf.length > 0 ? Math.max(...leftOf) + 0.01 : x0);
  return { x0, x1 };
}

/**
 * The layout of a vendor's line table from the user's corrected lines and the document's page words; null
 * when too few of the lines are printed in the document (typed in by hand, or another document's).
 */
export function learnLineLayout(items: readonly ExtractedLine[], pages: PageText[], at = new Date().toISOString()): LineLayout | null {
  if (items.length === 0 || pages.length === 0) return null;
  const layout = buildLayout(pages);
  let best: { rows: Row[]; decimal: '.' | ','; score: number } | null = null;
  for (const decimal of [',', '.'] as const) {
    const rows = locateRows(items, layout.lines, decimal);
    // more lines found, then more amounts written with this decimal mark ("400.00" reads under both)
    const mark = new RegExp(`\\${decimal}\\d{1,2}\\)?-?$`);
    const score = rows.length * 1000 + rows.filter((r) => r.toks.some((t) => near(t.value, r.item.amount) && mark.test(t.raw))).length;
    if (!best || score > best.score) best = { rows, decimal, score };
  }
  if (!best || best.rows.length === 0 || best.rows.length < Math.ceil(items.length * 0.6)) return null;
  const { rows, decimal } = best;
  const columns = columnsOf(rows);
  if (!columns.amount) return null;
  continuations(rows, layout.lines, columns);
  const description = descriptionOf(rows, columns);
  if (!description) return null;
  const first = rows[0]!;
  const firstTop = first.above[0] ?? first.line;
  // the header: of the few lines above the table, the one whose words head most of its columns (a word heads
  // the column its centre lies over, or the nearest within a little), the nearest on a tie
  const ranges = [description, ...Object.values(columns)];
  const headed = (w: Word): ColumnRange | undefined => {
    const cx = w.box.x + w.box.w / 2;
    const dist = (r: ColumnRange): number => (cx < r.x0 ? r.x0 - cx : cx > r.x1 ? cx - r.x1 : 0);
    const best = ranges.reduce((a, r) => (dist(r) < dist(a) ? r : a));
    return dist(best) <= 0.03 ? best : undefined;
  };
  let header: LineLayout['header'] = null;
  let headerScore = 1;
  for (let i = firstTop.index - 1; i >= Math.max(0, firstTop.index - 5); i--) {
    const l = layout.lines[i]!;
    if (l.page !== firstTop.page || firstTop.box.y - (l.box.y + l.box.h) > 0.15) break;
    const words = l.words.filter((w) => hasLetter(w.text) && fold(w.text) !== '');
    const over = new Set(words.map(headed).filter((r) => r !== undefined)).size;
    if (words.length >= 2 && over > headerScore) {
      header = { text: l.text.slice(0, 300), words: words.slice(0, 20).map((w) => ({ word: fold(w.text), x: w.box.x })), box: l.box };
      headerScore = over;
    }
  }
  // the end: the first line after the last row (and its continuation) with a word
  const last = rows[rows.length - 1]!;
  const lastLine = last.below[last.below.length - 1] ?? last.line;
  let end: LineLayout['end'] = null;
  const after = layout.lines[lastLine.index + 1];
  if (after && after.page === lastLine.page) {
    const seg = after.segments.find((s) => hasLetter(s.text));
    const label = seg ? fold(seg.words.filter((w) => hasLetter(w.text)).slice(0, 3).map((w) => w.text).join(' ')) : '';
    if (seg && label.length >= 2) end = { label, text: seg.text.slice(0, 100) };
  }
  // the widest step between the table's lines (rows and their continuations), page by page
  const tops = rows.flatMap((r) => [...r.above, r.line, ...r.below]).map((x) => ({ page: x.page, y: x.box.y }));
  const steps = tops.slice(1).flatMap((t, i) => (t.page === tops[i]!.page && t.y > tops[i]!.y ? [t.y - tops[i]!.y] : []));
  const above = rows.filter((r) => r.above.length > 0).length;
  const below = rows.filter((r) => r.below.length > 0).length;
  return {
    kind: 'line-table',
    page: first.line.page,
    header,
    top: firstTop.box.y,
    description,
    columns,
    end,
    continuation: above > below ? 'above' : 'below',
    ...(steps.length > 0 ? { pitch: Math.max(...steps) } : {}),
    decimal,
    rows: rows.length,
    learnedAt: at,
  };
}

/** Where a learned header row is printed now (the line with most of its words, on each page), and how far it moved. */
function findHeaders(l: LineLayout, lines: Line[]): Array<{ line: Line; dx: number }> {
  const h = l.header;
  if (!h) return [];
  const want = new Set(h.words.map((w) => w.word));
  const best = new Map<number, { line: Line; score: number }>();
  for (const line of lines) {
    const got = new Set(line.words.map((w) => fold(w.text)).filter((w) => want.has(w)));
    const score = got.size / want.size;
    const prev = best.get(line.page);
    if (got.size >= Math.min(2, want.size) && score >= 0.7 && (!prev || score > prev.score + 1e-9)) best.set(line.page, { line, score });
  }
  return [...best.values()]
    .sort((a, b) => a.line.page - b.line.page)
    .map(({ line }) => {
      const shifts: number[] = [];
      for (const w of h.words) {
        const now = line.words.find((x) => fold(x.text) === w.word);
        if (now) shifts.push(now.box.x - w.x);
      }
      shifts.sort((a, b) => a - b);
      return { line, dx: shifts[Math.floor(shifts.length / 2)] ?? 0 };
    });
}

type Cell = { words: Word[] };

/**
 * The line items under a learned layout, or null when its table is not in the document (no header row
 * where one was learned, or no row read).
 */
export function readLineTable(l: LineLayout, lines: Line[]): ExtractedLine[] | null {
  const starts: Array<{ line: Line | null; dx: number }> = l.header ? findHeaders(l, lines) : [{ line: null, dx: 0 }];
  const out: Array<ExtractedLine & { words: Word[]; page: number }> = [];
  for (const s of starts) {
    // the table ends (its end label, a totals line) or runs on under the next page's header
    if (readPage(l, lines, s, out) === 'ended') break;
  }
  if (out.length === 0) return null;
  return out.map(({ words, page, ...item }) => {
    const q = item.quantity;
    const p = item.unitPrice;
    const confidence =
      q !== undefined && p !== undefined
        ? Math.abs(Math.abs(q * p) - Math.abs(item.amount)) <= 0.011 + Math.abs(item.amount) * 0.0005
          ? LINE_CONFIDENCE.checked
          : LINE_CONFIDENCE.mismatch
        : LINE_CONFIDENCE.amountOnly;
    return { ...item, confidence, origin: 'template' as const, source: { page, box: unionBox(words.map((w) => w.box)) } };
  });
}

function readPage(l: LineLayout, lines: Line[], start: { line: Line | null; dx: number }, out: Array<ExtractedLine & { words: Word[]; page: number }>): 'ended' | 'page-end' {
  const dx = start.dx;
  const page = start.line?.page ?? l.page;
  const body = start.line ? lines.slice(start.line.index + 1) : lines.filter((x) => x.page === l.page && x.box.y >= l.top - 0.01);
  const cols = Object.entries(l.columns) as Array<[LineColumnName, ColumnRange]>;
  const first = out.length;
  let pending: { text: string[]; words: Word[] } = { text: [], words: [] };
  let lastY = start.line ? start.line.box.y : l.top;
  // past the first row, a step much wider than the learned table's is the end of it (a footer, the totals block)
  const maxStep = l.pitch !== undefined ? Math.max(l.pitch * 1.8, 0.035) : 0.12;
  for (const line of body) {
    if (line.page !== page) return 'page-end';
    const firstText = line.segments.find((s) => hasLetter(s.text));
    const folded = fold(line.words.filter((w) => hasLetter(w.text)).slice(0, 3).map((w) => w.text).join(' '));
    if (l.end && folded.startsWith(l.end.label)) return 'ended';
    const stop = firstText ? STOP.exec(firstText.text) : null;
    // (before the first row such a word is more likely the header's second line: "Ohne MwSt.")
    if (stop && stop.index <= 2 && firstText === line.segments[0] && out.length > first) return 'ended';
    // a wide gap ends the table too
    if (line.box.y - lastY > (out.length > first ? maxStep : 0.12)) return 'page-end';
    const cells = new Map<LineColumnName | 'description', Cell>();
    for (const w of line.words) {
      const x0 = w.box.x - dx;
      const x1 = right(w.box) - dx;
      const cx = (x0 + x1) / 2;
      // a number under a number column is that column's; other words in the description column describe
      let into: LineColumnName | 'description' | null = null;
      if (/\d/.test(w.text)) {
        let bestOverlap = 0;
        for (const [name, r] of cols) {
          const o = overlap(x0, x1, r.x0 - 0.004, r.x1 + 0.004);
          if (o > bestOverlap && cx >= r.x0 - 0.012 && cx <= r.x1 + 0.012) {
            bestOverlap = o;
            into = name;
          }
        }
      }
      if (!into && cx >= l.description.x0 - 0.005 && cx <= l.description.x1 + 0.005) into = 'description';
      if (!into) continue;
      const c = cells.get(into) ?? { words: [] };
      c.words.push(w);
      cells.set(into, c);
    }
    const num = (name: LineColumnName): number | undefined => {
      const c = cells.get(name);
      if (!c) return undefined;
      const text = c.words.map((w) => w.text).join(' ');
      const hits = findAmounts(text, { decimal: l.decimal, certainty: 1 });
      return hits.length > 0 ? hits.reduce((a, b) => (b.length > a.length ? b : a)).value : undefined;
    };
    const amount = num('amount');
    const desc = cells.get('description')?.words ?? [];
    const descText = desc.map((w) => w.text).join(' ').trim();
    if (amount === undefined) {
      if (descText === '' || cols.some(([name]) => name !== 'amount' && num(name) !== undefined)) continue;
      // text that starts left of the description column (a page footer, a note across the page) is not the table's
      if (line.words.some((w) => w.box.x + w.box.w / 2 - dx < l.description.x0 - 0.01 && ![...cells.values()].some((c) => c.words.includes(w)))) return 'page-end';
      lastY = line.box.y;
      // a line of text only: all of it from the description column on (a serial number may run under the numbers)
      const more = line.words.filter((w) => w.box.x + w.box.w / 2 - dx >= l.description.x0 - 0.005);
      const moreText = more.map((w) => w.text).join(' ').trim();
      const prev = out.length > first ? out[out.length - 1] : undefined;
      if (l.continuation === 'below') {
        // text before the page's first row is a heading over the rows ("Contract No. …", "--- Food ---"), not a line's
        if (!prev) continue;
        prev.description = `${prev.description} ${moreText}`.trim();
        prev.words.push(...more);
      } else {
        pending.text.push(moreText);
        pending.words.push(...more);
      }
      continue;
    }
    lastY = line.box.y;
    const description = [...pending.text, descText].join(' ').trim();
    const words = [...pending.words, ...line.words.filter((w) => [...cells.values()].some((c) => c.words.includes(w)))];
    pending = { text: [], words: [] };
    if (!description) continue;
    const item: ExtractedLine & { words: Word[]; page: number } = { description: description.slice(0, 2000), amount, words, page };
    const q = num('quantity');
    const p = num('unitPrice');
    const t = num('taxRate');
    if (q !== undefined) item.quantity = q;
    if (p !== undefined) item.unitPrice = p;
    if (t !== undefined) item.taxRate = t;
    out.push(item);
    if (out.length >= 500) return 'ended';
  }
  return 'page-end';
}

/** The learned line tables of a template, newest first, read on a document's lines: the first that reads. */
export function applyLineLayouts(layouts: readonly LineLayout[], pages: PageText[]): ExtractedLine[] | null {
  if (layouts.length === 0 || pages.length === 0) return null;
  const lines = buildLayout(pages).lines;
  for (const l of layouts) {
    const read = readLineTable(l, lines);
    if (read) return read;
  }
  return null;
}

/** Adds a learned table to the list (newest first; one with the same header replaces its older self). */
export function addLineLayout(list: readonly LineLayout[] | undefined, l: LineLayout): LineLayout[] {
  const key = (x: LineLayout): string => x.header?.words.map((w) => w.word).join(' ') ?? `top:${x.top.toFixed(2)}`;
  return [l, ...(list ?? []).filter((x) => key(x) !== key(l))].slice(0, 3);
}
