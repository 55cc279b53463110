import type { Ref } from 'react';
import { Button, Group, Kbd, NumberInput, SegmentedControl, Select, Text, TextInput } from '@mantine/core';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import { BANDS, type Band, type BandFilter, type SignFilter, type StatusFilter } from '../lines';
import { useLookupsStore } from '../lookups.store';
import { useReconciliationStore } from '../reconciliation.store';
import classes from './Reconciliation.module.css';

const isBand = (v: string): v is BandFilter => v === 'all' || BANDS.some((b) => b.band === v);
const isSign = (v: string): v is SignFilter => v === 'all' || v === 'in' || v === 'out';
const isStatus = (v: string): v is StatusFilter => v === 'all' || v === 'open' || v === 'queued' || v === 'skipped';
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** One end of the period: sent once the date is whole, or cleared. */
function DateBound({ label, value, onChange }: { label: string; value: string | undefined; onChange(v: string | undefined): void }) {
  return (
    <TextInput
      type="date"
      aria-label={label}
      value={value ?? ''}
      onChange={(e) => {
        const v = e.currentTarget.value;
        if (v === '' || isDate(v)) onChange(v || undefined);
      }}
      w={150}
    />
  );
}

/** One end of the amount range (an emptied field clears it). */
function AmountBound({ label, placeholder, value, onChange, w }: { label: string; placeholder: string; value: number | undefined; onChange(v: number | undefined): void; w: number }) {
  return (
    <NumberInput
      aria-label={label}
      placeholder={placeholder}
      min={0}
      decimalScale={2}
      hideControls
      value={value ?? ''}
      onChange={(v) => onChange(typeof v === 'number' ? v : undefined)}
      w={w}
    />
  );
}

/** Journal, period and amount go to the core (`reconcile:propose`); text, sign, status and band apply to its answer. */
export function FilterBar({ searchRef, counts }: { searchRef: Ref<HTMLInputElement>; counts: Record<Band, number> }) {
  const s = useReconciliationStore();
  const journals = useLookupsStore((st) => st.journals);
  const any = s.query !== '' || s.band !== 'all' || s.sign !== 'all' || s.status !== 'all' || Object.keys(s.server).length > 0;
  const total = counts.auto + counts.high + counts.medium + counts.none;
  return (
    <div className={classes.filters} role="group" aria-label="Filters">
      <Group gap="sm" wrap="wrap" align="flex-end">
        <TextInput
          ref={searchRef}
          aria-label="Search bank lines"
          placeholder="Label, partner, invoice"
          leftSection={<IconSearch size={16} />}
          rightSection={<Kbd size="xs">F</Kbd>}
          value={s.query}
          onChange={(e) => s.queryChanged(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' || e.key === 'Enter') e.currentTarget.blur();
          }}
          w={220}
        />
        <Select
          aria-label="Journal"
          placeholder="All journals"
          data={journals.map((j) => ({ value: String(j.id), label: j.name }))}
          value={s.server.journalId !== undefined ? String(s.server.journalId) : null}
          onChange={(v) => s.serverFiltersChanged({ journalId: v ? Number(v) : undefined })}
          clearable
          w={180}
        />
        <DateBound label="From date" value={s.server.dateFrom} onChange={(dateFrom) => s.serverFiltersChanged({ dateFrom })} />
        <Text size="sm" c="dimmed" pb={6}>
          to
        </Text>
        <DateBound label="To date" value={s.server.dateTo} onChange={(dateTo) => s.serverFiltersChanged({ dateTo })} />
        <AmountBound label="Minimum amount" placeholder="Amount from" value={s.server.amountMin} onChange={(amountMin) => s.serverFiltersChanged({ amountMin })} w={120} />
        <AmountBound label="Maximum amount" placeholder="to" value={s.server.amountMax} onChange={(amountMax) => s.serverFiltersChanged({ amountMax })} w={110} />
        {any && (
          <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={14} />} onClick={s.filtersCleared} mb={4}>
            Clear filters
          </Button>
        )}
      </Group>
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          aria-label="Confidence"
          size="xs"
          value={s.band}
          onChange={(v) => {
            if (isBand(v)) s.bandChosen(v);
          }}
          data={[
            { value: 'all', label: `All ${total}` },
            ...BANDS.map((b) => ({
              value: b.band,
              label: (
                <Group gap={6} wrap="nowrap" justify="center" aria-label={`${b.label}: ${counts[b.band]}`}>
                  <span className={classes.dot} style={{ background: `var(--mantine-color-${b.color}-filled)` }} />
                  <span>{b.label}</span>
                  <Text span size="xs" c="dimmed" fw={600}>
                    {counts[b.band]}
                  </Text>
                </Group>
              ),
            })),
          ]}
        />
        <SegmentedControl
          aria-label="Status"
          size="xs"
          value={s.status}
          onChange={(v) => {
            if (isStatus(v)) s.statusChosen(v);
          }}
          data={[
            { value: 'all', label: 'Any status' },
            { value: 'open', label: 'To review' },
            { value: 'queued', label: 'Queued' },
            { value: 'skipped', label: 'Rejected' },
          ]}
        />
        <SegmentedControl
          aria-label="Amount sign"
          size="xs"
          value={s.sign}
          onChange={(v) => {
            if (isSign(v)) s.signChosen(v);
          }}
          data={[
            { value: 'all', label: 'All' },
            { value: 'in', label: 'Money in' },
            { value: 'out', label: 'Money out' },
          ]}
        />
      </Group>
    </div>
  );
}
