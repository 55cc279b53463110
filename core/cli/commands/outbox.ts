import type { OutboxItem } from '../../contract';
import { EXIT, UsageError, type CliCommand } from '../command';
import { invoke, withService } from '../service-runner';

export const outboxCommand: CliCommand = {
  name: 'outbox',
  summary: 'List, push, retry or discard the changes queued for Odoo.',
  help: `Usage: smart-odoo outbox list [--state S] [--json]
       smart-odoo outbox push [--json]
       smart-odoo outbox retry ID [--json]
       smart-odoo outbox discard ID --yes [--json]

Every change the app makes in Odoo is queued here first and applied exactly once: a change already in Odoo
is marked done, a change whose record was edited in Odoo meanwhile becomes a conflict (never overwritten).

Options:
  --state S   list only pending, applying, applied, failed, conflict or discarded changes
  --yes       confirm a discard
  --json      list: {"items": [...], "counts": {...}}; push: the push job {state, message, error};
              retry/discard: the item`,
  options: { state: { type: 'string' }, yes: { type: 'boolean' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(ctx, v, positionals) {
    const [action, idText, ...extra] = positionals;
    if (extra.length) throw new UsageError(`Unexpected argument “${extra[0]}”.`);
    const id = idText === undefined ? undefined : Number(idText);
    const needId = action === 'retry' || action === 'discard';
    if (needId && (id === undefined || !Number.isInteger(id))) throw new UsageError(`outbox ${action} needs the numeric ID of a change.`);
    if (!needId && idText !== undefined) throw new UsageError(`outbox ${action ?? ''} takes no ID.`);
    const states = ['pending', 'applying', 'applied', 'failed', 'conflict', 'discarded'];
    if (v.state !== undefined && !states.includes(v.state as string)) throw new UsageError(`--state must be one of ${states.join(', ')}.`);
    if (action === 'discard' && !v.yes) throw new UsageError('Discarding a change drops it for good: add --yes to confirm.');
    if (!action || !['list', 'push', 'retry', 'discard'].includes(action)) throw new UsageError('Say list, push, retry ID or discard ID.');

    return withService(ctx, async (service) => {
      const print = (item: OutboxItem) =>
        ctx.out(`#${String(item.id).padEnd(5)} ${item.state.padEnd(10)} ${item.kind.padEnd(16)} ${item.summary}${item.lastError ? `  [${item.lastError.message}]` : ''}`);
      try {
        switch (action) {
          case 'list': {
            const r = await invoke<{ items: OutboxItem[]; counts: Record<string, number> }>(service, 'outbox:list', v.state ? { state: v.state } : {});
            if (v.json) ctx.out(JSON.stringify(r, null, 2));
            else {
              r.items.forEach(print);
              ctx.out(Object.entries(r.counts).map(([k, n]) => `${n} ${k}`).join(', '));
            }
            return EXIT.ok;
          }
          case 'push': {
            const { jobId } = await invoke<{ jobId: string }>(service, 'outbox:push', {});
            const job = await service.jobs.wait(jobId);
            if (v.json) ctx.out(JSON.stringify({ state: job.state, message: job.message, error: job.error }, null, 2));
            else ctx.out(job.state === 'succeeded' ? (job.message ?? 'Pushed.') : `Push ${job.state}: ${job.error?.message ?? ''}`);
            return job.state === 'succeeded' ? EXIT.ok : EXIT.failure;
          }
          case 'retry':
          case 'discard': {
            const item = await invoke<OutboxItem>(service, action === 'retry' ? 'outbox:retry' : 'outbox:discard', action === 'retry' ? { id } : { id, confirm: true });
            if (v.json) ctx.out(JSON.stringify(item, null, 2));
            else print(item);
            return EXIT.ok;
          }
          default:
            return EXIT.usage;
        }
      } catch (e) {
        ctx.err(`outbox ${action}: ${(e as Error).message}`);
        return EXIT.failure;
      }
    });
  },
};
