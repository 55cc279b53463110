import { ActionIcon, Badge, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { IconPlayerStopFilled } from '@tabler/icons-react';
import type { Job, JobState } from '../../../../../core/contract';
import { formatEta, formatTime, progressPercent } from '../../../shared/format/format';
import { useSettingsStore } from '../../settings/settings.store';

const STATE_LABEL: Record<JobState, { label: string; color: string }> = {
  queued: { label: 'Queued', color: 'gray' },
  running: { label: 'Running', color: 'brand' },
  succeeded: { label: 'Done', color: 'teal' },
  failed: { label: 'Failed', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'gray' },
};

/** While running, the job's own step message; once finished, the outcome (the last step name means nothing then). */
const DETAIL: Record<JobState, (job: Job) => string> = {
  queued: () => 'Waiting to start…',
  running: (job) => job.message ?? 'Working…',
  succeeded: () => 'Completed',
  failed: (job) => job.error?.message ?? 'Stopped with an error',
  cancelled: () => 'Stopped before the end',
};

type Props = { job: Job; onCancel(jobId: string): void };

export function JobRow({ job, onCancel }: Props) {
  const locale = useSettingsStore((s) => s.settings?.locale);
  const state = STATE_LABEL[job.state];
  const active = job.state === 'running' || job.state === 'queued';
  const pct = job.state === 'succeeded' ? 100 : progressPercent(job.done, job.total);
  const eta = active ? formatEta(job.etaSeconds) : null;
  const detail = DETAIL[job.state](job);

  return (
    <Stack gap={6} role="listitem" aria-label={`${job.title}: ${state.label}`} data-job-state={job.state}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={600} lineClamp={1}>
          {job.title}
        </Text>
        <Group gap={6} wrap="nowrap">
          <Badge size="sm" variant="light" color={state.color}>
            {state.label}
          </Badge>
          {active && job.cancellable && (
            <Tooltip label="Cancel">
              <ActionIcon size="sm" variant="subtle" color="red" aria-label={`Cancel ${job.title}`} onClick={() => onCancel(job.id)}>
                <IconPlayerStopFilled size={14} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>
      <Progress
        size="sm"
        radius="xl"
        value={pct ?? 100}
        striped={active && pct === null}
        animated={active}
        color={job.state === 'failed' ? 'red' : job.state === 'succeeded' ? 'teal' : job.state === 'cancelled' ? 'gray' : 'brand'}
        aria-label={`${job.title} progress`}
      />
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" c={job.state === 'failed' ? 'red' : 'dimmed'} lineClamp={1}>
          {detail}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
          {active
            ? [job.total !== null ? `${job.done} / ${job.total}` : null, eta].filter(Boolean).join(' · ')
            : formatTime(job.finishedAt ?? job.startedAt, locale)}
        </Text>
      </Group>
    </Stack>
  );
}
