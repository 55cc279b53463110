export { startSimServer } from './server';
export type { SimServer, StartSimServerOptions } from './server';
export { createSimHandler } from './handler';
export type { SimHandler, SimHandlerOptions, SimHandlerStats, SimHttpRequest, SimHttpResponse } from './handler';
export { createFaultEngine, isWriteMethod, scopeMatches } from './faults';
export type {
  BeforeCallHook,
  FaultConfig,
  FaultController,
  FaultCounts,
  FaultEvent,
  FaultKind,
  FaultRoute,
  FaultScope,
  HttpGatewayStatus,
} from './faults';
export { WireError, errorData, json2Status, rpcError, rpcResult } from './envelopes';
export type { OdooErrorData } from './envelopes';
export type { SessionStore, SimSession } from './sessions';
