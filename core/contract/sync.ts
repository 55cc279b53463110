import { z } from 'zod';
import { call } from './define';

export const Protocol = z.enum(['auto', 'jsonrpc', 'json2']);

export const Connection = z.object({
  id: z.string(),
  kind: z.enum(['odoo', 'demo']),
  label: z.string(),
  url: z.string(),
  db: z.string().nullable(),
  login: z.string(),
  protocol: Protocol,
  active: z.boolean(),
  serverVersion: z.string().nullable(),
  /** the secret itself never leaves the core */
  hasCredential: z.boolean(),
});
export type Connection = z.infer<typeof Connection>;

const ConnectionInput = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'Enter the address of your Odoo, starting with https:// (or http://).' }),
    db: z.string().trim().min(1).max(200).nullable().optional(),
    login: z.string().trim().min(1, 'Enter the login (usually an e-mail address).').max(200),
    /** password or API key; omitted when editing keeps the stored one */
    secret: z.string().min(1).max(500).nullable().optional(),
    protocol: Protocol.default('auto'),
  })
  .strict();

export const ConnectionTestResult = z.object({
  serverVersion: z.string(),
  major: z.number(),
  protocol: z.enum(['jsonrpc', 'json2', 'web-session']),
  uid: z.number(),
  userName: z.string(),
  databases: z.array(z.string()).nullable(),
  warnings: z.array(z.string()),
});

export const VaultStatus = z.object({
  backend: z.enum(['safe-storage', 'os-keyring', 'encrypted-file', 'memory']),
  secure: z.boolean(),
  warning: z.string().nullable(),
});

export const SyncModelStatus = z.object({
  model: z.string(),
  label: z.string(),
  phase: z.enum(['none', 'initial', 'incremental']),
  cached: z.number(),
  total: z.number().nullable(),
  lastSyncedAt: z.string().nullable(),
});

export const SyncLogEntry = z.object({
  id: z.number(),
  runId: z.string(),
  model: z.string(),
  mode: z.enum(['initial', 'incremental', 'full']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  fetched: z.number(),
  upserted: z.number(),
  unchanged: z.number(),
  deleted: z.number(),
  status: z.enum(['running', 'ok', 'failed', 'cancelled', 'skipped']),
  message: z.string().nullable(),
});
export type SyncLogEntry = z.infer<typeof SyncLogEntry>;

export const SyncProgress = z.object({
  jobId: z.string(),
  model: z.string(),
  label: z.string(),
  mode: z.enum(['initial', 'incremental', 'full']),
  done: z.number(),
  total: z.number().nullable(),
  modelIndex: z.number(),
  modelCount: z.number(),
  etaSeconds: z.number().nullable(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

export const OutboxState = z.enum(['pending', 'applying', 'applied', 'failed', 'conflict', 'discarded']);
export const OutboxItem = z.object({
  id: z.number(),
  kind: z.string(),
  state: OutboxState,
  summary: z.string(),
  payload: z.unknown(),
  createdAt: z.string(),
  updatedAt: z.string(),
  attempts: z.number(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  conflict: z.object({ model: z.string(), id: z.number(), ours: z.unknown(), theirs: z.unknown() }).nullable(),
  result: z.unknown(),
  appliedAt: z.string().nullable(),
});
export type OutboxItem = z.infer<typeof OutboxItem>;
export const OutboxCounts = z.record(OutboxState, z.number());

export const AuditEntry = z.object({
  at: z.string(),
  actor: z.string(),
  connection: z.string().nullable(),
  action: z.string(),
  targetModel: z.string().nullable(),
  targetIds: z.array(z.number()),
  summary: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

const JobStarted = z.object({ jobId: z.string() });
const Confirm = z.literal(true, { error: 'This needs an explicit confirmation.' });

export const syncCalls = {
  'connections:list': call('Saved connections (secrets never included) and the vault in use.', z.object({}).strict(), z.object({ connections: z.array(Connection), vault: VaultStatus })),
  'connections:test': call(
    'Try a connection without saving it; explains what is wrong.',
    ConnectionInput.extend({ connectionId: z.string().optional() }).strict(),
    ConnectionTestResult,
  ),
  'connections:databases': call('Databases on a server, when it lists them.', z.object({ url: z.url({ protocol: /^https?$/ }) }).strict(), z.object({ databases: z.array(z.string()).nullable() })),
  'connections:save': call(
    'Add or edit a connection; the secret goes to the vault.',
    ConnectionInput.extend({ id: z.string().optional(), label: z.string().trim().min(1).max(100), activate: z.boolean().default(true) }).strict(),
    Connection,
  ),
  'connections:activate': call('Make a connection the active one.', z.object({ id: z.string() }).strict(), Connection),
  'connections:remove': call('Remove a connection and its stored secret.', z.object({ id: z.string(), confirm: Confirm }).strict(), z.object({ removed: z.string() })),
  'demo:reset': call('Regenerate the demo company and clear its cache.', z.object({ confirm: Confirm }).strict(), JobStarted),
  'sync:run': call(
    'Start a sync of the active connection (incremental unless full).',
    z.object({ full: z.boolean().default(false), models: z.array(z.string()).optional() }).strict(),
    JobStarted,
  ),
  'sync:status': call(
    'Per-model cache state, the last sync and whether one is running.',
    z.object({}).strict(),
    z.object({ models: z.array(SyncModelStatus), lastSyncAt: z.string().nullable(), runningJobId: z.string().nullable(), intervalMinutes: z.number() }),
  ),
  'sync:log': call('Recent sync log entries, newest first.', z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(), z.array(SyncLogEntry)),
  'outbox:list': call(
    'Queued and past changes for Odoo, newest first.',
    z.object({ state: OutboxState.optional(), limit: z.number().int().min(1).max(2000).default(200) }).strict(),
    z.object({ items: z.array(OutboxItem), counts: OutboxCounts }),
  ),
  'outbox:enqueue': call(
    'Queue a change for Odoo (validated now, applied on the next push).',
    z.object({ kind: z.string(), payload: z.unknown(), summary: z.string().min(1).max(500) }).strict(),
    OutboxItem,
  ),
  'outbox:push': call('Push queued changes to Odoo now.', z.object({}).strict(), JobStarted),
  'outbox:retry': call('Queue a failed change again.', z.object({ id: z.number().int() }).strict(), OutboxItem),
  'outbox:discard': call('Drop a queued, failed or conflicting change (kept in history).', z.object({ id: z.number().int(), confirm: Confirm }).strict(), OutboxItem),
  'outbox:resolve': call(
    'Resolve a conflict: keep mine (apply over the newer Odoo version) or keep theirs (discard mine).',
    z.object({ id: z.number().int(), keep: z.enum(['mine', 'theirs']) }).strict(),
    OutboxItem,
  ),
  'audit:list': call('Every change applied to Odoo, newest first.', z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(), z.array(AuditEntry)),
} as const;

export const syncEvents = {
  'sync:progress': SyncProgress,
  'outbox:changed': z.object({ counts: OutboxCounts }),
  'connection:changed': z.object({ connectionId: z.string().nullable(), kind: z.enum(['none', 'demo', 'odoo']), label: z.string() }),
  'sync:finished': z.object({ jobId: z.string(), status: z.enum(['ok', 'partial', 'failed', 'cancelled']), upserted: z.number(), deleted: z.number() }),
} as const;
