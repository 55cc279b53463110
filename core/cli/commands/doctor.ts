import fs from 'node:fs';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { APP_VERSION } from '../../host/version';
import { storeFile } from '../../host/service';
import { isAppError } from '../../shared/errors';
import { openStore } from '../../store/db';
import { resolveDataDir } from '../../store/data-dir';
import { EXIT, type CliCommand } from '../command';
import { projectRoot } from '../paths';

type Check = { ok: boolean; message: string };

export type DoctorReport = {
  app: { name: 'Smart Odoo'; version: string };
  runtime: { node: string; abi: string; platform: string; arch: string; electronInstalled: string | null; electronBinary: boolean };
  nativeModule: Check & { name: 'better-sqlite3'; version: string | null; abi: string; builtFor: string | null; sqlite: string | null };
  dataDir: Check & { path: string; writable: boolean };
  store: Check & { path: string; schemaVersion: number | null; code: string | null };
  connectivity: Check & { configured: boolean };
  ok: boolean;
};

function nativeStatus(): DoctorReport['nativeModule'] {
  const require = createRequire(path.join(projectRoot(), 'package.json'));
  let version: string | null = null;
  let builtFor: string | null = null;
  try {
    version = (require('better-sqlite3/package.json') as { version: string }).version;
    const marker = path.join(projectRoot(), 'node_modules', '.cache', 'smart-odoo-native', 'active.json');
    if (fs.existsSync(marker)) {
      const m = JSON.parse(fs.readFileSync(marker, 'utf8')) as { runtime: string; key: string };
      builtFor = `${m.runtime} ${m.key}`;
    }
    const Database = require('better-sqlite3') as typeof BetterSqlite3;
    const db = new Database(':memory:');
    const sqlite = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
    db.close();
    return { name: 'better-sqlite3', version, abi: process.versions.modules, builtFor, sqlite, ok: true, message: `loads in Node ABI ${process.versions.modules}` };
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    return {
      name: 'better-sqlite3',
      version,
      abi: process.versions.modules,
      builtFor,
      sqlite: null,
      ok: false,
      message: `does not load (${msg}); run \`npm run native:node\``,
    };
  }
}

function electronStatus(): { installed: string | null; binary: boolean } {
  const require = createRequire(path.join(projectRoot(), 'package.json'));
  try {
    const installed = (require('electron/package.json') as { version: string }).version;
    let binary = false;
    try {
      const p = require('electron') as unknown;
      binary = typeof p === 'string' && fs.existsSync(p);
    } catch {
      binary = false;
    }
    return { installed, binary };
  } catch {
    return { installed: null, binary: false };
  }
}

export function runDoctor(env: NodeJS.ProcessEnv): DoctorReport {
  const electron = electronStatus();
  const native = nativeStatus();
  const dir = resolveDataDir(env);
  let writable = false;
  let dirMessage = '';
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    writable = true;
    dirMessage = 'exists and is writable';
  } catch (e) {
    dirMessage = `not writable: ${e instanceof Error ? e.message : String(e)}`;
  }
  const file = storeFile(dir);
  let store: DoctorReport['store'] = { ok: false, path: file, schemaVersion: null, code: null, message: 'not checked' };
  if (native.ok && writable) {
    try {
      const s = openStore(file);
      store = { ok: true, path: file, schemaVersion: s.schemaVersion, code: null, message: `schema ${s.schemaVersion}` };
      s.close();
    } catch (e) {
      store = { ok: false, path: file, schemaVersion: null, code: isAppError(e) ? e.code : 'app/internal', message: e instanceof Error ? e.message : String(e) };
    }
  }
  const report: DoctorReport = {
    app: { name: 'Smart Odoo', version: APP_VERSION },
    runtime: {
      node: process.versions.node,
      abi: process.versions.modules,
      platform: process.platform,
      arch: process.arch,
      electronInstalled: electron.installed,
      electronBinary: electron.binary,
    },
    nativeModule: native,
    dataDir: { ok: writable, path: dir, writable, message: dirMessage },
    store,
    // connections arrive with the cache issue; until then there is nothing to reach
    connectivity: { ok: true, configured: false, message: 'no Odoo connection configured yet' },
    ok: false,
  };
  report.ok = report.nativeModule.ok && report.dataDir.ok && report.store.ok;
  return report;
}

const mark = (ok: boolean) => (ok ? 'ok  ' : 'FAIL');

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'Check the runtime, the native SQLite module, the data directory and connectivity.',
  help: `Usage: smart-odoo doctor [--json]

Prints what this machine runs (Node, ABI, Electron), whether better-sqlite3 loads here, where the data
directory is and whether the local database opens, and the Odoo connection status.
Exit code 0 when everything needed works, 1 otherwise.

Options:
  --json   one JSON object: {app, runtime, nativeModule, dataDir, store, connectivity, ok}`,
  options: { json: { type: 'boolean' } },
  async run(ctx, values) {
    const r = runDoctor(ctx.env);
    if (values.json) {
      ctx.out(JSON.stringify(r, null, 2));
    } else {
      ctx.out(`Smart Odoo ${r.app.version}`);
      ctx.out(`  runtime       Node ${r.runtime.node} (ABI ${r.runtime.abi}) on ${r.runtime.platform}/${r.runtime.arch}`);
      ctx.out(
        `  electron      ${r.runtime.electronInstalled ? `${r.runtime.electronInstalled}, binary ${r.runtime.electronBinary ? 'present' : 'missing (npm start needs it; smart-odoo serve does not)'}` : 'not installed'}`,
      );
      ctx.out(`  ${mark(r.nativeModule.ok)} better-sqlite3 ${r.nativeModule.version ?? '?'}: ${r.nativeModule.message}${r.nativeModule.sqlite ? `, SQLite ${r.nativeModule.sqlite}` : ''}`);
      ctx.out(`  ${mark(r.dataDir.ok)} data dir ${r.dataDir.path}: ${r.dataDir.message}`);
      ctx.out(`  ${mark(r.store.ok)} database ${r.store.path}: ${r.store.message}`);
      ctx.out(`  ${mark(r.connectivity.ok)} odoo: ${r.connectivity.message}`);
    }
    return r.ok ? EXIT.ok : EXIT.failure;
  },
};
