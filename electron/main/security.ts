import type { Session, WebContents } from 'electron';
import type { Logger } from '../../core/shared/logger';

/**
 * The security boundary of the desktop app, as pure functions where possible so each rule is unit-tested
 * without Electron. Wiring them onto real objects happens in `hardenWebContents` / `hardenSession`.
 */

/** What the relay needs to know about the frame an IPC message came from (a subset of WebFrameMain). */
export type FrameInfo = {
  readonly url: string;
  readonly parent: unknown;
  readonly detached?: boolean;
};

/**
 * `scheme://host[:port]`, or null when the URL has no host (file:, data:, about:, javascript: …).
 * Built by hand because Node's URL reports the origin of every non-special scheme (our `app:`) as "null".
 */
export function originOf(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (!u.host) return null;
  return `${u.protocol}//${u.host}`.toLowerCase();
}

/**
 * VS Code's validatedIpcMain rule: a message is trusted only when it comes from a live top-level frame whose
 * document was served from one of our origins. A sub-frame (an injected iframe), a frame that navigated away,
 * or any other origin (file://, a remote page) is refused.
 */
export function isTrustedSender(frame: FrameInfo | null | undefined, trustedOrigins: string | readonly string[]): boolean {
  if (!frame || typeof frame.url !== 'string') return false;
  if (frame.parent !== null) return false;
  if (frame.detached === true) return false;
  const origin = originOf(frame.url);
  if (origin === null) return false;
  const allowed = typeof trustedOrigins === 'string' ? [trustedOrigins] : trustedOrigins;
  return allowed.some((o) => o.toLowerCase() === origin);
}

const MAX_EXTERNAL_URL = 2048;

/**
 * Links the app may hand to the OS browser: plain http(s) with a host, no embedded credentials (they end up in
 * the browser's history and let `https://bank.example@evil.example` disguise the real host), no control
 * characters or whitespace that shells and URL parsers disagree on.
 */
export function isSafeExternalUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_EXTERNAL_URL) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f]/.test(raw)) return false;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  if (u.username !== '' || u.password !== '') return false;
  if (u.hostname === '') return false;
  return true;
}

export { resolveInside, resolveInsideReal } from '../../core/host/static-files';

/**
 * The renderer's Content-Security-Policy, sent as a header on every HTML response of the app protocol.
 * Mantine injects `<style>` tags at runtime, hence `'unsafe-inline'` for styles only; scripts stay `'self'`
 * (no inline scripts, no eval). The renderer never talks to the network itself — core does — so
 * `connect-src 'self'` is the whole allowance.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // pdf.js's worker is a bundled asset of our own origin; OCR runs in the core, not here
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type HardenOptions = {
  /** origins the window may navigate within (the app protocol; the dev server in `electron-vite dev`) */
  trustedOrigins: readonly string[];
  /** `shell.openExternal`, injected so this module stays testable */
  openExternal: (url: string) => Promise<void> | void;
  logger: Logger;
};

/**
 * Denies everything a compromised or confused renderer could use to leave the app: navigation and redirects
 * to other origins, `<webview>`, and new windows. http(s) links the user clicks go to the OS browser after
 * `isSafeExternalUrl`.
 */
export function hardenWebContents(contents: WebContents, opts: HardenOptions): void {
  const trusted = (url: string) => {
    const origin = originOf(url);
    return origin !== null && opts.trustedOrigins.some((o) => o.toLowerCase() === origin);
  };
  const openOutside = (url: string) => {
    if (!isSafeExternalUrl(url)) {
      opts.logger.warn('refused to open a link', { scheme: url.slice(0, url.indexOf(':') + 1).slice(0, 20) });
      return;
    }
    Promise.resolve(opts.openExternal(url)).catch((e: unknown) =>
      opts.logger.warn('could not open a link externally', { error: e instanceof Error ? e.message : String(e) }),
    );
  };

  contents.on('will-navigate', (details) => {
    const url = details.url;
    if (trusted(url)) return;
    details.preventDefault();
    openOutside(url);
  });
  contents.on('will-redirect', (details) => {
    const url = details.url;
    if (trusted(url)) return;
    details.preventDefault();
    opts.logger.warn('blocked a redirect', { origin: originOf(url) });
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    opts.logger.warn('blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
}

/** The app needs no browser permission (camera, notifications, geolocation, …): deny every request and check. */
export function hardenSession(session: Session, logger: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.info('denied a permission request', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}
