import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { makeTempDir } from './temp-dir';

export type CliResult = { code: number | null; stdout: string; stderr: string };
export type CliRun = (args: string[], input?: string) => Promise<CliResult>;

/** The compiled CLI of this test run (see test/helpers/global-setup.ts); throws the build error if it failed. */
export function cliScript(): string {
  const b = inject('smartOdooCli');
  if (!b) throw new Error('No CLI bundle: run the integration tests with the project vitest.config.ts (globalSetup builds it).');
  if ('error' in b) throw new Error(`The CLI could not be compiled for the tests:\n${b.error}`);
  return b.cli;
}

/**
 * `smart-odoo ARGS` in a child process with `env` (as a user runs it: argv, stdin, exit code, stdout and stderr
 * apart). `env()` is read at each call so that a suite can set its data directory in beforeAll.
 */
export function cliRunner(env: () => NodeJS.ProcessEnv): CliRun {
  return (args, input) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cliScript(), ...args], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input ?? '');
    });
}

export type CliSuite = {
  run: CliRun;
  /** the suite's temporary directory (its data directory is `data/` inside) */
  readonly dir: string;
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
};

/**
 * The set-up the CLI suites share: a temporary directory, a fresh data directory in it (file vault, the demo
 * company at `demoSize` when a command needs one) and a runner; removed after the suite.
 */
export function useCliSuite(opts: { demoSize?: 'S' | 'M' | 'L' } = {}): CliSuite {
  let tmp: ReturnType<typeof makeTempDir> | undefined;
  let env: NodeJS.ProcessEnv | undefined;
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('useCliSuite: used outside a test (before its beforeAll ran)');
    return v;
  };
  beforeAll(() => {
    tmp = makeTempDir();
    env = { ...process.env, SMART_ODOO_DATA_DIR: path.join(tmp.dir, 'data'), SMART_ODOO_VAULT: 'file', ...(opts.demoSize ? { SMART_ODOO_DEMO_SIZE: opts.demoSize } : {}) };
  });
  afterAll(() => tmp?.cleanup());
  return {
    run: cliRunner(() => need(env)),
    get dir() {
      return need(tmp).dir;
    },
    get dataDir() {
      return path.join(need(tmp).dir, 'data');
    },
    get env() {
      return need(env);
    },
  };
}
