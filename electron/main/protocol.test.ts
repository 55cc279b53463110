import fs from 'node:fs';
import path from 'node:path';
import type { Protocol } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { silentLogger } from '../../core/shared/logger';
import { CONTENT_SECURITY_POLICY } from './security';
import { createAppRequestHandler, mimeType, registerAppScheme } from './protocol';

let tmp: ReturnType<typeof makeTempDir>;
let root: string;
let handle: (r: Request) => Promise<Response>;

beforeAll(() => {
  tmp = makeTempDir();
  root = path.join(tmp.dir, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Smart Odoo</title>');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.css'), 'body{}');
  fs.writeFileSync(path.join(root, 'assets', 'logo.svg'), '<svg/>');
  fs.writeFileSync(path.join(tmp.dir, 'secret.txt'), 'TOP SECRET');
  fs.symlinkSync(path.join(tmp.dir, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  handle = createAppRequestHandler({ root, logger: silentLogger });
});
afterAll(() => tmp.cleanup());

const get = (url: string, init?: RequestInit) => handle(new Request(url, init));

describe('app:// protocol handler', () => {
  it('serves index.html with the CSP header and an HTML type', async () => {
    const res = await get('app://smart-odoo/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Smart Odoo</title>');
  });

  it('serves the root and client-side routes as index.html', async () => {
    for (const url of ['app://smart-odoo/', 'app://smart-odoo', 'app://smart-odoo/reconcile', 'app://smart-odoo/documents/inbox']) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(await res.text(), url).toContain('Smart Odoo');
    }
  });

  it('serves assets with the right MIME type and no CSP (it only matters on documents)', async () => {
    const js = await get('app://smart-odoo/assets/index-abc.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBeNull();
    expect(await js.text()).toBe('console.log(1)');
    expect((await get('app://smart-odoo/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('app://smart-odoo/assets/logo.svg')).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('answers 404 for missing files (with an extension), not index.html', async () => {
    expect((await get('app://smart-odoo/assets/missing.js')).status).toBe(404);
  });

  it('answers 404 to every escape attempt', async () => {
    for (const url of [
      'app://smart-odoo/%2e%2e/secret.txt',
      'app://smart-odoo/assets/%2e%2e/%2e%2e/secret.txt',
      'app://smart-odoo/..%2fsecret.txt',
      'app://smart-odoo/%2e%2e%2fsecret.txt',
      'app://smart-odoo/%5c..%5csecret.txt',
      'app://smart-odoo/assets/link.txt',
      'app://smart-odoo/index.html%00.js',
      `app://smart-odoo/${encodeURIComponent(path.join(tmp.dir, 'secret.txt'))}`,
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).not.toContain('TOP SECRET');
    }
  });

  it('only answers its own host and GET/HEAD', async () => {
    expect((await get('app://other-host/index.html')).status).toBe(404);
    expect((await get('app://smart-odoo/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
    const head = await get('app://smart-odoo/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('maps types case-insensitively and defaults to octet-stream', () => {
    expect(mimeType('/x/A.PNG')).toBe('image/png');
    expect(mimeType('/x/eng.traineddata')).toBe('application/octet-stream');
    expect(mimeType('/x/app.wasm')).toBe('application/wasm');
  });
});

describe('registerAppScheme', () => {
  it('registers app: as standard and secure (a real origin, fetch allowed), without bypassing CSP', () => {
    let schemes: unknown;
    registerAppScheme({ registerSchemesAsPrivileged: (s) => (schemes = s) } as Pick<Protocol, 'registerSchemesAsPrivileged'>);
    expect(schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) }]);
    expect(JSON.stringify(schemes)).not.toContain('bypassCSP');
  });
});
