import type { MenuItemConstructorOptions } from 'electron';
import { PRODUCT_NAME } from '../shared/constants';

export type MenuActions = {
  showKeyboardShortcuts: () => void;
};

/**
 * The application menu: the platform's standard roles (so Cut/Copy/Paste, zoom and window management work
 * with the usual accelerators everywhere) plus Help → Keyboard shortcuts. DevTools only in development.
 */
export function buildMenuTemplate(platform: NodeJS.Platform, isDev: boolean, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    ...(isDev ? ([{ role: 'forceReload' }, { role: 'toggleDevTools' }] satisfies MenuItemConstructorOptions[]) : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(mac ? ([{ label: PRODUCT_NAME, role: 'appMenu' }] satisfies MenuItemConstructorOptions[]) : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Keyboard Shortcuts', accelerator: 'CmdOrCtrl+/', click: () => actions.showKeyboardShortcuts() }],
    },
  ];
}
