/**
 * Image preprocessing for OCR on 8-bit grayscale rasters (typed arrays, no per-pixel allocation):
 * RGBA → gray, resize (bilinear), paper flattening, median filter for speckled pages, Otsu / paper-level /
 * Sauvola thresholds, skew estimation by projection profile over ±10°, rotation, and PGM/PBM encoding (what
 * Tesseract's Leptonica reads without a codec).
 */

/** 8-bit grayscale raster, row-major, 0 = black, 255 = white. */
export type Gray = { width: number; height: number; data: Uint8Array };

/** RGBA (straight alpha) → gray; transparent pixels become white (as on paper). */
export function rgbaToGray(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Gray {
  const n = width * height;
  const out = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i += 1, j += 4) {
    const l = ((rgba[j] ?? 0) * 77 + (rgba[j + 1] ?? 0) * 150 + (rgba[j + 2] ?? 0) * 29) >> 8;
    const a = rgba[j + 3] ?? 255;
    out[i] = a === 255 ? l : 255 - (((255 - l) * a) / 255) | 0;
  }
  return { width, height, data: out };
}

/** Bilinear resize to the given size. */
export function resize(src: Gray, width: number, height: number): Gray {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const out = new Uint8Array(w * h);
  const sx = src.width / w;
  const sy = src.height / h;
  const s = src.data;
  const sw = src.width;
  const maxX = src.width - 1;
  const maxY = src.height - 1;
  for (let y = 0; y < h; y += 1) {
    const fy = Math.min(maxY, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = fy | 0;
    const y1 = Math.min(maxY, y0 + 1);
    const dy = fy - y0;
    const r0 = y0 * sw;
    const r1 = y1 * sw;
    const o = y * w;
    for (let x = 0; x < w; x += 1) {
      const fx = Math.min(maxX, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = fx | 0;
      const x1 = Math.min(maxX, x0 + 1);
      const dx = fx - x0;
      const top = (s[r0 + x0] ?? 255) * (1 - dx) + (s[r0 + x1] ?? 255) * dx;
      const bottom = (s[r1 + x0] ?? 255) * (1 - dx) + (s[r1 + x1] ?? 255) * dx;
      out[o + x] = (top * (1 - dy) + bottom * dy + 0.5) | 0;
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * Flattens uneven paper (shadows, faded thermal print, yellowed scans): the paper level is estimated as the
 * brightest value per block (blocks of ~`block` px), smoothed and interpolated, and every pixel is divided
 * by it; then the histogram is stretched so the darkest 0.5 % of ink becomes black. Text keeps its shape,
 * the paper becomes uniformly white, and one global threshold works again.
 */
export function normalizeBackground(src: Gray, block = 0): Gray {
  const { width: w, height: h, data: d } = src;
  const bs = block > 0 ? block : Math.max(16, Math.round(Math.min(w, h) / 24));
  const bw = Math.ceil(w / bs);
  const bh = Math.ceil(h / bs);
  const maxes = new Float64Array(bw * bh);
  const hist = new Uint32Array(256);
  for (let by = 0; by < bh; by += 1) {
    for (let bx = 0; bx < bw; bx += 1) {
      // a high percentile rather than the max, so a single bright speck does not count as paper;
      // every second pixel in both directions is plenty for a paper level
      hist.fill(0);
      let n = 0;
      for (let y = by * bs; y < Math.min(h, (by + 1) * bs); y += 2) {
        for (let x = bx * bs; x < Math.min(w, (bx + 1) * bs); x += 2) {
          const v = d[y * w + x] ?? 0;
          hist[v] = (hist[v] ?? 0) + 1;
          n += 1;
        }
      }
      let acc = 0;
      let v = 255;
      const stop = n * 0.05;
      for (; v > 0; v -= 1) {
        acc += hist[v] ?? 0;
        if (acc >= stop) break;
      }
      maxes[by * bw + bx] = v;
    }
  }
  // smooth the block grid (3×3 max then mean keeps paper level in text-dense blocks)
  const grid = new Float64Array(bw * bh);
  for (let by = 0; by < bh; by += 1) {
    for (let bx = 0; bx < bw; bx += 1) {
      let m = 0;
      for (let dy = -1; dy <= 1; dy += 1) {
        for (let dx = -1; dx <= 1; dx += 1) {
          const yy = Math.min(bh - 1, Math.max(0, by + dy));
          const xx = Math.min(bw - 1, Math.max(0, bx + dx));
          m = Math.max(m, maxes[yy * bw + xx] ?? 0);
        }
      }
      grid[by * bw + bx] = Math.max(32, m);
    }
  }
  const out = new Uint8Array(w * h);
  hist.fill(0);
  // the horizontal interpolation positions are the same on every row
  const xs0 = new Int32Array(w);
  const xs1 = new Int32Array(w);
  const fxs = new Float64Array(w);
  for (let x = 0; x < w; x += 1) {
    const gx = Math.min(bw - 1, Math.max(0, (x + 0.5) / bs - 0.5));
    const x0 = Math.floor(gx);
    xs0[x] = x0;
    xs1[x] = Math.min(bw - 1, x0 + 1);
    fxs[x] = gx - x0;
  }
  for (let y = 0; y < h; y += 1) {
    const gy = Math.min(bh - 1, Math.max(0, (y + 0.5) / bs - 0.5));
    const y0 = Math.floor(gy);
    const y1 = Math.min(bh - 1, y0 + 1);
    const fy = gy - y0;
    for (let x = 0; x < w; x += 1) {
      const x0 = xs0[x] ?? 0;
      const x1 = xs1[x] ?? 0;
      const fx = fxs[x] ?? 0;
      const bg =
        ((grid[y0 * bw + x0] ?? 255) * (1 - fx) + (grid[y0 * bw + x1] ?? 255) * fx) * (1 - fy) +
        ((grid[y1 * bw + x0] ?? 255) * (1 - fx) + (grid[y1 * bw + x1] ?? 255) * fx) * fy;
      const v = Math.min(255, Math.round(((d[y * w + x] ?? 255) * 255) / bg));
      out[y * w + x] = v;
      hist[v] = (hist[v] ?? 0) + 1;
    }
  }
  // stretch: darkest 0.5 % → 0, paper stays 255
  let acc = 0;
  let lo = 0;
  const stop = w * h * 0.005;
  for (; lo < 255; lo += 1) {
    acc += hist[lo] ?? 0;
    if (acc >= stop) break;
  }
  if (lo > 0 && lo < 200) {
    const lut = new Uint8Array(256);
    for (let v = 0; v < 256; v += 1) lut[v] = v <= lo ? 0 : Math.round(((v - lo) * 255) / (255 - lo));
    for (let i = 0; i < out.length; i += 1) out[i] = lut[out[i] ?? 255] ?? 255;
  }
  return { width: w, height: h, data: out };
}

/** Otsu's threshold: the gray level that maximises the between-class variance of the histogram. */
export function otsuThreshold(img: Gray): number {
  const hist = new Float64Array(256);
  const d = img.data;
  for (let i = 0; i < d.length; i += 1) {
    const v = d[i] ?? 0;
    hist[v] = (hist[v] ?? 0) + 1;
  }
  const total = d.length;
  let sum = 0;
  for (let t = 0; t < 256; t += 1) sum += t * (hist[t] ?? 0);
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 127;
  for (let t = 0; t < 256; t += 1) {
    wB += hist[t] ?? 0;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * (hist[t] ?? 0);
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/**
 * A threshold just below the paper: the paper level P is the histogram's mode among light values and its
 * spread σ is measured above P… mirrored; T = P − max(minGap, 4σ), never below Otsu's level. Keeps faint
 * print (thermal receipts, light scans) that Otsu — pulled down by a few very dark marks — throws away.
 */
export function paperThreshold(img: Gray, minGap = 28): number {
  const hist = new Float64Array(256);
  const d = img.data;
  for (let i = 0; i < d.length; i += 1) {
    const v = d[i] ?? 0;
    hist[v] = (hist[v] ?? 0) + 1;
  }
  let P = 255;
  let best = -1;
  for (let v = 128; v < 256; v += 1) {
    if ((hist[v] ?? 0) > best) {
      best = hist[v] ?? 0;
      P = v;
    }
  }
  // spread of the paper peak from its darker side, limited to the 40 levels below it
  let n = 0;
  let sq = 0;
  for (let v = Math.max(0, P - 40); v <= P; v += 1) {
    const c = hist[v] ?? 0;
    n += c;
    sq += c * (P - v) * (P - v);
  }
  const sigma = n > 0 ? Math.sqrt(sq / n) : 0;
  const t = Math.round(P - Math.max(minGap, 4 * sigma));
  return Math.max(otsuThreshold(img), Math.min(t, 235));
}

/** Global binarisation: pixels ≤ threshold become 0 (ink), the rest 255. */
export function binarize(img: Gray, threshold: number): Gray {
  const out = new Uint8Array(img.data.length);
  const d = img.data;
  for (let i = 0; i < d.length; i += 1) out[i] = (d[i] ?? 255) <= threshold ? 0 : 255;
  return { width: img.width, height: img.height, data: out };
}

/**
 * Sauvola's adaptive threshold (integral images, O(1) per pixel): T = m · (1 + k · (s / R − 1)) over a
 * window of `radius`. Copes with uneven lighting and faded thermal print where one global level fails.
 */
export function sauvola(img: Gray, radius = 15, k = 0.2, R = 128): Gray {
  const { width: w, height: h, data: d } = img;
  const W = w + 1;
  const sum = new Float64Array(W * (h + 1));
  const sq = new Float64Array(W * (h + 1));
  for (let y = 0; y < h; y += 1) {
    let rs = 0;
    let rq = 0;
    for (let x = 0; x < w; x += 1) {
      const v = d[y * w + x] ?? 255;
      rs += v;
      rq += v * v;
      const i = (y + 1) * W + x + 1;
      sum[i] = (sum[i - W] ?? 0) + rs;
      sq[i] = (sq[i - W] ?? 0) + rq;
    }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y += 1) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(h, y + radius + 1);
    for (let x = 0; x < w; x += 1) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(w, x + radius + 1);
      const n = (y1 - y0) * (x1 - x0);
      const a = y0 * W + x0;
      const b = y0 * W + x1;
      const c = y1 * W + x0;
      const e = y1 * W + x1;
      const s = (sum[e] ?? 0) - (sum[b] ?? 0) - (sum[c] ?? 0) + (sum[a] ?? 0);
      const q = (sq[e] ?? 0) - (sq[b] ?? 0) - (sq[c] ?? 0) + (sq[a] ?? 0);
      const m = s / n;
      const sd = Math.sqrt(Math.max(0, q / n - m * m));
      const t = m * (1 + k * (sd / R - 1));
      out[y * w + x] = (d[y * w + x] ?? 255) <= t ? 0 : 255;
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * Removes salt-and-pepper noise from a binary image in place: an ink pixel with no ink among its 8
 * neighbours becomes paper, a paper pixel surrounded by ink becomes ink.
 */
export function despeckle(bin: Gray): Gray {
  const { width: w, height: h, data: d } = bin;
  const src = d.slice();
  for (let y = 1; y < h - 1; y += 1) {
    const r = y * w;
    for (let x = 1; x < w - 1; x += 1) {
      const i = r + x;
      let ink = 0;
      if (src[i - w - 1] === 0) ink += 1;
      if (src[i - w] === 0) ink += 1;
      if (src[i - w + 1] === 0) ink += 1;
      if (src[i - 1] === 0) ink += 1;
      if (src[i + 1] === 0) ink += 1;
      if (src[i + w - 1] === 0) ink += 1;
      if (src[i + w] === 0) ink += 1;
      if (src[i + w + 1] === 0) ink += 1;
      if (src[i] === 0) {
        if (ink === 0) d[i] = 255;
      } else if (ink === 8) d[i] = 0;
    }
  }
  return bin;
}

/** Share of the image's pixels that are isolated ink pixels (no ink among the 8 neighbours): speckle noise. */
export function speckleRatio(bin: Gray): number {
  const { width: w, height: h, data: d } = bin;
  let n = 0;
  for (let y = 1; y < h - 1; y += 1) {
    for (let x = 1; x < w - 1; x += 1) {
      const i = y * w + x;
      if (d[i] !== 0) continue;
      if (d[i - w - 1] !== 0 && d[i - w] !== 0 && d[i - w + 1] !== 0 && d[i - 1] !== 0 && d[i + 1] !== 0 && d[i + w - 1] !== 0 && d[i + w] !== 0 && d[i + w + 1] !== 0) n += 1;
    }
  }
  return n / Math.max(1, w * h);
}

/** 3×3 median filter (removes salt-and-pepper noise, keeps edges). */
export function median3(src: Gray): Gray {
  const { width: w, height: h, data: d } = src;
  const out = new Uint8Array(d);
  const v = new Uint8Array(9);
  for (let y = 1; y < h - 1; y += 1) {
    for (let x = 1; x < w - 1; x += 1) {
      const i = y * w + x;
      v[0] = d[i - w - 1] ?? 0;
      v[1] = d[i - w] ?? 0;
      v[2] = d[i - w + 1] ?? 0;
      v[3] = d[i - 1] ?? 0;
      v[4] = d[i] ?? 0;
      v[5] = d[i + 1] ?? 0;
      v[6] = d[i + w - 1] ?? 0;
      v[7] = d[i + w] ?? 0;
      v[8] = d[i + w + 1] ?? 0;
      v.sort();
      out[i] = v[4] ?? 0;
    }
  }
  return { width: w, height: h, data: out };
}

/** Share of ink (0) pixels in a binary image. */
export function inkRatio(bin: Gray): number {
  let ink = 0;
  const d = bin.data;
  for (let i = 0; i < d.length; i += 1) if (d[i] === 0) ink += 1;
  return d.length ? ink / d.length : 0;
}

/**
 * Estimates the skew of text lines in degrees (positive = lines descend to the right, i.e. the page was
 * rotated clockwise) from a binary image: ink pixels are sheared by each candidate angle and the angle whose
 * row histogram is sharpest (largest sum of squared differences of neighbouring rows) wins. Coarse 0.5°
 * steps over ±maxDeg, then 0.05° steps around the best. Works on a copy at most `maxSide` pixels wide.
 */
export function estimateSkew(bin: Gray, maxDeg = 10, maxSide = 1200): number {
  const scale = Math.min(1, maxSide / Math.max(bin.width, bin.height));
  const w = Math.max(1, Math.round(bin.width * scale));
  const h = Math.max(1, Math.round(bin.height * scale));
  // collect ink pixel coordinates (subsampled), centred; bottom edges of ink runs are enough and cheaper
  const xs: number[] = [];
  const ys: number[] = [];
  const step = 1 / scale;
  const bw = bin.width;
  for (let y = 0; y < h; y += 1) {
    const sy = Math.min(bin.height - 1, Math.floor(y * step));
    const sy2 = Math.min(bin.height - 1, Math.floor((y + 1) * step));
    for (let x = 0; x < w; x += 1) {
      const sx = Math.min(bw - 1, Math.floor(x * step));
      // ink here, paper just below: a glyph's lower edge (sharpens the baseline peaks)
      if (bin.data[sy * bw + sx] === 0 && (sy2 === sy || bin.data[sy2 * bw + sx] !== 0)) {
        xs.push(x - w / 2);
        ys.push(y);
      }
    }
  }
  if (xs.length < 50) return 0;
  const px = Float64Array.from(xs);
  const py = Float64Array.from(ys);
  const margin = Math.ceil(Math.tan((maxDeg * Math.PI) / 180) * (w / 2)) + 2;
  const bins = new Float64Array(h + 2 * margin + 2);
  const score = (deg: number): number => {
    bins.fill(0);
    const t = Math.tan((deg * Math.PI) / 180);
    for (let i = 0; i < px.length; i += 1) {
      const r = Math.round((py[i] ?? 0) - (px[i] ?? 0) * t) + margin;
      bins[r] = (bins[r] ?? 0) + 1;
    }
    let s = 0;
    for (let i = 1; i < bins.length; i += 1) {
      const dlt = (bins[i] ?? 0) - (bins[i - 1] ?? 0);
      s += dlt * dlt;
    }
    return s;
  };
  let best = 0;
  let bestScore = -1;
  for (let a = -maxDeg; a <= maxDeg + 1e-9; a += 0.5) {
    const s = score(a);
    if (s > bestScore) {
      bestScore = s;
      best = a;
    }
  }
  const coarse = best;
  for (let a = coarse - 0.5; a <= coarse + 0.5 + 1e-9; a += 0.05) {
    const s = score(a);
    if (s > bestScore) {
      bestScore = s;
      best = a;
    }
  }
  return Math.round(best * 100) / 100;
}

/**
 * Rotates by `deg` degrees counter-clockwise about the centre (bilinear; same size; uncovered area white).
 * To undo a skew of `s` (from estimateSkew), rotate by `s`.
 */
export function rotate(src: Gray, deg: number): Gray {
  const { width: w, height: h, data: s } = src;
  const out = new Uint8Array(w * h);
  const rad = (deg * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  for (let y = 0; y < h; y += 1) {
    const dy = y - cy;
    // destination (x, y) samples source at R(-deg) · (x - c); image y grows downwards
    let fx = cos * -cx - sin * dy + cx;
    let fy = sin * -cx + cos * dy + cy;
    const o = y * w;
    for (let x = 0; x < w; x += 1) {
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        out[o + x] = 255;
      } else {
        const ax = fx - x0;
        const ay = fy - y0;
        const i = y0 * w + x0;
        const top = (s[i] ?? 255) * (1 - ax) + (s[i + 1] ?? 255) * ax;
        const bottom = (s[i + w] ?? 255) * (1 - ax) + (s[i + w + 1] ?? 255) * ax;
        out[o + x] = (top * (1 - ay) + bottom * ay + 0.5) | 0;
      }
      fx += cos;
      fy += sin;
    }
  }
  return { width: w, height: h, data: out };
}

/** Maps a point of an image rotated by `deg` (with rotate()) back to the unrotated image. */
export function unrotatePoint(x: number, y: number, w: number, h: number, deg: number): { x: number; y: number } {
  const rad = (deg * Math.PI) / 180;
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const dx = x - cx;
  const dy = y - cy;
  return { x: Math.cos(rad) * dx - Math.sin(rad) * dy + cx, y: Math.sin(rad) * dx + Math.cos(rad) * dy + cy };
}

/** Binary PGM (P5): the cheapest format Leptonica reads (no codec). */
export function encodePgm(img: Gray): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(header.length + img.data.length);
  out.set(header, 0);
  out.set(img.data, header.length);
  return out;
}

/** Binary PBM (P4), 1 bit per pixel (1 = ink); for images already binarised (8× smaller than PGM). */
export function encodePbm(bin: Gray): Uint8Array {
  const header = new TextEncoder().encode(`P4\n${bin.width} ${bin.height}\n`);
  const rowBytes = (bin.width + 7) >> 3;
  const out = new Uint8Array(header.length + rowBytes * bin.height);
  out.set(header, 0);
  let o = header.length;
  const d = bin.data;
  for (let y = 0; y < bin.height; y += 1) {
    const r = y * bin.width;
    for (let xb = 0; xb < rowBytes; xb += 1) {
      let byte = 0;
      for (let bit = 0; bit < 8; bit += 1) {
        const x = xb * 8 + bit;
        if (x < bin.width && d[r + x] === 0) byte |= 0x80 >> bit;
      }
      out[o] = byte;
      o += 1;
    }
  }
  return out;
}

/** Gray image with paper (per the binary mask) white and ink darkened: v → v · 150 / level. */
export function softInk(g: Gray, bin: Gray, level: number): Gray {
  const out = new Uint8Array(g.data.length);
  const k = 150 / Math.max(1, level);
  for (let i = 0; i < out.length; i += 1) out[i] = bin.data[i] === 0 ? Math.min(150, Math.round((g.data[i] ?? 0) * k)) : 255;
  return { width: g.width, height: g.height, data: out };
}

export type PreprocessOptions = {
  /**
   * 'otsu' (global binary), 'paper' (binary, threshold just below the paper level), 'sauvola' (adaptive
   * binary), 'soft' (gray: paper by the paper threshold set to white, ink kept in gray and darkened — Tesseract
   * finds the lines on it and its LSTM reads the gray strokes) or 'none' (the gray image as is)
   */
  threshold?: 'otsu' | 'paper' | 'sauvola' | 'soft' | 'none';
  deskew?: boolean;
  /** flatten the paper before thresholding (normalizeBackground; default on) */
  normalize?: boolean;
  /** remove isolated specks after binarising (default on) */
  despeckle?: boolean;
  /** images whose text is likely too small are enlarged until their shorter side reaches this (px); 0 = off */
  minShortSide?: number;
  /** never exceed this many pixels (downscale first) */
  maxPixels?: number;
};

export type Prepared = {
  /** what Tesseract gets (PGM or PBM) */
  image: Uint8Array;
  /** the same raster before encoding (for cutting into bands); `binary` when it is encoded as PBM */
  raster: Gray;
  binary: boolean;
  width: number;
  height: number;
  /** scale from the source raster to `image` */
  scale: number;
  /** skew removed, degrees (0 when none) */
  skewDeg: number;
};

/**
 * gray → (resize) → flatten the paper → estimate the skew on an Otsu binary → rotate the gray image →
 * threshold (default 'soft') → encoded image for Tesseract (PGM or PBM). Word boxes found on the result map
 * back to the source with `scale` and `unrotatePoint(…, skewDeg)`.
 */
export function prepareForOcr(src: Gray, options: PreprocessOptions = {}): Prepared {
  const threshold = options.threshold ?? 'soft';
  const maxPixels = options.maxPixels ?? 12_000_000;
  const minShort = options.minShortSide ?? 0;
  let img = src;
  let scale = 1;
  const short = Math.min(src.width, src.height);
  if (src.width * src.height > maxPixels) {
    scale = Math.sqrt(maxPixels / (src.width * src.height));
  } else if (minShort > 0 && short < minShort) {
    scale = Math.min(3, minShort / short, Math.sqrt(maxPixels / (src.width * src.height)));
  }
  if (scale !== 1) img = resize(src, src.width * scale, src.height * scale);
  if (options.normalize !== false) img = normalizeBackground(img);
  let level = 0;
  const binarise = (g: Gray): Gray => {
    let b: Gray;
    if (threshold === 'sauvola') b = sauvola(g, Math.max(8, Math.round(Math.min(g.width, g.height) / 60)));
    else {
      level = threshold === 'paper' || threshold === 'soft' ? paperThreshold(g) : otsuThreshold(g);
      b = binarize(g, level);
    }
    return options.despeckle === false ? b : despeckle(b);
  };
  let skewDeg = 0;
  // the final threshold of `img` when the skew probe already computed it (no median filter, no rotation)
  let finalBin: Gray | null = null;
  if (options.deskew !== false) {
    let probe = binarize(img, otsuThreshold(img));
    // salt-and-pepper noise (fax, dirty glass): a median filter first, or it drowns the layout analysis;
    // the skew is then measured on the Otsu image (solid strokes only), else on the final threshold (which
    // also sees faint print)
    if (options.despeckle !== false && speckleRatio(probe) > 0.0005) {
      img = median3(img);
      probe = despeckle(binarize(img, otsuThreshold(img)));
    } else {
      probe = binarise(img);
      finalBin = probe;
    }
    const s = estimateSkew(probe);
    if (Math.abs(s) >= 0.3) {
      skewDeg = s;
      img = rotate(img, s);
      finalBin = null;
    }
  }
  if (threshold === 'none') return { image: encodePgm(img), raster: img, binary: false, width: img.width, height: img.height, scale, skewDeg };
  const bin = finalBin ?? binarise(img);
  const raster = threshold === 'soft' ? softInk(img, bin, level) : bin;
  const binary = threshold !== 'soft';
  return { image: binary ? encodePbm(raster) : encodePgm(raster), raster, binary, width: img.width, height: img.height, scale, skewDeg };
}
