/**
 * The benchmark scripts' simulator: `smart-odoo sim --json` in a child process (so its CPU is not the
 * measured process's), resolved with the connection details it prints once it listens.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export type SimInfo = { url: string; apiKey: string; db: string; login: string };

const bin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'smart-odoo.mjs');

export async function startSimProcess(o: { size: string; version: string; seed?: number; dataDir: string }): Promise<{ info: SimInfo; stop: () => void }> {
  const child = spawn(process.execPath, [bin, 'sim', '--size', o.size, '--odoo-version', o.version, '--seed', String(o.seed ?? 42), '--json'], {
    env: { ...process.env, SMART_ODOO_DATA_DIR: o.dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise<SimInfo>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.trim().startsWith('{'));
      if (line && buf.includes('\n')) resolve(JSON.parse(line) as SimInfo);
    });
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return { info, stop: () => child.kill('SIGTERM') };
}
