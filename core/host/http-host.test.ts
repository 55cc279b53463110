import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { silentLogger } from '../shared/logger';
import { startHttpHost, type HttpHost } from './http-host';
import { resolveInside } from './static-files';
import { createService, type Service } from './service';

let tmp: ReturnType<typeof makeTempDir>;
let service: Service;
let host: HttpHost;
let rendererDir: string;

beforeEach(async () => {
  tmp = makeTempDir();
  rendererDir = path.join(tmp.dir, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Smart Odoo</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(tmp.dir, 'secret.txt'), 'top secret');
  service = createService({ dataDir: path.join(tmp.dir, 'data'), host: 'node', logger: silentLogger });
  host = await startHttpHost({ service, logger: silentLogger, rendererDir });
});
afterEach(async () => {
  await host.close();
  await service.close();
  tmp.cleanup();
});

/** Raw HTTP so that Host and Origin headers are exactly what the test says (fetch forbids setting them). */
function request(
  pathname: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, path: pathname, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${host.port}`, ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const auth = () => ({ authorization: `Bearer ${host.token}` });

describe('Node host', () => {
  it('binds to loopback only and prints a URL carrying the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers 401 without the token, for pages and for calls', async () => {
    expect((await request('/')).status).toBe(401);
    expect((await request('/assets/app.js')).status).toBe(401);
    expect((await request('/api/invoke/app:info', { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await request('/?token=wrong')).status).toBe(401);
    expect((await request('/api/invoke/app:info', { method: 'POST', body: '{}', headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it('turns the URL token into an HttpOnly cookie and serves the app with it', async () => {
    const first = await request(`/?token=${host.token}`);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']?.[0]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await request('/', { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Smart Odoo</title>');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    const deep = await request('/dashboards/cfo', { headers: auth() });
    expect(deep.body).toContain('Smart Odoo');
  });

  it('refuses a foreign Origin and a foreign Host', async () => {
    const foreign = await request('/api/invoke/app:info', { method: 'POST', body: '{}', headers: { ...auth(), origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const rebinding = await request('/', { headers: { ...auth(), host: 'evil.example' } });
    expect(rebinding.status).toBe(403);
    const own = await request('/api/invoke/app:info', { method: 'POST', body: '{}', headers: { ...auth(), origin: host.origin } });
    expect(own.status).toBe(200);
  });

  it('relays contract calls and returns typed errors', async () => {
    const info = JSON.parse((await request('/api/invoke/app:info', { method: 'POST', body: '{}', headers: auth() })).body);
    expect(info).toMatchObject({ ok: true, value: { name: 'Smart Odoo', host: 'node' } });
    const unknown = JSON.parse((await request('/api/invoke/nope:nope', { method: 'POST', body: '{}', headers: auth() })).body);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'contract/unknown-channel' } });
    const bad = await request('/api/invoke/settings:set', { method: 'POST', body: '{not json', headers: auth() });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'contract/invalid-input' } });
    expect((await request('/api/invoke/app:info', { headers: auth() })).status).toBe(405);
  });

  it('never serves files outside the renderer directory', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00index.html']) {
      const r = await request(p, { headers: auth() });
      expect(r.body).not.toContain('top secret');
    }
    expect(resolveInside('/srv/app', '/../etc/passwd')).toBeNull();
    expect(resolveInside('/srv/app', '/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveInside('/srv/app', '/a%00b')).toBeNull();
    expect(resolveInside('/srv/app', '/%E0%A4%A')).toBeNull();
    expect(resolveInside('/srv/app', '/assets/x.js')).toBe(path.resolve('/srv/app/assets/x.js'));
  });

  it('pushes events over an authenticated same-origin WebSocket and refuses others', async () => {
    const wsUrl = `ws://127.0.0.1:${host.port}/api/events`;
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(wsUrl, { headers: { ...auth(), origin: 'https://evil.example' } });
      ws.on('open', () => resolve('open'));
      ws.on('error', () => resolve('refused'));
    });
    expect(refused).toBe('refused');
    const noToken = await new Promise<string>((resolve) => {
      const ws = new WebSocket(wsUrl, { headers: { origin: host.origin } });
      ws.on('open', () => resolve('open'));
      ws.on('error', () => resolve('refused'));
    });
    expect(noToken).toBe('refused');

    const ws = new WebSocket(wsUrl, { headers: { ...auth(), origin: host.origin } });
    await new Promise((r) => ws.on('open', r));
    const frames: Array<{ event: string; payload: { state: string } }> = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    const r = JSON.parse((await request('/api/invoke/jobs:start-store-check', { method: 'POST', body: '{}', headers: auth() })).body);
    await service.jobs.wait(r.value.jobId);
    await new Promise((res) => setTimeout(res, 100));
    ws.close();
    expect(frames.some((f) => f.event === 'jobs:progress' && f.payload.state === 'succeeded')).toBe(true);
  });
});
