import { useEffect, useRef } from 'react';
import { Badge, Group, Text, UnstyledButton } from '@mantine/core';
import type { OutboxItem } from '../../../../../core/contract';
import { formatRelative } from '../../../shared/format/format';
import { useNow } from '../../../shared/hooks/useNow';
import { useSettingsStore } from '../../settings/settings.store';
import { kindLabel, STATE_BADGE } from './states';
import classes from './Outbox.module.css';

type Props = { items: OutboxItem[]; cursor: number; openedId: number | null; label: string; onOpen(id: number): void };

export function OutboxList({ items, cursor, openedId, label, onOpen }: Props) {
  const locale = useSettingsStore((s) => s.settings?.locale);
  const now = useNow();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  useEffect(() => {
    refs.current[cursor]?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  return (
    <div role="list" aria-label={label}>
      {items.map((item, i) => {
        const badge = STATE_BADGE[item.state];
        return (
          <div key={item.id} role="listitem" aria-label={item.summary} data-state={item.state}>
          <UnstyledButton
            ref={(el) => {
              refs.current[i] = el;
            }}
            aria-current={item.id === openedId ? 'true' : undefined}
            className={classes.row}
            data-cursor={i === cursor || undefined}
            data-opened={item.id === openedId || undefined}
            onClick={() => onOpen(item.id)}
          >
            <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
              <Text size="sm" fw={500} lineClamp={2}>
                {item.summary}
              </Text>
              <Badge size="xs" variant="light" color={badge.color} style={{ flexShrink: 0 }}>
                {badge.label}
              </Badge>
            </Group>
            <Group gap={6} mt={2} wrap="nowrap">
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {kindLabel(item.kind)} · #{item.id} · {formatRelative(item.createdAt, now, locale)}
                {item.attempts > 0 ? ` · ${item.attempts} attempt${item.attempts === 1 ? '' : 's'}` : ''}
              </Text>
            </Group>
            {item.lastError && item.state !== 'applied' && (
              <Text size="xs" c={item.state === 'failed' ? 'red' : 'orange.8'} lineClamp={1} mt={2}>
                {item.lastError.message}
              </Text>
            )}
          </UnstyledButton>
          </div>
        );
      })}
    </div>
  );
}
