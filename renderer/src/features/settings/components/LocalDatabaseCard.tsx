import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDatabase, IconRotateClockwise, IconStethoscope } from '@tabler/icons-react';
import { rebuildStore } from '../../app-info/app-info.api';
import { refreshAppInfo, useAppInfoStore } from '../../app-info/app-info.store';
import { isActive, useJobsStore } from '../../jobs/jobs.store';
import { watchJob } from '../../jobs/useJobsFeed';
import { startStoreCheck } from '../settings.api';
import { loadSettings } from '../settings.store';
import { RebuildCacheModal } from './RebuildCacheModal';

export function LocalDatabaseCard() {
  const store = useAppInfoStore((s) => s.info?.store ?? null);
  const [checkJobId, setCheckJobId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const checking = useJobsStore((s) => {
    const j = checkJobId ? s.byId[checkJobId] : undefined;
    return j !== undefined && isActive(j);
  });
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [rebuilding, setRebuilding] = useState(false);

  const onCheck = async () => {
    setStarting(true);
    try {
      const { jobId } = await startStoreCheck();
      watchJob(jobId);
      setCheckJobId(jobId);
    } catch {
      // reported by the client
    } finally {
      setStarting(false);
    }
  };

  const onRebuild = async () => {
    setRebuilding(true);
    try {
      const res = await rebuildStore();
      useAppInfoStore.getState().storeRebuilt(res.store);
      setConfirmOpen(false);
      notifications.show({
        color: 'teal',
        title: 'Local cache rebuilt',
        message: res.backupPath ? `The previous file was kept at ${res.backupPath}.` : 'The cache was already healthy.',
        autoClose: 10_000,
      });
      void refreshAppInfo();
      void loadSettings();
    } catch {
      // reported by the client
    } finally {
      setRebuilding(false);
    }
  };

  return (
    <Card padding="lg" aria-label="Local database">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <IconDatabase size={20} stroke={1.6} style={{ marginTop: 2 }} />
            <div>
              <Title order={3}>Local database</Title>
              <Text size="sm" c="dimmed">
                The offline cache of your Odoo data and the app's own records.
              </Text>
            </div>
          </Group>
          {store?.state === 'ok' && (
            <Badge color="teal" variant="light" aria-label="Store status: healthy">
              Healthy
            </Badge>
          )}
          {store?.state === 'error' && (
            <Badge color="red" variant="light" aria-label="Store status: needs attention">
              Needs attention
            </Badge>
          )}
        </Group>

        {store?.state === 'error' && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="The local database cannot be opened" role="alert">
            <Stack gap="xs">
              <Text size="sm">{store.message}</Text>
              <Text size="xs" c="dimmed">
                Code <code>{store.code}</code>
              </Text>
              {store.canRebuild ? (
                <Group>
                  <Button size="xs" color="red" leftSection={<IconRotateClockwise size={14} />} onClick={() => setConfirmOpen(true)}>
                    Rebuild local cache
                  </Button>
                </Group>
              ) : (
                <Text size="sm">Restart Smart Odoo; if this keeps happening, contact support with the code above.</Text>
              )}
            </Stack>
          </Alert>
        )}

        {store && (
          <Stack gap={2}>
            <Text size="xs" c="dimmed">
              File
            </Text>
            <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
              {store.path}
            </Text>
            {store.state === 'ok' && (
              <Text size="xs" c="dimmed">
                Schema version {store.schemaVersion}
              </Text>
            )}
          </Stack>
        )}

        <Group justify="space-between" align="center">
          <Text size="sm" c="dimmed" maw={460}>
            Checks integrity and foreign keys, then optimises. Safe to run at any time; progress shows in the jobs indicator.
          </Text>
          <Button
            variant="default"
            leftSection={<IconStethoscope size={16} />}
            onClick={() => void onCheck()}
            loading={starting || checking}
            disabled={store?.state !== 'ok'}
          >
            Check local database
          </Button>
        </Group>
      </Stack>
      <RebuildCacheModal
        opened={confirmOpen}
        busy={rebuilding}
        path={store?.path ?? ''}
        onClose={() => setConfirmOpen(false)}
        onConfirm={() => void onRebuild()}
      />
    </Card>
  );
}
