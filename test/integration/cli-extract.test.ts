import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExtractJson } from '../../core/contract';
import { useCliSuite } from '../helpers/cli';
import { documentsPdf } from '../helpers/documents-pdf';

// `smart-odoo extract` in a child process: one JSON object per file, per-file errors, exit codes, help.
const tmp = useCliSuite();
const run = tmp.run;

const pdf = (n: string) =>
  documentsPdf([
    [
      { x: 50, y: 60, text: 'Acme Supplies GmbH', size: 16, bold: true },
      { x: 50, y: 95, text: 'USt-IdNr.: DE 136 695 976' },
      { x: 50, y: 110, text: 'IBAN: DE89 3704 0044 0532 0130 00' },
      { x: 350, y: 165, text: `Invoice No: ${n}` },
      { x: 350, y: 180, text: 'Invoice date: 17.03.2024' },
      { x: 380, y: 340, text: 'Subtotal' },
      { x: 480, y: 340, text: '1.400,00' },
      { x: 380, y: 355, text: 'VAT 19%' },
      { x: 480, y: 355, text: '266,00' },
      { x: 380, y: 370, text: 'Total EUR' },
      { x: 480, y: 370, text: '1.666,00' },
    ],
  ]);

beforeAll(() => {
  writeFileSync(path.join(tmp.dir, 'a.pdf'), pdf('RE-2024-117'));
  writeFileSync(path.join(tmp.dir, 'b.pdf'), pdf('RE-2024-118'));
  writeFileSync(path.join(tmp.dir, 'broken.pdf'), '%PDF-1.7\nnot really');
});

describe('smart-odoo extract', () => {
  it('--json: one object per file in order; a broken or missing file is an error without stopping the others; exit 1', async () => {
    const files = ['a.pdf', 'broken.pdf', 'missing.pdf', 'b.pdf'].map((f) => path.join(tmp.dir, f));
    const r = await run(['extract', ...files, '--json', '--lang', 'eng+deu']);
    expect(r.code, r.stderr).toBe(1);
    const out = (JSON.parse(r.stdout) as unknown[]).map((o) => ExtractJson.parse(o));
    expect(out.map((o) => [path.basename(o.file), o.status])).toEqual([
      ['a.pdf', 'ok'],
      ['broken.pdf', 'error'],
      ['missing.pdf', 'error'],
      ['b.pdf', 'ok'],
    ]);
    expect(out[0]).toMatchObject({
      documentType: 'invoice',
      vendor: { vat: 'DE136695976', iban: 'DE89370400440532013000', partnerId: null },
      invoiceNumber: 'RE-2024-117',
      invoiceDate: '2024-03-17',
      currency: 'EUR',
      amountUntaxed: 1400,
      amountTax: 266,
      amountTotal: 1666,
      method: 'text-layer',
    });
    expect(out[3]!.invoiceNumber).toBe('RE-2024-118');
    expect(out[1]!.error!.code).toMatch(/^extract\//);
    expect(out[2]!.error).toMatchObject({ code: 'app/not-found' });
    expect(r.stderr).toMatch(/2 of 4 file\(s\) could not be read/);
  }, 180_000);

  it('prints a readable summary; exit 0 when all files were read', async () => {
    const r = await run(['extract', path.join(tmp.dir, 'a.pdf')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/a\.pdf/);
    expect(r.stdout).toMatch(/number\s+RE-2024-117/);
    expect(r.stdout).toMatch(/total\s+1666\.00 EUR/);
  }, 180_000);

  it('usage errors exit 2; --help documents the JSON', async () => {
    expect((await run(['extract'])).code).toBe(2);
    expect((await run(['extract', 'x.pdf', '--lang', 'english; rm'])).code).toBe(2);
    const help = await run(['extract', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--json/);
    expect(help.stdout).toMatch(/amountTotal/);
    expect((await run(['--help'])).stdout).toMatch(/extract/);
  }, 60_000);
});
