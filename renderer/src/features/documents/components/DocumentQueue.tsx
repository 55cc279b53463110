import { useEffect, useRef } from 'react';
import { ActionIcon, Badge, Checkbox, Group, Progress, Text, Tooltip } from '@mantine/core';
import { IconPlayerStop, IconRefresh, IconTrash } from '@tabler/icons-react';
import { cancel, retry } from '../actions';
import type { DocumentSummary } from '../documents.api';
import { formatMoney, isRunning, progressOf, STATUS_INFO } from '../fields';
import { ConfidenceBadge } from './FieldList';
import classes from './Documents.module.css';

type Props = {
  docs: DocumentSummary[];
  selectedId: number | null;
  checked: Record<number, true>;
  onSelect(id: number): void;
  onToggleChecked(id: number): void;
  onRemove(id: number): void;
};

function QueueRow({ d, selected, checked, onSelect, onToggleChecked, onRemove }: { d: DocumentSummary; selected: boolean; checked: boolean } & Omit<Props, 'docs' | 'selectedId' | 'checked'>) {
  const status = STATUS_INFO[d.status];
  const running = isRunning(d);
  const progress = running ? progressOf(d.progress, d.status) : null;
  const canRetry = d.status === 'error' || d.status === 'cancelled' || d.status === 'not-invoice' || d.status === 'done';
  return (
    <div
      id={`doc-${d.id}`}
      role="option"
      aria-selected={selected}
      aria-label={d.fileName}
      data-status={d.status}
      className={classes.queueRow}
      onClick={() => onSelect(d.id)}
    >
      <Group gap={6} wrap="nowrap">
        <Checkbox
          size="xs"
          checked={checked}
          aria-label={`Select ${d.fileName} for a batch`}
          tabIndex={-1}
          onClick={(e) => e.stopPropagation()}
          onChange={() => onToggleChecked(d.id)}
        />
        <Text size="sm" fw={selected ? 600 : 500} className={classes.fileName} title={d.fileName}>
          {d.fileName}
        </Text>
        <Group gap={2} wrap="nowrap" onClick={(e) => e.stopPropagation()}>
          {running ? (
            <Tooltip label="Cancel">
              <ActionIcon size="sm" variant="subtle" color="gray" aria-label={`Cancel ${d.fileName}`} onClick={() => void cancel(d.id)}>
                <IconPlayerStop size={14} />
              </ActionIcon>
            </Tooltip>
          ) : (
            canRetry && (
              <Tooltip label="Process again">
                <ActionIcon size="sm" variant="subtle" color="gray" aria-label={`Retry ${d.fileName}`} onClick={() => void retry(d.id)}>
                  <IconRefresh size={14} />
                </ActionIcon>
              </Tooltip>
            )
          )}
          <Tooltip label="Remove (Delete)">
            <ActionIcon size="sm" variant="subtle" color="gray" aria-label={`Remove ${d.fileName}`} onClick={() => onRemove(d.id)}>
              <IconTrash size={14} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      {progress ? (
        <div>
          <Progress value={progress.percent} size="sm" animated={d.status === 'processing'} aria-label={`Progress of ${d.fileName}`} />
          <Text size="xs" c="dimmed" mt={2}>
            {progress.label}
          </Text>
        </div>
      ) : (
        <Group gap={6} wrap="nowrap" justify="space-between">
          <Text size="xs" c="dimmed" truncate style={{ minWidth: 0 }}>
            {d.status === 'error' ? (d.error?.message ?? 'Failed') : [d.vendorName, d.invoiceNumber].filter(Boolean).join(' · ') || '—'}
          </Text>
          {d.amountTotal !== undefined && (
            <Text size="xs" fw={600} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
              {formatMoney(d.amountTotal, d.currency)}
            </Text>
          )}
        </Group>
      )}
      <Group gap={4} wrap="wrap">
        <Badge size="xs" variant={d.status === 'drafted' ? 'filled' : 'light'} color={status.color}>
          {d.status === 'drafted' && d.billState === 'applied' ? 'in Odoo' : status.label}
        </Badge>
        {d.duplicateBill && (
          <Badge size="xs" variant="light" color="orange">
            duplicate
          </Badge>
        )}
        {d.warnings > 0 && (
          <Badge size="xs" variant="light" color="yellow">
            {d.warnings} warning{d.warnings === 1 ? '' : 's'}
          </Badge>
        )}
        {d.status === 'done' && d.minConfidence !== undefined && <ConfidenceBadge confidence={d.minConfidence} />}
        {d.autoDrafted && (
          <Badge size="xs" variant="outline" color="teal">
            auto
          </Badge>
        )}
      </Group>
    </div>
  );
}

/** The queue, newest first: status, live progress, cancel / retry / remove, duplicate and confidence at a glance. */
export function DocumentQueue({ docs, selectedId, checked, onSelect, onToggleChecked, onRemove }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selectedId !== null) ref.current?.querySelector(`#doc-${selectedId}`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);
  return (
    <div ref={ref} className={classes.queue} data-queue role="listbox" aria-label="Document queue" aria-activedescendant={selectedId !== null ? `doc-${selectedId}` : undefined} tabIndex={0}>
      {docs.map((d) => (
        <QueueRow key={d.id} d={d} selected={d.id === selectedId} checked={checked[d.id] === true} onSelect={onSelect} onToggleChecked={onToggleChecked} onRemove={onRemove} />
      ))}
    </div>
  );
}
