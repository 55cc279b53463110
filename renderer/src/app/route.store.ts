import { create } from 'zustand';
import { hashFor, routeFromHash, type RouteId } from './routes';

type RouteState = {
  route: RouteId;
  routeChanged(route: RouteId): void;
};

/**
 * The current page, mirrored from `location.hash` so every page has a shareable address (`#/dashboards`)
 * and back/forward work. A router library would be more than four pages need.
 */
export const useRouteStore = create<RouteState>()((set) => ({
  route: routeFromHash(window.location.hash),
  routeChanged: (route) => set({ route }),
}));

export function navigate(route: RouteId): void {
  const hash = hashFor(route);
  if (window.location.hash !== hash) window.location.hash = hash;
  useRouteStore.getState().routeChanged(route);
}

/** Starts following the address bar; returns the unsubscribe. */
export function followLocationHash(): () => void {
  const onHash = () => {
    const route = routeFromHash(window.location.hash);
    // canonical address for what is shown (`/` → `#/reconciliation`), without adding a history entry
    if (window.location.hash !== hashFor(route)) window.history.replaceState(window.history.state, '', hashFor(route));
    useRouteStore.getState().routeChanged(route);
  };
  window.addEventListener('hashchange', onHash);
  onHash();
  return () => window.removeEventListener('hashchange', onHash);
}
