import { notifications } from '@mantine/notifications';
import { navigate } from '../../app/route.store';
import { isClientError } from '../../shared/api/client';
import { watchJob } from '../jobs/useJobsFeed';
import {
  addDocuments,
  cancelDocument,
  choosePartner,
  correctField,
  correctLines,
  createBill,
  getDocument,
  listDocuments,
  listVendors,
  pushOutbox,
  removeDocument,
  retryDocument,
  setVendorAutoDraft,
  type CreateBillInput,
  type DocExtractedLine,
  type DocFieldName,
  type DocumentSummary,
  type FieldValue,
} from './documents.api';
import { useDocumentsStore } from './documents.store';
import { FIELD_ORDER, isClean } from './fields';
import { fileToBase64, screenFiles } from './intake';

const state = () => useDocumentsStore.getState();
const messageOf = (e: unknown): string => (isClientError(e) || e instanceof Error ? e.message : String(e));

let listSeq = 0;

/** Re-reads the queue (after events, on opening the page). An older answer never overwrites a newer one. */
export async function refreshDocuments(): Promise<void> {
  const seq = ++listSeq;
  try {
    const docs = await listDocuments();
    if (seq === listSeq) state().docsLoaded(docs);
  } catch (e) {
    if (seq === listSeq) state().loadFailed(messageOf(e));
  }
}

let detailSeq = 0;

/** Loads the selected document's detail (extraction, vendor, PO, duplicates). */
export async function refreshDetail(id = state().selectedId): Promise<void> {
  if (id === null) return;
  const seq = ++detailSeq;
  try {
    const detail = await getDocument(id);
    if (seq === detailSeq) state().detailLoaded(detail);
  } catch (e) {
    if (seq === detailSeq) state().detailFailed(id, messageOf(e));
  }
}

export async function refreshVendors(): Promise<void> {
  try {
    state().vendorsLoadedOk(await listVendors());
  } catch (e) {
    state().vendorsFailed(messageOf(e));
  }
}

/**
 * Queues dropped or picked files: screens them (type, size), reads them, adds them in one call, opens the
 * Documents page on the first new one, and says what was refused or already known.
 */
export async function addFiles(files: readonly File[]): Promise<void> {
  const { accepted, rejected } = screenFiles(files);
  if (rejected.length > 0) {
    notifications.show({
      color: 'orange',
      title: rejected.length === 1 ? `${rejected[0]!.name} was not added` : `${rejected.length} files were not added`,
      message: rejected
        .slice(0, 4)
        .map((r) => `${r.name}: ${r.reason}`)
        .join('\n') + (rejected.length > 4 ? `\n… and ${rejected.length - 4} more` : ''),
      autoClose: 8000,
    });
  }
  if (accepted.length === 0) return;
  const id = notifications.show({ loading: true, title: `Adding ${accepted.length} file${accepted.length === 1 ? '' : 's'}…`, message: 'Reading the files', autoClose: false });
  try {
    const payload = await Promise.all(accepted.map(async (f) => ({ fileName: f.name, contentBase64: await fileToBase64(f) })));
    const { documents } = await addDocuments(payload);
    const known = documents.filter((d) => d.duplicateOf !== undefined);
    notifications.update({
      id,
      loading: false,
      color: 'teal',
      title: `${documents.length - known.length} document${documents.length - known.length === 1 ? '' : 's'} queued`,
      message: known.length > 0 ? `${known.length} ${known.length === 1 ? 'was' : 'were'} already in the queue (same content).` : 'Extraction runs in the background.',
      autoClose: 4000,
    });
    navigate('documents');
    state().added(documents.map((d) => d.id));
    state().tabChosen('queue');
    await refreshDocuments();
    const first = documents[0];
    if (first) state().selected(first.duplicateOf ?? first.id);
  } catch (e) {
    notifications.update({ id, loading: false, color: 'red', title: 'The files could not be added', message: messageOf(e), autoClose: false });
  }
}

const visibleDocs = (): DocumentSummary[] => state().docs;

export function moveSelection(delta: number): void {
  const docs = visibleDocs();
  if (docs.length === 0) return;
  const at = docs.findIndex((d) => d.id === state().selectedId);
  const next = at < 0 ? 0 : Math.min(docs.length - 1, Math.max(0, at + delta));
  state().selected(docs[next]!.id);
}

export function moveField(delta: number): void {
  const s = state();
  const next = Math.min(FIELD_ORDER.length - 1, Math.max(0, s.fieldIndex + delta));
  s.fieldMoved(next);
}

export function editCurrentField(): void {
  const s = state();
  const field = FIELD_ORDER[s.fieldIndex];
  if (field && s.detail?.extraction) s.editStarted(field);
}

/** Saves a correction; the answer is the whole refreshed detail (vendor and PO checks may change with it). */
export async function saveField(field: DocFieldName, value: FieldValue): Promise<boolean> {
  const id = state().detail?.summary.id;
  if (id === undefined) return false;
  try {
    state().detailLoaded(await correctField(id, field, value));
    return true;
  } catch {
    // reported by the client
    return false;
  }
}

export async function saveLines(lines: DocExtractedLine[]): Promise<boolean> {
  const id = state().detail?.summary.id;
  if (id === undefined) return false;
  try {
    state().detailLoaded(await correctLines(id, lines));
    return true;
  } catch {
    return false;
  }
}

export async function pickPartner(partnerId: number): Promise<void> {
  const id = state().detail?.summary.id;
  if (id === undefined) return;
  try {
    state().detailLoaded(await choosePartner(id, partnerId));
  } catch {
    // reported by the client
  }
}

export async function cancel(id: number): Promise<void> {
  try {
    state().docUpdated(await cancelDocument(id));
  } catch {
    // reported by the client
  }
}

export async function retry(id: number): Promise<void> {
  try {
    state().docUpdated(await retryDocument(id));
    if (state().selectedId === id) void refreshDetail(id);
  } catch {
    // reported by the client
  }
}

export async function remove(id: number): Promise<void> {
  try {
    const r = await removeDocument(id);
    if (r.removed) state().docRemoved(id);
    void refreshDetail();
  } catch {
    // reported by the client
  }
}

export type BillOutcome = { ok: true; outboxId: number } | { ok: false; code: string; message: string };

/** Queues the draft bill (→ outbox). The caller decides about duplicates and unknown vendors first. */
export async function draftBill(input: CreateBillInput): Promise<BillOutcome> {
  try {
    const r = await createBill(input);
    state().docUpdated(r.summary);
    if (state().selectedId === input.id) void refreshDetail(input.id);
    return { ok: true, outboxId: r.outboxId };
  } catch (e) {
    return { ok: false, code: isClientError(e) ? e.code : 'app/internal', message: messageOf(e) };
  }
}

/** shift+b: draft bills for the checked documents that need no decision; says how many were skipped and why. */
export async function draftCheckedBills(): Promise<void> {
  const s = state();
  const chosen = s.docs.filter((d) => s.checked[d.id]);
  if (chosen.length === 0) {
    notifications.show({ color: 'gray', title: 'Nothing selected', message: 'Press X on documents to select them for a batch, then Shift+B.' });
    return;
  }
  const clean = chosen.filter(isClean);
  let made = 0;
  const failed: string[] = [];
  for (const d of clean) {
    const r = await draftBill({ id: d.id });
    if (r.ok) made += 1;
    else failed.push(`${d.fileName}: ${r.message}`);
  }
  const skipped = chosen.length - clean.length;
  state().checkedCleared();
  notifications.show({
    color: failed.length > 0 ? 'orange' : made > 0 ? 'teal' : 'gray',
    title: `${made} draft bill${made === 1 ? '' : 's'} queued`,
    message: [
      skipped > 0 ? `${skipped} skipped: they need a review (vendor, duplicate, warning or not extracted).` : null,
      ...failed.slice(0, 3),
      made > 0 ? 'Push the outbox to create them in Odoo.' : null,
    ]
      .filter(Boolean)
      .join('\n'),
  });
}

export async function pushBills(): Promise<string | null> {
  try {
    const { jobId } = await pushOutbox();
    watchJob(jobId);
    return jobId;
  } catch {
    return null;
  }
}

export async function toggleAutoDraft(partnerId: number, autoDraft: boolean): Promise<void> {
  try {
    state().vendorUpdated(await setVendorAutoDraft(partnerId, autoDraft));
  } catch {
    // reported by the client
  }
}
