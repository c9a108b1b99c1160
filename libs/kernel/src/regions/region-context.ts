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
  scope: RegionScope;
}

const storage = new AsyncLocalStorage<Holder>();

/**
 * The region context, the one place the caller's regions live: set for a request's handler from
 * the scope the auth guard found (`RegionScopeInterceptor`), for background work by
 * `run(SYSTEM_SCOPE, …)`, and applied to every connection the application checks out
 * (`settingsOf`). No scope, no rows.
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
