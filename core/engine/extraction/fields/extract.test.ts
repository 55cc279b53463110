import { describe, expect, it } from 'vitest';
import { extractTestPdf, row } from '../../../../test/helpers/extract-pdf';
import type { TextItem } from '../../../../test/helpers/extract-pdf';
import { extractDocument } from '../pipeline';
import type { PageText } from '../types';
import { extractFields } from './extract';

const vals = async (items: TextItem[]): Promise<Record<string, unknown>> => {
  const d = await extractDocument({ bytes: extractTestPdf({ pages: [{ items }] }), fileName: 'doc.pdf' }, { ignoreEmbeddedXml: true });
  return Object.fromEntries(Object.entries(d.extraction.fields).map(([k, v]) => [k, v?.value]));
};

describe('extractFields: signs, correction invoices and document type', () => {
  it('keeps the minus of amounts printed in their own column (correction invoice)', async () => {
    const v = await vals([
      ...row(50, [[50, 'Rechnungskorrektur (384) Nr. RK21012345 vom 16.09.2018']], 14),
      ...row(90, [[50, 'Verkäufer']]),
      ...row(105, [[50, 'Name:'], [150, 'MUSTERLIEFERANT GMBH']]),
      ...row(120, [[50, 'USt.-Id.-Nr.:'], [150, 'DE123456789']]),
      ...row(300, [[50, 'Rechnungssumme ohne USt.'], [400, '-7,67']]),
      ...row(320, [[50, 'Steuerbetrag'], [400, '-1,12']]),
      ...row(340, [[50, 'Bruttosumme'], [400, '-8,79']]),
      ...row(360, [[50, 'Zahlbetrag'], [400, '-8,79']]),
      ...row(400, [[50, 'Ursprungsbeleg-Nr : R87654321012345']]),
    ]);
    expect(v.invoiceNumber).toBe('RK21012345');
    expect(v.amountUntaxed).toBe(-7.67);
    expect(v.amountTax).toBe(-1.12);
    expect(v.amountTotal).toBe(-8.79);
    expect(v.amountDue).toBe(-8.79);
    expect(v.documentType).toBe('invoice');
  });

  it('states a credit note\'s amounts as positive even when printed negative', async () => {
    const v = await vals([
      ...row(50, [[50, 'AVOIR N° A-2024-7']], 16),
      ...row(80, [[50, 'Date :'], [150, '12/03/2024']]),
      ...row(300, [[50, 'Total HT'], [400, '-218,48 €']]),
      ...row(320, [[50, 'TVA'], [400, '-14,99 €']]),
      ...row(340, [[50, 'Total TTC'], [400, '-233,47 €']]),
    ]);
    expect(v.documentType).toBe('credit-note');
    expect(v.amountUntaxed).toBe(218.48);
    expect(v.amountTax).toBe(14.99);
    expect(v.amountTotal).toBe(233.47);
  });

  it('reads a self-billed German "Gutschrift" (type 389) as an invoice, a plain one as a credit note', async () => {
    const body = [...row(300, [[50, 'Gesamtbetrag'], [400, '119,00 EUR']]), ...row(100, [[50, 'Lieferant GmbH']])];
    const self = await vals([...row(50, [[50, 'Gutschrift (Selbst ausgestellte Rechnung) (389) Nr. 471102 vom 05.03.2018']], 14), ...body]);
    expect(self.documentType).toBe('invoice');
    expect(self.invoiceNumber).toBe('471102');
    const plain = await vals([...row(50, [[50, 'Gutschrift Nr. 471102 vom 05.03.2018']], 14), ...body]);
    expect(plain.documentType).toBe('credit-note');
  });

  it('does not take a separator dash for a sign', async () => {
    const v = await vals([...row(50, [[50, 'Invoice No: A-1']], 14), ...row(80, [[50, 'Invoice date: 2024-03-01']]), ...row(300, [[50, 'Total -'], [400, '12.50 USD']])]);
    expect(v.amountTotal).toBe(12.5);
  });

  it('prefers the title\'s dotted date over a later unambiguous one (dd.mm.yyyy is day-first)', async () => {
    const v = await vals([
      ...row(50, [[50, 'Handelsrechnung (380) Nr. 471102 vom 05.03.2018']], 14),
      ...row(300, [[50, 'Bemerkung'], [150, 'Rechnung gemäß Betriebskostenrechnung vom 21.11.2011.']]),
      ...row(400, [[50, 'Gesamtbetrag'], [400, '119,00 EUR']]),
    ]);
    expect(v.invoiceDate).toBe('2018-03-05');
  });

  it('takes the due date the payment terms name over invoice date + days', async () => {
    const v = await vals([
      ...row(50, [[50, 'Rechnung Nr. 4711']], 14),
      ...row(80, [[50, 'Rechnungsdatum'], [200, '05.06.2013']]),
      ...row(300, [[50, 'Gesamtbetrag'], [400, '119,00 EUR']]),
      ...row(400, [[50, 'Zahlbar innerhalb 30 Tagen netto bis 04.07.2013, 3% Skonto innerhalb 10 Tagen bis 15.06.2013']]),
    ]);
    expect(v.dueDate).toBe('2013-07-04');
  });

  it('keeps the gross sum of a tax-exempt invoice when the amount to pay differs', async () => {
    const v = await vals([
      ...row(50, [[50, 'Rechnung Nr. 4711 vom 05.06.2013']], 14),
      ...row(300, [[50, 'Rechnungssumme ohne USt.'], [400, '220,00']]),
      ...row(320, [[50, 'Steuerbetrag'], [400, '0,00']]),
      ...row(340, [[50, 'Bruttosumme'], [400, '220,00']]),
      ...row(360, [[50, 'Zahlbetrag'], [400, '440,00']]),
    ]);
    expect(v.amountTotal).toBe(220);
    expect(v.amountTax).toBe(0);
  });
});

describe('extractFields: receipts', () => {
  it('reads "Sales (Inclusive of GST)" as the total', async () => {
    const v = await vals([
      ...row(40, [[50, 'SYARIKAT PERNIAGAAN GIN KEE']], 14),
      ...row(70, [[50, 'SIMPLIFIED TAX INVOICE']]),
      ...row(90, [[50, 'Doc No'], [150, 'CS00011955'], [300, 'Date: 02/12/2017']]),
      ...row(200, [[50, 'Total Sales (Excluding GST)'], [400, '7.00']]),
      ...row(220, [[50, 'Total GST'], [400, '0.42']]),
      ...row(240, [[50, 'Sales (Inclusive of GST) :'], [400, '7.42']]),
      ...row(260, [[50, 'CASH :'], [400, '7.42']]),
    ]);
    expect(v.amountTotal).toBe(7.42);
    expect(v.amountUntaxed).toBe(7);
    expect(v.amountTax).toBe(0.42);
  });

  it('adds net and tax of a GST summary\'s TOTAL row rather than taking its net as the total', async () => {
    const v = await vals([
      ...row(40, [[50, 'TED HENG STATIONERY & BOOKS']], 14),
      ...row(70, [[50, 'Receipt No. : 81801/27037'], [300, 'Date: 23/01/2018']]),
      ...row(200, [[50, 'GST SUMMARY']]),
      ...row(215, [[50, 'CODE'], [200, 'AMOUNT'], [300, 'TAX']]),
      ...row(230, [[50, 'SR'], [120, '6.00'], [200, '16.98'], [300, '1.02']]),
      ...row(245, [[50, 'TOTAL :'], [200, '16.98'], [300, '1.02']]),
    ]);
    expect(v.amountTotal).toBe(18);
  });

  it('takes a company with an OCR-misread "SDN EHD" over big stray letters; "tel" inside a word is no phone', async () => {
    const v = await vals([
      ...row(40, [[50, 'CTR']], 30),
      ...row(80, [[50, 'DIGI TELECOMMUNICATIONS SDN EHD']], 12),
      ...row(100, [[50, 'LOT LG 315, 1-UTAMA SHOPPING CENTRE']], 12),
      ...row(150, [[50, 'TAX INVOICE']]),
      ...row(170, [[50, '13/10/2017 12:35']]),
      ...row(300, [[50, 'Total'], [400, 'RM 234.40']]),
    ]);
    expect(v.vendorName).toBe('DIGI TELECOMMUNICATIONS SDN BHD');
  });

  it('does not take a section heading such as "Hotel Details" for the vendor', async () => {
    const v = await vals([
      ...row(40, [[50, 'OYO'], [200, 'PAYMENT RECEIPT']], 16),
      ...row(80, [[50, 'Booking ID: IBZY2087']]),
      ...row(100, [[50, 'Hotel Details']]),
      ...row(120, [[50, 'Check In'], [200, '31/12/2017']]),
      ...row(300, [[50, 'Total Amount'], [400, 'Rs. 1939']]),
      ...row(700, [[50, 'contactus@oyorooms.com']]),
    ]);
    expect(v.vendorName).toBe('OYO');
  });

  it('reads "# invoice_number_1" under a title OCR lost as the invoice number', async () => {
    const v = await vals([
      ...row(30, [[50, 'Sammy Maystone'], [450, 'N V E']], 12),
      ...row(60, [[50, '# invoice_number_1']], 12),
      ...row(100, [[50, 'Date:'], [150, 'Jan 1, 2022']]),
      ...row(200, [[50, 'Balance Due:'], [150, '$127.50']]),
    ]);
    expect(v.invoiceNumber).toBe('invoice_number_1');
  });

  it('keeps a name that merely contains a label word ("RELAIS TOTAL OULMES")', async () => {
    const v = await vals([
      ...row(40, [[50, 'RELAIS TOTAL OULMES']], 16),
      ...row(70, [[50, 'AUTOROUTE RABAT MEKNES']], 16),
      ...row(100, [[50, '15000 KHEMISSET']], 16),
      ...row(130, [[50, 'le 30/03/2018 a 12:36']]),
      ...row(300, [[50, 'TOTAL'], [400, '44.00 DH']]),
    ]);
    expect(v.vendorName).toBe('RELAIS TOTAL OULMES');
  });
});

describe('extractFields: receipt vendor names', () => {
  it('passes over a "SIMPLIFIED TAX INVOICE" title to the name under it', async () => {
    const v = await vals([
      ...row(40, [[150, 'SIMPLIFIED TAX INVOICE']], 14),
      ...row(62, [[150, 'SIN THYE HARDWARE']], 10),
      ...row(80, [[120, 'NO.54, BATU 5, JALAN IPOH']]),
      ...row(160, [[50, 'RECEIPT #: CS00032997 DATE: 28/02/2016']]),
      ...row(300, [[50, 'TOTAL'], [400, '110.00']]),
    ]);
    expect(v.vendorName).toBe('SIN THYE HARDWARE');
  });

  it('knows "& Company" as a legal form (under a shopping-centre name)', async () => {
    const v = await vals([
      ...row(40, [[150, 'GOLDEN BAY PLAZA']], 14),
      ...row(65, [[150, 'TAN BROTHERS & COMPANY']], 11),
      ...row(80, [[120, 'NO.54, BATU 5, JALAN IPOH']]),
      ...row(300, [[50, 'TOTAL'], [400, '110.00']]),
    ]);
    expect(v.vendorName).toBe('TAN BROTHERS & COMPANY');
  });

  it('passes over a "SIMPLIFIED TAX INVOICE" title and reads a widely spaced "SIN  THYE  &  COMPANY" as one name', async () => {
    const v = await vals([
      ...row(40, [[150, 'SIMPLIFIED TAX INVOICE']], 14),
      ...row(70, [[120, 'SIN'], [170, 'THYE'], [230, '&'], [270, 'COMPANY']], 11),
      ...row(90, [[120, 'REG. NO:00148397-H']]),
      ...row(110, [[120, 'NO.54, BATU 5, JALAN IPOH']]),
      ...row(160, [[50, 'RECEIPT #: CS00032997 DATE: 28/02/2016']]),
      ...row(300, [[50, 'TOTAL'], [400, '110.00']]),
    ]);
    expect(v.vendorName).toBe('SIN THYE & COMPANY');
  });

  it('does not join a name to the letters of a big title OCR split apart ("Sammy Maystone  N  V  E")', async () => {
    const v = await vals([
      ...row(30, [[50, 'Sammy Maystone'], [420, 'N'], [460, 'V'], [500, 'E']], 12),
      ...row(45, [[50, 'smaystone4@fake.com']]),
      ...row(100, [[50, 'Date:'], [150, 'Jan 1, 2022']]),
      ...row(200, [[50, 'Balance Due:'], [150, '$127.50']]),
    ]);
    expect(v.vendorName).toBe('Sammy Maystone');
  });

  it('takes the trading name over the company a receipt says it is "Owned By"', async () => {
    const v = await vals([
      ...row(40, [[120, 'SANYU STATIONERY SHOP']], 14),
      ...row(65, [[100, 'NO. 31G&33G, JALAN SETIA INDAH X']]),
      ...row(80, [[100, 'GST ID No: 001531760640']]),
      ...row(95, [[50, 'Ow ned By :'], [300, 'TAX INVOICE']]),
      ...row(110, [[50, 'SANYU SUPPLY SDN BHD (1135772-K)']]),
      ...row(200, [[50, 'Total'], [400, '8.70']]),
    ]);
    expect(v.vendorName).toBe('SANYU STATIONERY SHOP');
  });

  it('does not take a company named after "Licensee of" for the vendor', async () => {
    const v = await vals([
      ...row(40, [[100, 'GERBANG ALAF RESTAURANTS']], 14),
      ...row(60, [[100, 'Licensee of']]),
      ...row(75, [[100, 'McDonald Holdings Inc.']]),
      ...row(95, [[100, 'Level 6, Bangunan TH, Damansara Uptown3']]),
      ...row(200, [[50, 'Total'], [400, '18.90']]),
    ]);
    expect(v.vendorName).toBe('GERBANG ALAF RESTAURANTS');
  });

  it('reads an OCR "5/B" after a company name as the legal form S/B (Sendirian Berhad)', async () => {
    const v = await vals([
      ...row(40, [[100, '99 SPEED MART 5/B (519537-X)']], 12),
      ...row(60, [[100, 'LOT P.T. 2811, JALAN ANGSA,']], 12),
      ...row(80, [[100, 'KAWASAN BERKELEY']], 12),
      ...row(120, [[100, 'INVOICE NO : 18388/103/70126']]),
      ...row(300, [[50, 'Total Sales (Inclusive GST) RM'], [400, '137.15']]),
    ]);
    expect(v.vendorName).toBe('99 SPEED MART S/B');
  });

  it('takes a shop word ("RESTAURANT …") as a name only in the header, not from the items under the title', async () => {
    const v = await vals([
      ...row(40, [[100, 'SANYU STATIONERY SHOP']], 14),
      ...row(65, [[100, 'Tel: +603-3362 4137']]),
      ...row(85, [[250, 'TAX INVOICE']]),
      ...row(110, [[50, 'CASH SALES COUNTER']]),
      ...row(130, [[50, 'T1.2012-0029'], [200, 'RESTAURANT ORDER CHIT NCR']]),
      ...row(150, [[50, '3 X 2.9000'], [400, '8.70']]),
      ...row(200, [[50, 'Total'], [400, '8.70']]),
    ]);
    expect(v.vendorName).toBe('SANYU STATIONERY SHOP');
  });
});

/** An OCR page: one row of words per [y, text], words spaced evenly from the left margin. */
const ocrPage = (rows: [number, string][]): PageText => ({
  page: 1,
  width: 1000,
  height: 1400,
  source: 'ocr',
  conf: 0.8,
  words: rows.flatMap(([y, text]) => text.split(' ').map((t, i) => ({ text: t, box: { x: 0.1 + i * 0.09, y, w: 0.08, h: 0.015 }, conf: 0.8 }))),
});

describe('extractFields: OCR dates', () => {
  it('reads an OCR date with letters for digits ("O9/O4/2Ol8") after its label', () => {
    const r = extractFields([ocrPage([[0.05, 'GL HANDICRAFT ENTERPRISE'], [0.1, 'Member since 12/05/2015'], [0.3, 'Invoice No. CS 10817'], [0.33, 'Date : O9/O4/2Ol8 10:52'], [0.6, 'Total 104.00']])]);
    expect(r.fields.invoiceDate?.value).toBe('2018-04-09');
  });

  it('does not count an OCR "$" misread for a 5 in a postcode as dollars', () => {
    const r = extractFields([ocrPage([[0.05, 'Invoice No : BLR_WFLD20151000982590'], [0.1, 'Bangalore, Karnataka, India - $60067'], [0.3, 'Promotional Discount of Rs -40.00'], [0.5, 'Grand Total 319.00']])]);
    expect(r.fields.currency?.value).toBe('INR');
  });

  it('reads an unlabelled OCR receipt date with letters for digits ("l7/O3/2018")', () => {
    const r = extractFields([ocrPage([[0.05, 'MR. D.I.Y. (M) SDN BHD'], [0.4, 'Total Incl. GST RM 42.90'], [0.5, 'l7/O3/2018 14:49 SH01 ZJ86']])]);
    expect(r.fields.invoiceDate?.value).toBe('2018-03-17');
  });
});

describe('extractFields: currency', () => {
  it('reads "Rs" before a signed amount ("Discount of Rs -40.00") as rupees', async () => {
    const v = await vals([
      ...row(40, [[50, 'Invoice No : # BLR_WFLD20151000982590']], 12),
      ...row(60, [[50, 'Invoice Date: 20-10-2015']]),
      ...row(100, [[50, 'SanDisk Ultra 16 GB'], [300, '278.61'], [400, '319.00']]),
      ...row(115, [[50, 'Price is inclusive of Promotional Discount of Rs -40.00,']]),
      ...row(200, [[50, 'Grand Total'], [400, '319.00']]),
    ]);
    expect(v.currency).toBe('INR');
  });
});

describe('extractFields: tax and amount due', () => {
  it('reads a "Residual" after payments as the amount due', async () => {
    const v = await vals([
      ...row(40, [[50, 'INVOICE FA-2017-0008']], 14),
      ...row(70, [[50, 'Invoice Date'], [150, '11/03/2017']]),
      ...row(300, [[50, 'Net total'], [400, '2,076.76 €']]),
      ...row(315, [[50, 'Tax Total'], [400, '0.00 €']]),
      ...row(330, [[50, 'Total'], [400, '2,076.76 €']]),
      ...row(345, [[50, 'SEPA Wire transfer'], [250, '11/17/2017'], [400, '623.00 €']]),
      ...row(360, [[50, 'Residual'], [400, '1,453.76 €']]),
    ]);
    expect(v.amountTotal).toBe(2076.76);
    expect(v.amountDue).toBe(1453.76);
  });

  it('does not take tax codes of charge rows ("19 % UST (S)") for the tax total', async () => {
    const v = await vals([
      ...row(40, [[50, 'Rechnung Nr. R87654321012345 vom 06.08.2018']], 14),
      ...row(200, [[50, 'Abschlag Rechnungsrabatt 1'], [250, '19 % UST (S)'], [450, '-5,60']]),
      ...row(215, [[50, 'Abschlag Rechnungsrabatt 1'], [250, '7 % UST (S)'], [450, '-2,61']]),
      ...row(230, [[50, 'Abschlag Rechnungsrabatt 2'], [250, '19 % UST (S)'], [450, '-2,50']]),
      ...row(245, [[50, 'Abschlag Rechnungsrabatt 2'], [250, '7 % UST (S)'], [450, '-0,50']]),
      ...row(260, [[50, 'Transportkosten'], [250, '19 % UST (S)'], [450, '3,00']]),
      ...row(315, [[50, 'Steuerbetrag in'], [300, 'EUR'], [450, '70,00']]),
      ...row(330, [[50, 'Bruttosumme'], [450, '518,99']]),
    ]);
    expect(v.amountTax).toBe(70);
  });

  it('gives the tax as total minus net when the tax read (a per-rate row) does not add up and that value is printed', async () => {
    const v = await vals([
      ...row(40, [[50, 'Rechnungskorrektur (384) Nr. RK21012345 vom 16.09.2018']], 14),
      ...row(200, [[50, 'Art (Kategorie)'], [250, 'Basisbetrag'], [400, 'Steuerbetrag']]),
      ...row(215, [[50, 'Umsatzsteuer (S)'], [250, '-4,85'], [400, '-0,92']]),
      ...row(230, [[50, 'Umsatzsteuer (S)'], [250, '-2,82'], [400, '-0,20']]),
      ...row(300, [[50, 'Rechnungssumme ohne USt.'], [450, '-7,67']]),
      // the label cell "Steuerbetrag in EUR" wraps over three lines; its value "- 1,12" is split with it
      ...row(315, [[400, 'EUR'], [450, '-']]),
      ...row(321, [[50, 'Steuerbetrag in']]),
      ...row(327, [[450, '1,12']]),
      ...row(345, [[50, 'Bruttosumme'], [450, '-8,79']]),
    ]);
    expect(v.amountTotal).toBe(-8.79);
    expect(v.amountUntaxed).toBe(-7.67);
    expect(v.amountTax).toBe(-1.12);
  });
});

describe('extractFields: the vendor named in its company block', () => {
  // a brand on top and in an item row (also the e-mail domain), the legal entity only in the footer block that
  // carries the vendor's VAT id; the buyer's own VAT id stated inline just above that footer
  const page = (): TextItem[] => [
    ...row(60, [[60, 'Nordwind']], 22),
    ...row(130, [[60, 'Factuuradres'], [320, 'Afleveradres']]),
    ...row(145, [[60, 'Strategic Corp'], [320, 'Strategic Corp']]),
    ...row(160, [[60, 'Fakestreet 46'], [320, 'Fakestreet 46']]),
    ...row(200, [[60, 'Factuurnummer:'], [200, 'VF1005193039']]),
    ...row(215, [[60, 'Factuurdatum:'], [200, '08-09-2022']]),
    ...row(300, [[60, 'Onderhoudsset CA6707/10'], [450, '49,99']]),
    ...row(315, [[60, 'Flyer NORDWIND Korting'], [450, '0,00']]),
    ...row(360, [[300, 'Totaal excl. BTW'], [450, '41,31']]),
    ...row(375, [[300, 'BTW 21%'], [450, '8,68']]),
    ...row(390, [[300, 'Totaal EUR'], [450, '49,99']]),
    ...row(660, [[60, 'Uw BTW nummer: NL00333599698']]),
    ...row(675, [[60, 'Volgens onze administratie heeft u vooruitbetaald.']]),
    ...row(720, [[60, 'Kestrel Tooling B.V. iov Nordwind.com']]),
    ...row(735, [[60, 'Badweg 48, 8401 BL Gorredijk']]),
    ...row(750, [[60, 'E-mail: verkoop@nordwind.com']]),
    ...row(765, [[60, 'BTW-nr: NL815254295B01']]),
  ];

  it('takes the legal entity heading the block with the vendor’s VAT id over a brand matching the e-mail domain', async () => {
    const v = await vals(page());
    expect(v.vendorVat).toBe('NL815254295B01');
    expect(v.vendorName).toBe('Kestrel Tooling B.V.');
  });

  it('a buyer identifier given inline heads no buyer block: the vendor footer under it stays the vendor’s', async () => {
    // without the footer’s VAT id and e-mail, the legal-form name in the footer is the only name left: it must not be struck as the buyer’s
    const v = await vals(page().filter((i) => !/BTW-nr|E-mail/.test(i.text)));
    expect(v.vendorName).toBe('Kestrel Tooling B.V.');
  });
});
