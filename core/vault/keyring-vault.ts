import { execFile } from 'node:child_process';
import type { CredentialVault } from './types';

type Run = (cmd: string, args: string[], input?: string) => Promise<{ code: number; stdout: string }>;

const run: Run = (cmd, args, input) =>
  new Promise((resolve) => {
    const child = execFile(cmd, args, { timeout: 10_000 }, (err, stdout) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 127) : 0;
      resolve({ code, stdout: String(stdout) });
    });
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });

const SERVICE = 'smart-odoo';

/**
 * The OS keyring through its own command-line tool: libsecret's `secret-tool` on Linux, `security` on macOS.
 * `probe` checks that it really answers (a Linux without a running keyring daemon does not).
 */
export async function createKeyringVault(platform: NodeJS.Platform = process.platform, exec: Run = run): Promise<CredentialVault | null> {
  if (platform === 'linux') {
    const probe = await exec('secret-tool', ['search', 'service', `${SERVICE}-probe`]);
    if (probe.code !== 0 && probe.code !== 1) return null;
    const get = async (key: string) => {
      const r = await exec('secret-tool', ['lookup', 'service', SERVICE, 'key', key]);
      return r.code === 0 && r.stdout.length > 0 ? r.stdout.replace(/\n$/, '') : null;
    };
    return {
      info: () => ({ backend: 'os-keyring', secure: true }),
      get,
      async set(key, secret) {
        const r = await exec('secret-tool', ['store', '--label', `Smart Odoo ${key}`, 'service', SERVICE, 'key', key], secret);
        if (r.code !== 0) throw new Error('The OS keyring refused to store the credential.');
      },
      async delete(key) {
        await exec('secret-tool', ['clear', 'service', SERVICE, 'key', key]);
      },
      async has(key) {
        return (await get(key)) !== null;
      },
    };
  }
  if (platform === 'darwin') {
    const probe = await exec('security', ['list-keychains']);
    if (probe.code !== 0) return null;
    const get = async (key: string) => {
      const r = await exec('security', ['find-generic-password', '-s', SERVICE, '-a', key, '-w']);
      return r.code === 0 ? r.stdout.replace(/\n$/, '') : null;
    };
    return {
      info: () => ({ backend: 'os-keyring', secure: true }),
      get,
      async set(key, secret) {
        // -U updates an existing item; the secret goes through argv only on macOS, where `security` has no stdin mode
        const r = await exec('security', ['add-generic-password', '-U', '-s', SERVICE, '-a', key, '-w', secret]);
        if (r.code !== 0) throw new Error('The macOS keychain refused to store the credential.');
      },
      async delete(key) {
        await exec('security', ['delete-generic-password', '-s', SERVICE, '-a', key]);
      },
      async has(key) {
        return (await get(key)) !== null;
      },
    };
  }
  return null;
}
