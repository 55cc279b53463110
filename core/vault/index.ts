import { createFileVault } from './file-vault';
import { createKeyringVault } from './keyring-vault';
import type { CredentialVault } from './types';

export type { CredentialVault, VaultInfo } from './types';
export { createMemoryVault } from './types';
export { createFileVault } from './file-vault';

/** The Node host's and CLI's vault: the OS keyring when it answers, else the encrypted file (with a warning). */
export async function selectNodeVault(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<CredentialVault> {
  if (env.SMART_ODOO_VAULT !== 'file') {
    const keyring = await createKeyringVault();
    if (keyring) return keyring;
  }
  return createFileVault(dataDir);
}
