/**
 * npm run bench:ocr — speed, memory and word accuracy of the offline OCR (core/engine/extraction/ocr).
 *
 * 1. One invoice page at --dpi (default 200): invoice2data's AzureInterior.pdf page 1, rendered and OCR'd as
 *    if it had no text layer, with createOcr's default workers (--page-workers N; the page is read in that
 *    many bands at once unless --bands 1). Cold (the first page of a fresh OCR instance, worker start
 *    included) and steady state (median of --runs further pages), wall and CPU time (all threads), with the
 *    stage split (render, preprocess, recognise) from the same building blocks.
 * 2. Throughput with 1 and 2 workers: --batch pages (the first page of each invoice2data PDF, repeated) at
 *    once; pages per second and peak RSS per configuration.
 * 3. SROIE receipts (26 scans): word recall against the line ground truth (box/*.csv), and whether the
 *    company, date and total strings of key/*.json occur in the OCR text (what field extraction needs).
 *
 * Reads ../shared/corpus (SMART_ODOO_CORPUS overrides), never writes there.
 * Options: --dpi N, --runs N (5), --batch N (8), --workers 1,2, --page-workers N, --bands N, --langs eng, --psm 3, --threshold soft|otsu|paper|sauvola|none,
 *          --min-side N (images), --no-deskew, --no-normalize, --param name=value (Tesseract parameter, repeatable), --skip-speed, --skip-batch, --skip-sroie, --sroie-limit N, --verbose, --json.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type CreateOcrOptions, createOcr, defaultWorkerCount } from '../core/engine/extraction/ocr/index';
import { prepareForOcr } from '../core/engine/extraction/ocr/preprocess';
import { renderPdfPage } from '../core/engine/extraction/ocr/render-pdf';
import { openPdf } from '../core/engine/extraction/pdf-text';
import type { OcrOptions, PageText } from '../core/engine/extraction/types';

const here = dirname(fileURLToPath(import.meta.url));
const CORPUS = resolve(process.env.SMART_ODOO_CORPUS ?? resolve(here, '../../shared/corpus'));

const { values } = parseArgs({
  options: {
    dpi: { type: 'string', default: '200' },
    runs: { type: 'string', default: '5' },
    batch: { type: 'string', default: '8' },
    workers: { type: 'string', default: '1,2' },
    'page-workers': { type: 'string' },
    bands: { type: 'string' },
    langs: { type: 'string', default: 'eng' },
    psm: { type: 'string' },
    threshold: { type: 'string' },
    'min-side': { type: 'string' },
    'no-deskew': { type: 'boolean', default: false },
    'no-normalize': { type: 'boolean', default: false },
    param: { type: 'string', multiple: true },
    'skip-speed': { type: 'boolean', default: false },
    'skip-batch': { type: 'boolean', default: false },
    'skip-sroie': { type: 'boolean', default: false },
    'sroie-limit': { type: 'string' },
    verbose: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const DPI = Number(values.dpi);
const RUNS = Math.max(1, Number(values.runs));
const LANGS = values.langs;

function tuning(): CreateOcrOptions {
  const o: CreateOcrOptions = { langs: LANGS };
  if (values.psm) o.psm = values.psm;
  if (values.threshold) o.threshold = values.threshold as CreateOcrOptions['threshold'];
  if (values['min-side']) o.minImageShortSide = Number(values['min-side']);
  if (values['no-deskew']) o.deskew = false;
  if (values['no-normalize']) o.normalize = false;
  if (values.bands) o.bandsPerPage = Number(values.bands);
  if (values.param?.length) o.params = Object.fromEntries(values.param.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return o;
}

const out: Record<string, unknown> = { node: process.version, cpus: os.cpus().length, loadAvg: os.loadavg().map((v) => Math.round(v * 100) / 100), dpi: DPI, langs: LANGS, tuning: tuning() };
const log = (s: string): void => {
  if (!values.json) process.stdout.write(`${s}\n`);
};
const ms = (v: number): string => `${Math.round(v)} ms`;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

/** Samples RSS every 20 ms while `fn` runs; returns its result and the peak in MB. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peak = process.memoryUsage.rss();
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakMb: Math.round(peak / 1048576) };
  } finally {
    clearInterval(t);
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { value, wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

const opts = (extra: Partial<OcrOptions> = {}): OcrOptions => ({ langs: LANGS, pageTimeoutMs: 120_000, dpi: DPI, warnings: [], ...extra });

async function speed(): Promise<void> {
  const file = join(CORPUS, 'invoice2data/compare/AzureInterior.pdf');
  const bytes = new Uint8Array(readFileSync(file));
  const workers = values['page-workers'] ? Number(values['page-workers']) : defaultWorkerCount();
  log(`\n1. one invoice page (invoice2data AzureInterior.pdf p.1) at ${DPI} dpi, langs ${LANGS}, ${workers} worker${workers > 1 ? 's' : ''}`);
  const ocr = createOcr({ ...tuning(), workers });
  try {
    const cold = await timed(() => ocr.ocr({ kind: 'pdf-pages', bytes, pages: [1] }, opts()));
    const words = cold.value[0]?.words.length ?? 0;
    log(`   cold (worker start + first page): ${ms(cold.wallMs)} wall, ${ms(cold.cpuMs)} CPU, ${words} words`);
    const runs: { wallMs: number; cpuMs: number }[] = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await timed(() => ocr.ocr({ kind: 'pdf-pages', bytes, pages: [1] }, opts())));
    const wall = median(runs.map((r) => r.wallMs));
    const cpu = median(runs.map((r) => r.cpuMs));
    log(`   steady (median of ${RUNS}): ${ms(wall)} wall, ${ms(cpu)} CPU; runs ${runs.map((r) => Math.round(r.wallMs)).join(', ')} ms`);
    // stage split with the same building blocks
    const h = await openPdf(bytes);
    const split: { render: number; prep: number }[] = [];
    let size = '';
    for (let i = 0; i < RUNS; i += 1) {
      const t0 = performance.now();
      const r = await renderPdfPage(h, 1, DPI, 12_000_000);
      const t1 = performance.now();
      const p = prepareForOcr(r.gray, { threshold: tuning().threshold ?? 'soft', deskew: tuning().deskew ?? true, normalize: tuning().normalize ?? true });
      const t2 = performance.now();
      size = `${p.width}×${p.height}`;
      split.push({ render: t1 - t0, prep: t2 - t1 });
    }
    await h.close();
    const render = median(split.map((s) => s.render));
    const prep = median(split.map((s) => s.prep));
    log(`   stages (median): render ${ms(render)}, preprocess ${ms(prep)}, recognise ≈ ${ms(wall - render - prep)} (${size} px)`);
    out.invoicePage = { coldMs: Math.round(cold.wallMs), coldCpuMs: Math.round(cold.cpuMs), steadyMs: Math.round(wall), steadyCpuMs: Math.round(cpu), runsMs: runs.map((r) => Math.round(r.wallMs)), renderMs: Math.round(render), preprocessMs: Math.round(prep), words, pixels: size };
  } finally {
    await ocr.close();
  }
}

async function batch(): Promise<void> {
  const dir = join(CORPUS, 'invoice2data/compare');
  const pdfs = readdirSync(dir)
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(dir, f))));
  const n = Math.max(1, Number(values.batch));
  const docs = Array.from({ length: n }, (_, i) => pdfs[i % pdfs.length] as Uint8Array);
  const results: Record<string, unknown> = {};
  log(`\n2. batch of ${n} invoice pages (first page of each invoice2data PDF), all submitted at once`);
  for (const w of values.workers.split(',').map(Number)) {
    const ocr = createOcr({ ...tuning(), workers: w });
    try {
      await ocr.warmUp();
      const r = await withPeakRss(() => timed(() => Promise.all(docs.map((bytes) => ocr.ocr({ kind: 'pdf-pages', bytes, pages: [1] }, opts())))));
      const pages = r.value.value.flat().length;
      const perPage = r.value.wallMs / pages;
      log(`   ${w} worker${w > 1 ? 's' : ' '}: ${ms(r.value.wallMs)} for ${pages} pages = ${ms(perPage)}/page, ${(pages / (r.value.wallMs / 1000)).toFixed(2)} pages/s, CPU ${ms(r.value.cpuMs / pages)}/page, peak RSS ${r.peakMb} MB`);
      results[`workers${w}`] = { wallMs: Math.round(r.value.wallMs), msPerPage: Math.round(perPage), cpuMsPerPage: Math.round(r.value.cpuMs / pages), peakRssMb: r.peakMb };
    } finally {
      await ocr.close();
    }
  }
  out.batch = results;
}

/** Word multiset recall: ground-truth words found among the OCR words (each OCR word used once). */
function wordRecall(truth: string[], got: string[]): { hit: number; total: number } {
  const pool = new Map<string, number>();
  for (const g of got) pool.set(g, (pool.get(g) ?? 0) + 1);
  let hit = 0;
  for (const t of truth) {
    const c = pool.get(t) ?? 0;
    if (c > 0) {
      hit += 1;
      pool.set(t, c - 1);
    }
  }
  return { hit, total: truth.length };
}

const squash = (s: string): string => s.toUpperCase().replace(/\s+/g, '');

async function sroie(): Promise<void> {
  const dir = join(CORPUS, 'sroie-zzzdavid');
  if (!existsSync(dir)) {
    log('\n3. SROIE: corpus folder missing, skipped');
    return;
  }
  let ids = readdirSync(join(dir, 'img'))
    .filter((f) => f.endsWith('.jpg'))
    .map((f) => f.replace(/\.jpg$/, ''))
    .sort();
  if (values['sroie-limit']) ids = ids.slice(0, Number(values['sroie-limit']));
  log(`\n3. SROIE receipts (${ids.length} scans), langs ${LANGS}`);
  const ocr = createOcr({ ...tuning(), workers: 1 });
  let hit = 0;
  let total = 0;
  const keys = { company: 0, date: 0, total: 0 };
  const times: number[] = [];
  const perDoc: Record<string, unknown>[] = [];
  try {
    await ocr.warmUp();
    for (const id of ids) {
      const truthWords = readFileSync(join(dir, 'box', `${id}.csv`), 'utf8')
        .split(/\r?\n/)
        .map((l) => l.split(',').slice(8).join(','))
        .flatMap((t) => t.split(/\s+/))
        .filter(Boolean);
      const key = JSON.parse(readFileSync(join(dir, 'key', `${id}.json`), 'utf8')) as Record<string, string>;
      const bytes = new Uint8Array(readFileSync(join(dir, 'img', `${id}.jpg`)));
      const r = await timed(() => ocr.ocr({ kind: 'image', bytes, mime: 'image/jpeg' }, opts({ dpi: undefined })));
      times.push(r.wallMs);
      const pages: PageText[] = r.value;
      const words = pages.flatMap((p) => p.words.map((w) => w.text));
      const rec = wordRecall(truthWords, words);
      hit += rec.hit;
      total += rec.total;
      const text = squash(words.join(' '));
      const found = {
        company: !!key.company && text.includes(squash(key.company)),
        date: !!key.date && text.includes(squash(key.date)),
        total: !!key.total && text.includes(squash(key.total.replace(/^(RM|\$)\s*/i, ''))),
      };
      for (const k of ['company', 'date', 'total'] as const) if (found[k]) keys[k] += 1;
      perDoc.push({ id, recall: Math.round((rec.hit / Math.max(1, rec.total)) * 1000) / 1000, ms: Math.round(r.wallMs), ...found });
      if (values.verbose) log(`   ${id}: recall ${((rec.hit / Math.max(1, rec.total)) * 100).toFixed(0)}% ${Math.round(r.wallMs)} ms company ${found.company ? 'y' : 'n'} date ${found.date ? 'y' : 'n'} total ${found.total ? 'y' : 'n'} conf ${pages[0]?.conf ?? 0}`);
    }
  } finally {
    await ocr.close();
  }
  const n = ids.length;
  const pct = (v: number): string => `${((v / Math.max(1, n)) * 100).toFixed(0)}%`;
  log(`   word recall ${((hit / Math.max(1, total)) * 100).toFixed(1)}% (${hit}/${total} ground-truth words)`);
  log(`   key strings present in the OCR text: company ${pct(keys.company)}, date ${pct(keys.date)}, total ${pct(keys.total)}`);
  log(`   time per receipt: median ${ms(median(times))}, max ${ms(Math.max(...times))}`);
  out.sroie = { receipts: n, wordRecall: Math.round((hit / Math.max(1, total)) * 1000) / 1000, words: total, keysPresent: { company: keys.company / n, date: keys.date / n, total: keys.total / n }, medianMs: Math.round(median(times)), maxMs: Math.round(Math.max(...times)), ...(values.verbose ? { perDoc } : {}) };
}

async function main(): Promise<void> {
  if (!existsSync(CORPUS)) {
    process.stderr.write(`Corpus not found at ${CORPUS} (set SMART_ODOO_CORPUS).\n`);
    process.exit(2);
  }
  log(`bench:ocr — Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  if (!values['skip-speed']) await speed();
  if (!values['skip-batch']) await batch();
  if (!values['skip-sroie']) await sroie();
  out.maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  log(`\npeak RSS of the whole run: ${String(out.maxRssMb)} MB; load average now ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  if (values.json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
