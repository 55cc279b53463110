/**
 * The Odoo client for 16–19: JSON-RPC (`/jsonrpc`) for 16–18 and JSON-2 (`/json/2`) for 19+, typed
 * errors, retries that respect idempotency, bounded concurrency, and field adapters per version.
 */
export { createOdooClient, normaliseBaseUrl } from './client';
export { isMaybeCommitted } from './odoo-errors';
export { FIELD_RULES, createModelAdapter, type ModelAdapter, type LogicalField, type Alternative } from './field-map';
export { parseVersion, type ServerVersion } from './version';
export type {
  CallOptions,
  ConnectionInfo,
  Domain,
  DomainLeaf,
  DomainTerm,
  FieldsGetResult,
  MessagePostOptions,
  NameSearchOptions,
  NamedParams,
  OdooClient,
  OdooClientConfig,
  OdooContext,
  OdooProtocol,
  OdooRecord,
  Page,
  PageOptions,
  ReadGroupOptions,
  ReadGroupRow,
  RetryConfig,
  SearchReadOptions,
} from './types';
