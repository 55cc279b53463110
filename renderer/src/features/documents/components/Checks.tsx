import { Alert, Badge, Button, Group, List, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCopy, IconUserPlus } from '@tabler/icons-react';
import type { DocumentDetail } from '../documents.api';
import { pickPartner } from '../actions';
import { formatMoney, formatNumber } from '../fields';
import classes from './Documents.module.css';

const MATCHED_BY: Record<string, string> = {
  vat: 'VAT id',
  iban: 'IBAN',
  email: 'e-mail',
  domain: 'e-mail domain',
  name: 'name',
};

/** Which Odoo partner the bill goes to: the match and how it was made, other candidates, or "create vendor". */
export function VendorPanel({ detail, onCreateVendor, readOnly }: { detail: DocumentDetail; onCreateVendor(): void; readOnly: boolean }) {
  const v = detail.vendor;
  const others = v.candidates.filter((c) => c.partnerId !== v.partnerId).slice(0, 5);
  return (
    <Stack gap="xs" aria-label="Vendor match" role="group">
      {v.partnerId !== undefined ? (
        <Group gap="xs" wrap="wrap">
          <Text size="sm" fw={600}>
            {v.partnerName ?? `Partner #${v.partnerId}`}
          </Text>
          {v.chosenByUser ? (
            <Badge size="sm" variant="light" color="green">
              chosen by you
            </Badge>
          ) : (
            v.matchedBy && (
              <Badge size="sm" variant="light" color={v.matchedBy === 'name' ? 'yellow' : 'teal'}>
                matched by {MATCHED_BY[v.matchedBy] ?? v.matchedBy}
                {v.score !== undefined && v.matchedBy === 'name' ? ` · ${Math.round(v.score * 100)}%` : ''}
              </Badge>
            )
          )}
        </Group>
      ) : (
        <Text size="sm" c="orange">
          No vendor in Odoo matches {detail.extraction?.fields.vendorName?.value ? `“${detail.extraction.fields.vendorName.value}”` : 'this document'}.
        </Text>
      )}
      {others.length > 0 && (
        <Stack gap={4}>
          <Text size="xs" c="dimmed">
            {v.partnerId !== undefined ? 'Other candidates' : 'Candidates'}
          </Text>
          {others.map((c) => (
            <Group key={c.partnerId} justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" truncate>
                {c.name}{' '}
                <Text span size="xs" c="dimmed">
                  {MATCHED_BY[c.matchedBy] ?? c.matchedBy} · {Math.round(c.score * 100)}%
                </Text>
              </Text>
              <Button size="compact-xs" variant="light" disabled={readOnly} onClick={() => void pickPartner(c.partnerId)} aria-label={`Use ${c.name}`}>
                Use
              </Button>
            </Group>
          ))}
        </Stack>
      )}
      {v.partnerId === undefined && (
        <Group>
          <Button size="xs" variant="light" leftSection={<IconUserPlus size={14} />} onClick={onCreateVendor} disabled={readOnly}>
            Create vendor
          </Button>
        </Group>
      )}
    </Stack>
  );
}

const PO_STATUS: Record<string, { label: string; color: string }> = {
  ok: { label: 'ok', color: 'teal' },
  'over-billed': { label: 'over-billed', color: 'red' },
  'not-received': { label: 'not received', color: 'orange' },
  'price-variance': { label: 'price differs', color: 'orange' },
  unmatched: { label: 'not on the PO', color: 'red' },
};

const qty = (n: number | null) => (n === null ? '—' : formatNumber(n));

/** Billed against received and ordered quantities, and price against the PO; mismatching lines stand out. */
export function PoCheckTable({ po }: { po: NonNullable<DocumentDetail['po']> }) {
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Text size="sm" fw={600}>
          {po.poName}
        </Text>
        <Badge size="sm" variant="light" color={po.status === 'ok' ? 'teal' : 'red'}>
          {po.status === 'ok' ? 'matches' : 'mismatch'}
        </Badge>
      </Group>
      <Table verticalSpacing={4} horizontalSpacing={6} aria-label="Purchase order check">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Line</Table.Th>
            <Table.Th className={classes.num}>Billed</Table.Th>
            <Table.Th className={classes.num}>Received</Table.Th>
            <Table.Th className={classes.num}>Ordered</Table.Th>
            <Table.Th className={classes.num}>Price (PO)</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {po.lines.map((l, i) => {
            const info = PO_STATUS[l.status] ?? { label: l.status, color: 'gray' };
            return (
              <Table.Tr key={i} className={l.status === 'ok' ? undefined : classes.mismatch} data-po-status={l.status}>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {l.description}
                  </Text>
                </Table.Td>
                <Table.Td className={classes.num}>{qty(l.billedQty)}</Table.Td>
                <Table.Td className={classes.num}>{qty(l.receivedQty)}</Table.Td>
                <Table.Td className={classes.num}>{qty(l.orderedQty)}</Table.Td>
                <Table.Td className={classes.num}>
                  {l.billedPrice === null ? '—' : formatMoney(l.billedPrice)}
                  {l.poPrice !== null && l.poPrice !== l.billedPrice && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({formatMoney(l.poPrice)}
                      {l.priceVariancePct !== null ? `, ${l.priceVariancePct > 0 ? '+' : ''}${formatNumber(l.priceVariancePct)}%` : ''})
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={info.color}>
                    {info.label}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {po.messages && po.messages.length > 0 && (
        <List size="sm" spacing={2}>
          {po.messages.map((m) => (
            <List.Item key={m}>{m}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** Same vendor and number (or date and amount) as a bill in Odoo or another document in the queue. */
export function DuplicateAlert({ duplicates, onOpenDocument }: { duplicates: DocumentDetail['duplicates']; onOpenDocument(id: number): void }) {
  if (duplicates.length === 0) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconCopy size={18} />} title="Possible duplicate" role="alert">
      <Stack gap={4}>
        {duplicates.map((d, i) => (
          <Group key={i} gap="xs" wrap="nowrap">
            <Text size="sm">
              {d.kind === 'number' ? 'Same vendor and invoice number' : 'Same vendor, date and amount'} as{' '}
              {d.moveName ? `the bill ${d.moveName} in Odoo` : d.moveId !== undefined ? `bill #${d.moveId} in Odoo` : d.documentId !== undefined ? `document #${d.documentId} in the queue` : 'another bill'}
              .
            </Text>
            {d.documentId !== undefined && (
              <Button size="compact-xs" variant="subtle" onClick={() => onOpenDocument(d.documentId!)}>
                Open
              </Button>
            )}
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}

export function WarningsList({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title={`${warnings.length} warning${warnings.length === 1 ? '' : 's'}`}>
      <List size="sm" spacing={2} aria-label="Warnings">
        {warnings.map((w) => (
          <List.Item key={w}>{w}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
