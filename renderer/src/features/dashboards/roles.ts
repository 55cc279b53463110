import { IconBuildingWarehouse, IconReportMoney, IconTargetArrow, type Icon } from '@tabler/icons-react';
import type { Role } from '../../../../core/contract';

export type RoleDef = { id: Role; label: string; icon: Icon; audience: string };

/** The three role dashboards; their widgets and figures come from the core (`dashboards:get`). */
export const ROLES: readonly RoleDef[] = [
  { id: 'cfo', label: 'CFO', icon: IconReportMoney, audience: 'Cash, receivables and payables, and what still waits for Odoo.' },
  { id: 'sales', label: 'Sales', icon: IconTargetArrow, audience: 'Pipeline, wins and losses, customers and their credit.' },
  { id: 'warehouse', label: 'Warehouse', icon: IconBuildingWarehouse, audience: 'Stock against reordering rules, what to reorder, late receipts.' },
];

export const isRole = (x: string): x is Role => ROLES.some((r) => r.id === x);
