import type { ParseArgsConfig } from 'node:util';

/** What every `smart-odoo` subcommand gets. Output goes through `out` (stdout) and `err` (stderr). */
export type CliContext = {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** aborted on SIGINT/SIGTERM: long commands stop cleanly */
  signal: AbortSignal;
};

/** Exit codes are a public interface: 0 ok, 1 failure, 2 usage error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type CliCommand = {
  name: string;
  summary: string;
  /** full help text printed by `smart-odoo <name> --help` (usage line, options, examples) */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
  /**
   * Runs after the options parsed. Long-running commands (serve, sim) resolve only when stopped by `ctx.signal`.
   * Throw UsageError for bad usage (exit 2); return EXIT.failure with a message on `err` for failures.
   */
  run(ctx: CliContext, values: Record<string, string | boolean | string[] | boolean[] | undefined>, positionals: string[]): Promise<ExitCode>;
};

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
