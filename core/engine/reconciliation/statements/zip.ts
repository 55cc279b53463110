/**
 * Minimal ZIP reader (stored and deflated entries, no ZIP64, no encryption): enough for XLSX workbooks
 * and for banks that zip their CAMT files. Uses only node:zlib, keeping the parsers synchronous.
 */
import { inflateRawSync } from 'node:zlib';
import { invalid } from './util';

export type ZipEntry = { name: string; read: () => Buffer };

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function readZip(input: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw invalid('ZIP archive: end of central directory not found — the file is truncated');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw invalid(`ZIP archive: central directory entry ${i + 1} is corrupt`);
    const method = buf.readUInt16LE(p + 10);
    const compSize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    entries.push({
      name,
      read: () => {
        if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== 0x04034b50) throw invalid(`ZIP archive: ${name}: local header is corrupt`);
        const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
        const data = buf.subarray(start, start + compSize);
        if (data.length < compSize) throw invalid(`ZIP archive: ${name}: data truncated`);
        if (method === 0) return Buffer.from(data);
        if (method === 8) {
          try {
            return inflateRawSync(data);
          } catch (e) {
            throw invalid(`ZIP archive: ${name}: cannot inflate (${e instanceof Error ? e.message : String(e)})`);
          }
        }
        throw invalid(`ZIP archive: ${name}: unsupported compression method ${method}`);
      },
    });
  }
  return entries;
}
