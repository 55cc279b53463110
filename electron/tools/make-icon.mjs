#!/usr/bin/env node
// Draws resources/icon.png (512×512 RGBA) with no dependencies: a rounded indigo→cyan square, a white ring
// and three rising bars (ledger + growth). Re-run after changing the drawing: `node electron/tools/make-icon.mjs`.
// electron-builder derives the .icns/.ico from this PNG.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const SIZE = 512;
const SS = 4; // supersampling per axis, for anti-aliased edges
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources/icon.png');

const FROM = [0x4c, 0x6e, 0xf5]; // Mantine indigo.6
const TO = [0x15, 0xaa, 0xbf]; // Mantine cyan.6

function insideRoundedSquare(x, y) {
  const m = 24; // margin, so the shape does not touch the canvas edge in docks and taskbars
  const r = 108;
  const lo = m;
  const hi = SIZE - m;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = Math.min(Math.max(x, lo + r), hi - r);
  const cy = Math.min(Math.max(y, lo + r), hi - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function white(x, y) {
  const d = Math.hypot(x - 256, y - 256);
  if (d <= 168 && d >= 124) return true; // ring
  const bars = [
    [196, 64],
    [242, 104],
    [288, 144],
  ];
  const bottom = 322;
  return bars.some(([left, h]) => x >= left && x <= left + 30 && y <= bottom && y >= bottom - h);
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let py = 0; py < SIZE; py++) {
  const row = py * (SIZE * 4 + 1);
  raw[row] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    let bg = 0;
    let fg = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const x = px + (sx + 0.5) / SS;
        const y = py + (sy + 0.5) / SS;
        if (!insideRoundedSquare(x, y)) continue;
        if (white(x, y)) fg++;
        else bg++;
      }
    }
    const n = SS * SS;
    const t = (px + py) / (2 * SIZE);
    const base = FROM.map((c, i) => c + (TO[i] - c) * t);
    const cover = (bg + fg) / n;
    const o = row + 1 + px * 4;
    if (cover === 0) continue; // transparent
    const mix = fg / (bg + fg);
    for (let i = 0; i < 3; i++) raw[o + i] = Math.round(base[i] * (1 - mix) + 255 * mix);
    raw[o + 3] = Math.round(255 * cover);
  }
}

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // colour type: RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, png);
process.stdout.write(`wrote ${path.relative(process.cwd(), out)} (${png.length} bytes)\n`);
