import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Center, EmptyState, Grid, Group, Kbd, Loader, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowsExchange, IconChecks, IconSearch, IconSend } from '@tabler/icons-react';
import { useShortcutsStore } from '../../app/shortcuts.store';
import { PageContainer } from '../../shared/ui/PageContainer';
import { PageHeader } from '../../shared/ui/PageHeader';
import { useAppInfoStore } from '../app-info/app-info.store';
import { DemoActions } from '../demo/DemoActions';
import { EmptyStateActions } from '../demo/EmptyStateActions';
import { isActive, useJobsStore } from '../jobs/jobs.store';
import { useOutboxStore } from '../outbox/outbox.store';
import { useSyncStore } from '../sync/sync.store';
import { ConnectGuide } from '../welcome/ConnectGuide';
import { acceptAutoBand, acceptSelected, autoBandLines, pushAccepted, rejectSelected } from './actions';
import { BulkAcceptModal } from './components/BulkAcceptModal';
import { LineDetail } from './components/LineDetail';
import { LineList } from './components/LineList';
import classes from './components/Reconciliation.module.css';
import { BANDS, filterLines, type BandFilter, type SignFilter } from './lines';
import { refreshLines, useReconciliationStore } from './reconciliation.store';
import { useReconciliationFeed } from './useReconciliationFeed';
import { useReconciliationHotkeys } from './useReconciliationHotkeys';

const DESCRIPTION =
  'Match bank statement lines to invoices, bills and payments. Smart Odoo proposes the matches; you accept, adjust or reject them — offline too.';

function Welcome() {
  return (
    <>
      <Card padding="xl">
        <EmptyState
          variant="light"
          size="lg"
          icon={<IconArrowsExchange size={28} stroke={1.6} />}
          title="No bank lines to reconcile yet"
          description={
            <>
              Once an Odoo database (or the demo company) is connected, unreconciled statement lines appear here with their
              best match proposals. Review them with the keyboard — <Kbd size="xs">?</Kbd> lists the shortcuts.
            </>
          }
        >
          <EmptyStateActions />
        </EmptyState>
      </Card>
      <ConnectGuide />
    </>
  );
}

const isBand = (v: string): v is BandFilter => v === 'all' || BANDS.some((b) => b.band === v);
const isSign = (v: string): v is SignFilter => v === 'all' || v === 'in' || v === 'out';

export function ReconciliationPage() {
  useReconciliationFeed();
  const s = useReconciliationStore();
  const synced = useSyncStore((st) => st.status?.lastSyncAt !== null && st.status?.lastSyncAt !== undefined);
  const isDemo = useAppInfoStore((st) => st.info?.connection.kind === 'demo');
  const pending = useOutboxStore((st) => st.counts.pending + st.counts.applying);
  const [pushJobId, setPushJobId] = useState<string | null>(null);
  const pushing = useJobsStore((st) => {
    const j = pushJobId ? st.byId[pushJobId] : undefined;
    return j !== undefined && isActive(j);
  });
  // the push job's end: reconciled lines leave the list
  useEffect(() => {
    if (pushJobId && !pushing) void refreshLines();
  }, [pushJobId, pushing]);
  const [bulkCount, setBulkCount] = useState<number | null>(null);
  const [bulkBusy, setBulkBusy] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const sheetOpen = useShortcutsStore((st) => st.sheetOpen);

  const { visible, counts } = useMemo(
    () => filterLines(s.lines, s.rejected, { query: s.query, band: s.band, sign: s.sign }),
    [s.lines, s.rejected, s.query, s.band, s.sign],
  );
  const selected = s.lines.find((l) => l.statementLineId === s.selectedId) ?? null;
  const hasLines = s.lines.length > 0;

  useReconciliationHotkeys({
    disabled: !hasLines || bulkCount !== null || sheetOpen,
    focusSearch: () => searchRef.current?.focus(),
    askBulkAccept: () => setBulkCount(autoBandLines().length),
  });

  const onPush = async () => {
    const id = await pushAccepted();
    if (id) setPushJobId(id);
  };

  const onBulkConfirm = async () => {
    setBulkBusy(true);
    const n = await acceptAutoBand();
    setBulkBusy(false);
    setBulkCount(null);
    if (n > 0) notifications.show({ color: 'green', title: `${n} line${n === 1 ? '' : 's'} queued`, message: 'Push now to reconcile them in Odoo, or press U to undo.' });
  };

  const queuedHere = Object.keys(s.queued).length;

  return (
    <PageContainer label="Reconciliation">
      <PageHeader
        title="Bank reconciliation"
        description={DESCRIPTION}
        actions={
          hasLines && (
            <Group gap="xs">
              <Button variant="default" leftSection={<IconChecks size={16} />} onClick={() => setBulkCount(autoBandLines().length)}>
                Accept auto band
              </Button>
              <Button leftSection={<IconSend size={16} />} onClick={() => void onPush()} loading={pushing} disabled={pending === 0}>
                Push now{pending > 0 ? ` (${pending})` : ''}
              </Button>
            </Group>
          )
        }
      />

      {s.loadError && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title="The bank lines could not be read"
        >
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{s.loadError}</Text>
            <Button size="xs" variant="light" color="red" onClick={() => void refreshLines()}>
              Try again
            </Button>
          </Stack>
        </Alert>
      )}

      {!s.loaded && !s.loadError ? (
        <Center py="xl">
          <Loader size="sm" aria-label="Loading bank lines" />
        </Center>
      ) : !hasLines && !synced ? (
        <Welcome />
      ) : !hasLines ? (
        <Card padding="xl">
          <EmptyState
            variant="light"
            size="lg"
            icon={<IconChecks size={28} stroke={1.6} />}
            title="All bank lines are reconciled"
            description="New statement lines appear here after the next sync or statement import."
          />
        </Card>
      ) : (
        <>
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Group gap="sm" wrap="wrap">
              <TextInput
                ref={searchRef}
                aria-label="Search bank lines"
                placeholder="Search labels"
                leftSection={<IconSearch size={16} />}
                rightSection={<Kbd size="xs">/</Kbd>}
                value={s.query}
                onChange={(e) => s.queryChanged(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Escape' || e.key === 'Enter') e.currentTarget.blur();
                }}
                w={240}
              />
              <SegmentedControl
                aria-label="Confidence"
                value={s.band}
                onChange={(v) => {
                  if (isBand(v)) s.bandChosen(v);
                }}
                data={[
                  { value: 'all', label: `All ${counts.auto + counts.high + counts.medium + counts.none}` },
                  ...BANDS.map((b) => ({
                    value: b.band,
                    label: (
                      <Group gap={6} wrap="nowrap" justify="center" aria-label={`${b.label}: ${counts[b.band]}`}>
                        <span className={classes.dot} style={{ background: `var(--mantine-color-${b.color}-filled)` }} />
                        <span>{b.label}</span>
                        <Text span size="xs" c="dimmed" fw={600}>
                          {counts[b.band]}
                        </Text>
                      </Group>
                    ),
                  })),
                ]}
              />
              <SegmentedControl
                aria-label="Amount sign"
                value={s.sign}
                onChange={(v) => {
                  if (isSign(v)) s.signChosen(v);
                }}
                data={[
                  { value: 'all', label: 'All' },
                  { value: 'in', label: 'Money in' },
                  { value: 'out', label: 'Money out' },
                ]}
              />
            </Group>
            <Text size="xs" c="dimmed" visibleFrom="lg">
              <Kbd size="xs">J</Kbd> <Kbd size="xs">K</Kbd> move · <Kbd size="xs">A</Kbd> accept · <Kbd size="xs">R</Kbd> reject · <Kbd size="xs">U</Kbd> undo
              {queuedHere > 0 ? ` · ${queuedHere} queued` : ''}
            </Text>
          </Group>
          <Grid gap="md" align="flex-start">
            <Grid.Col span={{ base: 12, md: 6, lg: 6 }}>
              <Card padding={0}>
                {visible.length === 0 ? (
                  <Text size="sm" c="dimmed" ta="center" p="lg">
                    No line matches these filters.
                  </Text>
                ) : (
                  <LineList lines={visible} selectedId={s.selectedId} rejected={s.rejected} skipped={s.skipped} queued={s.queued} onSelect={s.lineSelected} />
                )}
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6, lg: 6 }}>
              {selected ? (
                <LineDetail
                  line={selected}
                  rejected={s.rejected[selected.statementLineId] ?? []}
                  skipped={s.skipped[selected.statementLineId] === true}
                  queuedOutboxId={s.queued[selected.statementLineId]}
                  onAccept={(i) => void acceptSelected(i)}
                  onReject={(i) => rejectSelected(i)}
                />
              ) : (
                <Card padding="lg">
                  <Text size="sm" c="dimmed" ta="center">
                    Select a line to see its proposals.
                  </Text>
                </Card>
              )}
            </Grid.Col>
          </Grid>
        </>
      )}
      {hasLines && isDemo && (
        <Card padding="sm">
          <Group justify="space-between" gap="sm">
            <Text size="sm" c="dimmed">
              These lines come from the demo company: practise freely, then reset it or connect your own Odoo.
            </Text>
            <DemoActions size="xs" />
          </Group>
        </Card>
      )}
      <Text size="xs" c="dimmed" ta="center">
        Your decisions are stored locally first and reach Odoo when you are back online.
      </Text>
      <BulkAcceptModal count={bulkCount} busy={bulkBusy} onClose={() => setBulkCount(null)} onConfirm={() => void onBulkConfirm()} />
    </PageContainer>
  );
}
