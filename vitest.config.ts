import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Unit tests live beside their sources; integration tests under test/integration.
// End-to-end tests (test/e2e) have their own config: they need a built renderer and a browser.
export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'test/integration/**/*.test.ts', 'test/lint/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // compiles the CLI once for the integration tests that run it in child processes
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    // vitest's default in run mode is one worker less than the cores: a single worker on a 2-core CI machine,
    // where the integration files (loopback round trips, child processes) then leave a core idle
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
