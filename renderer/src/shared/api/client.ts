import type { Bridge, CallInput, CallName, CallOutput, EventName, EventPayload } from '../../../../core/contract';
import type { AppErrorShape, ErrorCode } from '../../../../core/shared/errors';
import type { Result } from '../../../../core/shared/result';

/** Codes the client itself produces when the call never reached the core or the answer is unreadable. */
export type ClientErrorCode = 'client/unreachable' | 'client/bad-response';

/** A refused or failed call. Branch on `code`, never on `message`. */
export class ClientError extends Error {
  readonly code: ErrorCode | ClientErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly channel: string;

  constructor(channel: string, shape: { code: ErrorCode | ClientErrorCode; message: string; details?: Record<string, unknown> | undefined }) {
    super(shape.message);
    this.name = 'ClientError';
    this.channel = channel;
    this.code = shape.code;
    this.details = shape.details;
  }
}

export const isClientError = (e: unknown): e is ClientError => e instanceof ClientError;

/** State of the push channel (events); the Electron bridge is always `open`. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

/** What the client needs from a host: the `Bridge` shape plus a connection signal. */
export type Transport = Bridge & {
  readonly kind: 'electron' | 'http';
  onConnection(listener: (state: ConnectionState) => void): () => void;
};

export type ErrorListener = (error: ClientError) => void;

/** `report: false` — the caller shows the failure itself (inline, or not at all for background refreshes). */
export type InvokeOptions = { report?: boolean };

export type Client = {
  readonly transport: Transport['kind'];
  invoke<K extends CallName>(channel: K, input: CallInput<K>, opts?: InvokeOptions): Promise<CallOutput<K>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** every failed call, once (the shell turns them into notifications) */
  onError(listener: ErrorListener): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
};

function isResult(x: unknown): x is Result<unknown> {
  if (typeof x !== 'object' || x === null || !('ok' in x)) return false;
  const r = x as { ok: unknown; error?: unknown };
  if (r.ok === true) return 'value' in x;
  if (r.ok !== false || typeof r.error !== 'object' || r.error === null) return false;
  const e = r.error as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' && typeof e.message === 'string';
}

export function createClient(transport: Transport): Client {
  const errorListeners = new Set<ErrorListener>();

  const raise = (error: ClientError, report = true): never => {
    if (!report) throw error;
    for (const l of errorListeners) {
      try {
        l(error);
      } catch {
        // a faulty listener must not change the outcome of the call
      }
    }
    throw error;
  };

  return {
    transport: transport.kind,
    async invoke<K extends CallName>(channel: K, input: CallInput<K>, opts: InvokeOptions = {}): Promise<CallOutput<K>> {
      const report = opts.report ?? true;
      let raw: unknown;
      try {
        raw = await transport.invoke(channel, input);
      } catch (e) {
        if (e instanceof ClientError) return raise(e, report);
        const message = e instanceof Error ? e.message : String(e);
        return raise(new ClientError(channel, { code: 'client/unreachable', message: `Smart Odoo's core did not answer: ${message}` }), report);
      }
      if (!isResult(raw)) return raise(new ClientError(channel, { code: 'client/bad-response', message: `Unreadable answer to ${channel}.` }), report);
      if (raw.ok) return raw.value as CallOutput<K>;
      const err: AppErrorShape = raw.error;
      return raise(new ClientError(channel, err), report);
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return transport.on(event, (payload) => listener(payload as EventPayload<E>));
    },
    onError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    onConnection: (l) => transport.onConnection(l),
  };
}

/** Electron: the preload's `window.smartOdoo`. IPC is always up while the window exists. */
export function bridgeTransport(bridge: Bridge): Transport {
  return {
    kind: 'electron',
    invoke: (channel, input) => bridge.invoke(channel, input),
    on: (event, listener) => bridge.on(event, listener),
    onConnection(listener) {
      listener('open');
      return () => {};
    },
  };
}

export type HttpTransportOptions = {
  /** page origin, e.g. `http://127.0.0.1:4821`; defaults to `location.origin` */
  origin?: string;
  fetchImpl?: typeof fetch;
  WebSocketImpl?: typeof WebSocket;
  /** reconnect backoff bounds in ms */
  minBackoffMs?: number;
  maxBackoffMs?: number;
};

/**
 * Node host: `POST /api/invoke/<channel>` (JSON body, Result JSON back) and one WebSocket on
 * `/api/events` for pushed events. Auth is the HttpOnly cookie the host set when the page was opened with
 * `?token=`, so nothing secret lives in this code. The socket opens on the first subscription and
 * reconnects with capped exponential backoff and jitter.
 */
export function httpTransport(opts: HttpTransportOptions = {}): Transport {
  const origin = opts.origin ?? window.location.origin;
  const doFetch = opts.fetchImpl ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const minBackoff = opts.minBackoffMs ?? 500;
  const maxBackoff = opts.maxBackoffMs ?? 15_000;

  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'closed';
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const l of connectionListeners) l(next);
  };

  const wsUrl = () => {
    const u = new URL('/api/events', origin);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    return u.toString();
  };

  const connect = () => {
    if (socket || stopped) return;
    setState('connecting');
    const WS = opts.WebSocketImpl ?? WebSocket;
    const ws = new WS(wsUrl());
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState('open');
    };
    ws.onmessage = (msg: MessageEvent) => {
      if (typeof msg.data !== 'string') return;
      let frame: unknown;
      try {
        frame = JSON.parse(msg.data);
      } catch {
        return;
      }
      if (typeof frame !== 'object' || frame === null) return;
      const { event, payload } = frame as { event?: unknown; payload?: unknown };
      if (typeof event !== 'string') return;
      for (const l of listeners.get(event) ?? []) {
        try {
          l(payload);
        } catch {
          // one broken subscriber must not starve the others
        }
      }
    };
    ws.onclose = () => {
      socket = null;
      setState('closed');
      scheduleReconnect();
    };
    // onclose always follows onerror; reconnection is handled there
    ws.onerror = () => {};
  };

  const scheduleReconnect = () => {
    if (stopped || retryTimer !== null || listeners.size === 0) return;
    const base = Math.min(maxBackoff, minBackoff * 2 ** attempt);
    attempt += 1;
    const delay = base / 2 + Math.random() * (base / 2);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  };

  if (typeof window !== 'undefined') {
    // a reload or navigation must not count as a broken connection
    window.addEventListener('pagehide', () => {
      stopped = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      socket?.close();
    });
  }

  return {
    kind: 'http',
    async invoke(channel, input) {
      const res = await doFetch(new URL(`/api/invoke/${encodeURIComponent(channel)}`, origin), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(input ?? {}),
      });
      if (res.status === 401) {
        throw new ClientError(channel, {
          code: 'host/unauthorized',
          message: 'This page is not authorised: open the address printed by `smart-odoo serve` (it carries the access token).',
        });
      }
      if (res.status === 403) throw new ClientError(channel, { code: 'host/forbidden-origin', message: 'The Smart Odoo host refused this page.' });
      const text = await res.text();
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new ClientError(channel, { code: 'client/bad-response', message: `The host answered ${res.status} to ${channel}.` });
      }
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      connect();
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(event);
      };
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}

/** Electron's preload bridge when present, the Node host's HTTP + WebSocket otherwise. */
export function detectTransport(): Transport {
  return window.smartOdoo ? bridgeTransport(window.smartOdoo) : httpTransport();
}

let defaultClient: Client | null = null;

/** The app's client. Feature `*.api.ts` modules use it; components never touch the transport. */
export function getClient(): Client {
  defaultClient ??= createClient(detectTransport());
  return defaultClient;
}
