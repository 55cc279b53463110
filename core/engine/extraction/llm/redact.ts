/**
 * Redaction mode: IBANs, e-mail addresses, phone numbers and personal names are replaced by placeholders
 * (`[IBAN_1]`, `[EMAIL_1]`, `[PHONE_1]`, `[NAME_1]`) before the text leaves the machine, and restored in
 * the model's answer. The same value always gets the same placeholder, so the model can still say "the
 * vendor's IBAN is [IBAN_1]".
 */

export type Redaction = {
  text: string;
  /** placeholder → original */
  map: Map<string, string>;
  counts: Record<'IBAN' | 'EMAIL' | 'PHONE' | 'NAME', number>;
};

type Kind = keyof Redaction['counts'];

const IBAN = /\b[A-Z]{2}\d{2}(?:[ \u00A0]?[A-Z0-9]{4}){2,7}(?:[ \u00A0]?[A-Z0-9]{1,4})?\b/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// an international number (+ or 00 prefix), or any number after a phone label
const PHONE_INTL = /(?<![\w+])(?:\+|00)\d{1,3}(?:[ \u00A0./-]?\(?\d{1,5}\)?){2,6}(?!\w)/g;
const PHONE_LABEL = /\b(tel(?:ephone|efon|efoon|efono|éfono|éphone)?|t[ée]l\.?|phone|fax|mobile?|mob\.?|handy|gsm|cell)\b\s*[.:]?\s*((?:\(?\+?\d[\d ()./\u00A0-]{5,}\d))/gi;
const CAP = "[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+";
const NAME_RUN = `${CAP}(?:[ \\u00A0]+(?:(?:van|von|de|der|den|di|da|du|le|la|del|dos|ten|ter)[ \\u00A0]+)?${CAP}){0,2}`;
const HONORIFIC = new RegExp(
  `\\b(?:Mr|Mrs|Ms|Miss|Dr|Herr|Frau|Hr|Fr|Mme|Mlle|Dhr|Mevr|Sr|Sra|Sig|Sig\\.ra|Prof)\\.?[ \\u00A0]+(${NAME_RUN})`,
  'g',
);
const M_DOT = new RegExp(`\\bM\\.[ \\u00A0]+(${NAME_RUN})`, 'g');
/** a case-insensitive pattern for a label, leaving the rest of the expression case-sensitive */
const ci = (label: string) => label.replace(/[a-zäöüàéè]/g, (c) => `[${c}${c.toUpperCase()}]`);
const LABELS = [
  'attn', 'attention', 'contact person', 'contact', 'contactpersoon', 'ansprechpartnerin', 'ansprechpartner', 'z. hd.', 'z.hd.', 'zu händen von',
  'zu händen', 'sachbearbeiterin', 'sachbearbeiter', 'bearbeiterin', 'bearbeiter', 'interlocuteur', "à l'attention de", 'contacto', 'referente',
  'your contact', 'ihr kontakt', 'votre contact', 'issued by', 'erstellt von',
].map((l) => ci(l).replace(/\./g, '\\.').replace(/ /g, '[ \\u00A0]?'));
const NAME_LABEL = new RegExp(`(?<![\\p{L}])(?:${LABELS.join('|')})[ \\u00A0]*[:.-]?[ \\u00A0]*(${NAME_RUN})`, 'gu');

export function redactText(text: string, knownNames: string[] = []): Redaction {
  const map = new Map<string, string>();
  const byValue = new Map<string, string>();
  const counts: Redaction['counts'] = { IBAN: 0, EMAIL: 0, PHONE: 0, NAME: 0 };
  const placeholder = (kind: Kind, value: string): string => {
    const key = `${kind}:${value}`;
    const known = byValue.get(key);
    if (known) return known;
    const p = `[${kind}_${++counts[kind]}]`;
    byValue.set(key, p);
    map.set(p, value);
    return p;
  };
  let out = text;
  out = out.replace(EMAIL, (m) => placeholder('EMAIL', m));
  // 15 characters at least: the shortest IBAN (Norway); shorter look-alikes are VAT ids
  out = out.replace(IBAN, (m) => (m.replace(/[\s\u00A0]/g, '').length >= 15 ? placeholder('IBAN', m) : m));
  out = out.replace(PHONE_LABEL, (m, label: string, num: string) => m.replace(num, placeholder('PHONE', num.trim())));
  out = out.replace(PHONE_INTL, (m) => (m.replace(/\D/g, '').length >= 8 ? placeholder('PHONE', m) : m));
  const names = new Set<string>();
  for (const re of [HONORIFIC, M_DOT, NAME_LABEL]) for (const m of out.matchAll(re)) if (m[1] && !m[1].startsWith('[')) names.add(m[1]);
  for (const n of knownNames) if (n.trim().length >= 3) names.add(n.trim());
  // longest first, so that "Anna Maria Schmidt" is not split by "Anna Maria"
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    out = out.replace(new RegExp(`(?<![\\p{L}\\d])${escaped}(?![\\p{L}\\d])`, 'gu'), (m) => placeholder('NAME', m));
  }
  return { text: out, map, counts };
}

/** Puts the originals back wherever the model copied a placeholder (at any depth of its answer). */
export function restore<T>(value: T, map: Map<string, string>): T {
  if (map.size === 0) return value;
  const re = /\[(?:IBAN|EMAIL|PHONE|NAME)_\d+\]/g;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(re, (p) => map.get(p) ?? p);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
