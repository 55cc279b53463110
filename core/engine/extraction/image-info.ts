/**
 * File type by magic bytes and image dimensions from headers (PNG IHDR, JPEG SOFn, TIFF IFDs) — enough to
 * refuse a 40-megapixel image before anything decodes it.
 */
import UTIF from 'utif2';

export type DetectedType = 'pdf' | 'png' | 'jpeg' | 'tiff' | 'xml' | 'unknown';

export function detectType(bytes: Uint8Array): DetectedType {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0x00) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0x00 && b[3] === 0x2a))) return 'tiff';
  // %PDF- may follow a few junk bytes (the spec allows it within the first 1024)
  const head = new TextDecoder('latin1').decode(b.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  const text = head.replace(/^\uFEFF|^ï»¿/, '').trimStart();
  if (text.startsWith('<')) return 'xml';
  return 'unknown';
}

export type ImageInfo = { width: number; height: number; frames: number; megapixels: number };

function u16be(b: Uint8Array, o: number): number {
  return ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
}
function u32be(b: Uint8Array, o: number): number {
  return (((b[o] ?? 0) << 24) >>> 0) + (((b[o + 1] ?? 0) << 16) | ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0));
}

/** Dimensions without decoding pixels; undefined when the header is unreadable. TIFF sums all frames. */
export function imageInfo(bytes: Uint8Array, type: DetectedType): ImageInfo | undefined {
  if (type === 'png') {
    if (bytes.length < 24) return undefined;
    const width = u32be(bytes, 16);
    const height = u32be(bytes, 20);
    return { width, height, frames: 1, megapixels: (width * height) / 1e6 };
  }
  if (type === 'jpeg') {
    let o = 2;
    while (o + 9 < bytes.length) {
      if (bytes[o] !== 0xff) {
        o++;
        continue;
      }
      const marker = bytes[o + 1] ?? 0;
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        o += 2;
        continue;
      }
      const len = u16be(bytes, o + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        const height = u16be(bytes, o + 5);
        const width = u16be(bytes, o + 7);
        return { width, height, frames: 1, megapixels: (width * height) / 1e6 };
      }
      if (len < 2) return undefined;
      o += 2 + len;
    }
    return undefined;
  }
  if (type === 'tiff') {
    try {
      const ifds = UTIF.decode(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      let px = 0;
      let width = 0;
      let height = 0;
      let frames = 0;
      for (const ifd of ifds) {
        const w = Number((ifd.t256 as number[] | undefined)?.[0] ?? 0);
        const h = Number((ifd.t257 as number[] | undefined)?.[0] ?? 0);
        if (!w || !h) continue;
        if (frames === 0) {
          width = w;
          height = h;
        }
        frames++;
        px += w * h;
      }
      return frames > 0 ? { width, height, frames, megapixels: px / 1e6 } : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
