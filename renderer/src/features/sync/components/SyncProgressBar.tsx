import { ActionIcon, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { IconPlayerStopFilled } from '@tabler/icons-react';
import { formatCount, formatEta } from '../../../shared/format/format';
import { useJobsStore } from '../../jobs/jobs.store';
import { cancelRunningSync } from '../useSyncFeed';
import { useSyncStore } from '../sync.store';

type Props = { size?: 'compact' | 'full' };

/**
 * The running sync: overall bar (finished models plus the share of the current one), the model being read,
 * records done/total and the ETA. Cancel stops at the next safe point; what was downloaded is kept.
 */
export function SyncProgressBar({ size = 'compact' }: Props) {
  const jobId = useSyncStore((s) => s.runningJobId);
  const progress = useSyncStore((s) => s.progress);
  const percent = useSyncStore((s) => s.percent);
  const job = useJobsStore((s) => (jobId ? s.byId[jobId] : undefined));
  if (!jobId) return null;

  const stopping = job !== undefined && !job.cancellable && job.state === 'running';
  const finished = percent >= 100 || job?.state === 'succeeded';
  const label = finished
    ? 'Sync complete'
    : progress
      ? `${progress.label}${size === 'full' ? ` (${progress.model})` : ''}`
      : (job?.message ?? 'Starting sync…');
  const counts = progress && !finished ? `${formatCount(progress.done)}${progress.total !== null ? ` / ${formatCount(progress.total)}` : ''}` : null;
  const step = progress && !finished ? `model ${progress.modelIndex + 1} of ${progress.modelCount}` : null;
  const eta = progress && !finished ? formatEta(progress.etaSeconds) : null;
  const detail = [counts, size === 'full' ? step : null, eta].filter(Boolean).join(' · ');
  const value = Math.round(percent);

  return (
    <Stack gap={4} w={size === 'compact' ? 300 : '100%'} aria-label="Sync in progress" role="status">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" fw={600} lineClamp={1}>
          {stopping ? 'Stopping…' : label}
        </Text>
        <Group gap={6} wrap="nowrap">
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
            {detail || (progress || finished ? `${value} %` : '')}
          </Text>
          {!finished && (
            <Tooltip label="Cancel sync (what was downloaded is kept)">
              <ActionIcon
                size="sm"
                variant="subtle"
                color="red"
                aria-label="Cancel sync"
                disabled={stopping}
                onClick={() => void cancelRunningSync()}
              >
                <IconPlayerStopFilled size={13} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>
      <Progress
        aria-label="Sync progress"
        size={size === 'compact' ? 'sm' : 'md'}
        radius="xl"
        value={progress || finished ? value : 100}
        striped={!progress && !finished}
        animated={!progress && !finished}
        color={finished ? 'teal' : 'brand'}
        transitionDuration={150}
        data-indeterminate={(!progress && !finished) || undefined}
      />
    </Stack>
  );
}
