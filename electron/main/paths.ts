import path from 'node:path';

/** Where the core keeps its data: `SMART_ODOO_DATA_DIR` wins (tests, demos, a second profile), else Electron's userData. */
export function electronDataDir(env: NodeJS.ProcessEnv, userData: string): string {
  const override = env.SMART_ODOO_DATA_DIR?.trim();
  return override ? path.resolve(override) : userData;
}

/** The build outputs main loads, relative to out/main (where electron-vite writes index.js and core.js). */
export function buildPaths(mainDir: string) {
  return {
    core: path.join(mainDir, 'core.js'),
    preload: path.join(mainDir, '..', 'preload', 'index.cjs'),
    renderer: path.join(mainDir, '..', 'renderer'),
  };
}

/** resources/ in the project, or the copy electron-builder puts beside app.asar (`extraResources`). */
export function resourcesDir(isPackaged: boolean, resourcesPath: string, appPath: string): string {
  return isPackaged ? path.join(resourcesPath, 'resources') : path.join(appPath, 'resources');
}
