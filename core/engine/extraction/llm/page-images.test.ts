import { describe, expect, it } from 'vitest';
import { decodePng } from '../ocr/decoders';
import { encodeGrayPng } from '../ocr/images';
import { drawScan, inkShare, invoicePage, mixedPdf, prng, toImagePdf, toJpeg, toPng, toTiff } from '../ocr/test-images';
import type { Gray } from '../ocr/preprocess';
import { MAX_IMAGES, pagesNeedingImages, renderPageImages, shrink, VISION_MAX_LONG_SIDE, VISION_MAX_PIXELS, visionSize } from './page-images';
import { pageFromLines } from './test-invoice';

const ocrPage = (n: number) => pageFromLines([`page ${n}`], n, 'ocr');
const textPage = (n: number) => pageFromLines([`page ${n}`], n, 'text-layer');
const withinVision = (g: Gray) => {
  expect(Math.max(g.width, g.height)).toBeLessThanOrEqual(VISION_MAX_LONG_SIDE);
  expect(g.width * g.height).toBeLessThanOrEqual(VISION_MAX_PIXELS);
};

const mixed = (): Uint8Array => mixedPdf('Cover letter for invoice INV-2024-0042', 100);

describe('gray PNG encoding and downscaling', () => {
  it('encodeGrayPng round-trips exactly through a PNG decoder', () => {
    const rnd = prng(7);
    const w = 37;
    const h = 23;
    const data = new Uint8Array(w * h);
    // gradients, flat runs and noise rows
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = y % 5 === 4 ? Math.floor(rnd() * 256) : y % 3 === 0 ? 200 : (x * 7 + y * 3) & 255;
    const png = encodeGrayPng({ width: w, height: h, data });
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const back = decodePng(png);
    expect([back.width, back.height]).toEqual([w, h]);
    expect(Buffer.from(back.data).equals(Buffer.from(data))).toBe(true);
  });

  it('visionSize keeps small images and fits others within 1568 px and ~1.15 MP, keeping the aspect ratio', () => {
    expect(visionSize(800, 600)).toEqual({ width: 800, height: 600 });
    const a4 = visionSize(1654, 2339); // A4 at 200 dpi
    expect(a4.width * a4.height).toBeLessThanOrEqual(VISION_MAX_PIXELS);
    expect(a4.width / a4.height).toBeCloseTo(1654 / 2339, 2);
    expect(a4.width * a4.height).toBeGreaterThan(VISION_MAX_PIXELS * 0.99);
    const receipt = visionSize(600, 4000);
    expect(receipt.height).toBe(VISION_MAX_LONG_SIDE);
    expect(receipt.width).toBe(Math.floor(600 * (1568 / 4000)));
  });

  it('shrink averages areas: 2×2 blocks become their mean, odd ratios keep the mean level', () => {
    const g: Gray = { width: 4, height: 2, data: new Uint8Array([0, 255, 10, 20, 255, 0, 30, 40]) };
    expect(Array.from(shrink(g, 2, 1).data)).toEqual([128, 25]);
    const stripes: Gray = { width: 30, height: 30, data: new Uint8Array(900).map((_, i) => (i % 30) % 3 === 0 ? 0 : 255) };
    const s = shrink(stripes, 7, 7);
    // one third black: every output pixel ≈ 170 (bilinear would alias to 0 or 255 in places)
    for (const v of s.data) expect(Math.abs(v - 170)).toBeLessThanOrEqual(40);
  });
});

describe('renderPageImages', () => {
  it('pagesNeedingImages: every page without a text-layer reading, an OCR page that timed out included', () => {
    expect(pagesNeedingImages([textPage(1), ocrPage(2), textPage(4)], 4)).toEqual([2, 3]);
    expect(pagesNeedingImages([textPage(1)], 1)).toEqual([]);
  });

  it('a scanned PDF: one gray PNG per page, within the vision limits, showing the page', async () => {
    const pdf = toImagePdf([invoicePage(100).canvas, invoicePage(100).canvas]);
    const r = await renderPageImages(pdf, { pages: [ocrPage(1), ocrPage(2)], pageCount: 2 });
    expect(r.warnings).toEqual([]);
    expect(r.images.map((i) => i.page)).toEqual([1, 2]);
    for (const i of r.images) {
      const g = decodePng(i.png);
      withinVision(g);
      // A4 at the pixel cap (≈ 900 × 1275), not a thumbnail
      expect(g.height).toBeGreaterThan(1200);
      expect(g.width / g.height).toBeCloseTo(595 / 842, 2);
      // the invoice's text: ink in the header and at the total, none in the empty band between lines and totals
      expect(inkShare(g, 0.05, 0.15)).toBeGreaterThan(0.005);
      expect(inkShare(g, 0.8, 0.86)).toBeGreaterThan(0.001);
      expect(inkShare(g, 0.45, 0.7)).toBe(0);
    }
  });

  it('a mixed PDF: only the page without a text layer', async () => {
    const r = await renderPageImages(mixed(), { pages: [textPage(1), ocrPage(2)], pageCount: 2 });
    expect(r.images.map((i) => i.page)).toEqual([2]);
    // page 2 is the invoice scan (its total near the bottom), not the one-line cover page
    expect(inkShare(decodePng(r.images[0]!.png), 0.8, 0.86)).toBeGreaterThan(0.001);
  });

  it('a digital PDF: nothing to render', async () => {
    const r = await renderPageImages(mixed(), { pages: [textPage(1), textPage(2)], pageCount: 2 });
    expect(r).toEqual({ images: [], warnings: [] });
  });

  it('image files: a PNG within the limits goes unchanged; larger PNGs, JPEGs and TIFF frames become fitted gray PNGs', async () => {
    const small = toPng(drawScan({ width: 800, height: 600, lines: [{ text: 'Total 12.00', x: 40, y: 100, size: 30 }] }));
    const r1 = await renderPageImages(small, { pages: [ocrPage(1)], pageCount: 1 });
    expect(r1.images).toHaveLength(1);
    expect(r1.images[0]!.png).toEqual(small);

    const big = invoicePage(200).canvas; // 1653 × 2339
    for (const bytes of [toPng(big), toJpeg(big)]) {
      const r = await renderPageImages(bytes, { pages: [ocrPage(1)], pageCount: 1 });
      const g = decodePng(r.images[0]!.png);
      withinVision(g);
      expect(g.width * g.height).toBeGreaterThan(VISION_MAX_PIXELS * 0.98);
      expect(inkShare(g, 0.05, 0.15)).toBeGreaterThan(0.005);
    }

    const tiff = toTiff([invoicePage(72).canvas, drawScan({ width: 300, height: 200, lines: [] })]);
    const r3 = await renderPageImages(tiff, { pages: [ocrPage(1), ocrPage(2)], pageCount: 2 });
    expect(r3.images.map((i) => [i.page, decodePng(i.png).width])).toEqual([
      [1, 595],
      [2, 300],
    ]);
  });

  it(`at most ${MAX_IMAGES} pages, with a warning`, async () => {
    const pages = Array.from({ length: MAX_IMAGES + 2 }, () => drawScan({ width: 60, height: 80, lines: [] }));
    const r = await renderPageImages(toImagePdf(pages, 60, 80), { pages: pages.map((_, i) => ocrPage(i + 1)), pageCount: pages.length });
    expect(r.images).toHaveLength(MAX_IMAGES);
    expect(r.images.at(-1)!.page).toBe(MAX_IMAGES);
    expect(r.warnings).toEqual([`Only the first ${MAX_IMAGES} of ${MAX_IMAGES + 2} scanned pages were sent to Claude as images.`]);
  });

  it('an unreadable file gives no image and a warning; a cancelled one rejects', async () => {
    const broken = new TextEncoder().encode('%PDF-1.7\nnot really a pdf');
    const r = await renderPageImages(broken, { pages: [], pageCount: 1 });
    expect(r.images).toEqual([]);
    expect(r.warnings[0]).toMatch(/^No page images for Claude \(.+\); the OCR text was sent\.$/);

    const ac = new AbortController();
    ac.abort();
    await expect(renderPageImages(toImagePdf([invoicePage(72).canvas]), { pages: [ocrPage(1)], pageCount: 1 }, { signal: ac.signal })).rejects.toMatchObject({ code: 'app/cancelled' });
  });
});
