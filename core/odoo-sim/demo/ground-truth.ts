/** Ground truth persisted as JSON beside the simulator's SQLite file. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { DemoGroundTruth } from '../types';

export function writeGroundTruth(path: string, gt: DemoGroundTruth): void {
  writeFileSync(path, `${JSON.stringify(gt, null, 1)}\n`, 'utf8');
}

export function readGroundTruth(path: string): DemoGroundTruth {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isGroundTruth(parsed)) throw new Error(`${path} is not a demo ground-truth file`);
  return parsed;
}

/** The sim's database path → its ground-truth path ("demo.sqlite" → "demo.ground-truth.json"). */
export function groundTruthPathFor(dbPath: string): string {
  return `${dbPath.replace(/\.(sqlite3?|db)$/i, '')}.ground-truth.json`;
}

function isGroundTruth(v: unknown): v is DemoGroundTruth {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.seed === 'number' && (o.size === 'S' || o.size === 'M' || o.size === 'L') && Array.isArray(o.statementLines) && Array.isArray(o.duplicatePartners) && Array.isArray(o.billPurchaseOrders);
}
