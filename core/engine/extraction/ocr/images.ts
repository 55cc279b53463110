/**
 * Raster input for OCR: PNG and JPEG through our JavaScript decoders (decoders.ts — not @napi-rs/canvas,
 * which crashes the process on damaged files), TIFF (multi-page, incl. CCITT fax, LZW, JPEG) through utif2. The size is read from the file header first, so a huge image (≥ maxMegapixels) is
 * refused before its pixels are decoded.
 */
import { createCanvas } from '@napi-rs/canvas';
import UTIF from 'utif2';
import { AppError } from '../../../shared/errors';
import { EXTRACT_LIMITS } from '../types';
import { decodeJpeg, decodePng } from './decoders';
import { type Gray, rgbaToGray } from './preprocess';

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/tiff';

/** One page of an image file: its size from the header (before any EXIF rotation), and how to decode it to gray. */
export type ImagePage = { width: number; height: number; decode(): Promise<Gray> };

function u16be(b: Uint8Array, o: number): number {
  return ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
}
function u32be(b: Uint8Array, o: number): number {
  return (((b[o] ?? 0) << 24) >>> 0) + ((b[o + 1] ?? 0) << 16) + ((b[o + 2] ?? 0) << 8) + (b[o + 3] ?? 0);
}

/** Width and height from a PNG's IHDR chunk, or null when the signature is wrong. */
export function pngSize(b: Uint8Array): { width: number; height: number } | null {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length < 24 || sig.some((v, i) => b[i] !== v)) return null;
  return { width: u32be(b, 16), height: u32be(b, 20) };
}

/** Width and height from a JPEG's first SOF marker, or null. */
export function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let o = 2;
  while (o + 9 < b.length) {
    if (b[o] !== 0xff) {
      o += 1;
      continue;
    }
    const marker = b[o + 1] ?? 0;
    if (marker === 0xff) {
      o += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      o += 2;
      continue;
    }
    const len = u16be(b, o + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(b, o + 5), width: u16be(b, o + 7) };
    }
    if (len < 2) return null;
    o += 2 + len;
  }
  return null;
}

function tooLarge(width: number, height: number, page?: number): AppError {
  const mp = (width * height) / 1e6;
  return new AppError(
    'extract/too-large',
    `The image${page ? ` (page ${page})` : ''} is ${width} × ${height} pixels (${mp.toFixed(1)} megapixels); images of ${EXTRACT_LIMITS.maxMegapixels} megapixels or more are refused.`,
    { width, height, megapixels: Math.round(mp * 10) / 10 },
  );
}

function checkSize(width: number, height: number, page?: number): void {
  if (!(width > 0 && height > 0)) throw new AppError('extract/corrupt', 'The image has no valid size in its header.');
  if (width * height >= EXTRACT_LIMITS.maxMegapixels * 1e6) throw tooLarge(width, height, page);
}

/**
 * The pages of an image file (TIFF may have several; PNG/JPEG one). Throws extract/too-large for a page
 * of ≥ maxMegapixels (from the header, before decoding), extract/corrupt for unreadable files and
 * extract/too-large for TIFFs with ≥ maxPages pages.
 */
export function imagePages(bytes: Uint8Array, mime: ImageMime): ImagePage[] {
  if (bytes.length === 0) throw new AppError('extract/empty', 'The image file is empty.');
  if (mime === 'image/png' || mime === 'image/jpeg') {
    const size = mime === 'image/png' ? pngSize(bytes) : jpegSize(bytes);
    const kind = mime === 'image/png' ? 'PNG' : 'JPEG';
    if (!size) throw new AppError('extract/corrupt', `The file is not a valid ${kind} image (no ${kind} header).`);
    checkSize(size.width, size.height);
    return [{ width: size.width, height: size.height, decode: async () => (mime === 'image/png' ? decodePng(bytes) : decodeJpeg(bytes)) }];
  }
  return tiffPages(bytes);
}

function tiffPages(bytes: Uint8Array): ImagePage[] {
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let ifds: UTIF.IFD[];
  try {
    const le = bytes[0] === 0x49 && bytes[1] === 0x49 && bytes[2] === 42;
    const be = bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[3] === 42;
    if (!le && !be) throw new Error('no TIFF header');
    ifds = UTIF.decode(buf);
  } catch (e) {
    throw new AppError('extract/corrupt', `The file is not a readable TIFF image: ${e instanceof Error ? e.message : String(e)}`);
  }
  // sub-IFDs (thumbnails) are not pages; only top-level IFDs with a size
  const pages = ifds.filter((ifd) => tagNumber(ifd, 't256') > 0 && tagNumber(ifd, 't257') > 0);
  if (pages.length === 0) throw new AppError('extract/corrupt', 'The TIFF file contains no image.');
  if (pages.length >= EXTRACT_LIMITS.maxPages) {
    throw new AppError('extract/too-large', `The TIFF has ${pages.length} pages; documents of ${EXTRACT_LIMITS.maxPages} pages or more are refused.`, { pages: pages.length });
  }
  return pages.map((ifd, i) => {
    const width = tagNumber(ifd, 't256');
    const height = tagNumber(ifd, 't257');
    checkSize(width, height, pages.length > 1 ? i + 1 : undefined);
    return {
      width,
      height,
      decode: async (): Promise<Gray> => {
        try {
          UTIF.decodeImage(buf, ifd);
          const rgba = UTIF.toRGBA8(ifd);
          if (rgba.length < width * height * 4) throw new Error('pixel data is short');
          const gray = rgbaToGray(rgba, width, height);
          // free the decoded planes held on the IFD (decodeImage decodes again if asked)
          delete (ifd as { data?: Uint8Array }).data;
          return gray;
        } catch (e) {
          throw new AppError('extract/corrupt', `TIFF page ${i + 1} cannot be decoded: ${e instanceof Error ? e.message : String(e)}`);
        }
      },
    };
  });
}

function tagNumber(ifd: UTIF.IFD, tag: string): number {
  const v = ifd[tag];
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && typeof v[0] === 'number') return v[0];
  return 0;
}

/** A grayscale raster as a PNG (encoded by @napi-rs/canvas, as the OCR stage's renders are drawn). */
export function encodeGrayPng(g: Gray): Uint8Array {
  const canvas = createCanvas(g.width, g.height);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(g.width, g.height);
  for (let i = 0, j = 0; i < g.data.length; i++, j += 4) {
    const v = g.data[i]!;
    img.data[j] = v;
    img.data[j + 1] = v;
    img.data[j + 2] = v;
    img.data[j + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return new Uint8Array(canvas.toBuffer('image/png'));
}
