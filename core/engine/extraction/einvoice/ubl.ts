/** OASIS UBL 2.1 Invoice and CreditNote (Peppol BIS, XRechnung-UBL). Values are read exactly as written. */
import { all, attr, first, isoDate, num, text, textOf } from './xml';
import type { XNode } from './xml';
import type { EInvoice } from './types';
import { documentTypeFromCode, putField } from './types';

export function readUbl(root: XNode, rootName: 'Invoice' | 'CreditNote'): EInvoice {
  const doc = root[rootName];
  const customization = (text(doc, 'CustomizationID') ?? '').toLowerCase();
  const out: EInvoice = { format: customization.includes('xrechnung') ? 'xrechnung-ubl' : 'ubl', fields: {}, lines: [], warnings: [] };
  const currency = text(doc, 'DocumentCurrencyCode')?.toUpperCase();
  const party = first(doc, 'AccountingSupplierParty', 'Party');
  const totals = first(doc, 'LegalMonetaryTotal');

  putField(out, 'invoiceNumber', text(doc, 'ID'));
  const code = text(doc, rootName === 'Invoice' ? 'InvoiceTypeCode' : 'CreditNoteTypeCode');
  putField(out, 'documentType', rootName === 'CreditNote' ? 'credit-note' : (documentTypeFromCode(code) ?? 'invoice'));
  putField(out, 'invoiceDate', isoDate(text(doc, 'IssueDate')));
  putField(out, 'dueDate', isoDate(text(doc, 'DueDate') ?? text(doc, 'PaymentMeans', 'PaymentDueDate')));
  putField(out, 'currency', currency);
  const name = text(party, 'PartyLegalEntity', 'RegistrationName') ?? text(party, 'PartyName', 'Name');
  putField(out, 'vendorName', name?.replace(/\s+/g, ' '));
  const schemes = all(party, 'PartyTaxScheme');
  const vatScheme = schemes.find((s) => (text(s, 'TaxScheme', 'ID') ?? '').toUpperCase() === 'VAT') ?? schemes[0];
  putField(out, 'vendorVat', text(vatScheme, 'CompanyID')?.replace(/\s+/g, '').toUpperCase());
  const endpoint = first(party, 'EndpointID');
  const email = text(party, 'Contact', 'ElectronicMail') ?? (attr(endpoint, 'schemeID') === 'EM' ? textOf(endpoint) : undefined);
  putField(out, 'vendorEmail', email);
  const iban = all(doc, 'PaymentMeans', 'PayeeFinancialAccount', 'ID').map(textOf).find(Boolean);
  putField(out, 'vendorIban', iban?.replace(/\s+/g, '').toUpperCase());
  putField(out, 'poNumber', text(doc, 'OrderReference', 'ID'));

  const taxTotals = all(doc, 'TaxTotal', 'TaxAmount');
  const tax = taxTotals.find((t) => attr(t, 'currencyID') === currency) ?? taxTotals[0];
  putField(out, 'amountUntaxed', num(text(totals, 'TaxExclusiveAmount')));
  putField(out, 'amountTax', num(textOf(tax)));
  putField(out, 'amountTotal', num(text(totals, 'TaxInclusiveAmount')));
  putField(out, 'amountDue', num(text(totals, 'PayableAmount')));

  for (const item of all(doc, rootName === 'Invoice' ? 'InvoiceLine' : 'CreditNoteLine')) {
    const amount = num(text(item, 'LineExtensionAmount'));
    if (amount === undefined) continue;
    const quantity = num(text(item, rootName === 'Invoice' ? 'InvoicedQuantity' : 'CreditedQuantity'));
    const price = num(text(item, 'Price', 'PriceAmount'));
    const basis = num(text(item, 'Price', 'BaseQuantity'));
    const rate = num(text(item, 'Item', 'ClassifiedTaxCategory', 'Percent'));
    const line: EInvoice['lines'][number] = { description: (text(item, 'Item', 'Name') ?? text(item, 'Item', 'Description') ?? '').replace(/\s+/g, ' '), amount };
    if (quantity !== undefined) line.quantity = quantity;
    if (price !== undefined) line.unitPrice = basis && basis !== 1 ? price / basis : price;
    if (rate !== undefined) line.taxRate = rate;
    out.lines.push(line);
  }
  return out;
}
