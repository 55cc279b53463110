import {
  IconBuildingWarehouse,
  IconCalendarStats,
  IconCash,
  IconChartLine,
  IconClockExclamation,
  IconPackages,
  IconReceiptTax,
  IconReportMoney,
  IconTargetArrow,
  IconTruckDelivery,
  IconUsers,
  IconUserDollar,
  type Icon,
} from '@tabler/icons-react';
import type { Role } from '../../../../core/contract';

export type Panel = { icon: Icon; title: string; body: string };
export type RoleDef = { id: Role; label: string; icon: Icon; audience: string; panels: Panel[] };

/** What each role dashboard will show once data arrives. Copy only: no numbers are invented here. */
export const ROLES: readonly RoleDef[] = [
  {
    id: 'cfo',
    label: 'CFO',
    icon: IconReportMoney,
    audience: 'Cash, margins and the month-end close at a glance.',
    panels: [
      { icon: IconCash, title: 'Cash position', body: 'Balances across bank journals, with lines still waiting to be reconciled.' },
      { icon: IconChartLine, title: '13-week cash forecast', body: 'Expected receipts and payments from open invoices, bills and recurring items.' },
      { icon: IconClockExclamation, title: 'Receivables & payables ageing', body: 'Overdue amounts by bucket and the customers or suppliers behind them.' },
      { icon: IconCalendarStats, title: 'Close progress', body: 'Month-end checklist: unreconciled lines, draft entries, missing bills.' },
    ],
  },
  {
    id: 'sales',
    label: 'Sales',
    icon: IconTargetArrow,
    audience: 'From quotation to cash: what is sold, invoiced and paid.',
    panels: [
      { icon: IconTargetArrow, title: 'Orders to invoice', body: 'Confirmed orders and deliveries that have not been invoiced yet.' },
      { icon: IconUserDollar, title: 'Customer credit', body: 'Customers close to or over their credit limit, and overdue balances.' },
      { icon: IconUsers, title: 'Top customers', body: 'Revenue and margin by customer over the period you choose.' },
      { icon: IconChartLine, title: 'Quotation conversion', body: 'How many quotations become orders, and how fast.' },
    ],
  },
  {
    id: 'warehouse',
    label: 'Warehouse',
    icon: IconBuildingWarehouse,
    audience: 'Stock, receipts and deliveries as they affect the books.',
    panels: [
      { icon: IconPackages, title: 'Stock valuation', body: 'Value on hand by warehouse and category, and how it moved.' },
      { icon: IconReceiptTax, title: 'Receipts awaiting bills', body: 'Goods received without a matching vendor bill.' },
      { icon: IconTruckDelivery, title: 'Deliveries to invoice', body: 'Shipped goods that sales has not invoiced yet.' },
      { icon: IconClockExclamation, title: 'Slow-moving stock', body: 'Items without movement in the last months, by value.' },
    ],
  },
];
