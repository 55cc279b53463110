import { Alert, Badge, Button, Center, Group, Loader, SegmentedControl, SimpleGrid, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconPrinter, IconRefresh } from '@tabler/icons-react';
import type { Role, Widget } from '../../../../core/contract';
import { formatDateTime, formatRelative } from '../../shared/format/format';
import { useNow } from '../../shared/hooks/useNow';
import { PageContainer } from '../../shared/ui/PageContainer';
import { PageHeader } from '../../shared/ui/PageHeader';
import { useSettingsStore } from '../settings/settings.store';
import { DrillDrawer } from './components/DrillDrawer';
import { WidgetCard } from './components/WidgetCard';
import { canPrintInApp, printPdf, saveDashboardRole } from './dashboards.api';
import { downloadBase64 } from './figures';
import './dashboards-print.css';
import { openDrill, refreshDashboard, useDashboardsStore } from './dashboards.store';
import { isRole, ROLES } from './roles';
import { useDashboardFeed } from './useDashboardFeed';

/** "Export to PDF": Electron's printToPDF in the desktop app (saved as a file); the browser's print elsewhere. */
async function printDashboard(role: Role | null): Promise<void> {
  if (!role) return;
  if (!canPrintInApp()) {
    window.print();
    return;
  }
  try {
    const r = await printPdf(role);
    downloadBase64(r.fileName, r.contentBase64, 'application/pdf');
  } catch {
    // reported by the client
  }
}

export function DashboardsPage() {
  const role = useSettingsStore((s) => s.settings?.dashboardRole ?? null);
  const locale = useSettingsStore((s) => s.settings?.locale ?? 'en-US');
  const slot = useDashboardsStore((s) => (role ? s.byRole[role] : undefined));
  const now = useNow(30_000);
  useDashboardFeed(role);
  const def = ROLES.find((r) => r.id === role);
  const d = slot?.data && slot.data.role === role ? slot.data : null;
  const drill = (w: Widget, key: string, label: string) => role && void openDrill(role, w.id, key, `${w.title}: ${label}`);

  return (
    <PageContainer label="Dashboards">
      <PageHeader
        title="Dashboards"
        description={def ? def.audience : 'One view per role, computed from the local cache — even offline.'}
        actions={
          <Group gap="sm" data-print-hide>
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
            <Tooltip label="Recompute from the local cache">
              <Button variant="default" leftSection={<IconRefresh size={16} />} loading={slot?.loading && Boolean(d)} onClick={() => role && void refreshDashboard(role)} disabled={!role}>
                Refresh
              </Button>
            </Tooltip>
            <Button variant="default" leftSection={<IconPrinter size={16} />} onClick={() => void printDashboard(role)} disabled={!d}>
              Export to PDF
            </Button>
          </Group>
        }
      />
      {!def ? (
        <Center py="xl">
          <Loader size="sm" aria-label="Loading dashboard" />
        </Center>
      ) : (
        <Stack gap="md" role="region" aria-label={`${def.label} dashboard`} aria-busy={slot?.loading ?? true}>
          <Group gap="sm" align="center" wrap="wrap">
            <Text size="sm" c="dimmed" data-testid="dashboard-synced">
              {d
                ? d.lastSyncedAt
                  ? `Last synced ${formatRelative(d.lastSyncedAt, now, locale) ?? ''} (${formatDateTime(d.lastSyncedAt, locale)})`
                  : 'Not synced yet: figures fill in after the first sync.'
                : ' '}
            </Text>
            {d?.demo && (
              <Badge color="grape" variant="light" data-testid="demo-badge">
                Demo data
              </Badge>
            )}
            {d && (
              <Text size="sm" c="dimmed">
                Amounts in {d.currency} · as of {d.asOf}
              </Text>
            )}
          </Group>
          {slot?.error && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="The dashboard could not be computed">
              {slot.error}
            </Alert>
          )}
          {!d && !slot?.error ? (
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" aria-label="Loading dashboard">
              {Array.from({ length: 4 }, (_, i) => (
                <Skeleton key={i} h={260} radius="md" />
              ))}
            </SimpleGrid>
          ) : d ? (
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              {d.widgets.map((w) => (
                <WidgetCard key={w.id} widget={w} role={d.role} locale={locale} currency={d.currency} onDrill={drill} />
              ))}
            </SimpleGrid>
          ) : null}
        </Stack>
      )}
      <DrillDrawer locale={locale} currency={d?.currency ?? 'EUR'} />
    </PageContainer>
  );
}
