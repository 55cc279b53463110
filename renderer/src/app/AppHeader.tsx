import { ActionIcon, Burger, Group, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconBuildingBank, IconKeyboard } from '@tabler/icons-react';
import { JobsIndicator } from '../features/jobs/components/JobsIndicator';
import { SyncControl } from '../features/sync/components/SyncControl';
import { ConnectionBadge } from './ConnectionBadge';
import { useShortcutsStore } from './shortcuts.store';
import classes from './Shell.module.css';

type Props = { navOpened: boolean; onToggleNav(): void };

export function AppHeader({ navOpened, onToggleNav }: Props) {
  const openShortcuts = useShortcutsStore((s) => s.shortcutSheetOpened);
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Burger opened={navOpened} onClick={onToggleNav} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
        <ThemeIcon className={classes.logo} size={32} radius="md" variant="transparent" aria-hidden>
          <IconBuildingBank size={19} stroke={1.8} />
        </ThemeIcon>
        <Text component="h1" fw={700} fz="lg" lts={-0.2} m={0}>
          Smart Odoo
        </Text>
        <ConnectionBadge />
      </Group>
      <Group gap={6} wrap="nowrap">
        <SyncControl />
        <JobsIndicator />
        <Tooltip label="Keyboard shortcuts (?)">
          <ActionIcon variant="subtle" color="gray" size="lg" aria-label="Keyboard shortcuts" onClick={openShortcuts}>
            <IconKeyboard size={20} stroke={1.6} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Group>
  );
}
