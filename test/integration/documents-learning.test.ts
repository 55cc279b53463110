import path from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { calls, type EventPayload } from '../../core/contract';
import { createDocumentsPart } from '../../core/host/documents-part';
import { EventBus } from '../../core/host/events';
import { silentLogger } from '../../core/shared/logger';
import { openStore, type Store } from '../../core/store/db';
import { createCacheRepo } from '../../core/sync/cache-repo';
import { createOutboxRepo } from '../../core/sync/outbox-repo';
import { documentsPdf } from '../helpers/documents-pdf';
import { makeTempDir } from '../helpers/temp-dir';

// The document queue end to end on a real SQLite store and real worker threads, no LLM: intake, hashing,
// errors, cancel, corrections and the learning loop (the acceptance test: one correction on vendor X's
// first invoice makes the next invoice from X right), accuracy and auto-drafting.
let tmp: ReturnType<typeof makeTempDir>;
let store: Store;
let part: ReturnType<typeof createDocumentsPart>;
const events: Array<EventPayload<'documents:changed'>> = [];

const VENDOR = 501;

/** An invoice of vendor X (Kestrel Tooling): its number sits beside the unusual label “Dossier”. */
function kestrel(o: { number: string; date: string; lines: Array<[string, number]> }): Uint8Array {
  const net = o.lines.reduce((s, [, a]) => s + a, 0);
  const tax = Math.round(net * 21) / 100;
  const fmt = (v: number) => v.toFixed(2).replace('.', ',');
  return documentsPdf([
    [
      { x: 50, y: 60, text: 'Kestrel Tooling BV', size: 16, bold: true },
      { x: 50, y: 80, text: 'Industrieweg 4, 3542 AD Utrecht' },
      { x: 50, y: 95, text: 'BTW: NL123456782B01' },
      { x: 350, y: 140, text: 'FACTUUR', size: 18, bold: true },
      { x: 350, y: 165, text: 'Klantnummer: 100234' },
      { x: 350, y: 180, text: 'Dossier' },
      { x: 420, y: 180, text: o.number },
      { x: 350, y: 195, text: `Datum: ${o.date}` },
      { x: 50, y: 260, text: 'Omschrijving' },
      { x: 480, y: 260, text: 'Bedrag' },
      ...o.lines.flatMap(([d, a], i) => [
        { x: 50, y: 280 + i * 15, text: d },
        { x: 480, y: 280 + i * 15, text: fmt(a) },
      ]),
      { x: 380, y: 400, text: 'Subtotaal' },
      { x: 480, y: 400, text: fmt(net) },
      { x: 380, y: 415, text: 'BTW 21%' },
      { x: 480, y: 415, text: fmt(tax) },
      { x: 380, y: 430, text: 'Totaal EUR' },
      { x: 480, y: 430, text: fmt(net + tax) },
    ],
  ]);
}

type H = typeof part.handlers;
async function h<K extends keyof H>(name: K, input: z.input<(typeof calls)[K]['input']>): Promise<Awaited<ReturnType<H[K]>>> {
  const parsed = calls[name].input.parse(input);
  const out = await (part.handlers[name] as (i: unknown, c: { host: 'test' }) => unknown)(parsed, { host: 'test' });
  const check = calls[name].output.safeParse(out);
  expect(check.success, JSON.stringify(check.error?.issues.slice(0, 3))).toBe(true);
  return out as Awaited<ReturnType<H[K]>>;
}
const file = (fileName: string, bytes: Uint8Array) => ({ fileName, contentBase64: Buffer.from(bytes).toString('base64') });
async function addAndWait(files: Array<{ fileName: string; contentBase64: string }>) {
  const r = await h('documents:add', { files });
  await part.queue.idle();
  return r.documents;
}

beforeAll(() => {
  tmp = makeTempDir();
  store = openStore(path.join(tmp.dir, 'smart-odoo.sqlite'));
  createCacheRepo(store.db).putMany(
    'res.partner',
    [
      { id: VENDOR, name: 'Kestrel Tooling B.V.', vat: 'NL123456782B01', is_company: true, supplier_rank: 3, active: true, write_date: '2026-01-01 00:00:00' },
      { id: 502, name: 'Somebody Else Ltd', is_company: true, supplier_rank: 1, active: true, write_date: '2026-01-01 00:00:00' },
    ],
    new Date().toISOString(),
  );
  createCacheRepo(store.db).putMany('res.currency', [{ id: 1, name: 'EUR', symbol: '€', active: true, write_date: '2026-01-01 00:00:00' }], new Date().toISOString());
  const bus = new EventBus(silentLogger);
  bus.subscribe((e, p) => {
    if (e === 'documents:changed') events.push(p as EventPayload<'documents:changed'>);
  });
  part = createDocumentsPart({ db: store.db, dataDir: tmp.dir, bus, logger: silentLogger, connectionId: () => 'conn-1', outboxChanged: () => {}, workers: 2 });
  part.start();
});

afterAll(async () => {
  await part?.close();
  store?.close();
  tmp?.cleanup();
});

describe('documents queue and learning loop', () => {
  let firstId = 0;

  it('learning acceptance: one correction on vendor X’s first invoice makes the next invoice from X right, offline', async () => {
    const [a] = await addAndWait([file('kestrel-7781.pdf', kestrel({ number: 'KT-7781', date: '12-03-2024', lines: [['Frezen M8', 100]] }))]);
    firstId = a!.id;
    const first = await h('documents:get', { id: firstId });
    expect(first.summary.status).toBe('done');
    expect(first.vendor).toMatchObject({ partnerId: VENDOR, matchedBy: 'vat' });
    // the pipeline alone does not read the number beside “Dossier”
    expect(first.extraction!.fields.invoiceNumber?.value).not.toBe('KT-7781');
    expect(first.usage).toBeUndefined();

    const corrected = await h('documents:correct', { id: firstId, field: 'invoiceNumber', value: 'KT-7781' });
    expect(corrected.extraction!.fields.invoiceNumber).toMatchObject({ value: 'KT-7781', origin: 'user', confidence: 1 });
    expect(corrected.corrected).toEqual(['invoiceNumber']);
    expect(corrected.json.invoiceNumber).toBe('KT-7781');
    const stored = store.db.prepare<[number], { field: string; new_value: string }>('SELECT field, new_value FROM document_corrections WHERE document_id = ?').all(firstId);
    expect(stored).toEqual([{ field: 'invoiceNumber', new_value: '"KT-7781"' }]);
    expect((await h('documents:vendors', {})).vendors.find((v) => v.partnerId === VENDOR)?.templateFields).toEqual(['invoiceNumber']);

    const [b] = await addAndWait([file('kestrel-7802.pdf', kestrel({ number: 'KT-7802', date: '02-04-2024', lines: [['Boren 6 mm', 250], ['Slijpen', 40]] }))]);
    const next = await h('documents:get', { id: b!.id });
    expect(next.extraction!.fields.invoiceNumber).toMatchObject({ value: 'KT-7802', origin: 'template' });
    expect(next.extraction!.fields.amountTotal?.value).toBe(350.9);
    expect(next.json).toMatchObject({ invoiceNumber: 'KT-7802', invoiceDate: '2024-04-02', vendor: { partnerId: VENDOR } });
    expect(next.usage).toBeUndefined();
  }, 180_000);

  it('recognises a file already added by its content, and the events tell the story', async () => {
    const again = await h('documents:add', { files: [file('renamed.pdf', kestrel({ number: 'KT-7781', date: '12-03-2024', lines: [['Frezen M8', 100]] }))] });
    expect(again.documents).toEqual([{ id: firstId, fileName: 'kestrel-7781.pdf', status: 'done', duplicateOf: firstId }]);
    const mine = events.filter((e) => e.id === firstId).map((e) => e.status);
    expect(mine.slice(0, 2)).toEqual(['queued', 'processing']);
    expect(mine).toContain('done');
    expect(events.some((e) => e.id === firstId && e.progress?.stage === 'text')).toBe(true);
  });

  it('a corrupt and a non-document file fail on their own with a clear error; the rest of the batch is read', async () => {
    const docs = await addAndWait([
      file('broken.pdf', new TextEncoder().encode('%PDF-1.7\n% nothing else')),
      file('good.pdf', kestrel({ number: 'KT-7900', date: '03-05-2024', lines: [['Draaien', 75]] })),
      file('notes.txt', new TextEncoder().encode('just some words, not an invoice')),
    ]);
    const list = (await h('documents:list', {})).documents;
    const byName = new Map(list.map((d) => [d.fileName, d]));
    expect(byName.get('good.pdf')).toMatchObject({ status: 'done', invoiceNumber: 'KT-7900', partnerId: VENDOR });
    expect(byName.get('broken.pdf')!.status).toBe('error');
    expect(byName.get('broken.pdf')!.error!.code).toMatch(/^extract\//);
    expect(byName.get('notes.txt')).toMatchObject({ status: 'error', error: { code: 'extract/unsupported' } });
    expect(docs).toHaveLength(3);
    const detail = await h('documents:get', { id: byName.get('broken.pdf')!.id });
    expect(detail.json).toMatchObject({ status: 'error', error: { code: byName.get('broken.pdf')!.error!.code } });
  }, 180_000);

  it('cancel, retry and remove', async () => {
    const pdf = kestrel({ number: 'KT-8000', date: '04-05-2024', lines: [['Zagen', 12]] });
    const added = await h('documents:add', { files: [file('cancel-me.pdf', pdf)] });
    const id = added.documents[0]!.id;
    const cancelled = await h('documents:cancel', { id });
    expect(cancelled.status).toBe('cancelled');
    await part.queue.idle();
    expect((await h('documents:get', { id })).summary.status).toBe('cancelled');
    const retried = await h('documents:retry', { id });
    expect(['queued', 'processing']).toContain(retried.status);
    await part.queue.idle();
    expect((await h('documents:get', { id })).summary).toMatchObject({ status: 'done', invoiceNumber: 'KT-8000' });
    const sha = (await h('documents:get', { id })).summary.sha256;
    expect(existsSync(path.join(tmp.dir, 'documents', sha))).toBe(true);
    expect(await h('documents:remove', { id })).toEqual({ id, removed: true });
    expect(existsSync(path.join(tmp.dir, 'documents', sha))).toBe(false);
    expect(await h('documents:remove', { id })).toEqual({ id, removed: false });
    await expect(h('documents:get', { id })).rejects.toMatchObject({ code: 'app/not-found' });
  }, 180_000);

  it('measures the vendor’s accuracy on reviewed documents and promotes it to auto-drafting after 3 clean ones', async () => {
    // the corrected first invoice, reviewed: 1 corrected field
    await h('documents:create-bill', { id: firstId });
    let v = (await h('documents:vendors', {})).vendors.find((x) => x.partnerId === VENDOR)!;
    expect(v.cleanStreak).toBe(0);
    expect(v.correctedFields).toBe(1);
    expect(v.accuracy).toBeGreaterThan(0.8);
    expect(v.accuracy).toBeLessThan(1);
    await expect(h('documents:vendor-set', { partnerId: VENDOR, autoDraft: true })).rejects.toMatchObject({ code: 'contract/invalid-input' });

    const docs = await addAndWait([
      file('k-1.pdf', kestrel({ number: 'KT-9001', date: '01-06-2024', lines: [['Frezen', 110]] })),
      file('k-2.pdf', kestrel({ number: 'KT-9002', date: '02-06-2024', lines: [['Frezen', 120]] })),
    ]);
    const list = (await h('documents:list', { status: 'done' })).documents;
    const clean = list.filter((d) => d.partnerId === VENDOR).map((d) => d.id);
    expect(clean.length).toBeGreaterThanOrEqual(3);
    for (const id of clean.slice(0, 3)) {
      const r = await h('documents:create-bill', { id });
      expect(r.summary.status).toBe('drafted');
      expect(createOutboxRepo(store.db).get(r.outboxId)).toMatchObject({ kind: 'bill:create', state: 'pending' });
    }
    expect(docs).toHaveLength(2);
    v = (await h('documents:vendors', {})).vendors.find((x) => x.partnerId === VENDOR)!;
    expect(v.cleanStreak).toBe(3);
    expect(v.autoDraft).toBe(false);
    expect((await h('documents:vendor-set', { partnerId: VENDOR, autoDraft: true })).autoDraft).toBe(true);

    const [auto] = await addAndWait([file('k-auto.pdf', kestrel({ number: 'KT-9100', date: '19-06-2024', lines: [['Frezen', 130]] }))]);
    const s = (await h('documents:get', { id: auto!.id })).summary;
    expect(s).toMatchObject({ status: 'drafted', autoDrafted: true, invoiceNumber: 'KT-9100' });
    expect(createOutboxRepo(store.db).get(s.billOutboxId!)?.payload).toMatchObject({ moveType: 'in_invoice', partnerId: VENDOR, ref: 'KT-9100', invoiceDate: '2024-06-19' });
  }, 240_000);

  it('refuses a bill without the required fields, and a duplicate unless forced', async () => {
    const [d] = await addAndWait([file('k-dup.pdf', kestrel({ number: 'KT-9001', date: '20-06-2024', lines: [['Frezen', 999]] }))]);
    await expect(h('documents:create-bill', { id: d!.id })).rejects.toMatchObject({ code: 'documents/duplicate-bill' });
    expect((await h('documents:get', { id: d!.id })).duplicates[0]).toMatchObject({ kind: 'number' });
    await h('documents:correct', { id: d!.id, field: 'invoiceDate', value: null });
    await expect(h('documents:create-bill', { id: d!.id, force: true })).rejects.toMatchObject({ code: 'documents/missing-fields', message: expect.stringMatching(/invoice date/) });
    await h('documents:correct', { id: d!.id, field: 'invoiceDate', value: '2024-06-20' });
    expect((await h('documents:create-bill', { id: d!.id, force: true })).summary.status).toBe('drafted');
    await expect(h('documents:create-bill', { id: d!.id, force: true })).rejects.toMatchObject({ code: 'documents/busy' });
    await expect(h('documents:correct', { id: d!.id, field: 'amountTotal', value: 'twelve' })).rejects.toMatchObject({ code: 'documents/busy' });
  }, 180_000);
});
