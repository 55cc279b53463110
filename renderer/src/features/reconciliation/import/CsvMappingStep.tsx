import { Alert, Badge, Group, Loader, MultiSelect, NumberInput, ScrollArea, SegmentedControl, Select, SimpleGrid, Stack, Switch, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconBookmark } from '@tabler/icons-react';
import { formatAmount } from '../lines';
import type { CsvMappingInput, StatementPreview } from '../reconciliation.api';
import { DATE_FORMATS, FIELD_LABELS, draftProblems, effectiveColumns, type MappedField, type MappingDraft } from './mapping';

type Props = {
  columns: string[];
  sample: string[][];
  remembered: boolean;
  /** the live preview with the current mapping (null while it runs or when it failed) */
  preview: StatementPreview | null;
  error: string | null;
  busy: boolean;
  onChange(draft: MappingDraft): void;
  draft: MappingDraft;
};

const OPTIONAL: MappedField[] = ['valueDate', 'partnerName', 'partnerAccount', 'reference', 'currency', 'balance'];
const THOUSANDS = [
  { value: '', label: 'none' },
  { value: ',', label: ', (comma)' },
  { value: '.', label: '. (dot)' },
  { value: ' ', label: 'space' },
  { value: "'", label: "' (apostrophe)" },
];
const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'JPY', 'CAD', 'AUD'];
const DELIMITERS = [
  { value: ',', label: ', (comma)' },
  { value: ';', label: '; (semicolon)' },
  { value: '\t', label: 'tab' },
  { value: '|', label: '| (pipe)' },
];

/** The column-mapping step of a CSV/XLSX import: which column is what, number and date conventions, and a live preview. */
export function CsvMappingStep({ columns: coreColumns, sample: coreSample, remembered, preview, error, busy, onChange, draft }: Props) {
  const { names: columns, rows: sample } = effectiveColumns(draft.base, coreColumns, coreSample);
  const width = Math.max(columns.length, ...sample.map((r) => r.length));
  const colOptions = Array.from({ length: width }, (_, i) => ({ value: String(i), label: columns[i]?.trim() ? columns[i]!.trim() : `Column ${i + 1}` }));
  const problems = draftProblems(draft);
  const update = (next: MappingDraft) => onChange(next);
  const setCol = (f: MappedField, v: string | null) => {
    const cols = { ...draft.cols };
    if (v === null || v === '') delete cols[f];
    else cols[f] = Number(v);
    update({ ...draft, cols });
  };
  const setBase = (patch: Partial<CsvMappingInput>) => update({ ...draft, base: { ...draft.base, ...patch } });
  const colSelect = (f: MappedField, required = false) => (
    <Select
      key={f}
      label={FIELD_LABELS[f]}
      aria-label={FIELD_LABELS[f]}
      placeholder={required ? 'Choose a column' : 'Not in this file'}
      data={colOptions}
      value={draft.cols[f] !== undefined ? String(draft.cols[f]) : null}
      onChange={(v) => setCol(f, v)}
      clearable={!required}
      allowDeselect={false}
      withAsterisk={required}
      comboboxProps={{ withinPortal: true }}
    />
  );
  const used = new Map<number, string>();
  for (const [f, i] of Object.entries(draft.cols)) if (i !== undefined) used.set(i, FIELD_LABELS[f as MappedField]);
  for (const i of draft.label) used.set(i, 'Label');
  const parsed = preview?.statements.flatMap((s) => s.lines).slice(0, 5) ?? [];

  return (
    <Stack gap="md">
      {remembered ? (
        <Alert color="brand" variant="light" icon={<IconBookmark size={16} />} title="Remembered mapping">
          This is the mapping you used last time for this bank account. Change it if the bank changed its export.
        </Alert>
      ) : (
        <Text size="sm" c="dimmed">
          Tell Smart Odoo which column holds what. The mapping is remembered for this bank account.
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        {colSelect('date', true)}
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Amounts
          </Text>
          <SegmentedControl
            aria-label="Amount columns"
            size="xs"
            fullWidth
            value={draft.amountMode}
            onChange={(v) => update({ ...draft, amountMode: v === 'split' ? 'split' : 'single' })}
            data={[
              { value: 'single', label: 'Signed amount' },
              { value: 'split', label: 'Debit + credit' },
            ]}
          />
        </Stack>
        <MultiSelect
          label="Label"
          aria-label="Label columns"
          withAsterisk
          placeholder={draft.label.length ? undefined : 'One or more columns'}
          data={colOptions}
          value={draft.label.map(String)}
          onChange={(v) => update({ ...draft, label: v.map(Number) })}
          comboboxProps={{ withinPortal: true }}
        />
        {draft.amountMode === 'single' ? (
          <>
            {colSelect('amount', true)}
            {colSelect('debitCreditMark')}
          </>
        ) : (
          <>
            {colSelect('debit', true)}
            {colSelect('credit', true)}
          </>
        )}
        {OPTIONAL.map((f) => colSelect(f))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 2, sm: 6 }} spacing="sm">
        <Select
          label="Decimal separator"
          data={[
            { value: '.', label: '. (1234.56)' },
            { value: ',', label: ', (1234,56)' },
          ]}
          value={draft.base.decimal}
          onChange={(v) => v && setBase({ decimal: v === ',' ? ',' : '.' })}
          allowDeselect={false}
        />
        <Select
          label="Thousands separator"
          data={THOUSANDS}
          value={draft.base.thousands ?? ''}
          onChange={(v) => {
            const { thousands: _drop, ...rest } = draft.base;
            update({ ...draft, base: v ? { ...rest, thousands: v } : rest });
          }}
          allowDeselect={false}
        />
        <Select
          label="Date format"
          data={DATE_FORMATS.map((f) => ({ value: f, label: f }))}
          value={draft.base.dateFormat}
          onChange={(v) => {
            const f = DATE_FORMATS.find((x) => x === v);
            if (f) setBase({ dateFormat: f });
          }}
          allowDeselect={false}
        />
        <Select
          label="Delimiter"
          data={DELIMITERS}
          value={draft.base.delimiter ?? null}
          placeholder="detected"
          onChange={(v) => {
            const { delimiter: _drop, ...rest } = draft.base;
            update({ ...draft, base: v ? { ...rest, delimiter: v } : rest });
          }}
          clearable
        />
        <Select
          label="Currency"
          description={draft.cols.currency !== undefined ? 'from its column' : 'of every line'}
          aria-label="Statement currency"
          data={CURRENCIES}
          searchable
          value={draft.base.currency ?? null}
          onChange={(v) => {
            const { currency: _drop, ...rest } = draft.base;
            update({ ...draft, base: v ? { ...rest, currency: v } : rest });
          }}
          disabled={draft.cols.currency !== undefined}
          placeholder="Choose"
        />
        <NumberInput label="Rows before the header" min={0} max={1000} value={draft.base.skipRows ?? 0} onChange={(v) => setBase({ skipRows: typeof v === 'number' ? v : 0 })} />
      </SimpleGrid>
      <Group gap="lg">
        <Switch label="First row is a header" checked={draft.base.hasHeader !== false} onChange={(e) => setBase({ hasHeader: e.currentTarget.checked })} />
        <Switch
          label="Flip signs (card exports show purchases as positive)"
          checked={draft.base.invertSign === true}
          onChange={(e) => setBase({ invertSign: e.currentTarget.checked })}
        />
      </Group>

      <Stack gap={4}>
        <Text size="xs" tt="uppercase" fw={700} c="dimmed">
          The file
        </Text>
        <ScrollArea type="auto" offsetScrollbars>
          <Table withTableBorder withColumnBorders striped fz="xs" aria-label="File sample">
            <Table.Thead>
              <Table.Tr>
                {Array.from({ length: width }, (_, i) => (
                  <Table.Th key={i} style={{ whiteSpace: 'nowrap' }}>
                    <Stack gap={2}>
                      <span>{columns[i] || `Column ${i + 1}`}</span>
                      {used.has(i) && (
                        <Badge size="xs" variant="light">
                          {used.get(i)}
                        </Badge>
                      )}
                    </Stack>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sample.slice(0, 5).map((row, r) => (
                <Table.Tr key={r}>
                  {Array.from({ length: width }, (_, i) => (
                    <Table.Td key={i} style={{ whiteSpace: 'nowrap' }}>
                      {row[i] ?? ''}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Stack>

      <Stack gap={4} aria-label="Parsed with this mapping">
        <Group gap="xs">
          <Text size="xs" tt="uppercase" fw={700} c="dimmed">
            Read with this mapping
          </Text>
          {busy && <Loader size="xs" />}
        </Group>
        {problems.length > 0 ? (
          <Text size="sm" c="dimmed">
            {problems.join(' ')}
          </Text>
        ) : error ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />} title="This mapping does not read the file">
            {error}
          </Alert>
        ) : parsed.length === 0 ? (
          <Text size="sm" c="dimmed">
            {busy ? 'Reading…' : 'No line read yet.'}
          </Text>
        ) : (
          <Table fz="sm" aria-label="Parsed sample">
            <Table.Tbody>
              {parsed.map((l) => (
                <Table.Tr key={l.uniqueId}>
                  <Table.Td w={100}>{l.date}</Table.Td>
                  <Table.Td>{l.label}</Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }} c={l.amount < 0 ? 'red' : 'teal'}>
                    {formatAmount(l.amount)} {l.currency}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Stack>
  );
}
