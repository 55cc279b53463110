import { describe, expect, it } from 'vitest';
import { generateDemoCompany } from '../../../odoo-sim/demo/index';
import { matchStatementLines } from './engine';
import { evaluate } from './evaluate';
import { matchingInputFromDataset } from './from-dataset';
import { buildPartnerIndex } from './partners';

/**
 * Regression guard on a small demo company whose seed the model was never fitted on (the fit uses
 * size M, seed 101). Thresholds are modest on purpose: they catch breakage, not noise.
 */
describe('matching against the demo ground truth (size S)', () => {
  for (const seed of [7, 23]) {
    it(`seed ${seed}: top-1 ≥ 80%, and what it is sure of is right`, () => {
      const { dataset, groundTruth } = generateDemoCompany({ size: 'S', seed });
      const input = matchingInputFromDataset(dataset, { statementLineIds: groundTruth.statementLines.map((s) => s.statementLineId) });
      expect(input.lines.length).toBe(groundTruth.statementLines.length);
      const results = matchStatementLines(input);
      const report = evaluate(results, groundTruth.statementLines, buildPartnerIndex(input.partners).commercialOf);
      expect(report.top1).toBeGreaterThanOrEqual(0.8);
      const sure = report.bands.find((b) => b.threshold === 0.95);
      expect(sure?.precision ?? 0).toBeGreaterThanOrEqual(0.95);
      for (const c of ['exact', 'fee', 'fx', 'one-to-many']) {
        const v = report.byCase[c];
        if (v && v.n >= 2) expect(v.top1, c).toBeGreaterThanOrEqual(0.5);
      }
    });
  }
});
