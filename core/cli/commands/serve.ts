import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startHttpHost } from '../../host/http-host';
import { createService } from '../../host/service';
import { createLogger } from '../../shared/logger';
import { resolveDataDir } from '../../store/data-dir';
import { selectNodeVault } from '../../vault';
import { EXIT, UsageError, type CliCommand } from '../command';
import { stderrSink } from '../log-sink';
import { projectRoot, rendererDir } from '../paths';

function ensureRendererBuilt(env: NodeJS.ProcessEnv, err: (t: string) => void): string {
  const dir = rendererDir(env);
  if (fs.existsSync(path.join(dir, 'index.html'))) return dir;
  err('Building the renderer (first run, about half a minute)…');
  const vite = path.join(projectRoot(), 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: projectRoot(),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0 || !fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error('The renderer could not be built: run `npm run build:web` and look at its errors.');
  }
  return dir;
}

function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args as string[], { detached: true, stdio: 'ignore' });
  child.on('error', () => {});
  child.unref();
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Run the app in your browser: the same renderer and core over HTTP on 127.0.0.1.',
  help: `Usage: smart-odoo serve [--port N] [--open] [--json]

Serves the app on http://127.0.0.1 only, protected by a random token that the printed URL carries.
Stop it with Ctrl+C.

Options:
  --port N   port to listen on (default: a free port)
  --open     open the URL in the default browser
  --json     print {"url","origin","port","dataDir"} as one JSON line instead of text

Environment:
  SMART_ODOO_DATA_DIR   where the local database lives (default: the OS data directory)`,
  options: {
    port: { type: 'string' },
    open: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(ctx, values) {
    let port = 0;
    if (typeof values.port === 'string') {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got “${values.port}”.`);
    }
    const logger = createLogger(stderrSink(), ctx.env.SMART_ODOO_LOG_LEVEL === 'debug' ? 'debug' : 'warn');
    const dir = ensureRendererBuilt(ctx.env, ctx.err);
    const dataDir = resolveDataDir(ctx.env);
    const vault = await selectNodeVault(dataDir, ctx.env);
    const vaultInfo = vault.info();
    if (vaultInfo.warning) ctx.err(`Warning: ${vaultInfo.warning}`);
    const service = createService({ dataDir, host: 'node', logger, vault });
    let host;
    try {
      host = await startHttpHost({ service, logger, rendererDir: dir, port });
    } catch (e) {
      await service.close();
      const code = (e as { code?: string }).code;
      ctx.err(code === 'EADDRINUSE' ? `Port ${port} is already in use: choose another with --port.` : `Could not start the server: ${String(e)}`);
      return EXIT.failure;
    }
    if (values.json) ctx.out(JSON.stringify({ url: host.url, origin: host.origin, port: host.port, dataDir }));
    else ctx.out(`Smart Odoo is running at ${host.url}`);
    if (values.open) openBrowser(host.url);
    service.start();
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await host.close();
    await service.close();
    return EXIT.ok;
  },
};
