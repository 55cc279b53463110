import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { OutboxItem } from '../../../../../core/contract';

type Props = { item: OutboxItem | null; busy: boolean; onClose(): void; onConfirm(): void };

export function DiscardModal({ item, busy, onClose, onConfirm }: Props) {
  return (
    <Modal opened={item !== null} onClose={onClose} title={<Text fw={650}>Discard this change?</Text>} size="md">
      <Stack gap="md">
        <Text size="sm" fw={500}>
          {item?.summary}
        </Text>
        <Text size="sm" c="dimmed">
          It will not be sent to Odoo. It stays in the Discarded list for the record, but cannot be sent again.
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} loading={busy} data-autofocus>
            Discard change
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
