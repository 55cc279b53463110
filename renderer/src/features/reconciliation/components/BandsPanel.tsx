import { useState } from 'react';
import { Badge, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBolt } from '@tabler/icons-react';
import { bandOf, bandInfo, formatPercent } from '../lines';
import { loadBands, setAutoAccept, type JournalBands } from '../reconciliation.api';
import { JournalsPanel } from './JournalsPanel';
import { useLoad } from './useLoad';

const THRESHOLDS = [
  { value: 'off', label: 'Off (review everything)' },
  { value: '0.999', label: '≥ 99.9 %' },
  { value: '0.995', label: '≥ 99.5 %' },
  { value: '0.99', label: '≥ 99 %' },
  { value: '0.98', label: '≥ 98 %' },
  { value: '0.95', label: '≥ 95 %' },
  { value: '0.9', label: '≥ 90 %' },
];

const range = (min: number, max: number) => `${Math.round(min * 1000) / 10}–${max >= 1 ? '100' : Math.round(max * 1000) / 10} %`;

function JournalCard({ j, onChanged }: { j: JournalBands; onChanged(next: JournalBands): void }) {
  const [busy, setBusy] = useState(false);
  const value = j.autoAcceptMin === null ? 'off' : (THRESHOLDS.find((t) => Number(t.value) === j.autoAcceptMin)?.value ?? String(j.autoAcceptMin));
  const data = THRESHOLDS.some((t) => t.value === value) ? THRESHOLDS : [...THRESHOLDS, { value, label: `≥ ${formatPercent(j.autoAcceptMin)}` }];
  // what auto-accept at the chosen threshold would have done on past decisions
  const above = j.autoAcceptMin === null ? [] : j.bands.filter((b) => b.min >= j.autoAcceptMin! - 1e-9);
  const dec = above.reduce((s, b) => s + b.decisions, 0);
  const ok = above.reduce((s, b) => s + b.correct, 0);
  const open = above.reduce((s, b) => s + b.openLines, 0);
  const change = async (v: string | null) => {
    if (!v) return;
    setBusy(true);
    try {
      const next = await setAutoAccept(j.journalId, v === 'off' ? null : Number(v));
      onChanged(next);
      notifications.show({
        color: 'green',
        title: next.autoAcceptMin === null ? `Auto-accept off for ${j.journalName}` : `Auto-accept at ${formatPercent(next.autoAcceptMin)} for ${j.journalName}`,
        message: next.autoAcceptMin === null ? 'Every proposal waits for you.' : 'Proposals at or above it are accepted after each sync and import.',
      });
    } catch {
      // reported by the client
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card padding="md" withBorder aria-label={`Bands of ${j.journalName}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Title order={4} size="h5">
            {j.journalName}
          </Title>
          <Select
            label="Auto-accept"
            aria-label={`Auto-accept threshold for ${j.journalName}`}
            leftSection={<IconBolt size={14} />}
            data={data}
            value={value}
            onChange={(v) => void change(v)}
            allowDeselect={false}
            disabled={busy}
            w={220}
          />
        </Group>
        <Table fz="sm" verticalSpacing={4} aria-label={`Confidence bands of ${j.journalName}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Confidence</Table.Th>
              <Table.Th ta="right">Past decisions</Table.Th>
              <Table.Th ta="right">Right</Table.Th>
              <Table.Th ta="right">Measured precision</Table.Th>
              <Table.Th ta="right">Open lines now</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...j.bands].reverse().map((b) => {
              const info = bandInfo(bandOf(b.min));
              const auto = j.autoAcceptMin !== null && b.min >= j.autoAcceptMin - 1e-9;
              return (
                <Table.Tr key={b.min} bg={auto ? 'var(--mantine-color-green-light)' : undefined}>
                  <Table.Td>
                    <Group gap={6}>
                      <Badge size="sm" variant="light" color={info.color}>
                        {range(b.min, b.max)}
                      </Badge>
                      {auto && (
                        <Text size="xs" c="green">
                          auto
                        </Text>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right" title={`${b.bySource.history} from reconciled history, ${b.bySource.user} yours`}>
                    {b.decisions}
                  </Table.Td>
                  <Table.Td ta="right">{b.correct}</Table.Td>
                  <Table.Td ta="right" fw={600} c={b.precision !== null && b.precision < 0.95 ? 'orange' : undefined}>
                    {formatPercent(b.precision)}
                  </Table.Td>
                  <Table.Td ta="right">{b.openLines}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        {j.autoAcceptMin !== null && (
          <Text size="xs" c="dimmed">
            At this threshold: {open} open line{open === 1 ? '' : 's'} would be accepted; on past decisions {dec > 0 ? `${formatPercent(ok / dec)} were right (${ok} of ${dec})` : 'nothing to measure yet'}.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** Per journal: each confidence band's measured precision from past decisions, and the auto-accept threshold. */
export function BandsPanel() {
  const load = useLoad(() => loadBands(), 'bands');
  return (
    <JournalsPanel load={load} loadingLabel="Loading the confidence bands" errorTitle="The confidence bands could not be computed">
      {(journals) => (
        <>
          <Text size="sm" c="dimmed">
            Precision is measured on the journal’s past decisions: reconciled history and the proposals you accepted or rejected. Turn auto-accept on only where
            the band’s precision is what you need.
          </Text>
          {journals.map((j) => (
            <JournalCard key={j.journalId} j={j} onChanged={(next) => load.set({ journals: journals.map((x) => (x.journalId === next.journalId ? next : x)) })} />
          ))}
        </>
      )}
    </JournalsPanel>
  );
}
