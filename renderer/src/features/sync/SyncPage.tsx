import { Alert, Badge, Button, Card, Group, Menu, Skeleton, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconRefresh, IconRefreshDot } from '@tabler/icons-react';
import type { SyncLogEntry } from '../../../../core/contract';
import { formatCount, formatDateTime, formatRelative, formatTime } from '../../shared/format/format';
import { useNow } from '../../shared/hooks/useNow';
import { PageContainer } from '../../shared/ui/PageContainer';
import { PageHeader } from '../../shared/ui/PageHeader';
import { useAppInfoStore } from '../app-info/app-info.store';
import { useSettingsStore } from '../settings/settings.store';
import { SyncProgressBar } from './components/SyncProgressBar';
import { startSyncNow } from './useSyncFeed';
import { useSyncStore } from './sync.store';

const PHASE: Record<'none' | 'initial' | 'incremental', { label: string; color: string; hint: string }> = {
  none: { label: 'Not synced', color: 'gray', hint: 'Nothing downloaded yet' },
  initial: { label: 'Downloading', color: 'yellow', hint: 'First download started; it resumes where it stopped' },
  incremental: { label: 'Up to date', color: 'teal', hint: 'Only changes are fetched from now on' },
};

const STATUS: Record<SyncLogEntry['status'], { label: string; color: string }> = {
  running: { label: 'Running', color: 'brand' },
  ok: { label: 'OK', color: 'teal' },
  skipped: { label: 'Skipped', color: 'yellow' },
  failed: { label: 'Failed', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'gray' },
};

const num = { fontVariantNumeric: 'tabular-nums', textAlign: 'right' } as const;

export function SyncPage() {
  const status = useSyncStore((s) => s.status);
  const log = useSyncStore((s) => s.log);
  const loadError = useSyncStore((s) => s.loadError);
  const running = useSyncStore((s) => s.runningJobId !== null);
  const current = useSyncStore((s) => s.progress);
  const connection = useAppInfoStore((s) => s.info?.connection ?? null);
  const locale = useSettingsStore((s) => s.settings?.locale);
  const now = useNow();
  const lastAgo = formatRelative(status?.lastSyncAt ?? null, now, locale);

  return (
    <PageContainer label="Sync">
      <PageHeader
        title="Sync"
        description={
          <>
            The local cache of {connection?.kind === 'demo' ? 'the demo company' : (connection?.label ?? 'Odoo')}: what is downloaded, when it was
            refreshed, and what each run did. Only changes are fetched after the first download.
          </>
        }
        actions={
          <Group gap={0} wrap="nowrap">
            <Button leftSection={<IconRefresh size={16} />} onClick={() => void startSyncNow()} disabled={running} style={{ borderTopRightRadius: 0, borderBottomRightRadius: 0 }}>
              {running ? 'Syncing…' : 'Sync now'}
            </Button>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button aria-label="More sync options" px={8} disabled={running} style={{ borderTopLeftRadius: 0, borderBottomLeftRadius: 0, borderLeft: '1px solid rgb(255 255 255 / 0.3)' }}>
                  <IconChevronDown size={16} />
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconRefreshDot size={16} />} onClick={() => void startSyncNow(true)}>
                  Full sync (download everything again and check deletions)
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        }
      />

      {loadError && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="Sync status unavailable">
          {loadError}
        </Alert>
      )}

      {running && (
        <Card padding="md">
          <SyncProgressBar size="full" />
        </Card>
      )}

      <Card padding={0} aria-label="Cached models">
        <Group justify="space-between" px="md" py="sm">
          <div>
            <Title order={3}>Cached data</Title>
            <Text size="xs" c="dimmed">
              {status
                ? `${lastAgo ? `Last complete sync ${lastAgo}` : 'Never synced'} · ${status.intervalMinutes > 0 ? `background sync every ${status.intervalMinutes} min` : 'background sync off'}`
                : 'Loading…'}
            </Text>
          </div>
          {status && (
            <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {formatCount(status.models.reduce((n, m) => n + m.cached, 0), locale)} records in {status.models.filter((m) => m.cached > 0).length} models
            </Text>
          )}
        </Group>
        {status ? (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing={6} horizontalSpacing="md" striped highlightOnHover aria-label="Per-model sync status" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Model</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th style={num}>Cached</Table.Th>
                  <Table.Th style={num}>In Odoo</Table.Th>
                  <Table.Th>Last synced</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {status.models.map((m) => {
                  const phase = PHASE[m.phase];
                  const syncing = running && current?.model === m.model;
                  return (
                    <Table.Tr key={m.model} aria-label={m.label}>
                      <Table.Td>
                        <Text size="sm" fw={500} span>
                          {m.label}
                        </Text>{' '}
                        <Text size="xs" c="dimmed" ff="monospace" span>
                          {m.model}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {syncing ? (
                          <Badge size="sm" variant="filled" color="brand">
                            Syncing
                          </Badge>
                        ) : (
                          <Tooltip label={phase.hint}>
                            <Badge size="sm" variant="light" color={phase.color}>
                              {phase.label}
                            </Badge>
                          </Tooltip>
                        )}
                      </Table.Td>
                      <Table.Td style={num} data-testid="cached-count">
                        {formatCount(m.cached, locale)}
                      </Table.Td>
                      <Table.Td style={num} c="dimmed">
                        {m.total !== null ? formatCount(m.total, locale) : '—'}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={m.lastSyncedAt ? undefined : 'dimmed'}>
                          {m.lastSyncedAt ? formatRelative(m.lastSyncedAt, now, locale) : 'never'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : (
          <Stack p="md" gap="xs">
            <Skeleton h={20} />
            <Skeleton h={20} />
            <Skeleton h={20} />
          </Stack>
        )}
      </Card>

      <Card padding={0} aria-label="Sync log">
        <Group justify="space-between" px="md" py="sm">
          <div>
            <Title order={3}>Sync log</Title>
            <Text size="xs" c="dimmed">
              One line per model and run, newest first.
            </Text>
          </div>
        </Group>
        {log.length === 0 ? (
          <Text size="sm" c="dimmed" px="md" pb="md">
            No sync has run yet. Press Sync now to fill the local cache.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={720} maxHeight={440}>
            <Table verticalSpacing={5} horizontalSpacing="md" stickyHeader highlightOnHover aria-label="Sync log entries" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Model</Table.Th>
                  <Table.Th>Mode</Table.Th>
                  <Table.Th>Result</Table.Th>
                  <Table.Th style={num}>Fetched</Table.Th>
                  <Table.Th style={num}>Updated</Table.Th>
                  <Table.Th style={num}>Deleted</Table.Th>
                  <Table.Th>Message</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {log.map((e) => {
                  const st = STATUS[e.status];
                  return (
                    <Table.Tr key={e.id} data-status={e.status}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Tooltip label={formatDateTime(e.startedAt, locale)}>
                          <span>{formatTime(e.startedAt, locale)}</span>
                        </Tooltip>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" ff="monospace">
                          {e.model}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" c="dimmed">
                          {e.mode}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge size="xs" variant="light" color={st.color}>
                          {st.label}
                        </Badge>
                      </Table.Td>
                      <Table.Td style={num}>{formatCount(e.fetched, locale)}</Table.Td>
                      <Table.Td style={num}>{formatCount(e.upserted, locale)}</Table.Td>
                      <Table.Td style={num}>{formatCount(e.deleted, locale)}</Table.Td>
                      <Table.Td>
                        <Text size="xs" c={e.status === 'failed' ? 'red' : e.status === 'skipped' ? 'yellow.8' : 'dimmed'} maw={360}>
                          {e.message ?? ''}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </PageContainer>
  );
}
