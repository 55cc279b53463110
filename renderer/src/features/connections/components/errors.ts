/** A short title per failure; the core's message (always shown under it) says what exactly went wrong. */
export const TEST_FAILURE_TITLE: Record<string, string> = {
  'odoo/auth-failed': 'Login or API key refused',
  'odoo/unknown-database': 'Unknown database',
  'odoo/unreachable': 'Server unreachable',
  'odoo/timeout': 'The server took too long to answer',
  'odoo/api-key-required': 'This user needs an API key',
  'odoo/tls': 'Secure connection failed',
  'odoo/unsupported-version': 'Odoo version not supported',
  'odoo/bad-url': 'Not an Odoo address',
  'odoo/access-denied': 'Access denied',
  'odoo/access-error': 'Missing access rights',
  'odoo/protocol': 'Unexpected answer from the server',
  'odoo/rate-limited': 'Too many requests',
  'odoo/server-error': 'The server reported an error',
  'contract/invalid-input': 'Check the highlighted fields',
  'client/unreachable': 'Smart Odoo core unreachable',
};

export const failureTitle = (code: string): string => TEST_FAILURE_TITLE[code] ?? 'Connection failed';

export type FieldName = 'label' | 'url' | 'db' | 'login' | 'secret' | 'protocol';

const FIELDS: readonly FieldName[] = ['label', 'url', 'db', 'login', 'secret', 'protocol'];

/** `contract/invalid-input` details → messages per form field. */
export function fieldErrors(details: Record<string, unknown> | undefined): Partial<Record<FieldName, string>> {
  const issues = details?.['issues'];
  if (!Array.isArray(issues)) return {};
  const out: Partial<Record<FieldName, string>> = {};
  for (const i of issues) {
    if (typeof i !== 'object' || i === null) continue;
    const { path, message } = i as { path?: unknown; message?: unknown };
    const field = typeof path === 'string' ? FIELDS.find((f) => path === f || path.startsWith(`${f}.`)) : undefined;
    if (field && typeof message === 'string') out[field] ??= message;
  }
  return out;
}
