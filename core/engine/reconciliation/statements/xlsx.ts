/**
 * Reads the cell grid of one worksheet of an XLSX workbook (shared strings, inline strings, numbers,
 * booleans). Values only: bank exports need no formulas or styles. Numeric cells stay numbers so the
 * CSV mapper can treat them as Excel serial dates or amounts without a locale round-trip.
 */
import { at, childrenNamed, parseXml } from './xml';
import type { XmlElement } from './xml';
import { invalid } from './util';
import { readZip } from './zip';

export type Cell = string | number | boolean | null;

function colIndex(ref: string): number {
  const letters = /^([A-Z]+)/.exec(ref)?.[1] ?? '';
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function allText(el: XmlElement): string {
  // Rich text: <si><r><t>a</t></r><r><t>b</t></r></si>; phonetic runs (<rPh>) are not part of the value.
  if (el.name === 't') return el.text;
  if (el.name === 'rPh') return '';
  return el.children.map(allText).join('');
}

export function readXlsxSheet(bytes: Uint8Array, sheetIndex = 0): Cell[][] {
  const entries = new Map(readZip(bytes).map((e) => [e.name, e]));
  const text = (name: string): string | undefined => entries.get(name)?.read().toString('utf8');
  const workbook = text('xl/workbook.xml');
  if (!workbook) throw invalid('XLSX: xl/workbook.xml missing — not an Excel workbook');
  const sheets = childrenNamed(at(parseXml(workbook), 'sheets'), 'sheet');
  const sheet = sheets[sheetIndex];
  if (!sheet) throw invalid(`XLSX: workbook has no sheet ${sheetIndex + 1}`);
  let target = `xl/worksheets/sheet${sheetIndex + 1}.xml`;
  const rels = text('xl/_rels/workbook.xml.rels');
  const rid = sheet.attrs['id'];
  if (rels && rid) {
    const rel = parseXml(rels).children.find((r) => r.attrs['Id'] === rid);
    const t = rel?.attrs['Target'];
    if (t) target = t.startsWith('/') ? t.slice(1) : `xl/${t}`;
  }
  const shared: string[] = [];
  const sst = text('xl/sharedStrings.xml');
  if (sst) for (const si of childrenNamed(parseXml(sst), 'si')) shared.push(allText(si));
  const sheetXml = text(target);
  if (!sheetXml) throw invalid(`XLSX: ${target} missing`);
  const rows: Cell[][] = [];
  for (const row of childrenNamed(at(parseXml(sheetXml), 'sheetData'), 'row')) {
    const r = Number(row.attrs['r'] ?? rows.length + 1) - 1;
    const cells: Cell[] = [];
    row.children.forEach((c, i) => {
      if (c.name !== 'c') return;
      const idx = c.attrs['r'] ? colIndex(c.attrs['r']) : i;
      const t = c.attrs['t'];
      const v = at(c, 'v')?.text;
      let value: Cell = null;
      if (t === 's') value = v === undefined ? null : (shared[Number(v)] ?? null);
      else if (t === 'inlineStr') value = c.children.find((x) => x.name === 'is') ? allText(c.children.find((x) => x.name === 'is')!) : null;
      else if (t === 'str' || t === 'e') value = v ?? null;
      else if (t === 'b') value = v === '1';
      else if (v !== undefined && v.trim() !== '') value = Number(v);
      while (cells.length < idx) cells.push(null);
      cells[idx] = value;
    });
    while (rows.length < r) rows.push([]);
    rows[r] = cells;
  }
  return rows;
}
