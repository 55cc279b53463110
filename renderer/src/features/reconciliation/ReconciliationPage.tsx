import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Badge, Button, Card, Center, EmptyState, Grid, Group, Kbd, Loader, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowsExchange, IconChecks, IconFileImport, IconScale, IconSend, IconSparkles, IconTargetArrow } from '@tabler/icons-react';
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
import { acceptBand, acceptManually, acceptMarked, acceptSelected, bandLines, bulkBand, bulkTitle, markedLines, pushAccepted, rejectSelected } from './actions';
import { BalancePanel } from './components/BalancePanel';
import { BandsPanel } from './components/BandsPanel';
import { BulkAcceptModal } from './components/BulkAcceptModal';
import { FilterBar } from './components/FilterBar';
import { LineDetail } from './components/LineDetail';
import { LineList } from './components/LineList';
import { ManualSearch } from './components/ManualSearch';
import { RulesPanel } from './components/RulesPanel';
import { SplitEditor } from './components/SplitEditor';
import { ImportModal } from './import/ImportModal';
import { useImportStore } from './import/import.store';
import { StatementDrop } from './import/StatementDrop';
import { filterLines, openProposals, type Band } from './lines';
import { refreshLookups, useLookupsStore } from './lookups.store';
import { refreshLines, useReconciliationStore, type Panel } from './reconciliation.store';
import { useReconciliationFeed } from './useReconciliationFeed';
import { useReconciliationHotkeys } from './useReconciliationHotkeys';

const DESCRIPTION =
  'Match bank statement lines to invoices, bills and payments. Smart Odoo proposes the matches; you accept, adjust or reject them — offline too. Drop a statement file anywhere to import it.';

function Welcome({ onImport }: { onImport(): void }) {
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
              Once an Odoo database (or the demo company) is connected, unreconciled statement lines appear here with their best match proposals. Import a
              bank statement with <Kbd size="xs">I</Kbd> or by dropping the file; <Kbd size="xs">?</Kbd> lists the shortcuts.
            </>
          }
        >
          <Group gap="sm" justify="center">
            <EmptyStateActions />
            <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={onImport}>
              Import statement
            </Button>
          </Group>
        </EmptyState>
      </Card>
      <ConnectGuide />
    </>
  );
}

const isPanel = (v: string | null): v is Panel => v === 'review' || v === 'bands' || v === 'rules' || v === 'balance';

export function ReconciliationPage() {
  useReconciliationFeed();
  const s = useReconciliationStore();
  const synced = useSyncStore((st) => st.status?.lastSyncAt !== null && st.status?.lastSyncAt !== undefined);
  const isDemo = useAppInfoStore((st) => st.info?.connection.kind === 'demo');
  const pending = useOutboxStore((st) => st.counts.pending + st.counts.applying);
  const journals = useLookupsStore((st) => st.journals);
  const importing = useImportStore((st) => st.step !== 'closed');
  const [pushJobId, setPushJobId] = useState<string | null>(null);
  const pushing = useJobsStore((st) => {
    const j = pushJobId ? st.byId[pushJobId] : undefined;
    return j !== undefined && isActive(j);
  });
  // the push job's end: reconciled lines leave the list, imported ones arrive
  useEffect(() => {
    if (pushJobId && !pushing) void refreshLines();
  }, [pushJobId, pushing]);
  useEffect(() => {
    void refreshLookups();
  }, []);
  const [bulk, setBulk] = useState<{ band: Band; count: number } | null>(null);
  const [bulkBusy, setBulkBusy] = useState(false);
  const filterRef = useRef<HTMLInputElement>(null);
  const openFilePicker = useRef<() => void>(null);
  const sheetOpen = useShortcutsStore((st) => st.sheetOpen);

  const { visible, counts } = useMemo(
    () => filterLines(s.lines, s, { query: s.query, band: s.band, sign: s.sign, status: s.status }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [s.lines, s.rejected, s.queued, s.query, s.band, s.sign, s.status],
  );
  const selected = s.lines.find((l) => l.statementLineId === s.selectedId) ?? null;
  const hasLines = s.lines.length > 0;
  const filtered = Object.keys(s.server).length > 0;
  const dialogOpen = bulk !== null || sheetOpen || importing || s.searchOpen || s.editor !== null;
  const markedCount = Object.keys(s.marked).length;
  const multiJournal = new Set(s.lines.map((l) => l.journalId)).size > 1;

  const askBulk = () => {
    const band = bulkBand();
    setBulk({ band, count: bandLines(band).length });
  };
  const openImport = () => openFilePicker.current?.();

  useReconciliationHotkeys({
    disabled: !hasLines || dialogOpen || s.panel !== 'review',
    importDisabled: dialogOpen,
    focusFilter: () => filterRef.current?.focus(),
    askBulkAccept: askBulk,
    openImport,
  });

  const onPush = async () => {
    const id = await pushAccepted();
    if (id) setPushJobId(id);
  };

  const onBulkConfirm = async () => {
    if (!bulk) return;
    setBulkBusy(true);
    const n = await acceptBand(bulk.band);
    setBulkBusy(false);
    setBulk(null);
    if (n > 0) notifications.show({ color: 'green', title: `${n} line${n === 1 ? '' : 's'} queued`, message: 'Push now to reconcile them in Odoo, or press U to undo.' });
  };

  const queuedHere = Object.keys(s.queued).length;
  const editorLine = s.editor ? s.lines.find((l) => l.statementLineId === s.editor!.statementLineId) : undefined;

  const review = (
    <Stack gap="md">
      {s.loadError && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="The bank lines could not be read">
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
      ) : !hasLines && !synced && !filtered ? (
        <Welcome onImport={openImport} />
      ) : !hasLines && !filtered ? (
        <Card padding="xl">
          <EmptyState
            variant="light"
            size="lg"
            icon={<IconChecks size={28} stroke={1.6} />}
            title="All bank lines are reconciled"
            description="New statement lines appear here after the next sync or statement import."
          >
            <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={openImport}>
              Import statement
            </Button>
          </EmptyState>
        </Card>
      ) : (
        <>
          <Group justify="space-between" gap="sm" wrap="wrap" align="flex-end">
            <FilterBar searchRef={filterRef} counts={counts} />
            <Stack gap={2} align="flex-end">
              {markedCount > 0 && (
                <Group gap="xs">
                  <Badge variant="light">{markedCount} marked</Badge>
                  <Button size="compact-xs" onClick={() => void acceptMarked()} disabled={markedLines().length === 0}>
                    Accept marked <Kbd size="xs" ml={6}>⇧A</Kbd>
                  </Button>
                  <Button size="compact-xs" variant="subtle" onClick={s.marksCleared}>
                    Clear
                  </Button>
                </Group>
              )}
              <Text size="xs" c="dimmed" visibleFrom="lg">
                <Kbd size="xs">J</Kbd> <Kbd size="xs">K</Kbd> move · <Kbd size="xs">A</Kbd> accept · <Kbd size="xs">R</Kbd> reject · <Kbd size="xs">E</Kbd> allocate ·{' '}
                <Kbd size="xs">/</Kbd> search · <Kbd size="xs">X</Kbd> mark · <Kbd size="xs">U</Kbd> undo
                {queuedHere > 0 ? ` · ${queuedHere} queued` : ''}
              </Text>
            </Stack>
          </Group>
          <Grid gap="md" align="flex-start">
            <Grid.Col span={{ base: 12, md: 6, lg: 6 }}>
              <Card padding={0}>
                {visible.length === 0 ? (
                  <Text size="sm" c="dimmed" ta="center" p="lg">
                    {s.loading ? 'Loading…' : 'No line matches these filters.'}
                  </Text>
                ) : (
                  <LineList
                    lines={visible}
                    selectedId={s.selectedId}
                    rejected={s.rejected}
                    queued={s.queued}
                    marked={s.marked}
                    showJournal={multiJournal}
                    onSelect={s.lineSelected}
                    onToggleMark={s.markToggled}
                  />
                )}
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6, lg: 6 }}>
              {selected ? (
                <LineDetail
                  line={selected}
                  rejected={s.rejected[selected.statementLineId] ?? []}
                  queuedOutboxId={s.queued[selected.statementLineId]}
                  onAccept={(i) => void acceptSelected(i)}
                  onReject={(i) => void rejectSelected(i)}
                  onEdit={(p) =>
                    s.editorOpened({ statementLineId: selected.statementLineId, items: p?.items ?? [], ...(p?.partnerId !== undefined ? { partnerId: p.partnerId } : {}) })
                  }
                  onSearch={() => s.searchOpened(true)}
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
    </Stack>
  );

  return (
    <PageContainer label="Reconciliation">
      <PageHeader
        title="Bank reconciliation"
        description={DESCRIPTION}
        actions={
          <Group gap="xs">
            <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={openImport}>
              Import statement
            </Button>
            {hasLines && (
              <Button variant="default" leftSection={<IconChecks size={16} />} onClick={askBulk}>
                {bulkTitle(bulkBand()).replace(/^Accept the /, 'Accept ')}
              </Button>
            )}
            <Button leftSection={<IconSend size={16} />} onClick={() => void onPush()} loading={pushing} disabled={pending === 0}>
              Push now{pending > 0 ? ` (${pending})` : ''}
            </Button>
          </Group>
        }
      />

      <Tabs value={s.panel} onChange={(v) => isPanel(v) && s.panelChosen(v)} keepMounted={false}>
        <Tabs.List aria-label="Reconciliation views">
          <Tabs.Tab value="review" leftSection={<IconArrowsExchange size={16} />}>
            Review
          </Tabs.Tab>
          <Tabs.Tab value="bands" leftSection={<IconTargetArrow size={16} />}>
            Confidence bands
          </Tabs.Tab>
          <Tabs.Tab value="rules" leftSection={<IconSparkles size={16} />}>
            Learned rules
          </Tabs.Tab>
          <Tabs.Tab value="balance" leftSection={<IconScale size={16} />}>
            Balance check
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="review" pt="md">
          {review}
        </Tabs.Panel>
        <Tabs.Panel value="bands" pt="md">
          <BandsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="rules" pt="md">
          <RulesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="balance" pt="md">
          <BalancePanel />
        </Tabs.Panel>
      </Tabs>

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
      <StatementDrop active={!dialogOpen || importing} openRef={openFilePicker} />
      <ImportModal journals={journals} onPush={() => void onPush()} />
      <BulkAcceptModal
        count={bulk?.count ?? null}
        band={bulk?.band ?? 'auto'}
        title={bulkTitle(bulk?.band ?? 'auto')}
        busy={bulkBusy}
        onClose={() => setBulk(null)}
        onConfirm={() => void onBulkConfirm()}
      />
      <ManualSearch
        line={selected}
        opened={s.searchOpen && s.editor === null}
        action="Allocate"
        onClose={() => s.searchOpened(false)}
        onPick={(items) => {
          if (!selected) return;
          const top = openProposals(selected, s.rejected[selected.statementLineId])[0]?.proposal;
          s.editorOpened({ statementLineId: selected.statementLineId, items, ...(top?.partnerId !== undefined && !items.some((i) => i.partnerId) ? { partnerId: top.partnerId } : {}) });
        }}
      />
      {s.editor && editorLine && (
        <SplitEditor
          key={s.editor.statementLineId}
          line={editorLine}
          items={s.editor.items}
          partnerId={s.editor.partnerId}
          onClose={() => s.editorOpened(null)}
          onAccept={(manual) => acceptManually(editorLine.statementLineId, manual)}
        />
      )}
    </PageContainer>
  );
}
