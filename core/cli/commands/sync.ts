import { SYNC_MODEL_NAMES } from '../../sync/models';
import { EXIT, UsageError, type CliCommand } from '../command';
import { invoke, withService } from '../service-runner';

export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'Bring the local cache up to date with the active Odoo connection, then send queued changes.',
  help: `Usage: smart-odoo sync [--full] [--models a,b,…] [--json]

Incremental by default: only records changed since the last sync are downloaded. The first sync of a model
downloads it whole (open items plus the history horizon). Queued changes are pushed afterwards.

Options:
  --full          download everything again and check for deleted records
  --models LIST   only these models, comma-separated (e.g. res.partner,account.move)
  --json          print {"status", "ms", "models": [{model, mode, status, fetched, upserted, unchanged, deleted, cached, ms, message?}]}

Exit code 1 when the sync failed or was partial (a model could not be read).`,
  options: { full: { type: 'boolean' }, models: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx, v) {
    const models = typeof v.models === 'string' ? v.models.split(',').map((m) => m.trim()).filter(Boolean) : undefined;
    for (const m of models ?? []) {
      if (!SYNC_MODEL_NAMES.includes(m)) throw new UsageError(`Unknown model “${m}”. Known: ${SYNC_MODEL_NAMES.join(', ')}.`);
    }
    return withService(ctx, async (service) => {
      const { jobId } = await invoke<{ jobId: string }>(service, 'sync:run', { full: Boolean(v.full), ...(models ? { models } : {}) });
      let last = '';
      const unsubscribe = service.subscribe((event, payload) => {
        if (event !== 'sync:progress' || v.json) return;
        const p = payload as { label: string; done: number; total: number | null };
        const line = `${p.label}: ${p.done}${p.total !== null ? `/${p.total}` : ''}`;
        if (line !== last && process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`);
        last = line;
      });
      ctx.signal.addEventListener('abort', () => service.jobs.cancel(jobId), { once: true });
      const job = await service.jobs.wait(jobId);
      unsubscribe();
      if (process.stderr.isTTY && !v.json) process.stderr.write('\r\x1b[K');
      const report = service.sync?.syncReport(jobId);
      if (v.json) {
        ctx.out(JSON.stringify({ status: report?.status ?? job.state, ms: report?.ms ?? null, models: report?.models ?? [], error: job.error }, null, 2));
      } else if (report) {
        for (const m of report.models) {
          ctx.out(`${m.model.padEnd(30)} ${m.mode.padEnd(11)} ${String(m.fetched).padStart(8)} fetched ${String(m.upserted).padStart(8)} updated ${String(m.deleted).padStart(6)} deleted ${String(m.cached).padStart(8)} cached  ${m.status}${m.message ? `: ${m.message}` : ''}`);
        }
        ctx.out(`Sync ${report.status} in ${(report.ms / 1000).toFixed(1)} s.`);
      }
      if (job.state !== 'succeeded') {
        ctx.err(`Sync ${job.state}: ${job.error?.message ?? ''}`);
        return EXIT.failure;
      }
      return report && report.status !== 'ok' ? EXIT.failure : EXIT.ok;
    });
  },
};
