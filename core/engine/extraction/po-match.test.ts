import { describe, expect, it } from 'vitest';
import { checkOrder, findOrder, type PoLine, type PoOrder } from './po-match';
import type { ExtractedLine } from './types';

const orders: PoOrder[] = [
  { id: 1, name: 'P00012', partnerId: 7, state: 'purchase' },
  { id: 2, name: 'P00013', partnerId: 8, partnerRef: 'SO-55', state: 'purchase' },
  { id: 3, name: 'P00014', partnerId: 7, state: 'cancel' },
];
const poLines: PoLine[] = [
  { id: 11, orderId: 1, name: '[CHR] Office chair', productName: 'Office chair', ordered: 10, received: 10, invoiced: 0, priceUnit: 150 },
  { id: 12, orderId: 1, name: '[LMP] Desk lamp', productName: 'Desk lamp', ordered: 4, received: 2, invoiced: 0, priceUnit: 25 },
  { id: 13, orderId: 1, name: '[CBL] HDMI cable', productName: 'HDMI cable', ordered: 5, received: 5, invoiced: 4, priceUnit: 8 },
];
const line = (description: string, quantity: number, unitPrice: number): ExtractedLine => ({ description, quantity, unitPrice, amount: quantity * unitPrice });

describe('purchase-order cross-check', () => {
  it('finds the order by its number, written loosely, or by the vendor’s reference; never a cancelled one', () => {
    expect(findOrder('PO p-00012', orders)).toBeNull();
    expect(findOrder('p00012', orders)?.id).toBe(1);
    expect(findOrder('00013', orders)?.id).toBe(2);
    expect(findOrder('so 55', orders)?.id).toBe(2);
    expect(findOrder('P00014', orders)).toBeNull();
    expect(findOrder(undefined, orders)).toBeNull();
  });

  it('checks each line: ok, over-billed, not received, price variance beyond the tolerance, unmatched', () => {
    const r = checkOrder(
      { lines: [line('Office chair', 10, 151), line('Desk lamp', 3, 25), line('HDMI cable', 2, 8), line('Freight', 1, 30)] },
      orders[0]!,
      poLines,
    );
    expect(r.status).toBe('mismatch');
    expect(r.lines.map((l) => [l.status, l.poLineId ?? null])).toEqual([
      ['ok', 11],
      ['not-received', 12],
      ['over-billed', 13],
      ['unmatched', null],
    ]);
    expect(r.lines[0]!.priceVariancePct).toBeCloseTo(0.67, 2);
    const pricey = checkOrder({ lines: [line('Office chair', 1, 160)] }, orders[0]!, poLines);
    expect(pricey.lines[0]).toMatchObject({ status: 'price-variance', priceVariancePct: 6.67, poPrice: 150, billedPrice: 160 });
    expect(checkOrder({ lines: [line('Office chair', 1, 160)] }, orders[0]!, poLines, { priceTolerancePct: 10 }).status).toBe('ok');
    expect(r.messages.length).toBe(3);
  });

  it('once the bill is in Odoo its own quantities are not counted twice', () => {
    const billed = poLines.map((l) => (l.id === 11 ? { ...l, invoiced: 10 } : l));
    expect(checkOrder({ lines: [line('Office chair', 10, 150)] }, orders[0]!, billed).lines[0]!.status).toBe('over-billed');
    expect(checkOrder({ lines: [line('Office chair', 10, 150)] }, orders[0]!, billed, { billInOdoo: true }).lines[0]!.status).toBe('ok');
  });
});

describe('a PO printed without its label', () => {
  it('is found among the words when exactly one order name appears, the vendor’s first', async () => {
    const { findOrderInText } = await import('./po-match');
    expect(findOrderInText(['Your', 'order', 'P00012,', 'thanks'], orders)?.id).toBe(1);
    expect(findOrderInText(['P00012', 'P00013'], orders)).toBeNull();
    expect(findOrderInText(['P00012', 'P00013'], orders, 8)?.id).toBe(2);
    expect(findOrderInText(['P00014'], orders)).toBeNull();
    expect(findOrderInText(['2024'], orders)).toBeNull();
  });
});
