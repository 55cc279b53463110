import fs from 'node:fs';
import path from 'node:path';
import type { Protocol } from 'electron';
import type { Logger } from '../../core/shared/logger';
import { APP_HOST, APP_SCHEME } from '../shared/constants';
import { CONTENT_SECURITY_POLICY, resolveInsideReal } from './security';

/**
 * `app://smart-odoo/` serves the built renderer (out/renderer). A custom standard scheme instead of file://
 * gives the renderer a real origin (so CSP 'self', fetch and storage behave), and lets every request pass a
 * path-containment check; file:// would expose the whole disk to a compromised renderer.
 */

/** Must run before `app` is ready: privileges cannot be granted later. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

import { mimeType } from '../../core/host/static-files';

export { mimeType };

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

export type AppRequestHandlerOptions = { root: string; logger: Logger };

/**
 * The protocol handler as a plain `Request → Response` function (testable with Node's fetch classes).
 * A path that escapes `root` — by `..`, encoding, absolute path or symlink — is a 404, never a file.
 * Extensionless paths that are not files fall back to index.html so client-side routes survive a reload.
 */
export function createAppRequestHandler(opts: AppRequestHandlerOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
    }
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();

    let file = await resolveInsideReal(opts.root, url.pathname);
    if (file !== null && (await isDirectory(file))) file = await resolveInsideReal(file, 'index.html');
    if (file === null && path.posix.extname(url.pathname) === '' && isPlainRoute(url.pathname)) {
      file = await resolveInsideReal(opts.root, 'index.html');
    }
    if (file === null) {
      opts.logger.debug('app protocol: not found', { path: url.pathname.slice(0, 200) });
      return notFound();
    }

    let body: Buffer;
    try {
      body = await fs.promises.readFile(file);
    } catch {
      return notFound();
    }
    const type = mimeType(file);
    const headers: Record<string, string> = {
      'content-type': type,
      'x-content-type-options': 'nosniff',
      // files come from the local disk: caching gains nothing and could serve an old asset after an update
      'cache-control': 'no-cache',
    };
    if (type.startsWith('text/html')) headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}

/** A route the SPA could own: letters, digits and dashes only — never a fallback for something that escaped. */
function isPlainRoute(pathname: string): boolean {
  return /^(\/[a-zA-Z0-9_-]+)*\/?$/.test(pathname);
}

async function isDirectory(file: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(file)).isDirectory();
  } catch {
    return false;
  }
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, opts: AppRequestHandlerOptions): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(opts));
}
