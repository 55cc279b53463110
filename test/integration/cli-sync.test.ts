import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoSim } from '../../core/odoo-sim/server/sim-command';
import { useCliSuite } from '../helpers/cli';
import { startTestSim } from '../helpers/sim';

// The public CLI: connect, sync and outbox as a user runs them, in a child process, against simulators.
const cli = useCliSuite({ demoSize: 'S' });
const run = cli.run;
let remote: DemoSim;

beforeAll(async () => {
  ({ sim: remote } = await startTestSim({ dir: cli.dir, size: 'S', version: 19, seed: 21 }));
}, 120_000);

afterAll(async () => {
  await remote?.close();
});

describe('smart-odoo connect / sync / outbox', () => {
  it('sync --json on a fresh data directory syncs the demo company and prints per-model counts', async () => {
    const r = await run(['sync', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe('ok');
    const partners = out.models.find((m: { model: string }) => m.model === 'res.partner');
    expect(partners).toMatchObject({ mode: 'initial', status: 'ok' });
    expect(partners.fetched).toBeGreaterThan(100);
    const again = JSON.parse((await run(['sync', '--json', '--models', 'res.partner,account.move'])).stdout);
    expect(again.models.map((m: { model: string; mode: string }) => [m.model, m.mode])).toEqual([
      ['res.partner', 'incremental'],
      ['account.move', 'incremental'],
    ]);
  }, 180_000);

  it('refuses unknown models and bad options with exit 2', async () => {
    const r = await run(['sync', '--models', 'res.partner,no.such.model']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown model “no.such.model”/);
    expect((await run(['outbox', 'discard', '3'])).code).toBe(2);
    expect((await run(['outbox', 'retry'])).code).toBe(2);
  }, 60_000);

  it('connect tests before saving: a wrong key is refused with the reason and nothing is saved', async () => {
    const bad = await run(['connect', '--url', remote.url, '--db', remote.db, '--login', 'admin', '--api-key', 'not-the-key', '--json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Connection failed: .*(API key|password|credentials)/i);
    const good = await run(['connect', '--url', remote.url, '--db', remote.db, '--login', 'admin', '--password-stdin', '--label', 'Remote 19', '--json'], `${remote.apiKey}\n`);
    expect(good.code, good.stderr).toBe(0);
    const out = JSON.parse(good.stdout);
    expect(out.connection).toMatchObject({ label: 'Remote 19', active: true, kind: 'odoo' });
    expect(out.server).toMatchObject({ protocol: 'json2' });
    expect(good.stdout).not.toContain(remote.apiKey);
    const sync = await run(['sync', '--json', '--models', 'res.partner']);
    expect(sync.code, sync.stderr).toBe(0);
    expect(JSON.parse(sync.stdout).models[0]).toMatchObject({ model: 'res.partner', mode: 'initial', status: 'ok' });
  }, 120_000);

  it('outbox list --json prints items and counts', async () => {
    const r = await run(['outbox', 'list', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ items: [], counts: { pending: 0, applied: 0 } });
    const push = await run(['outbox', 'push', '--json']);
    expect(push.code, push.stderr).toBe(0);
    expect(JSON.parse(push.stdout)).toMatchObject({ state: 'succeeded' });
  }, 60_000);
});
