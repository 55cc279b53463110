import { useState } from 'react';
import { Button, Group } from '@mantine/core';
import { IconPlugConnected, IconRotateClockwise } from '@tabler/icons-react';
import { watchJob } from '../jobs/useJobsFeed';
import { resetDemo } from './demo.api';
import { openConnections } from './openConnections';
import { ResetDemoModal } from './ResetDemoModal';

/** The two ways out of the demo company, for empty states: your own Odoo, or a fresh demo. */
export function DemoActions({ size = 'sm' }: { size?: 'xs' | 'sm' }) {
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);

  const onReset = async () => {
    setBusy(true);
    try {
      const { jobId } = await resetDemo();
      watchJob(jobId);
      setConfirm(false);
    } catch {
      // reported by the client
    } finally {
      setBusy(false);
    }
  };

  return (
    <Group gap="sm" justify="center">
      <Button size={size} leftSection={<IconPlugConnected size={16} />} onClick={() => openConnections({ add: true })}>
        Connect your Odoo
      </Button>
      <Button size={size} variant="default" leftSection={<IconRotateClockwise size={16} />} onClick={() => setConfirm(true)}>
        Reset demo data
      </Button>
      <ResetDemoModal opened={confirm} busy={busy} onClose={() => setConfirm(false)} onConfirm={() => void onReset()} />
    </Group>
  );
}
