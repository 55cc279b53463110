import { ScrollArea, Table, Text } from '@mantine/core';
import type { Table as TableSpec } from '../../../../../core/contract';
import { cellCurrency, formatFigure } from '../figures';

type Props = { table: TableSpec; locale: string; currency: string; label: string; maxHeight?: number; onDrill?: (key: string, label: string) => void };

const numeric = (f: string) => f !== 'text' && f !== 'date';

/** A widget's table; rows with a drill key open their records on click or Enter. */
export function WidgetTable({ table, locale, currency, label, maxHeight = 300, onDrill }: Props) {
  const first = table.columns[0]?.key;
  return (
    <ScrollArea.Autosize mah={maxHeight} type="auto" offsetScrollbars>
      <Table striped highlightOnHover={Boolean(onDrill && table.drillKeyField)} verticalSpacing={4} fz="sm" aria-label={label} stickyHeader>
        <Table.Thead>
          <Table.Tr>
            {table.columns.map((c) => (
              <Table.Th key={c.key} style={{ textAlign: numeric(c.format) ? 'right' : 'left', whiteSpace: 'nowrap' }}>
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {table.rows.map((r, i) => {
            const key = table.drillKeyField ? r[table.drillKeyField] : undefined;
            const can = Boolean(onDrill && key !== null && key !== undefined);
            const open = () => can && onDrill!(String(key), String((first && r[first]) ?? key));
            const hi = table.highlightField ? r[table.highlightField] === true : false;
            return (
              <Table.Tr
                key={i}
                tabIndex={can ? 0 : undefined}
                onClick={can ? open : undefined}
                onKeyDown={can ? (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), open()) : undefined}
                style={{ cursor: can ? 'pointer' : undefined, ...(hi ? { backgroundColor: 'var(--mantine-color-red-light)' } : {}) }}
                data-highlight={hi || undefined}
                aria-label={can ? `Show the records behind ${String((first && r[first]) ?? key)}` : undefined}
              >
                {table.columns.map((c) => (
                  <Table.Td key={c.key} style={{ textAlign: numeric(c.format) ? 'right' : 'left', whiteSpace: numeric(c.format) || c.format === 'date' ? 'nowrap' : undefined, fontVariantNumeric: 'tabular-nums' }}>
                    {formatFigure(r[c.key], c.format, locale, cellCurrency(c, r, currency))}
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {table.total !== undefined && table.total > table.rows.length && (
        <Text size="xs" c="dimmed" mt={4}>
          First {table.rows.length} of {table.total}.
        </Text>
      )}
    </ScrollArea.Autosize>
  );
}
