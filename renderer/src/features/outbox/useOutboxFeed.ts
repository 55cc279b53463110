import { useEffect } from 'react';
import { useAppInfoStore } from '../app-info/app-info.store';
import { onOutboxChanged } from './outbox.api';
import { refreshOutbox, refreshOutboxCounts, useOutboxStore } from './outbox.store';
import { useRouteStore } from '../../app/route.store';

/** Keeps the outbox counts (navigation badge) current, and the open Outbox page's list with them. */
export function useOutboxFeed(): void {
  useEffect(() => {
    const unsub = onOutboxChanged(({ counts }) => {
      useOutboxStore.getState().countsChanged(counts);
      if (useRouteStore.getState().route === 'outbox') void refreshOutbox();
    });
    let loaded = false;
    const loadWhenReady = (ok: boolean) => {
      if (!ok) {
        loaded = false;
        return;
      }
      if (loaded) return;
      loaded = true;
      void refreshOutboxCounts();
    };
    loadWhenReady(useAppInfoStore.getState().info?.store.state === 'ok');
    const unsubInfo = useAppInfoStore.subscribe((s) => loadWhenReady(s.info?.store.state === 'ok'));
    return () => {
      unsub();
      unsubInfo();
    };
  }, []);
}
