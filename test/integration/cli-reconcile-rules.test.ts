import { describe, expect, it } from 'vitest';
import { useCliSuite } from '../helpers/cli';

// The public CLI for learned rules, confidence bands and the statement balance check (demo company, size S).
const { run } = useCliSuite({ demoSize: 'S' });

type Bands = { journals: Array<{ journalId: number; autoAcceptMin: number | null; bands: Array<{ min: number; max: number; decisions: number; precision: number | null; bySource: { history: number; user: number } }> }> };

describe('smart-odoo reconcile rules / bands, statements balance', () => {
  it('bands --json: per journal, six bands measured on decisions learned from the history', async () => {
    const r = await run(['reconcile', 'bands', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Bands;
    expect(out.journals.length).toBeGreaterThan(0);
    for (const j of out.journals) {
      expect(j.bands.map((b) => b.min)).toEqual([0.995, 0.98, 0.95, 0.9, 0.8, 0]);
      expect(j.autoAcceptMin).toBeNull();
    }
    expect(out.journals.flatMap((j) => j.bands).reduce((s, b) => s + b.bySource.history, 0)).toBeGreaterThan(0);
    expect((await run(['reconcile', 'bands', '--line', '3'])).code).toBe(2);
  }, 240_000);

  it('rules --mine --json: candidate rules with their back-test; text output names them', async () => {
    const r = await run(['reconcile', 'rules', '--mine', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { rules } = JSON.parse(r.stdout) as { rules: Array<{ id: number; kind: string; state: string; support: number; backtest: { matched: number; precision: number | null }; description: string }> };
    expect(rules.length).toBeGreaterThan(0);
    for (const x of rules) {
      expect(x.state).toBe('candidate');
      expect(x.backtest.matched).toBeGreaterThanOrEqual(x.support);
      expect(x.description).toContain(`rule #${x.id}: label contains`);
    }
    const text = await run(['reconcile', 'rules']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`#${rules[0]!.id}`);
    expect((await run(['reconcile', 'propose', '--mine'])).code).toBe(2);
  }, 240_000);

  it('statements balance --json: months add up and the books agree on a fresh demo company', async () => {
    const r = await run(['statements', 'balance', '--json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const { journals } = JSON.parse(r.stdout) as { journals: Array<{ periods: Array<{ opening: number; movements: number; closing: number; ok: boolean }>; agrees: boolean | null }> };
    expect(journals.length).toBeGreaterThan(0);
    for (const j of journals) {
      expect(j.agrees).toBe(true);
      for (const [i, p] of j.periods.entries()) {
        expect(Math.round((p.opening + p.movements) * 100)).toBe(Math.round(p.closing * 100));
        if (i > 0) expect(Math.round(p.opening * 100)).toBe(Math.round(j.periods[i - 1]!.closing * 100));
      }
    }
  }, 240_000);
});
