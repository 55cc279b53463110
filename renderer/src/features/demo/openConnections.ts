import { navigate } from '../../app/route.store';
import { useConnectionsStore } from '../connections/connections.store';

/** Settings → Connections, with the "add" form open: the one click from the demo company to your own Odoo. */
export function openConnections(opts: { add?: boolean } = {}): void {
  navigate('settings');
  if (opts.add) useConnectionsStore.getState().editorOpened({ mode: 'add' });
  // after the page rendered
  requestAnimationFrame(() => document.getElementById('connections')?.scrollIntoView({ block: 'start', behavior: 'smooth' }));
}
