import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The regions a unit of work acts in: where its new rows go (`home`), which rows it reads and
 * writes (`regions`, or `'all'` for the system), and whose catalogue rows it inherits (`inherited`,
 * the ancestors of its regions).
 */
export interface RegionScope {
  home: string | null;
  regions: readonly string[] | 'all';
  inherited: readonly string[];
}

/** The root region: the whole installation; it owns the data written before regions existed and the national calendar. */
export const ROOT_REGION = 'cn';

/** What the database sees of a scope: the values of `tongban.region`, `tongban.regions` and `tongban.inherited`. */
export interface RegionSettings {
  region: string;
  regions: string;
  inherited: string;
}

/** The installation's scope: every region, writing in the root (start-up, seeders, the public sign-in routes). */
export const ROOT_SCOPE: RegionScope = Object.freeze({ home: ROOT_REGION, regions: 'all', inherited: [] });

/** The system's scope (workers, timers, the outbox relay, start-up): every region; rows of a case are written in its region. */
export const SYSTEM_SCOPE: RegionScope = Object.freeze({ home: null, regions: 'all', inherited: [] });

interface Holder {
  scope: RegionScope | undefined;
  /** A request's holder (`runRequest`): the one `assign` may set, once; the request it handles. */
  request?: object;
}

const storage = new AsyncLocalStorage<Holder>();

/**
 * The region context, the one place the caller's regions live: set for a request by the auth guard
 * (`assign`, in the request `runRequest` started), for background work by `run(SYSTEM_SCOPE, …)`,
 * and applied to every connection the application checks out (`settingsOf`). No scope, no rows.
 */
export const regionContext = {
  /** Runs `fn` with `scope`; everything it awaits sees it. */
  run<T>(scope: RegionScope, fn: () => T): T {
    return storage.run({ scope }, fn);
  },
  /** Runs `fn` in the system's scope (all regions; new rows in `home`, none when absent). */
  runAsSystem<T>(fn: () => T, home: string | null = null): T {
    return storage.run({ scope: home === null ? SYSTEM_SCOPE : { ...SYSTEM_SCOPE, home } }, fn);
  },
  /**
   * Runs `fn`, the handling of `request`, in no scope until `assign` gives the request the scope
   * its credentials found; from then on everything of the request sees that scope, and
   * `currentRequest()` the request (what its log lines name it by).
   */
  runRequest<T>(fn: () => T, request: object = {}): T {
    return storage.run({ scope: undefined, request }, fn);
  },
  /** The request being handled (`runRequest`), where code runs for one. */
  currentRequest(): object | undefined {
    return storage.getStore()?.request;
  },
  /**
   * Gives the request being handled (`runRequest`) its scope. Throws when called outside a request or
   * inside a scope of its own (`run`, `runAsSystem`), and when the request already has a scope: a
   * request acts in one scope only.
   */
  assign(scope: RegionScope): void {
    const holder = storage.getStore();
    if (!holder?.request) throw new Error('regionContext.assign outside a request: the server does not run its requests in regionContext.runRequest');
    if (holder.scope && holder.scope !== scope) throw new Error('regionContext.assign: this request already acts in a region scope');
    holder.scope = scope;
  },
  /** Runs `fn` in no scope at all (what it starts, e.g. a server's requests, reads no row unless given one). */
  outside<T>(fn: () => T): T {
    return storage.exit(fn);
  },
  current(): RegionScope | undefined {
    return storage.getStore()?.scope;
  },
  settingsOf(scope: RegionScope | undefined): RegionSettings {
    if (!scope) return { region: '', regions: '', inherited: '' };
    return { region: scope.home ?? '', regions: scope.regions === 'all' ? '*' : scope.regions.join(','), inherited: scope.inherited.join(',') };
  },
};
