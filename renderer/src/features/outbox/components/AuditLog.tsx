import { Table, Text } from '@mantine/core';
import { formatDateTime } from '../../../shared/format/format';
import { useSettingsStore } from '../../settings/settings.store';
import type { AuditEntry } from '../outbox.api';
import { kindLabel } from './states';

type Props = { entries: AuditEntry[]; cursor: number };

/** Every change applied to Odoo by this app: when, what, which records, through which connection and user. */
export function AuditLog({ entries, cursor }: Props) {
  const locale = useSettingsStore((s) => s.settings?.locale);
  if (entries.length === 0) {
    return (
      <Text size="sm" c="dimmed" p="md">
        Nothing has been written to Odoo from this app yet. Every applied change is recorded here.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing={6} horizontalSpacing="md" highlightOnHover aria-label="Audit log entries" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>What</Table.Th>
            <Table.Th>Odoo records</Table.Th>
            <Table.Th>Connection</Table.Th>
            <Table.Th>User</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e, i) => (
            <Table.Tr key={`${e.at}-${i}`} bg={i === cursor ? 'var(--mantine-color-default-hover)' : undefined}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at, locale)}</Table.Td>
              <Table.Td>
                <Text size="sm">{e.summary}</Text>
                <Text size="xs" c="dimmed">
                  {kindLabel(e.action)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace">
                  {e.targetModel ?? '—'}
                  {e.targetIds.length > 0 ? ` #${[...new Set(e.targetIds)].join(', #')}` : ''}
                </Text>
              </Table.Td>
              <Table.Td>{e.connection ?? '—'}</Table.Td>
              <Table.Td>{e.actor}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
