import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentsPdf } from '../../test/helpers/documents-pdf';
import { makeTempDir } from '../../test/helpers/temp-dir';
import type { EventName } from '../contract';
import { silentLogger } from '../shared/logger';
import { createService, type Service } from './service';

// The documents calls through the service: contract checks, errors, events, and a clean shutdown of the pool.
let tmp: ReturnType<typeof makeTempDir>;
let service: Service;
beforeEach(() => {
  tmp = makeTempDir();
  service = createService({ dataDir: tmp.dir, host: 'test', logger: silentLogger, checkOutputs: true, documentWorkers: 1 });
});
afterEach(async () => {
  await service.close();
  tmp.cleanup();
});

const pdf = documentsPdf([[{ x: 50, y: 60, text: 'Acme Ltd' }, { x: 350, y: 165, text: 'Invoice No: Q-77' }, { x: 380, y: 370, text: 'Total EUR' }, { x: 480, y: 370, text: '12.50' }]]);

describe('documents through the service', () => {
  it('adds, lists, reads and pushes documents:changed events; outputs match the contract', async () => {
    const seen: string[] = [];
    service.subscribe((e: EventName, p) => {
      if (e === 'documents:changed') seen.push((p as { status: string }).status);
    });
    const r = await service.invoke('documents:add', { files: [{ fileName: 'q.pdf', contentBase64: Buffer.from(pdf).toString('base64') }] });
    expect(r.ok).toBe(true);
    await service.documents!.queue.idle();
    const list = await service.invoke('documents:list', {});
    expect(list).toMatchObject({ ok: true, value: { documents: [{ fileName: 'q.pdf', status: 'done', invoiceNumber: 'Q-77', mime: 'application/pdf' }] } });
    expect(seen).toContain('done');
    const file = await service.invoke('documents:file', { id: 1 });
    expect(file.ok && Buffer.from((file.value as { contentBase64: string }).contentBase64, 'base64').equals(Buffer.from(pdf))).toBe(true);
    const words = await service.invoke('documents:page-words', { id: 1, page: 1 });
    expect(words.ok && (words.value as { words: Array<{ text: string }> }).words.some((w) => w.text.includes('Q-77'))).toBe(true);
  }, 120_000);

  it('answers bad input and unknown documents with clear codes', async () => {
    expect(await service.invoke('documents:add', { files: [] })).toMatchObject({ ok: false, error: { code: 'contract/invalid-input' } });
    expect(await service.invoke('documents:add', { files: [{ fileName: 'a.pdf', contentBase64: 'AA==' }], langs: 'eng; rm -rf' })).toMatchObject({ ok: false, error: { code: 'contract/invalid-input' } });
    expect(await service.invoke('documents:get', { id: 404 })).toMatchObject({ ok: false, error: { code: 'app/not-found' } });
    expect(await service.invoke('documents:correct', { id: 1, field: 'noSuchField', value: 'x' })).toMatchObject({ ok: false, error: { code: 'contract/invalid-input' } });
    expect(await service.invoke('documents:vendor-set', { partnerId: 3, autoDraft: true })).toMatchObject({ ok: false, error: { code: 'contract/invalid-input' } });
    expect(await service.invoke('documents:vendors', {})).toEqual({ ok: true, value: { vendors: [] } });
  });

  it('rejects a correction of the wrong type for its field', async () => {
    await service.invoke('documents:add', { files: [{ fileName: 'q.pdf', contentBase64: Buffer.from(pdf).toString('base64') }] });
    await service.documents!.queue.idle();
    expect(await service.invoke('documents:correct', { id: 1, field: 'invoiceDate', value: '31/02/2024' })).toMatchObject({ ok: false, error: { code: 'contract/invalid-input', message: expect.stringMatching(/YYYY-MM-DD/) } });
    expect(await service.invoke('documents:correct', { id: 1, field: 'invoiceDate', value: '2024-02-31' })).toMatchObject({ ok: false, error: { code: 'contract/invalid-input' } });
    expect(await service.invoke('documents:correct', { id: 1, field: 'currency', value: 'Euro' })).toMatchObject({ ok: false, error: { code: 'contract/invalid-input' } });
    const ok = await service.invoke('documents:correct', { id: 1, field: 'amountTotal', value: '1 234,50' });
    expect(ok).toMatchObject({ ok: true, value: { extraction: { fields: { amountTotal: { value: 1234.5, origin: 'user' } } } } });
  }, 120_000);
});
