import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { decodeJpeg, decodePng, orient } from './decoders';
import { drawScan, toJpeg, toPng } from './test-images';

/** A minimal PNG writer (filter 0 rows; CRCs are not checked by the decoder, written as 0). */
function png(width: number, height: number, colorType: number, depth: number, rows: Uint8Array[], extra: [string, Uint8Array][] = []): Uint8Array {
  const chunk = (type: string, data: Uint8Array): Uint8Array => {
    const out = new Uint8Array(12 + data.length);
    new DataView(out.buffer).setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    return out;
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr[8] = depth;
  ihdr[9] = colorType;
  const raw = new Uint8Array(rows.reduce((n, r) => n + r.length + 1, 0));
  let o = 0;
  for (const r of rows) {
    raw[o] = 0;
    raw.set(r, o + 1);
    o += r.length + 1;
  }
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), ...extra.map(([t, d]) => chunk(t, d)), chunk('IDAT', new Uint8Array(deflateSync(raw))), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('decodePng', () => {
  it('reads 8-bit gray, 1-bit gray and 16-bit gray', () => {
    expect([...decodePng(png(3, 1, 0, 8, [new Uint8Array([0, 128, 255])])).data]).toEqual([0, 128, 255]);
    // 1-bit: 0b10100000 → white, black, white
    expect([...decodePng(png(3, 1, 0, 1, [new Uint8Array([0b10100000])])).data]).toEqual([255, 0, 255]);
    expect([...decodePng(png(2, 1, 0, 16, [new Uint8Array([0x12, 0x34, 0xff, 0x00])])).data]).toEqual([0x12, 0xff]);
  });

  it('reads RGB, RGBA (alpha on white), gray+alpha and palettes with transparency', () => {
    expect([...decodePng(png(2, 1, 2, 8, [new Uint8Array([255, 0, 0, 255, 255, 255])])).data]).toEqual([76, 255]);
    // fully transparent black pixel → paper
    expect([...decodePng(png(2, 1, 6, 8, [new Uint8Array([0, 0, 0, 0, 0, 0, 0, 255])])).data]).toEqual([255, 0]);
    expect([...decodePng(png(1, 1, 4, 8, [new Uint8Array([0, 128])])).data][0]).toBeCloseTo(127, -1);
    const plte = new Uint8Array([0, 0, 0, 255, 255, 255]);
    const trns = new Uint8Array([0, 255]);
    // 2-bit palette indices 1, 0 → white, black-but-transparent → white
    expect([...decodePng(png(2, 1, 3, 2, [new Uint8Array([0b01000000])], [['PLTE', plte], ['tRNS', trns]])).data]).toEqual([255, 255]);
  });

  it('matches what @napi-rs/canvas drew (a real encoder with filtered rows)', () => {
    const c = drawScan({ width: 300, height: 120, lines: [{ text: 'Total 12.50', x: 10, y: 80, size: 40 }] });
    const g = decodePng(toPng(c));
    expect(g.width).toBe(300);
    expect(g.height).toBe(120);
    const ink = g.data.filter((v) => v < 128).length;
    expect(ink).toBeGreaterThan(500);
    expect(ink).toBeLessThan(300 * 120 * 0.3);
  });

  it('refuses truncated and damaged files with extract/corrupt instead of crashing', () => {
    const good = toPng(drawScan({ width: 200, height: 100, lines: [{ text: 'Hello', x: 10, y: 60, size: 40 }] }));
    for (const bad of [good.slice(0, 40), good.slice(0, good.length - 20), new Uint8Array(10)]) {
      const e = (() => {
        try {
          decodePng(bad);
          return null;
        } catch (err) {
          return err;
        }
      })();
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('extract/corrupt');
    }
  });
});

describe('decodeJpeg and orientation', () => {
  it('decodes a JPEG drawn by canvas and rejects a damaged one', async () => {
    const c = drawScan({ width: 320, height: 100, lines: [{ text: 'Invoice', x: 10, y: 70, size: 44 }] });
    const bytes = toJpeg(c);
    const g = await decodeJpeg(bytes);
    expect([g.width, g.height]).toEqual([320, 100]);
    expect(g.data.filter((v) => v < 100).length).toBeGreaterThan(300);
    const broken = bytes.slice();
    for (let i = 200; i < broken.length; i += 97) broken[i] = (broken[i] ?? 0) ^ 0x5a;
    await expect(decodeJpeg(broken.slice(0, 150))).rejects.toMatchObject({ code: 'extract/corrupt' });
  });

  it('turns images per their EXIF orientation', () => {
    // 2×1: [a b] → orientation 6 (rotate 90° clockwise) → 1×2: [a; b]; 3 (180°) → [b a]
    const img = { width: 2, height: 1, data: new Uint8Array([10, 20]) };
    expect(orient(img, 6)).toEqual({ width: 1, height: 2, data: new Uint8Array([10, 20]) });
    expect(orient(img, 8)).toEqual({ width: 1, height: 2, data: new Uint8Array([20, 10]) });
    expect(orient(img, 3)).toEqual({ width: 2, height: 1, data: new Uint8Array([20, 10]) });
    expect(orient(img, 1)).toBe(img);
  });
});
