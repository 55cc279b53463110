import { useEffect, useRef } from 'react';
import { Badge, Checkbox, Text } from '@mantine/core';
import { formatAmount, isSkipped, openProposals } from '../lines';
import type { StatementLine } from '../reconciliation.api';
import { useWindow } from '../useWindow';
import { ConfidenceBadge } from './ConfidenceBadge';
import classes from './Reconciliation.module.css';

export const ROW_HEIGHT = 52;

type Props = {
  lines: StatementLine[];
  selectedId: number | null;
  rejected: Record<number, string[]>;
  queued: Record<number, number>;
  marked: Record<number, true>;
  /** show each line's journal (when the list spans several) */
  showJournal: boolean;
  onSelect(id: number): void;
  onToggleMark(id: number): void;
};

/** The open statement lines; only the rows in view are in the DOM. */
export function LineList({ lines, selectedId, rejected, queued, marked, showJournal, onSelect, onToggleMark }: Props) {
  const viewportRef = useRef<HTMLDivElement>(null);
  const { onScroll, start, end, totalHeight, scrollToIndex } = useWindow(viewportRef, lines.length, ROW_HEIGHT);
  const selectedIndex = lines.findIndex((l) => l.statementLineId === selectedId);

  useEffect(() => {
    scrollToIndex(selectedIndex);
  }, [selectedIndex, scrollToIndex]);

  return (
    <div
      ref={viewportRef}
      onScroll={onScroll}
      className={classes.viewport}
      role="listbox"
      aria-label="Bank statement lines"
      aria-multiselectable
      aria-activedescendant={selectedId !== null ? `st-line-${selectedId}` : undefined}
      tabIndex={0}
    >
      <div style={{ height: totalHeight, position: 'relative' }}>
        {lines.slice(start, end).map((line, i) => {
          const index = start + i;
          const r = rejected[line.statementLineId];
          const top = openProposals(line, r)[0];
          const isQueued = queued[line.statementLineId] !== undefined;
          const isMarked = marked[line.statementLineId] === true;
          const partner = line.partnerName ?? top?.proposal.partnerName ?? line.counterpartyName;
          const refs = top?.proposal.items.map((it) => it.moveName).join(', ');
          const sub = [partner, refs, showJournal ? line.journalName : undefined].filter(Boolean).join(' · ');
          return (
            <div
              key={line.statementLineId}
              id={`st-line-${line.statementLineId}`}
              role="option"
              aria-selected={line.statementLineId === selectedId}
              aria-checked={isMarked}
              aria-label={line.label}
              data-marked={isMarked || undefined}
              className={classes.row}
              style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
              onClick={() => onSelect(line.statementLineId)}
            >
              <Checkbox
                size="xs"
                checked={isMarked}
                disabled={isQueued}
                tabIndex={-1}
                aria-label={`Mark ${line.label}`}
                onClick={(e) => e.stopPropagation()}
                onChange={() => onToggleMark(line.statementLineId)}
              />
              <Text size="xs" c="dimmed" className={classes.date}>
                {line.date}
              </Text>
              <div className={classes.label}>
                <Text size="sm" truncate title={line.label}>
                  {line.label}
                </Text>
                {sub && (
                  <Text size="xs" c="dimmed" truncate title={sub}>
                    {sub}
                  </Text>
                )}
              </div>
              <Text size="sm" fw={600} c={line.amount < 0 ? 'red' : 'teal'} className={classes.amount}>
                {formatAmount(line.amount)}
                <Text span size="xs" c="dimmed" fw={400}>
                  {' '}
                  {line.currency}
                </Text>
              </Text>
              {isQueued ? (
                <Badge size="sm" variant="outline" color="brand" style={{ flexShrink: 0 }}>
                  queued
                </Badge>
              ) : (
                <>
                  {isSkipped(line, r) && (
                    <Badge size="sm" variant="outline" color="gray" style={{ flexShrink: 0 }}>
                      skipped
                    </Badge>
                  )}
                  <ConfidenceBadge confidence={top?.proposal.confidence} />
                </>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
