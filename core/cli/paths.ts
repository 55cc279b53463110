import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root, from this file's location: core/cli/ → ../.. */
export const projectRoot = (): string => path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built renderer; `SMART_ODOO_RENDERER_DIR` points elsewhere (tests, packaged layouts). */
export const rendererDir = (env: NodeJS.ProcessEnv = process.env): string =>
  env.SMART_ODOO_RENDERER_DIR?.trim() ? path.resolve(env.SMART_ODOO_RENDERER_DIR) : path.join(projectRoot(), 'out', 'renderer');
