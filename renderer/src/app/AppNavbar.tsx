import { Group, Kbd, NavLink, Stack, Text } from '@mantine/core';
import { useAppInfoStore } from '../features/app-info/app-info.store';
import { navigate, useRouteStore } from './route.store';
import { hashFor, ROUTES } from './routes';
import classes from './Shell.module.css';

type Props = { onNavigate(): void };

export function AppNavbar({ onNavigate }: Props) {
  const route = useRouteStore((s) => s.route);
  const info = useAppInfoStore((s) => s.info);
  return (
    <Stack justify="space-between" h="100%" p="sm" gap="sm">
      <Stack component="nav" aria-label="Main" gap={4}>
        {ROUTES.map((r) => {
          const active = r.id === route;
          return (
            <NavLink
              key={r.id}
              component="a"
              href={hashFor(r.id)}
              className={classes.navLink}
              active={active}
              aria-current={active ? 'page' : undefined}
              label={r.label}
              leftSection={<r.icon size={19} stroke={1.6} />}
              rightSection={
                <Group gap={2} className={classes.navHint} aria-hidden wrap="nowrap">
                  <Kbd size="xs">G</Kbd>
                  <Kbd size="xs">{r.key.toUpperCase()}</Kbd>
                </Group>
              }
              onClick={(e) => {
                e.preventDefault();
                navigate(r.id);
                onNavigate();
              }}
            />
          );
        })}
      </Stack>
      <Text size="xs" c="dimmed" px="xs">
        {info ? `Version ${info.version} · ${info.host === 'electron' ? 'desktop' : `${info.host} host`}` : ' '}
      </Text>
    </Stack>
  );
}
