import { fileURLToPath } from 'node:url';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type PluginOption, type UserConfig } from 'vite';

/** Absolute path of `renderer/` (the Vite root). */
export const rendererRoot = path.dirname(fileURLToPath(import.meta.url));
/** Where the built renderer goes; the Node host and Electron's `app://` protocol serve it from here. */
export const rendererOutDir = path.resolve(rendererRoot, '../out/renderer');

/** Shared with `electron.vite.config.ts` so both builds compile the renderer the same way. */
export const rendererPlugins = (): PluginOption[] => [react()];

/**
 * The renderer build. `base: './'` keeps every asset URL relative, so the same bundle works under
 * Electron's `app://` protocol and under the Node host's http://127.0.0.1 origin.
 */
export const rendererConfig = (overrides: Partial<UserConfig> = {}): UserConfig => ({
  root: rendererRoot,
  base: './',
  plugins: rendererPlugins(),
  // postcss.config.cjs lives at the repository root
  css: { postcss: path.resolve(rendererRoot, '..') },
  build: {
    outDir: rendererOutDir,
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { strictPort: true },
  ...overrides,
});

export default defineConfig(rendererConfig());
