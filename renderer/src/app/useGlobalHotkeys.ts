import { useRef } from 'react';
import { useHotkeys, type HotkeyItem } from '@mantine/hooks';
import { startSyncNow } from '../features/sync/useSyncFeed';
import { navigate } from './route.store';
import { ROUTES } from './routes';
import { useShortcutsStore } from './shortcuts.store';

/** How long after `g` the second key still counts as part of the sequence. */
const SEQUENCE_MS = 1500;

/**
 * `?` opens the shortcut sheet; Ctrl+Shift+S (⌘⇧S) syncs now; `g` then a page key navigates (Gmail/GitHub style). Mantine's useHotkeys
 * already ignores keys typed into inputs, textareas, selects and contenteditable.
 */
export function useGlobalHotkeys(): void {
  const leaderAt = useRef(0);
  const open = useShortcutsStore((s) => s.shortcutSheetOpened);

  const hotkeys: HotkeyItem[] = [
    ['shift+?', () => open()],
    ['?', () => open()],
    ['mod+shift+S', () => void startSyncNow()],
    [
      'g',
      () => {
        leaderAt.current = Date.now();
      },
    ],
    ...ROUTES.map(
      (r): HotkeyItem => [
        r.key,
        () => {
          if (Date.now() - leaderAt.current > SEQUENCE_MS) return;
          leaderAt.current = 0;
          navigate(r.id);
        },
        // a lone r/d/b/s outside a sequence keeps its normal behaviour
        { preventDefault: false },
      ],
    ),
  ];
  useHotkeys(hotkeys);
}
