import { useEffect, useRef, useState } from 'react';
import { ActionIcon, Button, Group, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { saveLines } from '../actions';
import type { DocExtractedLine } from '../documents.api';
import { useDocumentsStore } from '../documents.store';
import { formatMoney, formatNumber } from '../fields';
import { draftsToLines, toDraft, type Draft } from '../lines';
import classes from './Documents.module.css';
import { ConfidenceBadge } from './FieldList';

type Props = { lines: DocExtractedLine[]; currency: string | undefined; net: number | undefined };

/**
 * The line items; hover outlines a line on the page; "Edit lines" corrects them all at once (Enter saves, Esc
 * cancels). Lines read by the layout learned from an earlier correction of this vendor's lines show their
 * confidence; saving corrected lines teaches that layout.
 */
export function LineItemsTable({ lines, currency, net }: Props) {
  const lineHoverChanged = useDocumentsStore((s) => s.lineHoverChanged);
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // the cell to focus after the table is drawn: the first one when editing starts, a new line's description
  const focusLine = useRef<number | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  useEffect(() => {
    if (focusLine.current === null || !drafts) return;
    tableRef.current?.querySelector<HTMLInputElement>(`input[aria-label="Line ${focusLine.current + 1} description"]`)?.focus();
    focusLine.current = null;
  }, [drafts]);
  const learned = lines.some((l) => l.origin === 'template');
  const sum = Math.round(lines.reduce((a, l) => a + l.amount, 0) * 100) / 100;
  const off = net !== undefined && lines.length > 0 && Math.abs(sum - net) > 0.01;

  const patch = (i: number, p: Partial<Draft>) => setDrafts((ds) => ds && ds.map((d, j) => (j === i ? { ...d, ...p } : d)));

  const save = async () => {
    if (!drafts) return;
    const r = draftsToLines(drafts);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setSaving(true);
    const ok = await saveLines(r.lines);
    setSaving(false);
    if (ok) setDrafts(null);
  };

  if (drafts) {
    const cell = (i: number, key: keyof Omit<Draft, 'source'>, label: string, w?: number) => (
      <TextInput
        size="xs"
        aria-label={`Line ${i + 1} ${label}`}
        value={drafts[i]![key]}
        w={w}
        onChange={(e) => {
          patch(i, { [key]: e.currentTarget.value });
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void save();
          }
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            setDrafts(null);
          }
        }}
      />
    );
    return (
      <div>
        <Table ref={tableRef} verticalSpacing={4} horizontalSpacing={4} aria-label="Line items (editing)">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Description</Table.Th>
              <Table.Th>Qty</Table.Th>
              <Table.Th>Unit price</Table.Th>
              <Table.Th>Amount</Table.Th>
              <Table.Th>Tax %</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {drafts.map((_, i) => (
              <Table.Tr key={i}>
                <Table.Td>{cell(i, 'description', 'description')}</Table.Td>
                <Table.Td>{cell(i, 'quantity', 'quantity', 64)}</Table.Td>
                <Table.Td>{cell(i, 'unitPrice', 'unit price', 84)}</Table.Td>
                <Table.Td>{cell(i, 'amount', 'amount', 90)}</Table.Td>
                <Table.Td>{cell(i, 'taxRate', 'tax rate', 56)}</Table.Td>
                <Table.Td>
                  <ActionIcon variant="subtle" color="red" aria-label={`Delete line ${i + 1}`} onClick={() => setDrafts((ds) => ds && ds.filter((__, j) => j !== i))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {error && (
          <Text size="xs" c="red" mt={4} role="alert">
            {error}
          </Text>
        )}
        <Text size="xs" c="dimmed" mt={4}>
          Enter saves · Esc cancels · the vendor&apos;s next invoices are read with this table&apos;s layout
        </Text>
        <Group justify="space-between" mt="xs">
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() => {
              focusLine.current = drafts.length;
              setDrafts((ds) => [...(ds ?? []), { description: '', quantity: '', unitPrice: '', amount: '', taxRate: '' }]);
            }}
          >
            Add line
          </Button>
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => setDrafts(null)}>
              Cancel
            </Button>
            <Button size="xs" loading={saving} onClick={() => void save()}>
              Save lines
            </Button>
          </Group>
        </Group>
      </div>
    );
  }

  return (
    <div>
      {lines.length === 0 ? (
        <Text size="sm" c="dimmed">
          No line items were found. The bill gets one line with the net amount unless you add lines.
        </Text>
      ) : (
        <Table verticalSpacing={4} horizontalSpacing={6} aria-label="Line items" onMouseLeave={() => lineHoverChanged(null)}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Description</Table.Th>
              <Table.Th className={classes.num}>Qty</Table.Th>
              <Table.Th className={classes.num}>Unit price</Table.Th>
              <Table.Th className={classes.num}>Amount</Table.Th>
              <Table.Th className={classes.num}>Tax</Table.Th>
              {learned && <Table.Th>Conf.</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((l, i) => (
              <Table.Tr key={i} className={classes.lineRow} onMouseEnter={() => lineHoverChanged(i)}>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {l.description}
                  </Text>
                </Table.Td>
                <Table.Td className={classes.num}>{formatNumber(l.quantity)}</Table.Td>
                <Table.Td className={classes.num}>{l.unitPrice === undefined ? '' : formatMoney(l.unitPrice)}</Table.Td>
                <Table.Td className={classes.num}>{formatMoney(l.amount)}</Table.Td>
                <Table.Td className={classes.num}>{l.taxRate === undefined ? '' : `${formatNumber(l.taxRate)}%`}</Table.Td>
                {learned && <Table.Td>{l.origin === 'template' ? <ConfidenceBadge confidence={l.confidence} /> : null}</Table.Td>}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {learned && (
        <Text size="xs" c="dimmed" mt={4}>
          Read with the table layout learned from an earlier correction of this vendor&apos;s lines.
        </Text>
      )}
      <Group justify="space-between" mt="xs" gap="xs">
        <Text size="xs" c={off ? 'orange' : 'dimmed'}>
          {lines.length > 0 ? `Lines add up to ${formatMoney(sum, currency)}${off ? ` — the net amount is ${formatMoney(net, currency)}` : ''}` : ' '}
        </Text>
        <Tooltip label="Correct, add or remove lines">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPencil size={14} />}
            onClick={() => {
              focusLine.current = 0;
              setDrafts(lines.map(toDraft));
            }}
          >
            Edit lines
          </Button>
        </Tooltip>
      </Group>
    </div>
  );
}
