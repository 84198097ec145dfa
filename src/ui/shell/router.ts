/**
 * Hash routing: the fragment never reaches a server, which also keeps invite secrets out of logs.
 * Routes: #/home, #/people, #/people/<id>, #/map, #/surveys, #/sharing, #/activity/<deviceId>,
 * #/snapshots, #/settings, #/join/<payload>.
 */
import { createSignal } from 'solid-js';

export interface Route {
  name: string;
  params: string[];
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(safeDecode);
  const [name = 'home', ...params] = parts;
  return { name, params };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const [route, setRoute] = createSignal<Route>(parseRoute(globalThis.location?.hash ?? ''));
globalThis.addEventListener?.('hashchange', () => setRoute(parseRoute(location.hash)));

export { route };

export function navigate(path: string): void {
  location.hash = `#/${path.replace(/^\/+/, '')}`;
}

export function href(path: string): string {
  return `#/${path.replace(/^\/+/, '')}`;
}
