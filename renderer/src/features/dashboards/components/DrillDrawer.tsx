import { Anchor, Drawer, Group, ScrollArea, Skeleton, Stack, Table, Text, Alert } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { useDashboardsStore } from '../dashboards.store';
import { cellCurrency, formatFigure } from '../figures';

const numeric = (f: string) => f !== 'text' && f !== 'date';

/** The records behind a figure, each linked to the same record in Odoo's web client. */
export function DrillDrawer({ locale, currency }: { locale: string; currency: string }) {
  const drill = useDashboardsStore((s) => s.drill);
  const close = useDashboardsStore((s) => s.drillClosed);
  const d = drill?.data ?? null;
  return (
    <Drawer opened={drill !== null} onClose={close} position="right" size="xl" title={<Text fw={600}>{d?.title ?? drill?.title ?? ''}</Text>} aria-label="Records behind the figure">
      {drill?.loading && (
        <Stack gap="xs" aria-label="Loading records">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} h={22} />
          ))}
        </Stack>
      )}
      {drill?.error && (
        <Alert color="red" variant="light">
          {drill.error}
        </Alert>
      )}
      {d && (
        <Stack gap="sm">
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {d.total === 0 ? 'No records.' : d.rows.length < d.total ? `First ${d.rows.length} of ${d.total} records` : `${d.total} record${d.total === 1 ? '' : 's'}`} · {d.model}
            </Text>
            {d.linkNote && (
              <Text size="xs" c="dimmed">
                {d.linkNote}
              </Text>
            )}
          </Group>
          <ScrollArea type="auto" offsetScrollbars>
            <Table striped highlightOnHover fz="sm" verticalSpacing={4} aria-label="Drill-down records" stickyHeader>
              <Table.Thead>
                <Table.Tr>
                  {d.columns.map((c) => (
                    <Table.Th key={c.key} style={{ textAlign: numeric(c.format) ? 'right' : 'left', whiteSpace: 'nowrap' }}>
                      {c.label}
                    </Table.Th>
                  ))}
                  <Table.Th aria-label="Open in Odoo" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.rows.map((r) => (
                  <Table.Tr key={r.id} data-record-id={r.id}>
                    {d.columns.map((c) => (
                      <Table.Td key={c.key} style={{ textAlign: numeric(c.format) ? 'right' : 'left', whiteSpace: numeric(c.format) || c.format === 'date' ? 'nowrap' : undefined, fontVariantNumeric: 'tabular-nums' }}>
                        {formatFigure(r[c.key], c.format, locale, cellCurrency(c, r, currency))}
                      </Table.Td>
                    ))}
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {r.odooUrl ? (
                        <Anchor href={r.odooUrl} target="_blank" rel="noreferrer" size="sm">
                          <Group gap={4} wrap="nowrap">
                            Open in Odoo <IconExternalLink size={14} />
                          </Group>
                        </Anchor>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </Stack>
      )}
    </Drawer>
  );
}
