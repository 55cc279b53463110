import os from 'node:os';
import path from 'node:path';

/**
 * Where the app keeps its database and files. `SMART_ODOO_DATA_DIR` wins; Electron passes its `userData`;
 * otherwise the OS convention for the Node host and CLI.
 */
export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const override = env.SMART_ODOO_DATA_DIR?.trim();
  if (override) return path.resolve(override);
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Smart Odoo');
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Smart Odoo');
    default:
      return path.join(env.XDG_DATA_HOME?.trim() || path.join(home, '.local', 'share'), 'smart-odoo');
  }
}
