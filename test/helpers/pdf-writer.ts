/**
 * A minimal PDF writer for tests: pages of Helvetica / Helvetica-Bold text (WinAnsiEncoding) placed at
 * positions in points with the origin at the top-left, optional stroked lines, and an /Info dictionary;
 * optionally embedded files (the Factur-X/ZUGFeRD way: an EmbeddedFiles name tree and /AF on the catalog) and
 * an /Encrypt dictionary whose user password is not empty (the file cannot be opened without it); optionally
 * grayscale raster images (Flate-compressed image XObjects) on a page.
 * The xref table carries real byte offsets, so pdf.js reads the output like any other PDF.
 */
import { deflateSync } from 'node:zlib';

export const A4 = { width: 595.28, height: 841.89 };

export type PdfText = { x: number; y: number; text: string; size?: number; bold?: boolean };
export type PdfLine = { x1: number; y1: number; x2: number; y2: number; width?: number };
/** An 8-bit grayscale raster (`pixels`: width × height bytes, row by row) drawn into the box x, y (top-left), w, h in points. */
export type PdfImage = { x: number; y: number; w: number; h: number; width: number; height: number; pixels: Uint8Array };
export type PdfPageSpec = { width?: number; height?: number; texts: PdfText[]; lines?: PdfLine[]; images?: PdfImage[] };
export type PdfAttachment = { name: string; content: string | Uint8Array; mime?: string };
export type PdfOptions = {
  title?: string;
  author?: string;
  /** embedded files; `content` as a string is written as UTF-8, `mime` defaults to text/xml */
  attachments?: PdfAttachment[];
  /** adds a Standard security handler /Encrypt dictionary (RC4 40-bit, a user password nobody knows) */
  encrypted?: boolean;
};

const WIN_ANSI: Record<string, number> = {
  '\u20AC': 128,
  '\u201A': 130,
  '\u201E': 132,
  '\u2026': 133,
  '\u2018': 145,
  '\u2019': 146,
  '\u201C': 147,
  '\u201D': 148,
  '\u2013': 150,
  '\u2014': 151,
  '\u2122': 153,
};

/** A PDF string body in WinAnsiEncoding, with (, ) and \ escaped; throws for characters it cannot encode. */
function encodeText(s: string): Buffer {
  const bytes: number[] = [];
  for (const ch of s) {
    const mapped = WIN_ANSI[ch];
    const code = mapped ?? ch.codePointAt(0) ?? 0;
    if (mapped === undefined && (code > 255 || (code >= 128 && code < 160))) throw new Error(`pdf-writer: \u201C${ch}\u201D cannot be written in WinAnsiEncoding.`);
    if (code === 40 || code === 41 || code === 92) bytes.push(92);
    bytes.push(code);
  }
  return Buffer.from(bytes);
}

const num = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

function contentStream(page: PdfPageSpec, height: number): Buffer {
  const parts: Buffer[] = [];
  (page.images ?? []).forEach((im, i) => {
    parts.push(Buffer.from(`q ${num(im.w)} 0 0 ${num(im.h)} ${num(im.x)} ${num(height - im.y - im.h)} cm /Im${i + 1} Do Q\n`, 'latin1'));
  });
  for (const l of page.lines ?? []) {
    parts.push(Buffer.from(`${num(l.width ?? 0.5)} w ${num(l.x1)} ${num(height - l.y1)} m ${num(l.x2)} ${num(height - l.y2)} l S\n`, 'latin1'));
  }
  for (const t of page.texts) {
    const size = t.size ?? 10;
    parts.push(Buffer.from(`BT /${t.bold ? 'F2' : 'F1'} ${num(size)} Tf 1 0 0 1 ${num(t.x)} ${num(height - t.y)} Tm (`, 'latin1'));
    parts.push(encodeText(t.text));
    parts.push(Buffer.from(') Tj ET\n', 'latin1'));
  }
  return Buffer.concat(parts);
}

const stream = (dict: string, data: Uint8Array): Buffer => Buffer.concat([Buffer.from(`${dict}\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
const pdfString = (s: string): Buffer => Buffer.concat([Buffer.from('('), encodeText(s), Buffer.from(')')]);

/** Writes the pages (y is the baseline, measured from the top) into one PDF. */
export function writePdf(pages: PdfPageSpec[], opts: PdfOptions = {}): Buffer {
  if (pages.length === 0) throw new Error('pdf-writer: a PDF needs at least one page.');
  const objects: Buffer[] = [];
  const add = (body: string | Buffer): number => {
    objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    return objects.length;
  };
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add('');
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const info: Buffer[] = [Buffer.from('<< /Producer (smart-odoo test pdf-writer)')];
  if (opts.title) info.push(Buffer.from(' /Title ('), encodeText(opts.title), Buffer.from(')'));
  if (opts.author) info.push(Buffer.from(' /Author ('), encodeText(opts.author), Buffer.from(')'));
  info.push(Buffer.from(' >>'));
  add(Buffer.concat(info));
  const kids: number[] = [];
  for (const page of pages) {
    const width = page.width ?? A4.width;
    const height = page.height ?? A4.height;
    const content = contentStream(page, height);
    const contentId = add(stream(`<< /Length ${content.length} >>`, content));
    // image XObjects (only when the page has images, so pages without them are written as before)
    const imageRefs = (page.images ?? []).map((im, i) => {
      if (im.pixels.length !== im.width * im.height) throw new Error(`pdf-writer: image ${i + 1} has ${im.pixels.length} bytes, not ${im.width} × ${im.height}.`);
      const data = deflateSync(im.pixels);
      return `/Im${i + 1} ${add(stream(`<< /Type /XObject /Subtype /Image /Width ${im.width} /Height ${im.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${data.length} >>`, data))} 0 R`;
    });
    const xobjects = imageRefs.length > 0 ? ` /XObject << ${imageRefs.join(' ')} >>` : '';
    kids.push(add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(width)} ${num(height)}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >>${xobjects} >> /Contents ${contentId} 0 R >>`));
  }
  objects[1] = Buffer.from(`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`, 'latin1');
  if (opts.attachments?.length) {
    const specs: Array<{ name: string; id: number }> = [];
    for (const a of opts.attachments) {
      const data = typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : a.content;
      const fileId = add(stream(`<< /Type /EmbeddedFile /Subtype /${(a.mime ?? 'text/xml').replace('/', '#2F')} /Length ${data.length} /Params << /Size ${data.length} >> >>`, data));
      const name = pdfString(a.name);
      specs.push({ name: a.name, id: add(Buffer.concat([Buffer.from('<< /Type /Filespec /F '), name, Buffer.from(' /UF '), name, Buffer.from(` /AFRelationship /Data /EF << /F ${fileId} 0 R /UF ${fileId} 0 R >> >>`)])) });
    }
    // the name tree's keys in order
    const tree = [...specs].sort((x, y) => (x.name < y.name ? -1 : 1)).flatMap((f) => [pdfString(f.name), Buffer.from(` ${f.id} 0 R `)]);
    objects[0] = Buffer.concat([
      Buffer.from('<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names ['),
      ...tree,
      Buffer.from(`] >> >> /AF [${specs.map((f) => `${f.id} 0 R`).join(' ')}] >>`),
    ]);
  }
  // the Standard security handler derives its key from the first /ID, so an encrypted file carries one
  const encrypt = opts.encrypted
    ? ` /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] /Encrypt ${add(`<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${'A1'.repeat(32)}> /U <${'5B'.repeat(32)}> >>`)} 0 R`
    : '';
  const header = Buffer.from('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n', 'latin1');
  const chunks: Buffer[] = [header];
  let offset = header.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    chunks.push(obj);
    offset += obj.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R${encrypt} >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}

/** Approximate Helvetica advance width in points (digits 556, narrow marks 278, capitals 667/722, else 556/611). */
export function textWidth(text: string, size = 10, bold = false): number {
  let units = 0;
  for (const ch of text) {
    if (/[0-9]/.test(ch)) units += 556;
    else if (/[ .,:;'|!il]/.test(ch)) units += 278;
    else if (/[A-Z]/.test(ch)) units += bold ? 722 : 667;
    else units += bold ? 611 : 556;
  }
  return (units / 1e3) * size;
}
