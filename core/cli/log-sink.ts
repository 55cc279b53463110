import type { LogSink } from '../shared/logger';

/** JSON lines on stderr: stdout stays free for command output and --json. */
export function stderrSink(): LogSink {
  return (entry) => {
    process.stderr.write(`${JSON.stringify({ level: entry.level, time: entry.time, msg: entry.msg, ...entry.fields })}\n`);
  };
}
