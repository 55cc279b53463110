import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/errors';
import type { CredentialVault, VaultInfo } from './types';

type Sealed = { iv: string; tag: string; data: string };

const WARNING =
  'No OS keyring is available: credentials are stored in an encrypted file readable only by your user (mode 0600), with its key beside it. Anyone who can read your files can read them.';

function writePrivate(file: string, content: string | Buffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/**
 * AES-256-GCM encrypted credentials in `<dir>/vault.json`, key in `<dir>/vault.key`, both 0600.
 * Used by the Node host and CLI when no OS keyring answers; says so through `info().warning`.
 */
export function createFileVault(dir: string): CredentialVault {
  const keyFile = path.join(dir, 'vault.key');
  const dataFile = path.join(dir, 'vault.json');

  const key = (): Buffer => {
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(keyFile)) writePrivate(keyFile, randomBytes(32));
    const k = fs.readFileSync(keyFile);
    if (k.length !== 32) throw new AppError('vault/unavailable', `The credential key file ${keyFile} is damaged; remove it and enter your credentials again.`);
    return k;
  };
  const load = (): Record<string, Sealed> => {
    if (!fs.existsSync(dataFile)) return {};
    try {
      return JSON.parse(fs.readFileSync(dataFile, 'utf8')) as Record<string, Sealed>;
    } catch {
      throw new AppError('vault/unavailable', `The credential file ${dataFile} is damaged; remove it and enter your credentials again.`);
    }
  };
  const save = (all: Record<string, Sealed>) => writePrivate(dataFile, JSON.stringify(all, null, 2));

  const info: VaultInfo = { backend: 'encrypted-file', secure: false, warning: WARNING };
  return {
    info: () => info,
    async get(name) {
      const sealed = load()[name];
      if (!sealed) return null;
      try {
        const d = createDecipheriv('aes-256-gcm', key(), Buffer.from(sealed.iv, 'base64'));
        d.setAuthTag(Buffer.from(sealed.tag, 'base64'));
        return Buffer.concat([d.update(Buffer.from(sealed.data, 'base64')), d.final()]).toString('utf8');
      } catch {
        throw new AppError('vault/unavailable', 'A stored credential cannot be decrypted (the key file changed); enter it again.');
      }
    },
    async set(name, secret) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key(), iv);
      const data = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
      save({ ...load(), [name]: { iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') } });
    },
    async delete(name) {
      const all = load();
      if (!(name in all)) return;
      delete all[name];
      save(all);
    },
    async has(name) {
      return name in load();
    },
  };
}
