/**
 * UN/CEFACT Cross Industry Invoice: ZUGFeRD 2.x / Factur-X / XRechnung-CII (`CrossIndustryInvoice`, D16B)
 * and ZUGFeRD 1.0 (`CrossIndustryDocument`). Values are read exactly as written; nothing is guessed.
 */
import { all, attr, first, isoDate, num, text, textOf } from './xml';
import type { XNode } from './xml';
import type { EInvoice } from './types';
import { documentTypeFromCode, putField } from './types';

type Paths = {
  header: string;
  context: string;
  tx: string;
  agreement: string;
  settlement: string;
  summation: string;
  orderId: string;
  line: { agreement: string; delivery: string; settlement: string; summation: string; rate: string };
};

const V2: Paths = {
  header: 'ExchangedDocument',
  context: 'ExchangedDocumentContext',
  tx: 'SupplyChainTradeTransaction',
  agreement: 'ApplicableHeaderTradeAgreement',
  settlement: 'ApplicableHeaderTradeSettlement',
  summation: 'SpecifiedTradeSettlementHeaderMonetarySummation',
  orderId: 'IssuerAssignedID',
  line: {
    agreement: 'SpecifiedLineTradeAgreement',
    delivery: 'SpecifiedLineTradeDelivery',
    settlement: 'SpecifiedLineTradeSettlement',
    summation: 'SpecifiedTradeSettlementLineMonetarySummation',
    rate: 'RateApplicablePercent',
  },
};

const V1: Paths = {
  header: 'HeaderExchangedDocument',
  context: 'SpecifiedExchangedDocumentContext',
  tx: 'SpecifiedSupplyChainTradeTransaction',
  agreement: 'ApplicableSupplyChainTradeAgreement',
  settlement: 'ApplicableSupplyChainTradeSettlement',
  summation: 'SpecifiedTradeSettlementMonetarySummation',
  orderId: 'ID',
  line: {
    agreement: 'SpecifiedSupplyChainTradeAgreement',
    delivery: 'SpecifiedSupplyChainTradeDelivery',
    settlement: 'SpecifiedSupplyChainTradeSettlement',
    summation: 'SpecifiedTradeSettlementMonetarySummation',
    rate: 'ApplicablePercent',
  },
};

/** A date element: `<DateTimeString format="102">` inside, or (pre-release ZUGFeRD) the text itself. */
function dateOf(node: unknown): string | undefined {
  return isoDate(text(node, 'DateTimeString') ?? textOf(node));
}

/** An amount in the invoice currency: among repeated elements (tax total in two currencies) the matching one. */
function amountIn(nodes: unknown[], currency: string | undefined): number | undefined {
  const match = nodes.find((n) => currency !== undefined && attr(n, 'currencyID') === currency) ?? nodes.find((n) => attr(n, 'currencyID') === undefined) ?? nodes[0];
  return num(textOf(match));
}

export function readCii(root: XNode, rootName: 'CrossIndustryInvoice' | 'CrossIndustryDocument'): EInvoice {
  const P = rootName === 'CrossIndustryInvoice' ? V2 : V1;
  const doc = root[rootName];
  const out: EInvoice = { format: 'cii', fields: {}, lines: [], warnings: [] };
  const guideline = (text(doc, P.context, 'GuidelineSpecifiedDocumentContextParameter', 'ID') ?? '').toLowerCase();
  if (guideline.includes('xrechnung')) out.format = 'xrechnung-cii';
  else if (guideline.includes('factur-x') || guideline.includes('facturx')) out.format = 'factur-x';
  else if (guideline.includes('zugferd') || rootName === 'CrossIndustryDocument') out.format = 'zugferd';
  else if (guideline.includes('en16931')) out.format = 'factur-x';

  const header = first(doc, P.header);
  const tx = first(doc, P.tx);
  const agreement = first(tx, P.agreement);
  const settlement = first(tx, P.settlement);
  const seller = first(agreement, 'SellerTradeParty');
  const sum = first(settlement, P.summation);
  const currency = text(settlement, 'InvoiceCurrencyCode')?.toUpperCase();

  putField(out, 'invoiceNumber', text(header, 'ID'));
  putField(out, 'documentType', documentTypeFromCode(text(header, 'TypeCode')));
  putField(out, 'invoiceDate', dateOf(first(header, 'IssueDateTime')));
  putField(out, 'currency', currency);
  putField(out, 'vendorName', text(seller, 'Name')?.replace(/\s+/g, ' '));
  const regs = all(seller, 'SpecifiedTaxRegistration', 'ID');
  const vat = regs.find((r) => attr(r, 'schemeID') === 'VA');
  putField(out, 'vendorVat', textOf(vat)?.replace(/\s+/g, '').toUpperCase());
  const email =
    text(seller, 'DefinedTradeContact', 'EmailURIUniversalCommunication', 'URIID') ??
    all(seller, 'URIUniversalCommunication', 'URIID')
      .map(textOf)
      .find((v) => v !== undefined && v.includes('@'));
  putField(out, 'vendorEmail', email);
  const iban = all(settlement, 'SpecifiedTradeSettlementPaymentMeans', 'PayeePartyCreditorFinancialAccount', 'IBANID').map(textOf).find(Boolean);
  putField(out, 'vendorIban', iban?.replace(/\s+/g, '').toUpperCase());
  const due = all(settlement, 'SpecifiedTradePaymentTerms', 'DueDateDateTime').map(dateOf).find(Boolean);
  putField(out, 'dueDate', due);
  putField(out, 'poNumber', text(agreement, 'BuyerOrderReferencedDocument', P.orderId));

  putField(out, 'amountUntaxed', amountIn(all(sum, 'TaxBasisTotalAmount'), currency));
  putField(out, 'amountTax', amountIn(all(sum, 'TaxTotalAmount'), currency));
  putField(out, 'amountTotal', amountIn(all(sum, 'GrandTotalAmount'), currency));
  putField(out, 'amountDue', amountIn(all(sum, 'DuePayableAmount'), currency));

  for (const item of all(tx, 'IncludedSupplyChainTradeLineItem')) {
    const amount = num(text(item, P.line.settlement, P.line.summation, 'LineTotalAmount'));
    if (amount === undefined) continue;
    const quantity = num(text(item, P.line.delivery, 'BilledQuantity'));
    const price = num(text(item, P.line.agreement, 'NetPriceProductTradePrice', 'ChargeAmount'));
    const basis = num(text(item, P.line.agreement, 'NetPriceProductTradePrice', 'BasisQuantity'));
    const rate = num(text(item, P.line.settlement, 'ApplicableTradeTax', P.line.rate));
    const line: EInvoice['lines'][number] = { description: (text(item, 'SpecifiedTradeProduct', 'Name') ?? '').replace(/\s+/g, ' '), amount };
    if (quantity !== undefined) line.quantity = quantity;
    if (price !== undefined) line.unitPrice = basis && basis !== 1 ? price / basis : price;
    if (rate !== undefined) line.taxRate = rate;
    out.lines.push(line);
  }
  return out;
}
