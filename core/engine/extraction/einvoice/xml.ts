/**
 * Small helpers over fast-xml-parser's object tree (namespace prefixes removed, values kept as strings), so
 * the CII and UBL readers can walk paths without caring about single-vs-array children or attributes.
 */
import { XMLParser } from 'fast-xml-parser';

export type XNode = Record<string, unknown>;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
});

/** Parses XML text into the object tree; throws (fast-xml-parser's error) on malformed input. */
export function parseXml(text: string): XNode {
  const clean = text.replace(/^\uFEFF/, '');
  return parser.parse(clean, true) as XNode;
}

function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Every node reached by following `path` (each step may fan out over repeated elements). */
export function all(node: unknown, ...path: string[]): unknown[] {
  let cur: unknown[] = [node];
  for (const step of path) {
    const next: unknown[] = [];
    for (const c of cur) {
      if (c && typeof c === 'object' && !Array.isArray(c)) next.push(...asArray((c as XNode)[step]));
    }
    cur = next;
  }
  return cur;
}

export function first(node: unknown, ...path: string[]): unknown {
  return all(node, ...path)[0];
}

/** The text of a node: a string value, or the `#text` of an element with attributes. */
export function textOf(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object' && !Array.isArray(v)) {
    const t = (v as XNode)['#text'];
    if (typeof t === 'string' || typeof t === 'number') return String(t).trim() || undefined;
  }
  return undefined;
}

export function text(node: unknown, ...path: string[]): string | undefined {
  for (const n of all(node, ...path)) {
    const t = textOf(n);
    if (t !== undefined) return t;
  }
  return undefined;
}

export function attr(v: unknown, name: string): string | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const a = (v as XNode)[`@${name}`];
    if (typeof a === 'string') return a;
  }
  return undefined;
}

/** A decimal as written in XML (`1234.56`, maybe signed); undefined when it is not one. */
export function num(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const s = v.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return undefined;
  return Number(s);
}

/** CII `format="102"` (YYYYMMDD), or ISO `YYYY-MM-DD` (UBL, and some CII writers), to ISO. */
export function isoDate(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const s = v.trim();
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  return undefined;
}
