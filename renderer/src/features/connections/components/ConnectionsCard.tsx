import { useEffect, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Card, Group, Menu, Paper, Skeleton, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDots, IconFlask, IconKey, IconPencil, IconPlayerPlay, IconPlugConnected, IconPlus, IconShieldCheck, IconTrash } from '@tabler/icons-react';
import type { Connection } from '../../../../../core/contract';
import { useRouteStore } from '../../../app/route.store';
import { refreshAppInfo, useAppInfoStore } from '../../app-info/app-info.store';
import { activateConnection, removeConnection, type ConnectionsList } from '../connections.api';
import { refreshConnections, useConnectionsStore } from '../connections.store';
import { ConnectionForm } from './ConnectionForm';
import { RemoveConnectionModal } from './RemoveConnectionModal';

const VAULT_LABEL: Record<ConnectionsList['vault']['backend'], string> = {
  'safe-storage': "your operating system's secure storage",
  'os-keyring': "your operating system's keyring",
  'encrypted-file': 'an encrypted file in the data directory',
  memory: 'memory only (forgotten when the app closes)',
};

const PROTOCOL_LABEL: Record<Connection['protocol'], string> = { auto: 'Automatic', jsonrpc: 'JSON-RPC', json2: 'JSON-2' };

/** Settings → Connections: the saved Odoo databases, which one is active, and where their keys are kept. */
export function ConnectionsCard() {
  const connections = useConnectionsStore((s) => s.connections);
  const vault = useConnectionsStore((s) => s.vault);
  const loaded = useConnectionsStore((s) => s.loaded);
  const loadError = useConnectionsStore((s) => s.loadError);
  const editor = useConnectionsStore((s) => s.editor);
  const storeOk = useAppInfoStore((s) => s.info?.store.state === 'ok');
  const [removing, setRemoving] = useState<Connection | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    if (storeOk) void refreshConnections();
  }, [storeOk]);
  // leaving Settings closes an open form (it would reopen on the next visit otherwise)
  useEffect(
    () => () => {
      if (useRouteStore.getState().route !== 'settings') useConnectionsStore.getState().editorClosed();
    },
    [],
  );

  const after = async () => {
    await Promise.all([refreshConnections(), refreshAppInfo()]);
  };

  const onActivate = async (c: Connection) => {
    setBusy(c.id);
    try {
      await activateConnection(c.id);
      await after();
      notifications.show({ color: 'teal', title: 'Connection changed', message: `Now working with ${c.kind === 'demo' ? 'the demo company' : c.label}.` });
    } catch {
      // reported by the client
    } finally {
      setBusy(null);
    }
  };

  const onRemove = async () => {
    const c = removing;
    if (!c) return;
    setBusy(c.id);
    try {
      await removeConnection(c.id);
      setRemoving(null);
      await after();
    } catch {
      // reported by the client
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card padding="lg" aria-label="Connections" id="connections">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <IconPlugConnected size={20} stroke={1.6} style={{ marginTop: 2 }} />
            <div>
              <Title order={3}>Connections</Title>
              <Text size="sm" c="dimmed">
                The Odoo databases Smart Odoo works with. One is active at a time; its data is what you see.
              </Text>
            </div>
          </Group>
          <Button
            leftSection={<IconPlus size={16} />}
            variant="light"
            disabled={!storeOk}
            onClick={() => useConnectionsStore.getState().editorOpened({ mode: 'add' })}
          >
            Add connection
          </Button>
        </Group>

        {!storeOk ? (
          <Text size="sm" c="dimmed">
            Available once the local database below is healthy again.
          </Text>
        ) : loadError ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
            {loadError}
          </Alert>
        ) : !loaded ? (
          <Skeleton h={80} />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing={8} horizontalSpacing="sm" aria-label="Saved connections" fz="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Connection</Table.Th>
                  <Table.Th>Database</Table.Th>
                  <Table.Th>Login</Table.Th>
                  <Table.Th>Protocol</Table.Th>
                  <Table.Th>Odoo</Table.Th>
                  <Table.Th>Key</Table.Th>
                  <Table.Th w={150} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {connections.map((c) => (
                  <Table.Tr key={c.id} aria-label={c.label}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={600}>
                          {c.label}
                        </Text>
                        {c.kind === 'demo' && (
                          <Badge size="xs" color="orange" variant="light" leftSection={<IconFlask size={10} />}>
                            Demo
                          </Badge>
                        )}
                        {c.active && (
                          <Badge size="xs" color="teal" variant="filled">
                            Active
                          </Badge>
                        )}
                      </Group>
                      <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
                        {c.kind === 'demo' ? 'built-in simulator' : c.url}
                      </Text>
                    </Table.Td>
                    <Table.Td>{c.db ?? <Text span c="dimmed" size="sm">default</Text>}</Table.Td>
                    <Table.Td>{c.login}</Table.Td>
                    <Table.Td>{PROTOCOL_LABEL[c.protocol]}</Table.Td>
                    <Table.Td>{c.serverVersion ?? <Text span c="dimmed" size="sm">not yet known</Text>}</Table.Td>
                    <Table.Td>
                      {c.kind === 'demo' ? (
                        <Text span size="sm" c="dimmed">
                          not needed
                        </Text>
                      ) : c.hasCredential ? (
                        <Tooltip label="Stored in the vault; never shown">
                          <Badge size="xs" variant="light" color="gray" leftSection={<IconKey size={10} />}>
                            Stored
                          </Badge>
                        </Tooltip>
                      ) : (
                        <Badge size="xs" variant="light" color="red">
                          Missing
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {!c.active && (
                          <Button size="compact-xs" variant="light" leftSection={<IconPlayerPlay size={12} />} loading={busy === c.id} onClick={() => void onActivate(c)}>
                            Activate
                          </Button>
                        )}
                        {c.kind !== 'demo' && (
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${c.label}`}>
                                <IconDots size={16} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => useConnectionsStore.getState().editorOpened({ mode: 'edit', connection: c })}>
                                Edit
                              </Menu.Item>
                              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setRemoving(c)}>
                                Remove…
                              </Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}

        {vault && (
          <div role="note" aria-label="Credential storage">
            {vault.warning ? (
              <Paper withBorder p="sm" radius="md">
                <Group gap="sm" wrap="nowrap" align="flex-start">
                  <IconAlertTriangle size={18} color="var(--mantine-color-yellow-6)" style={{ flexShrink: 0, marginTop: 1 }} />
                  <div>
                    <Text size="sm" fw={600}>
                      API keys are kept in {VAULT_LABEL[vault.backend]}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {vault.warning}
                    </Text>
                  </div>
                </Group>
              </Paper>
            ) : (
              <Group gap={6}>
                <IconShieldCheck size={16} color="var(--mantine-color-teal-6)" />
                <Text size="xs" c="dimmed">
                  API keys are kept in {VAULT_LABEL[vault.backend]}
                  {vault.secure ? '' : ' (not encrypted by the OS)'}; this window never sees them.
                </Text>
              </Group>
            )}
          </div>
        )}
      </Stack>
      {editor.mode !== 'closed' && (
        <ConnectionForm
          editing={editor.mode === 'edit' ? editor.connection : null}
          onClose={() => useConnectionsStore.getState().editorClosed()}
          onSaved={(c) => {
            useConnectionsStore.getState().editorClosed();
            notifications.show({ color: 'teal', title: 'Connection saved', message: `${c.label} is now the active connection. Sync to fill the cache.` });
            void after();
          }}
        />
      )}
      <RemoveConnectionModal connection={removing} busy={removing !== null && busy === removing.id} onClose={() => setRemoving(null)} onConfirm={() => void onRemove()} />
    </Card>
  );
}
