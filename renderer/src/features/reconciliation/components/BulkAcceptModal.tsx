import { Button, Group, Modal, Text } from '@mantine/core';
import { bandInfo, type Band } from '../lines';

type Props = { count: number | null; band: Band; title: string; busy: boolean; onClose(): void; onConfirm(): void };

export function BulkAcceptModal({ count, band, title, busy, onClose, onConfirm }: Props) {
  const n = count ?? 0;
  const what = band === 'auto' ? 'at 99.5 % confidence or more' : `in the ${bandInfo(band).label} band`;
  return (
    <Modal opened={count !== null} onClose={onClose} title={title} centered>
      <Text size="sm">
        {n === 0
          ? `No line of the current filter has a proposal ${what}.`
          : `Accept the best proposal of ${n} line${n === 1 ? '' : 's'} ${what}? They are queued for Odoo and can be undone with U until you push.`}
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
