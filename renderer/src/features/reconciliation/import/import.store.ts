import { create } from 'zustand';
import { notifications } from '@mantine/notifications';
import { isClientError } from '../../../shared/api/client';
import { importStatement, previewStatement, type CsvMappingInput, type StatementImport, type StatementPreview } from '../reconciliation.api';
import { useLookupsStore } from '../lookups.store';
import { useReconciliationStore } from '../reconciliation.store';
import { effectiveColumns, fromDraft, toDraft, type MappingDraft } from './mapping';

export type UnknownAccount = { accounts: string[]; journals: { id: number; name: string; account?: string | null }[] };

export type ImportStep = 'closed' | 'reading' | 'journal' | 'mapping' | 'preview' | 'importing' | 'done';

type ImportState = {
  step: ImportStep;
  file: { name: string; size: number; base64: string } | null;
  preview: StatementPreview | null;
  /** the last successful preview's mapping info (columns, sample), kept while the user edits the mapping */
  columns: string[];
  sample: string[][];
  remembered: boolean;
  /** the mapping sent with the next preview and the import */
  mapping: CsvMappingInput | null;
  /** the mapping dialog's state (column positions), while the mapping step is shown */
  draft: MappingDraft | null;
  /** the account matches no bank journal: the user picks one */
  unknown: UnknownAccount | null;
  journalId: number | null;
  /** a refused file or mapping, in the core's words */
  error: string | null;
  busy: boolean;
  result: StatementImport | null;
};

const initial: ImportState = {
  step: 'closed',
  file: null,
  preview: null,
  columns: [],
  sample: [],
  remembered: false,
  mapping: null,
  draft: null,
  unknown: null,
  journalId: null,
  error: null,
  busy: false,
  result: null,
};

export const useImportStore = create<ImportState>()(() => initial);

const set = (patch: Partial<ImportState>) => useImportStore.setState(patch);
const get = () => useImportStore.getState();

/**
 * The currency a CSV without a currency column is in: the journal's (its own, else the one its lines in the
 * workbench are in). Shown in the mapping dialog, where the user can change it.
 */
function journalCurrency(journalId: number | null): string | undefined {
  if (journalId === null) return undefined;
  const j = useLookupsStore.getState().journals.find((x) => x.id === journalId);
  return j?.currency ?? useReconciliationStore.getState().lines.find((l) => l.journalId === journalId)?.currency;
}

function withCurrency(m: CsvMappingInput | null, journalId: number | null): CsvMappingInput | null {
  if (!m || m.currency || m.columns.currency !== undefined) return m;
  const currency = journalCurrency(journalId);
  return currency ? { ...m, currency } : m;
}

/** Base64 of a file's bytes, read in the page (the core parses them). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

/** A bank file of 45 MB is already a decade of CAMT: larger files are refused before reading. */
export const MAX_FILE_BYTES = 45 * 1024 * 1024;

let seq = 0;

/** Asks the core to read the file with the current journal and mapping; routes to the step the answer needs. */
async function runPreview(opts: { keepStep?: boolean } = {}): Promise<void> {
  const s = get();
  if (!s.file) return;
  const mine = ++seq;
  set({ busy: true });
  const ask = (journalId: number | null) =>
    previewStatement({
      fileName: s.file!.name,
      contentBase64: s.file!.base64,
      ...(journalId !== null ? { journalId } : {}),
      ...(s.mapping ? { csvMapping: s.mapping } : {}),
    });
  try {
    let p: StatementPreview;
    try {
      p = await ask(s.journalId);
    } catch (e) {
      // while the mapping is edited, a file whose account is unknown is still read for the live sample (with any
      // bank journal: only duplicates depend on the journal); the journal is asked for once the mapping is confirmed
      const first = isClientError(e) && e.code === 'statements/unknown-account' ? ((e.details ?? {}) as Partial<UnknownAccount>).journals?.[0] : undefined;
      if (!opts.keepStep || s.journalId !== null || !first) throw e;
      p = await ask(first.id);
      p = { ...p, journalId: null, journalMatch: null };
    }
    if (mine !== seq) return;
    // a CSV/XLSX export names no bank account: ask the journal first, its remembered mapping may then read the file
    if (!opts.keepStep && p.needsMapping && p.journalId === null && s.journalId === null && !s.mapping) {
      const journals = useLookupsStore.getState().journals.map((j) => ({ id: j.id, name: j.name, ...(j.account ? { account: j.account } : {}) }));
      if (journals.length > 0) {
        set({ busy: false, error: null, step: 'journal', unknown: { accounts: [], journals }, ...(p.mapping ? { columns: p.mapping.columns, sample: p.mapping.sample } : {}) });
        return;
      }
    }
    const mapping = s.mapping ?? withCurrency(p.mapping?.suggested ?? null, s.journalId ?? p.journalId);
    const columns = mapping ? effectiveColumns(mapping, p.mapping?.columns ?? s.columns, p.mapping?.sample ?? s.sample).names : [];
    const step: ImportStep = opts.keepStep ? get().step : p.needsMapping ? 'mapping' : 'preview';
    set({
      draft: step === 'mapping' ? (get().draft ?? (mapping ? toDraft(mapping, columns) : null)) : null,
      preview: p,
      error: null,
      busy: false,
      mapping,
      ...(p.mapping ? { columns: p.mapping.columns, sample: p.mapping.sample, remembered: p.mapping.remembered } : {}),
      journalId: s.journalId ?? p.journalId,
      step,
    });
  } catch (e) {
    if (mine !== seq) return;
    if (isClientError(e) && e.code === 'statements/unknown-account') {
      const d = (e.details ?? {}) as Partial<UnknownAccount>;
      set({ busy: false, error: null, step: 'journal', unknown: { accounts: d.accounts ?? [], journals: d.journals ?? [] } });
      return;
    }
    const message = isClientError(e) ? e.message : String(e);
    // a mapping being edited stays on its step with the message; a file that cannot be read at all shows it on the preview step
    set({ busy: false, error: message, ...(opts.keepStep ? {} : { step: get().step === 'mapping' ? 'mapping' : 'preview', preview: null }) });
  }
}

export async function openStatementFile(file: File): Promise<void> {
  seq++;
  useImportStore.setState({ ...initial, step: 'reading', file: { name: file.name, size: file.size, base64: '' } });
  if (file.size === 0) {
    set({ step: 'preview', error: `${file.name} is empty.` });
    return;
  }
  if (file.size > MAX_FILE_BYTES) {
    set({ step: 'preview', error: `${file.name} is ${(file.size / 1024 / 1024).toFixed(0)} MB; statement files over 45 MB are not accepted. Split it by period.` });
    return;
  }
  try {
    const base64 = await fileToBase64(file);
    set({ file: { name: file.name, size: file.size, base64 } });
  } catch (e) {
    set({ step: 'preview', error: `${file.name} could not be read: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  await runPreview();
}

export async function journalChosen(journalId: number): Promise<void> {
  set({ journalId });
  await runPreview();
}

/** The dialog's mapping changed: a live preview of the first lines (the step stays). */
let mappingTimer: ReturnType<typeof setTimeout> | null = null;
export function draftChanged(draft: MappingDraft): void {
  const mapping = fromDraft(draft, effectiveColumns(draft.base, get().columns, get().sample).names);
  set({ draft, ...(mapping ? { mapping } : {}) });
  if (mappingTimer) clearTimeout(mappingTimer);
  if (!mapping) return;
  mappingTimer = setTimeout(() => {
    mappingTimer = null;
    void runPreview({ keepStep: true });
  }, 250);
}

export function editMapping(): void {
  const s = get();
  set({ step: 'mapping', draft: s.mapping ? toDraft(s.mapping, effectiveColumns(s.mapping, s.columns, s.sample).names) : null });
}

export async function mappingConfirmed(): Promise<void> {
  if (mappingTimer) {
    clearTimeout(mappingTimer);
    mappingTimer = null;
  }
  await runPreview();
}

export async function confirmImport(): Promise<StatementImport | null> {
  const s = get();
  if (!s.file || s.journalId === null) return null;
  set({ step: 'importing', busy: true });
  try {
    const r = await importStatement({
      fileName: s.file.name,
      contentBase64: s.file.base64,
      journalId: s.journalId,
      ...(s.mapping && s.preview?.mapping ? { csvMapping: s.mapping } : {}),
    });
    set({ step: 'done', busy: false, result: r });
    notifications.show({
      color: r.imported > 0 ? 'green' : 'gray',
      title: r.imported > 0 ? `${r.imported} bank line${r.imported === 1 ? '' : 's'} imported` : 'Nothing new to import',
      message:
        (r.duplicates > 0 ? `${r.duplicates} already imported, skipped. ` : '') +
        (r.imported > 0 ? 'They reach Odoo on the next push and appear here with their proposals after it.' : ''),
    });
    return r;
  } catch (e) {
    set({ step: 'preview', busy: false, error: isClientError(e) ? e.message : String(e) });
    return null;
  }
}

export function closeImport(): void {
  seq++;
  if (mappingTimer) clearTimeout(mappingTimer);
  useImportStore.setState(initial);
}
