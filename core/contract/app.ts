import { z } from 'zod';
import { call } from './define';

export const StoreStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ok'), path: z.string(), schemaVersion: z.number().int() }),
  z.object({
    state: z.literal('error'),
    path: z.string(),
    code: z.string(),
    message: z.string(),
    /** a rebuild moves the damaged file aside (never deletes it) and starts a fresh cache */
    canRebuild: z.boolean(),
  }),
]);
export type StoreStatus = z.infer<typeof StoreStatus>;

export const AppInfo = z.object({
  name: z.literal('Smart Odoo'),
  version: z.string(),
  host: z.enum(['electron', 'node', 'cli', 'test']),
  runtime: z.object({ node: z.string(), electron: z.string().nullable(), platform: z.string(), arch: z.string() }),
  dataDir: z.string(),
  store: StoreStatus,
  /** what the app is connected to; `none` until a connection or the demo company is configured */
  connection: z.object({ kind: z.enum(['none', 'demo', 'odoo']), label: z.string() }),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appCalls = {
  'app:info': call('Version, host, runtime, data directory and store status.', z.object({}).strict(), AppInfo),
  'store:rebuild': call(
    'Move a damaged or newer-version database aside (kept as a backup) and start a fresh cache.',
    z.object({ confirm: z.literal(true) }).strict(),
    z.object({ backupPath: z.string().nullable(), store: StoreStatus }),
  ),
} as const;
