import { useState } from 'react';
import { Alert, Badge, Button, Center, Group, Loader, ScrollArea, Select, Stack, Switch, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCloudUpload, IconSparkles } from '@tabler/icons-react';
import { formatPercent } from '../lines';
import { useLookupsStore } from '../lookups.store';
import { exportRule, loadRules, mineRules, setRuleEnabled, type Rule } from '../reconciliation.api';
import { useLoad } from './useLoad';

const STATE_COLOR: Record<Rule['state'], string> = { candidate: 'gray', enabled: 'green', disabled: 'orange' };

function target(r: Rule): string {
  if (r.kind === 'label-partner') return r.partnerName ?? (r.partnerId !== undefined ? `partner ${r.partnerId}` : '—');
  const acc = r.accountName ?? (r.accountId !== undefined ? `account ${r.accountId}` : '—');
  return r.taxName ? `${acc} · ${r.taxName}` : acc;
}

/** Learned rules per journal: mine candidates, see each one's back-test, enable or disable it, export it to Odoo. */
export function RulesPanel() {
  const journals = useLookupsStore((s) => s.journals);
  const [journalId, setJournalId] = useState<number | null>(null);
  const { data, error, loading, reload, set } = useLoad(() => loadRules(journalId ?? undefined), String(journalId));
  const [busy, setBusy] = useState<string | null>(null);
  const rules = data?.rules ?? [];
  const journalName = (id: number) => journals.find((j) => j.id === id)?.name ?? `journal ${id}`;

  const replace = (next: Rule) => set({ rules: rules.map((r) => (r.id === next.id ? next : r)) });
  const mine = async () => {
    const ids = journalId !== null ? [journalId] : journals.map((j) => j.id);
    if (ids.length === 0) return;
    setBusy('mine');
    try {
      let created = 0;
      let updated = 0;
      for (const id of ids) {
        const r = await mineRules(id);
        created += r.created;
        updated += r.updated;
      }
      notifications.show({
        color: 'green',
        title: `${created} new rule${created === 1 ? '' : 's'}${ids.length === 1 ? ` for ${journalName(ids[0]!)}` : ''}`,
        message: `${updated} updated. Check each back-test before enabling it.`,
      });
      reload();
    } catch {
      // reported by the client
    } finally {
      setBusy(null);
    }
  };
  const toggle = async (r: Rule, enabled: boolean) => {
    setBusy(`rule-${r.id}`);
    try {
      replace(await setRuleEnabled(r.id, enabled));
    } catch {
      // reported by the client
    } finally {
      setBusy(null);
    }
  };
  const exportIt = async (r: Rule) => {
    setBusy(`export-${r.id}`);
    try {
      const { outboxId } = await exportRule(r.id);
      notifications.show({ color: 'green', title: 'Export queued', message: `The rule becomes a reconciliation model in Odoo on the next push (outbox #${outboxId}).` });
      reload();
    } catch {
      // reported by the client
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Select
          label="Journal"
          aria-label="Rules of journal"
          placeholder="All journals"
          data={journals.map((j) => ({ value: String(j.id), label: j.name }))}
          value={journalId !== null ? String(journalId) : null}
          onChange={(v) => setJournalId(v ? Number(v) : null)}
          clearable
          w={240}
        />
        <Button leftSection={<IconSparkles size={16} />} onClick={() => void mine()} loading={busy === 'mine'} disabled={journals.length === 0}>
          Mine rules{journalId !== null ? '' : ' for every journal'}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Rules are mined from your accepted and corrected decisions and back-tested on the journal’s history: precision is how often the rule was right where it
        applied, coverage the share of lines it applies to. Enabled rules shape the proposals of new lines.
      </Text>
      {error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="The rules could not be read">
          {error}
        </Alert>
      )}
      {loading && !data ? (
        <Center py="xl">
          <Loader size="sm" aria-label="Loading the rules" />
        </Center>
      ) : rules.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" p="lg">
          No rule yet. Accept or correct a few proposals, then mine rules.
        </Text>
      ) : (
        <ScrollArea type="auto">
          <Table fz="sm" verticalSpacing={6} highlightOnHover aria-label="Learned rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rule</Table.Th>
                <Table.Th>Target</Table.Th>
                {journalId === null && <Table.Th>Journal</Table.Th>}
                <Table.Th ta="right">Support</Table.Th>
                <Table.Th ta="right">Precision</Table.Th>
                <Table.Th ta="right">Coverage</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.map((r) => (
                <Table.Tr key={r.id} aria-label={r.description}>
                  <Table.Td maw={320}>
                    <Text size="sm">{r.description}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {r.patternKind === 'regex' ? `/${r.pattern}/` : `“${r.pattern}”`}
                      {r.tolerance ? ` · tolerance ${r.tolerance.kind === 'percent' ? `${r.tolerance.value} %` : r.tolerance.value}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>{target(r)}</Table.Td>
                  {journalId === null && <Table.Td>{journalName(r.journalId)}</Table.Td>}
                  <Table.Td ta="right">{r.support}</Table.Td>
                  <Table.Td ta="right" fw={600} c={r.backtest.precision !== null && r.backtest.precision < 0.95 ? 'orange' : undefined}>
                    <Tooltip label={`${r.backtest.correct} right of ${r.backtest.matched} matched, on ${r.backtest.lines} lines`}>
                      <span>{formatPercent(r.backtest.precision)}</span>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td ta="right">{formatPercent(r.backtest.coverage)}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={STATE_COLOR[r.state]}>
                      {r.state}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap" justify="flex-end">
                      <Switch
                        size="sm"
                        aria-label={`Enable ${r.description}`}
                        checked={r.state === 'enabled'}
                        disabled={busy === `rule-${r.id}`}
                        onChange={(e) => void toggle(r, e.currentTarget.checked)}
                      />
                      <Tooltip label={r.exportedAt ? `Exported ${r.exportedAt.slice(0, 10)}${r.odooId ? ` (Odoo #${r.odooId})` : ''}` : 'Create it in Odoo as a reconciliation model'}>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          leftSection={<IconCloudUpload size={14} />}
                          onClick={() => void exportIt(r)}
                          loading={busy === `export-${r.id}`}
                          disabled={r.exportedAt !== undefined}
                        >
                          {r.exportedAt ? 'Exported' : 'Export'}
                        </Button>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Stack>
  );
}
