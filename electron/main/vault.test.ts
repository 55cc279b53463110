import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { isAppError } from '../../core/shared/errors';
import { createVault, type SafeStorageLike } from './vault';

/** A reversible stand-in for safeStorage: real bytes change, so a plaintext leak would show in the file. */
function fakeSafeStorage(backend: ReturnType<NonNullable<SafeStorageLike['getSelectedStorageBackend']>>, available = true): SafeStorageLike {
  const KEY = 0x5a;
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s: string) => Buffer.concat([Buffer.from('v10'), Buffer.from(s, 'utf8').map((b) => b ^ KEY)]),
    decryptString: (buf: Buffer) => {
      if (buf.subarray(0, 3).toString() !== 'v10') throw new Error('bad blob');
      return Buffer.from(buf.subarray(3).map((b) => b ^ KEY)).toString('utf8');
    },
  };
}

const SECRET = 'odoo-api-key-7f3a9c0e1b2d';

let tmp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  tmp = makeTempDir();
  file = path.join(tmp.dir, 'profile', 'credentials.json');
});
afterEach(() => tmp.cleanup());

async function codeOf(fn: () => Promise<unknown>): Promise<string | null> {
  try {
    await fn();
    return null;
  } catch (e) {
    return isAppError(e) ? e.code : `not an AppError: ${String(e)}`;
  }
}

describe('credential vault on a secure backend', () => {
  const vault = () => createVault({ file, safeStorage: fakeSafeStorage('gnome_libsecret'), platform: 'linux' });

  it('reports itself available, and secure to core', async () => {
    expect(vault().isAvailable()).toEqual({ ok: true, backend: 'gnome_libsecret' });
    expect(vault().info()).toEqual({ backend: 'safe-storage', secure: true });
  });

  it('round-trips a secret and answers has/delete', async () => {
    const v = vault();
    expect(await v.has('odoo:prod')).toBe(false);
    expect(await v.get('odoo:prod')).toBeNull();
    await v.set('odoo:prod', SECRET);
    expect(await v.has('odoo:prod')).toBe(true);
    // a fresh instance reads what the first wrote
    expect(await vault().get('odoo:prod')).toBe(SECRET);
    await v.delete('odoo:prod');
    await v.delete('odoo:prod'); // deleting what is not there is fine
    expect(await v.get('odoo:prod')).toBeNull();
  });

  it('never writes the secret in clear, and keeps the file owner-only (0600)', async () => {
    await vault().set('ai:anthropic', SECRET);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(JSON.parse(text)).toMatchObject({ version: 1, entries: { 'ai:anthropic': expect.any(String) } });
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // no temp file left beside it
    expect(fs.readdirSync(path.dirname(file))).toEqual(['credentials.json']);
  });

  it('keeps 0600 when an existing file had wider permissions', async () => {
    if (process.platform === 'win32') return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ version: 1, entries: {} }), { mode: 0o644 });
    await vault().set('odoo:prod', SECRET);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses names that could reach object internals or paths', async () => {
    const v = vault();
    for (const key of ['', '__proto__', 'constructor/__proto__', '../x', ' spaced', 'a'.repeat(201)]) {
      expect(await codeOf(() => v.set(key, SECRET)), key).toBe('vault/unavailable');
    }
    expect(await codeOf(() => v.set('odoo:prod', ''))).toBe('vault/unavailable');
  });

  it('says a blob can no longer be decrypted without echoing it', async () => {
    await vault().set('odoo:prod', SECRET);
    const broken = createVault({
      file,
      platform: 'linux',
      safeStorage: {
        ...fakeSafeStorage('gnome_libsecret'),
        decryptString: () => {
          throw new Error('keyring reset');
        },
      },
    });
    expect(await codeOf(() => broken.get('odoo:prod'))).toBe('vault/unavailable');
  });
});

describe('credential vault on an insecure or missing backend', () => {
  it('refuses to store anything on Linux basic_text, with a message that says how to fix it', async () => {
    const v = createVault({ file, safeStorage: fakeSafeStorage('basic_text'), platform: 'linux' });
    const status = v.isAvailable();
    expect(status.ok).toBe(false);
    expect(status.backend).toBe('basic_text');
    expect(status.warning).toMatch(/keyring/i);
    expect(v.info()).toMatchObject({ backend: 'safe-storage', secure: false, warning: status.warning });
    let error: unknown;
    try {
      await v.set('odoo:prod', SECRET);
    } catch (e) {
      error = e;
    }
    expect(isAppError(error) && error.code).toBe('vault/insecure-backend');
    expect((error as Error).message).toMatch(/GNOME Keyring|KWallet/);
    expect((error as Error).message).not.toContain(SECRET);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses to decrypt on basic_text too, but still answers has()', async () => {
    createVault({ file, safeStorage: fakeSafeStorage('kwallet6'), platform: 'linux' }).set('odoo:prod', SECRET);
    const v = createVault({ file, safeStorage: fakeSafeStorage('basic_text'), platform: 'linux' });
    expect(await v.has('odoo:prod')).toBe(true);
    expect(await codeOf(() => v.get('odoo:prod'))).toBe('vault/insecure-backend');
  });

  it('refuses when encryption is unavailable (locked keyring; before ready)', async () => {
    expect(await codeOf(() => createVault({ file, safeStorage: fakeSafeStorage('gnome_libsecret', false), platform: 'linux' }).set('k', 's'))).toBe(
      'vault/unavailable',
    );
    expect(await codeOf(() => createVault({ file, safeStorage: fakeSafeStorage('unknown'), platform: 'linux' }).set('k', 's'))).toBe('vault/unavailable');
    expect(await codeOf(() => createVault({ file, safeStorage: fakeSafeStorage('unknown', false), platform: 'darwin' }).set('k', 's'))).toBe(
      'vault/unavailable',
    );
    expect(fs.existsSync(file)).toBe(false);
  });

  it('uses the OS store on macOS and Windows without asking for a Linux backend', async () => {
    expect(createVault({ file, safeStorage: fakeSafeStorage('unknown'), platform: 'darwin' }).isAvailable()).toEqual({ ok: true, backend: 'keychain' });
    expect(createVault({ file, safeStorage: fakeSafeStorage('unknown'), platform: 'win32' }).isAvailable()).toEqual({ ok: true, backend: 'dpapi' });
  });
});
