import { useEffect } from 'react';
import { onOutboxChanged, onSyncFinished } from './reconciliation.api';
import { refreshLines, useReconciliationStore } from './reconciliation.store';

/**
 * Loads the lines when the page opens, again after each sync and each outbox change (a push removes reconciled
 * lines), and when a filter the core applies (journal, period, amount) changes.
 */
export function useReconciliationFeed(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const soon = (ms = 150) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void refreshLines();
      }, ms);
    };
    void refreshLines();
    const unsubs = [
      onOutboxChanged(() => soon()),
      onSyncFinished(() => soon()),
      useReconciliationStore.subscribe((s, prev) => {
        if (s.server !== prev.server) soon(300);
      }),
    ];
    return () => {
      if (timer) clearTimeout(timer);
      for (const u of unsubs) u();
    };
  }, []);
}
