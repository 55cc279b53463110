import type { ReactNode } from 'react';
import { Alert, Badge, Button, Card, Divider, Group, Kbd, Loader, Progress, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconFileOff, IconFileInvoice, IconRefresh, IconSend } from '@tabler/icons-react';
import { retry } from '../actions';
import type { DocumentDetail, DocumentSummary } from '../documents.api';
import { canDraft, progressOf, STATUS_INFO } from '../fields';
import { DuplicateAlert, PoCheckTable, VendorPanel, WarningsList } from './Checks';
import { FieldList } from './FieldList';
import { LineItemsTable } from './LineItemsTable';

const METHOD_LABEL: Record<string, string> = {
  'e-invoice': 'e-invoice XML',
  'text-layer': 'PDF text',
  ocr: 'OCR',
  llm: 'Claude',
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={6}>
      <Text size="xs" tt="uppercase" fw={700} c="dimmed" lts={0.5}>
        {title}
      </Text>
      {children}
    </Stack>
  );
}

type BillProps = { summary: DocumentSummary; onCreate(): void; onPush(): void; pushing: boolean };

/** Where the bill stands: create it (b), queued in the outbox (push), or in Odoo. */
function BillBar({ summary, onCreate, onPush, pushing }: BillProps) {
  if (summary.billOutboxId !== undefined) {
    const applied = summary.billState === 'applied';
    return (
      <div role="group" aria-label="Bill status">
        <Alert
          color={applied ? 'teal' : summary.billState === 'failed' || summary.billState === 'conflict' ? 'red' : 'brand'}
          variant="light"
          icon={applied ? <IconCircleCheck size={18} /> : <IconSend size={18} />}
          title={applied ? 'Draft bill created in Odoo' : 'Draft bill queued'}
        >
          <Group justify="space-between" gap="xs">
            <Text size="sm">
              {applied
                ? `Bill #${summary.billMoveId ?? '?'} is waiting in Odoo as a draft, with the file attached.`
                : summary.billState === 'failed' || summary.billState === 'conflict'
                  ? `The bill could not be created (${summary.billState}). See the Outbox.`
                  : `In the outbox (#${summary.billOutboxId}): it reaches Odoo on the next push.`}
            </Text>
            {!applied && summary.billState !== 'failed' && summary.billState !== 'conflict' && (
              <Button size="xs" leftSection={<IconSend size={14} />} loading={pushing} onClick={onPush}>
                Push now
              </Button>
            )}
          </Group>
        </Alert>
      </div>
    );
  }
  return (
    <Group justify="space-between">
      <Text size="xs" c="dimmed">
        <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> fields · <Kbd size="xs">E</Kbd> edit · <Kbd size="xs">B</Kbd> bill
      </Text>
      <Button leftSection={<IconFileInvoice size={16} />} onClick={onCreate} disabled={!canDraft(summary)}>
        Create draft bill
      </Button>
    </Group>
  );
}

type Props = {
  summary: DocumentSummary;
  detail: DocumentDetail | null;
  detailError: string | null;
  onCreateBill(): void;
  onCreateVendor(): void;
  onPush(): void;
  pushing: boolean;
  onOpenDocument(id: number): void;
};

/** The right-hand side of the review: state, bill, duplicates, warnings, fields, vendor, lines, PO check. */
export function ReviewPanel({ summary, detail, detailError, onCreateBill, onCreateVendor, onPush, pushing, onOpenDocument }: Props) {
  const status = STATUS_INFO[summary.status];
  const header = (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <Title order={3} size="h4" style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={summary.fileName}>
        {summary.fileName}
      </Title>
      <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
        {summary.method && (
          <Badge size="sm" variant="outline" color="gray">
            {METHOD_LABEL[summary.method] ?? summary.method}
          </Badge>
        )}
        <Badge size="sm" variant="light" color={status.color}>
          {status.label}
        </Badge>
      </Group>
    </Group>
  );

  if (summary.status === 'queued' || summary.status === 'processing') {
    const p = progressOf(summary.progress, summary.status);
    return (
      <Card padding="md" aria-label="Review">
        <Stack gap="sm">
          {header}
          <Progress value={p.percent} animated aria-label="Extraction progress" />
          <Text size="sm" c="dimmed">
            {p.label}…
          </Text>
        </Stack>
      </Card>
    );
  }

  if (summary.status === 'error' || summary.status === 'not-invoice' || summary.status === 'cancelled') {
    return (
      <Card padding="md" aria-label="Review">
        <Stack gap="sm">
          {header}
          <Alert
            color={summary.status === 'error' ? 'red' : 'gray'}
            variant="light"
            icon={summary.status === 'error' ? <IconAlertTriangle size={18} /> : <IconFileOff size={18} />}
            title={summary.status === 'error' ? 'This file could not be read' : summary.status === 'not-invoice' ? 'Not an invoice' : 'Cancelled'}
          >
            <Text size="sm">
              {summary.status === 'error'
                ? (summary.error?.message ?? 'Extraction failed.')
                : summary.status === 'not-invoice'
                  ? 'No invoice number, date or amounts were found in it. If it is an invoice, process it again after checking the file.'
                  : 'Extraction was stopped.'}
            </Text>
          </Alert>
          <Group>
            <Button size="xs" variant="light" leftSection={<IconRefresh size={14} />} onClick={() => void retry(summary.id)}>
              Process again
            </Button>
          </Group>
        </Stack>
      </Card>
    );
  }

  if (detailError) {
    return (
      <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="This document could not be opened">
        {detailError}
      </Alert>
    );
  }
  if (!detail || !detail.extraction) {
    return (
      <Card padding="md" aria-label="Review">
        <Stack gap="sm" align="center">
          {header}
          <Loader size="sm" aria-label="Loading the extraction" />
        </Stack>
      </Card>
    );
  }

  const ex = detail.extraction;
  return (
    <Card padding="md" aria-label="Review">
      <Stack gap="md">
        {header}
        <BillBar summary={detail.summary} onCreate={onCreateBill} onPush={onPush} pushing={pushing} />
        <DuplicateAlert duplicates={detail.duplicates} onOpenDocument={onOpenDocument} />
        <WarningsList warnings={ex.warnings} />
        <Section title="Fields">
          <FieldList detail={detail} />
        </Section>
        <Divider />
        <Section title="Vendor">
          <VendorPanel detail={detail} onCreateVendor={onCreateVendor} readOnly={detail.summary.billOutboxId !== undefined} />
        </Section>
        <Divider />
        <Section title={`Line items${ex.lines.length > 0 ? ` (${ex.lines.length})` : ''}`}>
          <LineItemsTable lines={ex.lines} currency={ex.fields.currency?.value} net={ex.fields.amountUntaxed?.value} />
        </Section>
        {detail.po && (
          <>
            <Divider />
            <Section title="Purchase order">
              <PoCheckTable po={detail.po} />
            </Section>
          </>
        )}
        {detail.usage && (
          <Text size="xs" c="dimmed">
            Claude: {detail.usage.inputTokens + detail.usage.outputTokens} tokens · ${detail.usage.costUsd.toFixed(4)}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
