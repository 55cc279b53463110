import type { OutboxState } from '../outbox.api';

export const STATE_BADGE: Record<OutboxState, { label: string; color: string }> = {
  pending: { label: 'Pending', color: 'brand' },
  applying: { label: 'Sending', color: 'brand' },
  applied: { label: 'Applied', color: 'teal' },
  failed: { label: 'Failed', color: 'red' },
  conflict: { label: 'Conflict', color: 'orange' },
  discarded: { label: 'Discarded', color: 'gray' },
};

/** "record:update" → "Record update" */
export const kindLabel = (kind: string): string => {
  const s = kind.replace(/[:._-]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
};
