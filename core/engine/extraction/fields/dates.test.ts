import { describe, expect, it } from 'vitest';
import { findCompactDmy, findDates } from './dates';

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
