import { Badge, Group, Kbd, NavLink, Stack, Text } from '@mantine/core';
import { useAppInfoStore } from '../features/app-info/app-info.store';
import { needsAttention, useOutboxStore } from '../features/outbox/outbox.store';
import { navigate, useRouteStore } from './route.store';
import { hashFor, ROUTES } from './routes';
import classes from './Shell.module.css';

type Props = { onNavigate(): void };

export function AppNavbar({ onNavigate }: Props) {
  const route = useRouteStore((s) => s.route);
  const info = useAppInfoStore((s) => s.info);
  const outboxCount = useOutboxStore((s) => needsAttention(s.counts));
  const conflicts = useOutboxStore((s) => s.counts.conflict);
  const outboxLabel = [outboxCount - conflicts > 0 ? `${outboxCount - conflicts} to send` : null, conflicts > 0 ? `${conflicts} in conflict` : null]
    .filter(Boolean)
    .join(', ');
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
                <Group gap={6} wrap="nowrap">
                  <Group gap={2} className={classes.navHint} aria-hidden wrap="nowrap">
                    <Kbd size="xs">G</Kbd>
                    <Kbd size="xs">{r.key.toUpperCase()}</Kbd>
                  </Group>
                  {r.id === 'outbox' && outboxCount > 0 && (
                    <Badge
                      size="sm"
                      circle={outboxCount < 10}
                      variant={conflicts > 0 ? 'filled' : 'light'}
                      color={conflicts > 0 ? 'orange' : 'brand'}
                      aria-label={outboxLabel}
                    >
                      {outboxCount}
                    </Badge>
                  )}
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
