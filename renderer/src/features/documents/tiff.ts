/**
 * TIFF scans in the review pane: browsers do not display TIFF, so its pages are decoded with utif2 (pure
 * JavaScript, loaded on first use) into RGBA for a canvas.
 */
type Ifd = { width: number; height: number; [k: string]: unknown };
type Utif = {
  decode(buffer: ArrayBuffer): Ifd[];
  decodeImage(buffer: ArrayBuffer, ifd: Ifd): void;
  toRGBA8(ifd: Ifd): Uint8Array;
};

/** Pages larger than this are not decoded for display (the core refuses them for extraction anyway). */
const MAX_PIXELS = 40_000_000;

export type TiffPage = { width: number; height: number; rgba: Uint8ClampedArray<ArrayBuffer> };

export async function decodeTiff(bytes: Uint8Array): Promise<{ pages: number; page(n: number): TiffPage }> {
  const mod = (await import('utif2')) as unknown as { default?: Utif } & Utif;
  const UTIF: Utif = mod.default ?? mod;
  const buffer = bytes.slice().buffer;
  // sub-IFDs (thumbnails) are not pages: keep the full-size images
  const ifds = UTIF.decode(buffer).filter((ifd) => ifd['t254'] === undefined || (Array.isArray(ifd['t254']) && ifd['t254'][0] !== 1));
  return {
    pages: ifds.length,
    page(n) {
      const ifd = ifds[n - 1];
      if (!ifd) throw new Error(`The TIFF has no page ${n}.`);
      UTIF.decodeImage(buffer, ifd);
      if (ifd.width * ifd.height > MAX_PIXELS) throw new Error('This scan is too large to preview.');
      const rgba = new Uint8ClampedArray(UTIF.toRGBA8(ifd));
      return { width: ifd.width, height: ifd.height, rgba };
    },
  };
}
