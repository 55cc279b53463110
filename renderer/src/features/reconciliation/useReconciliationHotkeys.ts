import { useHotkeys } from '@mantine/hooks';
import { acceptSelected, moveSelection, rejectSelected, undoLastAcceptance } from './actions';

/** `g r` is the global shortcut to this page: an `r` right after `g` does not reject. */
const SEQUENCE_MS = 1500;
let leaderAt = 0;

function markLeader(): void {
  leaderAt = Date.now();
}

function rejectUnlessSequence(): void {
  if (Date.now() - leaderAt < SEQUENCE_MS) return;
  rejectSelected();
}

/**
 * j / k move, a accepts, r rejects, / focuses the search, shift+a asks to accept the auto band, u undoes the last
 * acceptance. Mantine ignores these while a field has focus.
 */
export function useReconciliationHotkeys(opts: { focusSearch(): void; askBulkAccept(): void; disabled: boolean }): void {
  const { disabled, focusSearch, askBulkAccept } = opts;
  useHotkeys([
    ['g', markLeader, { preventDefault: false }],
    ['j', () => !disabled && moveSelection(1)],
    ['k', () => !disabled && moveSelection(-1)],
    ['a', () => !disabled && void acceptSelected()],
    ['r', () => !disabled && rejectUnlessSequence(), { preventDefault: false }],
    ['shift+a', () => !disabled && askBulkAccept()],
    ['u', () => !disabled && void undoLastAcceptance()],
    ['/', () => !disabled && focusSearch()],
  ]);
}
