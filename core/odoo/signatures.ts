/**
 * Python signatures of the ORM methods the client uses, so one call can be sent by name (JSON-2) or
 * positionally (JSON-RPC). `positional`: how many leading parameters JSON-RPC sends in `args` — the
 * shapes Odoo's own clients use (`create` only reads `args[0]`, `read_group` is `[domain, fields, groupby]`).
 */
export type Signature = { record: boolean; names: string[]; positional: number };

export function signatureOf(method: string, major: number): Signature | undefined {
  if (method === 'name_search') {
    // the second parameter was `args` until 17 and is `domain` from 18
    return { record: false, names: ['name', major >= 18 ? 'domain' : 'args', 'operator', 'limit'], positional: 1 };
  }
  return SIGNATURES[method];
}

const SIGNATURES: Record<string, Signature> = {
  search_read: { record: false, names: ['domain', 'fields', 'offset', 'limit', 'order'], positional: 1 },
  search: { record: false, names: ['domain', 'offset', 'limit', 'order'], positional: 1 },
  search_count: { record: false, names: ['domain', 'limit'], positional: 1 },
  read: { record: true, names: ['fields', 'load'], positional: 1 },
  write: { record: true, names: ['vals'], positional: 1 },
  create: { record: false, names: ['vals_list'], positional: 1 },
  unlink: { record: true, names: [], positional: 0 },
  fields_get: { record: false, names: ['allfields', 'attributes'], positional: 0 },
  read_group: { record: false, names: ['domain', 'fields', 'groupby', 'offset', 'limit', 'orderby', 'lazy'], positional: 3 },
  formatted_read_group: { record: false, names: ['domain', 'groupby', 'aggregates', 'having', 'offset', 'limit', 'order'], positional: 0 },
  message_post: { record: true, names: [], positional: 0 },
  context_get: { record: false, names: [], positional: 0 },
  default_get: { record: false, names: ['fields_list'], positional: 1 },
  copy: { record: true, names: ['default'], positional: 0 },
  action_post: { record: true, names: [], positional: 0 },
  button_draft: { record: true, names: [], positional: 0 },
  button_cancel: { record: true, names: [], positional: 0 },
  reconcile: { record: true, names: [], positional: 0 },
  remove_move_reconcile: { record: true, names: [], positional: 0 },
  action_undo_reconciliation: { record: true, names: [], positional: 0 },
  action_create_payments: { record: true, names: [], positional: 0 },
  action_archive: { record: true, names: [], positional: 0 },
  action_unarchive: { record: true, names: [], positional: 0 },
};
