/**
 * Turning what the user dropped or picked into files for `documents:add`: dropped folders are walked
 * (`webkitGetAsEntry`), unsupported files are set aside with a reason, and contents become base64.
 */

export const SUPPORTED_TYPES: Record<string, string[]> = {
  'application/pdf': ['.pdf'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/tiff': ['.tif', '.tiff'],
  // standalone e-invoices (UBL / CII)
  'application/xml': ['.xml'],
  'text/xml': ['.xml'],
};

const EXTENSIONS = new Set(Object.values(SUPPORTED_TYPES).flat());

/** The largest file the core accepts (its extraction limit); bigger ones are refused here already. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** Folders deeper than this are not walked (a dropped home directory must not freeze the window). */
const MAX_DEPTH = 8;
/** At most this many files from one drop. */
export const MAX_FILES_PER_DROP = 500;

export const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
};

/** Hidden files and OS litter (`.DS_Store`, `Thumbs.db`) inside dropped folders are skipped silently. */
export const isLitter = (name: string): boolean => name.startsWith('.') || /^(thumbs\.db|desktop\.ini)$/i.test(name);

export type Rejected = { name: string; reason: string };

/** Why a file cannot go into the queue, or null when it can. */
export function rejectionReason(file: { name: string; size: number }): string | null {
  if (file.size === 0) return 'the file is empty';
  if (file.size > MAX_FILE_BYTES) return `larger than ${Math.round(MAX_FILE_BYTES / 1024 / 1024)} MB`;
  if (!EXTENSIONS.has(extensionOf(file.name))) return 'not a PDF, PNG, JPG, TIFF or XML file';
  return null;
}

/** Splits files into the ones to add and the ones refused with a reason. */
export function screenFiles<F extends { name: string; size: number }>(files: readonly F[]): { accepted: F[]; rejected: Rejected[] } {
  const accepted: F[] = [];
  const rejected: Rejected[] = [];
  for (const f of files) {
    const reason = rejectionReason(f);
    if (reason) rejected.push({ name: f.name, reason });
    else if (accepted.length >= MAX_FILES_PER_DROP) rejected.push({ name: f.name, reason: `more than ${MAX_FILES_PER_DROP} files in one drop` });
    else accepted.push(f);
  }
  return { accepted, rejected };
}

/** The parts of the File and Directory Entries API the walk needs (typed here: lib.dom's are incomplete). */
export type EntryLike = {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  file?(success: (f: File) => void, failure?: (e: unknown) => void): void;
  createReader?(): { readEntries(success: (entries: EntryLike[]) => void, failure?: (e: unknown) => void): void };
};

export type ItemLike = { kind: string; webkitGetAsEntry?(): EntryLike | null; getAsFile(): File | null };

function entryFile(entry: EntryLike): Promise<File | null> {
  return new Promise((resolve) => {
    if (!entry.file) return resolve(null);
    entry.file(resolve, () => resolve(null));
  });
}

/** `readEntries` hands out at most 100 entries per call: read until it returns none. */
async function readAll(entry: EntryLike): Promise<EntryLike[]> {
  const reader = entry.createReader?.();
  if (!reader) return [];
  const out: EntryLike[] = [];
  for (;;) {
    const batch = await new Promise<EntryLike[]>((resolve) => reader.readEntries(resolve, () => resolve([])));
    if (batch.length === 0) return out;
    out.push(...batch);
  }
}

async function walk(entry: EntryLike, depth: number, out: File[]): Promise<void> {
  if (out.length > MAX_FILES_PER_DROP || isLitter(entry.name)) return;
  if (entry.isFile) {
    const f = await entryFile(entry);
    if (f) out.push(f);
    return;
  }
  if (!entry.isDirectory || depth >= MAX_DEPTH) return;
  const children = await readAll(entry);
  children.sort((a, b) => a.name.localeCompare(b.name));
  for (const child of children) await walk(child, depth + 1, out);
}

/**
 * Every file in a drop, folders walked depth-first in name order. Items must be read synchronously
 * (the DataTransfer empties after the event), so entries are collected first and walked afterwards.
 * Items without an entry (synthetic drops, some platforms) fall back to `getAsFile()`.
 */
export async function filesFromItems(items: ArrayLike<ItemLike>): Promise<File[]> {
  const roots: Array<{ entry: EntryLike | null; file: File | null }> = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!item || item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.() ?? null;
    // read now: the item is unreadable once the event is over
    const file = entry?.isDirectory ? null : item.getAsFile();
    if (entry || file) roots.push({ entry, file });
  }
  const out: File[] = [];
  for (const r of roots) {
    if (r.entry?.isDirectory) await walk(r.entry, 0, out);
    else if (r.file) out.push(r.file);
    else if (r.entry) await walk(r.entry, 0, out);
  }
  return out;
}

/** For Mantine's Dropzone (`getFilesFromEvent`): a drop walks folders; the file input gives its files. */
export async function filesFromEvent(event: unknown): Promise<File[]> {
  if (Array.isArray(event)) {
    // File System Access API handles (not used: `useFsAccessApi` stays off)
    return [];
  }
  const e = event as { dataTransfer?: { items?: ArrayLike<ItemLike>; files?: ArrayLike<File> } | null; target?: { files?: ArrayLike<File> | null } | null; type?: string };
  if (e.dataTransfer) {
    // while dragging, only the item kinds are readable: report them so the zone can show accept/reject
    if (e.type !== 'drop' && e.dataTransfer.items) return Array.from(e.dataTransfer.items as ArrayLike<ItemLike & File>).filter((i) => i.kind === 'file');
    if (e.dataTransfer.items && e.dataTransfer.items.length > 0) return filesFromItems(e.dataTransfer.items);
    return Array.from(e.dataTransfer.files ?? []);
  }
  return Array.from(e.target?.files ?? []);
}

/** Base64 of a file's bytes (chunked: `String.fromCharCode(...bytes)` overflows the stack on big files). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return bytesToBase64(bytes);
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

export function base64ToBytes(b64: string): Uint8Array {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
