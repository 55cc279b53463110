import { Badge, Button, Card, Divider, Group, Kbd, List, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconArrowBackUp, IconCheck, IconClockHour4, IconEdit, IconSearch, IconX } from '@tabler/icons-react';
import { formatAmount, formatMoney, openProposals, rejectedProposals, type IndexedProposal } from '../lines';
import type { Proposal, StatementLine } from '../reconciliation.api';
import { ConfidenceBadge } from './ConfidenceBadge';

type Props = {
  line: StatementLine;
  rejected: string[];
  queuedOutboxId: number | undefined;
  onAccept(index: number): void;
  onReject(index: number): void;
  onEdit(proposal: Proposal | undefined): void;
  onSearch(): void;
};

const KIND: Record<Proposal['kind'], string> = { full: 'Full match', partial: 'Partial match', 'partner-only': 'Partner only' };
const REASON: Record<string, string> = { 'bank-fee': 'bank fee', fx: 'exchange difference', discount: 'payment discount', rounding: 'rounding', rule: 'learned rule' };
const ACCOUNT_TYPE: Record<string, string> = { receivable: 'receivable', payable: 'payable', outstanding: 'payment', other: 'other' };

function Items({ p }: { p: Proposal }) {
  if (p.items.length === 0) return null;
  return (
    <Table fz="xs" verticalSpacing={2} horizontalSpacing="xs" aria-label="Items">
      <Table.Tbody>
        {p.items.map((it) => (
          <Table.Tr key={it.moveLineId}>
            <Table.Td fw={600} style={{ whiteSpace: 'nowrap' }}>
              {it.moveName}
            </Table.Td>
            <Table.Td>{it.partnerName ?? ''}</Table.Td>
            <Table.Td c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {it.dateMaturity ? `due ${it.dateMaturity}` : it.date}
            </Table.Td>
            <Table.Td c="dimmed">{ACCOUNT_TYPE[it.accountType] ?? it.accountType}</Table.Td>
            <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
              {formatMoney(it.residual, it.currency)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ProposalCard({
  item,
  top,
  queued,
  rejected,
  currency,
  onAccept,
  onReject,
}: {
  item: IndexedProposal;
  top: boolean;
  queued: boolean;
  rejected: boolean;
  currency: string;
  onAccept(): void;
  onReject(): void;
}) {
  const p = item.proposal;
  const canAccept = p.moveLineIds.length > 0;
  const name = rejected ? 'Rejected proposal' : top ? 'Top proposal' : `Alternative ${item.index + 1}`;
  return (
    <Card withBorder padding="sm" aria-label={name} style={rejected ? { opacity: 0.7 } : undefined}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2}>
            <Group gap="xs">
              <Text fw={650} size="sm">
                {rejected ? 'Rejected' : top ? 'Best match' : 'Alternative'} · {KIND[p.kind]}
              </Text>
              <ConfidenceBadge confidence={p.confidence} />
              {p.ruleId !== undefined && (
                <Badge size="sm" variant="outline" color="grape">
                  rule #{p.ruleId}
                </Badge>
              )}
            </Group>
            {p.partnerName && (
              <Text size="sm" c="dimmed">
                {p.partnerName}
              </Text>
            )}
          </Stack>
          {!queued && (
            <Group gap={6} wrap="nowrap">
              {!rejected && (
                <Button size="xs" variant="default" leftSection={<IconX size={14} />} onClick={onReject}>
                  Reject{top && <Kbd size="xs" ml={6}>R</Kbd>}
                </Button>
              )}
              {canAccept && (
                <Button size="xs" variant={rejected ? 'default' : 'filled'} leftSection={rejected ? <IconArrowBackUp size={14} /> : <IconCheck size={14} />} onClick={onAccept}>
                  Accept{top && <Kbd size="xs" ml={6}>A</Kbd>}
                </Button>
              )}
            </Group>
          )}
        </Group>
        <Items p={p} />
        {p.writeOff && (
          <Text size="xs" c="dimmed">
            Write-off:{' '}
            <Text span size="xs" c="var(--mantine-color-text)">
              {formatMoney(p.writeOff.amount, currency)} {REASON[p.writeOff.reason] ?? p.writeOff.reason}
              {p.writeOff.accountName ? ` → ${p.writeOff.accountName}` : ''}
              {p.writeOff.taxName ? ` (${p.writeOff.taxName})` : ''}
            </Text>
          </Text>
        )}
        <List size="sm" spacing={2} aria-label="Explanation">
          {p.explanation.map((e) => (
            <List.Item key={e}>{e}</List.Item>
          ))}
        </List>
      </Stack>
    </Card>
  );
}

/** The selected line: its best proposal, the alternatives, each with why it matches; then what the user rejected. */
export function LineDetail({ line, rejected, queuedOutboxId, onAccept, onReject, onEdit, onSearch }: Props) {
  const proposals = openProposals(line, rejected);
  const gone = rejectedProposals(line, rejected);
  const queued = queuedOutboxId !== undefined;
  const partner = line.partnerName ?? line.counterpartyName;
  return (
    <Card padding="lg" aria-label="Selected line">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Title order={3} size="h4" style={{ overflowWrap: 'anywhere' }}>
              {line.label}
            </Title>
            <Text size="sm" c="dimmed">
              {line.date} · {line.journalName ?? `journal ${line.journalId}`}
              {partner ? ` · ${partner}` : ''}
              {line.accountNumber ? ` · ${line.accountNumber}` : ''}
            </Text>
            {line.foreignCurrency && line.amountCurrency !== undefined && (
              <Text size="xs" c="dimmed">
                Originally {formatMoney(line.amountCurrency, line.foreignCurrency)}
              </Text>
            )}
          </Stack>
          <Text fw={700} size="xl" c={line.amount < 0 ? 'red' : 'teal'} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
            {formatAmount(line.amount)} {line.currency}
          </Text>
        </Group>
        {queued ? (
          <Group gap="xs">
            <Badge color="brand" variant="light" leftSection={<IconClockHour4 size={12} />}>
              queued
            </Badge>
            <Text size="xs" c="dimmed">
              Waiting in the outbox (#{queuedOutboxId}); it reaches Odoo on the next push. <Kbd size="xs">U</Kbd> undoes the last acceptance.
            </Text>
          </Group>
        ) : (
          <Group gap="xs">
            <Tooltip label="Split across items, write off the rest">
              <Button size="xs" variant="light" leftSection={<IconEdit size={14} />} onClick={() => onEdit(proposals[0]?.proposal)}>
                Allocate <Kbd size="xs" ml={6}>E</Kbd>
              </Button>
            </Tooltip>
            <Button size="xs" variant="light" leftSection={<IconSearch size={14} />} onClick={onSearch}>
              Search open items <Kbd size="xs" ml={6}>/</Kbd>
            </Button>
          </Group>
        )}
        <Divider />
        {proposals.length === 0 ? (
          <Text size="sm" c="dimmed">
            No match proposed. Search the open items with <Kbd size="xs">/</Kbd>, or allocate the line yourself with <Kbd size="xs">E</Kbd>.
          </Text>
        ) : (
          proposals.map((item, i) => (
            <ProposalCard
              key={item.index}
              item={item}
              top={i === 0}
              queued={queued}
              rejected={false}
              currency={line.currency}
              onAccept={() => onAccept(item.index)}
              onReject={() => onReject(item.index)}
            />
          ))
        )}
        {gone.length > 0 && (
          <>
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              You rejected {gone.length} proposal{gone.length === 1 ? '' : 's'}
            </Text>
            {gone.map((item) => (
              <ProposalCard
                key={item.index}
                item={item}
                top={false}
                queued={queued}
                rejected
                currency={line.currency}
                onAccept={() => onAccept(item.index)}
                onReject={() => onReject(item.index)}
              />
            ))}
          </>
        )}
      </Stack>
    </Card>
  );
}
