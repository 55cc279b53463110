import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN } from '../shared/constants';

// window.ts constructs BrowserWindow; the real module cannot load without the Electron binary
const created: Array<{ options: unknown; loaded: string[]; shown: boolean }> = [];
vi.mock('electron', () => {
  class BrowserWindow {
    private readyListeners: Array<() => void> = [];
    record: { options: unknown; loaded: string[]; shown: boolean };
    constructor(options: unknown) {
      this.record = { options, loaded: [], shown: false };
      created.push(this.record);
    }
    once(event: string, listener: () => void) {
      if (event === 'ready-to-show') this.readyListeners.push(listener);
    }
    show() {
      this.record.shown = true;
    }
    loadURL(url: string) {
      this.record.loaded.push(url);
      for (const l of this.readyListeners) l();
      return Promise.resolve();
    }
  }
  return { BrowserWindow };
});

const { buildWindowOptions, createMainWindow, rendererUrl, trustedOriginsFor } = await import('./window');
const { buildMenuTemplate } = await import('./menu');
const { buildPaths, electronDataDir, resourcesDir } = await import('./paths');

describe('window options', () => {
  const opts = buildWindowOptions({ preloadPath: '/app/out/preload/index.cjs' });

  it('sets every flag of the security baseline', () => {
    expect(opts.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });

  it('stays hidden until the first paint', () => {
    expect(opts.show).toBe(false);
  });

  it('creates the window with those options, loads the URL and shows it when ready', () => {
    createMainWindow({ preloadPath: '/p.cjs', url: APP_ENTRY_URL, dark: true });
    const rec = created.at(-1)!;
    expect(rec.options).toMatchObject({ backgroundColor: '#1a1b1e', webPreferences: { sandbox: true, contextIsolation: true, preload: '/p.cjs' } });
    expect(rec.loaded).toEqual([APP_ENTRY_URL]);
    expect(rec.shown).toBe(true);
  });
});

describe('renderer URL', () => {
  it('is the app protocol by default and always when packaged', () => {
    expect(rendererUrl({}, false)).toBe(APP_ENTRY_URL);
    expect(rendererUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, true)).toBe(APP_ENTRY_URL);
  });
  it('is the local dev server under electron-vite dev', () => {
    expect(rendererUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false)).toBe('http://localhost:5173');
    expect(rendererUrl({ ELECTRON_RENDERER_URL: 'http://127.0.0.1:5174/' }, false)).toBe('http://127.0.0.1:5174/');
  });
  it('never follows the variable to a remote page', () => {
    expect(rendererUrl({ ELECTRON_RENDERER_URL: 'https://evil.example/' }, false)).toBe(APP_ENTRY_URL);
    expect(rendererUrl({ ELECTRON_RENDERER_URL: 'http://localhost.evil.example:5173' }, false)).toBe(APP_ENTRY_URL);
    expect(rendererUrl({ ELECTRON_RENDERER_URL: 'file:///tmp/index.html' }, false)).toBe(APP_ENTRY_URL);
  });
  it('trusts the app origin, plus the dev server only when that is what is loaded', () => {
    expect(trustedOriginsFor(APP_ENTRY_URL)).toEqual([APP_ORIGIN]);
    expect(trustedOriginsFor('http://localhost:5173')).toEqual([APP_ORIGIN, 'http://localhost:5173']);
  });
});

describe('paths', () => {
  it('uses userData unless SMART_ODOO_DATA_DIR is set', () => {
    expect(electronDataDir({}, '/home/u/.config/Smart Odoo')).toBe('/home/u/.config/Smart Odoo');
    expect(electronDataDir({ SMART_ODOO_DATA_DIR: '  ' }, '/ud')).toBe('/ud');
    expect(electronDataDir({ SMART_ODOO_DATA_DIR: 'rel/dir' }, '/ud')).toBe(path.resolve('rel/dir'));
  });
  it('finds the build outputs next to out/main', () => {
    const p = buildPaths(path.join('/app', 'out', 'main'));
    expect(p.core).toBe(path.join('/app', 'out', 'main', 'core.js'));
    expect(p.preload).toBe(path.join('/app', 'out', 'preload', 'index.cjs'));
    expect(p.renderer).toBe(path.join('/app', 'out', 'renderer'));
    expect(resourcesDir(true, '/opt/Smart Odoo/resources', '/x')).toBe(path.join('/opt/Smart Odoo/resources', 'resources'));
    expect(resourcesDir(false, '/unused', '/repo')).toBe(path.join('/repo', 'resources'));
  });
});

describe('application menu', () => {
  const labels = (items: MenuItemConstructorOptions[]) => items.map((i) => i.role ?? i.label);
  const sub = (items: MenuItemConstructorOptions[], key: string) =>
    (items.find((i) => i.role === key || i.label === key)?.submenu ?? []) as MenuItemConstructorOptions[];

  it('uses the standard roles, with the app menu on macOS only', () => {
    expect(labels(buildMenuTemplate('darwin', false, { showKeyboardShortcuts: () => {} }))).toEqual([
      'appMenu',
      'fileMenu',
      'editMenu',
      'View',
      'windowMenu',
      'help',
    ]);
    expect(labels(buildMenuTemplate('linux', false, { showKeyboardShortcuts: () => {} }))[0]).toBe('fileMenu');
  });
  it('offers DevTools only in development', () => {
    const roles = (dev: boolean) => sub(buildMenuTemplate('linux', dev, { showKeyboardShortcuts: () => {} }), 'View').map((i) => i.role);
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
  });
  it('has Help → Keyboard Shortcuts wired to the action', () => {
    const show = vi.fn();
    const item = sub(buildMenuTemplate('win32', false, { showKeyboardShortcuts: show }), 'help').find((i) => i.label === 'Keyboard Shortcuts');
    expect(item?.accelerator).toBe('CmdOrCtrl+/');
    (item?.click as () => void)();
    expect(show).toHaveBeenCalledOnce();
  });
});
