import { createTheme, type MantineColorSchemeManager, type MantineColorsTuple } from '@mantine/core';

/** A calm ink blue: reads as "finance", keeps enough contrast for numbers in both schemes. */
const brand: MantineColorsTuple = [
  '#eef3ff',
  '#dce4f5',
  '#b6c7e9',
  '#8da8dd',
  '#6b8dd3',
  '#557ccd',
  '#4874cb',
  '#3962b4',
  '#2f57a2',
  '#214a90',
];

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: { light: 7, dark: 5 },
  colors: { brand },
  defaultRadius: 'md',
  fontFamily: 'Inter, "Segoe UI Variable", "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: '"JetBrains Mono", "SF Mono", ui-monospace, Menlo, Consolas, monospace',
  headings: {
    fontWeight: '650',
    sizes: {
      h1: { fontSize: '1.625rem', lineHeight: '1.25' },
      h2: { fontSize: '1.25rem', lineHeight: '1.3' },
      h3: { fontSize: '1.0625rem', lineHeight: '1.35' },
    },
  },
  cursorType: 'pointer',
  // honour the OS "reduce motion" setting: no sliding modals or popovers for those who asked
  respectReducedMotion: true,
  components: {
    Paper: { defaultProps: { radius: 'md' } },
    Card: { defaultProps: { radius: 'md', withBorder: true } },
    Badge: { defaultProps: { radius: 'sm' } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 300 } },
    Modal: { defaultProps: { centered: true, radius: 'md' } },
  },
});

/**
 * The theme setting lives in the core (`settings:get`), not in localStorage: this manager only holds the
 * value for the session so Mantine never persists a second, diverging copy.
 */
export function memoryColorSchemeManager(): MantineColorSchemeManager {
  let value: 'light' | 'dark' | 'auto' | null = null;
  return {
    get: (defaultValue) => value ?? defaultValue,
    set: (v) => {
      value = v;
    },
    subscribe: () => {},
    unsubscribe: () => {},
    clear: () => {
      value = null;
    },
  };
}
