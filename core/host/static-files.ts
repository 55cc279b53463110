import fs from 'node:fs';
import path from 'node:path';

/**
 * Serving the built renderer from disk, shared by both hosts (Electron's app:// protocol and the Node
 * host): path containment and content types in one place.
 */

function isWithin(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  if (rel === '') return true;
  return rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/**
 * Maps a URL path (still percent-encoded, as in `URL.pathname`) to a file under `root`, or null when it
 * could leave `root`. It decodes exactly once, then refuses — rather than normalises — anything suspicious:
 * `..` segments (including `%2e%2e`), backslashes (a separator on Windows), NUL bytes, absolute or
 * drive-letter paths. Returns `root` itself for an empty path; the caller decides what a directory serves.
 */
export function resolveInside(root: string, requestPath: string): string | null {
  if (typeof requestPath !== 'string' || requestPath.length > 4096) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null; // malformed escapes such as `%E0%A4%A`
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rel = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  if (rel.startsWith('/') || /^[a-zA-Z]:/.test(rel) || path.isAbsolute(rel)) return null;
  if (rel.split('/').some((segment) => segment === '..')) return null;
  const base = path.resolve(root);
  const resolved = path.resolve(base, rel);
  return isWithin(base, resolved) ? resolved : null;
}

/**
 * `resolveInside`, then the same check on real paths so a symlink inside the served folder cannot point
 * outside it. Null when the file does not exist or escapes.
 */
export async function resolveInsideReal(root: string, requestPath: string): Promise<string | null> {
  const candidate = resolveInside(root, requestPath);
  if (candidate === null) return null;
  try {
    const [realRoot, realCandidate] = await Promise.all([fs.promises.realpath(root), fs.promises.realpath(candidate)]);
    return isWithin(realRoot, realCandidate) ? realCandidate : null;
  } catch {
    return null;
  }
}


const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

