import { useEffect, useState } from 'react';
import { Badge, Tooltip } from '@mantine/core';
import { IconCloudOff, IconFlask, IconLock, IconPlugConnected, IconPlugConnectedX } from '@tabler/icons-react';
import { onCoreConnection } from '../features/app-info/app-info.api';
import { useAppInfoStore } from '../features/app-info/app-info.store';

/** What the app is working against (`app:info` connection), and whether the core itself is reachable. */
export function ConnectionBadge() {
  const connection = useAppInfoStore((s) => s.info?.connection ?? null);
  const status = useAppInfoStore((s) => s.status);
  const coreState = useCoreConnection();
  const errorCode = useAppInfoStore((s) => s.errorCode);

  if (status === 'error' && errorCode === 'host/unauthorized') {
    return (
      <Tooltip label="Open the address printed by `smart-odoo serve`: it carries the access token">
        <Badge aria-label="Connection: not authorised" color="red" variant="light" size="lg" tt="none" fw={600} leftSection={<IconLock size={14} />}>
          Not authorised
        </Badge>
      </Tooltip>
    );
  }

  if (status === 'error' || coreState === 'lost') {
    return (
      <Tooltip label="The Smart Odoo core is not answering. Retrying…">
        <Badge aria-label="Connection: core offline" color="red" variant="light" size="lg" tt="none" fw={600} leftSection={<IconCloudOff size={14} />}>
          Core offline
        </Badge>
      </Tooltip>
    );
  }
  if (!connection) return null;
  switch (connection.kind) {
    case 'none':
      return (
        <Tooltip label="Connect an Odoo database to start — see the welcome guide">
          <Badge aria-label={`Connection: ${connection.label}`} color="gray" variant="light" size="lg" tt="none" fw={600} leftSection={<IconPlugConnectedX size={14} />}>
            {connection.label}
          </Badge>
        </Tooltip>
      );
    case 'demo':
      return (
        <Tooltip label="You are exploring the demo company: nothing reaches a real Odoo">
          <Badge aria-label="Connection: demo company" color="orange" variant="filled" size="lg" leftSection={<IconFlask size={14} />}>
            DEMO
          </Badge>
        </Tooltip>
      );
    case 'odoo':
      return (
        <Badge aria-label={`Connection: ${connection.label}`} color="teal" variant="light" size="lg" tt="none" fw={600} leftSection={<IconPlugConnected size={14} />}>
          {connection.label}
        </Badge>
      );
  }
}

/** `lost` only after the event channel had been open once: a first slow connect is not an outage. */
function useCoreConnection(): 'ok' | 'lost' {
  const [state, setState] = useState<'ok' | 'lost'>('ok');
  useEffect(() => {
    let wasOpen = false;
    return onCoreConnection((s) => {
      if (s === 'open') wasOpen = true;
      setState(wasOpen && s !== 'open' ? 'lost' : 'ok');
    });
  }, []);
  return state;
}
