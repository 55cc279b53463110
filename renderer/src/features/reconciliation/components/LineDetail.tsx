import { Badge, Button, Card, Divider, Group, Kbd, List, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconClockHour4, IconX } from '@tabler/icons-react';
import { formatAmount, openProposals, type IndexedProposal } from '../lines';
import type { StatementLine } from '../reconciliation.api';
import { ConfidenceBadge } from './ConfidenceBadge';

type Props = {
  line: StatementLine;
  rejected: number[];
  skipped: boolean;
  queuedOutboxId: number | undefined;
  onAccept(index: number): void;
  onReject(index: number): void;
};

const KIND: Record<IndexedProposal['proposal']['kind'], string> = { full: 'Full match', partial: 'Partial match', 'partner-only': 'Partner only' };

function ProposalCard({ item, top, queued, onAccept, onReject }: { item: IndexedProposal; top: boolean; queued: boolean; onAccept(): void; onReject(): void }) {
  const p = item.proposal;
  return (
    <Card withBorder padding="sm" aria-label={top ? 'Top proposal' : `Alternative ${item.index + 1}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Text fw={650} size="sm">
              {top ? 'Best match' : 'Alternative'} · {KIND[p.kind]}
            </Text>
            <ConfidenceBadge confidence={p.confidence} />
          </Group>
          {!queued && (
            <Group gap={6} wrap="nowrap">
              <Button size="xs" variant="default" leftSection={<IconX size={14} />} onClick={onReject}>
                Reject{top && <Kbd size="xs" ml={6}>R</Kbd>}
              </Button>
              <Button size="xs" leftSection={<IconCheck size={14} />} onClick={onAccept}>
                Accept{top && <Kbd size="xs" ml={6}>A</Kbd>}
              </Button>
            </Group>
          )}
        </Group>
        <Group gap="lg">
          <Text size="xs" c="dimmed">
            Move lines: <Text span ff="monospace" size="xs" c="var(--mantine-color-text)">{p.moveLineIds.length ? p.moveLineIds.map((id) => `#${id}`).join(', ') : '—'}</Text>
          </Text>
          <Text size="xs" c="dimmed">
            Partner: <Text span size="xs" c="var(--mantine-color-text)">{p.partnerId !== undefined ? `#${p.partnerId}` : '—'}</Text>
          </Text>
          {p.writeOff && (
            <Text size="xs" c="dimmed">
              Write-off: <Text span size="xs" c="var(--mantine-color-text)">{formatAmount(p.writeOff.amount)} ({p.writeOff.reason})</Text>
            </Text>
          )}
        </Group>
        <List size="sm" spacing={2} aria-label="Explanation">
          {p.explanation.map((e) => (
            <List.Item key={e}>{e}</List.Item>
          ))}
        </List>
      </Stack>
    </Card>
  );
}

/** The selected line: its best proposal, the alternatives, each with why it matches. */
export function LineDetail({ line, rejected, skipped, queuedOutboxId, onAccept, onReject }: Props) {
  const proposals = openProposals(line, rejected);
  const queued = queuedOutboxId !== undefined;
  return (
    <Card padding="lg" aria-label="Selected line">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Title order={3} size="h4" style={{ overflowWrap: 'anywhere' }}>
              {line.label}
            </Title>
            <Text size="sm" c="dimmed">
              {line.date} · statement line #{line.statementLineId}
            </Text>
          </Stack>
          <Text fw={700} size="xl" c={line.amount < 0 ? 'red' : 'teal'} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
            {formatAmount(line.amount)}
          </Text>
        </Group>
        {queued && (
          <Group gap="xs">
            <Badge color="brand" variant="light" leftSection={<IconClockHour4 size={12} />}>
              queued
            </Badge>
            <Text size="xs" c="dimmed">
              Waiting in the outbox (#{queuedOutboxId}); it reaches Odoo on the next push. <Kbd size="xs">U</Kbd> undoes the last acceptance.
            </Text>
          </Group>
        )}
        {skipped && !queued && (
          <Text size="xs" c="dimmed">
            You rejected {rejected.length} proposal{rejected.length === 1 ? '' : 's'} for this line.
          </Text>
        )}
        <Divider />
        {proposals.length === 0 ? (
          <Text size="sm" c="dimmed">
            No match proposed. Reconcile this line in Odoo, or import the invoice or payment it belongs to.
          </Text>
        ) : (
          proposals.map((item, i) => (
            <ProposalCard key={item.index} item={item} top={i === 0} queued={queued} onAccept={() => onAccept(item.index)} onReject={() => onReject(item.index)} />
          ))
        )}
      </Stack>
    </Card>
  );
}
