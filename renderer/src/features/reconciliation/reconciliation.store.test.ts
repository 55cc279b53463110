import { beforeEach, describe, expect, test } from 'vitest';
import type { StatementLine } from './reconciliation.api';
import { useReconciliationStore } from './reconciliation.store';

const line = (id: number, amount = 10, journalId = 1): StatementLine => ({ statementLineId: id, journalId, date: '2026-09-01', amount, currency: 'EUR', label: `L${id}`, proposals: [] });
const st = () => useReconciliationStore.getState();

describe('reconciliation store', () => {
  beforeEach(() => useReconciliationStore.setState({ lines: [], queued: {}, queuedAt: {}, marked: {}, acceptances: [], server: {}, selectedId: null }));

  test('a pushed acceptance leaves the list; one still waiting stays, as queued', () => {
    st().linesLoaded([line(1), line(2), line(3)], []);
    st().linesAccepted({ statementLineIds: [1, 2], outboxIds: [11, 12] });
    // the core no longer proposes 1 and 2 (queued there); 11 was pushed meanwhile
    st().linesLoaded([line(3)], [12]);
    expect(st().lines.map((l) => l.statementLineId)).toEqual([2, 3]);
    expect(st().queued).toEqual({ 2: 12 });
  });

  test('a refresh asked before an acceptance does not undo it on screen', () => {
    st().linesLoaded([line(1), line(2)], []);
    const startedAt = 1_000_000; // a refresh asked now …
    useReconciliationStore.setState({ queuedAt: {} });
    st().linesAccepted({ statementLineIds: [1], outboxIds: [21] });
    const at = st().queuedAt[1]!;
    // … answers after the acceptance, with an outbox snapshot from before it
    st().linesLoaded([line(1), line(2)], [], at);
    expect(st().queued).toEqual({ 1: 21 });
    // a refresh asked after it, whose snapshot no longer lists the outbox item (pushed), drops it
    st().linesLoaded([line(2)], [], startedAt);
    expect(st().queued).toEqual({});
    expect(st().lines.map((l) => l.statementLineId)).toEqual([2]);
  });

  test('a queued line that no longer matches the journal/period/amount filters is not kept', () => {
    st().linesLoaded([line(1, 10, 1), line(2, 10, 2)], []);
    st().linesAccepted({ statementLineIds: [1], outboxIds: [31] });
    st().serverFiltersChanged({ journalId: 2 });
    st().linesLoaded([line(2, 10, 2)], [31], Number.POSITIVE_INFINITY);
    expect(st().lines.map((l) => l.statementLineId)).toEqual([2]);
    expect(st().server).toEqual({ journalId: 2 });
    st().serverFiltersChanged({ journalId: undefined, amountMin: 5 });
    expect(st().server).toEqual({ amountMin: 5 });
  });

  test('marks: toggled, cleared on acceptance', () => {
    st().linesLoaded([line(1), line(2)], []);
    st().markToggled(1);
    st().markToggled(2);
    st().markToggled(2);
    expect(st().marked).toEqual({ 1: true });
    st().linesAccepted({ statementLineIds: [1], outboxIds: [41] });
    expect(st().marked).toEqual({});
  });
});

test('a line being accepted survives a refresh that answers before the core confirms', () => {
  const s = () => useReconciliationStore.getState();
  useReconciliationStore.setState({ lines: [], queued: {}, queuedAt: {}, accepting: {}, marked: {}, acceptances: [], server: {}, selectedId: null });
  s().linesLoaded([line(1), line(2)], []);
  s().acceptingStarted([1]);
  // the core already queued line 1, so it no longer proposes it; the page has not heard back yet
  s().linesLoaded([line(2)], []);
  expect(s().lines.map((l) => l.statementLineId)).toEqual([1, 2]);
  s().linesAccepted({ statementLineIds: [1], outboxIds: [51] }, false);
  s().acceptingEnded([1]);
  expect(s().acceptances).toEqual([]);
  s().acceptanceRecorded({ statementLineIds: [1], outboxIds: [51] });
  expect(s().acceptances).toHaveLength(1);
  expect(s().queued).toEqual({ 1: 51 });
});
