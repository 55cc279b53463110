/**
 * Test PDFs for the extraction pipeline: pages of Helvetica text placed at positions (points, origin
 * top-left; `y` is the top of the text), optional embedded files (the Factur-X/ZUGFeRD way: EmbeddedFiles
 * name tree + /AF), an optional /Encrypt dictionary whose user password is not empty, and pages with no text
 * at all (what a scan looks like to the text layer). Valid PDF 1.7 with a correct xref table.
 */

export type TextItem = { x: number; y: number; text: string; size?: number; bold?: boolean };
export type PdfPage = { width?: number; height?: number; items: TextItem[] };
export type PdfSpec = {
  pages: PdfPage[];
  attachments?: { name: string; content: string | Uint8Array; mime?: string }[];
  encrypted?: boolean;
};

const SPECIAL: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };

function pdfString(s: string): string {
  let out = '(';
  for (const ch of s) {
    const c = SPECIAL[ch] ?? ch.codePointAt(0) ?? 63;
    const b = c > 0xff ? 63 : c;
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out})`;
}

function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

export function extractTestPdf(spec: PdfSpec): Uint8Array {
  const objects: (string | { dict: string; data: Uint8Array })[] = [];
  const add = (o: string | { dict: string; data: Uint8Array }): number => {
    objects.push(o);
    return objects.length;
  };
  const catalogId = add('');
  const pagesId = add('');
  const fontId = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const boldId = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const pageIds: number[] = [];
  for (const page of spec.pages) {
    const w = page.width ?? 595;
    const h = page.height ?? 842;
    let content = '';
    for (const it of page.items) {
      const size = it.size ?? 10;
      content += `BT /${it.bold ? 'F2' : 'F1'} ${size} Tf 1 0 0 1 ${it.x.toFixed(2)} ${(h - it.y - size).toFixed(2)} Tm ${pdfString(it.text)} Tj ET\n`;
    }
    const data = latin1(content);
    const contentId = add({ dict: `<< /Length ${data.length} >>`, data });
    pageIds.push(add(`<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /Font << /F1 ${fontId} 0 R /F2 ${boldId} 0 R >> >> /Contents ${contentId} 0 R >>`));
  }
  objects[pagesId - 1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  let names = '';
  let af = '';
  if (spec.attachments && spec.attachments.length > 0) {
    const specs: { name: string; id: number }[] = [];
    for (const a of spec.attachments) {
      const data = typeof a.content === 'string' ? new TextEncoder().encode(a.content) : a.content;
      const fileId = add({ dict: `<< /Type /EmbeddedFile /Subtype /${(a.mime ?? 'text/xml').replace('/', '#2F')} /Length ${data.length} /Params << /Size ${data.length} >> >>`, data });
      const fsId = add(`<< /Type /Filespec /F ${pdfString(a.name)} /UF ${pdfString(a.name)} /AFRelationship /Data /EF << /F ${fileId} 0 R /UF ${fileId} 0 R >> >>`);
      specs.push({ name: a.name, id: fsId });
    }
    const sorted = [...specs].sort((x, y) => (x.name < y.name ? -1 : 1));
    names = ` /Names << /EmbeddedFiles << /Names [${sorted.map((s) => `${pdfString(s.name)} ${s.id} 0 R`).join(' ')}] >> >>`;
    af = ` /AF [${specs.map((s) => `${s.id} 0 R`).join(' ')}]`;
  }
  objects[catalogId - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R${names}${af} >>`;
  let encrypt = '';
  if (spec.encrypted) {
    const encId = add(`<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${'A1'.repeat(32)}> /U <${'5B'.repeat(32)}> >>`);
    encrypt = ` /Encrypt ${encId} 0 R`;
  }
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const push = (b: Uint8Array): void => {
    chunks.push(b);
    offset += b.length;
  };
  push(latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'));
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(offset);
    if (typeof o === 'string') push(latin1(`${i + 1} 0 obj\n${o}\nendobj\n`));
    else {
      push(latin1(`${i + 1} 0 obj\n${o.dict}\nstream\n`));
      push(o.data);
      push(latin1('\nendstream\nendobj\n'));
    }
  });
  const xrefAt = offset;
  let xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) xref += `${String(off).padStart(10, '0')} 00000 n \n`;
  const id = '<0123456789ABCDEF0123456789ABCDEF>';
  xref += `trailer\n<< /Size ${objects.length + 1} /Root ${catalogId} 0 R /ID [${id} ${id}]${encrypt} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  push(latin1(xref));
  const out = new Uint8Array(offset);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** A row of cells at x positions. */
export function row(y: number, cells: [number, string][], size = 10): TextItem[] {
  return cells.map(([x, text]) => ({ x, y, text, size }));
}

/** A PNG signature + IHDR claiming the given size: enough for the size check, not for decoding. */
export function pngHeader(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const dv = new DataView(b.buffer);
  dv.setUint32(16, width);
  dv.setUint32(20, height);
  b[24] = 8;
  b[25] = 2;
  return b;
}
