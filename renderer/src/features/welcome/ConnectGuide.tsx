import { Anchor, Card, Code, Group, List, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconDatabase, IconFlask, IconKey, IconShieldLock, IconUser, IconWorld } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useAppInfoStore } from '../app-info/app-info.store';
import { openConnections } from '../demo/openConnections';

type Step = { icon: ReactNode; title: string; body: ReactNode };

const STEPS: Step[] = [
  {
    icon: <IconWorld size={18} stroke={1.7} />,
    title: 'Odoo address',
    body: (
      <>
        The URL you open Odoo with, e.g. <Code>https://yourcompany.odoo.com</Code>. Odoo 16 and later are supported.
      </>
    ),
  },
  {
    icon: <IconDatabase size={18} stroke={1.7} />,
    title: 'Database',
    body: <>The database name. On Odoo Online it is usually the subdomain; self-hosted, ask your administrator.</>,
  },
  {
    icon: <IconUser size={18} stroke={1.7} />,
    title: 'Login',
    body: <>The e-mail or user name you sign in with. Smart Odoo acts with your own access rights.</>,
  },
  {
    icon: <IconKey size={18} stroke={1.7} />,
    title: 'API key',
    body: (
      <>
        In Odoo, open your avatar → <b>Preferences</b> → <b>Account Security</b> → <b>New API Key</b>. Copy it once; Odoo
        will not show it again.
      </>
    ),
  },
];

/** How to connect an Odoo database; on the demo company, what the demo is. */
export function ConnectGuide({ compact = false }: { compact?: boolean }) {
  const kind = useAppInfoStore((s) => s.info?.connection.kind ?? null);
  // connected to a real Odoo: nothing left to explain
  if (kind === 'odoo') return null;
  return (
    <Stack gap="md">
      <Card padding={compact ? 'md' : 'lg'} aria-label="How to connect Odoo">
        <Stack gap="md">
          <div>
            <Title order={3}>Connect your Odoo</Title>
            <Text size="sm" c="dimmed" mt={4}>
              You will need four things — have them ready before you connect:
            </Text>
          </div>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
            {STEPS.map((s, i) => (
              <Group key={s.title} align="flex-start" wrap="nowrap" gap="sm">
                <ThemeIcon variant="light" size={34} radius="md">
                  {s.icon}
                </ThemeIcon>
                <div>
                  <Text size="sm" fw={600}>
                    {i + 1}. {s.title}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {s.body}
                  </Text>
                </div>
              </Group>
            ))}
          </SimpleGrid>
          {!compact && (
            <List
              size="sm"
              spacing={4}
              c="dimmed"
              icon={
                <ThemeIcon size={18} radius="xl" variant="light" color="teal">
                  <IconShieldLock size={12} />
                </ThemeIcon>
              }
            >
              <List.Item>The API key is kept in your operating system's secure storage; this window never sees it.</List.Item>
              <List.Item>Nothing is written to Odoo until you approve it, and each change is applied exactly once.</List.Item>
            </List>
          )}
        </Stack>
      </Card>
      {kind === 'demo' && (
        <Paper withBorder p="md" radius="md" role="note" aria-label="Demo company" style={{ borderLeft: '3px solid var(--mantine-color-orange-5)' }}>
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <IconFlask size={18} color="var(--mantine-color-orange-6)" style={{ flexShrink: 0, marginTop: 2 }} />
            <div>
              <Text size="sm" fw={650}>
                You are exploring the demo company
              </Text>
              <Text size="sm" c="dimmed">
                A realistic company — bank statements, invoices, vendor bills, stock — served by Smart Odoo's built-in Odoo simulator.
                Try anything: nothing reaches a real Odoo. When you are ready, connect your own database in{' '}
                <Anchor
                  href="#/settings"
                  size="sm"
                  onClick={(e) => {
                    e.preventDefault();
                    openConnections();
                  }}
                >
                  Settings → Connections
                </Anchor>
                .
              </Text>
            </div>
          </Group>
        </Paper>
      )}
    </Stack>
  );
}
