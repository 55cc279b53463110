import { useEffect, useMemo } from 'react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { refreshAppInfo } from '../features/app-info/app-info.store';
import { useJobsFeed } from '../features/jobs/useJobsFeed';
import { useOutboxFeed } from '../features/outbox/useOutboxFeed';
import { loadSettings, useSettingsStore } from '../features/settings/settings.store';
import { useSyncFeed } from '../features/sync/useSyncFeed';
import { followLocationHash } from './route.store';
import { Shell } from './Shell';
import { memoryColorSchemeManager, theme } from './theme';
import { useCallErrorNotifications } from './useCallErrorNotifications';

function Bootstrap() {
  useCallErrorNotifications();
  useJobsFeed();
  useSyncFeed();
  useOutboxFeed();
  useEffect(() => {
    void refreshAppInfo();
    void loadSettings();
    return followLocationHash();
  }, []);
  return <Shell />;
}

export function App() {
  const themeSetting = useSettingsStore((s) => s.settings?.theme ?? 'auto');
  const manager = useMemo(() => memoryColorSchemeManager(), []);
  return (
    <MantineProvider
      theme={theme}
      colorSchemeManager={manager}
      defaultColorScheme="auto"
      // 'auto' follows the OS live; light/dark pin it
      forceColorScheme={themeSetting === 'auto' ? undefined : themeSetting}
    >
      <Notifications position="bottom-right" limit={4} />
      <Bootstrap />
    </MantineProvider>
  );
}
