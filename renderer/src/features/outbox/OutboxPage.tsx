import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Center, Grid, Group, Kbd, Loader, ScrollArea, SegmentedControl, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconInbox, IconSend } from '@tabler/icons-react';
import type { OutboxItem } from '../../../../core/contract';
import { PageContainer } from '../../shared/ui/PageContainer';
import { PageHeader } from '../../shared/ui/PageHeader';
import { isActive, useJobsStore } from '../jobs/jobs.store';
import { watchJob } from '../jobs/useJobsFeed';
import { AuditLog } from './components/AuditLog';
import { DiscardModal } from './components/DiscardModal';
import { OutboxDetail } from './components/OutboxDetail';
import { OutboxList } from './components/OutboxList';
import { discardOutboxItem, pushOutbox, resolveConflict, retryOutboxItem } from './outbox.api';
import { chooseTab, refreshOutbox, useOutboxStore, type OutboxTab } from './outbox.store';
import { useOutboxHotkeys } from './useOutboxHotkeys';

const TABS: { value: OutboxTab; label: string; count?: (c: ReturnType<typeof useOutboxStore.getState>['counts']) => number; color?: string }[] = [
  { value: 'pending', label: 'Pending', count: (c) => c.pending + c.applying, color: 'brand' },
  { value: 'conflict', label: 'Conflicts', count: (c) => c.conflict, color: 'orange' },
  { value: 'failed', label: 'Failed', count: (c) => c.failed, color: 'red' },
  { value: 'applied', label: 'Applied', count: (c) => c.applied, color: 'gray' },
  { value: 'discarded', label: 'Discarded', count: (c) => c.discarded, color: 'gray' },
  { value: 'audit', label: 'Audit log' },
];

const EMPTY: Record<OutboxTab, string> = {
  pending: 'Nothing waiting to be sent. Decisions you make offline queue up here and reach Odoo on the next push.',
  conflict: 'No conflicts. When a record you changed is also edited in Odoo, both versions show up here for you to choose.',
  failed: 'No failed changes.',
  applied: 'No change has been applied to Odoo yet.',
  discarded: 'Nothing discarded.',
  audit: '',
};

const isTab = (v: string): v is OutboxTab => TABS.some((t) => t.value === v);

export function OutboxPage() {
  const tab = useOutboxStore((s) => s.tab);
  const counts = useOutboxStore((s) => s.counts);
  const items = useOutboxStore((s) => s.items);
  const audit = useOutboxStore((s) => s.audit);
  const cursor = useOutboxStore((s) => s.cursor);
  const openedId = useOutboxStore((s) => s.openedId);
  const loading = useOutboxStore((s) => s.loading);
  const loadError = useOutboxStore((s) => s.loadError);
  const [pushJobId, setPushJobId] = useState<string | null>(null);
  const pushing = useJobsStore((s) => {
    const j = pushJobId ? s.byId[pushJobId] : undefined;
    return j !== undefined && isActive(j);
  });
  const [busy, setBusy] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState<OutboxItem | null>(null);
  useOutboxHotkeys();

  useEffect(() => {
    void refreshOutbox();
  }, []);

  const opened = items.find((i) => i.id === openedId) ?? null;
  const queued = counts.pending + counts.applying;

  const onPush = async () => {
    setBusy('push');
    try {
      const { jobId } = await pushOutbox();
      watchJob(jobId);
      setPushJobId(jobId);
    } catch {
      // reported by the client
    } finally {
      setBusy(null);
    }
  };

  const act = async (name: string, fn: () => Promise<OutboxItem>, done: (item: OutboxItem) => void) => {
    setBusy(name);
    try {
      done(await fn());
      await refreshOutbox();
    } catch {
      // reported by the client
    } finally {
      setBusy(null);
    }
  };

  const onResolve = (item: OutboxItem, keep: 'mine' | 'theirs') =>
    act(keep, () => resolveConflict(item.id, keep), () =>
      notifications.show({
        color: keep === 'mine' ? 'brand' : 'gray',
        title: keep === 'mine' ? 'Your version is queued again' : 'Odoo’s version kept',
        message: keep === 'mine' ? 'It will be applied over the newer Odoo version on the next push.' : 'Your change was discarded; it stays in the Discarded list.',
      }),
    );

  return (
    <PageContainer label="Outbox">
      <PageHeader
        title="Outbox"
        description="Changes made in Smart Odoo wait here until they are applied to Odoo — each exactly once. A change to a record that was edited in Odoo meanwhile is never overwritten: it waits for your decision."
        actions={
          <Button leftSection={<IconSend size={16} />} onClick={() => void onPush()} loading={busy === 'push' || pushing} disabled={queued === 0}>
            Push now{queued > 0 ? ` (${queued})` : ''}
          </Button>
        }
      />
      <Group justify="space-between" gap="sm">
        <SegmentedControl
          aria-label="Outbox view"
          value={tab}
          onChange={(v) => {
            if (isTab(v)) chooseTab(v);
          }}
          data={TABS.map((t) => {
            const n = t.count?.(counts) ?? 0;
            return {
              value: t.value,
              label: (
                <Group gap={6} wrap="nowrap" justify="center">
                  <span>{t.label}</span>
                  {t.count && n > 0 && (
                    <Badge size="xs" circle={n < 10} variant={t.value === 'conflict' || t.value === 'failed' ? 'filled' : 'light'} color={t.color}>
                      {n}
                    </Badge>
                  )}
                </Group>
              ),
            };
          })}
        />
        <Text size="xs" c="dimmed" visibleFrom="md">
          <Kbd size="xs">J</Kbd> <Kbd size="xs">K</Kbd> move · <Kbd size="xs">Enter</Kbd> open
        </Text>
      </Group>

      {loadError && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="The outbox could not be read">
          {loadError}
        </Alert>
      )}

      {tab === 'audit' ? (
        <Card padding={0} aria-label="Audit log">
          <AuditLog entries={audit} cursor={cursor} />
        </Card>
      ) : loading && items.length === 0 ? (
        <Center py="xl">
          <Loader size="sm" aria-label="Loading changes" />
        </Center>
      ) : items.length === 0 ? (
        <Card padding="xl">
          <Stack align="center" gap="xs">
            <IconInbox size={28} stroke={1.5} color="var(--mantine-color-dimmed)" />
            <Text size="sm" c="dimmed" ta="center" maw={480}>
              {EMPTY[tab]}
            </Text>
          </Stack>
        </Card>
      ) : (
        <Grid gap="md" align="flex-start">
          <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
            <Card padding={0}>
              <ScrollArea.Autosize mah="calc(100dvh - 300px)" type="auto">
                <OutboxList
                  items={items}
                  cursor={cursor}
                  openedId={openedId}
                  label={`${TABS.find((t) => t.value === tab)?.label ?? ''} changes`}
                  onOpen={(id) => useOutboxStore.getState().itemOpened(id)}
                />
              </ScrollArea.Autosize>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
            {opened ? (
              <OutboxDetail
                item={opened}
                busy={busy}
                onPush={() => void onPush()}
                onRetry={() => void act('retry', () => retryOutboxItem(opened.id), () => {})}
                onDiscard={() => setDiscarding(opened)}
                onResolve={(keep) => void onResolve(opened, keep)}
              />
            ) : (
              <Card padding="lg">
                <Text size="sm" c="dimmed" ta="center">
                  Select a change to see what it sends{tab === 'conflict' ? ' and compare both versions' : ''}.
                </Text>
              </Card>
            )}
          </Grid.Col>
        </Grid>
      )}
      <DiscardModal
        item={discarding}
        busy={busy === 'discard'}
        onClose={() => setDiscarding(null)}
        onConfirm={() => {
          const item = discarding;
          if (!item) return;
          void act('discard', () => discardOutboxItem(item.id), () => setDiscarding(null));
        }}
      />
    </PageContainer>
  );
}
