import { Badge, Card, Center, Group, Loader, SegmentedControl, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { Role } from '../../../../core/contract';
import { PageContainer } from '../../shared/ui/PageContainer';
import { PageHeader } from '../../shared/ui/PageHeader';
import { useSettingsStore } from '../settings/settings.store';
import { saveDashboardRole } from './dashboards.api';
import { ROLES } from './roles';

const isRole = (x: string): x is Role => ROLES.some((r) => r.id === x);

export function DashboardsPage() {
  const role = useSettingsStore((s) => s.settings?.dashboardRole ?? null);
  const def = ROLES.find((r) => r.id === role);

  return (
    <PageContainer label="Dashboards">
      <PageHeader
        title="Dashboards"
        description="One view per role, built from the local cache so it opens instantly — even offline."
        actions={
          <SegmentedControl
            aria-label="Dashboard role"
            value={role ?? ''}
            disabled={role === null}
            onChange={(v) => {
              if (isRole(v)) void saveDashboardRole(v);
            }}
            data={ROLES.map((r) => ({
              value: r.id,
              label: (
                <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
                  <r.icon size={16} stroke={1.7} aria-hidden />
                  {r.label}
                </span>
              ),
            }))}
          />
        }
      />
      {!def ? (
        <Center py="xl">
          <Loader size="sm" aria-label="Loading dashboard" />
        </Center>
      ) : (
        <Stack gap="md" role="region" aria-label={`${def.label} dashboard`}>
          <Group gap="sm" align="center">
            <ThemeIcon variant="light" size={36} radius="md">
              <def.icon size={20} stroke={1.7} />
            </ThemeIcon>
            <div>
              <Title order={3}>{def.label} dashboard</Title>
              <Text size="sm" c="dimmed">
                {def.audience}
              </Text>
            </div>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            {def.panels.map((p) => (
              <Card key={p.title} padding="lg" aria-label={p.title}>
                <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
                  <Group gap="sm" wrap="nowrap">
                    <ThemeIcon variant="default" size={30} radius="md">
                      <p.icon size={17} stroke={1.7} />
                    </ThemeIcon>
                    <Text fw={600}>{p.title}</Text>
                  </Group>
                  <Badge variant="dot" color="gray" size="sm">
                    Needs data
                  </Badge>
                </Group>
                <Text size="sm" c="dimmed">
                  {p.body}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            These panels fill in once Odoo or the demo company is connected. Nothing here is sample data.
          </Text>
        </Stack>
      )}
    </PageContainer>
  );
}
