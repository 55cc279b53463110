import type { AiUsage } from './types';

/** USD per million tokens. Cache writes are priced at the 5-minute rate (the only TTL this app asks for). */
export type Price = { input: number; output: number; cacheWrite: number; cacheRead: number };

export type ModelInfo = {
  id: string;
  label: string;
  price: Price;
  /** requests whose prompt (input + cache reads + cache writes) exceeds `threshold` tokens pay `price` of this band */
  longPrompt?: { threshold: number; price: Price };
  /**
   * Whether the model accepts a forced tool choice (`tool`/`any`). Models that always think first answer a
   * forced choice with a 400, so the provider sends `auto` to them and relies on the prompt.
   */
  forcedToolChoice: boolean;
};

/** The default for new installations: fast, good at documents, moderate price. */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';

const p = (input: number, output: number, cacheRead: number, cacheWrite = input * 1.25): Price => ({ input, output, cacheWrite, cacheRead });

/**
 * Anthropic's list prices (platform.claude.com pricing page, November 2026). Keep in step with the
 * published table; a model missing here is priced at the dearest rate and reported as `pricing: 'fallback'`.
 */
export const MODELS: readonly ModelInfo[] = [
  { id: 'claude-sonnet-5-5', label: 'Claude Sonnet 5.5', price: p(2, 10, 0.1, 2.5), forcedToolChoice: false },
  {
    id: 'claude-haiku-5-5',
    label: 'Claude Haiku 5.5',
    price: p(0.1, 0.5, 0.01, 0.125),
    longPrompt: { threshold: 100_000, price: p(0.5, 2.5, 0.05, 0.625) },
    forcedToolChoice: false,
  },
  { id: 'claude-opus-5-5', label: 'Claude Opus 5.5', price: p(4, 20, 0.2, 5), forcedToolChoice: false },
  { id: 'claude-fable-5-1', label: 'Claude Fable 5.1', price: p(10, 50, 0.25, 12.5), forcedToolChoice: false },
  { id: 'claude-mythos-5-1', label: 'Claude Mythos 5.1', price: p(10, 50, 0.25, 12.5), forcedToolChoice: false },
  { id: 'claude-fable-5', label: 'Claude Fable 5', price: p(10, 50, 1, 12.5), forcedToolChoice: false },
  { id: 'claude-mythos-5', label: 'Claude Mythos 5', price: p(10, 50, 1, 12.5), forcedToolChoice: false },
  { id: 'claude-sonnet-5', label: 'Claude Sonnet 5', price: p(2, 10, 0.2, 2.5), forcedToolChoice: true },
  { id: 'claude-opus-5', label: 'Claude Opus 5', price: p(5, 25, 0.5, 6.25), forcedToolChoice: true },
  { id: 'claude-opus-4-8', label: 'Claude Opus 4.8', price: p(5, 25, 0.5, 6.25), forcedToolChoice: true },
  { id: 'claude-opus-4-7', label: 'Claude Opus 4.7', price: p(5, 25, 0.5, 6.25), forcedToolChoice: true },
  { id: 'claude-opus-4-6', label: 'Claude Opus 4.6', price: p(5, 25, 0.5, 6.25), forcedToolChoice: true },
  { id: 'claude-opus-4-5', label: 'Claude Opus 4.5', price: p(5, 25, 0.5, 6.25), forcedToolChoice: true },
  { id: 'claude-sonnet-4-6', label: 'Claude Sonnet 4.6', price: p(3, 15, 0.3, 3.75), forcedToolChoice: true },
  { id: 'claude-sonnet-4-5', label: 'Claude Sonnet 4.5', price: p(3, 15, 0.3, 3.75), forcedToolChoice: true },
  { id: 'claude-haiku-4-5', label: 'Claude Haiku 4.5', price: p(1, 5, 0.1, 1.25), forcedToolChoice: true },
];

const DEAREST: Price = MODELS.reduce((a, m) => (m.price.output > a.output ? m.price : a), MODELS[0]!.price);

/**
 * The table row for a model id; dated ids (`claude-haiku-4-5-20251001`) and `[1m]` variants resolve to
 * their family. Unknown ids get the dearest price and no forced tool choice (the safe assumptions).
 */
export function modelInfo(model: string): ModelInfo & { known: boolean } {
  const id = model.trim().toLowerCase().replace(/\[[^\]]*\]$/, '');
  const exact = MODELS.find((m) => m.id === id);
  if (exact) return { ...exact, known: true };
  const family = [...MODELS].sort((a, b) => b.id.length - a.id.length).find((m) => id.startsWith(`${m.id}-`) && /^\d{8}$/.test(id.slice(m.id.length + 1)));
  if (family) return { ...family, id: model, known: true };
  return { id: model, label: model, price: DEAREST, forcedToolChoice: false, known: false };
}

/** The cost of one response in USD, rounded to a millionth of a dollar. */
export function costOf(model: string, usage: AiUsage): { costUsd: number; pricing: 'table' | 'fallback' } {
  const info = modelInfo(model);
  const prompt = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  const price = info.longPrompt && prompt > info.longPrompt.threshold ? info.longPrompt.price : info.price;
  const usd =
    (usage.inputTokens * price.input + usage.outputTokens * price.output + usage.cacheReadTokens * price.cacheRead + usage.cacheWriteTokens * price.cacheWrite) /
    1_000_000;
  return { costUsd: Math.round(usd * 1e6) / 1e6, pricing: info.known ? 'table' : 'fallback' };
}
