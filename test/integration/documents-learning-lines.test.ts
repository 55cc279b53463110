import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { calls, type DocExtractedLine } from '../../core/contract';
import { createDocumentsPart } from '../../core/host/documents-part';
import { EventBus } from '../../core/host/events';
import { silentLogger } from '../../core/shared/logger';
import { openStore, type Store } from '../../core/store/db';
import { createCacheRepo } from '../../core/sync/cache-repo';
import { createOutboxRepo } from '../../core/sync/outbox-repo';
import { documentsPdf, type InvoiceText } from '../helpers/documents-pdf';
import { makeTempDir } from '../helpers/temp-dir';

// The learning loop for line items, end to end on a real SQLite store and real worker threads, no LLM: a
// vendor prints its table quantity first ("Menge | Bezeichnung | Einzelpreis | Gesamt") with descriptions
// over several lines, which the generic table reader does not read; one correction of the lines teaches the
// vendor's layout, and its next invoice — other articles, another number of lines — is read right.
let tmp: ReturnType<typeof makeTempDir>;
let store: Store;
let part: ReturnType<typeof createDocumentsPart>;

const VENDOR = 601;

type Row = { qty: number; desc: string[]; price: number; printed?: number };

const de = (v: number): string => {
  const [i, d] = v.toFixed(2).split('.');
  return `${i!.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${d}`;
};
const amountOf = (r: Row): number => Math.round(r.qty * r.price * 100) / 100;

/** An invoice of Brandt Messtechnik: quantity first, descriptions running onto further lines, German numbers. */
function brandt(o: { number: string; date: string; rows: Row[]; netShift?: number }): Uint8Array {
  const texts: InvoiceText[] = [
    { x: 50, y: 60, text: 'Brandt Messtechnik GmbH', size: 16, bold: true },
    { x: 50, y: 80, text: 'Gewerbepark 12, 70565 Stuttgart' },
    { x: 50, y: 95, text: 'USt-IdNr.: DE136695976' },
    { x: 350, y: 140, text: 'RECHNUNG', size: 18, bold: true },
    { x: 350, y: 165, text: `Rechnungsnummer: ${o.number}` },
    { x: 350, y: 180, text: `Rechnungsdatum: ${o.date}` },
    { x: 50, y: 250, text: 'Menge', bold: true },
    { x: 110, y: 250, text: 'Bezeichnung', bold: true },
    { x: 380, y: 250, text: 'Einzelpreis', bold: true },
    { x: 480, y: 250, text: 'Gesamt', bold: true },
  ];
  let y = 250;
  let net = 0;
  for (const r of o.rows) {
    y += 17;
    const amount = r.printed ?? amountOf(r);
    net += amountOf(r);
    texts.push({ x: 50, y, text: String(r.qty) }, { x: 110, y, text: r.desc[0]! }, { x: 380, y, text: de(r.price) }, { x: 480, y, text: de(amount) });
    for (const more of r.desc.slice(1)) {
      y += 13;
      texts.push({ x: 110, y, text: more, size: 9 });
    }
  }
  net = Math.round((net + (o.netShift ?? 0)) * 100) / 100;
  const tax = Math.round(net * 19) / 100;
  y += 35;
  texts.push(
    { x: 350, y, text: 'Zwischensumme' },
    { x: 480, y, text: de(net) },
    { x: 350, y: y + 15, text: 'MwSt 19%' },
    { x: 480, y: y + 15, text: de(tax) },
    { x: 350, y: y + 30, text: 'Gesamtbetrag EUR', bold: true },
    { x: 480, y: y + 30, text: de(net + tax), bold: true },
    { x: 50, y: y + 80, text: 'Zahlbar innerhalb von 14 Tagen ohne Abzug.' },
  );
  return documentsPdf([texts]);
}

const want = (rows: Row[]) => rows.map((r) => ({ description: r.desc.join(' '), quantity: r.qty, unitPrice: r.price, amount: amountOf(r) }));
/** Lines read exactly right (description, quantity, unit price, amount), in order. */
const rightLines = (got: DocExtractedLine[], rows: Row[]): number =>
  want(rows).filter((w, i) => {
    const g = got[i];
    return g !== undefined && g.description === w.description && g.quantity === w.quantity && g.unitPrice === w.unitPrice && g.amount === w.amount;
  }).length;

type H = typeof part.handlers;
async function h<K extends keyof H>(name: K, input: z.input<(typeof calls)[K]['input']>): Promise<Awaited<ReturnType<H[K]>>> {
  const parsed = calls[name].input.parse(input);
  const out = await (part.handlers[name] as (i: unknown, c: { host: 'test' }) => unknown)(parsed, { host: 'test' });
  const check = calls[name].output.safeParse(out);
  expect(check.success, JSON.stringify(check.error?.issues.slice(0, 3))).toBe(true);
  return out as Awaited<ReturnType<H[K]>>;
}
const file = (fileName: string, bytes: Uint8Array) => ({ fileName, contentBase64: Buffer.from(bytes).toString('base64') });
async function addAndWait(fileName: string, bytes: Uint8Array) {
  const r = await h('documents:add', { files: [file(fileName, bytes)] });
  await part.queue.idle();
  return h('documents:get', { id: r.documents[0]!.id });
}

beforeAll(() => {
  tmp = makeTempDir();
  store = openStore(path.join(tmp.dir, 'smart-odoo.sqlite'));
  const at = new Date().toISOString();
  const cache = createCacheRepo(store.db);
  cache.putMany('res.partner', [{ id: VENDOR, name: 'Brandt Messtechnik GmbH', vat: 'DE136695976', is_company: true, supplier_rank: 2, active: true, write_date: '2026-01-01 00:00:00' }], at);
  cache.putMany('res.currency', [{ id: 1, name: 'EUR', symbol: '€', active: true, write_date: '2026-01-01 00:00:00' }], at);
  part = createDocumentsPart({ db: store.db, dataDir: tmp.dir, bus: new EventBus(silentLogger), logger: silentLogger, connectionId: () => 'conn-1', outboxChanged: () => {}, workers: 2 });
  part.start();
});

afterAll(async () => {
  await part?.close();
  store?.close();
  tmp?.cleanup();
});

const first: Row[] = [
  { qty: 2, desc: ['Drehmomentschluessel 20-100 Nm', 'Seriennummer 4711-A'], price: 189.5 },
  { qty: 1, desc: ['Kalibrierung nach DAkkS'], price: 95 },
  { qty: 12, desc: ['Pruefadapter M8', 'inkl. Werkszeugnis', 'Lieferung KW 12'], price: 7.25 },
];
const second: Row[] = [
  { qty: 5, desc: ['Messschieber digital 150 mm'], price: 42.9 },
  { qty: 1, desc: ['Reparatur Hoehenmessgeraet', 'Auftrag 88213'], price: 1310 },
  { qty: 3, desc: ['Endmass-Satz 47-teilig', 'Toleranzklasse 1'], price: 1249 },
  { qty: 20, desc: ['Batterie CR2032'], price: 1.1 },
  { qty: 4, desc: ['Bügelmessschraube 0-25 mm'], price: 64 },
];

describe('line items learned from one correction', () => {
  it('the generic reader misses the vendor’s lines; one correction teaches the layout; the next invoice’s lines are read right, offline', async () => {
    const a = await addAndWait('brandt-1.pdf', brandt({ number: 'R-24-0311', date: '11.03.2024', rows: first }));
    expect(a.summary.status).toBe('done');
    expect(a.vendor).toMatchObject({ partnerId: VENDOR });
    const before = rightLines(a.extraction!.lines, first);
    expect(before).toBe(0);
    expect(a.usage).toBeUndefined();

    // the user types the lines in the review (as the renderer sends them) and saves
    const corrected = await h('documents:correct', { id: a.summary.id, lines: want(first) });
    expect(corrected.extraction!.lines.map(({ description, quantity, unitPrice, amount }) => ({ description, quantity, unitPrice, amount }))).toEqual(want(first));
    const stored = store.db.prepare<[number], { field: string }>('SELECT field FROM document_corrections WHERE document_id = ?').all(a.summary.id);
    expect(stored).toEqual([{ field: 'lines' }]);
    const tpl = JSON.parse(store.db.prepare<[number], { template: string }>('SELECT template FROM vendor_templates WHERE partner_id = ?').get(VENDOR)!.template) as {
      lines: Array<{ header: { words: Array<{ word: string }> }; columns: Record<string, unknown>; end: { label: string } }>;
    };
    expect(tpl.lines).toHaveLength(1);
    expect(tpl.lines[0]!.header.words.map((w) => w.word)).toEqual(['menge', 'bezeichnung', 'einzelpreis', 'gesamt']);
    expect(Object.keys(tpl.lines[0]!.columns).sort()).toEqual(['amount', 'quantity', 'unitPrice']);
    expect(tpl.lines[0]!.end.label).toBe('zwischensumme');
    expect((await h('documents:vendors', {})).vendors.find((v) => v.partnerId === VENDOR)).toMatchObject({ lineTable: true, templateFields: [] });

    // the draft bill is made of the corrected lines
    const bill = await h('documents:create-bill', { id: a.summary.id });
    const payload = createOutboxRepo(store.db).get(bill.outboxId)!.payload as { lines: Array<{ name: string; quantity: number; priceUnit: number }> };
    expect(payload.lines.map((l) => [l.name, l.quantity, l.priceUnit])).toEqual(first.map((r) => [r.desc.join(' '), r.qty, r.price]));
    // a document whose lines had to be corrected is not clean: it counts against the vendor's accuracy
    const afterFirst = (await h('documents:vendors', {})).vendors.find((v) => v.partnerId === VENDOR)!;
    expect(afterFirst).toMatchObject({ documents: 1, correctedFields: 1, cleanStreak: 0 });
    expect(afterFirst.accuracy).toBeLessThan(1);

    // the next invoice: other articles, five lines instead of three, prices in the thousands
    const b = await addAndWait('brandt-2.pdf', brandt({ number: 'R-24-0407', date: '07.04.2024', rows: second }));
    expect(b.summary.status).toBe('done');
    const lines = b.extraction!.lines;
    expect(rightLines(lines, second)).toBe(second.length);
    expect(lines).toHaveLength(second.length);
    for (const l of lines) {
      expect(l.origin).toBe('template');
      expect(l.confidence).toBeGreaterThanOrEqual(0.9);
      expect(l.source?.page).toBe(1);
      expect(l.source!.box.x).toBeGreaterThanOrEqual(0);
      expect(l.source!.box.x + l.source!.box.w).toBeLessThanOrEqual(1);
    }
    // each line's source box lies inside the table, one below the other
    const ys = lines.map((l) => l.source!.box.y);
    expect(ys).toEqual([...ys].sort((p, q) => p - q));
    expect(b.extraction!.warnings.filter((w) => w.startsWith('The line amounts'))).toEqual([]);
    expect(b.json.lines).toHaveLength(second.length);
    expect(b.usage).toBeUndefined();
    // reviewed without a correction, the second one is the vendor's first clean document
    await h('documents:create-bill', { id: b.summary.id });
    expect((await h('documents:vendors', {})).vendors.find((v) => v.partnerId === VENDOR)).toMatchObject({ documents: 2, correctedFields: 1, cleanStreak: 1 });
  }, 180_000);

  it('the arithmetic check still flags a learned table whose lines do not add up to the net amount', async () => {
    const rows: Row[] = [
      { qty: 2, desc: ['Kalibrierung Waage', 'Standort Halle 3'], price: 120 },
      // printed with a wrong line total: 3 × 40,00 is not 150,00
      { qty: 3, desc: ['Pruefgewicht 1 kg F1'], price: 40, printed: 150 },
    ];
    const c = await addAndWait('brandt-3.pdf', brandt({ number: 'R-24-0502', date: '02.05.2024', rows }));
    const lines = c.extraction!.lines;
    expect(lines.map((l) => [l.description, l.amount])).toEqual([
      ['Kalibrierung Waage Standort Halle 3', 240],
      ['Pruefgewicht 1 kg F1', 150],
    ]);
    expect(lines[1]!.confidence).toBeLessThan(lines[0]!.confidence!);
    expect(c.extraction!.warnings.some((w) => /line amounts add up to 390\.00, not the net amount 360\.00/.test(w))).toBe(true);
  }, 180_000);
});
