import type { ApiClient } from '../api/api-client';
import type { Session } from '../session/session.store';

/** What every page gets: the API, the session and the query of its hash route. */
export interface PageContext {
  api: ApiClient;
  session: Session;
  query: URLSearchParams;
  navigate(path: string): void;
}

/** Undoes what a page set up (a bpmn-js instance, timers) when the route changes. */
export type Teardown = () => void;

/** A page of the UI, reachable at `#/<path>` by users with one of `roles` (any signed-in user when empty). */
export interface PageDefinition {
  path: string;
  title: string;
  roles: string[];
  render(root: HTMLElement, ctx: PageContext): Promise<Teardown | void>;
}
