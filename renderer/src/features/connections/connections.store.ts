import { create } from 'zustand';
import type { Connection } from '../../../../core/contract';
import { isClientError } from '../../shared/api/client';
import { listConnections, type ConnectionsList } from './connections.api';

type EditorState = { mode: 'closed' } | { mode: 'add' } | { mode: 'edit'; connection: Connection };

type ConnectionsState = {
  connections: Connection[];
  vault: ConnectionsList['vault'] | null;
  loadError: string | null;
  loaded: boolean;
  editor: EditorState;
  connectionsLoaded(list: ConnectionsList): void;
  connectionsFailed(message: string): void;
  editorOpened(editor: Exclude<EditorState, { mode: 'closed' }>): void;
  editorClosed(): void;
};

export const useConnectionsStore = create<ConnectionsState>()((set) => ({
  connections: [],
  vault: null,
  loadError: null,
  loaded: false,
  editor: { mode: 'closed' },
  connectionsLoaded: (list) => set({ connections: list.connections, vault: list.vault, loadError: null, loaded: true }),
  connectionsFailed: (message) => set({ loadError: message, loaded: true }),
  editorOpened: (editor) => set({ editor }),
  editorClosed: () => set({ editor: { mode: 'closed' } }),
}));

export async function refreshConnections(): Promise<void> {
  try {
    useConnectionsStore.getState().connectionsLoaded(await listConnections());
  } catch (e) {
    useConnectionsStore.getState().connectionsFailed(isClientError(e) ? e.message : String(e));
  }
}
