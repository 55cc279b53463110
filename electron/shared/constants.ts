/**
 * Names shared by the main process and the preload. Kept free of imports so the sandboxed preload bundle
 * pulls in nothing but these strings.
 */

/** The one request channel: `ipcRenderer.invoke(INVOKE_CHANNEL, callName, input)`. */
export const INVOKE_CHANNEL = 'smart-odoo:invoke';
/** The one push channel: main sends `{ event, payload }` for contract events. */
export const EVENT_CHANNEL = 'smart-odoo:event';

/** The renderer is served from `app://smart-odoo/`: a standard, secure custom scheme (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'smart-odoo';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export const PRODUCT_NAME = 'Smart Odoo';
