import { useEffect } from 'react';
import { onOutboxChanged, onSyncFinished } from './reconciliation.api';
import { refreshLines } from './reconciliation.store';

/** Loads the lines when the page opens and again after each sync and each outbox change (a push removes reconciled lines). */
export function useReconciliationFeed(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void refreshLines();
      }, 150);
    };
    void refreshLines();
    const unsubs = [onOutboxChanged(soon), onSyncFinished(soon)];
    return () => {
      if (timer) clearTimeout(timer);
      for (const u of unsubs) u();
    };
  }, []);
}
