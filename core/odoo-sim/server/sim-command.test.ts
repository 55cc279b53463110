import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliContext, ExitCode } from '../../cli/command';
import { UsageError } from '../../cli/command';
import { defaultApiKey, parseSimOptions, simCommand, startDemoSim } from './sim-command';
import { errorOf, executeKw, post, rpc } from './testing/http-client';

const dir = mkdtempSync(path.join(tmpdir(), 'smart-odoo-sim-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `smart-odoo sim` in process; resolves once the first stdout line arrived. */
function startCommand(values: Record<string, string | boolean>, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const abort = new AbortController();
  let firstLine: (line: string) => void = () => {};
  const ready = new Promise<string>((resolve) => (firstLine = resolve));
  const ctx: CliContext = {
    out: (t) => {
      out.push(t);
      firstLine(t);
    },
    err: (t) => err.push(t),
    env,
    signal: abort.signal,
  };
  const done: Promise<ExitCode> = simCommand.run(ctx, values, []).then((code) => {
    firstLine('');
    return code;
  });
  return { out, err, abort, ready, done };
}

describe('parseSimOptions', () => {
  it('defaults: port 8069, size S, Odoo 17, seed 1, file in the data dir', () => {
    const o = parseSimOptions({}, { SMART_ODOO_DATA_DIR: dir });
    expect(o).toMatchObject({ port: 8069, size: 'S', version: 17, seed: 1, reset: false });
    expect(o.storagePath).toBe(path.join(dir, 'sim-17-S-1.sqlite'));
    expect(o.apiKey).toBeUndefined();
  });

  it('usage errors', () => {
    const bad: Array<Record<string, string>> = [{ size: 'XL' }, { 'odoo-version': '15' }, { port: '70000' }, { port: 'abc' }, { seed: '-1' }, { 'api-key': 'short' }];
    for (const v of bad) expect(() => parseSimOptions(v, { SMART_ODOO_DATA_DIR: dir }), JSON.stringify(v)).toThrow(UsageError);
  });

  it('--data and case-insensitive size', () => {
    const o = parseSimOptions({ data: path.join(dir, 'x.sqlite'), size: 'm', 'odoo-version': '19', seed: '7' }, {});
    expect(o).toMatchObject({ size: 'M', version: 19, seed: 7, storagePath: path.join(dir, 'x.sqlite') });
  });
});

describe('smart-odoo sim', () => {
  it('--json prints the connection facts; the server answers; abort closes it; the data persists; --reset wipes it', async () => {
    const file = path.join(dir, 'cmd.sqlite');
    const a = startCommand({ port: '0', json: true, data: file });
    const info = JSON.parse(await a.ready) as Record<string, unknown>;
    expect(info).toMatchObject({ db: 'demo', login: 'admin', password: 'admin', version: 17, size: 'S', seed: 1, dataFile: file });
    expect(info.apiKey).toBe(defaultApiKey(17, 'S', 1));
    expect(Object.keys(info).sort()).toEqual(['apiKey', 'dataFile', 'db', 'login', 'password', 'port', 'seed', 'size', 'url', 'version']);
    const url = String(info.url);
    expect(url).toBe(`http://127.0.0.1:${String(info.port)}`);
    // the printed API key works for stateless RPC
    const uid = await rpc(url, '/jsonrpc', { service: 'common', method: 'authenticate', args: ['demo', 'admin', info.apiKey, {}] });
    expect(uid.body.result).toBe(2);
    const created = await executeKw(url, 'res.partner', 'create', [{ name: 'Survives restarts' }]);
    expect(typeof created.body.result).toBe('number');
    a.abort.abort();
    expect(await a.done).toBe(0);
    await expect(fetch(`${url}/web/version`)).rejects.toThrow();

    // second start: same file, no reload, the record is still there
    const b = startCommand({ port: '0', json: true, data: file });
    const info2 = JSON.parse(await b.ready) as Record<string, unknown>;
    const found = await executeKw(String(info2.url), 'res.partner', 'search_count', [[['name', '=', 'Survives restarts']]]);
    expect(found.body.result).toBe(1);
    b.abort.abort();
    expect(await b.done).toBe(0);

    // --reset: regenerated, the record is gone
    const c = startCommand({ port: '0', json: true, data: file, reset: true });
    const info3 = JSON.parse(await c.ready) as Record<string, unknown>;
    const gone = await executeKw(String(info3.url), 'res.partner', 'search_count', [[['name', '=', 'Survives restarts']]]);
    expect(gone.body.result).toBe(0);
    c.abort.abort();
    expect(await c.done).toBe(0);
  }, 120_000);

  it('the human line names URL, database, login, password and API key; --api-key is honoured', async () => {
    const s = startCommand({ port: '0', data: path.join(dir, 'human.sqlite'), 'api-key': 'my-fixed-key-123', 'odoo-version': '19' });
    const line = await s.ready;
    expect(line).toMatch(/^Odoo 19 simulator at http:\/\/127\.0\.0\.1:\d+ — database demo, login admin, password admin, API key my-fixed-key-123 /);
    const url = /at (\S+)/.exec(line)?.[1] ?? '';
    const r = await post(`${url}/json/2/res.users/context_get`, '{}', { authorization: 'bearer my-fixed-key-123' });
    expect(r.status).toBe(200);
    s.abort.abort();
    expect(await s.done).toBe(0);
  }, 120_000);

  it('a busy port fails with exit 1 and a hint', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const s = startCommand({ port: String(port), data: path.join(dir, 'busy.sqlite') });
      expect(await s.done).toBe(1);
      expect(s.err.join('\n')).toContain('already in use');
    } finally {
      blocker.close();
    }
  }, 120_000);

  it('refuses to load over a file it did not finish, unless --reset', async () => {
    const file = path.join(dir, 'foreign.sqlite');
    writeFileSync(file, '');
    const s = startCommand({ port: '0', data: file });
    expect(await s.done).toBe(1);
    expect(s.err.join('\n')).toContain('--reset');
    const r = startCommand({ port: '0', data: file, reset: true, json: true });
    expect(JSON.parse(await r.ready)).toMatchObject({ dataFile: file });
    r.abort.abort();
    expect(await r.done).toBe(0);
    expect(existsSync(`${file}.meta.json`)).toBe(true);
  }, 120_000);
});

describe('startDemoSim', () => {
  it('in memory, with the ground truth, faults reachable', async () => {
    const sim = await startDemoSim({ version: 18, size: 'S', seed: 3 });
    try {
      expect(sim.dataFile).toBeNull();
      expect(sim.loadedDemo).toBe(true);
      expect(sim.groundTruth?.seed).toBe(3);
      sim.faults.set({ http429: { rate: 1, times: 1 } });
      expect((await rpc(sim.url, '/jsonrpc', { service: 'common', method: 'version', args: [] })).status).toBe(429);
      const v = await rpc(sim.url, '/jsonrpc', { service: 'common', method: 'version', args: [] });
      expect((v.body.result as Record<string, unknown>).server_serie).toBe('18.0');
      const bad = await executeKw(sim.url, 'res.partner', 'search', [[]], {}, ['demo', 2, 'wrong']);
      expect(errorOf(bad.body).data.name).toBe('odoo.exceptions.AccessDenied');
    } finally {
      await sim.close();
    }
  }, 120_000);
});
