import { describe, expect, it } from 'vitest';
import {
  binarize,
  encodePbm,
  encodePgm,
  estimateSkew,
  inkRatio,
  otsuThreshold,
  prepareForOcr,
  resize,
  rgbaToGray,
  rotate,
  sauvola,
  unrotatePoint,
  type Gray,
} from './preprocess';
import { canvasGray, invoicePage } from './test-images';

const solid = (w: number, h: number, v: number): Gray => ({ width: w, height: h, data: new Uint8Array(w * h).fill(v) });

describe('grayscale and thresholds', () => {
  it('converts RGBA to luminance and composites transparency on white', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255]);
    const g = rgbaToGray(rgba, 4, 1);
    expect(g.data[0]).toBeGreaterThan(70);
    expect(g.data[0]).toBeLessThan(80);
    expect(g.data[1]).toBe(255); // fully transparent black → paper
    expect(g.data[2]).toBe(0);
    expect(g.data[3]).toBe(255);
  });

  it('Otsu separates two gray populations between their levels', () => {
    const img = solid(100, 10, 200);
    for (let i = 0; i < 300; i += 1) img.data[i] = 40;
    const t = otsuThreshold(img);
    expect(t).toBeGreaterThanOrEqual(40);
    expect(t).toBeLessThan(200);
    const bin = binarize(img, t);
    expect(inkRatio(bin)).toBeCloseTo(0.3, 5);
  });

  it('Sauvola keeps dark text on an uneven background that one global level gets wrong', () => {
    // left half light paper, right half dark paper; a "stroke" 40 levels darker than its own paper on each side
    const w = 200;
    const h = 60;
    const img = solid(w, h, 0);
    for (let y = 0; y < h; y += 1) {
      for (let x = 0; x < w; x += 1) {
        const paper = x < w / 2 ? 230 : 120;
        const stroke = y >= 28 && y < 32 && x % 50 > 10 && x % 50 < 40;
        img.data[y * w + x] = stroke ? paper - 60 : paper;
      }
    }
    const global = binarize(img, otsuThreshold(img));
    const adaptive = sauvola(img, 10);
    // global: the whole dark half becomes ink
    expect(global.data[10 * w + 150]).toBe(0);
    // adaptive: paper stays paper on both sides, the strokes are ink on both sides
    expect(adaptive.data[10 * w + 150]).toBe(255);
    expect(adaptive.data[10 * w + 20]).toBe(255);
    expect(adaptive.data[30 * w + 20]).toBe(0);
    expect(adaptive.data[30 * w + 120]).toBe(0);
  });
});

describe('deskew', () => {
  const page = (deg: number): Gray => {
    const g = canvasGray(invoicePage(100, deg, 0.01).canvas);
    return binarize(g, otsuThreshold(g));
  };

  it.each([0, 2.5, -3, 6, -8.5])('estimates a rotation of %s° within 1°', (deg) => {
    expect(Math.abs(estimateSkew(page(deg)) - deg)).toBeLessThan(1);
  });

  it('rotating by the estimate straightens the page', () => {
    const g = canvasGray(invoicePage(100, 4, 0).canvas);
    const straight = rotate(g, estimateSkew(binarize(g, otsuThreshold(g))));
    expect(Math.abs(estimateSkew(binarize(straight, otsuThreshold(straight))))).toBeLessThan(0.5);
  });

  it('returns 0 for a blank page', () => {
    expect(estimateSkew(binarize(solid(300, 300, 255), 128))).toBe(0);
  });

  it('unrotatePoint inverts rotate for a marked pixel', () => {
    const w = 301;
    const h = 201;
    const img = solid(w, h, 255);
    // a 3×3 dark dot at (250, 40)
    for (let y = 39; y <= 41; y += 1) for (let x = 249; x <= 251; x += 1) img.data[y * w + x] = 0;
    const r = rotate(img, 7);
    let sx = 0;
    let sy = 0;
    let n = 0;
    for (let y = 0; y < h; y += 1) {
      for (let x = 0; x < w; x += 1) {
        if ((r.data[y * w + x] ?? 255) < 128) {
          sx += x;
          sy += y;
          n += 1;
        }
      }
    }
    expect(n).toBeGreaterThan(0);
    const back = unrotatePoint(sx / n, sy / n, w, h, 7);
    expect(back.x).toBeCloseTo(250, 0);
    expect(back.y).toBeCloseTo(40, 0);
  });
});

describe('resize, encoders and prepareForOcr', () => {
  it('resizes bilinearly keeping flat areas flat', () => {
    const r = resize(solid(10, 10, 77), 25, 5);
    expect(r.width).toBe(25);
    expect(r.height).toBe(5);
    expect([...new Set(r.data)]).toEqual([77]);
  });

  it('encodes PGM and PBM with correct headers and sizes', () => {
    const img = solid(10, 3, 255);
    img.data[0] = 0;
    img.data[9] = 0;
    const pgm = encodePgm(img);
    expect(new TextDecoder().decode(pgm.subarray(0, 12))).toBe('P5\n10 3\n255\n');
    expect(pgm.length).toBe(12 + 30);
    const pbm = encodePbm(img);
    const head = 'P4\n10 3\n';
    expect(new TextDecoder().decode(pbm.subarray(0, head.length))).toBe(head);
    expect(pbm.length).toBe(head.length + 2 * 3);
    expect(pbm[head.length]).toBe(0x80); // x = 0 ink
    expect(pbm[head.length + 1]).toBe(0x40); // x = 9 ink (second byte, bit 1)
  });

  it('enlarges small images, caps big ones, and reports the skew it removed', () => {
    const small = prepareForOcr(solid(300, 500, 255), { minShortSide: 900 });
    expect(small.scale).toBeCloseTo(3, 5);
    expect(small.width).toBe(900);
    const big = prepareForOcr(solid(4000, 4000, 255), { maxPixels: 4_000_000 });
    expect(big.width * big.height).toBeLessThanOrEqual(4_000_000);
    const skewed = prepareForOcr(canvasGray(invoicePage(100, -5, 0).canvas));
    expect(Math.abs(skewed.skewDeg + 5)).toBeLessThan(1);
  });
});
