import { Button, Group, Modal, Text } from '@mantine/core';

type Props = { count: number | null; busy: boolean; onClose(): void; onConfirm(): void };

export function BulkAcceptModal({ count, busy, onClose, onConfirm }: Props) {
  const n = count ?? 0;
  return (
    <Modal opened={count !== null} onClose={onClose} title="Accept the auto band" centered>
      <Text size="sm">
        {n === 0
          ? 'No line of the current filter has a proposal at 99.5 % confidence or more.'
          : `Accept the best proposal of ${n} line${n === 1 ? '' : 's'} at 99.5 % confidence or more? They are queued for Odoo and can be undone with U until you push.`}
      </Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={onConfirm} loading={busy} disabled={n === 0} data-autofocus>
          Accept {n} line{n === 1 ? '' : 's'}
        </Button>
      </Group>
    </Modal>
  );
}
