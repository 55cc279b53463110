import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';

type Props = { opened: boolean; busy: boolean; onClose(): void; onConfirm(): void };

export function ResetDemoModal({ opened, busy, onClose, onConfirm }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>Reset the demo data?</Text>} size="md">
      <Stack gap="md">
        <Text size="sm">The demo company is generated again from scratch, as on the first start, and synced again.</Text>
        <List size="sm" spacing={4}>
          <List.Item>Everything you changed in the demo company is lost.</List.Item>
          <List.Item>Your own Odoo connections are not touched.</List.Item>
        </List>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} loading={busy}>
            Reset demo data
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
