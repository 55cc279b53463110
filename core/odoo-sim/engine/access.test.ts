import { describe, expect, it } from 'vitest';
import { OdooServerError } from '../types';
import { createEngine } from './index';
import { caller, memoryEngine, setupBooks } from './test-fixtures';

function err(fn: () => unknown): OdooServerError {
  try {
    fn();
  } catch (e) {
    if (e instanceof OdooServerError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('authentication', () => {
  it('admin password (configurable), wrong password, wrong database', () => {
    const e = createEngine({ version: 17, adminPassword: 's3cret' });
    expect(e.authenticate('demo', 'admin', 's3cret', { interactive: false })).toBe(2);
    expect(e.authenticate('demo', 'admin', 's3cret', { interactive: true })).toBe(2);
    expect(e.authenticate('demo', 'admin', 'admin', { interactive: false })).toBe(false);
    expect(e.authenticate('other', 'admin', 's3cret', { interactive: false })).toBe(false);
    expect(e.authenticate('demo', 'nobody', 's3cret', { interactive: false })).toBe(false);
    expect(e.checkCredentials('demo', 2, 's3cret')).toBe(true);
    expect(e.checkCredentials('demo', 2, 'wrong')).toBe(false);
    expect(e.checkCredentials('demo', 3, 's3cret')).toBe(false);
  });

  it('API keys work only non-interactively, and stop working once revoked', () => {
    const e = memoryEngine(19);
    const key = e.createApiKey('admin');
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    expect(e.authenticate('demo', 'admin', key, { interactive: false })).toBe(2);
    expect(e.authenticate('demo', 'admin', key, { interactive: true })).toBe(false);
    expect(e.checkCredentials('demo', 2, key)).toBe(true);
    expect(e.uidForApiKey(key)).toBe(2);
    expect(e.uidForApiKey('nope')).toBe(false);
    // a key belongs to its user only
    expect(e.checkCredentials('demo', 3, key)).toBe(false);
    const fixed = e.createApiKey('accountant', { key: 'fixed-key-for-tests', name: 'ci' });
    expect(fixed).toBe('fixed-key-for-tests');
    expect(e.uidForApiKey(fixed)).toBe(3);
    expect(e.revokeApiKey(key)).toBe(true);
    expect(e.revokeApiKey(key)).toBe(false);
    expect(e.uidForApiKey(key)).toBe(false);
    expect(e.checkCredentials('demo', 2, key)).toBe(false);
  });

  it('a TOTP user cannot use the password over RPC, only API keys', () => {
    const e = memoryEngine(17);
    expect(e.authenticate('demo', 'totp', 'totp', { interactive: false })).toBe(false);
    expect(e.authenticate('demo', 'totp', 'totp', { interactive: true })).toBe(false);
    expect(e.checkCredentials('demo', 5, 'totp')).toBe(false);
    const key = e.createApiKey('totp');
    expect(e.authenticate('demo', 'totp', key, { interactive: false })).toBe(5);
    expect(e.checkCredentials('demo', 5, key)).toBe(true);
  });

  it('archived users cannot authenticate; userInfo describes a user', () => {
    const e = memoryEngine(17);
    const call = caller(e);
    expect(e.userInfo(2)).toMatchObject({ uid: 2, login: 'admin', name: 'Mitchell Admin', partnerId: 3, companyId: 1, companyIds: [1], isAdmin: true, context: { lang: 'en_US', tz: 'Europe/Brussels', uid: 2 } });
    expect(e.userInfo(3).isAdmin).toBe(false);
    call('res.users', 'write', [[4], { active: false }]);
    expect(e.authenticate('demo', 'readonly', 'readonly', { interactive: false })).toBe(false);
    expect(err(() => e.execute({ uid: 4, model: 'res.partner', method: 'search', args: [[]], kwargs: {}, style: 'rpc' })).odooName).toBe('odoo.exceptions.AccessDenied');
    expect(e.versionInfo()).toEqual({ server_version: '17.0', server_version_info: [17, 0, 0, 'final', 0, ''], server_serie: '17.0', protocol_version: 1 });
  });
});

describe('access rights', () => {
  it('the read-only user reads accounting but cannot create, write or delete it', () => {
    const e = memoryEngine(17);
    const admin = caller(e);
    const b = setupBooks(admin);
    const ro = caller(e, 4);
    expect((ro('account.account', 'search', [[]]) as number[]).length).toBeGreaterThan(0);
    const created = err(() => ro('account.move', 'create', [{ journal_id: b.misc }]));
    expect(created.odooName).toBe('odoo.exceptions.AccessError');
    expect(created.message).toBe(
      "You are not allowed to create 'Journal Entry' (account.move) records.\n\nThis operation is allowed for the following groups:\n\t- Accounting/Billing\n\t- Accounting/Bookkeeper\n\nContact your administrator to request access if necessary.",
    );
    expect(err(() => ro('account.account', 'write', [[b.income], { name: 'x' }])).message).toMatch(/^You are not allowed to modify 'Account' \(account\.account\) records\./);
    expect(err(() => ro('account.journal', 'unlink', [[b.misc]])).message).toMatch(/^You are not allowed to delete 'Journal'/);
    expect(err(() => ro('account.move.line', 'reconcile', [[1]])).odooName).toBe('odoo.exceptions.AccessError');
    expect(err(() => ro('ir.attachment', 'create', [{ name: 'a.pdf', res_model: 'account.journal', res_id: b.bank }])).odooName).toBe('odoo.exceptions.AccessError');
    expect(ro('account.journal', 'check_access_rights', ['write'], { raise_exception: false })).toBe(false);
    expect(ro('account.journal', 'check_access_rights', ['read'])).toBe(true);
  });

  it('accountant writes accounting; sales user does not', () => {
    const e = memoryEngine(17);
    const b = setupBooks(caller(e));
    const acc = caller(e, 3);
    expect(typeof acc('account.move', 'create', [{ journal_id: b.misc }])).toBe('number');
    const sales = caller(e, 6);
    expect(err(() => sales('account.move', 'create', [{ journal_id: b.misc }])).odooName).toBe('odoo.exceptions.AccessError');
    expect(typeof sales('res.partner', 'create', [{ name: 'Lead Co' }])).toBe('number');
  });
});
