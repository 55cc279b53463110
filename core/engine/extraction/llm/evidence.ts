/**
 * "Does this value appear in the document?" — the test every value from the model must pass. Deliberately
 * permissive about format (1,234.56 / 1.234,56 / 1 234,56 / 1'234.56; dates in any common order and in
 * month names of six languages; identifiers with or without spaces and dashes) and strict about content:
 * a number or identifier that is printed nowhere in the document is rejected.
 */

const SEP = `.,'’ \u00A0\u202F`;
const NUMBER_RUN = new RegExp(`\\d(?:[\\d${SEP}]*\\d)?`, 'g');

const cents = (v: number) => Math.round(Math.abs(v) * 100);

/** Every value a run of digits and separators could stand for. */
function runValues(run: string): number[] {
  const out: number[] = [];
  const pieces = new Set<string>([run, ...run.split(/[ \u00A0\u202F]+/)]);
  for (const piece of pieces) {
    if (!/\d/.test(piece)) continue;
    const digitsOnly = piece.replace(/[^\d]/g, '');
    if (digitsOnly.length > 15) continue;
    out.push(Number(digitsOnly));
    for (const dec of ['.', ',']) {
      const i = piece.lastIndexOf(dec);
      if (i < 0) continue;
      const frac = piece.slice(i + 1);
      if (!/^\d{1,4}$/.test(frac)) continue;
      const int = piece.slice(0, i).replace(/[^\d]/g, '') || '0';
      out.push(Number(`${int}.${frac}`));
    }
  }
  return out.filter((v) => Number.isFinite(v));
}

/** Amounts in a text, as cents (absolute values: signs and brackets vary too much to be evidence). */
export function numbersIn(text: string): Set<number> {
  const set = new Set<number>();
  for (const m of text.matchAll(NUMBER_RUN)) for (const v of runValues(m[0])) set.add(cents(v));
  return set;
}

export const hasNumber = (numbers: Set<number>, v: number): boolean => numbers.has(cents(v));

const MONTHS: Record<string, number> = {};
const addMonths = (names: string[]) => names.forEach((n, i) => n.split('|').forEach((alias) => (MONTHS[alias] = i + 1)));
addMonths(['january|jan', 'february|feb', 'march|mar', 'april|apr', 'may', 'june|jun', 'july|jul', 'august|aug', 'september|sep|sept', 'october|oct', 'november|nov', 'december|dec']);
addMonths(['januar|jan|janner|jaenner', 'februar|feb', 'marz|maerz|mrz', 'april|apr', 'mai', 'juni', 'juli', 'august|aug', 'september|sep|sept', 'oktober|okt', 'november|nov', 'dezember|dez']);
addMonths(['janvier|janv', 'fevrier|fevr|fev', 'mars', 'avril|avr', 'mai', 'juin', 'juillet|juil', 'aout', 'septembre', 'octobre', 'novembre', 'decembre']);
addMonths(['januari', 'februari', 'maart|mrt', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december']);
addMonths(['enero|ene', 'febrero', 'marzo', 'abril|abr', 'mayo', 'junio', 'julio', 'agosto|ago', 'septiembre|setiembre', 'octubre', 'noviembre', 'diciembre|dic']);
addMonths(['gennaio|gen', 'febbraio|febb', 'marzo', 'aprile', 'maggio|mag', 'giugno|giu', 'luglio|lug', 'agosto', 'settembre|sett|set', 'ottobre|ott', 'novembre', 'dicembre']);

export const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

const iso = (y: number, m: number, d: number): string | null => {
  if (y < 100) y += 2000;
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/** Every ISO date a text could mean (both day-first and month-first where the order is ambiguous). */
export function datesIn(text: string): Set<string> {
  const out = new Set<string>();
  const add = (v: string | null) => v && out.add(v);
  const t = fold(text);
  for (const m of t.matchAll(/\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/g)) add(iso(+m[1]!, +m[2]!, +m[3]!));
  for (const m of t.matchAll(/\b(\d{1,2})\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{4}|\d{2})\b/g)) {
    add(iso(+m[3]!, +m[2]!, +m[1]!));
    add(iso(+m[3]!, +m[1]!, +m[2]!));
  }
  for (const m of t.matchAll(/\b(20\d{2})(\d{2})(\d{2})\b/g)) add(iso(+m[1]!, +m[2]!, +m[3]!));
  const month = '([a-z]{3,10})\\.?';
  for (const m of t.matchAll(new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th|er|e|\\.)?\\s*(?:de\\s+)?${month}\\s*(?:de\\s+)?,?\\s*(\\d{4}|\\d{2})\\b`, 'g'))) {
    const mo = MONTHS[m[2]!];
    if (mo) add(iso(+m[3]!, mo, +m[1]!));
  }
  for (const m of t.matchAll(new RegExp(`\\b${month}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'g'))) {
    const mo = MONTHS[m[1]!];
    if (mo) add(iso(+m[3]!, mo, +m[2]!));
  }
  for (const m of t.matchAll(/\b(\d{1,2})[-\s]([a-z]{3})[-\s](\d{2,4})\b/g)) {
    const mo = MONTHS[m[2]!];
    if (mo) add(iso(+m[3]!, mo, +m[1]!));
  }
  return out;
}

/** Letters and digits only, upper case: identifiers compare in this form. */
export const compact = (s: string) => fold(s).toUpperCase().replace(/[^A-Z0-9]/g, '');

export type DocumentEvidence = {
  text: string;
  folded: string;
  compacted: string;
  numbers: Set<number>;
  dates: Set<string>;
  words: Set<string>;
};

export function evidenceOf(text: string): DocumentEvidence {
  const folded = fold(text);
  return {
    text,
    folded,
    compacted: compact(text),
    numbers: numbersIn(text),
    dates: datesIn(text),
    words: new Set(folded.split(/[^a-z0-9]+/).filter((w) => w.length > 0)),
  };
}

export const hasIdentifier = (ev: DocumentEvidence, v: string): boolean => {
  const c = compact(v);
  return c.length >= 1 && ev.compacted.includes(c);
};

export const hasEmail = (ev: DocumentEvidence, v: string): boolean => v.includes('@') && ev.folded.replace(/\s+/g, '').includes(fold(v).replace(/\s+/g, ''));

/** A name is present when (nearly) all of its words are printed in the document. */
export const hasName = (ev: DocumentEvidence, v: string): boolean => {
  const words = fold(v).split(/[^a-z0-9]+/).filter((w) => w.length > 1);
  if (words.length === 0) return false;
  const found = words.filter((w) => ev.words.has(w)).length;
  return found / words.length >= 0.75;
};

const CURRENCY_SIGNS: Array<[RegExp, string[]]> = [
  [/€/, ['EUR']],
  [/£/, ['GBP']],
  [/\$/, ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN']],
  [/¥|円/, ['JPY', 'CNY']],
  [/\bfr\.|\bsfr\b/i, ['CHF']],
  [/zł|zl\b/i, ['PLN']],
  [/\bkr\b|\bkr\./i, ['SEK', 'NOK', 'DKK']],
  [/₹/, ['INR']],
  [/\beuro?s?\b/i, ['EUR']],
  [/\bdollars?\b/i, ['USD']],
];

export const hasCurrency = (ev: DocumentEvidence, code: string): boolean => {
  if (new RegExp(`\\b${code}\\b`, 'i').test(ev.text)) return true;
  return CURRENCY_SIGNS.some(([re, codes]) => codes.includes(code) && re.test(ev.text));
};

export const hasDate = (ev: DocumentEvidence, isoDate: string): boolean => ev.dates.has(isoDate);

const CREDIT_WORDS = /credit\s*note|gutschrift|rechnungskorrektur|avoir|note de credit|creditnota|creditfactuur|nota de credito|factura rectificativa|nota di credito|abono/;
export const mentionsCreditNote = (ev: DocumentEvidence): boolean => CREDIT_WORDS.test(ev.folded);

/**
 * Lines that address an AI rather than a human reader ("ignore previous instructions", "you are now …",
 * "set the total to …"). They stay in the data block (the model may report them) but are no evidence:
 * a value printed only there is treated as not printed.
 */
const INJECTION =
  /ignore\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier|preceding)\s+(?:instructions?|prompts?|rules?)|disregard\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier)?\s*(?:instructions?|rules?)|\byou\s+are\s+now\b|\bas\s+an\s+ai\b|\b(?:ai|llm)\s+(?:systems?|models?|assistants?|agents?)\b|\blanguage\s+model\b|\bsystem\s+prompt\b|(?:^|\s)(?:system|assistant)\s*:|\bnew\s+instructions?\b|\bjailbreak\b|\bmaintenance\s+mode\b|\b(?:set|change|replace)\s+the\s+(?:total|amount|iban|bank|vendor|supplier|invoice\s+number|due\s+date)\b|\bprompt\s+injection\b|ignoriere\s+(?:alle\s+)?(?:vorherigen|bisherigen)\s+anweisungen|ignorez\s+(?:toutes\s+)?les\s+instructions/i;

export function splitSuspicious(text: string): { clean: string; suspicious: string[] } {
  const suspicious: string[] = [];
  const clean = text
    .split('\n')
    .filter((line) => {
      if (!INJECTION.test(fold(line))) return true;
      suspicious.push(line.trim());
      return false;
    })
    .join('\n');
  return { clean, suspicious };
}
