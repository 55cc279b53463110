import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL, PRODUCT_NAME } from '../shared/constants';
import { originOf } from './security';

/**
 * The main window. Every window of the app uses `buildWindowOptions`, so the security flags of the baseline
 * (architecture.md) cannot be forgotten on one of them.
 */

export type WindowOptionsInput = {
  preloadPath: string;
  /** window/taskbar icon on Linux and Windows (macOS takes it from the bundle) */
  iconPath?: string;
  dark?: boolean;
};

export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: PRODUCT_NAME,
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 600,
    // shown on ready-to-show, so the user never sees an empty frame
    show: false,
    // matches the renderer's first paint in either theme, so there is no white flash in dark mode
    backgroundColor: input.dark ? '#1a1b1e' : '#ffffff',
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: true,
    },
  };
}

/**
 * What the window loads: the Vite dev server under `electron-vite dev` (unpackaged builds only — a packaged app
 * must never follow an environment variable to a remote page), else the app protocol.
 */
export function rendererUrl(env: NodeJS.ProcessEnv, isPackaged: boolean): string {
  const dev = env.ELECTRON_RENDERER_URL?.trim();
  if (!isPackaged && dev && /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\/?$/.test(dev)) return dev;
  return APP_ENTRY_URL;
}

/** Origins trusted as IPC senders and navigation targets, derived from the URL the window loads. */
export function trustedOriginsFor(url: string): string[] {
  const app = originOf(APP_ENTRY_URL);
  const loaded = originOf(url);
  return [...new Set([app, loaded].filter((o): o is string => o !== null))];
}

export function createMainWindow(input: WindowOptionsInput & { url: string }): BrowserWindow {
  const win = new BrowserWindow(buildWindowOptions(input));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(input.url);
  return win;
}
