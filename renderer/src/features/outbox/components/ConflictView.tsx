import { Badge, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCloud, IconUser } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { OutboxItem } from '../../../../../core/contract';
import { useSettingsStore } from '../../settings/settings.store';
import { asRecord, changedValues, displayValue, fieldLabel, odooDateTime, sameValue } from './values';

type Props = { item: OutboxItem; busy: 'mine' | 'theirs' | null; onResolve(keep: 'mine' | 'theirs'): void };

function Side({ title, icon, tone, label, children }: { title: string; icon: ReactNode; tone: string; label: string; children: ReactNode }) {
  return (
    <Card padding="sm" aria-label={label} style={{ borderColor: `var(--mantine-color-${tone}-light-color)` }}>
      <Group gap={6} mb={6}>
        {icon}
        <Text fw={650} size="sm">
          {title}
        </Text>
      </Group>
      {children}
    </Card>
  );
}

function Field({ label, value, differs = false, quiet = false }: { label: string; value: string; differs?: boolean; quiet?: boolean }) {
  return (
    <div>
      <Group gap={6}>
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        {differs && (
          <Badge size="xs" variant="light" color="orange">
            differs
          </Badge>
        )}
      </Group>
      <Text size="sm" fw={quiet ? 400 : 600} style={{ wordBreak: 'break-word' }}>
        {value}
      </Text>
    </div>
  );
}

/** A change whose record was edited in Odoo meanwhile: both versions side by side, and the two ways out. */
export function ConflictView({ item, busy, onResolve }: Props) {
  const locale = useSettingsStore((s) => s.settings?.locale);
  const conflict = item.conflict;
  if (!conflict) return null;
  const ours = changedValues(conflict.ours);
  const theirs = asRecord(conflict.theirs);
  const fields = Object.keys(ours);

  return (
    <Stack gap="sm" aria-label="Conflict">
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <IconAlertTriangle size={18} color="var(--mantine-color-orange-6)" style={{ flexShrink: 0, marginTop: 1 }} />
        <Text size="sm">
          {theirs
            ? `Someone changed ${conflict.model} #${conflict.id} in Odoo after you made this change. Nothing was overwritten — choose which version to keep.`
            : `${conflict.model} #${conflict.id} was deleted in Odoo after you made this change. It can only be discarded.`}
        </Text>
      </Group>
      <SimpleGrid cols={2} spacing="sm">
        <Side title="Your change" label="Your change" tone="brand" icon={<IconUser size={16} stroke={1.7} />}>
          <Stack gap={8}>
            {fields.map((f) => (
              <Field key={f} label={fieldLabel(f)} value={displayValue(ours[f])} />
            ))}
          </Stack>
        </Side>
        <Side title="Now in Odoo" label="Now in Odoo" tone="orange" icon={<IconCloud size={16} stroke={1.7} />}>
          {theirs ? (
            <Stack gap={8}>
              {fields.map((f) => (
                <Field key={f} label={fieldLabel(f)} value={displayValue(theirs[f])} differs={!sameValue(ours[f], theirs[f])} />
              ))}
              <Field label={fieldLabel('write_date')} value={odooDateTime(theirs['write_date'], locale)} quiet />
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              The record no longer exists in Odoo.
            </Text>
          )}
        </Side>
      </SimpleGrid>
      <Group gap="sm">
        <Button size="sm" disabled={!theirs || busy !== null} loading={busy === 'mine'} onClick={() => onResolve('mine')}>
          Keep mine (apply over Odoo's version)
        </Button>
        <Button size="sm" variant="default" disabled={busy !== null} loading={busy === 'theirs'} onClick={() => onResolve('theirs')}>
          Keep Odoo's (discard mine)
        </Button>
      </Group>
    </Stack>
  );
}
