import { describe, expect, it } from 'vitest';
import type { ExtractedLine, Extraction, PageText, Word } from '../types';
import { applyTemplate, emptyTemplate } from './anchors';
import { addLineLayout, applyLineLayouts, learnLineLayout, LINE_CONFIDENCE } from './line-layout';

const W = 595;
const H = 842;

/** A text-layer page from strings placed in points (top-left origin, 10 pt type, 5 pt per character). */
function page(texts: Array<[number, number, string]>, n = 1): PageText {
  const words: Word[] = [];
  for (const [x0, y, text] of texts) {
    let x = x0;
    for (const t of text.split(' ')) {
      words.push({ text: t, box: { x: x / W, y: (y - 9) / H, w: (t.length * 5) / W, h: 11 / H } });
      x += t.length * 5 + 3;
    }
  }
  return { page: n, width: W, height: H, words, source: 'text-layer' };
}

const de = (v: number): string => v.toFixed(2).replace('.', ',');

type Row = { qty: number; desc: string[]; price: number };

/** A quantity-first German table ("Menge | Bezeichnung | Einzelpreis | Gesamt"), descriptions over several lines. */
function germanTable(rows: Row[], o: { dx?: number; headerY?: number } = {}): PageText {
  const dx = o.dx ?? 0;
  let y = o.headerY ?? 250;
  const texts: Array<[number, number, string]> = [
    [50, 60, 'Brandt Messtechnik GmbH'],
    [350, 140, 'Rechnung R-1'],
    [50 + dx, y, 'Menge'],
    [110 + dx, y, 'Bezeichnung'],
    [380 + dx, y, 'Einzelpreis'],
    [480 + dx, y, 'Gesamt'],
  ];
  let net = 0;
  for (const r of rows) {
    y += 16;
    const amount = Math.round(r.qty * r.price * 100) / 100;
    net += amount;
    texts.push([50 + dx, y, String(r.qty)], [110 + dx, y, r.desc[0]!], [380 + dx, y, de(r.price)], [480 + dx, y, de(amount)]);
    for (const more of r.desc.slice(1)) {
      y += 13;
      texts.push([110 + dx, y, more]);
    }
  }
  y += 30;
  texts.push([380, y, 'Zwischensumme'], [480, y, de(net)], [380, y + 15, 'MwSt 19%'], [480, y + 15, de(net * 0.19)]);
  return page(texts);
}

const expected = (rows: Row[]): Array<Pick<ExtractedLine, 'description' | 'quantity' | 'unitPrice' | 'amount'>> =>
  rows.map((r) => ({ description: r.desc.join(' '), quantity: r.qty, unitPrice: r.price, amount: Math.round(r.qty * r.price * 100) / 100 }));

const first: Row[] = [
  { qty: 2, desc: ['Drehmomentschluessel 20-100 Nm', 'Seriennr. 4711-A'], price: 189.5 },
  { qty: 1, desc: ['Kalibrierung DAkkS'], price: 95 },
  { qty: 12, desc: ['Pruefadapter M8', 'inkl. Zertifikat', 'Lieferung KW 12'], price: 7.25 },
];
const second: Row[] = [
  { qty: 5, desc: ['Messschieber digital 150 mm'], price: 42.9 },
  { qty: 1, desc: ['Reparatur Hoehenmessgeraet', 'Auftrag 88213'], price: 310 },
  { qty: 3, desc: ['Endmass-Satz 47-teilig'], price: 1249 },
  { qty: 20, desc: ['Batterie CR2032'], price: 1.1 },
];

const strip = (ls: ExtractedLine[]) => ls.map(({ description, quantity, unitPrice, amount }) => ({ description, quantity, unitPrice, amount }));

describe('learnLineLayout', () => {
  it('learns a quantity-first table with multi-line descriptions and reads the next document’s different lines', () => {
    const layout = learnLineLayout(expected(first), [germanTable(first)], '2026-01-01T00:00:00Z');
    expect(layout).not.toBeNull();
    expect(layout!.header?.words.map((w) => w.word)).toEqual(['menge', 'bezeichnung', 'einzelpreis', 'gesamt']);
    expect(layout!.end?.label).toBe('zwischensumme');
    expect(layout!.continuation).toBe('below');
    expect(layout!.decimal).toBe(',');
    // quantity left of the description, amount rightmost
    expect(layout!.columns.quantity!.x1).toBeLessThan(layout!.description.x0);
    expect(layout!.columns.amount!.x0).toBeGreaterThan(layout!.columns.unitPrice!.x1);

    const read = applyLineLayouts([layout!], [germanTable(second)]);
    expect(strip(read!)).toEqual(expected(second));
    for (const l of read!) {
      expect(l).toMatchObject({ origin: 'template', confidence: LINE_CONFIDENCE.checked, source: { page: 1 } });
      expect(l.source!.box.w).toBeGreaterThan(0.3);
    }
    // each line's box covers its own row, in order down the page
    expect(read!.map((l) => l.source!.box.y)).toEqual([...read!.map((l) => l.source!.box.y)].sort((a, b) => a - b));
  });

  it('follows the table when the vendor moves it on the page', () => {
    const layout = learnLineLayout(expected(first), [germanTable(first)])!;
    const read = applyLineLayouts([layout], [germanTable(second, { dx: 15, headerY: 300 })]);
    expect(strip(read!)).toEqual(expected(second));
  });

  it('learns an unusual column order: amount before quantity and rate, a quantity of 1 beside a price equal to the amount', () => {
    const table = (rows: Array<[string, number, number]>): PageText => {
      const t: Array<[number, number, string]> = [
        [50, 200, 'Work'],
        [300, 200, 'Charge'],
        [400, 200, 'Hrs'],
        [470, 200, 'Per hour'],
      ];
      rows.forEach(([d, q, p], i) => t.push([50, 220 + i * 15, d], [300, 220 + i * 15, (q * p).toFixed(2)], [400, 220 + i * 15, String(q)], [470, 220 + i * 15, p.toFixed(2)]));
      t.push([300, 240 + rows.length * 15, 'Net'], [400, 240 + rows.length * 15, 'see below']);
      return page(t);
    };
    const a: Array<[string, number, number]> = [
      ['Site survey', 1, 400],
      ['Cabling', 6, 55],
      ['Patch panel fitting', 3, 55],
    ];
    const lines = a.map(([d, q, p]) => ({ description: d, quantity: q, unitPrice: p, amount: q * p }));
    const layout = learnLineLayout(lines, [table(a)])!;
    expect(layout.columns.amount!.x0).toBeLessThan(layout.columns.quantity!.x0);
    // lines typed in another order than printed are all found as well
    expect(learnLineLayout([...lines].reverse(), [table(a)])).toMatchObject({ rows: 3, columns: layout.columns });
    expect(layout.decimal).toBe('.');
    const b: Array<[string, number, number]> = [
      ['Fibre splicing', 2, 120],
      ['Travel', 1, 80],
    ];
    const read = applyLineLayouts([layout], [table(b)]);
    expect(strip(read!)).toEqual(b.map(([d, q, p]) => ({ description: d, quantity: q, unitPrice: p, amount: q * p })));
  });

  it('keeps a continuation line that runs on under the number columns with its description', () => {
    const table = (rows: Array<[string, string | null, number, number]>): PageText => {
      const t: Array<[number, number, string]> = [
        [45, 200, 'Artikel'],
        [380, 200, 'Aantal'],
        [420, 200, 'Prijs per stuk'],
        [520, 200, 'Totaal'],
      ];
      let y = 200;
      for (const [d, more, q, p] of rows) {
        t.push([45, (y += 15), d], [385, y, String(q)], [425, y, de(p)], [520, y, de(q * p)]);
        if (more) t.push([45, (y += 12), more]);
      }
      t.push([420, y + 30, 'Exclusief BTW'], [520, y + 30, '1,00']);
      return page(t);
    };
    const a: Array<[string, string | null, number, number]> = [
      ['Tablet 64 GB Zilver', 'Serienummer: SDMPP373MPP15 ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789', 1, 399],
      ['Cover Zwart', null, 2, 19.5],
    ];
    const layout = learnLineLayout(
      a.map(([d, more, q, p]) => ({ description: more ? `${d} ${more}` : d, quantity: q, unitPrice: p, amount: q * p })),
      [table(a)],
    )!;
    // the serial number line is the description's, not a reason to widen the description over the quantity
    expect(layout.description.x1).toBeLessThan(layout.columns.quantity!.x0);
    const b: Array<[string, string | null, number, number]> = [
      ['Laptop 13 inch', 'Serienummer: GS60 2QE-226NLK141900003666 extra long serial text 4711', 1, 1999],
      ['Mouse', null, 3, 24.99],
    ];
    const read = applyLineLayouts([layout], [table(b)])!;
    expect(strip(read)).toEqual(b.map(([d, more, q, p]) => ({ description: more ? `${d} ${more}` : d, quantity: q, unitPrice: p, amount: Math.round(q * p * 100) / 100 })));
  });

  it('follows a table onto the next page under its repeated header, past the page footer and a heading over the rows', () => {
    const header = (y: number): Array<[number, number, string]> => [
      [60, y, 'Pos.'],
      [130, y, 'Beschreibung'],
      [400, y, 'VK-Preis'],
      [480, y, 'Zeilenbetrag'],
      [400, y + 10, 'Ohne MwSt.'],
    ];
    const rowsAt = (y: number, rows: Array<[string, string, number]>): Array<[number, number, string]> =>
      rows.flatMap(([d, more, v], i) => [
        [60, y + i * 30, String(i + 1)] as [number, number, string],
        [130, y + i * 30, d] as [number, number, string],
        [400, y + i * 30, de(v)] as [number, number, string],
        [480, y + i * 30, de(v)] as [number, number, string],
        [130, y + i * 30 + 13, more] as [number, number, string],
      ]);
    const footer: Array<[number, number, string]> = [
      [40, 790, 'Hosting AG Vorstand: Christian Heit Bankverbindung'],
      [40, 800, 'Uferweg 40 Aufsichtsrat: Hans Meier Kto-Nr. 48567'],
    ];
    const doc = (p1: Array<[string, string, number]>, p2: Array<[string, string, number]>): PageText[] => [
      page([...header(300), [130, 335, 'Contract No. CON02858'], ...rowsAt(355, p1), ...footer], 1),
      page([...header(200), ...rowsAt(240, p2), [380, 240 + p2.length * 30 + 20, 'Total EUR'], [480, 240 + p2.length * 30 + 20, '1,00'], ...footer], 2),
    ];
    const a1: Array<[string, string, number]> = [
      ['Exchange Standard', 'Dienst: strukan', 3.89],
      ['Exchange Quality', 'Dienst: schneider', 5.39],
    ];
    const a2: Array<[string, string, number]> = [['Exchange Office', 'Dienst: office', 3.89]];
    const layout = learnLineLayout(
      [...a1, ...a2].map(([d, more, v]) => ({ description: `${d} ${more}`, unitPrice: v, amount: v })),
      doc(a1, a2),
    )!;
    expect(layout.header?.words.map((w) => w.word)).toEqual(['pos', 'beschreibung', 'vkpreis', 'zeilenbetrag']);
    const b1: Array<[string, string, number]> = [
      ['Mailbox 50 GB', 'Dienst: mayr', 2.5],
      ['Mailbox 10 GB', 'Dienst: jenewein', 1.25],
      ['Archive', 'Dienst: jauernik', 7],
    ];
    const b2: Array<[string, string, number]> = [
      ['Backup', 'Dienst: office', 12],
      ['Support', 'Dienst: office', 30],
    ];
    const read = applyLineLayouts([layout], doc(b1, b2))!;
    expect(read.map((l) => [l.description, l.amount, l.source?.page])).toEqual([
      ...b1.map(([d, more, v]) => [`${d} ${more}`, v, 1]),
      ...b2.map(([d, more, v]) => [`${d} ${more}`, v, 2]),
    ]);
  });

  it('learns a description printed above its numbers', () => {
    const table = (rows: Array<[string, string, number]>): PageText => {
      const t: Array<[number, number, string]> = [
        [50, 200, 'Item'],
        [450, 200, 'Amount'],
      ];
      let y = 200;
      for (const [d1, d2, v] of rows) {
        t.push([50, (y += 15), d1], [50, (y += 13), d2], [450, y, v.toFixed(2)]);
      }
      t.push([350, y + 30, 'Total'], [450, y + 30, '1.00']);
      return page(t);
    };
    const a: Array<[string, string, number]> = [
      ['Consulting March', 'ref 2201', 1200],
      ['Travel expenses', 'ref 2202', 86.4],
    ];
    const layout = learnLineLayout(
      a.map(([d1, d2, v]) => ({ description: `${d1} ${d2}`, amount: v })),
      [table(a)],
    )!;
    expect(layout.continuation).toBe('above');
    const b: Array<[string, string, number]> = [
      ['Consulting April', 'ref 2301', 900],
      ['Licence fees', 'ref 2302', 45],
      ['Hotel', 'ref 2303', 132.5],
    ];
    const read = applyLineLayouts([layout], [table(b)])!;
    expect(read.map((l) => [l.description, l.amount])).toEqual(b.map(([d1, d2, v]) => [`${d1} ${d2}`, v]));
    expect(read.every((l) => l.confidence === LINE_CONFIDENCE.amountOnly)).toBe(true);
  });

  it('learns nothing from lines that are not printed in the document', () => {
    expect(learnLineLayout([{ description: 'Something else', amount: 777.77 }], [germanTable(first)])).toBeNull();
    expect(learnLineLayout([], [germanTable(first)])).toBeNull();
    expect(learnLineLayout(expected(first), [])).toBeNull();
  });

  it('reads nothing where the learned header is not printed', () => {
    const layout = learnLineLayout(expected(first), [germanTable(first)])!;
    const other = page([
      [50, 200, 'Description'],
      [450, 200, 'Amount'],
      [50, 215, 'Widget'],
      [450, 215, '10.00'],
    ]);
    expect(applyLineLayouts([layout], [other])).toBeNull();
  });

  it('keeps the newest layouts, one per header', () => {
    const a = learnLineLayout(expected(first), [germanTable(first)], '2026-01-01T00:00:00Z')!;
    const b = { ...a, learnedAt: '2026-02-01T00:00:00Z' };
    expect(addLineLayout(addLineLayout(undefined, a), b)).toEqual([b]);
  });
});

describe('applyTemplate with a learned line table', () => {
  const base = (lines: ExtractedLine[], net: number, warnings: string[] = []): Extraction => ({
    status: 'ok',
    method: 'text-layer',
    pageCount: 1,
    fields: { amountUntaxed: { value: net, confidence: 0.9, origin: 'text' } },
    lines,
    warnings,
  });
  const netOf = (rows: Row[]) => Math.round(expected(rows).reduce((s, l) => s + l.amount, 0) * 100) / 100;

  it('replaces the generic lines and their stale line-sum warning', () => {
    const t = { ...emptyTemplate(), lines: [learnLineLayout(expected(first), [germanTable(first)])!] };
    const stale = 'The line amounts add up to 1.00, not the net amount 6093.00; some lines may be missing or misread.';
    const r = applyTemplate(base([{ description: 'Menge', amount: 1 }], netOf(second), [stale, 'other']), [germanTable(second)], t);
    expect(r.linesApplied).toBe(true);
    expect(strip(r.extraction.lines)).toEqual(expected(second));
    expect(r.extraction.warnings).toEqual(['other']);
  });

  it('still flags lines that do not add up to the net amount', () => {
    const t = { ...emptyTemplate(), lines: [learnLineLayout(expected(first), [germanTable(first)])!] };
    const r = applyTemplate(base([], netOf(second) + 100), [germanTable(second)], t);
    expect(r.linesApplied).toBe(true);
    expect(r.extraction.warnings.some((w) => w.startsWith('The line amounts add up to'))).toBe(true);
  });

  it('keeps generic lines that add up when the learned table’s do not', () => {
    const t = { ...emptyTemplate(), lines: [learnLineLayout(expected(first), [germanTable(first)])!] };
    const good = [{ description: 'All of it', amount: 50 }];
    const r = applyTemplate(base(good, 50), [germanTable(second)], t);
    expect(r.linesApplied).toBe(false);
    expect(r.extraction.lines).toEqual(good);
  });
});
