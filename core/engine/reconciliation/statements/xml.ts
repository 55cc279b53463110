/**
 * A small, strict XML reader for bank messages (CAMT, OFX 2). Bank XML is plain data: no DTD-defined
 * entities, no mixed content that matters. Owning the reader keeps the parsers synchronous and lets
 * errors name the line and the element path, which a generic parser's messages do not.
 * Element names are reduced to their local part: CAMT namespaces and prefixes vary between versions.
 */
import { invalid } from './util';

export type XmlElement = {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
};

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (all, ent: string) => {
    if (ent.startsWith('#x')) return String.fromCodePoint(parseInt(ent.slice(2), 16));
    if (ent.startsWith('#')) return String.fromCodePoint(parseInt(ent.slice(1), 10));
    return ENTITIES[ent] ?? all;
  });
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i >= 0 ? qname.slice(i + 1) : qname;
}

export function parseXml(text: string): XmlElement {
  let pos = 0;
  let line = 1;
  const len = text.length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const advanceTo = (next: number): void => {
    for (let i = pos; i < next; i++) if (text.charCodeAt(i) === 10) line++;
    pos = next;
  };
  const pathOf = (): string => stack.map((e) => e.name).join('/');

  while (pos < len) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) {
      const rest = text.slice(pos);
      if (rest.trim() !== '' && stack.length > 0) stack[stack.length - 1]!.text += decodeEntities(rest);
      advanceTo(len);
      break;
    }
    if (lt > pos) {
      const chunk = text.slice(pos, lt);
      const top = stack[stack.length - 1];
      if (top) top.text += decodeEntities(chunk);
      else if (chunk.trim() !== '') throw invalid(`line ${line}: text outside the root element`);
      advanceTo(lt);
    }
    if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos + 4);
      if (end < 0) throw invalid(`line ${line}: unterminated comment`);
      advanceTo(end + 3);
    } else if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos);
      if (end < 0) throw invalid(`line ${line}: unterminated CDATA section`);
      const top = stack[stack.length - 1];
      if (top) top.text += text.slice(pos + 9, end);
      advanceTo(end + 3);
    } else if (text.startsWith('<?', pos)) {
      const end = text.indexOf('?>', pos);
      if (end < 0) throw invalid(`line ${line}: unterminated processing instruction`);
      advanceTo(end + 2);
    } else if (text.startsWith('<!', pos)) {
      const end = text.indexOf('>', pos);
      if (end < 0) throw invalid(`line ${line}: unterminated declaration`);
      advanceTo(end + 1);
    } else if (text.startsWith('</', pos)) {
      const end = text.indexOf('>', pos);
      if (end < 0) throw invalid(`line ${line}: unterminated closing tag`);
      const name = localName(text.slice(pos + 2, end).trim());
      const top = stack.pop();
      if (!top) throw invalid(`line ${line}: closing tag </${name}> without an open element`);
      if (top.name !== name) throw invalid(`line ${line}: ${pathOf()}/${top.name}: expected </${top.name}>, found </${name}>`);
      advanceTo(end + 1);
    } else {
      // Find the end of the tag, honouring quoted attribute values that may contain '>'.
      let i = pos + 1;
      let quote = '';
      for (; i < len; i++) {
        const ch = text[i];
        if (quote) {
          if (ch === quote) quote = '';
        } else if (ch === '"' || ch === "'") quote = ch;
        else if (ch === '>') break;
      }
      if (i >= len) throw invalid(`line ${line}: ${pathOf() || '(root)'}: unterminated tag (file truncated?)`);
      let body = text.slice(pos + 1, i);
      const selfClosing = body.endsWith('/');
      if (selfClosing) body = body.slice(0, -1);
      const nameMatch = /^([^\s/>]+)/.exec(body);
      if (!nameMatch) throw invalid(`line ${line}: malformed tag`);
      const el: XmlElement = { name: localName(nameMatch[1]!), attrs: {}, children: [], text: '', line };
      const attrRe = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
      const attrText = body.slice(nameMatch[1]!.length);
      let am: RegExpExecArray | null;
      while ((am = attrRe.exec(attrText)) !== null) {
        el.attrs[localName(am[1]!)] = decodeEntities(am[3] ?? am[4] ?? '');
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) throw invalid(`line ${line}: a second root element <${el.name}>`);
      else root = el;
      if (!selfClosing) stack.push(el);
      advanceTo(i + 1);
    }
  }
  if (stack.length > 0) throw invalid(`line ${line}: ${pathOf()}: element not closed — the file is truncated`);
  if (!root) throw invalid('no XML root element');
  return root;
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Follows a slash path of child names, e.g. `Acct/Id/IBAN`. */
export function at(el: XmlElement | undefined, path: string): XmlElement | undefined {
  let cur = el;
  for (const part of path.split('/')) {
    cur = child(cur, part);
    if (!cur) return undefined;
  }
  return cur;
}

export function textAt(el: XmlElement | undefined, path: string): string | undefined {
  const t = at(el, path)?.text.trim();
  return t === undefined || t === '' ? undefined : t;
}

/** Depth-first search for the first descendant with this name. */
export function findDeep(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) {
    if (c.name === name) return c;
    const f = findDeep(c, name);
    if (f) return f;
  }
  return undefined;
}
