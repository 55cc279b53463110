import { describe, expect, it } from 'vitest';
import type { PageText } from '../types';
import { buildLayout } from './layout';

const word = (text: string, x: number, y: number, w: number, h: number): PageText['words'][number] => ({ text, box: { x, y, w, h } });

describe('buildLayout', () => {
  it('keeps a second letterhead line apart from the first when tall type beside them spans both', () => {
    const page: PageText = {
      page: 1,
      width: 612,
      height: 792,
      source: 'text-layer',
      words: [
        word('INVOICE', 0.75, 0.031, 0.19, 0.036),
        word('Sammy', 0.08, 0.032, 0.049, 0.0126),
        word('Maystone', 0.139, 0.032, 0.079, 0.0126),
        word('smaystone4@fake.com', 0.08, 0.048, 0.17, 0.0126),
      ],
    };
    const lines = buildLayout([page]).lines.map((l) => l.segments.map((s) => s.text));
    expect(lines).toEqual([['Sammy Maystone', 'INVOICE'], ['smaystone4@fake.com']]);
  });

  it('still joins words of one line that sit at slightly different heights', () => {
    const page: PageText = { page: 1, width: 612, height: 792, source: 'text-layer', words: [word('Total', 0.1, 0.5, 0.05, 0.012), word('12.00', 0.16, 0.503, 0.05, 0.012)] };
    expect(buildLayout([page]).lines.map((l) => l.text)).toEqual(['Total 12.00']);
  });
});
