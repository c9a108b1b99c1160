/** A route read from `location.hash`: `#/monitor?instance=…` → path `monitor`, its query. */
export interface Route {
  path: string;
  query: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = hash.split('?', 2);
  return { path: path || '', query: new URLSearchParams(search) };
}

export function navigate(path: string): void {
  const target = `#/${path}`;
  if (location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = target;
}

export function onRouteChange(listener: (route: Route) => void): void {
  window.addEventListener('hashchange', () => listener(currentRoute()));
}
