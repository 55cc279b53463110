import { addUsage, emptyUsage, type AiContentBlock, type AiMessage, type AiProvider, type AiResponse, type AiUsage } from '../../../ai';
import { AppError, isAppError, type ErrorCode } from '../../../shared/errors';
import type { Extraction, FieldName, PageText } from '../types';
import { documentText } from './document-text';
import { evidenceOf, splitSuspicious } from './evidence';
import { newDocumentTag, RETRY_NO_TOOL, retryInvalidInput, SYSTEM_PROMPT, TOOL_DESCRIPTION, userMessageText } from './prompt';
import { reconcile, type FieldDecision } from './reconcile';
import { MAX_IMAGE_BYTES, MAX_IMAGES, MAX_TOTAL_IMAGE_BYTES, type PageImage } from './page-images';
import { redactText, restore } from './redact';
import { describeIssues, TOOL_INPUT_SCHEMA, TOOL_NAME, ToolInput } from './schema';

export { SYSTEM_PROMPT } from './prompt';
export { TOOL_INPUT_SCHEMA, TOOL_NAME } from './schema';
export { redactText, restore } from './redact';
export { reconcile, CONFIDENCE } from './reconcile';
export { renderPageImages, pagesNeedingImages, type PageImage, type PageImagesResult } from './page-images';

export type LlmExtractInput = {
  provider: AiProvider;
  /** the page text the rule-based extraction used (text layer or OCR) */
  pages: PageText[];
  /**
   * images of the pages read by OCR (see `renderPageImages`), none for text-layer pages; ignored in redaction
   * mode (pixels cannot be redacted)
   */
  images?: PageImage[];
  /** what rendering those images reported (pages left out); shown only when images are sent */
  imageWarnings?: string[];
  /** the rule-based result Claude's answer is reconciled with */
  deterministic: Extraction;
  /** replace IBANs, e-mails, phone numbers and personal names by placeholders before sending */
  redaction?: boolean;
  /** more names to redact (e.g. the company's own contacts) */
  knownNames?: string[];
  signal?: AbortSignal;
  maxTokens?: number;
};

/**
 * - `llm`: Claude answered and its answer was reconciled (some values may still have been rejected)
 * - `fallback`: Claude answered twice without a valid tool call, or refused: the rule-based result is kept
 * - `error`: the AI service failed (key, rate limit, outage, timeout): the rule-based result is kept
 * - `skipped`: nothing to ask (an e-invoice read from its XML, or no text and no image)
 */
export type LlmOutcome = 'llm' | 'fallback' | 'error' | 'skipped';

export type LlmExtractResult = {
  extraction: Extraction;
  outcome: LlmOutcome;
  /** tokens over every call for this document */
  usage: AiUsage;
  costUsd: number;
  model: string;
  calls: number;
  /** what the reconciliation decided, field by field */
  decisions: Partial<Record<FieldName, FieldDecision>>;
  linesFrom: 'llm' | 'deterministic';
  /** also appended to `extraction.warnings` */
  warnings: string[];
  error?: { code: ErrorCode; message: string };
  /** what Claude reported as unusual (e.g. instructions found in the document) */
  notes?: string;
  redacted?: { IBAN: number; EMAIL: number; PHONE: number; NAME: number };
};

/**
 * The optional Claude step of invoice extraction: tool use with a strict schema, validated with zod (one
 * retry with the validation errors, then the rule-based result), reconciled with the rule-based result
 * (values must be printed in the document and pass the checks). The document is data in a quoted block;
 * instructions inside it change nothing.
 */
export async function llmExtract(input: LlmExtractInput): Promise<LlmExtractResult> {
  const det = input.deterministic;
  const base = {
    usage: emptyUsage(),
    costUsd: 0,
    model: input.provider.model,
    calls: 0,
    decisions: {},
    linesFrom: 'deterministic' as const,
  };
  if (det.method === 'e-invoice') return { ...base, extraction: det, outcome: 'skipped', warnings: [] };

  const { text: fullText, truncated } = documentText(input.pages);
  const warnings: string[] = [];
  let images = input.redaction ? [] : [...(input.images ?? [])].sort((a, b) => a.page - b.page);
  if (input.redaction && ((input.images?.length ?? 0) > 0 || input.pages.some((p) => p.source === 'ocr'))) warnings.push('Redaction mode: page images were not sent to Claude, only the redacted OCR text.');
  if (!input.redaction) warnings.push(...(input.imageWarnings ?? []));
  if (images.length > MAX_IMAGES) {
    warnings.push(`Only the first ${MAX_IMAGES} of ${images.length} page images were sent to Claude.`);
    images = images.slice(0, MAX_IMAGES);
  }
  const tooBig = images.filter((i) => i.png.byteLength > MAX_IMAGE_BYTES);
  if (tooBig.length > 0) {
    warnings.push(`${tooBig.length} page image(s) over 5 MB were not sent to Claude.`);
    images = images.filter((i) => i.png.byteLength <= MAX_IMAGE_BYTES);
  }
  let total = 0;
  const within = images.filter((i) => (total += i.png.byteLength) <= MAX_TOTAL_IMAGE_BYTES);
  if (within.length < images.length) {
    warnings.push(`${images.length - within.length} page image(s) were not sent to Claude (over ${MAX_TOTAL_IMAGE_BYTES / 1024 / 1024} MB of images in one request).`);
    images = within;
  }
  if (fullText.replace(/--- page \d+ ---/g, '').trim().length === 0 && images.length === 0) {
    return { ...base, extraction: det, outcome: 'skipped', warnings: ['No text and no page image to send to Claude.'] };
  }

  const redaction = input.redaction ? redactText(fullText, input.knownNames) : null;
  const sentText = redaction ? redaction.text : fullText;
  const tag = newDocumentTag();
  const source = input.pages.some((p) => p.source === 'ocr') ? 'ocr' : 'text-layer';
  const docBlocks: AiContentBlock[] = [
    ...images.map((i): AiContentBlock => ({ type: 'image', mediaType: 'image/png', dataBase64: Buffer.from(i.png).toString('base64') })),
    { type: 'text', text: userMessageText({ tag, text: sentText, pageCount: det.pageCount || input.pages.length, source, truncated, imagePages: images.map((i) => i.page) }) },
  ];
  const messages: AiMessage[] = [{ role: 'user', content: docBlocks }];
  let usage = emptyUsage();
  let costUsd = 0;
  let calls = 0;
  let model = input.provider.model;
  let maxTokens = input.maxTokens ?? 4096;
  let parsed: ToolInput | null = null;
  let lastProblem = '';

  const call = async (): Promise<AiResponse> => {
    const r = await input.provider.complete({
      system: SYSTEM_PROMPT,
      messages,
      tools: [{ name: TOOL_NAME, description: TOOL_DESCRIPTION, inputSchema: TOOL_INPUT_SCHEMA as unknown as Record<string, unknown>, strict: true }],
      toolChoice: { type: 'tool', name: TOOL_NAME },
      maxTokens,
      cache: true,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    calls++;
    usage = addUsage(usage, r.usage);
    costUsd += r.costUsd;
    model = r.model;
    return r;
  };

  try {
    for (let attempt = 1; attempt <= 2 && !parsed; attempt++) {
      const r = await call();
      if (r.stopReason === 'refusal') {
        lastProblem = 'Claude declined to read this document';
        break;
      }
      const use = r.content.find((b) => b.type === 'tool_use' && b.name === TOOL_NAME);
      if (!use || use.type !== 'tool_use') {
        lastProblem = 'Claude answered without calling the extraction tool';
        messages.push({ role: 'assistant', content: r.text.trim() ? [{ type: 'text', text: r.text }] : [{ type: 'text', text: '(no answer)' }] });
        messages.push({ role: 'user', content: RETRY_NO_TOOL });
        continue;
      }
      const restored = redaction ? restore(use.input, redaction.map) : use.input;
      const check = ToolInput.safeParse(restored);
      if (check.success) {
        parsed = check.data;
        break;
      }
      lastProblem = `Claude's answer did not match the schema${r.stopReason === 'max_tokens' ? ' (it was cut off)' : ''}`;
      if (r.stopReason === 'max_tokens') maxTokens = Math.min(maxTokens * 2, 16_384);
      // the tool call must be answered with a tool_result: the validation errors, as an error result
      messages.push({ role: 'assistant', content: r.content.map((b): AiContentBlock => (b.type === 'text' ? { type: 'text', text: b.text || ' ' } : b)).filter((b) => b.type !== 'text' || b.text.trim()) });
      messages.push({ role: 'user', content: [{ type: 'tool_result', toolUseId: use.id, isError: true, content: retryInvalidInput(describeIssues(check.error)) }] });
    }
  } catch (e) {
    if (isAppError(e) && e.code === 'app/cancelled') throw e;
    if (e instanceof Error && e.name === 'AbortError') throw new AppError('app/cancelled', 'The extraction was cancelled.');
    const err = isAppError(e) ? e : new AppError('ai/unavailable', e instanceof Error ? e.message : String(e));
    const w = [...warnings, `Claude was not used (${err.message}); the rule-based result is kept.`];
    return {
      ...base,
      usage,
      costUsd,
      calls,
      model,
      extraction: { ...det, warnings: [...det.warnings, ...w] },
      outcome: 'error',
      warnings: w,
      error: { code: err.code, message: err.message },
    };
  }

  const redacted = redaction ? { redacted: redaction.counts } : {};
  if (!parsed) {
    const w = [...warnings, `${lastProblem || 'Claude gave no usable answer'}${calls > 1 ? ' twice' : ''}; the rule-based result is kept.`];
    return { ...base, usage, costUsd, calls, model, extraction: { ...det, warnings: [...det.warnings, ...w] }, outcome: 'fallback', warnings: w, ...redacted };
  }

  // lines addressed to an AI are no evidence: a value printed only there counts as not printed
  const { clean, suspicious } = splitSuspicious(fullText);
  if (suspicious.length > 0) {
    const quote = suspicious[0]!.length > 120 ? `${suspicious[0]!.slice(0, 117)}…` : suspicious[0]!;
    warnings.push(`The document contains text addressed to an AI (“${quote}”${suspicious.length > 1 ? ` and ${suspicious.length - 1} more line(s)` : ''}); it was treated as data and ignored. Check this document carefully.`);
  }
  const rec = reconcile(det, parsed, evidenceOf(clean), input.pages, { suspicious: suspicious.length > 0 });
  const all = [...warnings, ...rec.warnings];
  return {
    extraction: { ...rec.extraction, warnings: [...rec.extraction.warnings, ...all] },
    outcome: 'llm',
    usage,
    costUsd: Math.round(costUsd * 1e6) / 1e6,
    model,
    calls,
    decisions: rec.decisions,
    linesFrom: rec.linesFrom,
    warnings: all,
    ...(parsed.notes ? { notes: parsed.notes } : {}),
    ...redacted,
  };
}
