/**
 * Field labels in English, German, French, Dutch, Spanish and Italian, each with a weight (how strongly it
 * names the field). Patterns are matched case-insensitively inside a line segment; the value is read after
 * the match, in the next segment to the right, or in the cell below.
 */

export type Label = { re: RegExp; weight: number };

const L = (src: string, weight: number): Label => ({ re: new RegExp(src, 'iu'), weight });
const NO = String.raw`(?:n(?:o|r|um|º|°|o\.|r\.)?\.?|#|number|nummer|num[eé]ro|n[uú]mero|numero|id|ref(?:erence)?)`;

export const LABELS = {
  invoiceNumber: [
    L(String.raw`(?:invoice|bill|receipt)\s*${NO}`, 1),
    L(String.raw`(?:tax\s+)?invoice\s*(?::|#)`, 0.9),
    L(String.raw`rechnungs?\s*-?\s*(?:nummer|nr\.?|no\.?)`, 1),
    L(String.raw`(?:beleg|dokument)\s*-?\s*(?:nummer|nr\.?)`, 0.7),
    L(String.raw`(?:rechnungs\s*-?\s*korrektur|korrekturrechnung|stornorechnung)\b(?:\s*\(\d{3}\))?\s*(?:nummer|nr\.?|no\.?)`, 1),
    L(String.raw`(?:n[°º]|num[ée]ro|no\.?)\s*(?:de\s+)?(?:la\s+)?facture`, 1),
    L(String.raw`facture\s*(?:n[°º]|num[ée]ro|no\.?|#)`, 1),
    L(String.raw`factuur\s*-?\s*(?:nummer|nr\.?|no\.?)`, 1),
    L(String.raw`(?:n[uú]mero|n[°º]|no\.?)\s*(?:de\s+)?factura`, 1),
    L(String.raw`factura\s*(?:n[°º]|n[uú]m(?:ero)?\.?|no\.?|#)`, 1),
    L(String.raw`(?:numero|n[°º.]|nr\.?)\s*(?:della\s+)?fattura`, 1),
    L(String.raw`fattura\s*(?:n[°º.]?|nr\.?|numero)`, 1),
    L(String.raw`(?:credit\s*note|gutschrift|avoir|creditnota|nota\s+(?:de|di)\s+cr[ée]dito)\s*${NO}`, 1),
    L(String.raw`(?:bill|receipt|document)\s*(?:no|#)`, 0.6),
    L(String.raw`\bbooking\s+(?:id|ref(?:erence)?|no)`, 0.5),
    // a title line "# INV-0042" under a logo-like "INVOICE" that OCR lost
    L(String.raw`^#(?=\s*[\p{L}\d_-]*\d)`, 0.45),
    L(String.raw`\binvoice\b`, 0.35),
    L(String.raw`rechnung\b`, 0.35),
    L(String.raw`\bfacture\b`, 0.35),
    L(String.raw`\b(?:avoir|gutschrift|credit\s*note|creditnota|factuur|factura|fattura)\b`, 0.35),
  ],
  invoiceDate: [
    L(String.raw`(?:invoice|bill|document|issue|tax\s*point)\s*date`, 1),
    L(String.raw`date\s*(?:of\s+)?(?:invoice|issue)`, 1),
    L(String.raw`(?:invoice|rechnung|facture|factuur|factura|fattura|gutschrift|avoir)\b.{0,40}?\s(?:dated|of|vom|du|van|del)\b`, 0.9),
    L(String.raw`(?:rechnungs|beleg)\s*-?\s*datum`, 1),
    L(String.raw`date\s*(?:de\s+)?(?:la\s+)?(?:facture|facturation|[ée]mission)`, 1),
    L(String.raw`factuur\s*-?\s*datum`, 1),
    L(String.raw`fecha\s*(?:de\s+)?(?:la\s+)?(?:factura|emisi[oó]n|expedici[oó]n)`, 1),
    L(String.raw`data\s*(?:della\s+)?(?:fattura|emissione|documento)`, 1),
    L(String.raw`\b(?:date|datum|fecha|data|dated|dat)\b`, 0.55),
    L(String.raw`\b(?:vom|du|del|van)\b`, 0.3),
  ],
  dueDate: [
    L(String.raw`(?:due|payment\s+due|pay(?:ment)?\s+by|payable\s+by)\s*(?:date|on|by)?`, 1),
    L(String.raw`f[äa]llig(?:keit(?:sdatum)?|\s+(?:am|bis))?`, 1),
    L(String.raw`zahlbar\s+(?:bis|am)`, 1),
    L(String.raw`(?:verval|uiterste\s+betaal)\s*(?:datum|dag)`, 1),
    L(String.raw`betalen\s+(?:voor|v[oó][oó]r)`, 0.9),
    L(String.raw`(?:date\s+d'|d')?[ée]ch[ée]ance`, 1),
    L(String.raw`date\s+limite\s+de\s+(?:paiement|r[èe]glement)`, 1),
    L(String.raw`(?:[àa]\s+)?payer\s+avant\s+le`, 1),
    L(String.raw`(?:fecha\s+de\s+)?vencimiento`, 1),
    L(String.raw`(?:data\s+(?:di\s+)?)?scadenza`, 1),
  ],
  total: [
    L(String.raw`grand\s+total|invoice\s+total|total\s+(?:amount|invoice|payable|due|to\s+pay)|amount\s+(?:due|payable)|balance\s+due|total\s+incl`, 1),
    L(String.raw`total\s*\(?\s*(?:incl|inc|including|with|w/)\.?\s*(?:vat|tax|gst)`, 1),
    L(String.raw`gesamt\s*-?\s*(?:betrag|summe|preis)|rechnungs\s*-?\s*(?:betrag|summe)|brutto\s*-?\s*(?:betrag|summe)|bruttosumme|endbetrag|zahlbetrag|zu\s+zahlen`, 1),
    L(String.raw`summe\s*(?:brutto|inkl)|betrag\s+inkl`, 0.9),
    L(String.raw`totaal\s*(?:bedrag|incl\.?|inclusief)?|te\s+betalen`, 0.95),
    L(String.raw`total\s+ttc|montant\s+(?:total\s+)?ttc|net\s+[àa]\s+payer|montant\s+total|total\s+[àa]\s+payer|montant\s+d[uû]|somme\s+[àa]\s+payer|total\s+facture`, 1),
    L(String.raw`importe\s+total|total\s+(?:a\s+pagar|factura)|total\s+con\s+iva`, 1),
    L(String.raw`totale\s*(?:fattura|documento|da\s+pagare|ivato)?|importo\s+totale`, 0.95),
    L(String.raw`rounded\s+total|nett?\s+total|total\s+(?:rm|sales)`, 0.9),
    L(String.raw`sales\s*\(?\s*(?:incl(?:usive|uding)?\.?)\s*(?:of\s+)?(?:gst|vat|tax)`, 0.95),
    L(String.raw`\btotal\b|\bsumme\b`, 0.6),
    L(String.raw`\b(?:amount|betrag|montant|bedrag|importe|importo)\b`, 0.35),
  ],
  untaxed: [
    L(String.raw`sub\s*-?\s*total|subtotaal|zwischensumme|sous\s*-?\s*total|subtotale`, 0.8),
    L(String.raw`(?:total|amount)\s*\(?\s*(?:excl|ex|excluding|before|w/o|without|net)\.?\s*(?:of\s+)?(?:vat|tax|gst)?|net\s+(?:amount|total)|total\s+net`, 1),
    L(String.raw`(?:summe|betrag|rechnungssumme|gesamtbetrag|total|montant|totaal|importe|totale)\s+(?:ohne|sans|zonder|sin|senza|excl\.?|exkl\.?)\s+(?:ust|mwst|steuer|tva|taxes?|btw|iva)`, 1.05),
    L(String.raw`netto\s*-?\s*(?:betrag|summe|rechnungsbetrag)?|summe\s+netto|warenwert|gesamt\s+netto|steuerpflichtiger\s+betrag|basisbetrag`, 1),
    L(String.raw`(?:totaal\s+)?excl(?:usief)?\.?\s+btw|netto\s+bedrag`, 1),
    L(String.raw`total\s+h\.?t\.?|montant\s+h\.?t\.?|total\s+hors\s+taxes?|base\s+ht`, 1),
    L(String.raw`base\s+imponible|subtotal\s+sin\s+iva|importe\s+neto`, 1),
    L(String.raw`(?:totale\s+)?imponibile|totale\s+netto`, 1),
  ],
  tax: [
    L(String.raw`\b(?:total\s+)?(?:vat|tax|taxes|gst|sales\s+tax)\b\s*(?:amount|total)?`, 0.8),
    L(String.raw`\b(?:umsatz|mehrwert)\s*steuer|\bmwst\b|\bust\b|steuerbetrag|\bsumme\s+(?:ust|mwst)`, 0.8),
    L(String.raw`\bbtw\b`, 0.8),
    L(String.raw`\b(?:total\s+|montant\s+)?(?:tva|taxes?)\b`, 0.8),
    L(String.raw`\b(?:total\s+|importe\s+|cuota\s+)?iva\b`, 0.8),
    L(String.raw`\bimposta\b`, 0.8),
  ],
  prepaid: [
    L(String.raw`(?:already\s+)?paid|prepaid|deposit|anzahlung|bereits\s+(?:gezahlt|bezahlt)|vorauszahlung|d[ée]j[àa]\s+pay[ée]|acompte|reeds\s+betaald|aanbetaling|anticipo|ya\s+pagado|gi[àa]\s+pagato`, 0.8),
  ],
  due: [
    L(String.raw`solde\s+(?:[àa]\s+payer|d[uû])|somme\s+[àa]\s+payer|amount\s+due|balance\s+due|total\s+due|amount\s+payable|zu\s+zahlen|zahlbetrag|offener?\s+betrag|restbetrag|residual(?:\s+amount)?|remaining\s+(?:amount|balance)|outstanding\s+(?:amount|balance)|reste\s+d[uû]|montant\s+restant|te\s+betalen|net\s+[àa]\s+payer|reste\s+[àa]\s+payer|importe\s+a\s+pagar|totale\s+da\s+pagare|da\s+pagare`, 1),
  ],
  poNumber: [
    L(String.raw`\b(?:purchase\s+order|p\.?\s?o\.?)\s*(?:${NO}|:)`, 1),
    L(String.raw`(?:your|customer)\s+(?:order|po)\s*(?:${NO}|:)?`, 0.9),
    L(String.raw`bestell\s*-?\s*(?:nummer|nr\.?|referenz)|ihre\s+bestellung|auftrags\s*-?\s*(?:nummer|nr\.?)`, 1),
    L(String.raw`bon\s+de\s+commande|(?:n[°º]|num[ée]ro)\s+de\s+commande|commande\s*n[°º]`, 1),
    L(String.raw`(?:inkoop|bestel)\s*-?\s*(?:order)?\s*(?:nummer|nr\.?)|uw\s+(?:bestelling|referentie)`, 0.9),
    L(String.raw`(?:n[uú]mero\s+de\s+)?pedido|orden\s+de\s+compra`, 0.9),
    L(String.raw`(?:numero\s+)?ordine|ordine\s+d'acquisto`, 0.9),
    L(String.raw`\border\s*(?:${NO}|:)`, 0.5),
    L(String.raw`\b(?:votre|your|uw|ihre|su|vostro)\s+(?:r[ée]f[ée]rence|reference|referentie|referenz|referencia|riferimento)\b`, 0.6),
  ],
  buyer: [
    L(String.raw`^(?:bill(?:ed)?\s+to|invoice\s+to|sold\s+to|ship(?:ped)?\s+to|deliver(?:ed|y)?\s+to|customer|client|buyer|recipient|attn)\b`, 1),
    L(String.raw`^(?:rechnungs\s*empf[äa]nger|leistungsempf[äa]nger|k[äa]ufer|kunde|lieferanschrift|ihre?\s+(?:ust|steuer))`, 1),
    L(String.raw`^(?:factur[ée]\s+[àa]\s*:|destinataire|acheteur|livr[ée]\s+[àa]|adresse\s+de\s+(?:livraison|facturation)|votre\s+(?:tva|n[°º]))`, 1),
    L(String.raw`^(?:klant|afnemer|factuuradres|afleveradres|uw\s+btw)`, 1),
    L(String.raw`^(?:facturar\s+a|comprador|destinatario|cliente)\b`, 1),
    L(String.raw`^(?:committente|spett(?:\.|abile))`, 1),
    L(String.raw`\b(?:n[°º]\s*tva\s+client|customer\s+(?:vat|no|number|id)|kunden\s*-?\s*(?:nr|nummer)|klantnummer)\b`, 0.6),
  ],
  seller: [
    L(String.raw`^(?:from|seller|supplier|vendor|issued\s+by|sold\s+by|service\s+provider|billed\s+by)\s*(?::|$)`, 1),
    L(String.raw`^(?:verk[äa]ufer|lieferant|rechnungssteller|leistungserbringer)\s*(?::|$)`, 1),
    L(String.raw`^(?:vendeur|fournisseur|[ée]metteur|prestataire)\s*(?::|$)`, 1),
    L(String.raw`^(?:leverancier|verkoper)\s*(?::|$)`, 1),
    L(String.raw`^(?:proveedor|vendedor|emisor)\s*(?::|$)`, 1),
    L(String.raw`^(?:fornitore|venditore|cedente(?:\s+prestatore)?)\s*(?::|$)`, 1),
    L(String.raw`(?:account\s+holder|beneficiary|payee|kontoinhaber|zahlungsempf[äa]nger|beg[üu]nstigter|titulaire\s+du\s+compte|b[ée]n[ée]ficiaire|rekeninghouder|begunstigde|titular\s+de\s+la\s+cuenta|beneficiario|intestatario)\s*:`, 0.85),
  ],
  creditNote: [
    L(String.raw`credit\s*(?:note|memo)|gutschrift|stornorechnung|\bavoir\b|facture\s+d'avoir|creditnota|creditfactuur|factura\s+rectificativa|nota\s+de\s+cr[ée]dito|nota\s+di\s+credito`, 1),
  ],
  invoiceTitle: [
    L(String.raw`\b(?:tax\s+)?invoice\b|rechnung|\bfacture\b|\bfactuur\b|\bfactura\b|\bfattura\b|\breceipt\b|\bbill\b|\bquittung\b|\bnota\b|\btax\s+invoice\b`, 1),
  ],
  currency: [
    L(String.raw`^(?:invoice\s+)?(?:currency|rechnungsw[äa]hrung|w[äa]hrung|devise|valuta|munt|moneda|divisa)\s*:?`, 1),
  ],
  iban: [L(String.raw`\biban\b\s*:?`, 1)],
  paymentTerms: [
    L(String.raw`(?:net|within|in|payable\s+within|due\s+in)\s+(\d{1,3})\s+days`, 1),
    L(String.raw`(?:innerhalb|binnen|zahlbar\s+in(?:nerhalb)?(?:\s+von)?)\s+(\d{1,3})\s+tag(?:e|en)?`, 1),
    L(String.raw`binnen\s+(\d{1,3})\s+dagen`, 1),
    L(String.raw`(?:sous|dans\s+un\s+d[ée]lai\s+de|[àa])\s+(\d{1,3})\s+jours`, 1),
    L(String.raw`(?:dentro\s+de|a)\s+(\d{1,3})\s+d[ií]as`, 1),
    L(String.raw`(?:entro|a)\s+(\d{1,3})\s+(?:gg|giorni)`, 1),
    L(String.raw`(\d{1,3})\s+(?:days|tage|dagen|jours|d[ií]as|giorni)\s+(?:net|netto|nach|after|na|apr[eè]s)`, 0.9),
  ],
} as const satisfies Record<string, Label[]>;

export type LabelKind = keyof typeof LABELS;

/** Legal forms (for vendor detection and name normalisation). */
export const LEGAL_FORMS = String.raw`gmbh(?:\s*&\s*co\.?\s*kg)?|ag|kg|ohg|ug|e\.?\s?k\.?|b\.?\s?v\.?|n\.?\s?v\.?|v\.?o\.?f\.?|s\.?a\.?r\.?l\.?|sarl|sas|s\.?a\.?s\.?u?|s\.?a\.?|eurl|s\.?p\.?a\.?|s\.?r\.?l\.?|s\.?l\.?u?|s\.?n\.?c\.?|ltd\.?|limited|llc|l\.?l\.?p\.?|inc\.?|incorporated|corp\.?|corporation|plc|pty\.?\s*ltd\.?|pvt\.?\s*ltd\.?|private\s+limited|sdn\.?\s*[b8e]hd\.?|[b8]hd\.?|[s5]\/[b8]|&\s*co(?:mpany)?\.?|enterprise|trading|a\.?\s?g\.?|a\.?s\.?|oy|ab|aps|bvba|sprl|kft|sp\.\s*z\s*o\.o\.`;
export const LEGAL_FORM_RE = new RegExp(`(?:^|[\\s,])(?:${LEGAL_FORMS})(?=$|[\\s,.)])`, 'iu');

/** Words that open a business name (Malay "Syarikat", shop/restaurant prefixes): the name follows them. */
export const NAME_PREFIX_RE = /^(?:syarikat|perniagaan|kedai|restoran|restaurant|hotel|pharmacy|farmasi|klinik|clinic)\s+\p{L}/iu;

/** Currency codes and symbols we recognise, with their ISO code. `$` alone is decided by other evidence. */
export const CURRENCY_CODES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CNY', 'INR', 'PLN', 'CZK', 'HUF', 'SEK', 'NOK', 'DKK', 'CAD', 'AUD', 'NZD', 'MYR', 'SGD', 'HKD', 'ZAR', 'BRL', 'MXN', 'RON', 'BGN', 'TRY', 'RUB', 'AED', 'SAR', 'IDR', 'THB', 'KRW', 'ILS'] as const;

export const CURRENCY_SYMBOLS: [RegExp, string][] = [
  [/€/u, 'EUR'],
  [/£/u, 'GBP'],
  [/₹|\bRs\.?(?=\s?[-−]?\s?\d)|\bINR\b/u, 'INR'], // "Rs 1939", "Discount of Rs -40.00"
  [/¥/u, 'JPY'],
  [/zł/u, 'PLN'],
  [/\bKč\b/u, 'CZK'],
  [/\bRM\s?(?=\d)|\bRM\b/u, 'MYR'],
  [/\bFr\.\s?(?=\d)|\bCHF\b|\bSFr\.?/u, 'CHF'],
  [/\bA\$/u, 'AUD'],
  [/\bC\$|\bCA\$/u, 'CAD'],
  [/\bS\$/u, 'SGD'],
  [/\bUS\$|\$/u, 'USD'],
  [/\bEuro?s?\b/iu, 'EUR'],
  [/\bDollars?\b/iu, 'USD'],
];
