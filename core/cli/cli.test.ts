import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { projectRoot } from './paths';

// The CLI is a public interface: these run the real `bin/smart-odoo.mjs` in a child process.
const require = createRequire(import.meta.url);
const bin = path.join(projectRoot(), 'bin', 'smart-odoo.mjs');
let tmp: ReturnType<typeof makeTempDir>;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  tmp = makeTempDir();
  const rendererDir = path.join(tmp.dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Smart Odoo</title>');
  env = { ...process.env, SMART_ODOO_DATA_DIR: path.join(tmp.dir, 'data'), SMART_ODOO_RENDERER_DIR: rendererDir, SMART_ODOO_DEMO_SIZE: 'S', SMART_ODOO_VAULT: 'file' };
});
afterEach(() => tmp.cleanup());

const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 60_000 });

describe('smart-odoo CLI', () => {
  it('--help lists the commands and exits 0', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/serve/);
    expect(r.stdout).toMatch(/doctor/);
    expect(r.stdout).toMatch(/Exit codes: 0 ok, 1 failure, 2 usage error/);
  });

  it('usage errors exit 2 with a message on stderr', () => {
    const unknown = run('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command “frobnicate”/);
    const badOption = run('doctor', '--colour');
    expect(badOption.status).toBe(2);
    expect(badOption.stderr).toMatch(/--colour/);
    const badPort = run('serve', '--port', 'eighty');
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toMatch(/--port must be an integer/);
    expect(run().status).toBe(2);
  });

  it('each command has its own --help', () => {
    const r = run('serve', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: smart-odoo serve \[--port N\] \[--open\]/);
  });

  it('doctor --json reports runtime, native module ABI and data directory', () => {
    const r = run('doctor', '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.runtime).toMatchObject({ node: process.versions.node, abi: process.versions.modules });
    expect(report.nativeModule).toMatchObject({ name: 'better-sqlite3', ok: true, abi: process.versions.modules });
    expect(report.dataDir).toMatchObject({ path: env.SMART_ODOO_DATA_DIR, writable: true });
    expect(report.store).toMatchObject({ ok: true, schemaVersion: expect.any(Number) });
  });

  it('doctor fails with exit 1 when the database is from the future', () => {
    run('doctor');
    const Database = require('better-sqlite3') as typeof BetterSqlite3;
    const db = new Database(path.join(env.SMART_ODOO_DATA_DIR!, 'smart-odoo.sqlite'));
    db.pragma('user_version = 7');
    db.close();
    const r = run('doctor');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL database .*newer version/);
  });

  it('serve prints one line with the URL, serves with the token, 401 without', async () => {
    const child = spawn(process.execPath, [bin, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const url = line.match(/(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/)?.[1];
      expect(url).toBeDefined();
      const u = new URL(url!);
      expect((await fetch(`${u.origin}/`)).status).toBe(401);
      const ok = await fetch(url!, { redirect: 'manual' });
      expect(ok.status).toBe(302);
      const info = await fetch(`${u.origin}/api/invoke/app:info`, {
        method: 'POST',
        body: '{}',
        headers: { authorization: `Bearer ${u.searchParams.get('token')}` },
      });
      expect(await info.json()).toMatchObject({ ok: true, value: { host: 'node' } });
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('exit', r));
    }
    expect(child.exitCode === 0 || child.signalCode === 'SIGTERM').toBe(true);
  });
});
