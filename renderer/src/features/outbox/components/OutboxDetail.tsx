import { Alert, Badge, Button, Card, Code, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconRotate, IconSend, IconTrash } from '@tabler/icons-react';
import type { OutboxItem } from '../../../../../core/contract';
import { formatDateTime } from '../../../shared/format/format';
import { useSettingsStore } from '../../settings/settings.store';
import { ConflictView } from './ConflictView';
import { kindLabel, STATE_BADGE } from './states';

type Props = {
  item: OutboxItem;
  busy: string | null;
  onPush(): void;
  onRetry(): void;
  onDiscard(): void;
  onResolve(keep: 'mine' | 'theirs'): void;
};

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
    </div>
  );
}

export function OutboxDetail({ item, busy, onPush, onRetry, onDiscard, onResolve }: Props) {
  const locale = useSettingsStore((s) => s.settings?.locale);
  const badge = STATE_BADGE[item.state];
  // a conflict is discarded with "Keep Odoo's"
  const canDiscard = item.state === 'pending' || item.state === 'failed';
  return (
    <Card padding="md" aria-label="Change details">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} fz="md" style={{ lineHeight: 1.35 }}>
            {item.summary}
          </Title>
          <Badge variant="light" color={badge.color} style={{ flexShrink: 0 }}>
            {badge.label}
          </Badge>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" verticalSpacing={6}>
          <Fact label="Kind" value={kindLabel(item.kind)} />
          <Fact label="Created" value={formatDateTime(item.createdAt, locale)} />
          <Fact label="Attempts" value={String(item.attempts)} />
          <Fact label={item.appliedAt ? 'Applied' : 'Updated'} value={formatDateTime(item.appliedAt ?? item.updatedAt, locale)} />
        </SimpleGrid>

        {item.lastError && item.state !== 'applied' && (
          <Alert color={item.state === 'failed' ? 'red' : 'orange'} variant="light" icon={<IconAlertCircle size={18} />} p="xs" title="Last error">
            <Text size="sm">{item.lastError.message}</Text>
            <Text size="xs" c="dimmed" mt={2}>
              Code <code>{item.lastError.code}</code>
            </Text>
          </Alert>
        )}

        {item.state === 'conflict' && (
          <ConflictView item={item} busy={busy === 'mine' || busy === 'theirs' ? busy : null} onResolve={onResolve} />
        )}

        {item.state !== 'conflict' && (
          <div>
            <Text size="xs" c="dimmed" mb={4}>
              What will be sent
            </Text>
            <Code block fz="xs" style={{ maxHeight: 220, overflow: 'auto' }}>
              {JSON.stringify(item.payload, null, 2)}
            </Code>
          </div>
        )}

        {(item.state === 'pending' || item.state === 'failed') && (
          <Group gap="sm">
            {item.state === 'pending' && (
              <Button size="xs" leftSection={<IconSend size={14} />} onClick={onPush} loading={busy === 'push'}>
                Push now
              </Button>
            )}
            {item.state === 'failed' && (
              <Button size="xs" leftSection={<IconRotate size={14} />} onClick={onRetry} loading={busy === 'retry'}>
                Retry
              </Button>
            )}
            {canDiscard && (
              <Button size="xs" variant="default" color="red" leftSection={<IconTrash size={14} />} onClick={onDiscard}>
                Discard…
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Card>
  );
}
