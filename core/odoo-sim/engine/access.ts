import type { SimAccessGroup } from '../types';
import type { AccessCategory, CompiledModel, Env } from './core';
import { accessError } from './errors';
import type { FieldDef } from './fields';

export type Operation = 'read' | 'write' | 'create' | 'unlink';

/** Which model families each coarse group may change; everyone may read everything. */
const WRITE: Record<SimAccessGroup, readonly AccessCategory[]> = {
  admin: ['accounting', 'sales', 'purchase', 'stock', 'crm', 'partner', 'base', 'mail', 'config', 'system'],
  accountant: ['accounting', 'partner', 'mail', 'purchase'],
  readonly: ['mail'],
  sales: ['sales', 'crm', 'partner', 'mail'],
  stock: ['stock', 'purchase', 'partner', 'mail'],
};

const GROUP_LABELS: Record<AccessCategory, string[]> = {
  accounting: ['Accounting/Billing', 'Accounting/Bookkeeper'],
  sales: ['Sales/User: Own Documents Only'],
  purchase: ['Purchase/User'],
  stock: ['Inventory/User'],
  crm: ['Sales/User: Own Documents Only'],
  partner: ['Contact Creation'],
  base: ['Administration/Settings'],
  mail: ['User types/Internal User'],
  config: ['Administration/Settings'],
  system: ['Administration/Settings'],
};

const VERB: Record<Operation, string> = { read: 'access', write: 'modify', create: 'create', unlink: 'delete' };

/**
 * Models some groups may not even read, as in Odoo, where bank statements, payments and reconciliation
 * records belong to the accounting groups: a salesperson's sync must meet a real AccessError here.
 */
const NO_READ: Partial<Record<SimAccessGroup, readonly string[]>> = {
  sales: ['account.bank.statement', 'account.bank.statement.line', 'account.payment', 'account.reconcile.model', 'account.partial.reconcile', 'account.full.reconcile'],
  stock: ['account.bank.statement', 'account.bank.statement.line', 'account.payment', 'account.reconcile.model', 'account.partial.reconcile', 'account.full.reconcile'],
};

export function canOperate(env: Env, cm: CompiledModel, op: Operation): boolean {
  if (env.su) return true;
  if (op === 'read') return !env.user.groups.every((g) => NO_READ[g]?.includes(cm.name));
  return env.user.groups.some((g) => WRITE[g].includes(cm.def.access));
}

export function checkAccess(env: Env, cm: CompiledModel, op: Operation): void {
  if (canOperate(env, cm, op)) return;
  const groups = GROUP_LABELS[cm.def.access].map((g) => `\t- ${g}`).join('\n');
  throw accessError(
    `You are not allowed to ${VERB[op]} '${cm.def.description}' (${cm.name}) records.\n\n` +
      `This operation is allowed for the following groups:\n${groups}\n\n` +
      'Contact your administrator to request access if necessary.',
  );
}

export function fieldVisible(env: Env, fd: FieldDef): boolean {
  if (env.su || !fd.groups) return true;
  return env.user.groups.some((g) => g === 'admin' || fd.groups!.includes(g));
}

export function fieldAccessError(env: Env, cm: CompiledModel, fields: FieldDef[], op: Operation): Error {
  const lines = fields.map((fd) => `- ${fd.name} (allowed for groups ${fd.groupsLabel ?? "'Accounting / Billing', 'Accounting / Read-only'"})`);
  return accessError(
    'The requested operation can not be completed due to security restrictions.\n\n' +
      `Document type: ${cm.def.description} (${cm.name})\nOperation: ${op}\nUser: ${env.uid}\nFields:\n${lines.join('\n')}`,
  );
}
