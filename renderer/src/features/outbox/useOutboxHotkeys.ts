import { useHotkeys } from '@mantine/hooks';
import { useOutboxStore } from './outbox.store';

/** j / k move through the list, Enter opens the highlighted change (not while a button or link has focus). */
export function useOutboxHotkeys(): void {
  useHotkeys([
    ['j', () => useOutboxStore.getState().cursorMoved(1)],
    ['k', () => useOutboxStore.getState().cursorMoved(-1)],
    [
      'Enter',
      (e) => {
        const el = document.activeElement;
        if (el instanceof HTMLElement && el.closest('button, a, [role="radio"], [role="dialog"]') && !el.closest('[role="list"]')) return;
        const { items, cursor, tab, itemOpened } = useOutboxStore.getState();
        const item = items[cursor];
        if (tab === 'audit' || !item) return;
        e.preventDefault();
        itemOpened(item.id);
      },
      { preventDefault: false },
    ],
  ]);
}
