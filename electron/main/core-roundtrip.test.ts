import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { AppInfo } from '../../core/contract';
import { silentLogger } from '../../core/shared/logger';
import { createCoreProcess, type CoreChild, type CoreProcess } from './core-process';
import { createVault, type SafeStorageVault } from './vault';

/**
 * main's core-process against the real core entry in a real child process (Node standing in for Electron's
 * utilityProcess through a parentPort shim): the ready handshake, calls, events, a hard crash and restart,
 * and a clean shutdown — across an actual process boundary.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const entry = path.resolve(here, '../../core/host/utility-entry.ts');
const shim = pathToFileURL(path.join(here, 'testing', 'parent-port-shim.mjs')).href;

let tmp: ReturnType<typeof makeTempDir>;
let children: ChildProcess[];
let core: CoreProcess;
let events: string[];
let vault: SafeStorageVault;

/** safeStorage stand-in: reversible, but never the plaintext */
const fakeSafeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret' as const,
  encryptString: (s: string) => Buffer.from(s, 'utf8').reverse(),
  decryptString: (b: Buffer) => Buffer.from(b).reverse().toString('utf8'),
};

function forkCore(dataDir: string): CoreChild {
  const child = fork(entry, [`--data-dir=${dataDir}`], {
    execArgv: ['--import', 'tsx', '--import', shim],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, SMART_ODOO_LOG_LEVEL: 'error', SMART_ODOO_BACKGROUND: '0', SMART_ODOO_VAULT_INFO: JSON.stringify(vault.info()) },
  });
  child.stderr?.resume(); // drain, so a chatty core can never block on a full pipe
  children.push(child);
  const on = ((event: 'message' | 'exit', listener: (arg: unknown) => void) =>
    event === 'message' ? child.on('message', listener) : child.on('exit', (code) => listener(code ?? -1))) as CoreChild['on'];
  return { postMessage: (m) => void child.send(m), kill: () => child.kill(), on };
}

async function until(check: () => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeEach(() => {
  tmp = makeTempDir();
  children = [];
  events = [];
  vault = createVault({ file: path.join(tmp.dir, 'credentials.json'), safeStorage: fakeSafeStorage, platform: 'linux' });
  core = createCoreProcess({
    vault,
    fork: () => forkCore(tmp.dir),
    logger: silentLogger,
    onEvent: (e) => events.push(e),
    timeoutMs: 20_000,
    backoff: { initialMs: 50, maxMs: 200, stableMs: 60_000, maxCrashes: 3 },
  });
  core.start();
});
afterEach(async () => {
  await core.stop();
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  tmp.cleanup();
});

describe('core process round trip (real child process)', () => {
  it('answers calls, pushes events, survives a crash, reaches main’s vault, and shuts down cleanly', async () => {
    const info = await core.invoke('app:info', {});
    expect(info.ok).toBe(true);
    if (!info.ok) return;
    expect(AppInfo.parse(info.value)).toMatchObject({ host: 'electron', dataDir: tmp.dir, store: { state: 'ok' } });

    expect(await core.invoke('settings:set', { theme: 'dark' })).toMatchObject({ ok: true });
    expect(await core.invoke('no:such', {})).toMatchObject({ ok: false, error: { code: 'contract/unknown-channel' } });

    expect(await core.invoke('jobs:start-store-check', {})).toMatchObject({ ok: true });
    await until(() => events.includes('jobs:progress'));

    // a hard crash: the next process starts on the same data and still has the setting
    const first = children[0]!;
    first.kill('SIGKILL');
    await until(() => children.length === 2 && core.state === 'ready');
    expect(await core.invoke('settings:get', {})).toMatchObject({ ok: true, value: { theme: 'dark' } });

    // credentials: the core's vault is main's, reached by messages
    const saved = await core.invoke('connections:save', { label: 'Prod', url: 'https://odoo.example.com', login: 'ap@example.com', secret: 'api-key-xyz-987', activate: false });
    expect(saved).toMatchObject({ ok: true, value: { label: 'Prod' } });
    const id = saved.ok ? (saved.value as { id: string }).id : '';
    expect(await vault.get(`odoo:${id}`)).toBe('api-key-xyz-987');
    const list = await core.invoke('connections:list', {});
    expect(list).toMatchObject({ ok: true, value: { vault: { backend: 'safe-storage', secure: true } } });
    const listed = list.ok ? (list.value as { connections: Array<{ id: string; hasCredential: boolean }> }).connections : [];
    expect(listed.find((c) => c.id === id)?.hasCredential).toBe(true);
    expect(JSON.stringify(list)).not.toContain('api-key-xyz-987');

    const second = children[1]!;
    await core.stop();
    expect(second.exitCode).toBe(0); // exited on the shutdown message, not killed
  }, 60_000);
});
