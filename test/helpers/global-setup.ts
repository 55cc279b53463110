import type { TestProject } from 'vitest/node';
import { buildCliBundle } from './cli-bundle';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the CLI bundle of this run (test/helpers/cli-bundle.ts), or why it could not be built */
    smartOdooCli: { cli: string } | { error: string };
  }
}

/** Once per `vitest run`: compiles the CLI for the integration tests that start it in child processes. */
export default async function setup(project: TestProject): Promise<() => void> {
  try {
    const bundle = await buildCliBundle();
    project.provide('smartOdooCli', { cli: bundle.cli });
    return bundle.cleanup;
  } catch (e) {
    // a build error fails the CLI tests (with this message), not every test of the run
    project.provide('smartOdooCli', { error: e instanceof Error ? e.message : String(e) });
    return () => {};
  }
}
