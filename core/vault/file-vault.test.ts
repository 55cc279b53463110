import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { createFileVault } from './file-vault';
import { createKeyringVault } from './keyring-vault';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => (tmp = makeTempDir()));
afterEach(() => tmp.cleanup());

describe('encrypted file vault', () => {
  it('round-trips secrets, stores them encrypted with 0600 files, and warns', async () => {
    const v = createFileVault(tmp.dir);
    await v.set('odoo:c1', 'super-secret-api-key');
    expect(await v.get('odoo:c1')).toBe('super-secret-api-key');
    expect(await v.has('odoo:c1')).toBe(true);
    const raw = fs.readFileSync(path.join(tmp.dir, 'vault.json'), 'utf8');
    expect(raw).not.toContain('super-secret-api-key');
    for (const f of ['vault.json', 'vault.key']) expect(fs.statSync(path.join(tmp.dir, f)).mode & 0o777).toBe(0o600);
    expect(v.info()).toMatchObject({ backend: 'encrypted-file', secure: false, warning: expect.stringMatching(/0600/) });
    // a second instance (next launch) reads it back
    expect(await createFileVault(tmp.dir).get('odoo:c1')).toBe('super-secret-api-key');
    await v.delete('odoo:c1');
    expect(await v.get('odoo:c1')).toBeNull();
  });

  it('refuses to decrypt after the key changed, with a clear error', async () => {
    const v = createFileVault(tmp.dir);
    await v.set('k', 's');
    fs.writeFileSync(path.join(tmp.dir, 'vault.key'), Buffer.alloc(32, 7));
    await expect(v.get('k')).rejects.toMatchObject({ code: 'vault/unavailable' });
  });

  it('detects tampering', async () => {
    const v = createFileVault(tmp.dir);
    await v.set('k', 'secret');
    const file = path.join(tmp.dir, 'vault.json');
    const all = JSON.parse(fs.readFileSync(file, 'utf8'));
    all.k.data = Buffer.from('forged').toString('base64');
    fs.writeFileSync(file, JSON.stringify(all));
    await expect(v.get('k')).rejects.toMatchObject({ code: 'vault/unavailable' });
  });
});

describe('keyring vault', () => {
  it('is not offered when the keyring tool does not answer', async () => {
    expect(await createKeyringVault('linux', async () => ({ code: 127, stdout: '' }))).toBeNull();
    expect(await createKeyringVault('win32', async () => ({ code: 0, stdout: '' }))).toBeNull();
  });

  it('passes the secret on stdin to secret-tool, never in argv', async () => {
    const calls: Array<{ cmd: string; args: string[]; input?: string }> = [];
    const store = new Map<string, string>();
    const v = await createKeyringVault('linux', async (cmd, args, input) => {
      calls.push({ cmd, args, ...(input !== undefined ? { input } : {}) });
      if (args[0] === 'store') store.set(args.at(-1)!, input ?? '');
      if (args[0] === 'lookup') return store.has(args.at(-1)!) ? { code: 0, stdout: store.get(args.at(-1)!)! } : { code: 1, stdout: '' };
      return { code: 0, stdout: '' };
    });
    await v!.set('odoo:c1', 'pw');
    expect(await v!.get('odoo:c1')).toBe('pw');
    const storeCall = calls.find((c) => c.args[0] === 'store')!;
    expect(storeCall.args).not.toContain('pw');
    expect(storeCall.input).toBe('pw');
  });
});
