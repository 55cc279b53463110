import '@mantine/dropzone/styles.css';
import type { Ref } from 'react';
import { Group, Stack, Text } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { IconFileImport, IconFileX } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { MAX_FILE_BYTES, openStatementFile } from './import.store';

type Props = {
  /** the overlay listens while the Reconciliation page is shown and no other dialog is open */
  active: boolean;
  /** filled with a function that opens the file picker (the "Import statement" button and `i`) */
  openRef: Ref<() => void>;
};

/** The full-window drop overlay for bank statement files, and the file picker behind the import button. */
export function StatementDrop({ active, openRef }: Props) {
  const onDrop = (files: File[]) => {
    const [file, ...rest] = files;
    if (!file) return;
    if (rest.length > 0) notifications.show({ color: 'gray', title: 'One file at a time', message: `Importing ${file.name}; drop the others after it.` });
    void openStatementFile(file);
  };
  return (
    <Dropzone.FullScreen
      active={active}
      openRef={openRef}
      onDrop={onDrop}
      onReject={(r) => notifications.show({ color: 'red', title: 'File not accepted', message: r[0]?.errors[0]?.message ?? 'Not a statement file.' })}
      maxSize={MAX_FILE_BYTES}
      multiple={false}
      inputProps={{ 'aria-label': 'Bank statement file' }}
      aria-label="Drop a bank statement"
    >
      <Group justify="center" gap="xl" mih={240} style={{ pointerEvents: 'none' }}>
        <Dropzone.Accept>
          <IconFileImport size={56} stroke={1.4} color="var(--mantine-primary-color-filled)" />
        </Dropzone.Accept>
        <Dropzone.Reject>
          <IconFileX size={56} stroke={1.4} color="var(--mantine-color-red-6)" />
        </Dropzone.Reject>
        <Dropzone.Idle>
          <IconFileImport size={56} stroke={1.4} />
        </Dropzone.Idle>
        <Stack gap={4}>
          <Text size="xl" fw={650}>
            Drop a bank statement to import it
          </Text>
          <Text size="sm" c="dimmed">
            CAMT.052/053/054, OFX/QFX, MT940/942, QIF, CSV or XLSX. You see a preview before anything is imported.
          </Text>
        </Stack>
      </Group>
    </Dropzone.FullScreen>
  );
}
