import { describe, expect, it } from 'vitest';
import { findCompactDmy, findDates, normalizeOcrDates } from './dates';

describe('dates', () => {
  it('treats dotted numeric dates as unambiguous in a day-first document', () => {
    expect(findDates('vom 05.03.2018', 'dmy')[0]).toMatchObject({ iso: '2018-03-05', ambiguous: false });
    expect(findDates('on 05/03/2018', 'dmy')[0]).toMatchObject({ iso: '2018-03-05', ambiguous: true });
  });

  it('reads a compact ddmmyyyy token (receipts) and rejects impossible ones', () => {
    expect(findCompactDmy('30032018 No .CS-20322')?.iso).toBe('2018-03-30');
    expect(findCompactDmy('31022018')).toBeUndefined();
    expect(findCompactDmy('1.30032018')).toBeUndefined();
  });
});

describe('normalizeOcrDates', () => {
  it('reads digit-like letters inside a date shape as digits, keeping offsets', () => {
    expect(normalizeOcrDates('Date : 2S/O4/2Ol8 10:52')).toBe('Date : 25/04/2018 10:52');
    expect(normalizeOcrDates('l7-03-I8 14:49')).toBe('17-03-18 14:49');
    expect(findDates(normalizeOcrDates('Date: O9/O4/2018'), 'dmy')[0]?.iso).toBe('2018-04-09');
  });

  it('leaves words and tokens with too few real digits alone', () => {
    expect(normalizeOcrDates('SO/IS/BOSS')).toBe('SO/IS/BOSS');
    expect(normalizeOcrDates('TOTAL SR-GST 6.00')).toBe('TOTAL SR-GST 6.00');
    expect(normalizeOcrDates('O1/O1/IS')).toBe('O1/O1/IS');
  });
});
