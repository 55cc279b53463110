import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const script = path.resolve(import.meta.dirname, 'native-abi.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 240_000 });

describe('native-abi switch script', () => {
  it('status reports the active build and the cached ones', () => {
    const r = run('status');
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.nodeAbi).toBe(process.versions.modules);
    expect(s.active).toMatchObject({ runtime: 'node', key: `${process.versions.modules}-${process.platform}-${process.arch}` });
    expect(s.cached).toContain(`node-${process.versions.modules}-${process.platform}-${process.arch}`);
  });

  it('node mode verifies the build loads in this Node', () => {
    const r = run('node');
    expect(r.status).toBe(0);
  });

  it('electron mode without the Electron binary exits 1 with one sentence saying how to fix it', () => {
    const s = JSON.parse(run('status').stdout);
    if (s.electron.binary) {
      // on a machine with the binary this mode builds for Electron's ABI instead: covered by `npm start`
      expect(typeof s.electron.binary).toBe('string');
      return;
    }
    const r = run('electron');
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Electron binary is not installed.*node node_modules\/electron\/install\.js/);
    // the Node build stays active for tests
    expect(JSON.parse(run('status').stdout).active.runtime).toBe('node');
  });

  it('refuses an unknown mode with exit 2', () => {
    expect(run('bogus').status).toBe(2);
  });
});
