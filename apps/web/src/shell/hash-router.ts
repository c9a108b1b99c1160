import { reactive } from 'vue';

/** A route read from `location.hash`: `#/monitor?instance=…` → path `monitor`, its query. */
export interface Route {
  path: string;
  query: URLSearchParams;
}

function parse(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = hash.split('?', 2);
  return { path: path || '', query: new URLSearchParams(search) };
}

/** The current route; views re-render when the hash changes. */
export const route = reactive<Route>(parse());

/** Asked before the hash route changes (a link, the back button); false keeps the user where they are. */
export type LeaveGuard = () => boolean;

const guards = new Set<LeaveGuard>();

/** Asks `guard` before every route change until the returned function is called. */
export function guardLeave(guard: LeaveGuard): () => void {
  guards.add(guard);
  return () => guards.delete(guard);
}

window.addEventListener('hashchange', (event) => {
  if ([...guards].some((guard) => !guard())) {
    history.replaceState(history.state, '', event.oldURL);
    return;
  }
  Object.assign(route, parse());
});

/** Goes to `#/<path>` (with its query); the same target again re-reads the route. */
export function navigate(path: string): void {
  const target = `#/${path}`;
  if (location.hash === target) Object.assign(route, parse());
  else location.hash = target;
}

/** `path?query` from the non-empty values. */
export function routeTo(path: string, values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
