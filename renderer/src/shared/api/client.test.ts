import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ClientError, createClient, httpTransport, type Transport } from './client';

type Sent = { url: string; init: RequestInit };

function fakeFetch(responder: (url: string, body: unknown) => { status: number; body: string }) {
  const sent: Sent[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    sent.push({ url, init: init ?? {} });
    const r = responder(url, init?.body ? JSON.parse(String(init.body)) : undefined);
    return new Response(r.body, { status: r.status });
  }) as typeof fetch;
  return { impl, sent };
}

/** Minimal stand-in for the browser WebSocket: tests drive open/message/close by hand. */
class FakeSocket {
  static instances: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: MessageEvent) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  close() {
    this.onclose?.();
  }
  open() {
    this.onopen?.();
  }
  push(data: unknown) {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) } as MessageEvent);
  }
}

const ORIGIN = 'http://127.0.0.1:4000';

beforeEach(() => {
  FakeSocket.instances = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('http transport + client', () => {
  test('POSTs the JSON input to /api/invoke/<channel> and returns the value', async () => {
    const f = fakeFetch(() => ({ status: 200, body: JSON.stringify({ ok: true, value: { jobId: 'j1' } }) }));
    const client = createClient(httpTransport({ origin: ORIGIN, fetchImpl: f.impl }));
    await expect(client.invoke('jobs:cancel', { jobId: 'j1' })).resolves.toEqual({ jobId: 'j1' });
    expect(f.sent[0]?.url).toBe(`${ORIGIN}/api/invoke/jobs%3Acancel`);
    expect(f.sent[0]?.init.method).toBe('POST');
    expect(f.sent[0]?.init.credentials).toBe('same-origin');
    expect(JSON.parse(String(f.sent[0]?.init.body))).toEqual({ jobId: 'j1' });
  });

  test('a refused call throws ClientError with the core code and notifies error listeners', async () => {
    const f = fakeFetch(() => ({ status: 200, body: JSON.stringify({ ok: false, error: { code: 'jobs/not-found', message: 'No job x.' } }) }));
    const client = createClient(httpTransport({ origin: ORIGIN, fetchImpl: f.impl }));
    const seen: string[] = [];
    client.onError((e) => seen.push(e.code));
    const err = await client.invoke('jobs:cancel', { jobId: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientError);
    expect(err).toMatchObject({ code: 'jobs/not-found', message: 'No job x.', channel: 'jobs:cancel' });
    expect(seen).toEqual(['jobs/not-found']);
  });

  test('report: false still throws, but leaves the error listeners alone (the caller shows it inline)', async () => {
    const f = fakeFetch(() => ({ status: 200, body: JSON.stringify({ ok: false, error: { code: 'odoo/auth-failed', message: 'Refused.' } }) }));
    const client = createClient(httpTransport({ origin: ORIGIN, fetchImpl: f.impl }));
    const seen: string[] = [];
    client.onError((e) => seen.push(e.code));
    await expect(client.invoke('connections:test', { url: 'https://x.example', login: 'a', secret: 'b' }, { report: false })).rejects.toMatchObject({ code: 'odoo/auth-failed' });
    expect(seen).toEqual([]);
  });

  test('401, unreadable answers and network failures become coded errors', async () => {
    const unauthorised = createClient(httpTransport({ origin: ORIGIN, fetchImpl: fakeFetch(() => ({ status: 401, body: 'no' })).impl }));
    await expect(unauthorised.invoke('app:info', {})).rejects.toMatchObject({ code: 'host/unauthorized' });

    const garbage = createClient(httpTransport({ origin: ORIGIN, fetchImpl: fakeFetch(() => ({ status: 500, body: '<html>' })).impl }));
    await expect(garbage.invoke('app:info', {})).rejects.toMatchObject({ code: 'client/bad-response' });

    const wrongShape = createClient(httpTransport({ origin: ORIGIN, fetchImpl: fakeFetch(() => ({ status: 200, body: '{"value":1}' })).impl }));
    await expect(wrongShape.invoke('app:info', {})).rejects.toMatchObject({ code: 'client/bad-response' });

    const down = createClient(
      httpTransport({
        origin: ORIGIN,
        fetchImpl: (async () => {
          throw new TypeError('Failed to fetch');
        }) as typeof fetch,
      }),
    );
    await expect(down.invoke('app:info', {})).rejects.toMatchObject({ code: 'client/unreachable' });
  });

  test('events: one socket on ws://…/api/events, frames routed by name, bad frames ignored', () => {
    const t = httpTransport({ origin: ORIGIN, WebSocketImpl: FakeSocket as unknown as typeof WebSocket });
    const client = createClient(t);
    const got: unknown[] = [];
    const off = client.on('jobs:progress', (p) => got.push(p.id));
    client.on('jobs:progress', () => {});
    expect(FakeSocket.instances).toHaveLength(1);
    const ws = FakeSocket.instances[0]!;
    expect(ws.url).toBe('ws://127.0.0.1:4000/api/events');
    ws.open();
    ws.push({ event: 'jobs:progress', payload: { id: 'a' } });
    ws.push({ event: 'other:event', payload: { id: 'b' } });
    ws.push('not json');
    ws.push({ payload: {} });
    off();
    ws.push({ event: 'jobs:progress', payload: { id: 'c' } });
    expect(got).toEqual(['a']);
  });

  test('events: reconnects with growing backoff and reports the connection state', () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const t: Transport = httpTransport({
      origin: 'https://example.test',
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
      minBackoffMs: 100,
      maxBackoffMs: 1000,
    });
    const states: string[] = [];
    t.onConnection((s) => states.push(s));
    t.on('jobs:progress', () => {});
    expect(FakeSocket.instances[0]!.url).toBe('wss://example.test/api/events');
    FakeSocket.instances[0]!.open();

    FakeSocket.instances[0]!.close();
    vi.advanceTimersByTime(99);
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(2);
    // still down: the next wait doubles
    FakeSocket.instances[1]!.close();
    vi.advanceTimersByTime(199);
    expect(FakeSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(3);
    // a successful open resets the backoff
    FakeSocket.instances[2]!.open();
    FakeSocket.instances[2]!.close();
    vi.advanceTimersByTime(100);
    expect(FakeSocket.instances).toHaveLength(4);

    expect(states).toEqual(['closed', 'connecting', 'open', 'closed', 'connecting', 'closed', 'connecting', 'open', 'closed', 'connecting']);
    vi.restoreAllMocks();
  });
});
