import { Alert, Badge, Card, Group, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconX } from '@tabler/icons-react';
import { cents, formatMoney } from '../lines';
import { loadBalance, type JournalBalance } from '../reconciliation.api';
import { JournalsPanel } from './JournalsPanel';
import classes from './Reconciliation.module.css';
import { useLoad } from './useLoad';

function JournalCard({ j }: { j: JournalBalance }) {
  const bad = j.periods.filter((p) => !p.ok).length;
  const m = (v: number) => formatMoney(v);
  return (
    <Card padding="md" withBorder aria-label={`Balance of ${j.journalName}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <Title order={4} size="h5">
              {j.journalName}
            </Title>
            <Badge size="sm" variant="default">
              {j.currency}
            </Badge>
            {bad > 0 ? (
              <Badge size="sm" color="red" variant="light" leftSection={<IconX size={10} />}>
                {bad} period{bad === 1 ? '' : 's'} off
              </Badge>
            ) : (
              <Badge size="sm" color="teal" variant="light" leftSection={<IconCheck size={10} />}>
                every period balances
              </Badge>
            )}
          </Group>
          <Group gap="md">
            <Text size="sm">
              Statement lines <b>{formatMoney(j.cacheBalance, j.currency)}</b>
            </Text>
            <Text size="sm">
              Odoo journal <b>{j.odooBalance === null ? '—' : formatMoney(j.odooBalance, j.currency)}</b>
            </Text>
            {j.agrees === null ? (
              <Badge size="sm" color="gray" variant="light">
                Odoo balance unknown
              </Badge>
            ) : j.agrees ? (
              <Badge size="sm" color="teal" variant="light" aria-label="Odoo agrees">
                Odoo agrees
              </Badge>
            ) : (
              <Badge size="sm" color="red" variant="filled" aria-label="Odoo disagrees">
                Odoo differs by {formatMoney(j.cacheBalance - (j.odooBalance ?? 0))}
              </Badge>
            )}
          </Group>
        </Group>
        {j.periods.length === 0 ? (
          <Text size="sm" c="dimmed">
            No statement line yet.
          </Text>
        ) : (
          <ScrollArea.Autosize mah={360} type="auto">
            <Table fz="sm" verticalSpacing={4} stickyHeader aria-label={`Periods of ${j.journalName}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Period</Table.Th>
                  <Table.Th ta="right">Opening</Table.Th>
                  <Table.Th ta="right">+ Lines</Table.Th>
                  <Table.Th ta="right">= Closing</Table.Th>
                  <Table.Th ta="right">Bank says</Table.Th>
                  <Table.Th ta="right">Difference</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...j.periods].reverse().map((p) => (
                  <Table.Tr key={p.period} className={p.ok ? undefined : classes.balanceBad} aria-label={`${p.period}${p.ok ? '' : ' (off)'}`}>
                    <Table.Td>
                      {p.period}
                      <Text span size="xs" c="dimmed">
                        {' '}
                        · {p.lines} line{p.lines === 1 ? '' : 's'}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{m(p.opening)}</Table.Td>
                    <Table.Td ta="right">{m(p.movements)}</Table.Td>
                    <Table.Td ta="right">{m(p.closing)}</Table.Td>
                    <Table.Td ta="right">{p.statementClosing !== undefined ? m(p.statementClosing) : '—'}</Table.Td>
                    <Table.Td ta="right" fw={cents(p.difference) !== 0 ? 700 : undefined} c={cents(p.difference) !== 0 ? 'red' : undefined}>
                      {m(p.difference)}
                    </Table.Td>
                    <Table.Td>{p.ok ? <IconCheck size={16} color="var(--mantine-color-teal-6)" /> : <IconX size={16} color="var(--mantine-color-red-6)" />}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        )}
      </Stack>
    </Card>
  );
}

/** Per journal and month: opening + lines = closing (against the bank's own closing balance), and Odoo's journal balance. */
export function BalancePanel() {
  const load = useLoad(() => loadBalance(), 'balance');
  return (
    <JournalsPanel load={load} loadingLabel="Loading the balance check" errorTitle="The balance check failed">
      {(journals) => {
        const problems = journals.filter((j) => j.agrees === false || j.periods.some((p) => !p.ok));
        return (
          <>
            {problems.length > 0 ? (
              <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={`${problems.length} journal${problems.length === 1 ? ' does' : 's do'} not balance`}>
                A period is off when its opening balance plus its lines does not give the bank’s closing balance: a line is missing, doubled or wrong. Import
                the missing statement or correct the line in Odoo.
              </Alert>
            ) : (
              <Text size="sm" c="dimmed">
                Each month: opening balance + statement lines = closing balance, checked against the bank’s closing balance and Odoo’s journal balance.
              </Text>
            )}
            {journals.map((j) => (
              <JournalCard key={j.journalId} j={j} />
            ))}
          </>
        );
      }}
    </JournalsPanel>
  );
}
