import { useHotkeys } from '@mantine/hooks';
import { acceptMarked, acceptSelected, editSelected, markedLines, moveSelection, openSearch, rejectSelected, toggleMark, undoLastAcceptance } from './actions';

/** `g r` is the global shortcut to this page: an `r` right after `g` does not reject. */
const SEQUENCE_MS = 1500;
let leaderAt = 0;

function markLeader(): void {
  leaderAt = Date.now();
}

function rejectUnlessSequence(): void {
  if (Date.now() - leaderAt < SEQUENCE_MS) return;
  void rejectSelected();
}

/** Space keeps its own meaning on a focused button, link, tab or checkbox. */
function markUnlessControl(e: KeyboardEvent): void {
  const el = document.activeElement;
  if (el instanceof HTMLElement && el.closest('button, a[href], [role="tab"], [role="checkbox"], input, [role="switch"]')) return;
  e.preventDefault();
  toggleMark();
}

type Opts = {
  /** the review keys (j/k/a/r/e/x/space/shift+a/u and /) */
  disabled: boolean;
  /** `i`: statement import works even with no lines yet */
  importDisabled: boolean;
  focusFilter(): void;
  askBulkAccept(): void;
  openImport(): void;
};

/**
 * j / k move, a accepts, r rejects, e edits the allocation, / searches the open items, x or space marks a line,
 * shift+a accepts the marked lines (or asks to accept the band in view when none is marked), u undoes the last
 * acceptance, f focuses the line filter, i imports a statement. Mantine ignores these while a field has focus.
 */
export function useReconciliationHotkeys(opts: Opts): void {
  const { disabled, importDisabled, focusFilter, askBulkAccept, openImport } = opts;
  useHotkeys([
    ['g', markLeader, { preventDefault: false }],
    ['j', () => !disabled && moveSelection(1)],
    ['k', () => !disabled && moveSelection(-1)],
    ['a', () => !disabled && void acceptSelected()],
    ['r', () => !disabled && rejectUnlessSequence(), { preventDefault: false }],
    ['e', () => !disabled && editSelected()],
    ['x', () => !disabled && toggleMark()],
    ['space', (e) => !disabled && markUnlessControl(e), { preventDefault: false }],
    ['shift+a', () => !disabled && (markedLines().length > 0 ? void acceptMarked() : askBulkAccept())],
    ['u', () => !disabled && void undoLastAcceptance()],
    ['/', () => !disabled && openSearch()],
    ['f', () => !disabled && focusFilter()],
    ['i', () => !importDisabled && openImport()],
  ]);
}
