import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../core/store/db';
import { useCliSuite } from '../helpers/cli';

// The public CLI for statement import and reconciliation, in a child process, on the demo company (size S).
const camt = path.resolve(import.meta.dirname, '../fixtures/statements/genkgo-camt/camt053.v2.multi.statement.xml');
const cli = useCliSuite({ demoSize: 'S' });
const run = cli.run;

type Line = { statementLineId: number; date: string; amount: number; label: string; proposals: Array<{ moveLineIds: number[]; confidence: number; explanation: string[] }> };

describe('smart-odoo statements / reconcile', () => {
  let lines: Line[] = [];

  it('reconcile propose --json on a fresh data directory syncs, then prints proposals best first', async () => {
    const r = await run(['reconcile', 'propose', '--json']);
    expect(r.code, r.stderr).toBe(0);
    lines = JSON.parse(r.stdout) as Line[];
    expect(lines.length).toBeGreaterThan(0);
    const withProposals = lines.filter((l) => l.proposals.length > 0);
    expect(withProposals.length).toBeGreaterThan(0);
    for (const l of withProposals) {
      expect(l).toMatchObject({ statementLineId: expect.any(Number), date: expect.any(String), amount: expect.any(Number), label: expect.any(String) });
      const c = l.proposals.map((p) => p.confidence);
      expect([...c].sort((a, b) => b - a)).toEqual(c);
      expect(l.proposals[0]!.explanation.length).toBeGreaterThan(0);
    }
  }, 240_000);

  it('reconcile accept --line reconciles it in Odoo; usage errors exit 2', async () => {
    const pick = lines.find((l) => l.proposals[0] && l.proposals[0].moveLineIds.length > 0 && l.proposals[0].confidence >= 0.8)!;
    expect(pick).toBeDefined();
    const r = await run(['reconcile', 'accept', '--line', String(pick.statementLineId), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ queued: 1, reconciled: [{ statementLineId: pick.statementLineId, state: 'applied' }] });
    const after = JSON.parse((await run(['reconcile', 'propose', '--json'])).stdout) as Line[];
    expect(after.some((l) => l.statementLineId === pick.statementLineId)).toBe(false);
    expect((await run(['reconcile', 'accept'])).code).toBe(2);
    expect((await run(['reconcile', 'accept', '--line', '3', '--min-confidence', '0.9'])).code).toBe(2);
    expect((await run(['statements', 'import', camt])).code).toBe(2);
    const help = await run(['reconcile', '--help']);
    expect(help.stdout).toMatch(/--min-confidence/);
  }, 240_000);

  it('statements import FILE --journal ID pushes the lines and reports their Odoo ids; a second import is all duplicates', async () => {
    const store = openStore(path.join(cli.dataDir, 'smart-odoo.sqlite'));
    const journal = store.db.prepare<[], { id: number }>("SELECT id FROM cache_records WHERE model = 'account.journal' AND json_extract(data, '$.type') = 'bank' ORDER BY id LIMIT 1").get()!.id;
    store.close();
    const first = await run(['statements', 'import', camt, '--journal', String(journal), '--json']);
    expect(first.code, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout) as { imported: number; duplicates: number; statementLineIds: number[] };
    expect(out.imported).toBeGreaterThan(0);
    expect(out.duplicates).toBe(0);
    expect(out.statementLineIds).toHaveLength(out.imported);
    const again = await run(['statements', 'import', camt, '--journal', String(journal), '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, duplicates: out.imported, statementLineIds: [] });
    // the imported lines are open lines now
    const proposed = JSON.parse((await run(['reconcile', 'propose', '--journal', String(journal), '--json'])).stdout) as Line[];
    for (const id of out.statementLineIds) expect(proposed.some((l) => l.statementLineId === id)).toBe(true);
  }, 240_000);
});
