import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../shared/logger';
import type { Service } from './service';
import { mimeType, resolveInsideReal } from './static-files';

export type HttpHost = {
  /** the URL to open: carries the per-launch token */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
};

export type HttpHostOptions = {
  service: Service;
  logger: Logger;
  /** built renderer (out/renderer) */
  rendererDir: string;
  /** 0 = any free port */
  port?: number;
  token?: string;
};

const COOKIE = 'smart_odoo_token';
const MAX_BODY = 50 * 1024 * 1024;
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

/**
 * The Node host: the built renderer and the contract over HTTP + WebSocket, on 127.0.0.1 only.
 * Every request needs the per-launch token (cookie set on first visit, or a bearer header); requests that
 * carry an Origin or Host other than this server's are refused (DNS rebinding, cross-site requests).
 */
export async function startHttpHost(opts: HttpHostOptions): Promise<HttpHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const log = opts.logger.child({ part: 'http-host' });
  let port = opts.port ?? 0;
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const authorised = (req: http.IncomingMessage, url: URL): boolean => {
    const bearer = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    const candidate = bearer ?? readCookie(req.headers.cookie, COOKIE) ?? url.searchParams.get('token');
    return candidate !== null && safeEqual(candidate, token);
  };

  /** Host must be ours (DNS rebinding); Origin, when sent, must be ours (cross-site requests). */
  const sameSite = (req: http.IncomingMessage): 'ok' | 'host' | 'origin' => {
    if (!req.headers.host || !allowedHosts.has(req.headers.host.toLowerCase())) return 'host';
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin.toLowerCase())) return 'origin';
    return 'ok';
  };

  const send = (res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...extra,
    });
    res.end(body);
  };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((e) => {
      log.error('request failed', { error: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const site = sameSite(req);
    if (site !== 'ok') {
      log.warn('refused cross-site request', { reason: site, origin: req.headers.origin ?? null, host: req.headers.host ?? null });
      return send(res, 403, site === 'host' ? 'Forbidden: unknown Host' : 'Forbidden: foreign Origin');
    }
    if (!authorised(req, url)) return send(res, 401, 'Unauthorized: open the URL printed by `smart-odoo serve` (it carries the access token).');

    // first visit with ?token=: keep it in an HttpOnly cookie and drop it from the address bar
    if (url.searchParams.has('token') && req.method === 'GET') {
      url.searchParams.delete('token');
      return send(res, 302, '', 'text/plain', {
        'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: url.pathname + (url.search || '') + (url.hash || ''),
      });
    }

    if (url.pathname.startsWith('/api/invoke/')) {
      if (req.method !== 'POST') return send(res, 405, 'Method not allowed', 'text/plain', { allow: 'POST' });
      const channel = decodeURIComponent(url.pathname.slice('/api/invoke/'.length));
      const raw = await readBody(req);
      if (raw === null) return send(res, 413, 'Request body too large');
      let input: unknown = {};
      if (raw.length > 0) {
        try {
          input = JSON.parse(raw);
        } catch {
          const body = { ok: false, error: { code: 'contract/invalid-input', message: 'The request body is not valid JSON.' } };
          return send(res, 400, JSON.stringify(body), 'application/json');
        }
      }
      const result = await opts.service.invoke(channel, input, { host: 'node' });
      return send(res, 200, JSON.stringify(result), 'application/json');
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    let file = await resolveInsideReal(opts.rendererDir, url.pathname);
    if (file === null && path.extname(url.pathname)) return send(res, 404, 'Not found');
    if (file === null || fs.statSync(file).isDirectory()) {
      // single-page app: unknown non-asset paths get the shell
      if (path.extname(url.pathname)) return send(res, 404, 'Not found');
      file = path.join(opts.rendererDir, 'index.html');
      if (!fs.existsSync(file)) return send(res, 503, 'The renderer is not built: run `npm run build:web`.');
    }
    const ext = path.extname(file).toLowerCase();
    const headers: Record<string, string> = {
      'content-type': ext === '.html' ? 'text/html; charset=utf-8' : mimeType(file),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': ext === '.html' ? 'no-store' : 'private, max-age=3600',
    };
    if (ext === '.html') {
      headers['content-security-policy'] = CSP;
      headers['x-frame-options'] = 'DENY';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(file).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // browsers always send Origin on WebSocket upgrades: require it to be ours
    if (sameSite(req) !== 'ok' || req.headers.origin === undefined || !authorised(req, url) || url.pathname !== '/api/events') {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
    });
  });
  const unsubscribe = opts.service.subscribe((event, payload) => {
    const frame = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // loopback only: never reachable from another machine
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const origin = `http://127.0.0.1:${port}`;
  log.info('listening', { origin });

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
