import { beforeEach, describe, expect, test } from 'vitest';
import type { DocumentDetail, DocumentSummary } from './documents.api';
import { highlightRegion, useDocumentsStore } from './documents.store';
import { FIELD_ORDER } from './fields';

const doc = (id: number, extra: Partial<DocumentSummary> = {}): DocumentSummary => ({
  id,
  fileName: `${id}.pdf`,
  mime: 'application/pdf',
  sha256: 'x',
  size: 1,
  status: 'done',
  warnings: 0,
  createdAt: '2026-11-25T10:00:00Z',
  ...extra,
});

const box = (y: number) => ({ page: 1, box: { x: 0.1, y, w: 0.2, h: 0.02 } });

const detail = (id: number): DocumentDetail => ({
  summary: doc(id),
  extraction: {
    status: 'ok',
    method: 'text-layer',
    pageCount: 1,
    fields: { invoiceNumber: { value: 'A-1', confidence: 0.9, origin: 'text', source: box(0.2) }, amountTotal: { value: 10, confidence: 1, origin: 'text', source: box(0.6) } },
    lines: [{ description: 'x', amount: 10, source: box(0.4) }],
    warnings: [],
  },
  pages: [{ page: 1, width: 595, height: 842 }],
  vendor: { matchedBy: null, candidates: [] },
  po: null,
  duplicates: [],
  json: {} as DocumentDetail['json'],
  corrected: [],
});

beforeEach(() => useDocumentsStore.setState({ docs: [], selectedId: null, checked: {}, detail: null, fieldIndex: 0, hovered: null, hoveredLine: null }));

describe('documents store', () => {
  test('a list refresh keeps the selection, drops vanished checks, and keeps live progress the list lacks', () => {
    const s = useDocumentsStore.getState();
    s.docsLoaded([doc(3, { status: 'processing' }), doc(2), doc(1)]);
    expect(useDocumentsStore.getState().selectedId).toBe(3);
    s.selected(2);
    s.toggledChecked(1);
    s.toggledChecked(2);
    s.docChanged({ id: 3, status: 'processing', progress: { stage: 'ocr', page: 2, pages: 4 } });
    s.docsLoaded([doc(3, { status: 'processing' }), doc(2)]);
    const after = useDocumentsStore.getState();
    expect(after.selectedId).toBe(2);
    expect(after.checked).toEqual({ 2: true });
    expect(after.docs[0]!.progress).toEqual({ stage: 'ocr', page: 2, pages: 4 });
  });

  test('removing the selected document selects its neighbour', () => {
    const s = useDocumentsStore.getState();
    s.docsLoaded([doc(3), doc(2), doc(1)]);
    s.selected(2);
    s.docRemoved(2);
    expect(useDocumentsStore.getState().selectedId).toBe(1);
  });

  test('the highlight follows the hovered line, else the hovered field, else the keyboard cursor', () => {
    const d = detail(1);
    const cursor = FIELD_ORDER.indexOf('invoiceNumber');
    expect(highlightRegion(d, FIELD_ORDER, { hovered: null, hoveredLine: null, fieldIndex: cursor })).toEqual(box(0.2));
    expect(highlightRegion(d, FIELD_ORDER, { hovered: 'amountTotal', hoveredLine: null, fieldIndex: cursor })).toEqual(box(0.6));
    expect(highlightRegion(d, FIELD_ORDER, { hovered: 'amountTotal', hoveredLine: 0, fieldIndex: cursor })).toEqual(box(0.4));
    expect(highlightRegion(d, FIELD_ORDER, { hovered: 'vendorIban', hoveredLine: null, fieldIndex: cursor })).toBeNull();
    expect(highlightRegion(null, FIELD_ORDER, { hovered: null, hoveredLine: null, fieldIndex: 0 })).toBeNull();
  });
});
