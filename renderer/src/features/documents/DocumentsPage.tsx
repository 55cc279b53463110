import { useEffect, useState } from 'react';
import { Alert, Button, Card, Center, Container, Group, Kbd, Loader, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconFileInvoice, IconPlugConnected, IconSend, IconUsers } from '@tabler/icons-react';
import { useShortcutsStore } from '../../app/shortcuts.store';
import { PageHeader } from '../../shared/ui/PageHeader';
import { isActive, useJobsStore } from '../jobs/jobs.store';
import { useAppInfoStore } from '../app-info/app-info.store';
import { DemoActions } from '../demo/DemoActions';
import { openConnections } from '../demo/openConnections';
import { ConnectGuide } from '../welcome/ConnectGuide';
import { draftBill, pushBills, refreshDocuments, remove } from './actions';
import { ConfirmModal, CreateVendorModal, type NewVendor } from './components/Dialogs';
import { DocumentQueue } from './components/DocumentQueue';
import { DocumentViewer } from './components/DocumentViewer';
import { IntakeDropzone } from './components/Intake';
import { ReviewPanel } from './components/ReviewPanel';
import { VendorsTable } from './components/VendorsTable';
import classes from './components/Documents.module.css';
import type { CreateBillInput, DocumentDetail } from './documents.api';
import { highlightRegion, useDocumentsStore } from './documents.store';
import { canDraft, FIELD_ORDER } from './fields';
import { useDocumentsFeed } from './useDocumentsFeed';
import { useDocumentsHotkeys } from './useDocumentsHotkeys';
import { useViewerStore } from './viewer.store';

const DESCRIPTION =
  'Turn vendor bills and receipts into draft bills: supplier, dates, amounts and lines are read locally, checked against Odoo, and wait for your review.';

type BillFlow = { id: number; step: 'vendor'; vendor: NewVendor } | { id: number; step: 'duplicate'; createVendor?: NewVendor };

function vendorFromDetail(d: DocumentDetail): NewVendor {
  const f = d.extraction?.fields;
  const v: NewVendor = { name: f?.vendorName?.value ?? '' };
  if (f?.vendorVat) v.vat = f.vendorVat.value;
  if (f?.vendorIban) v.iban = f.vendorIban.value;
  if (f?.vendorEmail) v.email = f.vendorEmail.value;
  return v;
}

export function DocumentsPage() {
  useDocumentsFeed();
  const s = useDocumentsStore();
  const sheetOpen = useShortcutsStore((st) => st.sheetOpen);
  const connectionKind = useAppInfoStore((st) => st.info?.connection.kind ?? null);
  const [flow, setFlow] = useState<BillFlow | null>(null);
  const [busy, setBusy] = useState(false);
  const [removeId, setRemoveId] = useState<number | null>(null);
  const [pushJobId, setPushJobId] = useState<string | null>(null);
  const pushing = useJobsStore((st) => {
    const j = pushJobId ? st.byId[pushJobId] : undefined;
    return j !== undefined && isActive(j);
  });
  const { reset, zoomed, pageTurned } = useViewerStore.getState();

  const selected = s.docs.find((d) => d.id === s.selectedId) ?? null;
  const detail = s.detail && s.detail.summary.id === s.selectedId ? s.detail : null;
  const pendingBills = s.docs.filter((d) => d.billOutboxId !== undefined && (d.billState === 'pending' || d.billState === 'applying')).length;
  const highlight = highlightRegion(detail, FIELD_ORDER, s);

  // a new document starts on its first page at fit-width
  const selectedId = s.selectedId;
  useEffect(() => {
    reset(1);
  }, [selectedId, reset]);

  // the end of a push: bills move from queued to in Odoo
  useEffect(() => {
    if (pushJobId && !pushing) void refreshDocuments();
  }, [pushJobId, pushing]);

  const submitBill = async (input: CreateBillInput) => {
    setBusy(true);
    const r = await draftBill(input);
    setBusy(false);
    if (r.ok) {
      setFlow(null);
      notifications.show({ color: 'teal', title: 'Draft bill queued', message: 'It reaches Odoo with the file attached on the next push.' });
      return;
    }
    if (r.code.includes('duplicate') && !input.force) {
      setFlow({ id: input.id, step: 'duplicate', ...(input.createVendor ? { createVendor: input.createVendor } : {}) });
      return;
    }
    setFlow(null);
    notifications.show({ color: 'red', title: 'The draft bill was not created', message: r.message, autoClose: false });
  };

  const requestBill = () => {
    const d = useDocumentsStore.getState().detail;
    if (!d || d.summary.id !== useDocumentsStore.getState().selectedId) return;
    if (!canDraft(d.summary)) {
      if (d.summary.billOutboxId !== undefined) notifications.show({ color: 'gray', title: 'Already drafted', message: 'This document already has a draft bill.' });
      return;
    }
    if (d.vendor.partnerId === undefined) setFlow({ id: d.summary.id, step: 'vendor', vendor: vendorFromDetail(d) });
    else if (d.duplicates.length > 0) setFlow({ id: d.summary.id, step: 'duplicate' });
    else void submitBill({ id: d.summary.id });
  };

  const onPush = async () => {
    const id = await pushBills();
    if (id) setPushJobId(id);
  };

  useDocumentsHotkeys({
    disabled: s.tab !== 'queue' || sheetOpen || flow !== null || removeId !== null || s.docs.length === 0,
    createBill: requestBill,
    askRemove: () => {
      const id = useDocumentsStore.getState().selectedId;
      if (id !== null) setRemoveId(id);
    },
    zoom: zoomed,
    page: pageTurned,
  });

  const removing = removeId !== null ? s.docs.find((d) => d.id === removeId) : undefined;

  return (
    <Container fluid py="lg" px="md" component="section" aria-label="Documents">
      <Stack gap="md">
        <PageHeader
          title="Documents"
          description={DESCRIPTION}
          actions={
            pendingBills > 0 && (
              <Button leftSection={<IconSend size={16} />} loading={pushing} onClick={() => void onPush()}>
                Push {pendingBills} bill{pendingBills === 1 ? '' : 's'} to Odoo
              </Button>
            )
          }
        />
        <Tabs value={s.tab} onChange={(v) => s.tabChosen(v === 'vendors' ? 'vendors' : 'queue')} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="queue" leftSection={<IconFileInvoice size={16} />}>
              Queue{s.docs.length > 0 ? ` (${s.docs.length})` : ''}
            </Tabs.Tab>
            <Tabs.Tab value="vendors" leftSection={<IconUsers size={16} />}>
              Vendors
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="queue" pt="md">
            {s.loadError && (
              <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="The queue could not be read" mb="md">
                <Group gap="sm">
                  <Text size="sm">{s.loadError}</Text>
                  <Button size="xs" variant="light" color="red" onClick={() => void refreshDocuments()}>
                    Try again
                  </Button>
                </Group>
              </Alert>
            )}
            {!s.loaded ? (
              <Center py="xl">
                <Loader size="sm" aria-label="Loading documents" />
              </Center>
            ) : s.docs.length === 0 ? (
              <Stack gap="md" maw={880}>
                <IntakeDropzone />
                <Text size="sm" c="dimmed">
                  Each document is read on this computer (PDF text, OCR for scans, e-invoice XML), matched to its vendor and
                  purchase order, and waits for your review. Nothing reaches Odoo until you create the draft bill. Press{' '}
                  <Kbd size="xs">?</Kbd> for the keyboard shortcuts.
                </Text>
                {connectionKind === 'demo' && <DemoActions />}
                {connectionKind === 'none' && (
                  <Group justify="center">
                    <Button leftSection={<IconPlugConnected size={16} />} onClick={() => openConnections({ add: true })}>
                      Connect your Odoo
                    </Button>
                  </Group>
                )}
                <ConnectGuide compact />
              </Stack>
            ) : (
              <div className={classes.workbench}>
                <Stack gap="sm">
                  <IntakeDropzone compact />
                  <Card padding={0}>
                    <DocumentQueue docs={s.docs} selectedId={s.selectedId} checked={s.checked} onSelect={s.selected} onToggleChecked={s.toggledChecked} onRemove={setRemoveId} />
                  </Card>
                  <Text size="xs" c="dimmed">
                    <Kbd size="xs">J</Kbd> <Kbd size="xs">K</Kbd> move · <Kbd size="xs">X</Kbd> select · <Kbd size="xs">Shift</Kbd>+<Kbd size="xs">B</Kbd> bills for the
                    selected
                    {Object.keys(s.checked).length > 0 ? ` · ${Object.keys(s.checked).length} selected` : ''}
                  </Text>
                </Stack>
                {selected ? (
                  <>
                    <DocumentViewer docId={selected.id} highlight={highlight} picking={s.editing !== null} />
                    <div className={classes.side}>
                      <ReviewPanel
                        summary={selected}
                        detail={detail}
                        detailError={s.detailError}
                        onCreateBill={requestBill}
                        onCreateVendor={() => detail && setFlow({ id: detail.summary.id, step: 'vendor', vendor: vendorFromDetail(detail) })}
                        onPush={() => void onPush()}
                        pushing={pushing}
                        onOpenDocument={s.selected}
                      />
                    </div>
                  </>
                ) : (
                  <Card padding="lg">
                    <Text size="sm" c="dimmed" ta="center">
                      Select a document to review it.
                    </Text>
                  </Card>
                )}
              </div>
            )}
          </Tabs.Panel>
          <Tabs.Panel value="vendors" pt="md">
            <VendorsTable />
          </Tabs.Panel>
        </Tabs>
      </Stack>
      <CreateVendorModal
        initial={flow?.step === 'vendor' ? flow.vendor : null}
        busy={busy}
        onClose={() => setFlow(null)}
        onConfirm={(vendor) => {
          if (!flow) return;
          if (detail && detail.duplicates.length > 0) setFlow({ id: flow.id, step: 'duplicate', createVendor: vendor });
          else void submitBill({ id: flow.id, createVendor: vendor });
        }}
      />
      <ConfirmModal
        opened={flow?.step === 'duplicate'}
        title="Create the bill anyway?"
        body="This document looks like a bill that already exists (same vendor and number, or same vendor, date and amount). Create another draft bill anyway?"
        confirmLabel="Create anyway"
        color="orange"
        busy={busy}
        onClose={() => setFlow(null)}
        onConfirm={() => {
          if (flow?.step !== 'duplicate') return;
          void submitBill({ id: flow.id, force: true, ...(flow.createVendor ? { createVendor: flow.createVendor } : {}) });
        }}
      />
      <ConfirmModal
        opened={removeId !== null}
        title="Remove this document?"
        body={`${removing?.fileName ?? 'The document'} and its file leave the queue. Corrections you made stay in the vendor's template${removing?.billOutboxId !== undefined ? '; its draft bill is not affected' : ''}.`}
        confirmLabel="Remove"
        color="red"
        onClose={() => setRemoveId(null)}
        onConfirm={() => {
          if (removeId !== null) void remove(removeId);
          setRemoveId(null);
        }}
      />
    </Container>
  );
}
