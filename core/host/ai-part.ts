import type Database from 'better-sqlite3';
import { z } from 'zod';
import { AI_KEY_NAME, createAnthropicProvider, DEFAULT_AI_CONFIG, DEFAULT_MODEL, getAiProvider, MODELS, type AiConfig, type AiProvider } from '../ai';
import { AiBaseUrl, AiModelId, type AiStatus, type CallName } from '../contract';
import { AppError, isAppError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { createSettingsRepo } from '../store/repos/settings-repo';
import type { CredentialVault } from '../vault';
import type { Handlers } from './handlers';

type AiCallName = Extract<CallName, `ai:${string}`>;

/** The settings-table row that holds the AI configuration (not a user setting of `settings:*`). */
export const AI_SETTINGS_KEY = 'ai';

const Stored = z.object({ model: AiModelId, baseUrl: AiBaseUrl.nullable(), redaction: z.boolean() }).partial();

export type AiPartOptions = {
  db: Database.Database;
  vault: CredentialVault;
  logger: Logger;
  /** for tests: the fetch the provider uses */
  fetch?: typeof fetch;
  /** per-attempt timeout of feature calls (default 60 s) */
  timeoutMs?: number;
};

export type AiPart = {
  handlers: Pick<Handlers, AiCallName>;
  /** the stored configuration with defaults (each key validated on its own) */
  config(): AiConfig;
  /** the provider for AI features, or null when no key is stored (features then take their deterministic path) */
  provider(): Promise<AiProvider | null>;
};

/**
 * The AI settings: the Anthropic key in the credential vault (`ai:anthropic`), model, endpoint and redaction
 * mode in the settings table. The key never leaves the core: `ai:status` says only whether there is one.
 */
export function createAiPart(o: AiPartOptions): AiPart {
  const settings = createSettingsRepo(o.db);
  const log = o.logger.child({ part: 'ai' });

  function config(): AiConfig {
    const raw = settings.readAll()[AI_SETTINGS_KEY];
    const out: AiConfig = { ...DEFAULT_AI_CONFIG };
    if (raw && typeof raw === 'object') {
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        const one = Stored.safeParse({ [k]: v });
        if (one.success && k in one.data) Object.assign(out, one.data);
      }
    }
    return out;
  }

  async function status(): Promise<AiStatus> {
    const c = config();
    const info = o.vault.info();
    return {
      configured: await o.vault.has(AI_KEY_NAME),
      model: c.model,
      baseUrl: c.baseUrl,
      redaction: c.redaction,
      defaultModel: DEFAULT_MODEL,
      models: MODELS.map((m) => ({ id: m.id, label: m.label, inputPerMTok: m.price.input, outputPerMTok: m.price.output })),
      vault: { backend: info.backend, secure: info.secure, warning: info.warning ?? null },
    };
  }

  const handlers: Pick<Handlers, AiCallName> = {
    'ai:status': () => status(),
    'ai:configure': async (i) => {
      const next: AiConfig = {
        ...config(),
        ...(i.model !== undefined ? { model: i.model } : {}),
        ...(i.baseUrl !== undefined ? { baseUrl: i.baseUrl } : {}),
        ...(i.redaction !== undefined ? { redaction: i.redaction } : {}),
      };
      try {
        if (typeof i.apiKey === 'string') await o.vault.set(AI_KEY_NAME, i.apiKey);
        else if (i.apiKey === null) await o.vault.delete(AI_KEY_NAME);
      } catch (e) {
        if (isAppError(e)) throw e;
        throw new AppError('vault/unavailable', `The API key could not be stored: ${e instanceof Error ? e.message : String(e)}`);
      }
      settings.setMany({ [AI_SETTINGS_KEY]: next });
      log.info('ai settings changed', { model: next.model, baseUrl: next.baseUrl, redaction: next.redaction, key: i.apiKey === undefined ? 'unchanged' : i.apiKey === null ? 'removed' : 'set' });
      return status();
    },
    'ai:test': async (i, ctx) => {
      const c = config();
      const apiKey = i.apiKey ?? (await o.vault.get(AI_KEY_NAME));
      if (!apiKey) throw new AppError('ai/not-configured', 'No Anthropic API key is stored. Enter one in Settings → AI first.');
      const provider = createAnthropicProvider({
        apiKey,
        model: i.model ?? c.model,
        baseUrl: i.baseUrl !== undefined ? i.baseUrl : c.baseUrl,
        timeoutMs: 20_000,
        maxRetries: 1,
        logger: log,
        ...(o.fetch ? { fetch: o.fetch } : {}),
      });
      const r = await provider.complete({
        system: 'This is a connection test from Smart Odoo. Answer with the single word: ok',
        messages: [{ role: 'user', content: 'Connection test: answer ok.' }],
        maxTokens: 16,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      return { ok: true as const, model: r.model, latencyMs: Math.max(0, Math.round(r.latencyMs)), costUsd: r.costUsd };
    },
  };

  return {
    handlers,
    config,
    provider: () =>
      getAiProvider({
        vault: o.vault,
        config: config(),
        logger: o.logger,
        ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
        ...(o.fetch ? { fetch: o.fetch } : {}),
      }),
  };
}
