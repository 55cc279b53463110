import { AppShell } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { DashboardsPage } from '../features/dashboards/DashboardsPage';
import { DocumentsPage } from '../features/documents/DocumentsPage';
import { GlobalDropTarget } from '../features/documents/components/Intake';
import { OutboxPage } from '../features/outbox/OutboxPage';
import { ReconciliationPage } from '../features/reconciliation/ReconciliationPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { SyncPage } from '../features/sync/SyncPage';
import { AppHeader } from './AppHeader';
import { AppNavbar } from './AppNavbar';
import { ErrorBoundary } from './ErrorBoundary';
import { useRouteStore } from './route.store';
import type { RouteId } from './routes';
import { ShortcutSheet } from './ShortcutSheet';
import { useGlobalHotkeys } from './useGlobalHotkeys';
import classes from './Shell.module.css';

function Page({ route }: { route: RouteId }) {
  switch (route) {
    case 'reconciliation':
      return <ReconciliationPage />;
    case 'documents':
      return <DocumentsPage />;
    case 'dashboards':
      return <DashboardsPage />;
    case 'outbox':
      return <OutboxPage />;
    case 'sync':
      return <SyncPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

export function Shell() {
  const [navOpened, nav] = useDisclosure(false);
  const route = useRouteStore((s) => s.route);
  useGlobalHotkeys();

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 244, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding={0}
    >
      <AppShell.Header className={classes.header}>
        <AppHeader navOpened={navOpened} onToggleNav={nav.toggle} />
      </AppShell.Header>
      <AppShell.Navbar className={classes.navbar}>
        <AppNavbar onNavigate={nav.close} />
      </AppShell.Navbar>
      <AppShell.Main className={classes.main}>
        {/* a new page gets a fresh boundary, so one failing page does not stick to the next */}
        <ErrorBoundary key={route}>
          <Page route={route} />
        </ErrorBoundary>
      </AppShell.Main>
      <ShortcutSheet />
      {/* files dropped anywhere go to Documents (pages with their own drop zones turn it off) */}
      <GlobalDropTarget />
    </AppShell>
  );
}
