import { parseArgs } from 'node:util';
import { APP_VERSION } from '../host/version';
import { EXIT, UsageError, type CliCommand, type CliContext, type ExitCode } from './command';
import { connectCommand } from './commands/connect';
import { dashboardCommand } from './commands/dashboard';
import { doctorCommand } from './commands/doctor';
import { extractCommand } from './commands/extract';
import { outboxCommand } from './commands/outbox';
import { reconcileCommand, statementsCommand } from './commands/reconcile';
import { serveCommand } from './commands/serve';
import { syncCommand } from './commands/sync';
import { simCommand } from '../odoo-sim/server/sim-command';

/** Every subcommand; later features append theirs (sync, outbox, statements, reconcile, extract, dashboard…). */
export const COMMANDS: readonly CliCommand[] = [serveCommand, doctorCommand, connectCommand, syncCommand, outboxCommand, statementsCommand, reconcileCommand, dashboardCommand, extractCommand, simCommand];

export function globalHelp(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return `smart-odoo ${APP_VERSION} — Smart Odoo from the command line

Usage: smart-odoo <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Options:
  -h, --help      show help (also: smart-odoo <command> --help)
  -v, --version   print the version

Every command that prints data accepts --json (one JSON document on stdout; logs go to stderr).
Exit codes: 0 ok, 1 failure, 2 usage error.`;
}

/** Runs one CLI invocation; never throws. */
export async function runCli(argv: string[], ctx: CliContext, commands: readonly CliCommand[] = COMMANDS): Promise<ExitCode> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    const cmd = topic ? commands.find((c) => c.name === topic) : undefined;
    if (topic && !cmd) {
      ctx.err(`Unknown command “${topic}”. Run \`smart-odoo --help\` for the list.`);
      return EXIT.usage;
    }
    ctx.out(cmd ? cmd.help : globalHelp(commands));
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (first === '-v' || first === '--version') {
    ctx.out(APP_VERSION);
    return EXIT.ok;
  }
  const cmd = commands.find((c) => c.name === first);
  if (!cmd) {
    ctx.err(`Unknown command “${first}”. Run \`smart-odoo --help\` for the list.`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.out(cmd.help);
    return EXIT.ok;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: cmd.options, allowPositionals: cmd.allowPositionals ?? false, strict: true });
  } catch (e) {
    ctx.err(`${e instanceof Error ? e.message : String(e)}\nRun \`smart-odoo ${cmd.name} --help\` for usage.`);
    return EXIT.usage;
  }
  try {
    return await cmd.run(ctx, parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.err(`${e.message}\nRun \`smart-odoo ${cmd.name} --help\` for usage.`);
      return EXIT.usage;
    }
    ctx.err(`smart-odoo ${cmd.name}: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.failure;
  }
}

/** Entry point used by bin/smart-odoo.mjs: wires stdout/stderr and Ctrl+C. */
export async function main(argv: string[]): Promise<ExitCode> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await runCli(argv, {
      out: (t) => process.stdout.write(`${t}\n`),
      err: (t) => process.stderr.write(`${t}\n`),
      env: process.env,
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
