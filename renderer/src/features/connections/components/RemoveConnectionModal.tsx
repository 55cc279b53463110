import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { Connection } from '../../../../../core/contract';

type Props = { connection: Connection | null; busy: boolean; onClose(): void; onConfirm(): void };

export function RemoveConnectionModal({ connection, busy, onClose, onConfirm }: Props) {
  return (
    <Modal opened={connection !== null} onClose={onClose} title={<Text fw={650}>Remove this connection?</Text>} size="md">
      <Stack gap="md">
        <Text size="sm">
          <b>{connection?.label}</b> and its stored API key are removed from this computer. Your data in Odoo is not touched.
          {connection?.active ? ' The demo company becomes the active connection again.' : ''}
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} loading={busy}>
            Remove connection
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
