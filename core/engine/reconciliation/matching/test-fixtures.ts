/** A small hand-made company for the engine's tests: one case per statement line. */
import { makeBelgianStructuredRef } from '../../../shared/iban';
import type { CandidateItem, MatchingInput, PartnerInput, StatementLineInput } from './types';

export const OGM_42 = makeBelgianStructuredRef(2026_000_042);

export const PARTNERS: PartnerInput[] = [
  { id: 1, name: 'Acme Logistics BV', bankAccounts: ['BE71 0961 2345 6769'] },
  { id: 2, name: 'Brouwerij De Smet NV', bankAccounts: ['BE68539007547034'] },
  { id: 3, name: 'Müller Holding GmbH', bankAccounts: ['DE89 3704 0044 0532 0130 00'] },
  { id: 5, name: 'Lakeshore Transport Corp.', bankAccounts: [] },
  { id: 6, name: 'Office Supplies SA', bankAccounts: ['FR7630006000011234567890189'] },
  { id: 7, name: 'Jan Peeters', commercialPartnerId: 1, bankAccounts: [] },
];

const item = (id: number, moveName: string, partnerId: number, residual: number, extra: Partial<CandidateItem> = {}): CandidateItem => ({
  id, moveId: id + 1000, moveName, partnerId, accountId: residual > 0 ? 10 : 20, accountType: residual > 0 ? 'asset_receivable' : 'liability_payable',
  date: '2026-09-01', dateMaturity: '2026-10-01', amountResidual: residual, currency: 'EUR', amountResidualCurrency: residual, ...extra,
});

export const ITEMS: CandidateItem[] = [
  item(101, 'INV/2026/00042', 1, 1210, { paymentReference: OGM_42 }),
  item(102, 'INV/2026/00043', 1, 605.5),
  item(103, 'INV/2026/00044', 1, 250),
  item(104, 'INV/2026/00050', 2, 1000),
  item(105, 'INV/2026/00051', 2, 2000),
  item(106, 'INV/2026/00060', 5, 1850, { currency: 'USD', amountResidualCurrency: 2000 }),
  item(107, 'BILL/2026/10/0003', 6, -499.99, { ref: 'F2026-0117' }),
  item(108, 'INV/2026/00152', 3, 3601.32),
  item(109, 'INV/2026/00125', 2, 880),
  item(110, 'INV/2026/00070', 1, 333.33),
];

const line = (id: number, amount: number, label: string, extra: Partial<StatementLineInput> = {}): StatementLineInput => ({ id, journalId: 5, date: '2026-10-20', amount, currency: 'EUR', label, ...extra });

export const LINES = {
  exact: line(1, 1210, OGM_42, { accountNumber: 'BE71096123456769', partnerName: 'ACME LOGISTICS' }),
  oneToMany: line(2, 855.5, 'Invoices 43, 44', { accountNumber: 'BE71 0961 2345 6769' }),
  partial: line(3, 800, 'Partial payment 1/2 INV/2026/00051', { partnerName: 'BROUWERIJ DE SMET' }),
  fee: line(4, 990, 'INV/2026/00050 /CHGS/EUR10,00', { partnerName: 'BROUWERIJ DE SMET NV' }),
  fx: line(5, 1835, 'INV/2026/00060 USD 2000.00', { foreignCurrency: 'USD', amountCurrency: 2000, partnerName: 'LAKESHORE TRANSPORT' }),
  vendor: line(6, -499.99, 'OFFICE SUPPLIES F2026-0117', { accountNumber: 'FR7630006000011234567890189' }),
  typo: line(7, 3601.32, 'INV/2026/00125', { partnerName: 'MUELLER HOLDING', accountNumber: 'DE89370400440532013000' }),
  unmatched: line(8, -45.8, 'BANCONTACT 4871 SHELL ANTWERPEN NOORD 12/10 08:14', { partnerName: 'SHELL ANTWERPEN NOORD' }),
  noReference: line(9, 1000, 'Betaling', { accountNumber: 'BE68 5390 0754 7034' }),
  learned: line(10, 333.33, 'COLLECTION AGENCY TRANSFER', { partnerName: 'CAX COLLECT' }),
  ocr: line(11, 1210, 'INV/2O26/OOO42'),
  contact: line(12, 333.33, 'payment', { partnerId: 7 }),
};

export function fixture(lines: StatementLineInput[] = Object.values(LINES)): MatchingInput {
  return {
    companyCurrency: 'EUR',
    lines,
    candidates: ITEMS,
    partners: PARTNERS,
    journals: { 5: { amountTolerance: { fixed: 25 }, feeAccountId: 657, fxGainAccountId: 754, fxLossAccountId: 654 } },
    learned: [{ key: 'CAX COLLECT', partnerId: 1 }],
  };
}
