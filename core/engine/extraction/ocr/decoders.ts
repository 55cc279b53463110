/**
 * Image decoders in JavaScript (plus Node's zlib) straight to 8-bit gray, for files from the user.
 *
 * Why not @napi-rs/canvas's `Image`: in 0.1.100 a truncated or damaged PNG/JPEG crashes the whole process
 * with a segmentation fault (reproduced with a PNG cut after its IHDR and a JPEG with flipped bytes), so
 * a bad file would take the core down with it. These decoders throw instead:
 * - PNG: every colour type and bit depth, palettes with transparency, Adam7 interlacing.
 * - JPEG: pdf.js's decoder (baseline, progressive, gray/RGB/CMYK), with the EXIF orientation applied.
 */
import { inflateSync } from 'node:zlib';
import { AppError } from '../../../shared/errors';
import type { Gray } from './preprocess';

const corrupt = (kind: string, why: string): AppError => new AppError('extract/corrupt', `The ${kind} image is damaged and cannot be read (${why}).`);

function u32(b: Uint8Array, o: number): number {
  return (((b[o] ?? 0) << 24) >>> 0) + ((b[o + 1] ?? 0) << 16) + ((b[o + 2] ?? 0) << 8) + (b[o + 3] ?? 0);
}

const ADAM7: [number, number, number, number][] = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** Decodes a PNG to gray (alpha composited on white). Throws extract/corrupt on any inconsistency. */
export function decodePng(bytes: Uint8Array): Gray {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 33 || sig.some((v, i) => bytes[i] !== v)) throw corrupt('PNG', 'no PNG signature');
  let o = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let colorType = -1;
  let interlace = 0;
  let palette: Uint8Array | null = null;
  let paletteAlpha: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (o + 8 <= bytes.length) {
    const len = u32(bytes, o);
    const type = String.fromCharCode(bytes[o + 4] ?? 0, bytes[o + 5] ?? 0, bytes[o + 6] ?? 0, bytes[o + 7] ?? 0);
    const start = o + 8;
    const end = start + len;
    if (end + 4 > bytes.length) throw corrupt('PNG', `chunk ${type} runs past the end of the file`);
    const data = bytes.subarray(start, end);
    if (type === 'IHDR') {
      width = u32(data, 0);
      height = u32(data, 4);
      depth = data[8] ?? 0;
      colorType = data[9] ?? -1;
      interlace = data[12] ?? 0;
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') paletteAlpha = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    o = end + 4;
  }
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!channels || !(width > 0 && height > 0)) throw corrupt('PNG', 'bad header');
  if (![1, 2, 4, 8, 16].includes(depth) || (colorType !== 0 && colorType !== 3 && depth < 8) || (colorType === 3 && depth > 8)) {
    throw corrupt('PNG', `unsupported bit depth ${depth} for colour type ${colorType}`);
  }
  if (colorType === 3 && !palette) throw corrupt('PNG', 'palette missing');
  if (idat.length === 0) throw corrupt('PNG', 'no image data');
  if (!ended) throw corrupt('PNG', 'the file is truncated');
  const bitsPerPixel = channels * depth;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const passes = interlace === 1 ? ADAM7 : ([[0, 0, 1, 1]] as [number, number, number, number][]);
  let expected = 0;
  const dims = passes.map(([x0, y0, dx, dy]) => {
    const pw = width > x0 ? Math.ceil((width - x0) / dx) : 0;
    const ph = height > y0 ? Math.ceil((height - y0) / dy) : 0;
    const rowBytes = Math.ceil((pw * bitsPerPixel) / 8);
    if (pw > 0 && ph > 0) expected += ph * (rowBytes + 1);
    return { pw, ph, rowBytes };
  });
  let raw: Buffer;
  try {
    raw = inflateSync(idat.length === 1 ? (idat[0] as Uint8Array) : Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch (e) {
    throw corrupt('PNG', e instanceof Error ? e.message : String(e));
  }
  if (raw.length < expected) throw corrupt('PNG', 'the image data is short');
  const out = new Uint8Array(width * height);
  const maxSample = (1 << depth) - 1;
  let p = 0;
  passes.forEach(([x0, y0, dx, dy], pi) => {
    const { pw, ph, rowBytes } = dims[pi] ?? { pw: 0, ph: 0, rowBytes: 0 };
    if (pw === 0 || ph === 0) return;
    let prev = new Uint8Array(rowBytes);
    let cur = new Uint8Array(rowBytes);
    for (let r = 0; r < ph; r += 1) {
      const filter = raw[p] ?? 0;
      p += 1;
      for (let i = 0; i < rowBytes; i += 1) {
        const x = raw[p + i] ?? 0;
        const a = i >= bpp ? (cur[i - bpp] ?? 0) : 0;
        const b = prev[i] ?? 0;
        const c = i >= bpp ? (prev[i - bpp] ?? 0) : 0;
        let v: number;
        switch (filter) {
          case 0:
            v = x;
            break;
          case 1:
            v = x + a;
            break;
          case 2:
            v = x + b;
            break;
          case 3:
            v = x + ((a + b) >> 1);
            break;
          case 4: {
            const pa = Math.abs(b - c);
            const pb = Math.abs(a - c);
            const pc = Math.abs(a + b - 2 * c);
            v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
            break;
          }
          default:
            throw corrupt('PNG', `unknown row filter ${filter}`);
        }
        cur[i] = v & 0xff;
      }
      p += rowBytes;
      const y = y0 + r * dy;
      const rowOut = y * width;
      for (let k = 0; k < pw; k += 1) {
        const x = x0 + k * dx;
        out[rowOut + x] = pixelGray(cur, k, colorType, depth, maxSample, palette, paletteAlpha);
      }
      const t = prev;
      prev = cur;
      cur = t;
    }
  });
  return { width, height, data: out };
}

function sampleAt(row: Uint8Array, index: number, depth: number): number {
  if (depth === 8) return row[index] ?? 0;
  if (depth === 16) return row[index * 2] ?? 0;
  const bit = index * depth;
  const byte = row[bit >> 3] ?? 0;
  const shift = 8 - depth - (bit & 7);
  return (byte >> shift) & ((1 << depth) - 1);
}

function pixelGray(row: Uint8Array, k: number, colorType: number, depth: number, maxSample: number, palette: Uint8Array | null, pAlpha: Uint8Array | null): number {
  const s8 = depth === 16 ? 2 : 1;
  switch (colorType) {
    case 0: {
      const v = sampleAt(row, k, depth);
      return depth === 16 ? v : depth === 8 ? v : Math.round((v * 255) / maxSample);
    }
    case 3: {
      const idx = sampleAt(row, k, depth);
      const r = palette?.[idx * 3] ?? 0;
      const g = palette?.[idx * 3 + 1] ?? 0;
      const b = palette?.[idx * 3 + 2] ?? 0;
      const l = (r * 77 + g * 150 + b * 29) >> 8;
      const a = pAlpha && idx < pAlpha.length ? (pAlpha[idx] ?? 255) : 255;
      return a === 255 ? l : 255 - (((255 - l) * a) / 255) | 0;
    }
    case 2: {
      const i = k * 3 * s8;
      return ((row[i] ?? 0) * 77 + (row[i + s8] ?? 0) * 150 + (row[i + 2 * s8] ?? 0) * 29) >> 8;
    }
    case 4: {
      const i = k * 2 * s8;
      const l = row[i] ?? 0;
      const a = row[i + s8] ?? 255;
      return a === 255 ? l : 255 - (((255 - l) * a) / 255) | 0;
    }
    default: {
      const i = k * 4 * s8;
      const l = ((row[i] ?? 0) * 77 + (row[i + s8] ?? 0) * 150 + (row[i + 2 * s8] ?? 0) * 29) >> 8;
      const a = row[i + 3 * s8] ?? 255;
      return a === 255 ? l : 255 - (((255 - l) * a) / 255) | 0;
    }
  }
}

type JpegImageLike = {
  parse(data: Uint8Array): void;
  width: number;
  height: number;
  numComponents: number;
  getData(o: { width: number; height: number; forceRGB?: boolean; forceRGBA?: boolean; isSourcePDF?: boolean }): Uint8Array | Uint8ClampedArray;
};
type ImageDecoders = { JpegImage: new (o?: { colorTransform?: number }) => JpegImageLike; setVerbosityLevel(level: number): void };
let decodersPromise: Promise<ImageDecoders> | undefined;

function loadDecoders(): Promise<ImageDecoders> {
  decodersPromise ??= (import('pdfjs-dist/legacy/image_decoders/pdf.image_decoders.mjs') as Promise<ImageDecoders>).then((m) => {
    // errors only: a damaged file is reported through the thrown error, not console warnings
    m.setVerbosityLevel(0);
    return m;
  });
  return decodersPromise;
}

/** Decodes a JPEG to gray with pdf.js's decoder, applying the EXIF orientation. */
export async function decodeJpeg(bytes: Uint8Array): Promise<Gray> {
  const { JpegImage } = await loadDecoders();
  const j = new JpegImage();
  let data: Uint8Array | Uint8ClampedArray;
  try {
    j.parse(bytes);
    if (!(j.width > 0 && j.height > 0)) throw new Error('no frame');
    data = j.getData({ width: j.width, height: j.height, forceRGB: j.numComponents !== 1, isSourcePDF: false });
  } catch (e) {
    throw corrupt('JPEG', e instanceof Error ? e.message : String(e));
  }
  const { width, height } = j;
  const n = width * height;
  let gray: Uint8Array;
  if (data.length === n) gray = data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.length);
  else if (data.length >= n * 3) {
    gray = new Uint8Array(n);
    for (let i = 0, k = 0; i < n; i += 1, k += 3) gray[i] = ((data[k] ?? 0) * 77 + (data[k + 1] ?? 0) * 150 + (data[k + 2] ?? 0) * 29) >> 8;
  } else throw corrupt('JPEG', 'unexpected pixel data');
  return orient({ width, height, data: gray }, exifOrientation(bytes));
}

/** The EXIF orientation (1..8) of a JPEG, 1 when absent. */
export function exifOrientation(b: Uint8Array): number {
  let o = 2;
  while (o + 4 < b.length && b[o] === 0xff) {
    const marker = b[o + 1] ?? 0;
    const len = ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0);
    if (marker === 0xda || len < 2) break;
    // APP1 "Exif\0\0"
    if (marker === 0xe1 && b[o + 4] === 0x45 && b[o + 5] === 0x78 && b[o + 6] === 0x69 && b[o + 7] === 0x66) {
      const t = o + 10;
      const le = b[t] === 0x49;
      const r16 = (p: number): number => (le ? (b[p] ?? 0) | ((b[p + 1] ?? 0) << 8) : ((b[p] ?? 0) << 8) | (b[p + 1] ?? 0));
      const r32 = (p: number): number => (le ? r16(p) + r16(p + 2) * 65536 : r16(p) * 65536 + r16(p + 2));
      const ifd = t + r32(t + 4);
      const count = r16(ifd);
      for (let i = 0; i < count && ifd + 2 + i * 12 + 12 <= b.length; i += 1) {
        const e = ifd + 2 + i * 12;
        if (r16(e) === 0x0112) {
          const v = r16(e + 8);
          return v >= 1 && v <= 8 ? v : 1;
        }
      }
      return 1;
    }
    o += 2 + len;
  }
  return 1;
}

/** Applies an EXIF orientation so the image is upright. */
export function orient(img: Gray, orientation: number): Gray {
  if (orientation <= 1 || orientation > 8) return img;
  const { width: w, height: h, data: s } = img;
  const swap = orientation >= 5;
  const W = swap ? h : w;
  const H = swap ? w : h;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      let nx: number;
      let ny: number;
      switch (orientation) {
        case 2:
          nx = w - 1 - x;
          ny = y;
          break;
        case 3:
          nx = w - 1 - x;
          ny = h - 1 - y;
          break;
        case 4:
          nx = x;
          ny = h - 1 - y;
          break;
        case 5:
          nx = y;
          ny = x;
          break;
        case 6:
          nx = h - 1 - y;
          ny = x;
          break;
        case 7:
          nx = h - 1 - y;
          ny = w - 1 - x;
          break;
        default:
          nx = y;
          ny = w - 1 - x;
      }
      out[ny * W + nx] = s[y * w + x] ?? 255;
    }
  }
  return { width: W, height: H, data: out };
}
