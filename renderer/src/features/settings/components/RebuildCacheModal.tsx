import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';

type Props = { opened: boolean; busy: boolean; path: string; onClose(): void; onConfirm(): void };

export function RebuildCacheModal({ opened, busy, path, onClose, onConfirm }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>Rebuild the local cache?</Text>} size="md">
      <Stack gap="md">
        <Text size="sm">Smart Odoo will start a fresh local cache and fill it again from Odoo on the next sync.</Text>
        <List size="sm" spacing={6}>
          <List.Item>
            The current file is <b>kept as a backup</b> next to it — it is moved aside, never deleted:
            <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
              {path}
            </Text>
          </List.Item>
          <List.Item>Your data in Odoo is not touched.</List.Item>
          <List.Item>Decisions not yet sent to Odoo stay in the backup file; support can recover them.</List.Item>
        </List>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} loading={busy}>
            Rebuild local cache
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
