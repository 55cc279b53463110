import { describe, expect, test } from 'vitest';
import { base64ToBytes, bytesToBase64, filesFromEvent, filesFromItems, rejectionReason, screenFiles, type EntryLike, type ItemLike } from './intake';

const file = (name: string, body = 'x') => new File([body], name);

/** A directory tree as the File and Directory Entries API hands it out (readEntries in batches of 2). */
function dir(name: string, children: EntryLike[]): EntryLike {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader() {
      let at = 0;
      return {
        readEntries(ok) {
          const batch = children.slice(at, at + 2);
          at += batch.length;
          setTimeout(() => ok(batch), 0);
        },
      };
    },
  };
}
const fileEntry = (f: File): EntryLike => ({ isFile: true, isDirectory: false, name: f.name, file: (ok) => setTimeout(() => ok(f), 0) });
const item = (entry: EntryLike | null, f: File | null = null): ItemLike => ({ kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => f });

describe('filesFromItems', () => {
  test('walks dropped folders depth-first in name order, reading every batch, skipping hidden files', async () => {
    const tree = dir('bills', [
      fileEntry(file('b.pdf')),
      dir('2026', [fileEntry(file('z.png')), fileEntry(file('c.pdf')), fileEntry(file('.DS_Store'))]),
      fileEntry(file('a.pdf')),
      dir('.git', [fileEntry(file('config'))]),
    ]);
    const files = await filesFromItems([item(tree), item(fileEntry(file('loose.tiff')))]);
    expect(files.map((f) => f.name)).toEqual(['c.pdf', 'z.png', 'a.pdf', 'b.pdf', 'loose.tiff']);
  });

  test('falls back to getAsFile when an item has no entry (synthetic drops), ignores strings', async () => {
    const f = file('scan.jpg');
    const files = await filesFromItems([item(null, f), { kind: 'string', getAsFile: () => null }]);
    expect(files).toEqual([f]);
  });

  test('the file input path returns the picked files', async () => {
    const f = file('one.pdf');
    expect(await filesFromEvent({ target: { files: [f] } })).toEqual([f]);
  });
});

describe('screenFiles', () => {
  test('keeps supported types and says why the others are refused', () => {
    const { accepted, rejected } = screenFiles([
      { name: 'a.PDF', size: 10 },
      { name: 'b.jpeg', size: 10 },
      { name: 'c.tif', size: 10 },
      { name: 'd.xml', size: 10 },
      { name: 'e.docx', size: 10 },
      { name: 'f.pdf', size: 0 },
      { name: 'g.pdf', size: 60 * 1024 * 1024 },
    ]);
    expect(accepted.map((f) => f.name)).toEqual(['a.PDF', 'b.jpeg', 'c.tif', 'd.xml']);
    expect(rejected).toEqual([
      { name: 'e.docx', reason: 'not a PDF, PNG, JPG, TIFF or XML file' },
      { name: 'f.pdf', reason: 'the file is empty' },
      { name: 'g.pdf', reason: 'larger than 50 MB' },
    ]);
    expect(rejectionReason({ name: 'noext', size: 3 })).toMatch(/not a PDF/);
  });
});

describe('base64', () => {
  test('round-trips bytes larger than one chunk', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 31) % 256);
    const b64 = bytesToBase64(bytes);
    expect(Buffer.from(b64, 'base64').equals(Buffer.from(bytes))).toBe(true);
    expect(base64ToBytes(b64)).toEqual(bytes);
  });
});
