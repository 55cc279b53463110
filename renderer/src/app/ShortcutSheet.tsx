import { Group, Kbd, Modal, Stack, Table, Text } from '@mantine/core';
import { IconKeyboard } from '@tabler/icons-react';
import { ROUTES } from './routes';
import { useShortcutsStore } from './shortcuts.store';

type Shortcut = { keys: string[][]; label: string };

/** `mod` in the hotkeys: ⌘ on macOS, Ctrl elsewhere. */
export const MOD_KEY = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

const SECTIONS: { title: string; items: Shortcut[] }[] = [
  {
    title: 'Go to',
    items: ROUTES.map((r) => ({ keys: [['G'], [r.key.toUpperCase()]], label: r.label })),
  },
  {
    title: 'Anywhere',
    items: [
      { keys: [['?']], label: 'Show this list' },
      { keys: [[MOD_KEY, 'Shift', 'S']], label: 'Sync now' },
      { keys: [['Esc']], label: 'Close a dialog or menu' },
    ],
  },
  {
    title: 'Lists (Outbox)',
    items: [
      { keys: [['J']], label: 'Next item' },
      { keys: [['K']], label: 'Previous item' },
      { keys: [['Enter']], label: 'Open the highlighted item' },
    ],
  },
  {
    title: 'Reconciliation',
    items: [
      { keys: [['J']], label: 'Next bank line' },
      { keys: [['K']], label: 'Previous bank line' },
      { keys: [['A']], label: 'Accept the best proposal' },
      { keys: [['R']], label: 'Reject the best proposal' },
      { keys: [['E']], label: 'Allocate: split across items, write off the rest' },
      { keys: [['/']], label: 'Search open items to allocate' },
      { keys: [['X']], label: 'Mark or unmark the line (also Space)' },
      { keys: [['Shift', 'A']], label: 'Accept the marked lines (none marked: the auto band in view)' },
      { keys: [['U']], label: 'Undo the last acceptance' },
      { keys: [['F']], label: 'Search bank lines' },
      { keys: [['I']], label: 'Import a bank statement (or drop the file)' },
    ],
  },
  {
    title: 'Documents',
    items: [
      { keys: [['J']], label: 'Next document' },
      { keys: [['K']], label: 'Previous document' },
      { keys: [['↓']], label: 'Next field' },
      { keys: [['↑']], label: 'Previous field' },
      { keys: [['E']], label: 'Correct the field (or Enter; Enter saves, Esc cancels)' },
      { keys: [['B']], label: 'Create the draft bill' },
      { keys: [['X']], label: 'Select the document for a batch' },
      { keys: [['Shift', 'B']], label: 'Draft bills for the selected clean documents' },
      { keys: [['Delete']], label: 'Remove the document' },
      { keys: [['+']], label: 'Zoom in' },
      { keys: [['-']], label: 'Zoom out' },
      { keys: [['0']], label: 'Fit the page to the width' },
      { keys: [['[']], label: 'Previous page' },
      { keys: [[']']], label: 'Next page' },
    ],
  },
];

function Keys({ keys }: { keys: string[][] }) {
  return (
    <Group gap={6} wrap="nowrap">
      {keys.map((combo, i) => (
        <Group key={combo.join('+')} gap={4} wrap="nowrap">
          {i > 0 && (
            <Text size="xs" c="dimmed">
              then
            </Text>
          )}
          {combo.map((k) => (
            <Kbd key={k} size="sm">
              {k}
            </Kbd>
          ))}
        </Group>
      ))}
    </Group>
  );
}

export function ShortcutSheet() {
  const opened = useShortcutsStore((s) => s.sheetOpen);
  const close = useShortcutsStore((s) => s.shortcutSheetClosed);
  return (
    <Modal
      opened={opened}
      onClose={close}
      size="md"
      title={
        <Group gap="xs">
          <IconKeyboard size={20} stroke={1.6} />
          <Text fw={650}>Keyboard shortcuts</Text>
        </Group>
      }
    >
      <Stack gap="lg">
        {SECTIONS.map((section) => (
          <Stack key={section.title} gap={6}>
            <Text size="xs" tt="uppercase" fw={700} c="dimmed" lts={0.6}>
              {section.title}
            </Text>
            <Table verticalSpacing={6} withRowBorders={false} aria-label={`${section.title} shortcuts`}>
              <Table.Tbody>
                {section.items.map((s) => (
                  <Table.Tr key={s.label}>
                    <Table.Td>
                      <Text size="sm">{s.label}</Text>
                    </Table.Td>
                    <Table.Td w={140}>
                      <Keys keys={s.keys} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        ))}
        <Text size="xs" c="dimmed">
          Shortcuts are ignored while you type in a field. Each workbench adds its own shortcuts as it arrives.
        </Text>
      </Stack>
    </Modal>
  );
}
