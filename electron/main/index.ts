import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, app, dialog, ipcMain, nativeTheme, protocol, safeStorage, session, shell, utilityProcess } from 'electron';
import { createLogger, type Logger } from '../../core/shared/logger';
import { PRODUCT_NAME } from '../shared/constants';
import { createCoreProcess, type CoreProcess } from './core-process';
import { registerIpcRelay, sendEvent } from './ipc-relay';
import { MAIN_CALLS, printDashboardPdf } from './print-pdf';
import { buildMenuTemplate } from './menu';
import { buildPaths, electronDataDir, resourcesDir } from './paths';
import { registerAppProtocol, registerAppScheme } from './protocol';
import { hardenSession, hardenWebContents } from './security';
import { createVault } from './vault';
import { createMainWindow, rendererUrl, trustedOriginsFor } from './window';

/**
 * Bootstrap of the desktop app. Main is a thin shell: it owns windows and the security boundary, and relays
 * contract calls to the core utility process, where all behaviour lives.
 */

const logger: Logger = createLogger(
  ({ level, msg, time, fields }) => process.stderr.write(`${JSON.stringify({ time, level, msg, ...fields })}\n`),
  process.env.SMART_ODOO_LOG_LEVEL === 'debug' ? 'debug' : 'info',
  { process: 'main' },
);

const here = path.dirname(fileURLToPath(import.meta.url));
const built = buildPaths(here);
const isDev = !app.isPackaged;

// The same profile folder in development and packaged builds (Electron would otherwise name it after
// package.json's `name`); set before the single-instance lock, which lives in it.
app.setPath('userData', path.join(app.getPath('appData'), PRODUCT_NAME));
app.setName(PRODUCT_NAME);
// every renderer sandboxed, whatever a future window forgets to say
app.enableSandbox();
registerAppScheme(protocol);

let mainWindow: BrowserWindow | null = null;
let core: CoreProcess | null = null;

if (!app.requestSingleInstanceLock()) {
  // a second launch hands over to the first (its 'second-instance' focuses the window) and leaves
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.whenReady().then(start, (e: unknown) => {
    logger.error('startup failed', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    app.exit(1);
  });
}

function start(): void {
  const url = rendererUrl(process.env, app.isPackaged);
  const trustedOrigins = trustedOriginsFor(url);
  const dataDir = electronDataDir(process.env, app.getPath('userData'));
  fs.mkdirSync(dataDir, { recursive: true });
  logger.info('starting', { version: app.getVersion(), electron: process.versions.electron, dataDir, dev: isDev });

  hardenSession(session.defaultSession, logger);
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, { trustedOrigins, openExternal: (u) => shell.openExternal(u), logger });
  });
  registerAppProtocol(protocol, { root: built.renderer, logger: logger.child({ part: 'protocol' }) });

  const vault = createVault({ file: path.join(dataDir, 'credentials.json'), safeStorage });
  const vaultStatus = vault.isAvailable();
  if (vaultStatus.ok) logger.info('credential vault ready', { backend: vaultStatus.backend });
  else logger.warn('credential vault unavailable: credentials will not be saved', { backend: vaultStatus.backend, reason: vaultStatus.warning });

  core = createCoreProcess({
    fork: () =>
      utilityProcess.fork(built.core, [`--data-dir=${dataDir}`], {
        serviceName: `${PRODUCT_NAME} core`,
        stdio: 'inherit',
        env: { ...process.env, SMART_ODOO_CHECK_OUTPUTS: isDev ? '1' : '0', SMART_ODOO_VAULT_INFO: JSON.stringify(vault.info()) },
      }),
    logger: logger.child({ part: 'core-process' }),
    onEvent: (event, payload) => sendEvent(BrowserWindow.getAllWindows().map((w) => w.webContents), event, payload),
    vault,
  });
  core.start();
  const running = core;
  registerIpcRelay(ipcMain, {
    trustedOrigins,
    // calls that need the window (dashboards:pdf) are answered here; everything else goes to the core
    forward: (channel, input) => (MAIN_CALLS.has(channel) ? printDashboardPdf(mainWindow?.webContents ?? null, input) : running.invoke(channel, input)),
    logger: logger.child({ part: 'ipc' }),
  });

  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(process.platform, isDev, { showKeyboardShortcuts })));

  const icon = path.join(resourcesDir(app.isPackaged, process.resourcesPath, app.getAppPath()), 'icon.png');
  const openWindow = () => {
    mainWindow = createMainWindow({
      url,
      preloadPath: built.preload,
      iconPath: fs.existsSync(icon) ? icon : undefined,
      dark: nativeTheme.shouldUseDarkColors,
    });
    mainWindow.on('closed', () => (mainWindow = null));
  };
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
}

/** The renderer owns the workbench shortcuts; once the contract has an event for its overlay, that is used. */
const SHOW_SHORTCUTS_EVENT = 'ui:show-shortcuts';
function showKeyboardShortcuts(): void {
  const win = mainWindow;
  if (!win) return;
  if (sendEvent([win.webContents], SHOW_SHORTCUTS_EVENT, {}) > 0) return;
  const mod = process.platform === 'darwin' ? '⌘' : 'Ctrl';
  void dialog.showMessageBox(win, {
    type: 'info',
    title: 'Keyboard shortcuts',
    message: 'Keyboard shortcuts',
    detail: [
      'Press ? anywhere in the app for the full list (G then a letter goes to a workbench).',
      '',
      `${mod}+/  This window`,
      `${mod}+=  /  ${mod}+-  /  ${mod}+0  Zoom in / out / reset`,
      `${mod}+R  Reload the window`,
      `${mod}+Z  /  ${mod}+Shift+Z  Undo / redo in text fields`,
    ].join('\n'),
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// give the core a chance to close SQLite cleanly (WAL checkpoint) before the app exits
let coreStopped = false;
app.on('before-quit', (event) => {
  if (coreStopped || !core) return;
  event.preventDefault();
  const stopping = core;
  void stopping.stop().finally(() => {
    coreStopped = true;
    app.quit();
  });
});
