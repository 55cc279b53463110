#!/usr/bin/env node
// Keeps better-sqlite3 built for two runtimes and switches between them.
//   node scripts/native-abi.mjs node      -> the build for this Node (tests, CLI, Node host)
//   node scripts/native-abi.mjs electron  -> the build for Electron's ABI (the desktop app)
//   node scripts/native-abi.mjs install   -> postinstall: cache the Node build, try Electron's, never fail the install
//   node scripts/native-abi.mjs status    -> print what is cached and active (JSON)
// Builds are cached in node_modules/.cache/smart-odoo-native/<runtime>-<abi>/ and copied into place.
// Each build is verified by loading it in the runtime it was built for; a build that does not load is never cached.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const moduleDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const activeBinary = path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
const cacheRoot = path.join(root, 'node_modules', '.cache', 'smart-odoo-native');
const markerFile = path.join(cacheRoot, 'active.json');

function log(msg) {
  process.stderr.write(`[native] ${msg}\n`);
}

function electronInfo() {
  let pkg;
  try {
    pkg = require('electron/package.json');
  } catch {
    return { installed: false };
  }
  let binary = null;
  try {
    binary = require('electron'); // path to the binary; throws when it was not downloaded
  } catch {
    binary = null;
  }
  const hasBinary = typeof binary === 'string' && fs.existsSync(binary);
  return { installed: true, version: pkg.version, binary: hasBinary ? binary : null };
}

function readMarker() {
  try {
    return JSON.parse(fs.readFileSync(markerFile, 'utf8'));
  } catch {
    return null;
  }
}

function writeMarker(m) {
  fs.mkdirSync(cacheRoot, { recursive: true });
  fs.writeFileSync(markerFile, JSON.stringify(m, null, 2));
}

/** Load the module in a child process of the target runtime; returns null when it loads, else the error text. */
function verify(runtime, binaryPath, electronBinary) {
  const probe = `const D=require(${JSON.stringify(moduleDir)});const db=new D(':memory:');db.prepare('select 1').get();db.close();process.stdout.write(process.versions.modules)`;
  const env = { ...process.env };
  let cmd = process.execPath;
  if (runtime === 'electron') {
    cmd = electronBinary;
    env.ELECTRON_RUN_AS_NODE = '1';
  }
  const tmpActive = activeBinary;
  if (binaryPath !== tmpActive) fs.copyFileSync(binaryPath, tmpActive);
  const r = spawnSync(cmd, ['-e', probe], { env, encoding: 'utf8', timeout: 60_000 });
  if (r.status === 0) return null;
  return (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').slice(0, 3).join(' ');
}

function build(runtime, target) {
  // node-gyp honours npm's `nodedir` setting over --target, which would silently build against Node's headers;
  // so every relevant setting is passed explicitly and the npm_config_* variables for them are cleared.
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|build_from_source)$/i.test(k)) delete env[k];
  }
  const gyp = require.resolve('node-gyp/bin/node-gyp.js');
  const args = [gyp, 'rebuild', '--release', `--directory=${moduleDir}`];
  if (runtime === 'electron') {
    args.push(`--target=${target}`, '--dist-url=https://electronjs.org/headers', `--nodedir=${path.join(cacheRoot, 'headers', `electron-${target}`)}`);
    env.npm_config_runtime = 'electron';
  } else {
    args.push(`--nodedir=${process.env.npm_config_nodedir || path.dirname(path.dirname(process.execPath))}`);
  }
  log(`building better-sqlite3 for ${runtime} ${target} (about a minute)…`);
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    const tail = (r.stderr || '').trim().split('\n').slice(-4).join(' | ');
    throw new Error(`build for ${runtime} ${target} failed: ${tail}`);
  }
}

function cacheDirFor(runtime, key) {
  return path.join(cacheRoot, `${runtime}-${key}`);
}

function ensureNode() {
  const key = `${process.versions.modules}-${process.platform}-${process.arch}`;
  const dir = cacheDirFor('node', key);
  const cached = path.join(dir, 'better_sqlite3.node');
  const marker = readMarker();
  if (marker?.runtime === 'node' && marker.key === key && fs.existsSync(activeBinary) && verify('node', activeBinary) === null) {
    return;
  }
  if (fs.existsSync(cached) && verify('node', cached) === null) {
    writeMarker({ runtime: 'node', key });
    log(`better-sqlite3: using the cached build for Node ABI ${process.versions.modules}`);
    return;
  }
  // The installed binary (prebuilt or compiled by npm install) may already be Node's.
  if (fs.existsSync(activeBinary)) {
    const copy = path.join(cacheRoot, 'probe.node');
    fs.mkdirSync(cacheRoot, { recursive: true });
    fs.copyFileSync(activeBinary, copy);
    if (verify('node', copy) === null) {
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(copy, cached);
      writeMarker({ runtime: 'node', key });
      return;
    }
  }
  build('node', process.version.slice(1));
  const err = verify('node', activeBinary);
  if (err) throw new Error(`the Node build of better-sqlite3 does not load: ${err}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(activeBinary, cached);
  writeMarker({ runtime: 'node', key });
  log(`better-sqlite3 built and verified for Node ABI ${process.versions.modules}`);
}

const NO_ELECTRON =
  'The Electron binary is not installed (it is downloaded by `npm install` from GitHub); download it with `node node_modules/electron/install.js` (ELECTRON_SKIP_BINARY_DOWNLOAD unset) on a machine with internet access, or use `npx smart-odoo serve` to run the same app in a browser.';

function ensureElectron() {
  const e = electronInfo();
  if (!e.installed) throw new Error('electron is not installed: run `npm install`.');
  if (!e.binary) throw new Error(NO_ELECTRON);
  const key = `${e.version}-${process.platform}-${process.arch}`;
  const dir = cacheDirFor('electron', key);
  const cached = path.join(dir, 'better_sqlite3.node');
  const marker = readMarker();
  if (marker?.runtime === 'electron' && marker.key === key && fs.existsSync(activeBinary)) return;
  if (!fs.existsSync(cached)) {
    // keep the Node build safe before the rebuild overwrites the active binary
    try {
      ensureNode();
    } catch {
      /* a missing Node build is rebuilt on the next `npm test` */
    }
    build('electron', e.version);
    const err = verify('electron', activeBinary, e.binary);
    if (err) throw new Error(`the Electron build of better-sqlite3 does not load in Electron ${e.version}: ${err}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(activeBinary, cached);
    log(`better-sqlite3 built and verified for Electron ${e.version}`);
  } else {
    fs.copyFileSync(cached, activeBinary);
    const err = verify('electron', activeBinary, e.binary);
    if (err) throw new Error(`the cached Electron build of better-sqlite3 does not load: ${err}`);
  }
  writeMarker({ runtime: 'electron', key });
}

function restoreNodeActive() {
  const key = `${process.versions.modules}-${process.platform}-${process.arch}`;
  const cached = path.join(cacheDirFor('node', key), 'better_sqlite3.node');
  if (fs.existsSync(cached)) {
    fs.copyFileSync(cached, activeBinary);
    writeMarker({ runtime: 'node', key });
  }
}

function status() {
  const m = readMarker();
  const e = electronInfo();
  const caches = fs.existsSync(cacheRoot) ? fs.readdirSync(cacheRoot).filter((d) => /^(node|electron)-/.test(d)) : [];
  return { active: m, cached: caches, electron: e, nodeAbi: process.versions.modules };
}

const cmd = process.argv[2] ?? 'status';
try {
  switch (cmd) {
    case 'node':
      ensureNode();
      break;
    case 'electron':
      ensureElectron();
      break;
    case 'install': {
      ensureNode();
      const e = electronInfo();
      if (!e.binary) {
        log('Electron binary not present (skipped download): the app will need it for `npm start`; tests and `smart-odoo serve` work without it.');
        break;
      }
      try {
        ensureElectron();
        restoreNodeActive();
      } catch (err) {
        restoreNodeActive();
        log(`Electron build of better-sqlite3 not prepared now (${err.message}); \`npm start\` will try again.`);
      }
      break;
    }
    case 'status':
      process.stdout.write(JSON.stringify(status(), null, 2) + '\n');
      break;
    default:
      log(`unknown command ${cmd}; use node | electron | install | status`);
      process.exit(2);
  }
} catch (err) {
  if (cmd === 'electron' && err.message === NO_ELECTRON) {
    process.stderr.write(`${NO_ELECTRON}\n`);
  } else {
    process.stderr.write(`[native] ${err.message}\n`);
  }
  process.exit(1);
}
