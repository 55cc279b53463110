/**
 * Reference evidence: the keys an open item can be recognised by (its number, payment reference,
 * structured communication, the vendor's own number) and the keys found in a bank label.
 * Both sides go through the same canonicalisation (normalize.ts), so a lookup is an exact string match;
 * near misses (typos) are checked afterwards, only against a line's short candidate list.
 */
import { isValidBelgianStructuredRef, isValidRfReference } from '../../../shared/iban';
import { amountsInLabel, fixOcr, foldText, hasPartialHint, isDigits, referenceRuns, withinOneEdit } from './normalize';

export type KeyStrength = 'strong' | 'medium' | 'weak';
export type KeySource = 'name' | 'payment-reference' | 'ref' | 'structured';
export type ItemKey = { key: string; strength: KeyStrength; source: KeySource };

const OGM_PREFIX = 'OGM:';

/** The keys of one open item. `name` is the move name; `ref` / `paymentReference` as on the move. */
export function itemKeys(name: string, paymentReference: string | undefined, ref: string | undefined): ItemKey[] {
  const out: ItemKey[] = [];
  const seen = new Set<string>();
  const add = (key: string, strength: KeyStrength, source: KeySource) => {
    if (key.length === 0 || seen.has(key)) return;
    seen.add(key);
    out.push({ key, strength, source });
  };
  const runs = referenceRuns(name);
  if (runs.length >= 2) add(runs.join('|'), 'strong', 'name');
  const last = runs[runs.length - 1];
  const beforeLast = runs[runs.length - 2];
  if (runs.length >= 3 && last && beforeLast && isDigits(last) && /^(19|20)[0-9]{2}$/.test(beforeLast)) add(`${beforeLast}|${last}`, 'medium', 'name');
  if (runs.length >= 2 && last && isDigits(last)) add(last, 'weak', 'name');
  for (const [raw, source] of [[paymentReference, 'payment-reference'], [ref, 'ref']] as const) {
    if (!raw) continue;
    const ogm = structuredDigits(raw);
    if (ogm && isValidBelgianStructuredRef(ogm)) {
      add(OGM_PREFIX + ogm, 'strong', 'structured');
      continue;
    }
    const key = referenceRuns(raw).join('|');
    if (!/[0-9]/.test(key)) continue;
    const len = key.replace(/\|/g, '').length;
    add(key, len >= 5 ? 'strong' : 'medium', source);
  }
  return out;
}

/** "+++202/6000/14340+++" or "***…***" → its 12 digits. */
function structuredDigits(raw: string): string | undefined {
  const m = /[+*]{3}\s*([0-9]{3})\s*\/?\s*([0-9]{4})\s*\/?\s*([0-9]{5})\s*[+*]{3}/.exec(raw);
  return m ? `${m[1]}${m[2]}${m[3]}` : undefined;
}

export type LabelRefs = {
  /** canonical keys of 1–4 consecutive runs holding a digit (each a possible reference) */
  windows: string[];
  /** windows with a digit, joined without separators, ≥ 5 chars: compared by edit distance with item keys */
  compact: string[];
  /** structured communications (+++…+++ or a bare 12-digit run), with whether the check digits hold */
  structured: Array<{ digits: string; valid: boolean; marked: boolean }>;
  /** ISO 11649 creditor references found (payload canonicalised), with whether their checksum holds */
  rf: Array<{ key: string; valid: boolean }>;
  partialHint: boolean;
  amounts: number[];
};

export function labelRefs(label: string): LabelRefs {
  const structured: LabelRefs['structured'] = [];
  const folded = foldText(fixOcr(label));
  const reStruct = /[+*]{3}\s*([0-9]{3})\s*\/?\s*([0-9]{4})\s*\/?\s*([0-9]{5})\s*[+*]{3}/g;
  let m: RegExpExecArray | null;
  while ((m = reStruct.exec(folded)) !== null) {
    const digits = `${m[1]}${m[2]}${m[3]}`;
    structured.push({ digits, valid: isValidBelgianStructuredRef(digits), marked: true });
  }
  const reBare = /(?<![0-9])([0-9]{12})(?![0-9])/g;
  while ((m = reBare.exec(folded.replace(/[+*]{3}[^+*]*[+*]{3}/g, ' '))) !== null) {
    const digits = m[1] ?? '';
    const valid = isValidBelgianStructuredRef(digits);
    if (valid) structured.push({ digits, valid, marked: false });
  }
  const rf: LabelRefs['rf'] = [];
  const reRf = /\bRF([0-9]{2})([A-Z0-9]{1,21})\b/g;
  while ((m = reRf.exec(folded)) !== null) {
    const raw = `RF${m[1]}${m[2]}`;
    rf.push({ key: referenceRuns(m[2] ?? '').join('|'), valid: isValidRfReference(raw) });
  }
  const runs = referenceRuns(label);
  const windows = new Set<string>();
  const compact = new Set<string>();
  for (let i = 0; i < runs.length; i++) {
    let key = '';
    let flat = '';
    for (let k = 0; k < 4 && i + k < runs.length; k++) {
      const r = runs[i + k] ?? '';
      key = k === 0 ? r : `${key}|${r}`;
      flat += r;
      // every item key holds a digit: windows without one can never hit
      if (hasDigit(flat)) {
        windows.add(key);
        if (flat.length >= 5) compact.add(flat);
      }
    }
  }
  for (const r of rf) windows.add(r.key);
  for (const s of structured) windows.add(OGM_PREFIX + s.digits);
  return { windows: [...windows], compact: [...compact], structured, rf, partialHint: hasPartialHint(label), amounts: amountsInLabel(label) };
}

const hasDigit = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
};

export const isStructuredKey = (key: string): boolean => key.startsWith(OGM_PREFIX);

/** A key as people write it, for explanations ("INV|2026|42" → "INV2026 42"-like → we show the item's own text instead). */
export function structuredDisplay(key: string): string {
  const d = key.slice(OGM_PREFIX.length);
  return `+++${d.slice(0, 3)}/${d.slice(3, 7)}/${d.slice(7)}+++`;
}

/**
 * Closest near miss between an item's strong keys and a label: 1 = one typo (edit, swap, OCR) away, 0 = none.
 * Structured communications compare digit by digit (one wrong digit breaks the checksum, so the label's
 * invalid one is expected to be a near miss of a real one).
 */
export function fuzzyRefHit(keys: readonly ItemKey[], refs: LabelRefs, flatKeys?: readonly string[]): ItemKey | undefined {
  for (let ki = 0; ki < keys.length; ki++) {
    const k = keys[ki] as ItemKey;
    if (k.strength !== 'strong') continue;
    if (isStructuredKey(k.key)) {
      if (refs.structured.length === 0) continue;
      const d = k.key.slice(OGM_PREFIX.length);
      for (const s of refs.structured) {
        if (s.valid && s.digits === d) continue;
        let diff = 0;
        for (let i = 0; i < 12 && diff < 3; i++) if (s.digits.charCodeAt(i) !== d.charCodeAt(i)) diff++;
        if (diff === 1 || (diff === 2 && withinOneEdit(s.digits, d))) return k;
      }
      continue;
    }
    const flat = flatKeys?.[ki] ?? k.key.replace(/\|/g, '');
    if (flat.length < 6) continue;
    for (const w of refs.compact) {
      if (Math.abs(w.length - flat.length) > 1 || w === flat) continue;
      if (withinOneEdit(w, flat)) return k;
    }
  }
  return undefined;
}
