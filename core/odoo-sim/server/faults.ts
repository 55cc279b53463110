import type { SimCall, SimEngine } from '../types';

/**
 * Fault injection for the simulator's wire layer. Everything a flaky real Odoo (or the proxy in front of it)
 * does to a client: slow answers, gateway errors, rate limiting, connections that die after the write
 * committed, sessions that expire, and another user changing a record between two of our calls.
 *
 * Draws come from a seeded PRNG so a sequential test sees the same faults on every run.
 */

/** Which family of endpoint a request belongs to; faults can be limited to some of them. */
export type FaultRoute = 'jsonrpc' | 'session' | 'call_kw' | 'json2' | 'version' | 'other';

/** Limits a fault to some requests. Every listed criterion must match; an absent criterion matches all. */
export type FaultScope = {
  routes?: FaultRoute[];
  /** ORM model names (`res.partner`); requests that are not ORM calls never match a model filter */
  models?: string[];
  /** ORM method names (`write`) or service methods (`authenticate`, `version`) */
  methods?: string[];
  /** only ORM calls that may change data (anything but the known read methods) */
  writesOnly?: boolean;
};

export type HttpGatewayStatus = 502 | 503 | 504;

export type FaultConfig = {
  /** PRNG seed; the same seed and the same request sequence give the same faults */
  seed?: number;
  /** added before the request is handled: `ms` plus a uniform draw in [0, jitterMs] */
  latency?: { ms: number; jitterMs?: number; scope?: FaultScope };
  /**
   * A gateway answering 502/503/504 instead of Odoo. `when: 'before'` (default): the call never ran.
   * `when: 'after'`: the call ran and committed, then the gateway gave up (a 504 after a slow write).
   */
  http5xx?: { rate: number; statuses?: HttpGatewayStatus[]; when?: 'before' | 'after'; times?: number; scope?: FaultScope };
  /** HTTP 429 with a Retry-After header; the call never ran */
  http429?: { rate: number; retryAfterSeconds?: number; times?: number; scope?: FaultScope };
  /** the call runs and commits, then the socket is destroyed without any response */
  dropAfterCommit?: { rate: number; times?: number; scope?: FaultScope };
  /**
   * Session-authenticated calls (/web/dataset/call_kw, /web/session/*) answer code 100 and the session is
   * gone. `nextCalls`: exactly the next N such calls; `rate`: a random share of them.
   */
  sessionExpiry?: { rate?: number; nextCalls?: number; scope?: FaultScope };
};

export type FaultKind = 'latency' | 'http5xx' | 'http429' | 'dropAfterCommit' | 'sessionExpiry' | 'hook';

export type FaultCounts = Record<FaultKind, number> & { latencyMsTotal: number };

export type FaultEvent = {
  seq: number;
  kind: FaultKind;
  route: FaultRoute;
  path: string;
  model?: string;
  method?: string;
  status?: number;
  delayMs?: number;
};

/** Runs once, right before the engine executes the next matching ORM call (after authentication). */
export type BeforeCallHook = (engine: SimEngine, call: SimCall) => void | Promise<void>;

/** What the dispatcher knows about a request when it asks whether to inject a fault. */
export type RequestDescriptor = {
  route: FaultRoute;
  path: string;
  model?: string;
  method?: string;
  /** an ORM call (execute, execute_kw, call_kw, JSON-2) */
  orm: boolean;
  write: boolean;
};

export type FaultController = {
  /** the current configuration (a copy) */
  get(): FaultConfig;
  /** replaces the whole configuration; a new `seed` restarts the PRNG; `times` budgets restart */
  set(config: FaultConfig): void;
  /** changes some kinds only; `null` removes that kind */
  update(patch: { [K in keyof FaultConfig]?: FaultConfig[K] | null }): void;
  /** removes every fault and pending hook (counts stay; see resetCounts) */
  clear(): void;
  /** invalidates every open session now; returns how many there were */
  expireAllSessions(): number;
  /** the next `n` session-authenticated calls answer code 100 (added to any pending ones) */
  expireNextSessionCalls(n: number, scope?: FaultScope): void;
  /** a concurrent modification: `hook` runs once, before the next ORM call matching `scope` executes */
  onceBeforeNextCall(hook: BeforeCallHook, scope?: FaultScope): void;
  pendingHooks(): number;
  counts(): FaultCounts;
  /** the most recent injected faults (at most 1000), oldest first */
  events(): FaultEvent[];
  resetCounts(): void;
};

/** The decisions the dispatcher asks for; internal to the server. */
export type FaultEngine = FaultController & {
  latencyFor(d: RequestDescriptor): number;
  rateLimitFor(d: RequestDescriptor): { retryAfterSeconds: number } | undefined;
  gatewayErrorFor(d: RequestDescriptor, phase: 'before' | 'after'): HttpGatewayStatus | undefined;
  sessionExpiryFor(d: RequestDescriptor): boolean;
  dropAfterCommitFor(d: RequestDescriptor): boolean;
  takeHooks(d: RequestDescriptor): BeforeCallHook[];
};

/** Read-only ORM methods; everything else counts as a write for `writesOnly`. */
const READ_METHODS = new Set([
  'search',
  'search_read',
  'read',
  'search_count',
  'fields_get',
  'name_search',
  'name_get',
  'read_group',
  'formatted_read_group',
  'web_search_read',
  'web_read',
  'web_read_group',
  'default_get',
  'check_access_rights',
  'check_access_rule',
  'has_access',
  'check_object_reference',
  'context_get',
  'get_views',
  'fields_view_get',
  'search_fetch',
  'exists',
]);

export function isWriteMethod(method: string): boolean {
  return !READ_METHODS.has(method);
}

/** mulberry32: tiny, fast, good enough for fault draws, and reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function scopeMatches(scope: FaultScope | undefined, d: RequestDescriptor): boolean {
  if (!scope) return true;
  if (scope.routes && !scope.routes.includes(d.route)) return false;
  if (scope.models && (d.model === undefined || !scope.models.includes(d.model))) return false;
  if (scope.methods && (d.method === undefined || !scope.methods.includes(d.method))) return false;
  if (scope.writesOnly && !(d.orm && d.write)) return false;
  return true;
}

const emptyCounts = (): FaultCounts => ({
  latency: 0,
  http5xx: 0,
  http429: 0,
  dropAfterCommit: 0,
  sessionExpiry: 0,
  hook: 0,
  latencyMsTotal: 0,
});

const MAX_EVENTS = 1000;

function validate(config: FaultConfig): void {
  const rate = (name: string, r: number | undefined) => {
    if (r !== undefined && !(r >= 0 && r <= 1)) throw new RangeError(`faults.${name}.rate must be within [0, 1], got ${r}`);
  };
  rate('http5xx', config.http5xx?.rate);
  rate('http429', config.http429?.rate);
  rate('dropAfterCommit', config.dropAfterCommit?.rate);
  rate('sessionExpiry', config.sessionExpiry?.rate);
  for (const s of config.http5xx?.statuses ?? []) {
    if (s !== 502 && s !== 503 && s !== 504) throw new RangeError(`faults.http5xx.statuses: ${String(s)} is not 502, 503 or 504`);
  }
  if (config.latency && !(config.latency.ms >= 0)) throw new RangeError('faults.latency.ms must be >= 0');
}

type Pending = { hook: BeforeCallHook; scope: FaultScope | undefined };
type Expiry = { scope: FaultScope | undefined };

/**
 * `sessions` is how expireAllSessions reaches the session store; the server wires it.
 */
export function createFaultEngine(initial: FaultConfig = {}, sessions?: { clear(): number }): FaultEngine {
  let config: FaultConfig = {};
  let rng = prng(0);
  // remaining `times` budgets per kind; undefined = unlimited
  const budget: Partial<Record<'http5xx' | 'http429' | 'dropAfterCommit', number>> = {};
  let counts = emptyCounts();
  let events: FaultEvent[] = [];
  let seq = 0;
  let hooks: Pending[] = [];
  let expiries: Expiry[] = [];

  const resetBudgets = () => {
    for (const k of ['http5xx', 'http429', 'dropAfterCommit'] as const) {
      const t = config[k]?.times;
      if (t === undefined) delete budget[k];
      else budget[k] = t;
    }
  };

  const apply = (next: FaultConfig, reseed: boolean) => {
    validate(next);
    config = structuredCloneConfig(next);
    if (reseed) rng = prng(config.seed ?? 0);
    resetBudgets();
    // nextCalls in the config is a convenience for expireNextSessionCalls at start/set time
    const n = next.sessionExpiry?.nextCalls ?? 0;
    for (let i = 0; i < n; i++) expiries.push({ scope: next.sessionExpiry?.scope });
  };

  const record = (kind: FaultKind, d: RequestDescriptor, extra: Partial<FaultEvent> = {}) => {
    counts[kind] += 1;
    seq += 1;
    const ev: FaultEvent = { seq, kind, route: d.route, path: d.path, ...extra };
    if (d.model !== undefined) ev.model = d.model;
    if (d.method !== undefined) ev.method = d.method;
    events.push(ev);
    if (events.length > MAX_EVENTS) events = events.slice(-MAX_EVENTS);
  };

  /** A budgeted rate draw; consumes the PRNG only when the fault is configured and in scope. */
  const draw = (kind: 'http5xx' | 'http429' | 'dropAfterCommit', rate: number, scope: FaultScope | undefined, d: RequestDescriptor): boolean => {
    if (rate <= 0 || !scopeMatches(scope, d)) return false;
    const left = budget[kind];
    if (left !== undefined && left <= 0) return false;
    if (rng() >= rate) return false;
    if (left !== undefined) budget[kind] = left - 1;
    return true;
  };

  apply(initial, true);

  return {
    get: () => structuredCloneConfig(config),
    set(next) {
      expiries = [];
      apply(next, true);
    },
    update(patch) {
      const merged: FaultConfig = { ...config };
      for (const [k, v] of Object.entries(patch) as Array<[keyof FaultConfig, unknown]>) {
        if (v === null || v === undefined) delete merged[k];
        else (merged as Record<string, unknown>)[k] = v;
      }
      // nextCalls from a previous set() must not be queued again
      if (!('sessionExpiry' in patch) && merged.sessionExpiry) merged.sessionExpiry = { ...merged.sessionExpiry, nextCalls: 0 };
      apply(merged, patch.seed !== undefined && patch.seed !== null);
    },
    clear() {
      config = {};
      hooks = [];
      expiries = [];
      resetBudgets();
    },
    expireAllSessions: () => sessions?.clear() ?? 0,
    expireNextSessionCalls(n, scope) {
      for (let i = 0; i < n; i++) expiries.push({ scope });
    },
    onceBeforeNextCall(hook, scope) {
      hooks.push({ hook, scope });
    },
    pendingHooks: () => hooks.length,
    counts: () => ({ ...counts }),
    events: () => events.slice(),
    resetCounts() {
      counts = emptyCounts();
      events = [];
    },

    latencyFor(d) {
      const l = config.latency;
      if (!l || !scopeMatches(l.scope, d)) return 0;
      const jitter = l.jitterMs ? rng() * l.jitterMs : 0;
      const delayMs = Math.round(l.ms + jitter);
      if (delayMs <= 0) return 0;
      counts.latencyMsTotal += delayMs;
      record('latency', d, { delayMs });
      return delayMs;
    },
    rateLimitFor(d) {
      const f = config.http429;
      if (!f || !draw('http429', f.rate, f.scope, d)) return undefined;
      const retryAfterSeconds = f.retryAfterSeconds ?? 1;
      record('http429', d, { status: 429 });
      return { retryAfterSeconds };
    },
    gatewayErrorFor(d, phase) {
      const f = config.http5xx;
      if (!f || (f.when ?? 'before') !== phase) return undefined;
      // 'after' only makes sense for a call that ran; other requests are left alone
      if (phase === 'after' && !d.orm) return undefined;
      if (!draw('http5xx', f.rate, f.scope, d)) return undefined;
      const statuses = f.statuses && f.statuses.length > 0 ? f.statuses : ([502, 503, 504] as const);
      const status = statuses[Math.floor(rng() * statuses.length)] ?? 503;
      record('http5xx', d, { status });
      return status;
    },
    sessionExpiryFor(d) {
      const idx = expiries.findIndex((e) => scopeMatches(e.scope, d));
      if (idx >= 0) {
        expiries.splice(idx, 1);
        record('sessionExpiry', d);
        return true;
      }
      const f = config.sessionExpiry;
      if (f?.rate && scopeMatches(f.scope, d) && rng() < f.rate) {
        record('sessionExpiry', d);
        return true;
      }
      return false;
    },
    dropAfterCommitFor(d) {
      const f = config.dropAfterCommit;
      if (!f || !d.orm || !draw('dropAfterCommit', f.rate, f.scope, d)) return false;
      record('dropAfterCommit', d);
      return true;
    },
    takeHooks(d) {
      if (!d.orm || hooks.length === 0) return [];
      const taken: BeforeCallHook[] = [];
      hooks = hooks.filter((h) => {
        if (!scopeMatches(h.scope, d)) return true;
        taken.push(h.hook);
        record('hook', d);
        return false;
      });
      return taken;
    },
  };
}

/** Config holds only JSON-like data, so a JSON round trip is an exact deep copy (no shared arrays). */
function structuredCloneConfig(c: FaultConfig): FaultConfig {
  return JSON.parse(JSON.stringify(c)) as FaultConfig;
}
