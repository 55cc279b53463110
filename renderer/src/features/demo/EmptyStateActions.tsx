import { Button, EmptyState } from '@mantine/core';
import { IconPlugConnected } from '@tabler/icons-react';
import { useAppInfoStore } from '../app-info/app-info.store';
import { DemoActions } from './DemoActions';
import { openConnections } from './openConnections';

/** Actions under a page's empty state: leave the demo company, or connect a first Odoo. */
export function EmptyStateActions() {
  const kind = useAppInfoStore((s) => s.info?.connection.kind ?? null);
  if (kind === 'demo')
    return (
      <EmptyState.Actions>
        <DemoActions />
      </EmptyState.Actions>
    );
  if (kind === 'none')
    return (
      <EmptyState.Actions>
        <Button size="sm" leftSection={<IconPlugConnected size={16} />} onClick={() => openConnections({ add: true })}>
          Connect your Odoo
        </Button>
      </EmptyState.Actions>
    );
  return null;
}
