import { useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Checkbox, Group, Kbd, Loader, Modal, NumberInput, ScrollArea, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconSearch } from '@tabler/icons-react';
import { isClientError } from '../../../shared/api/client';
import { formatAmount, formatMoney } from '../lines';
import { searchOpenItems, type SearchItem, type StatementLine } from '../reconciliation.api';

type Props = {
  line: StatementLine | null;
  opened: boolean;
  /** items already in the allocation (shown as such, not offered twice) */
  taken?: readonly number[];
  /** the verb of the confirm button */
  action: string;
  onClose(): void;
  onPick(items: SearchItem[]): void;
};

/**
 * Manual search of the open receivable/payable items and outstanding payments: text (invoice number, reference,
 * partner, amount) and an amount range, ranked by the core against the line. ↑/↓ move, space selects, Enter takes
 * the selection (or the highlighted item).
 */
export function ManualSearch({ line, opened, taken = [], action, onClose, onPick }: Props) {
  const [query, setQuery] = useState('');
  const [amountMin, setAmountMin] = useState<number | ''>('');
  const [amountMax, setAmountMax] = useState<number | ''>('');
  const [items, setItems] = useState<SearchItem[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [cursor, setCursor] = useState(0);
  const [picked, setPicked] = useState<SearchItem[]>([]);
  const seq = useRef(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const lineId = line?.statementLineId;

  useEffect(() => {
    if (!opened) return;
    const mine = ++seq.current;
    const t = setTimeout(() => {
      setBusy(true);
      searchOpenItems({
        ...(lineId !== undefined ? { statementLineId: lineId } : {}),
        ...(query.trim() ? { query: query.trim() } : {}),
        ...(amountMin !== '' ? { amountMin } : {}),
        ...(amountMax !== '' ? { amountMax } : {}),
        limit: 50,
      })
        .then((r) => {
          if (mine !== seq.current) return;
          setItems(r.items);
          setError(null);
          setCursor(0);
        })
        .catch((e: unknown) => {
          if (mine === seq.current) setError(isClientError(e) ? e.message : String(e));
        })
        .finally(() => {
          if (mine === seq.current) setBusy(false);
        });
    }, 200);
    return () => clearTimeout(t);
  }, [opened, lineId, query, amountMin, amountMax]);

  const close = () => {
    setPicked([]);
    setQuery('');
    setAmountMin('');
    setAmountMax('');
    onClose();
  };
  // in the order picked: the allocation settles them in that order
  const toggle = (it: SearchItem) => setPicked((p) => (p.some((x) => x.moveLineId === it.moveLineId) ? p.filter((x) => x.moveLineId !== it.moveLineId) : [...p, it]));
  const pickedList = picked;
  const confirm = () => {
    const chosen = pickedList.length > 0 ? pickedList : items[cursor] && !taken.includes(items[cursor].moveLineId) ? [items[cursor]] : [];
    if (chosen.length === 0) return;
    onPick(chosen);
    close();
  };
  const pickedSum = pickedList.reduce((s, i) => s + i.residual, 0);

  return (
    <Modal opened={opened} onClose={close} size="xl" title={<Text fw={650}>Search open items</Text>}>
      <Stack
        gap="sm"
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setCursor((c) => Math.min(items.length - 1, c + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setCursor((c) => Math.max(0, c - 1));
          } else if (e.key === ' ' && (e.target as HTMLElement).tagName !== 'INPUT' && items[cursor]) {
            e.preventDefault();
            toggle(items[cursor]);
          } else if (e.key === ' ' && e.ctrlKey && items[cursor]) {
            e.preventDefault();
            toggle(items[cursor]);
          } else if (e.key === 'Enter') {
            e.preventDefault();
            confirm();
          }
        }}
      >
        {line && (
          <Text size="sm" c="dimmed">
            For <b>{line.label}</b> · {formatAmount(line.amount)} {line.currency} · {line.date}
          </Text>
        )}
        <Group gap="sm" align="flex-end">
          <TextInput
            data-autofocus
            ref={inputRef}
            aria-label="Search open items"
            placeholder="Invoice number, reference, partner or amount"
            leftSection={<IconSearch size={16} />}
            rightSection={busy ? <Loader size="xs" /> : null}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <NumberInput aria-label="Open amount from" placeholder="Amount from" hideControls decimalScale={2} value={amountMin} onChange={(v) => setAmountMin(typeof v === 'number' ? v : '')} w={130} />
          <NumberInput aria-label="Open amount to" placeholder="to" hideControls decimalScale={2} value={amountMax} onChange={(v) => setAmountMax(typeof v === 'number' ? v : '')} w={110} />
        </Group>
        {error && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />}>
            {error}
          </Alert>
        )}
        <ScrollArea.Autosize mah={380} type="auto">
          {items.length === 0 && !busy ? (
            <Text size="sm" c="dimmed" ta="center" p="lg">
              No open item matches.
            </Text>
          ) : (
            <Table fz="sm" highlightOnHover aria-label="Open items" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={32} />
                  <Table.Th>Entry</Table.Th>
                  <Table.Th>Partner</Table.Th>
                  <Table.Th>Due</Table.Th>
                  <Table.Th ta="right">Open</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((it, i) => {
                  const isTaken = taken.includes(it.moveLineId);
                  return (
                    <Table.Tr
                      key={it.moveLineId}
                      aria-label={it.moveName}
                      aria-selected={i === cursor}
                      bg={i === cursor ? 'var(--mantine-primary-color-light)' : undefined}
                      style={{ cursor: isTaken ? 'default' : 'pointer', opacity: isTaken ? 0.5 : 1 }}
                      onClick={() => {
                        setCursor(i);
                        if (!isTaken) toggle(it);
                        // keys (Enter, arrows) keep working after a click
                        inputRef.current?.focus();
                      }}
                    >
                      <Table.Td>
                        <Checkbox size="xs" tabIndex={-1} aria-label={`Select ${it.moveName}`} checked={isTaken || picked.some((x) => x.moveLineId === it.moveLineId)} disabled={isTaken} readOnly />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {it.moveName}
                        </Text>
                        {it.ref && (
                          <Text size="xs" c="dimmed">
                            {it.ref}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{it.partnerName ?? ''}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{it.dateMaturity ?? it.date}</Table.Td>
                      <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                        {formatMoney(it.residual, it.currency)}
                        {isTaken && (
                          <Badge size="xs" ml={6} variant="light">
                            added
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          )}
        </ScrollArea.Autosize>
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> move · <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">Space</Kbd> select · <Kbd size="xs">Enter</Kbd> {action.toLowerCase()}
            {pickedList.length > 0 ? ` · ${pickedList.length} selected, ${formatMoney(pickedSum)}` : ''}
          </Text>
          <Group gap="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button onClick={confirm} disabled={items.length === 0 && pickedList.length === 0}>
              {action}
              {pickedList.length > 0 ? ` ${pickedList.length}` : ''}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
