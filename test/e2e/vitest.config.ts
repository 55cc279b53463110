import { defineConfig } from 'vitest/config';

// End-to-end: the built renderer (out/renderer) served by the real Node host, driven in headless Chromium.
// One file at a time in one fork: a browser per file is already heavy for CI machines.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    // the files share that fork's loaded modules (the core and the harness are imported once, not per file);
    // each file still starts its own host, data directory and browser (harness/suite.ts)
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
