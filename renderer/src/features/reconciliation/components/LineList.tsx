import { useEffect, useRef } from 'react';
import { Badge, Text } from '@mantine/core';
import { formatAmount, openProposals } from '../lines';
import type { StatementLine } from '../reconciliation.api';
import { useWindow } from '../useWindow';
import { ConfidenceBadge } from './ConfidenceBadge';
import classes from './Reconciliation.module.css';

export const ROW_HEIGHT = 44;

type Props = {
  lines: StatementLine[];
  selectedId: number | null;
  rejected: Record<number, number[]>;
  skipped: Record<number, true>;
  queued: Record<number, number>;
  onSelect(id: number): void;
};

/** The open statement lines; only the rows in view are in the DOM. */
export function LineList({ lines, selectedId, rejected, skipped, queued, onSelect }: Props) {
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
      aria-activedescendant={selectedId !== null ? `st-line-${selectedId}` : undefined}
      tabIndex={0}
    >
      <div style={{ height: totalHeight, position: 'relative' }}>
        {lines.slice(start, end).map((line, i) => {
          const index = start + i;
          const top = openProposals(line, rejected[line.statementLineId])[0];
          const isQueued = queued[line.statementLineId] !== undefined;
          return (
            <div
              key={line.statementLineId}
              id={`st-line-${line.statementLineId}`}
              role="option"
              aria-selected={line.statementLineId === selectedId}
              aria-label={line.label}
              className={classes.row}
              style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
              onClick={() => onSelect(line.statementLineId)}
            >
              <Text size="xs" c="dimmed" className={classes.date}>
                {line.date}
              </Text>
              <Text size="sm" className={classes.label} title={line.label}>
                {line.label}
              </Text>
              <Text size="sm" fw={600} c={line.amount < 0 ? 'red' : 'teal'} className={classes.amount}>
                {formatAmount(line.amount)}
              </Text>
              {isQueued ? (
                <Badge size="sm" variant="outline" color="brand" style={{ flexShrink: 0 }}>
                  queued
                </Badge>
              ) : (
                <>
                  {skipped[line.statementLineId] && (
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
