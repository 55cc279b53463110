import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer/vite.config';

/**
 * Three builds for the desktop app (`electron-vite build`, `dev`, `preview`):
 *   main     out/main/index.js  (app bootstrap)  +  out/main/core.js  (the core, run in a utilityProcess)
 *            +  out/main/demo-worker.js  (the demo simulator's worker thread)
 *            +  out/main/extract-worker.js  (invoice extraction worker threads)
 *   preload  out/preload/index.cjs — ONE CommonJS file with its dependencies inlined: a sandboxed preload
 *            can `require('electron')` and nothing else
 *   renderer out/renderer — the renderer's own Vite config, reused so `npm run build:web` and this agree
 */
const root = path.dirname(fileURLToPath(import.meta.url));
const r = (p: string) => path.resolve(root, p);
const renderer = rendererConfig();

export default defineConfig({
  main: {
    build: {
      outDir: r('out/main'),
      // dependencies stay in node_modules (electron-builder ships them); better-sqlite3 above all, a native
      // module that must be loaded from disk and is unpacked from the asar
      externalizeDeps: { include: ['better-sqlite3'] },
      rollupOptions: {
        input: {
          index: r('electron/main/index.ts'),
          core: r('core/host/utility-entry.ts'),
          // the demo simulator's worker thread, started by the core (core/odoo-sim/server/demo-thread.ts)
          'demo-worker': r('core/odoo-sim/server/demo-worker.ts'),
          // the extraction worker threads (pipeline + OCR), started by core/engine/extraction/worker.ts
          'extract-worker': r('core/engine/extraction/extract-worker.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: r('out/preload'),
      externalizeDeps: false,
      rollupOptions: {
        input: { index: r('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: renderer.root,
    base: renderer.base,
    plugins: renderer.plugins,
    css: renderer.css,
    server: renderer.server,
    build: {
      ...renderer.build,
      rollupOptions: { input: path.join(renderer.root ?? r('renderer'), 'index.html') },
    },
  },
});
