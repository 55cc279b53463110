import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The `smart-odoo` CLI compiled once for a test run: `cli.mjs` runs the same `main()` as bin/smart-odoo.mjs,
 * next to the demo simulator's and the extraction pool's worker scripts (where the bundled code looks for them,
 * as in the app's build). A child process then starts in a fraction of a second instead of compiling the
 * TypeScript sources through tsx at every spawn. bin/smart-odoo.mjs itself stays covered by core/cli/cli.test.ts.
 *
 * Pure-JS packages are bundled too (loading them file by file is most of a start-up); those with native code or
 * files they load at run time stay external and resolve through a node_modules link to the project's, so the
 * native better-sqlite3 is the one the other tests load.
 */
const EXTERNAL = ['better-sqlite3', '@napi-rs/canvas', 'tesseract.js', '@tesseract.js-data/*', 'pdfjs-dist', 'pdfjs-dist/*'];

export async function buildCliBundle(): Promise<{ dir: string; cli: string; cleanup: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smart-odoo-cli-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
    const common = {
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: EXTERNAL,
      // a `require` for the bundled CommonJS packages
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'silent',
      sourcemap: true,
      absWorkingDir: repoRoot,
    } as const;
    await Promise.all([
      build({
        ...common,
        stdin: {
          contents: "import { main } from './core/cli/main.ts';\nprocess.exitCode = await main(process.argv.slice(2));\n",
          resolveDir: repoRoot,
          sourcefile: 'smart-odoo-cli.ts',
          loader: 'ts',
        },
        outfile: path.join(dir, 'cli.mjs'),
      }),
      build({ ...common, entryPoints: { 'demo-worker': path.join(repoRoot, 'core/odoo-sim/server/demo-worker.ts'), 'extract-worker': path.join(repoRoot, 'core/engine/extraction/extract-worker.ts') }, outdir: dir, outExtension: { '.js': '.js' } }),
    ]);
    return { dir, cli: path.join(dir, 'cli.mjs'), cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
