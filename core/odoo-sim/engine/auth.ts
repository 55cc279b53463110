import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthUser, EngineCore } from './core';

/**
 * Users' secrets live outside the ORM (like res.users' password column and res.users.apikeys, which RPC
 * cannot read). Stored in store.meta so they persist and roll back with everything else.
 */
type ApiKey = { hash: string; uid: number; name: string; created: string };

const USERS_KEY = 'auth:users';
const KEYS_KEY = 'auth:apikeys';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function safeEq(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function loadAuth(core: EngineCore): void {
  core.users.clear();
  const raw = core.store.meta.get(USERS_KEY);
  if (!raw) return;
  for (const u of JSON.parse(raw) as AuthUser[]) core.users.set(u.id, u);
}

export function saveUsers(core: EngineCore): void {
  core.store.meta.set(USERS_KEY, JSON.stringify([...core.users.values()]));
}

function keys(core: EngineCore): ApiKey[] {
  const raw = core.store.meta.get(KEYS_KEY);
  return raw ? (JSON.parse(raw) as ApiKey[]) : [];
}

export function addApiKey(core: EngineCore, uid: number, key: string, name: string): void {
  const list = keys(core).filter((k) => k.hash !== sha(key));
  list.push({ hash: sha(key), uid, name, created: core.now() });
  core.store.meta.set(KEYS_KEY, JSON.stringify(list));
}

export function revokeApiKey(core: EngineCore, key: string): boolean {
  const list = keys(core);
  const next = list.filter((k) => k.hash !== sha(key));
  if (next.length === list.length) return false;
  core.store.meta.set(KEYS_KEY, JSON.stringify(next));
  return true;
}

export function newApiKey(): string {
  // Odoo: hexlify(os.urandom(API_KEY_SIZE)) with API_KEY_SIZE = 20.
  return randomBytes(20).toString('hex');
}

function userActive(core: EngineCore, uid: number): boolean {
  const row = core.store.get('res.users', uid);
  return Boolean(row && row.active !== false);
}

export function apiKeyUid(core: EngineCore, key: string): number | false {
  if (!key) return false;
  const h = sha(key);
  const hit = keys(core).find((k) => safeEq(k.hash, h));
  return hit && userActive(core, hit.uid) ? hit.uid : false;
}

/** res.users._check_credentials: API keys only when non-interactive; TOTP users need keys over RPC. */
export function checkSecret(core: EngineCore, uid: number, secret: string, interactive: boolean): boolean {
  const user = core.users.get(uid);
  if (!user || !userActive(core, uid) || typeof secret !== 'string' || !secret) return false;
  if (!interactive && apiKeyUid(core, secret) === uid) return true;
  if (!safeEq(sha(user.password), sha(secret))) return false;
  // _rpc_api_keys_only(): with 2FA, the password no longer works for RPC; interactively it needs the
  // second factor, which the simulator does not implement, so it is refused there too.
  return !user.totp;
}

/** A right password for a user with 2FA: the login would continue with the second factor. */
export function passwordNeedsSecondFactor(core: EngineCore, uid: number, password: string): boolean {
  const user = core.users.get(uid);
  return Boolean(user && user.totp && userActive(core, uid) && password && safeEq(sha(user.password), sha(password)));
}

export function findLogin(core: EngineCore, login: string): AuthUser | undefined {
  for (const u of core.users.values()) if (u.login === login) return u;
  return undefined;
}
