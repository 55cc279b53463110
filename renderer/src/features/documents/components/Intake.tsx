import '@mantine/dropzone/styles.css';
import { useState } from 'react';
import { Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { IconFileUpload, IconUpload, IconX } from '@tabler/icons-react';
import { navigate, useRouteStore } from '../../../app/route.store';
import type { RouteId } from '../../../app/routes';
import { addFiles } from '../actions';
import { filesFromEvent, SUPPORTED_TYPES } from '../intake';

/** Pages that take file drops themselves (bank statements on Reconciliation): the window-wide target stays off there. */
const PAGES_WITH_OWN_DROPS: ReadonlySet<RouteId> = new Set(['reconciliation']);

const ACCEPT_INPUT = [...new Set(Object.values(SUPPORTED_TYPES).flat())].join(',');

type Props = { compact?: boolean };

/**
 * The Documents drop zone and file picker (Enter or Space opens the picker when it has focus). Folders dropped
 * here are walked; the files are screened and queued.
 */
export function IntakeDropzone({ compact = false }: Props) {
  const [busy, setBusy] = useState(false);
  const onFiles = async (files: File[]) => {
    setBusy(true);
    try {
      await addFiles(files);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dropzone
      onDrop={(files) => void onFiles(files)}
      getFilesFromEvent={filesFromEvent}
      loading={busy}
      // a dropped folder has no type while dragging: screening happens after the drop (addFiles)
      inputProps={{ accept: ACCEPT_INPUT, 'aria-label': 'Choose invoice files' }}
      aria-label="Drop invoices here or choose files"
      // Enter / Space open the file picker here, not the field editor
      data-owns-keys
      p={compact ? 'sm' : 'xl'}
    >
      <Group justify="center" gap="sm" wrap="nowrap" mih={compact ? 40 : 120} style={{ pointerEvents: 'none' }}>
        <Dropzone.Accept>
          <IconUpload size={compact ? 22 : 40} stroke={1.5} color="var(--mantine-primary-color-filled)" />
        </Dropzone.Accept>
        <Dropzone.Reject>
          <IconX size={compact ? 22 : 40} stroke={1.5} color="var(--mantine-color-red-6)" />
        </Dropzone.Reject>
        <Dropzone.Idle>
          <ThemeIcon variant="light" size={compact ? 32 : 56} radius="xl">
            <IconFileUpload size={compact ? 18 : 30} stroke={1.5} />
          </ThemeIcon>
        </Dropzone.Idle>
        <Stack gap={2}>
          <Text size={compact ? 'sm' : 'lg'} fw={600}>
            {compact ? 'Drop invoices or a folder' : 'Drop invoices, scans or a whole folder here'}
          </Text>
          <Text size="xs" c="dimmed">
            {compact ? 'or click to choose · PDF, PNG, JPG, TIFF, XML' : 'or click to choose files · PDF, PNG, JPG, TIFF and e-invoice XML, up to 50 MB each'}
          </Text>
        </Stack>
      </Group>
    </Dropzone>
  );
}

/**
 * A drop anywhere in the window queues the files on the Documents page (and opens it). Off on pages that
 * handle their own drops.
 */
export function GlobalDropTarget() {
  const route = useRouteStore((s) => s.route);
  const [busy, setBusy] = useState(false);
  return (
    <Dropzone.FullScreen
      active={!PAGES_WITH_OWN_DROPS.has(route) && !busy}
      onDrop={(files) => {
        setBusy(true);
        navigate('documents');
        void addFiles(files).finally(() => setBusy(false));
      }}
      getFilesFromEvent={filesFromEvent}
      inputProps={{ 'aria-label': 'Drop invoices anywhere' }}
      aria-label="Drop to add invoices"
    >
      <Group justify="center" gap="md" mih="60vh" style={{ pointerEvents: 'none' }}>
        <IconFileUpload size={52} stroke={1.4} />
        <Stack gap={4}>
          <Text size="xl" fw={650}>
            Drop to add invoices
          </Text>
          <Text size="sm" c="dimmed">
            PDFs, scans, e-invoices or a folder — they are queued on the Documents page.
          </Text>
        </Stack>
      </Group>
    </Dropzone.FullScreen>
  );
}
