/**
 * Where credentials (Odoo API keys and passwords, AI keys) live. Secrets never reach the renderer (it only
 * learns `hasCredential`) and are never logged. Implementations: Electron's safeStorage (in electron/main,
 * reached from the core process by messages), the OS keyring, or an encrypted file as the last resort.
 */
export type VaultInfo = {
  backend: 'safe-storage' | 'os-keyring' | 'encrypted-file' | 'memory';
  /** false when the protection is weaker than the OS's own credential store */
  secure: boolean;
  warning?: string;
};

export type CredentialVault = {
  info(): VaultInfo;
  get(key: string): Promise<string | null>;
  set(key: string, secret: string): Promise<void>;
  delete(key: string): Promise<void>;
  has(key: string): Promise<boolean>;
};

/** For tests and the demo company (whose password is public anyway). */
export function createMemoryVault(): CredentialVault {
  const m = new Map<string, string>();
  return {
    info: () => ({ backend: 'memory', secure: false, warning: 'Credentials are kept in memory only and forgotten on exit.' }),
    get: async (k) => m.get(k) ?? null,
    set: async (k, s) => void m.set(k, s),
    delete: async (k) => void m.delete(k),
    has: async (k) => m.has(k),
  };
}
