import { useEffect } from 'react';
import { onDocumentChanged, onOutboxChanged } from './documents.api';
import { refreshDetail, refreshDocuments } from './actions';
import { useDocumentsStore } from './documents.store';

/**
 * Keeps the queue live: `documents:changed` moves a document's status and progress at once (no round trip),
 * and a status change re-reads the list (for the extracted summary) and, for the open document, its detail.
 * Outbox changes re-read too: a pushed bill moves from pending to applied.
 */
export function useDocumentsFeed(): void {
  useEffect(() => {
    let listTimer: ReturnType<typeof setTimeout> | null = null;
    const refreshSoon = () => {
      if (listTimer) return;
      listTimer = setTimeout(() => {
        listTimer = null;
        void refreshDocuments();
      }, 120);
    };
    void refreshDocuments();
    const offDoc = onDocumentChanged((p) => {
      const s = useDocumentsStore.getState();
      const prev = s.docs.find((d) => d.id === p.id);
      s.docChanged(p);
      if (!prev || prev.status !== p.status) {
        refreshSoon();
        if (s.selectedId === p.id) void refreshDetail(p.id);
      }
    });
    const offOutbox = onOutboxChanged(() => {
      refreshSoon();
      void refreshDetail();
    });
    return () => {
      if (listTimer) clearTimeout(listTimer);
      offDoc();
      offOutbox();
    };
  }, []);

  // the open document's detail follows the selection
  const selectedId = useDocumentsStore((s) => s.selectedId);
  useEffect(() => {
    if (selectedId !== null) void refreshDetail(selectedId);
  }, [selectedId]);
}
