import { useMemo, useState } from 'react';
import { ActionIcon, Alert, Button, Divider, Group, Kbd, Modal, NumberInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconReceiptTax, IconSearch, IconTrash } from '@tabler/icons-react';
import { addItems, allocationProblems, balancingWriteOff, manualDecision, unallocated, type AllocRow, type WriteOffDraft } from '../allocation';
import { cents, formatAmount, formatMoney } from '../lines';
import { useLookupsStore } from '../lookups.store';
import type { ManualDecision, ProposalItem, StatementLine } from '../reconciliation.api';
import { ManualSearch } from './ManualSearch';

type Props = {
  line: StatementLine;
  items: ProposalItem[];
  partnerId?: number | undefined;
  onClose(): void;
  onAccept(manual: ManualDecision): Promise<boolean>;
};

/**
 * Split allocation of one bank line over several open items (each prefilled with its residual), with an optional
 * write-off on an account and tax. Enter (anywhere in the form) accepts when nothing is left unallocated.
 */
export function SplitEditor({ line, items, partnerId, onClose, onAccept }: Props) {
  const accounts = useLookupsStore((s) => s.accounts);
  const taxes = useLookupsStore((s) => s.taxes);
  const [rows, setRows] = useState<AllocRow[]>(() => addItems([], items));
  const [wo, setWo] = useState<WriteOffDraft | null>(null);
  const [searching, setSearching] = useState(false);
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);

  const left = unallocated(line.amount, rows, wo?.amount ?? 0);
  const problems = allocationProblems(line.amount, rows, wo);
  const accountOptions = useMemo(() => accounts.map((a) => ({ value: String(a.id), label: `${a.code} ${a.name}` })), [accounts]);
  const taxOptions = useMemo(() => taxes.map((t) => ({ value: String(t.id), label: `${t.name}${t.typeTaxUse !== 'none' ? ` (${t.typeTaxUse})` : ''}` })), [taxes]);

  const setAmount = (id: number, amount: number) => setRows((rs) => rs.map((r) => (r.item.moveLineId === id ? { ...r, amount } : r)));
  const writeOffDifference = () => {
    const amount = balancingWriteOff(line.amount, rows);
    setWo((w) => ({ amount, accountId: w?.accountId ?? null, taxId: w?.taxId ?? null, label: w?.label ?? '' }));
  };
  const submit = async () => {
    setTried(true);
    if (problems.length > 0 || busy) return;
    setBusy(true);
    const ok = await onAccept(manualDecision(rows, wo, partnerId));
    setBusy(false);
    if (ok) onClose();
  };

  return (
    <Modal opened onClose={onClose} size="xl" title={<Text fw={650}>Allocate the bank line</Text>}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="md">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                {line.label}
              </Text>
              <Text size="sm" c="dimmed">
                {line.date} · {line.journalName ?? ''}
                {line.partnerName ? ` · ${line.partnerName}` : ''}
              </Text>
            </Stack>
            <Text fw={700} size="lg" c={line.amount < 0 ? 'red' : 'teal'} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
              {formatAmount(line.amount)} {line.currency}
            </Text>
          </Group>

          <Table fz="sm" verticalSpacing={4} aria-label="Allocation">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Item</Table.Th>
                <Table.Th>Partner</Table.Th>
                <Table.Th ta="right">Open</Table.Th>
                <Table.Th ta="right" w={160}>
                  Settle
                </Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text size="sm" c="dimmed">
                      No item yet: add invoices, bills or payments with the search, or book the whole line as a write-off.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {rows.map((r, i) => {
                const bad = tried && problems.some((p) => p.rowId === r.item.moveLineId);
                return (
                  <Table.Tr key={r.item.moveLineId} aria-label={r.item.moveName}>
                    <Table.Td fw={600}>{r.item.moveName}</Table.Td>
                    <Table.Td>{r.item.partnerName ?? ''}</Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                      {formatMoney(r.item.residual, r.item.currency)}
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`Amount for ${r.item.moveName}`}
                        size="xs"
                        decimalScale={2}
                        fixedDecimalScale
                        hideControls
                        value={r.amount}
                        error={bad}
                        data-autofocus={i === 0 ? true : undefined}
                        onChange={(v) => setAmount(r.item.moveLineId, typeof v === 'number' ? v : 0)}
                        styles={{ input: { textAlign: 'right' } }}
                      />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon variant="subtle" color="gray" aria-label={`Remove ${r.item.moveName}`} onClick={() => setRows((rs) => rs.filter((x) => x !== r))}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <Group gap="xs">
            <Button size="xs" variant="light" leftSection={<IconSearch size={14} />} onClick={() => setSearching(true)}>
              Add items
            </Button>
            {!wo && (
              <Button size="xs" variant="light" leftSection={<IconReceiptTax size={14} />} onClick={writeOffDifference}>
                Write off the difference
              </Button>
            )}
          </Group>

          {wo && (
            <>
              <Divider label="Write-off" labelPosition="left" />
              <Group gap="sm" align="flex-end" wrap="wrap" aria-label="Write-off">
                <NumberInput
                  label="Amount"
                  aria-label="Write-off amount"
                  size="xs"
                  decimalScale={2}
                  fixedDecimalScale
                  hideControls
                  value={wo.amount}
                  onChange={(v) => setWo({ ...wo, amount: typeof v === 'number' ? v : 0 })}
                  w={120}
                  styles={{ input: { textAlign: 'right' } }}
                />
                <Select
                  label="Account"
                  aria-label="Write-off account"
                  size="xs"
                  searchable
                  placeholder="Code or name"
                  data={accountOptions}
                  value={wo.accountId !== null ? String(wo.accountId) : null}
                  onChange={(v) => setWo({ ...wo, accountId: v ? Number(v) : null })}
                  error={tried && wo.accountId === null && cents(wo.amount) !== 0}
                  w={260}
                />
                <Select
                  label="Tax"
                  aria-label="Write-off tax"
                  size="xs"
                  searchable
                  clearable
                  placeholder="No tax"
                  data={taxOptions}
                  value={wo.taxId !== null ? String(wo.taxId) : null}
                  onChange={(v) => setWo({ ...wo, taxId: v ? Number(v) : null })}
                  w={200}
                />
                <TextInput label="Label" aria-label="Write-off label" size="xs" placeholder="Bank fees" value={wo.label} onChange={(e) => setWo({ ...wo, label: e.currentTarget.value })} style={{ flex: 1 }} />
                <ActionIcon variant="subtle" color="gray" aria-label="Remove the write-off" onClick={() => setWo(null)} mb={4}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            </>
          )}

          <Group justify="space-between" align="center">
            <Group gap="xs">
              <Text size="sm">Not allocated</Text>
              <Text size="sm" fw={700} c={cents(left) === 0 ? 'teal' : 'red'} style={{ fontVariantNumeric: 'tabular-nums' }} aria-label="Not allocated">
                {formatMoney(left, line.currency)}
              </Text>
              {cents(left) !== 0 && wo && (
                <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={12} />} onClick={writeOffDifference}>
                  into the write-off
                </Button>
              )}
            </Group>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={busy} disabled={tried && problems.length > 0}>
                Accept <Kbd size="xs" ml={6}>Enter</Kbd>
              </Button>
            </Group>
          </Group>
          {tried && problems.length > 0 && (
            <Alert color="red" variant="light" title="Not yet">
              <Stack gap={2}>
                {problems.map((p) => (
                  <Text key={p.message} size="sm">
                    {p.message}
                  </Text>
                ))}
              </Stack>
            </Alert>
          )}
        </Stack>
      </form>
      <ManualSearch
        line={line}
        opened={searching}
        taken={rows.map((r) => r.item.moveLineId)}
        action="Add"
        onClose={() => setSearching(false)}
        onPick={(picked) => setRows((rs) => addItems(rs, picked))}
      />
    </Modal>
  );
}
