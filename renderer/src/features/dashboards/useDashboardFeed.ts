import { useEffect } from 'react';
import type { Role } from '../../../../core/contract';
import { onConnectionChanged, onOutboxChanged, onSyncFinished } from './dashboards.api';
import { refreshDashboard } from './dashboards.store';

/** Loads the role's dashboard and recomputes it whenever a sync ends or the outbox changes — no reload. */
export function useDashboardFeed(role: Role | null): void {
  useEffect(() => {
    if (!role) return;
    void refreshDashboard(role);
    let timer: ReturnType<typeof setTimeout> | null = null;
    // bursts of outbox events (a push applying many changes) become one refresh
    const soon = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void refreshDashboard(role), 250);
    };
    const unsubs = [onSyncFinished(soon), onOutboxChanged(soon), onConnectionChanged(soon)];
    return () => {
      if (timer) clearTimeout(timer);
      for (const u of unsubs) u();
    };
  }, [role]);
}
