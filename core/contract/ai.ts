import { z } from 'zod';
import { call } from './define';

/** https anywhere; plain http only to this machine (a local proxy or the test mock): the key never travels in clear. */
export const isAllowedAiBaseUrl = (raw: string): boolean => {
  try {
    const u = new URL(raw);
    if (u.username || u.password || u.search || u.hash) return false;
    if (u.protocol === 'https:') return true;
    return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
};

export const AiModelId = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._:@\-[\]]{1,99}$/i, 'a model id such as claude-sonnet-5-5');

export const AiBaseUrl = z
  .string()
  .trim()
  .max(300)
  .refine(isAllowedAiBaseUrl, 'an https:// address (http:// only for 127.0.0.1 or localhost), without credentials or query')
  .transform((s) => s.replace(/\/+$/, ''));

export const AiApiKey = z
  .string()
  .trim()
  .min(10, 'too short for an API key')
  .max(500)
  .regex(/^\S+$/, 'an API key has no spaces');

export const AiModelOption = z.object({
  id: z.string(),
  label: z.string(),
  /** USD per million tokens */
  inputPerMTok: z.number(),
  outputPerMTok: z.number(),
});

export const AiStatus = z.object({
  /** a key is stored: AI features are on */
  configured: z.boolean(),
  model: z.string(),
  /** null: Anthropic's own endpoint */
  baseUrl: z.string().nullable(),
  redaction: z.boolean(),
  defaultModel: z.string(),
  models: z.array(AiModelOption),
  /** where the key is kept (os-keyring, safe-storage, encrypted-file, memory) */
  vault: z.object({ backend: z.string(), secure: z.boolean(), warning: z.string().nullable() }),
});
export type AiStatus = z.infer<typeof AiStatus>;

export const AiConfigureInput = z
  .object({
    /** a new key; null removes the stored key (AI features off); absent keeps it */
    apiKey: AiApiKey.nullable().optional(),
    model: AiModelId.optional(),
    /** null: back to Anthropic's endpoint */
    baseUrl: AiBaseUrl.nullable().optional(),
    redaction: z.boolean().optional(),
  })
  .strict();
export type AiConfigureInput = z.input<typeof AiConfigureInput>;

export const AiTestInput = z
  .object({
    /** test these instead of the stored settings (nothing is saved) */
    apiKey: AiApiKey.optional(),
    model: AiModelId.optional(),
    baseUrl: AiBaseUrl.nullable().optional(),
  })
  .strict();

export const AiTestResult = z.object({
  ok: z.literal(true),
  model: z.string(),
  latencyMs: z.number().int().nonnegative(),
  /** the test call's cost in USD (a few tokens) */
  costUsd: z.number().nonnegative(),
});
export type AiTestResult = z.infer<typeof AiTestResult>;

export const aiCalls = {
  'ai:status': call('Whether an Anthropic key is configured, the model, endpoint and redaction mode (never the key).', z.object({}).strict(), AiStatus),
  'ai:configure': call('Store or remove the Anthropic key; set the model, endpoint and redaction mode. Returns the new status.', AiConfigureInput, AiStatus),
  'ai:test': call('One small request to Claude with the stored (or given) settings; fails with ai/* codes.', AiTestInput, AiTestResult),
} as const;
