/**
 * One contract for the Odoo client, run against the simulator over loopback HTTP for every personality
 * (16–19) and every protocol the version has (JSON-RPC 16–19, JSON-2 19). The same assertions must hold
 * everywhere: the version differences are the client's problem, not its callers'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOdooClient, type OdooClient, type OdooClientConfig, type OdooProtocol } from '../../core/odoo';
import { generateDemoCompany } from '../../core/odoo-sim/demo';
import { createEngine } from '../../core/odoo-sim/engine';
import { startSimServer, type SimServer } from '../../core/odoo-sim/server';
import type { OdooVersion, SimEngine } from '../../core/odoo-sim/types';
import { AppError } from '../../core/shared/errors';

const CASES: Array<{ version: OdooVersion; protocol: OdooProtocol }> = [
  { version: 16, protocol: 'jsonrpc' },
  { version: 17, protocol: 'jsonrpc' },
  { version: 18, protocol: 'jsonrpc' },
  { version: 19, protocol: 'jsonrpc' },
  { version: 19, protocol: 'json2' },
];

// One generated company, loaded into each personality (generation is the slow part).
const demo = generateDemoCompany({ size: 'S', seed: 20260101 });

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe.each(CASES)('Odoo $version over $protocol', ({ version, protocol }) => {
  let engine: SimEngine;
  let server: SimServer;
  let client: OdooClient;
  const keys: Record<string, string> = {};

  const configFor = (login: string, password: string, extra: Partial<OdooClientConfig> = {}): OdooClientConfig => ({
    url: server.url,
    db: engine.dbName,
    login,
    // JSON-2 only takes API keys; JSON-RPC takes either, so use the password there
    secret: protocol === 'json2' ? (keys[login] ?? password) : password,
    protocol,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
    ...extra,
  });

  beforeAll(async () => {
    engine = createEngine({ version });
    engine.loadDataset(demo.dataset);
    keys['admin'] = engine.createApiKey('admin');
    keys['auditor'] = engine.createApiKey('auditor');
    server = await startSimServer({ engine });
    client = createOdooClient(configFor('admin', 'admin', { requiredModels: ['res.partner', 'account.move', 'account.account', 'account.payment'] }));
  });

  afterAll(async () => {
    client?.close();
    await server?.close();
    engine?.close();
  });

  it('connects: version, protocol, user, companies, databases, adapters', async () => {
    const info = await client.connect();
    expect(info.major).toBe(version);
    expect(info.serverVersion.startsWith(`${version}.`)).toBe(true);
    expect(info.protocol).toBe(protocol);
    expect(info.uid).toBeGreaterThan(0);
    expect(info.userName).toBe('Mitchell Admin');
    expect(info.companyIds.length).toBeGreaterThan(0);
    expect(info.databases).toContain(engine.dbName);
    expect(info.adaptedModels).toEqual(expect.arrayContaining(['res.partner', 'account.move']));
  });

  it('auto picks JSON-2 on 19 with an API key, JSON-RPC otherwise (with a warning for a password on 19)', async () => {
    const withKey = createOdooClient({ ...configFor('admin', 'admin'), protocol: 'auto', secret: keys['admin'] ?? '' });
    expect((await withKey.connect()).protocol).toBe(version >= 19 ? 'json2' : 'jsonrpc');
    const withPassword = createOdooClient({ ...configFor('admin', 'admin'), protocol: 'auto', secret: 'admin' });
    const info = await withPassword.connect();
    expect(info.protocol).toBe('jsonrpc');
    expect(info.warnings.some((w) => /API key/.test(w))).toBe(version >= 19);
    withKey.close();
    withPassword.close();
  });

  it('fields_get describes the model as this version does', async () => {
    const fields = await client.fieldsGet('res.partner');
    expect(fields['name']?.type).toBe('char');
    expect(fields['country_id']).toMatchObject({ type: 'many2one', relation: 'res.country' });
    expect('mobile' in fields).toBe(version <= 18);
  });

  it('search_read with a domain, and read / search_count agree with it', async () => {
    const domain: Array<[string, string, unknown]> = [['customer_rank', '>', 0]];
    const rows = await client.searchRead('res.partner', domain, { fields: ['name', 'customer_rank', 'country_id'], limit: 7, order: 'id asc' });
    expect(rows).toHaveLength(7);
    for (const r of rows) {
      expect(typeof r.id).toBe('number');
      expect(r['customer_rank']).toBeGreaterThan(0);
      expect(r['country_id'] === false || (Array.isArray(r['country_id']) && typeof r['country_id'][1] === 'string')).toBe(true);
    }
    const again = await client.read('res.partner', rows.map((r) => r.id), ['name']);
    expect(again.map((r) => [r.id, r['name']])).toEqual(rows.map((r) => [r.id, r['name']]));
    const total = await client.searchCount('res.partner', domain);
    expect(total).toBeGreaterThan(7);
    expect(await client.searchCount('res.partner', domain, { limit: 3 })).toBe(3);
  });

  it('keyset pagination returns every record once, in id order, and resumes', async () => {
    const total = await client.searchCount('res.partner', []);
    const seen: number[] = [];
    let pages = 0;
    for await (const page of client.searchReadPages('res.partner', [], { fields: ['name'], batchSize: 40 })) {
      pages++;
      seen.push(...page.records.map((r) => r.id));
      expect(page.lastId).toBe(page.records[page.records.length - 1]?.id);
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(pages).toBe(Math.ceil(total / 40) + (total % 40 === 0 ? 1 : 0) || 1);
    const mid = seen[Math.floor(seen.length / 2)] ?? 0;
    const rest = await client.readAll('res.partner', [], { fields: ['name'], batchSize: 40, afterId: mid });
    expect(rest.map((r) => r.id)).toEqual(seen.filter((id) => id > mid));
  });

  it('create one and many, write, unlink', async () => {
    const one = await client.create('res.partner', { name: `Contract ${version} ${protocol}`, email: 'one@example.test' });
    expect(typeof one).toBe('number');
    const many = await client.create('res.partner', [{ name: 'Contract A' }, { name: 'Contract B' }]);
    expect(many).toHaveLength(2);
    expect(await client.write('res.partner', [one, ...many], { email: 'changed@example.test' })).toBe(true);
    const rows = await client.read('res.partner', [one, ...many], ['email']);
    expect(rows.map((r) => r['email'])).toEqual(['changed@example.test', 'changed@example.test', 'changed@example.test']);
    expect(await client.unlink('res.partner', many)).toBe(true);
    expect(await client.searchCount('res.partner', [['id', 'in', many]])).toBe(0);
  });

  it('read_group: one normalised shape whatever the method', async () => {
    const groups = await client.readGroup('account.move', [['move_type', 'in', ['out_invoice', 'in_invoice']]], ['move_type'], ['amount_total:sum', '__count']);
    expect(groups.length).toBe(2);
    const count = await client.searchCount('account.move', [['move_type', 'in', ['out_invoice', 'in_invoice']]]);
    expect(groups.reduce((s, g) => s + g.count, 0)).toBe(count);
    for (const g of groups) {
      expect(['out_invoice', 'in_invoice']).toContain(g.group['move_type']);
      expect(typeof g.aggregates['amount_total:sum']).toBe('number');
      expect(g.aggregates['__count']).toBe(g.count);
    }
    const months = await client.readGroup('account.move', [['move_type', '=', 'out_invoice']], ['invoice_date:month'], ['amount_total:sum']);
    expect(months.length).toBeGreaterThan(1);
    for (const g of months) expect(typeof g.group['invoice_date:month']).toBe('string');
  });

  it('name_search finds a partner by name', async () => {
    const [p] = await client.searchRead('res.partner', [['is_company', '=', true]], { fields: ['name'], limit: 1, order: 'id asc' });
    expect(p).toBeDefined();
    const hits = await client.nameSearch('res.partner', String(p?.['name']), { limit: 10 });
    expect(hits.map(([id]) => id)).toContain(p?.id);
    for (const [id, label] of hits) expect([typeof id, typeof label]).toEqual(['number', 'string']);
  });

  it('message_post returns a message id', async () => {
    const [p] = await client.searchRead('res.partner', [], { fields: ['name'], limit: 1 });
    const msgId = await client.messagePost('res.partner', p?.id ?? 0, 'Reviewed by the contract test');
    expect(typeof msgId).toBe('number');
    const [msg] = await client.read('mail.message', [msgId], ['model', 'res_id']);
    expect(msg).toMatchObject({ model: 'res.partner', res_id: p?.id });
  });

  it('scopes every call to the configured companies (allowed_company_ids)', async () => {
    const { companyIds } = await client.connect();
    expect(companyIds.length).toBeGreaterThanOrEqual(2);
    const [a = 0, b = 0] = companyIds;
    const count = async (ids: number[]) => {
      const c = createOdooClient(configFor('admin', 'admin', { companyIds: ids }));
      const n = await c.searchCount('account.move', []);
      c.close();
      return n;
    };
    const [onlyA, onlyB, both] = await Promise.all([count([a]), count([b]), count([a, b])]);
    expect(onlyA).toBeGreaterThan(0);
    expect(onlyA + onlyB).toBe(both);
  });

  describe('errors', () => {
    it('access error for the read-only user, naming the model', async () => {
      const auditor = createOdooClient(configFor('auditor', 'auditor'));
      const [p] = await auditor.searchRead('res.partner', [], { fields: ['name'], limit: 1 });
      const e = await rejection(auditor.write('res.partner', [p?.id ?? 0], { name: 'Not allowed' }));
      expect(e.code).toBe('odoo/access-error');
      expect(e.details?.['model']).toBe('res.partner');
      expect(e.message).toMatch(/res\.partner/);
      auditor.close();
    });

    it('validation error', async () => {
      const e = await rejection(client.create('res.partner', { name: false }));
      expect(e.code).toBe('odoo/validation');
      expect(e.details?.['odooName']).toBe('odoo.exceptions.ValidationError');
    });

    it('missing record', async () => {
      const e = await rejection(client.read('res.partner', [987654321], ['name']));
      expect(e.code).toBe('odoo/missing-record');
    });

    it('bad credentials', async () => {
      const bad = createOdooClient({ ...configFor('admin', 'admin'), secret: 'definitely-wrong' });
      expect((await rejection(bad.connect())).code).toBe('odoo/auth-failed');
    });

    it('a 2FA user with a password is told to create an API key', async () => {
      const totp = createOdooClient({ ...configFor('totp', 'totp'), secret: 'totp' });
      const e = await rejection(totp.connect());
      // Odoo (and the simulator) pause the interactive login at the second factor ({uid: null}): that
      // tells the client the password was right and the user needs an API key
      expect(e.code).toBe('odoo/api-key-required');
      expect(e.message).toMatch(/Preferences → Account Security/);
    });

    it('unknown database', async () => {
      const bad = createOdooClient({ ...configFor('admin', 'admin'), db: 'no_such_db' });
      const e = await rejection(bad.connect());
      expect(e.code).toBe('odoo/unknown-database');
      expect(e.message).toContain(engine.dbName);
    });
  });

  describe('field adapters', () => {
    it('res.partner mobile: a value ≤18, false on 19 — never an error', async () => {
      const rows = await client.searchRead('res.partner', [['is_company', '=', true]], { fields: ['name', 'mobile'], limit: 20 });
      expect(rows).toHaveLength(20);
      if (version >= 19) expect(rows.every((r) => r['mobile'] === false)).toBe(true);
      else expect(rows.every((r) => r['mobile'] === false || typeof r['mobile'] === 'string')).toBe(true);
    });

    it('account.account company_ids and company_id on every version', async () => {
      const rows = await client.searchRead('account.account', [], { fields: ['code', 'company_ids', 'company_id'], limit: 10 });
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(Array.isArray(r['company_ids'])).toBe(true);
        const ids = r['company_ids'] as number[];
        const m2o = r['company_id'];
        expect(Array.isArray(m2o) ? m2o[0] : false).toBe(ids[0] ?? false);
      }
      const first = rows[0]?.['company_ids'] as number[];
      const byCompany = await client.searchCount('account.account', [['company_id', '=', first[0]]]);
      expect(byCompany).toBeGreaterThan(0);
    });

    it('account.payment memo (ref before 18)', async () => {
      const rows = await client.searchRead('account.payment', [], { fields: ['memo', 'ref', 'amount'], limit: 10 });
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r['memo']).toEqual(r['ref']);
    });

    it('account.move checked (to_check before 18), both directions and in domains', async () => {
      const rows = await client.searchRead('account.move', [], { fields: ['checked', 'to_check'], limit: 20 });
      for (const r of rows) expect(r['checked']).toBe(!r['to_check']);
      const unchecked = await client.searchCount('account.move', [['checked', '=', false]]);
      const toCheck = await client.searchCount('account.move', [['to_check', '=', true]]);
      expect(unchecked).toBe(toCheck);
      const [m] = rows;
      if (m !== undefined) {
        await client.write('account.move', [m.id], { checked: false });
        const [back] = await client.read('account.move', [m.id], ['checked', 'to_check']);
        expect(back).toMatchObject({ checked: false, to_check: true });
        await client.write('account.move', [m.id], { checked: true });
      }
    });
  });
});
