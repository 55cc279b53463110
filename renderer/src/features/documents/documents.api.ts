import type {
  CallInput,
  CallOutput,
  DocExtractedLine,
  DocFieldName,
  DocumentDetail,
  DocumentStatus,
  DocumentSummary,
  EventPayload,
  VendorStats,
} from '../../../../core/contract';
import { getClient } from '../../shared/api/client';

export type { DocExtractedLine, DocFieldName, DocumentDetail, DocumentStatus, DocumentSummary, VendorStats };
export type AddedDocument = CallOutput<'documents:add'>['documents'][number];
export type CreateBillInput = CallInput<'documents:create-bill'>;
export type FieldValue = string | number | null;

export const addDocuments = (files: { fileName: string; contentBase64: string }[]): Promise<CallOutput<'documents:add'>> =>
  getClient().invoke('documents:add', { files });
export const listDocuments = (limit = 2000): Promise<DocumentSummary[]> =>
  getClient()
    .invoke('documents:list', { limit }, { report: false })
    .then((r) => r.documents);
export const getDocument = (id: number): Promise<DocumentDetail> => getClient().invoke('documents:get', { id }, { report: false });
export const getDocumentFile = (id: number): Promise<CallOutput<'documents:file'>> => getClient().invoke('documents:file', { id }, { report: false });
export const correctField = (id: number, field: DocFieldName, value: FieldValue): Promise<DocumentDetail> =>
  getClient().invoke('documents:correct', { id, field, value });
export const correctLines = (id: number, lines: DocExtractedLine[]): Promise<DocumentDetail> => getClient().invoke('documents:correct', { id, lines });
export const choosePartner = (id: number, partnerId: number): Promise<DocumentDetail> => getClient().invoke('documents:correct', { id, partnerId });
export const cancelDocument = (id: number): Promise<DocumentSummary> => getClient().invoke('documents:cancel', { id });
export const retryDocument = (id: number): Promise<DocumentSummary> => getClient().invoke('documents:retry', { id });
export const removeDocument = (id: number): Promise<CallOutput<'documents:remove'>> => getClient().invoke('documents:remove', { id });
/** `report: false`: a duplicate refusal is answered in the page (with "create anyway"), not as a toast. */
export const createBill = (input: CreateBillInput): Promise<CallOutput<'documents:create-bill'>> =>
  getClient().invoke('documents:create-bill', input, { report: false });
export const listVendors = (): Promise<VendorStats[]> =>
  getClient()
    .invoke('documents:vendors', {}, { report: false })
    .then((r) => r.vendors);
export const setVendorAutoDraft = (partnerId: number, autoDraft: boolean): Promise<VendorStats> => getClient().invoke('documents:vendor-set', { partnerId, autoDraft });
export const pushOutbox = (): Promise<CallOutput<'outbox:push'>> => getClient().invoke('outbox:push', {});
export const onDocumentChanged = (l: (p: EventPayload<'documents:changed'>) => void): (() => void) => getClient().on('documents:changed', l);
export const onOutboxChanged = (l: (p: EventPayload<'outbox:changed'>) => void): (() => void) => getClient().on('outbox:changed', l);
