import { Button, Group, Kbd, Text, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { formatDateTime, formatRelative } from '../../../shared/format/format';
import { useNow } from '../../../shared/hooks/useNow';
import { MOD_KEY } from '../../../app/ShortcutSheet';
import { useAppInfoStore } from '../../app-info/app-info.store';
import { useSettingsStore } from '../../settings/settings.store';
import { startSyncNow } from '../useSyncFeed';
import { useSyncStore } from '../sync.store';
import { SyncProgressBar } from './SyncProgressBar';

/** Header: the running sync's progress, or when the cache was last refreshed and a "Sync now" button. */
export function SyncControl() {
  const running = useSyncStore((s) => s.runningJobId !== null);
  const lastSyncAt = useSyncStore((s) => s.status?.lastSyncAt ?? null);
  const storeOk = useAppInfoStore((s) => s.info?.store.state === 'ok');
  const locale = useSettingsStore((s) => s.settings?.locale);
  const now = useNow();
  if (!storeOk) return null;
  if (running) return <SyncProgressBar />;
  const ago = formatRelative(lastSyncAt, now, locale);
  return (
    <Group gap="sm" wrap="nowrap">
      <Tooltip label={lastSyncAt ? `Last complete sync: ${formatDateTime(lastSyncAt, locale)}` : 'The local cache has not been filled yet'}>
        <Text size="xs" c="dimmed" visibleFrom="md" aria-label="Last synced" style={{ whiteSpace: 'nowrap' }}>
          {ago ? `Synced ${ago}` : 'Never synced'}
        </Text>
      </Tooltip>
      <Tooltip
        label={
          <Group gap={4} wrap="nowrap">
            Sync with Odoo <Kbd size="xs">{MOD_KEY}</Kbd>+<Kbd size="xs">Shift</Kbd>+<Kbd size="xs">S</Kbd>
          </Group>
        }
      >
        <Button size="compact-sm" variant="default" leftSection={<IconRefresh size={15} stroke={1.8} />} onClick={() => void startSyncNow()}>
          Sync now
        </Button>
      </Tooltip>
    </Group>
  );
}
