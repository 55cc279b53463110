import { useState } from 'react';
import { ActionIcon, Alert, Badge, Card, Group, Menu, Popover, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCurrencyOff, IconDots, IconFileSpreadsheet, IconInfoCircle, IconLock, IconMoodEmpty } from '@tabler/icons-react';
import type { Kpi, Role, Widget } from '../../../../../core/contract';
import { exportWidget } from '../dashboards.api';
import { downloadBase64, formatFigure } from '../figures';
import { WidgetChart } from './WidgetChart';
import { WidgetTable } from './WidgetTable';

type Props = { widget: Widget; role: Role; locale: string; currency: string; onDrill: (widget: Widget, key: string, label: string) => void };

const TONE: Record<Kpi['tone'], string | undefined> = { default: undefined, warning: 'orange', danger: 'red' };
const STATUS_ICON = { empty: IconMoodEmpty, 'no-access': IconLock, 'no-rates': IconCurrencyOff, error: IconAlertTriangle } as const;
const STATUS_COLOR = { empty: 'gray', 'no-access': 'yellow', 'no-rates': 'orange', error: 'red' } as const;
const STATUS_LABEL = { empty: 'No data', 'no-access': 'No access', 'no-rates': 'No rates', error: 'Error' } as const;

function KpiButton({ k, locale, onDrill }: { k: Kpi; locale: string; onDrill: () => void }) {
  const value = formatFigure(k.value, k.format, locale, k.currency);
  const body = (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lh={1.3}>
        {k.label}
      </Text>
      <Text fz={22} fw={700} c={TONE[k.tone]} style={{ fontVariantNumeric: 'tabular-nums' }} lh={1.25}>
        {value}
      </Text>
      {k.hint && (
        <Text size="xs" c="dimmed" lineClamp={1}>
          {k.hint}
        </Text>
      )}
    </Stack>
  );
  if (!k.drill) return <div data-kpi={k.key}>{body}</div>;
  return (
    <UnstyledButton onClick={onDrill} data-kpi={k.key} aria-label={`${k.label}: ${value}. Show the records`} style={{ borderRadius: 6 }} className="dashboard-kpi">
      {body}
    </UnstyledButton>
  );
}

/** One dashboard widget: its figures, chart and table, or a plain sentence saying why it has none. */
export function WidgetCard({ widget: w, role, locale, currency, onDrill }: Props) {
  const [exporting, setExporting] = useState(false);
  const canExport = w.status === 'ok' && Boolean(w.table || w.chart || w.kpis);
  const doExport = async () => {
    setExporting(true);
    try {
      const r = await exportWidget(role, w.id);
      downloadBase64(r.fileName, r.contentBase64, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      notifications.show({ color: 'green', title: 'Exported', message: `${r.fileName} (${r.rows} rows)` });
    } catch {
      // reported by the client
    } finally {
      setExporting(false);
    }
  };
  const Icon = w.status !== 'ok' ? STATUS_ICON[w.status] : null;
  return (
    <Card padding="md" withBorder aria-label={w.title} data-widget={w.id} data-status={w.status} className="dashboard-widget" style={{ breakInside: 'avoid' }}>
      <Group justify="space-between" wrap="nowrap" mb="xs" gap="xs">
        <Group gap={6} wrap="nowrap" miw={0}>
          <Text fw={600} truncate>
            {w.title}
          </Text>
          <Popover width={320} position="bottom" withArrow shadow="md">
            <Popover.Target>
              <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`How “${w.title}” is computed`} data-print-hide>
                <IconInfoCircle size={16} />
              </ActionIcon>
            </Popover.Target>
            <Popover.Dropdown>
              <Text size="sm">{w.help}</Text>
            </Popover.Dropdown>
          </Popover>
        </Group>
        <Group gap={4} wrap="nowrap">
          {w.status !== 'ok' && (
            <Badge variant="light" color={STATUS_COLOR[w.status]} size="sm">
              {STATUS_LABEL[w.status]}
            </Badge>
          )}
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`${w.title} actions`} loading={exporting} data-print-hide>
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconFileSpreadsheet size={16} />} disabled={!canExport} onClick={() => void doExport()}>
                Export to Excel
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      {Icon && w.status !== 'ok' ? (
        <Alert variant="light" color={STATUS_COLOR[w.status]} icon={<Icon size={18} />} role="status">
          {w.message}
        </Alert>
      ) : (
        <Stack gap="sm">
          {w.kpis && w.kpis.length > 0 && (
            <SimpleGrid cols={{ base: 2, xs: w.kpis.length > 3 ? 2 : w.kpis.length }} spacing="sm">
              {w.kpis.map((k) => (
                <KpiButton key={k.key} k={k} locale={locale} onDrill={() => onDrill(w, k.key, k.label)} />
              ))}
            </SimpleGrid>
          )}
          {w.chart && w.chart.data.length > 0 && <WidgetChart chart={w.chart} locale={locale} currency={currency} label={`${w.title} chart`} onDrill={(key, label) => onDrill(w, key, label)} />}
          {w.table && w.table.rows.length > 0 && <WidgetTable table={w.table} locale={locale} currency={currency} label={`${w.title} table`} onDrill={(key, label) => onDrill(w, key, label)} />}
          {w.message && (
            <Text size="xs" c="dimmed">
              {w.message}
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}
