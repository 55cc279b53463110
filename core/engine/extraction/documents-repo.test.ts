import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/helpers/temp-dir';
import { openStore, type Store } from '../../store/db';
import { createDocumentsRepo, createFileStore, sha256Of } from './documents-repo';
import { createTemplatesRepo } from './learning/templates-repo';
import { emptyTemplate } from './learning/anchors';

let tmp: ReturnType<typeof makeTempDir>;
let store: Store;
beforeEach(() => {
  tmp = makeTempDir();
  store = openStore(path.join(tmp.dir, 'db.sqlite'));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const doc = (connectionId: string, sha: string) => ({ connectionId, sha256: sha, fileName: 'a.pdf', mime: 'application/pdf', size: 3, langs: null });

describe('documents store (migration 0004)', () => {
  it('a content hash is unique per connection, not across connections', () => {
    const repo = createDocumentsRepo(store.db);
    repo.insert(doc('c1', 'a'.repeat(64)));
    expect(() => repo.insert(doc('c1', 'a'.repeat(64)))).toThrow(/UNIQUE/);
    expect(repo.insert(doc('c2', 'a'.repeat(64))).connectionId).toBe('c2');
    expect(repo.bySha('c1', 'a'.repeat(64))?.status).toBe('queued');
  });

  it('refuses a status outside the list (STRICT table, CHECK)', () => {
    const repo = createDocumentsRepo(store.db);
    const d = repo.insert(doc('c1', 'b'.repeat(64)));
    expect(() => store.db.prepare(`UPDATE documents SET status = 'weird' WHERE id = ?`).run(d.id)).toThrow(/CHECK/);
  });

  it('keeps corrections when their document is removed (they taught the template)', () => {
    const repo = createDocumentsRepo(store.db);
    const d = repo.insert(doc('c1', 'c'.repeat(64)));
    repo.addCorrection({ documentId: d.id, connectionId: 'c1', partnerId: 5, field: 'invoiceNumber', oldValue: null, newValue: 'X-1', oldOrigin: null });
    repo.remove(d.id);
    const rows = store.db.prepare<[], { document_id: number | null; new_value: string }>('SELECT document_id, new_value FROM document_corrections').all();
    expect(rows).toEqual([{ document_id: null, new_value: '"X-1"' }]);
  });

  it('documents left processing by a crash are queued again', () => {
    const repo = createDocumentsRepo(store.db);
    const d = repo.insert(doc('c1', 'd'.repeat(64)));
    repo.setStatus(d.id, 'processing');
    expect(repo.recoverInterrupted()).toBe(1);
    expect(repo.get(d.id)?.status).toBe('queued');
  });

  it('one template per partner: binding an identity-only template to a partner that has one merges them', () => {
    const t = createTemplatesRepo(store.db, 'c1');
    const owner = t.save(null, { partnerId: 9, keys: ['vat:DE1'], template: { version: 1, rules: { currency: [{ kind: 'constant', value: 'EUR', wrong: [], learnedAt: 'x' }] } } });
    const loose = t.save(null, { partnerId: null, keys: ['name:ACME'], template: { version: 1, rules: { vendorName: [{ kind: 'constant', value: 'Acme', wrong: [], learnedAt: 'y' }] } } });
    const merged = t.save(loose, { partnerId: 9, keys: ['name:ACME'], template: loose.template });
    expect(merged.id).toBe(owner.id);
    expect(t.all()).toHaveLength(1);
    expect(Object.keys(t.all()[0]!.template.rules).sort()).toEqual(['currency', 'vendorName']);
    expect(t.find(null, ['name:ACME'])?.row.partnerId).toBe(9);
    t.setAutoDraft(12, true);
    expect(t.byPartner(12)).toMatchObject({ autoDraft: true, template: emptyTemplate() });
  });
});

describe('document file store', () => {
  it('stores content once under its hash, atomically, and refuses a file changed on disk', () => {
    const files = createFileStore(tmp.dir);
    const bytes = new TextEncoder().encode('%PDF-1.4 hello');
    const sha = files.put(bytes);
    expect(sha).toBe(sha256Of(bytes));
    expect(files.put(bytes)).toBe(sha);
    expect(readdirSync(files.dir)).toEqual([sha]);
    expect(files.read(sha)?.equals(Buffer.from(bytes))).toBe(true);
    writeFileSync(path.join(files.dir, sha), 'tampered');
    expect(files.read(sha)).toBeNull();
    files.remove(sha);
    expect(existsSync(path.join(files.dir, sha))).toBe(false);
    expect(() => files.read('../../etc/passwd')).toThrow(/sha256/);
  });
});
