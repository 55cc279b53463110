import { z } from 'zod';
import type { IntentHandler } from './types';

const Payload = z.object({
  model: z.string().min(1),
  id: z.number().int().positive(),
  body: z.string().min(1).max(20_000),
});
export type NotePostPayload = z.infer<typeof Payload>;

/** The visible reference that lets a later push find a note it already posted. */
export const noteMarker = (key: string) => `Smart Odoo ref ${key}`;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Posts an internal note in a record's chatter. message_post is not idempotent, so the note carries its
 * idempotency key and `isApplied` looks for it before posting again.
 */
export const notePostIntent: IntentHandler<NotePostPayload> = {
  kind: 'note:post',
  schema: Payload,
  targets: () => [],
  conflictFields: () => [],
  touched: () => [],
  async isApplied(client, p, key, signal) {
    const found = await client.searchCount(
      'mail.message',
      [
        ['model', '=', p.model],
        ['res_id', '=', p.id],
        ['body', 'ilike', noteMarker(key)],
      ],
      { signal },
    );
    return found > 0;
  },
  async apply(client, p, key, signal) {
    const body = `<p>${escapeHtml(p.body)}</p><p><small>${noteMarker(key)}</small></p>`;
    const messageId = await client.messagePost(p.model, p.id, body, { signal, messageType: 'comment', subtypeXmlid: 'mail.mt_note' });
    return { result: { messageId }, touched: [] };
  },
};
