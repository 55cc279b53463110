import fs from 'node:fs';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { AppError } from '../../core/shared/errors';
import type { CredentialVault, VaultInfo } from '../../core/vault/types';

/**
 * The desktop app's credential vault: Odoo API keys and AI keys, encrypted with Electron's `safeStorage`
 * (Keychain on macOS, DPAPI on Windows, libsecret/KWallet on Linux) and kept as base64 blobs in a 0600 JSON
 * file. It implements core's `CredentialVault`; the core process reaches it through messages (core-process.ts),
 * because safeStorage exists only in the main process.
 *
 * On Linux without a keyring, Chromium falls back to `basic_text`: a hard-coded key, i.e. obfuscation, not
 * encryption. The vault refuses to store anything then (`vault/insecure-backend`) instead of pretending; the
 * user gets a message that says how to fix it. Secrets never appear in logs, errors or the renderer — the
 * renderer only ever learns `hasCredential`.
 */

/** `backend` is the concrete store (`keychain`, `dpapi`, `gnome_libsecret`, `basic_text`, …), for logs and support. */
export type VaultStatus = { ok: boolean; backend: string; warning?: string };

/** core's vault, plus the concrete backend status. `has` answers without decrypting, so it works on any backend. */
export type SafeStorageVault = CredentialVault & { isAvailable(): VaultStatus };

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: SafeStorage['getSelectedStorageBackend'];
};

export type VaultOptions = {
  file: string;
  safeStorage: SafeStorageLike;
  platform?: NodeJS.Platform;
};

type VaultFile = { version: 1; entries: Record<string, string> };

/** `odoo:prod/api-key`, `ai:anthropic` … — a plain namespace, never an object path (`__proto__`). */
const KEY = /^[a-z0-9][a-z0-9:._/-]{0,199}$/i;

const INSECURE_MESSAGE =
  'No system keyring is available (Electron selected the "basic_text" store), so Smart Odoo will not save credentials: ' +
  'install and unlock GNOME Keyring or KWallet (or start the app with --password-store=gnome-libsecret or kwallet6), then try again.';

function checkKey(key: string): void {
  if (typeof key !== 'string' || !KEY.test(key) || key.includes('__proto__')) {
    throw new AppError('vault/unavailable', 'Invalid credential name.');
  }
}

export function createVault(opts: VaultOptions): SafeStorageVault {
  const platform = opts.platform ?? process.platform;
  const storage = opts.safeStorage;

  function status(): VaultStatus {
    if (platform === 'linux') {
      const backend = storage.getSelectedStorageBackend?.() ?? 'unknown';
      if (backend === 'basic_text') return { ok: false, backend, warning: INSECURE_MESSAGE };
      if (backend === 'unknown') {
        return { ok: false, backend, warning: 'The credential store is not ready yet (it is available once the app has started).' };
      }
      if (!storage.isEncryptionAvailable()) {
        return { ok: false, backend, warning: `The system keyring (${backend}) is locked or unavailable; unlock it and try again.` };
      }
      return { ok: true, backend };
    }
    const backend = platform === 'darwin' ? 'keychain' : platform === 'win32' ? 'dpapi' : platform;
    if (!storage.isEncryptionAvailable()) {
      return { ok: false, backend, warning: 'The operating system credential store is not available.' };
    }
    return { ok: true, backend };
  }

  function requireSecure(): void {
    const s = status();
    if (s.ok) return;
    if (s.backend === 'basic_text') throw new AppError('vault/insecure-backend', INSECURE_MESSAGE, { backend: s.backend });
    throw new AppError('vault/unavailable', s.warning ?? 'The credential store is not available.', { backend: s.backend });
  }

  function read(): VaultFile {
    let text: string;
    try {
      text = fs.readFileSync(opts.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: {} };
      throw new AppError('vault/unavailable', 'The credential file cannot be read.', undefined, { cause: e });
    }
    try {
      const parsed = JSON.parse(text) as Partial<VaultFile>;
      const entries: Record<string, string> = Object.create(null) as Record<string, string>;
      if (parsed && typeof parsed.entries === 'object' && parsed.entries !== null) {
        for (const [k, v] of Object.entries(parsed.entries)) if (KEY.test(k) && typeof v === 'string') entries[k] = v;
      }
      return { version: 1, entries };
    } catch (e) {
      throw new AppError('vault/unavailable', 'The credential file is damaged.', undefined, { cause: e });
    }
  }

  /** Atomic replace with owner-only permissions from the first byte (the temp file is created 0600). */
  function write(data: VaultFile): void {
    fs.mkdirSync(path.dirname(opts.file), { recursive: true });
    const tmp = `${opts.file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
      fs.chmodSync(tmp, 0o600); // the umask may have narrowed it further but never widens it; be explicit anyway
      fs.renameSync(tmp, opts.file);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw new AppError('vault/unavailable', 'The credential file cannot be written.', undefined, { cause: e });
    }
  }

  function info(): VaultInfo {
    const s = status();
    return s.warning === undefined ? { backend: 'safe-storage', secure: s.ok } : { backend: 'safe-storage', secure: s.ok, warning: s.warning };
  }

  // safeStorage and the file are synchronous; the async signatures are core's CredentialVault
  return {
    isAvailable: status,
    info,
    async set(key, secret) {
      checkKey(key);
      if (typeof secret !== 'string' || secret.length === 0) throw new AppError('vault/unavailable', 'An empty credential cannot be stored.');
      requireSecure();
      const data = read();
      data.entries[key] = storage.encryptString(secret).toString('base64');
      write(data);
    },
    async get(key) {
      checkKey(key);
      const blob = read().entries[key];
      if (blob === undefined) return null;
      requireSecure();
      try {
        return storage.decryptString(Buffer.from(blob, 'base64'));
      } catch (e) {
        // a keyring reset or a copied profile: the blob is useless, say so without echoing it
        throw new AppError('vault/unavailable', 'A stored credential can no longer be decrypted; enter it again.', { key }, { cause: e });
      }
    },
    async delete(key) {
      checkKey(key);
      const data = read();
      if (!(key in data.entries)) return;
      delete data.entries[key];
      write(data);
    },
    async has(key) {
      checkKey(key);
      return read().entries[key] !== undefined;
    },
  };
}
