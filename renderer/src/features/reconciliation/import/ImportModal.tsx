import { useState } from 'react';
import { Alert, Badge, Button, Center, Group, Loader, Modal, Radio, ScrollArea, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconBuildingBank, IconCheck, IconCopy, IconFileImport, IconSend, IconSettings } from '@tabler/icons-react';
import { formatAmount, formatMoney } from '../lines';
import type { Lookups, StatementPreview } from '../reconciliation.api';
import { CsvMappingStep } from './CsvMappingStep';
import { closeImport, confirmImport, draftChanged, editMapping, journalChosen, mappingConfirmed, useImportStore } from './import.store';
import { draftProblems } from './mapping';

type Props = { journals: Lookups['journals']; onPush(): void };

const MAX_ROWS = 300;

function JournalStep({ onChoose }: { onChoose(id: number): void }) {
  const unknown = useImportStore((s) => s.unknown);
  const busy = useImportStore((s) => s.busy);
  const [value, setValue] = useState<string | null>(null);
  if (!unknown) return null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (value) onChoose(Number(value));
      }}
    >
      <Stack gap="md">
        <Alert color="yellow" variant="light" icon={<IconBuildingBank size={18} />} title="Which bank journal is this?">
          {unknown.accounts[0] ? (
            <>
              The account <b>{unknown.accounts[0]}</b> matches no bank journal in Odoo. Choose the journal to import into.
            </>
          ) : (
            'This file names no bank account. Choose the journal to import into; its column mapping is remembered for the next file.'
          )}
        </Alert>
        {unknown.journals.length === 0 ? (
          <Text size="sm" c="dimmed">
            The active connection has no bank journal yet: create one in Odoo, sync, and import again.
          </Text>
        ) : (
          <Radio.Group value={value} onChange={setValue} aria-label="Bank journal" name="journal">
            <Stack gap="xs">
              {unknown.journals.map((j, i) => (
                <Radio
                  key={j.id}
                  value={String(j.id)}
                  data-autofocus={i === 0 ? true : undefined}
                  label={
                    <Group gap="xs">
                      <Text size="sm">{j.name}</Text>
                      {j.account && (
                        <Text size="xs" c="dimmed" ff="monospace">
                          {j.account}
                        </Text>
                      )}
                    </Group>
                  }
                />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={closeImport}>
            Cancel
          </Button>
          <Button type="submit" disabled={!value} loading={busy}>
            Continue
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function StatementSummary({ p, journals }: { p: StatementPreview; journals: Lookups['journals'] }) {
  const journalId = useImportStore((s) => s.journalId);
  const busy = useImportStore((s) => s.busy);
  const remembered = useImportStore((s) => s.remembered);
  const journal = journals.find((j) => j.id === journalId);
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Stat label="Format" value={p.format.toUpperCase()} />
        <Stat label="Lines" value={String(p.lineCount)} />
        <Stat label="Already imported" value={String(p.duplicates)} color={p.duplicates > 0 ? 'orange' : undefined} />
        <Stat label="New" value={String(p.lineCount - p.duplicates)} color="teal" />
      </SimpleGrid>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Bank journal"
          aria-label="Bank journal"
          w={280}
          data={journals.map((j) => ({ value: String(j.id), label: j.account ? `${j.name} · ${j.account}` : j.name }))}
          value={journalId !== null ? String(journalId) : null}
          onChange={(v) => v && void journalChosen(Number(v))}
          allowDeselect={false}
          disabled={busy}
        />
        {p.journalMatch === 'account' && journal && (
          <Badge variant="light" color="teal" mb={6}>
            found by the account number
          </Badge>
        )}
        {p.mapping && (
          <Button variant="subtle" size="xs" mb={4} leftSection={<IconSettings size={14} />} onClick={editMapping}>
            Column mapping{remembered ? ' (remembered)' : ''}
          </Button>
        )}
      </Group>
      {p.warnings.length > 0 && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={16} />} title={`${p.warnings.length} warning${p.warnings.length === 1 ? '' : 's'}`}>
          <Stack gap={2}>
            {p.warnings.map((w) => (
              <Text key={w} size="sm">
                {w}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {p.statements.map((s, i) => (
        <Stack key={`${s.statementId ?? ''}-${i}`} gap="xs" aria-label={`Statement ${i + 1}`}>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="xs">
              <Text fw={650} size="sm">
                {s.statementId ?? `Statement ${i + 1}`}
              </Text>
              <Text size="sm" c="dimmed" ff="monospace">
                {s.account.iban ?? s.account.number ?? 'no account in the file'}
              </Text>
              {s.account.currency && (
                <Badge size="sm" variant="default">
                  {s.account.currency}
                </Badge>
              )}
            </Group>
            <Group gap="md">
              <Text size="sm">
                Opening <b>{s.openingBalance !== undefined ? formatMoney(s.openingBalance, s.account.currency) : '—'}</b>
              </Text>
              <Text size="sm">
                Closing <b>{s.closingBalance !== undefined ? formatMoney(s.closingBalance, s.account.currency) : '—'}</b>
              </Text>
            </Group>
          </Group>
          <ScrollArea.Autosize mah={280} type="auto">
            <Table fz="sm" striped highlightOnHover stickyHeader aria-label={`Lines of statement ${i + 1}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={100}>Date</Table.Th>
                  <Table.Th>Label</Table.Th>
                  <Table.Th>Counterparty</Table.Th>
                  <Table.Th ta="right">Amount</Table.Th>
                  <Table.Th w={110} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.lines.slice(0, MAX_ROWS).map((l) => (
                  <Table.Tr key={l.uniqueId} style={l.duplicate ? { opacity: 0.6 } : undefined}>
                    <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{l.date}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{l.label}</Table.Td>
                    <Table.Td>{l.partnerName ?? ''}</Table.Td>
                    <Table.Td ta="right" c={l.amount < 0 ? 'red' : 'teal'} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                      {formatAmount(l.amount)} {l.currency}
                    </Table.Td>
                    <Table.Td>
                      {l.duplicate && (
                        <Badge size="sm" color="orange" variant="light" leftSection={<IconCopy size={10} />}>
                          duplicate
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {s.lines.length > MAX_ROWS && (
              <Text size="xs" c="dimmed" ta="center" p="xs">
                and {s.lines.length - MAX_ROWS} more lines
              </Text>
            )}
          </ScrollArea.Autosize>
        </Stack>
      ))}
    </Stack>
  );
}

function Stat({ label, value, color }: { label: string; value: string; color?: string | undefined }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="lg" fw={700} c={color} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
    </Stack>
  );
}

/** Statement import: reading, journal choice for an unknown account, the CSV/XLSX column mapping, the preview, the import. */
export function ImportModal({ journals, onPush }: Props) {
  const s = useImportStore();
  const draft = s.draft;
  const opened = s.step !== 'closed';

  const title = s.step === 'journal' ? 'Choose the bank journal' : s.step === 'mapping' ? 'Map the columns' : s.step === 'done' ? 'Statement imported' : 'Import a bank statement';
  const newLines = s.preview ? s.preview.lineCount - s.preview.duplicates : 0;
  const mappingReady = draft !== null && draftProblems(draft).length === 0;

  return (
    <Modal
      opened={opened}
      onClose={closeImport}
      size="xl"
      title={
        <Group gap="xs">
          <IconFileImport size={20} stroke={1.6} />
          <Text fw={650}>{title}</Text>
          {s.file && (
            <Text size="sm" c="dimmed">
              {s.file.name}
            </Text>
          )}
        </Group>
      }
    >
      {s.step === 'reading' && (
        <Center py="xl">
          <Group gap="sm">
            <Loader size="sm" />
            <Text size="sm">Reading {s.file?.name}…</Text>
          </Group>
        </Center>
      )}
      {s.step === 'journal' && <JournalStep onChoose={(id) => void journalChosen(id)} />}
      {s.step === 'mapping' && draft && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (mappingReady && !s.error) void mappingConfirmed();
          }}
        >
          <CsvMappingStep
            columns={s.columns}
            sample={s.sample}
            remembered={s.remembered}
            preview={s.preview}
            error={s.error}
            busy={s.busy}
            draft={draft}
            onChange={draftChanged}
          />
          <Group justify="flex-end" mt="lg">
            <Button variant="default" onClick={closeImport}>
              Cancel
            </Button>
            <Button type="submit" disabled={!mappingReady || s.error !== null} loading={s.busy}>
              Use this mapping
            </Button>
          </Group>
        </form>
      )}
      {(s.step === 'preview' || s.step === 'importing') && (
        <Stack gap="md">
          {s.error && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="This file cannot be imported">
              {s.error}
            </Alert>
          )}
          {s.preview && <StatementSummary p={s.preview} journals={journals} />}
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              New lines go to Odoo through the outbox; duplicates are skipped.
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={closeImport}>
                Cancel
              </Button>
              {s.preview && (
                <Button
                  leftSection={<IconFileImport size={16} />}
                  onClick={() => void confirmImport()}
                  loading={s.step === 'importing' || s.busy}
                  disabled={newLines === 0 || s.journalId === null}
                  data-autofocus
                >
                  {newLines === 0 ? 'Nothing new to import' : `Import ${newLines} line${newLines === 1 ? '' : 's'}`}
                </Button>
              )}
            </Group>
          </Group>
        </Stack>
      )}
      {s.step === 'done' && s.result && (
        <Stack gap="md">
          <Alert color="green" variant="light" icon={<IconCheck size={18} />} title={`${s.result.imported} line${s.result.imported === 1 ? '' : 's'} queued for Odoo`}>
            {s.result.duplicates > 0 ? `${s.result.duplicates} line${s.result.duplicates === 1 ? ' was' : 's were'} already imported and skipped. ` : ''}
            Push now to create them in Odoo; they appear in the workbench with their match proposals right after.
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={closeImport}>
              Close
            </Button>
            <Button
              leftSection={<IconSend size={16} />}
              data-autofocus
              onClick={() => {
                onPush();
                closeImport();
              }}
            >
              Push now
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
