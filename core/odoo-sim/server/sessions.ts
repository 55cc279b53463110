import { randomBytes } from 'node:crypto';

/** A web session as `/web/session/authenticate` creates it: the cookie names it, the server holds the uid. */
export type SimSession = {
  sid: string;
  uid: number;
  db: string;
  login: string;
  createdAt: number;
  lastSeen: number;
};

export type SessionStore = {
  create(s: { uid: number; db: string; login: string }): SimSession;
  /** the live session, or undefined when unknown or idle past the lifetime (which also removes it) */
  get(sid: string): SimSession | undefined;
  delete(sid: string): boolean;
  /** drops every session; returns how many there were */
  clear(): number;
  size(): number;
};

/** Odoo's SESSION_LIFETIME: a week of inactivity. */
export const DEFAULT_SESSION_LIFETIME_MS = 7 * 24 * 3600 * 1000;

export function createSessionStore(opts: { lifetimeMs?: number; now?: () => number } = {}): SessionStore {
  const lifetime = opts.lifetimeMs ?? DEFAULT_SESSION_LIFETIME_MS;
  const now = opts.now ?? Date.now;
  const sessions = new Map<string, SimSession>();
  return {
    create({ uid, db, login }) {
      // 40 hex chars like Odoo's sid (which is longer in 17+, but clients treat it as opaque)
      const sid = randomBytes(20).toString('hex');
      const t = now();
      const s: SimSession = { sid, uid, db, login, createdAt: t, lastSeen: t };
      sessions.set(sid, s);
      return s;
    },
    get(sid) {
      const s = sessions.get(sid);
      if (!s) return undefined;
      const t = now();
      if (t - s.lastSeen > lifetime) {
        sessions.delete(sid);
        return undefined;
      }
      s.lastSeen = t;
      return s;
    },
    delete: (sid) => sessions.delete(sid),
    clear() {
      const n = sessions.size;
      sessions.clear();
      return n;
    },
    size: () => sessions.size,
  };
}

/** Odoo reads the session id from `?session_id=`, the `X-Openerp-Session-Id` header, or the cookie, in that order. */
export function sessionIdFrom(query: URLSearchParams, headers: Record<string, string | undefined>): string | undefined {
  const fromQuery = query.get('session_id');
  if (fromQuery) return fromQuery;
  const fromHeader = headers['x-openerp-session-id'];
  if (fromHeader) return fromHeader;
  const cookie = headers.cookie;
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === 'session_id') return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function sessionCookie(sid: string, lifetimeMs: number = DEFAULT_SESSION_LIFETIME_MS): string {
  const maxAge = Math.floor(lifetimeMs / 1000);
  const expires = new Date(Date.now() + lifetimeMs).toUTCString();
  return `session_id=${sid}; Expires=${expires}; Max-Age=${maxAge}; HttpOnly; Path=/`;
}
