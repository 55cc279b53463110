import { useState } from 'react';
import { ActionIcon, Box, Button, Divider, Group, Indicator, Loader, Popover, ScrollArea, Stack, Text, Tooltip } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import { useShallow } from 'zustand/react/shallow';
import { cancelJob } from '../jobs.api';
import { isActive, selectJobs, useJobsStore } from '../jobs.store';
import { JobRow } from './JobRow';

/** Header button that shows every long task of the app, with progress, ETA and cancel. */
export function JobsIndicator() {
  const [opened, setOpened] = useState(false);
  const jobs = useJobsStore(useShallow(selectJobs));
  const running = jobs.filter(isActive).length;
  const finished = jobs.length - running;

  const onCancel = (jobId: string) => {
    useJobsStore.getState().jobCancelRequested(jobId);
    cancelJob(jobId).catch(() => {
      // reported by the client; the next progress event restores the row
    });
  };

  const label = running > 0 ? `Background jobs: ${running} running` : 'Background jobs';

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={380} shadow="lg" withArrow arrowPosition="center">
      <Popover.Target>
        <Tooltip label={label} disabled={opened}>
          <Indicator disabled={running === 0} label={running} size={16} offset={4} color="brand">
            <ActionIcon variant={opened ? 'light' : 'subtle'} color="gray" size="lg" aria-label={label} aria-expanded={opened} onClick={() => setOpened((o) => !o)}>
              {running > 0 ? <Loader size={18} type="oval" /> : <IconChecklist size={20} stroke={1.6} />}
            </ActionIcon>
          </Indicator>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p={0} aria-label="Background jobs panel">
        <Group justify="space-between" px="md" py="sm">
          <div>
            <Text fw={650} size="sm">
              Background jobs
            </Text>
            <Text size="xs" c="dimmed">
              {running > 0 ? `${running} running` : 'Nothing running'}
            </Text>
          </div>
          {finished > 0 && (
            <Button size="compact-xs" variant="subtle" color="gray" onClick={() => useJobsStore.getState().finishedJobsCleared()}>
              Clear finished
            </Button>
          )}
        </Group>
        <Divider />
        {jobs.length === 0 ? (
          <Box px="md" py="lg">
            <Text size="sm" c="dimmed" ta="center">
              Syncs, checks and extractions show up here while they run.
            </Text>
          </Box>
        ) : (
          <ScrollArea.Autosize mah={360} type="auto">
            <Stack gap="md" px="md" py="sm" role="list" aria-label="Jobs">
              {jobs.map((job) => (
                <JobRow key={job.id} job={job} onCancel={onCancel} />
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
