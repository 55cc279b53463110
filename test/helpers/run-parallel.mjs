#!/usr/bin/env node
// Runs npm scripts at the same time and prints each one's output in one piece, in the order given, when it
// ends; exits non-zero when any failed (after all ended). `npm test` uses it for the checks that do not depend
// on each other (typecheck, lint, build:web): each is mostly single-threaded, so side by side they use the
// cores a CI machine has instead of one after the other.
//   node test/helpers/run-parallel.mjs typecheck lint build:web
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
if (names.length === 0) {
  process.stderr.write('usage: run-parallel.mjs SCRIPT...\n');
  process.exit(2);
}

const npm = process.env.npm_execpath;
const runs = names.map((name) => {
  const started = Date.now();
  // through the npm that runs us when there is one (npm_execpath), else the npm on PATH
  const [cmd, args] = npm ? [process.execPath, [npm, 'run', '--silent', name]] : [process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', name]];
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: !npm && process.platform === 'win32' });
  const chunks = [];
  child.stdout.on('data', (d) => chunks.push(d));
  child.stderr.on('data', (d) => chunks.push(d));
  return new Promise((resolve) => {
    child.on('error', (e) => resolve({ name, code: 1, output: Buffer.from(`${e.message}\n`), seconds: 0 }));
    child.on('close', (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks), seconds: (Date.now() - started) / 1000 }));
  });
});

let failed = 0;
for (const run of runs) {
  const r = await run;
  process.stdout.write(`\n> ${r.name}\n`);
  process.stdout.write(r.output);
  process.stdout.write(`${r.code === 0 ? 'ok' : `FAILED (exit ${r.code})`}: ${r.name} in ${r.seconds.toFixed(1)} s\n`);
  if (r.code !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
