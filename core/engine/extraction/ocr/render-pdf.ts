/**
 * Renders PDF pages to grayscale rasters for OCR (pdfjs-dist legacy build on @napi-rs/canvas in Node).
 */
import { createCanvas } from '@napi-rs/canvas';
import { AppError } from '../../../shared/errors';
import type { PdfHandle } from '../pdf-text';
import { EXTRACT_LIMITS } from '../types';
import { type Gray, rgbaToGray } from './preprocess';

export type RenderedPage = {
  gray: Gray;
  /** page size in PDF points (as shown, i.e. after /Rotate) */
  widthPt: number;
  heightPt: number;
  /** the resolution actually used (lower than asked when the page would exceed the pixel cap) */
  dpi: number;
};

/** The scale (pixels per point) for `dpi`, lowered so width × height stays below `maxPixels`. */
export function renderScale(widthPt: number, heightPt: number, dpi: number, maxPixels: number): number {
  const want = dpi / 72;
  const px = widthPt * want * heightPt * want;
  return px <= maxPixels ? want : Math.sqrt(maxPixels / (widthPt * heightPt));
}

/**
 * Renders page `pageNumber` at `dpi` (capped at `maxPixels`, itself never above EXTRACT_LIMITS.maxMegapixels)
 * on a white background and returns it as gray.
 */
export async function renderPdfPage(h: PdfHandle, pageNumber: number, dpi: number, maxPixels: number): Promise<RenderedPage> {
  if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > h.pageCount) {
    throw new AppError('extract/corrupt', `Page ${pageNumber} does not exist (the PDF has ${h.pageCount}).`);
  }
  const cap = Math.min(maxPixels, EXTRACT_LIMITS.maxMegapixels * 1e6 - 1);
  const page = await h.withDeadline(h.doc.getPage(pageNumber), `page ${pageNumber}`);
  try {
    const base = page.getViewport({ scale: 1 });
    const scale = renderScale(base.width, base.height, dpi, cap);
    const viewport = page.getViewport({ scale });
    const width = Math.max(1, Math.floor(viewport.width));
    const height = Math.max(1, Math.floor(viewport.height));
    const canvas = createCanvas(width, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    // pdfjs's types name the DOM canvas; in Node it draws on @napi-rs/canvas, which has the same API
    const params = { canvas, canvasContext: ctx, viewport, background: '#ffffff' } as unknown as Parameters<typeof page.render>[0];
    const task = page.render(params);
    try {
      await h.withDeadline(task.promise, `rendering page ${pageNumber}`);
    } catch (e) {
      task.cancel();
      throw e;
    }
    const rgba = ctx.getImageData(0, 0, width, height).data;
    return { gray: rgbaToGray(rgba, width, height), widthPt: base.width, heightPt: base.height, dpi: scale * 72 };
  } finally {
    page.cleanup();
  }
}
