import type { Bridge } from '../../../../core/contract';

declare global {
  interface Window {
    /**
     * Set by Electron's preload (contextBridge). Absent when the renderer is served by the Node host,
     * where the client talks HTTP + WebSocket instead.
     */
    readonly smartOdoo?: Bridge;
  }
}

export {};
