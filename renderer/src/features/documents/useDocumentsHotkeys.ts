import { useHotkeys } from '@mantine/hooks';
import { draftCheckedBills, editCurrentField, moveField, moveSelection } from './actions';
import { useDocumentsStore } from './documents.store';

/** `g b` is the global shortcut to Dashboards: a `b` right after `g` does not create a bill. */
const SEQUENCE_MS = 1500;
let leaderAt = 0;

function markLeader(): void {
  leaderAt = Date.now();
}

function afterLeader(): boolean {
  return Date.now() - leaderAt < SEQUENCE_MS;
}

export type DocumentsHotkeyActions = {
  disabled: boolean;
  createBill(): void;
  askRemove(): void;
  zoom(delta: number | 'fit'): void;
  page(delta: number): void;
};

/**
 * j / k through the queue, ↑ / ↓ through the fields, e or Enter edits the field, b drafts the bill, x marks
 * the document for a batch, Shift+B drafts the marked clean ones, Delete removes; + / - / 0 zoom the page,
 * [ and ] turn pages. Mantine ignores these while a field has focus (the inline editor handles its own keys).
 */
export function useDocumentsHotkeys(a: DocumentsHotkeyActions): void {
  const on = (fn: () => void) => () => {
    if (!a.disabled) fn();
  };
  // Enter, Delete and the arrows keep their own meaning on buttons, tabs, switches and menus
  const plain = (fn: () => void) => (e: KeyboardEvent) => {
    if (a.disabled || ownsKeys(e.target)) return;
    e.preventDefault();
    fn();
  };
  useHotkeys([
    ['g', markLeader, { preventDefault: false }],
    ['j', on(() => moveSelection(1))],
    ['k', on(() => moveSelection(-1))],
    // in the queue the arrows move through documents, anywhere else through fields
    ['ArrowDown', (e) => plain(() => (inQueue(e.target) ? moveSelection(1) : moveField(1)))(e), { preventDefault: false }],
    ['ArrowUp', (e) => plain(() => (inQueue(e.target) ? moveSelection(-1) : moveField(-1)))(e), { preventDefault: false }],
    ['e', on(editCurrentField)],
    ['Enter', plain(editCurrentField), { preventDefault: false }],
    [
      'b',
      on(() => {
        if (afterLeader()) return;
        a.createBill();
      }),
      { preventDefault: false },
    ],
    [
      'x',
      on(() => {
        const { selectedId, toggledChecked } = useDocumentsStore.getState();
        if (selectedId !== null) toggledChecked(selectedId);
      }),
    ],
    ['shift+B', on(() => void draftCheckedBills())],
    ['Delete', plain(a.askRemove), { preventDefault: false }],
    ['shift+plus', on(() => a.zoom(0.25))],
    ['plus', on(() => a.zoom(0.25))],
    ['=', on(() => a.zoom(0.25))],
    ['minus', on(() => a.zoom(-0.25))],
    ['0', on(() => a.zoom('fit'))],
    ['[', on(() => a.page(-1))],
    [']', on(() => a.page(1))],
  ]);
}

const OWN_KEYS_ROLES = new Set(['button', 'tab', 'switch', 'checkbox', 'radio', 'menuitem', 'slider', 'combobox', 'link']);

const inQueue = (target: EventTarget | null): boolean => target instanceof HTMLElement && target.closest('[data-queue]') !== null;

function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.tagName === 'BUTTON' || target.tagName === 'A' || target.closest('[data-owns-keys]') !== null) return true;
  const role = target.getAttribute('role');
  return role !== null && OWN_KEYS_ROLES.has(role);
}
